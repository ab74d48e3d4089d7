"""Lines that Textual's per-line styling would leave as they are, without that pass.

Textual draws a widget's lines through its styles cache: each content line is fitted to
the content width, padded, bordered, outlined, tinted, faded and hatched as the widget's
styles say (~30-40 µs a line, on the first frame more). A widget whose styles add none of
these — as the reader's article and every scrollbar are styled — gets back its content
lines unchanged: :func:`plain_styles` says whether that holds (read each time: inline
styles change without a restyle) and :func:`plain_render_lines` draws the lines without
the pass (line filters and the crop applied as Textual applies them).
``tests/ui/test_repaint.py`` and ``tests/ui/test_scrollbar_render.py`` check both give the
same lines.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.geometry import Region
    from textual.strip import Strip
    from textual.widget import Widget

__all__ = ["plain_render_lines", "plain_styles"]


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
    filters = widget.get_line_filters()
    if filters:
        background = widget.background_colors[1]
        for line_filter in filters:
            lines = [line.apply_filter(line_filter, background) for line in lines]
    x1, x2 = crop.column_span
    if (x1, x2) != (0, width):
        lines = [line.crop(x1, x2) for line in lines]
    return lines
