"""The article's resolved styles: its own, each component class's, and their compositions.

Resolving a component class walks the widget's styles (tens of µs); a paragraph line
composes a few of them per span. :class:`ArticleStyles` resolves each once and keeps it
until the widget is restyled (:meth:`ArticleStyles.clear`), so drawing a line costs dict
look-ups only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style

if TYPE_CHECKING:
    from textual.widget import Widget

__all__ = ["ArticleStyles"]


class ArticleStyles:
    """Styles resolved for one widget, kept until :meth:`clear`."""

    def __init__(self, widget: Widget) -> None:
        self._widget = widget
        self._cache: dict[object, Style] = {}

    def clear(self) -> None:
        """Forget every resolved style (the widget was restyled)."""
        self._cache.clear()

    def same_base(self) -> bool:
        """Whether the widget's own style is still the one lines were drawn with."""
        return self._cache.get(None) == self._widget.rich_style

    @property
    def base(self) -> Style:
        """The widget's own (Rich) style."""
        style = self._cache.get(None)
        if style is None:
            style = self._cache[None] = self._widget.rich_style
        return style

    def component(self, name: str) -> Style:
        """A component's own style, with colours resolved (alpha blended) where it sets them."""
        style = self._cache.get(name)
        if style is None:
            widget = self._widget
            partial = widget.get_component_rich_style(name, partial=True)
            full = widget.get_component_rich_style(name)
            style = partial + Style(
                color=full.color if partial.color else None,
                bgcolor=full.bgcolor if partial.bgcolor else None,
            )
            self._cache[name] = style
        return style

    def compose(self, base: Style, names: tuple[str, ...]) -> Style:
        """``base`` with the components ``names`` over it, in order."""
        key = (base, names)
        style = self._cache.get(key)
        if style is None:
            style = Style.combine([base, *map(self.component, names)])
            self._cache[key] = style
        return style
