"""The article view with the reader's own marks: highlights, the sentence cursor, a
selection (keys or mouse drag) and margin marks for notes.

Built on :class:`~.article_view.ArticleView`'s extension point: three more span
layers in :attr:`LAYER_ORDER` (painted above the mentions, below the selected
entry and the search), their component classes and styles, plus a margin mark in
the column between the paragraph number and the text, and :class:`Dragged`
messages for mouse selections.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.segment import Segment
from textual import events
from textual.strip import Strip

from ...core.brief import Paragraph
from .article_view import STYLE_LAYERS, ArticleView, _ArticleMessage
from .spans import DEFAULT_ORDER, MENTION
from .wrap import column_to_offset

__all__ = ["EXTRA_LAYERS", "MARGIN_MARK", "AnnotatedArticleView"]

EXTRA_LAYERS = ("highlight", "sentence", "selection")
MARGIN_MARK = "•"
_PREFIX = "article-view--"


class AnnotatedArticleView(ArticleView):
    """:class:`ArticleView` plus highlight, sentence and selection layers and note marks."""

    LAYER_ORDER: ClassVar[tuple[str, ...]] = (
        *STYLE_LAYERS,
        MENTION,
        *EXTRA_LAYERS,
        *DEFAULT_ORDER[1:],
    )
    DEFAULT_CSS = """
    AnnotatedArticleView > .article-view--highlight { background: $success 30%; }
    AnnotatedArticleView > .article-view--sentence {
        text-style: underline; background: $accent 15%;
    }
    AnnotatedArticleView > .article-view--selection {
        background: $accent 50%; text-style: bold;
    }
    AnnotatedArticleView > .article-view--mark { color: $text-success; text-style: bold; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = ArticleView.COMPONENT_CLASSES | {
        _PREFIX + name for name in (*EXTRA_LAYERS, "mark")
    }

    class Dragged(_ArticleMessage):
        """A mouse drag inside ``paragraph`` from offset ``anchor`` to ``offset``."""

        def __init__(
            self, article_view: ArticleView, paragraph: int, anchor: int, offset: int
        ) -> None:
            super().__init__(article_view, paragraph)
            self.anchor = anchor
            self.offset = offset

    def __init__(
        self,
        paragraphs: Sequence[Paragraph] = (),
        *,
        max_measure: int | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        self._marks: dict[int, tuple[int, ...]] = {}
        self._drag_from: tuple[int, int] | None = None
        super().__init__(paragraphs, max_measure=max_measure, id=id, classes=classes)

    # -- data -----------------------------------------------------------------------
    def layer_spans(self, name: str) -> Mapping[int, Sequence[tuple[int, int]]]:
        return self.span_layers.layer(name)

    @property
    def marks(self) -> Mapping[int, Sequence[int]]:
        return self._marks

    def set_marks(self, marks: Mapping[int, Sequence[int]]) -> None:
        """Margin marks (notes): paragraph n -> offsets; the line showing one is marked."""
        new = {n: tuple(v) for n, v in marks.items() if v}
        changed = {n for n in new.keys() | self._marks.keys() if new.get(n) != self._marks.get(n)}
        self._marks = new
        self._repaint(changed)

    # -- render ---------------------------------------------------------------------
    def _render_paragraph_line(self, index: int, line: int, width: int, is_cursor: bool) -> Strip:
        strip = super()._render_paragraph_line(index, line, width, is_cursor)
        offsets = self._marks.get(self._paragraphs[index].n)
        if not offsets or self._layout is None:
            return strip
        block = self._layout.block(index, line + 1)
        if line >= len(block.lines):
            return strip
        start, end = block.lines[line]
        last = line == len(block.lines) - 1
        if not any(
            start <= o < end or (last and o >= end) or (line == 0 and o < start) for o in offsets
        ):
            return strip
        column = self._left - 1  # the blank between the number and the text
        gutter = self._compose_style(self._base_style, (_PREFIX + "gutter",))
        style = self._compose_style(gutter, (_PREFIX + "mark",))
        mark = Strip([Segment(MARGIN_MARK, style)])
        return Strip.join([strip.crop(0, column), mark, strip.crop(column + 1, width)])

    # -- mouse selection ----------------------------------------------------------------
    def _offset_at(self, event: events.MouseEvent) -> tuple[int, int] | None:
        """(paragraph index, offset) under the mouse; past a line's end counts as its end."""
        layout = self._layout
        where = event.get_content_offset(self)
        if layout is None or where is None or not layout.count:
            return None
        y = where.y + self.scroll_offset.y
        if where.x >= self._content_width or y >= layout.total or where.x < self._left:
            return None
        index, line = layout.locate(y)
        if line >= layout.heights[index]:
            return None
        block = layout.block(index, line + 1)
        if line >= len(block.lines):
            return None
        start, end = block.lines[line]
        text = self._paragraphs[index].text
        column = where.x - self._left - layout.indent(index)
        offset = column_to_offset(text, start, end, max(0, column))
        return index, end if offset is None else offset

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self._drag_from = self._offset_at(event)
        if self._drag_from is not None:
            self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        start = self._drag_from
        if start is None:
            return
        hit = self._offset_at(event)
        if hit is not None and hit[0] == start[0] and hit[1] != start[1]:
            self.post_message(self.Dragged(self, start[0] + 1, start[1], hit[1]))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._drag_from is not None:
            self._drag_from = None
            self.release_mouse()
