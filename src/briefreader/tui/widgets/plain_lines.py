"""Lines that Textual's per-line styling would leave as they are, without that pass.

Textual draws a widget's lines through its styles cache: each content line is fitted to
the content width, padded, bordered, outlined, tinted, faded and hatched as the widget's
styles say (~30-40 µs a line, on the first frame more). A widget whose styles add none of
these — as the reader's article and every scrollbar are styled — gets back its content
lines unchanged: :func:`plain_styles` says whether that holds (read each time: inline
styles change without a restyle) and :func:`plain_render_lines` draws the lines without
the pass (line filters and the crop applied as Textual applies them). A pane whose only
styling is a top border (its title) and padding above or below: :func:`plain_rows` and
:class:`PlainRows` leave just those rows to Textual. ``tests/ui/test_repaint.py`` and
``tests/ui/test_plain_lines.py`` check both give the same lines.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.geometry import Region
from textual.scroll_view import ScrollView
from textual.style import Style as VisualStyle

if TYPE_CHECKING:
    from textual.strip import Strip
    from textual.widget import Widget

__all__ = ["PlainRows", "plain_render_lines", "plain_rows", "plain_styles", "render_rows"]


def plain_styles(widget: Widget) -> bool:
    """Whether ``widget``'s styles leave its content lines as they are drawn."""
    styles = widget.styles
    if (
        any(edge for edge, _ in styles.border)
        or any(edge for edge, _ in styles.outline)
        or any(styles.padding)
        or styles.tint.a
        or widget.opacity != 1.0
        or styles.text_opacity != 1.0
        or (styles.has_rule("hatch") and styles.hatch != "none")
    ):
        return False
    if widget.auto_links:  # Textual restyles links under the mouse
        hover = widget.hover_style
        if hover.link_id and hover.meta and "@click" in hover.meta:
            return False
    return True


def plain_render_lines(
    widget: Widget, crop: Region, line_at: Callable[[int], Strip]
) -> list[Strip] | None:
    """Lines ``crop`` of a widget with :func:`plain_styles`: ``line_at(y)`` is content line
    ``y`` of the viewport. ``None`` if one is not exactly as wide as the widget (Textual
    would fit it: leave it to Textual)."""
    width = widget.size.width
    lines = [line_at(y) for y in crop.line_range]
    if any(line.cell_length != width for line in lines):
        return None
    return _filtered(widget, crop, width, lines)


def plain_rows(widget: Widget) -> tuple[int, int] | None:
    """``(top, bottom)``: the rows of a top and bottom border and padding, when the rows
    between them are content lines that Textual's styling pass leaves as they are (no
    side borders, outline or side padding, nothing over the whole widget); else ``None``."""
    styles = widget.styles
    _, (right, _), _, (left, _) = styles.border
    padding = styles.padding
    if (
        left
        or right
        or padding.left
        or padding.right
        or any(edge for edge, _ in styles.outline)
        or styles.tint.a
        or widget.opacity != 1.0
        or styles.text_opacity != 1.0
        or (styles.has_rule("hatch") and styles.hatch != "none")
    ):
        return None
    if widget.auto_links:
        hover = widget.hover_style
        if hover.link_id and hover.meta and "@click" in hover.meta:
            return None
    gutter = styles.gutter
    return gutter.top, gutter.bottom


def render_rows(
    widget: Widget,
    crop: Region,
    rows: tuple[int, int],
    content_line: Callable[[int], Strip],
    textual_lines: Callable[[Region], list[Strip]],
) -> list[Strip]:
    """Lines ``crop`` of a widget with :func:`plain_rows` ``rows``: the border and padding
    rows drawn by Textual (``textual_lines``), the others straight from ``content_line``
    (content line ``y``), fitted to the width as Textual fits them."""
    top, bottom = rows
    width, height = widget.size
    y0, y1 = crop.y, crop.bottom
    a, b = max(y0, top), min(y1, height - bottom)
    if b <= a:
        return textual_lines(crop)
    before = textual_lines(Region(crop.x, y0, crop.width, a - y0)) if a > y0 else []
    after = textual_lines(Region(crop.x, b, crop.width, y1 - b)) if y1 > b else []
    lines = [content_line(y - top) for y in range(a, b)]
    if any(line.cell_length != width for line in lines):
        base, background = widget.background_colors
        fill = VisualStyle(background=base + background).rich_style  # as Textual fills
        lines = [line.adjust_cell_length(width, fill) for line in lines]
    return [*before, *_filtered(widget, crop, width, lines), *after]


def _filtered(widget: Widget, crop: Region, width: int, lines: list[Strip]) -> list[Strip]:
    """Content ``lines``, each ``width`` (the widget's) wide, through the widget's line
    filters and cropped to ``crop``'s columns: how Textual's styling pass ends."""
    filters = widget.get_line_filters()
    if filters:
        background = widget.background_colors[1]
        for line_filter in filters:
            lines = [line.apply_filter(line_filter, background) for line in lines]
    x1, x2 = crop.column_span
    if (x1, x2) != (0, width):
        lines = [line.crop(x1, x2) for line in lines]
    return lines


class PlainRows(ScrollView):
    """Put between a scrolling widget and :class:`~textual.scroll_view.ScrollView` in its
    bases (``class X(OptionList, PlainRows)``): its content rows reach the compositor
    without Textual's per-line styling pass when :func:`plain_rows` allows (a pane with a
    top border and title: only that row is Textual's)."""

    def render_lines(self, crop: Region) -> list[Strip]:
        rows = plain_rows(self)
        if rows is None:
            return super().render_lines(crop)
        return render_rows(self, crop, rows, self.render_line, super().render_lines)
