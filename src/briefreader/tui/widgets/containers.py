"""Containers drawn one line at a time: every line of a plain container is the same.

A container's own lines are its background (a blank content line) with its side borders,
side padding and line filters; Textual styles each of them on its own (~40 µs a line,
a 38-row pane 1.5 ms of the first frame, and most of it is covered by the children
anyway). When nothing differs from line to line — no top or bottom border or outline,
no top or bottom padding, content that Textual draws as a blank — :class:`UniformLines`
has Textual draw the first line asked for and repeats it. ``tests/ui/test_containers.py``
checks the lines equal Textual's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Horizontal, Vertical
from textual.geometry import Region
from textual.renderables.blank import Blank

if TYPE_CHECKING:
    from textual.strip import Strip
    from textual.widget import Widget

    _Base = Widget
else:
    _Base = object  # a plain mixin: no CSS type of its own

__all__ = ["Column", "Row", "UniformLines", "uniform_lines"]


def uniform_lines(widget: Widget) -> bool:
    """Whether every line of ``widget``'s own rendering is the same (read each time:
    inline styles change without a restyle)."""
    styles = widget.styles
    (top, _), _, (bottom, _), _ = styles.border
    (outline_top, _), _, (outline_bottom, _), _ = styles.outline
    padding = styles.padding
    return (
        not (top or bottom or outline_top or outline_bottom)
        and not (padding.top or padding.bottom)
        # its content a blank (not a keyline, not the screen below a translucent screen)
        and isinstance(widget.render(), Blank)
    )


class UniformLines(_Base):
    """Mixin for a container with Textual's own content (its background): one line
    rendered, repeated, when the lines are all alike (see the module docstring)."""

    def render_lines(self, crop: Region) -> list[Strip]:
        if crop.height <= 1 or not uniform_lines(self):
            return super().render_lines(crop)
        line = super().render_lines(Region(crop.x, crop.y, crop.width, 1))
        return line * crop.height


class Row(UniformLines, Horizontal):
    """A :class:`~textual.containers.Horizontal` drawn one line at a time."""


class Column(UniformLines, Vertical):
    """A :class:`~textual.containers.Vertical` drawn one line at a time."""
