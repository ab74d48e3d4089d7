"""The reader's sentence cursor and selection, as pure functions over paragraphs.

The cursor is a point ``(paragraph, offset)``; the sentence holding it is "the
current sentence" and the word holding it "the current word". ``(``/``)`` move it
to the previous/next sentence (across paragraphs), left/right to the previous/next
word. A selection runs from an anchor offset to the point, within one paragraph,
word-aligned at both ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from .brief import Paragraph
from .sentences import sentences, span_at, words

__all__ = ["Point", "current_sentence", "move_sentence", "move_word", "selection_span"]


class Point(NamedTuple):
    paragraph: int
    offset: int


def _spans_or_whole(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    return spans or [(0, len(text))]


def current_sentence(paragraphs: Sequence[Paragraph], point: Point) -> tuple[int, int]:
    text = paragraphs[point.paragraph - 1].text
    spans = _spans_or_whole(sentences(text), text)
    return spans[span_at(spans, point.offset)]


def first_sentence(paragraphs: Sequence[Paragraph], n: int, *, last: bool = False) -> Point:
    text = paragraphs[n - 1].text
    spans = _spans_or_whole(sentences(text), text)
    return Point(n, spans[-1 if last else 0][0])


def move_sentence(paragraphs: Sequence[Paragraph], point: Point, delta: int) -> Point:
    """The start of the next (``delta`` > 0) or previous sentence; stays at the ends."""
    text = paragraphs[point.paragraph - 1].text
    spans = _spans_or_whole(sentences(text), text)
    i = span_at(spans, point.offset)
    if delta < 0 and point.offset > spans[i][0]:
        return Point(point.paragraph, spans[i][0])  # back to the start of this sentence
    j = i + (1 if delta > 0 else -1)
    if 0 <= j < len(spans):
        return Point(point.paragraph, spans[j][0])
    n = point.paragraph + (1 if delta > 0 else -1)
    if 1 <= n <= len(paragraphs):
        return first_sentence(paragraphs, n, last=delta < 0)
    return point


def move_word(paragraphs: Sequence[Paragraph], point: Point, delta: int) -> Point:
    """The start of the next or previous word, within the paragraph."""
    spans = words(paragraphs[point.paragraph - 1].text)
    if not spans:
        return point
    i = span_at(spans, point.offset)
    if delta < 0 and point.offset > spans[i][0]:
        return Point(point.paragraph, spans[i][0])
    j = min(len(spans) - 1, max(0, i + (1 if delta > 0 else -1)))
    return Point(point.paragraph, spans[j][0])


def word_at(text: str, offset: int) -> tuple[int, int]:
    spans = words(text)
    if not spans:
        return (offset, offset)
    return spans[span_at(spans, offset)]


def selection_span(
    paragraphs: Sequence[Paragraph], paragraph: int, anchor: int, offset: int
) -> tuple[int, int]:
    """The selected (start, end): from the word at ``anchor`` to the word at ``offset``."""
    text = paragraphs[paragraph - 1].text
    a0, a1 = word_at(text, anchor)
    b0, b1 = word_at(text, offset)
    return (min(a0, b0), max(a1, b1))
