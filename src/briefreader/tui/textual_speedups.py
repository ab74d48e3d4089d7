"""One repaint Textual 8 (8.2.8) does for nothing on every focus change.

``ScrollbarColorProperty.__set__`` repaints the widget's scrollbars whenever a
scrollbar colour rule is *assigned*, changed or not; a restyle assigns every rule,
and a widget is restyled on each focus and blur (Tab). So every Tab repainted the
scrollbars of the two panes concerned (~100 lines of scrollbar, a few ms) in a frame
of their own, after the panes' frame. Here, while a
:class:`~.widgets.focus_restyle.FocusRestyle` widget is restyled for focus, its
scrollbars are repainted only when a colour really changed (the colour itself still
goes through Textual's own setter); the widget repaints them itself, in the same frame,
when its background changes (a scrollbar is drawn on its parent's background). Every
other widget keeps Textual's behaviour.

:func:`apply` is idempotent; :mod:`.textual_fixes` calls it.
"""

from __future__ import annotations

from typing import Any

_APPLIED = False


def _set_scrollbar_color(self: Any, obj: Any, color: Any) -> None:
    from textual.css._style_properties import ColorProperty
    from textual.widget import Widget

    before = obj.get_rule(self.name)
    ColorProperty.__set__(self, obj, color)
    widget = obj.node
    if getattr(widget, "focus_restyle", False) and obj.get_rule(self.name) == before:
        return  # unchanged, and the widget repaints its scrollbars if its background changed
    if isinstance(widget, Widget):
        if widget.show_horizontal_scrollbar:
            widget.horizontal_scrollbar.refresh()
        if widget.show_vertical_scrollbar:
            widget.vertical_scrollbar.refresh()


def apply() -> None:
    global _APPLIED
    if _APPLIED:
        return
    from textual.css._style_properties import ScrollbarColorProperty

    ScrollbarColorProperty.__set__ = _set_scrollbar_color  # type: ignore[method-assign]
    _APPLIED = True
