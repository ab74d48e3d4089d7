"""The brief's highlights, notes and user cards as placed in the current text.

Plain data for :class:`~.screens.annotated_reader.AnnotatedReaderScreen`: which
item is where, the spans and margin marks to paint, the rows of the notes pane and
the note matches for the search. No Textual here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .widgets.notes_pane import NoteItem

if TYPE_CHECKING:  # (the records' module is imported with the first items placed)
    from ..core.brief import Paragraph
    from ..study.annotation_model import Highlight, Placed, UserCard

Span3 = tuple[int, int, int]


class PlacedItems:
    """The items placed in the text and those lost (none until the store is read)."""

    def __init__(self, placed: list[Placed] | None = None, lost: list[Placed] | None = None):
        self.placed: list[Placed] = placed if placed is not None else []
        self.lost: list[Placed] = lost if lost is not None else []

    def highlights(self) -> list[tuple[Highlight, Span3]]:
        if not self.placed:
            return []
        from ..study.annotation_model import Highlight

        return [
            (p.item, p.placement.span)
            for p in self.placed
            if isinstance(p.item, Highlight) and p.placement.span is not None
        ]

    def highlight_at(self, n: int, offset: int) -> tuple[Highlight, Span3] | None:
        for h, span in self.highlights():
            if h.kind == "highlight" and span[0] == n and span[1] <= offset < span[2]:
                return h, span
        return None

    def highlight_equal(self, span: Span3) -> Highlight | None:
        for h, where in self.highlights():
            if h.kind == "highlight" and where == span:
                return h
        return None

    def paragraph_note(self, n: int) -> Highlight | None:
        for h, span in self.highlights():
            if h.kind == "paragraph" and span[0] == n:
                return h
        return None

    def card_by_id(self, card_id: int | None) -> UserCard | None:
        from ..study.annotation_model import UserCard

        for p in [*self.placed, *self.lost]:
            if isinstance(p.item, UserCard) and p.item.id == card_id:
                return p.item
        return None

    def layers(self) -> tuple[dict[int, list[tuple[int, int]]], dict[int, list[int]]]:
        """(highlight spans per paragraph, note mark offsets per paragraph)."""
        spans: dict[int, list[tuple[int, int]]] = {}
        marks: dict[int, list[int]] = {}
        for h, (n, start, end) in self.highlights():
            if h.kind == "highlight":
                spans.setdefault(n, []).append((start, end))
            if h.note:
                marks.setdefault(n, []).append(start)
        return spans, marks

    def rows(self, paragraphs: Sequence[Paragraph]) -> list[NoteItem]:
        """The notes pane rows: placed items in text order, then the lost ones."""
        out: list[NoteItem] = []
        if not self.placed and not self.lost:
            return out
        from ..study.annotation_model import Highlight

        for p in [*self.placed, *self.lost]:
            item, span = p.item, p.placement.span
            if isinstance(item, Highlight):
                quote = item.anchor.quote
                if span is not None and item.kind == "highlight":
                    quote = paragraphs[span[0] - 1].text[span[1] : span[2]]
                out.append(NoteItem(item.kind, item.id, span, quote, note=item.note))
            else:
                out.append(NoteItem("card", item.id, span, item.prompt, answer=item.answer))
        return out

    def note_hits(self, query: str) -> list[Span3]:
        """Spans of the highlights whose note matches ``query`` (smart case)."""
        needle = query.strip()
        if not needle:
            return []
        fold = needle.casefold() if needle.islower() else None
        out: list[Span3] = []
        for h, span in self.highlights():
            note = h.note or ""
            if (fold is not None and fold in note.casefold()) or (fold is None and needle in note):
                out.append(span)
        return out
