"""Cheaper restyles on focus changes (every Tab) for widgets with component classes.

Textual restyles a widget on each focus and blur and, doing so, resolves every one
of its component classes again (a virtual node and a stylesheet pass each). Most of
them look the same focused or not: only those named by a rule that also has a
``:focus`` / ``:focus-within`` pseudo-class can change. :class:`FocusRestyle`
re-resolves only those on a focus change (the others keep their styles) and sets
:attr:`FocusRestyle.focus_restyle` meanwhile, so a widget's ``notify_style_update``
can keep what focus cannot have changed.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING, Self

from textual.dom import DOMNode, NoScreen
from textual.geometry import Region

from ..textual_private import component_styles, mark_dirty
from .lazy_components import LazyComponents

if TYPE_CHECKING:
    from textual.widget import Widget

    _Base = Widget
else:
    _Base = object  # a plain mixin: no CSS type of its own

__all__ = ["FocusKeepsLines", "FocusRestyle", "focus_components"]

_FOCUS = ("focus", "focus-within")
_cache: dict[type, tuple[object, frozenset[str]]] = {}


def focus_components(node: DOMNode, components: frozenset[str]) -> frozenset[str]:
    """Those of ``components`` named by a stylesheet rule with a focus pseudo-class."""
    rules_map = node.app.stylesheet.rules_map
    cached = _cache.get(type(node))
    if cached is not None and cached[0] is rules_map:
        return cached[1]
    found = frozenset(
        name
        for name in components
        if any(not rule.pseudo_classes.isdisjoint(_FOCUS) for rule in rules_map.get(f".{name}", ()))
    )
    _cache[type(node)] = (rules_map, found)
    return found


class FocusRestyle(LazyComponents):
    """Mixin for a widget: on focus changes re-resolve only the component classes that a
    rule styles under focus (see the module docstring); and only those asked for so far
    (:class:`~.lazy_components.LazyComponents`)."""

    focus_restyle = False
    """True while the widget is being restyled for a focus change."""

    def watch_has_focus(self, has_focus: bool) -> None:
        styles_now = component_styles(self)
        saved = dict(styles_now)
        background = self.background_colors
        self.focus_restyle = True
        try:
            super().watch_has_focus(has_focus)
        finally:
            self.focus_restyle = False
            styles_now = component_styles(self)
            for name, styles in saved.items():  # the ones skipped keep their styles
                styles_now.setdefault(name, styles)
        if self.background_colors != background:  # e.g. a focus tint
            self._repaint_scrollbars()

    def _repaint_scrollbars(self) -> None:
        """Scrollbars are drawn on this widget's background: drop their drawn lines. The
        widget itself is repainted whole on focus and blur (Textual's ``_on_focus`` /
        ``_on_blur``), and that region covers them, so they are redrawn in that frame
        (``ScrollBar.refresh`` would repaint them again in a frame of their own)."""
        if self.show_vertical_scrollbar:
            mark_dirty(self.vertical_scrollbar)  # what refresh() marks, without its Update
        if self.show_horizontal_scrollbar:
            mark_dirty(self.horizontal_scrollbar)

    def _get_component_classes(self) -> frozenset[str]:  # type: ignore[override]
        # overrides a private Textual method (see tui/textual_private.py)
        components: frozenset[str] = super()._get_component_classes()  # those asked for
        if self.focus_restyle:
            return focus_components(self, self.declared_components()) & components
        return components


class FocusKeepsLines(_Base):
    """Mixin for a widget that focus may leave looking the same (a Tab to or from it then
    repaints only the other pane): Textual repaints the whole widget in ``focus()``, and
    again in its focus and blur handlers right after the restyle. Here ``focus()`` does
    not (the restyle repaints what focus changes), and after the widget has called
    :meth:`keep_lines_on_focus` from its ``notify_style_update`` the handler's repaint
    of the whole widget is skipped (only within that handler)."""

    _focus_kept = False

    def keep_lines_on_focus(self) -> None:
        """Focus changed nothing drawn here: skip the repaint the focus handler asks next."""
        self._focus_kept = True
        self.call_next(self._end_focus_kept)

    def _end_focus_kept(self) -> None:
        self._focus_kept = False

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        if self._focus_kept and not regions and repaint and not layout and not recompose:
            self._focus_kept = False  # the focus handler's repaint of an unchanged widget
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def focus(self, scroll_visible: bool = True) -> Self:
        """Textual's ``focus()`` without its whole-widget repaint up front."""

        def set_focus(widget: Widget) -> None:
            with suppress(NoScreen):
                widget.screen.set_focus(widget, scroll_visible=scroll_visible)

        self.app.call_later(set_focus, self)
        return self
