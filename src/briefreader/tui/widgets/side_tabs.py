"""The side area's tabs (narrow and tiny layouts), without the underline's slide.

Textual's :class:`~textual.widgets.Tabs` slides the underline to the new tab over
0.3 s: ~18 extra frames after every ``Tab`` or ``1``-``4`` in the narrow layout, so
the screen settled 0.3-0.4 s after the key instead of in its first frame. Here the
underline moves at once; everything else is Textual's.
"""

from __future__ import annotations

from textual.widgets import Tabs

__all__ = ["SideTabs"]


class SideTabs(Tabs):
    def _highlight_active(self, animate: bool = True) -> None:
        # overrides a private Textual method (see tui/textual_private.py)
        super()._highlight_active(animate=False)
