"""Scrollbars drawn as Textual Visuals from a cache, not through Rich.

Textual draws a scrollbar with :class:`~textual.scrollbar.ScrollBarRender`, a Rich
renderable: every repaint (each time the thumb moves, i.e. on every page key) goes
through Rich's console and line splitting, ~15 µs a line (a 38-line article scrollbar
~0.6 ms, before Textual's per-line styling). :class:`CachedScrollBarRender` is the same
renderer (the same ``render_bar`` segments, the same styles) made a
:class:`~textual.visual.Visual`: its lines come straight from the segments, cached by
everything they depend on, so a thumb that returns to a place costs nothing.

Installed through Textual's documented hook, ``ScrollBar.renderer`` (the app does it
once); ``tests/ui/test_textual_private.py`` checks the lines equal Textual's own. A
scrollbar's styles add nothing to its lines, so :func:`install` also has them drawn
without Textual's per-line styling pass (:mod:`.plain_lines`; Textual's own render
otherwise): four scrollbars, ~60 lines, on the first frame; ``tests/ui/test_plain_lines.py``
compares both.
"""

from __future__ import annotations

from typing import ClassVar

from rich.color import Color
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.cache import LRUCache
from textual.css.styles import RulesMap
from textual.geometry import Region
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widget import Widget

from .plain_lines import plain_render_lines, plain_styles

__all__ = ["CachedScrollBarRender"]

_DEFAULT_BACK = Color.parse("#555555")
_DEFAULT_BAR = Color.parse("bright_magenta")


class CachedScrollBarRender(ScrollBarRender, Visual):
    """:class:`ScrollBarRender` as a Visual, its lines cached (see the module docstring)."""

    _lines: ClassVar[LRUCache[tuple[object, ...], list[Strip]]] = LRUCache(256)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        base = style.rich_style
        own = self.style if isinstance(self.style, RichStyle) else RichStyle.parse(self.style)
        key = (
            self.vertical,
            width,
            height,
            self.virtual_size,
            self.window_size,
            self.position,
            self.thickness,
            own,
            base,
        )
        lines = self._lines.get(key)
        if lines is None:
            lines = self._lines[key] = self._render(width, height, own, base)
        return lines

    def _render(
        self, width: int, height: int | None, own: RichStyle, base: RichStyle
    ) -> list[Strip]:
        vertical = self.vertical
        size = (height or 1) if vertical else width
        thickness = width if vertical else (height or 1)
        bar = self.render_bar(
            size=size,
            window_size=self.window_size,
            virtual_size=self.virtual_size,
            position=self.position,
            vertical=vertical,
            thickness=thickness,
            back_color=own.bgcolor or _DEFAULT_BACK,
            bar_color=own.color or _DEFAULT_BAR,
        )
        add = base.__add__
        segments = [Segment(text, add(seg_style)) for text, seg_style, _ in bar.segments]
        if vertical:  # one segment per line
            return [Strip([segment], width).crop(0, width) for segment in segments[:size]]
        line = Strip(segments[:size]).crop(0, width)  # then a newline, for each line of thickness
        return [line] * thickness

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.thickness if self.vertical else container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.virtual_size if self.vertical else self.thickness


def render_scrollbar_lines(bar: ScrollBar, crop: Region) -> list[Strip]:
    """A scrollbar's lines: its content lines as they are when its styles add nothing
    (the line filters and crop applied), otherwise Textual's own ``render_lines``."""
    if plain_styles(bar) and (lines := plain_render_lines(bar, crop, bar.render_line)):
        return lines
    return Widget.render_lines(bar, crop)


def install() -> None:
    """Draw every scrollbar of the app with :class:`CachedScrollBarRender`, without the
    per-line styling pass (see the module docstring; idempotent)."""
    ScrollBar.renderer = CachedScrollBarRender
    ScrollBar.render_lines = render_scrollbar_lines  # type: ignore[method-assign,assignment]
