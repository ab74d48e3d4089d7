"""Text anchors that survive edits of the article file (pure).

A highlight, note or user card points at a span of the article. Paragraph numbers
and character offsets move when the file is edited, so an anchor keeps three
things (the W3C "text quote" idea): where it was (``paragraph``, ``start``,
``end``), the ``quote`` itself and up to :data:`CONTEXT` characters of ``prefix``
and ``suffix`` around it.

:func:`place` finds an anchor in the current paragraphs, in this order:

1. **exact** -- the quote is still at the stored paragraph and offsets;
2. **moved** -- the quote occurs elsewhere (verbatim, or ignoring case and runs of
   whitespace): the occurrence whose surrounding text best matches the stored
   context wins, ties going to the one nearest the old position;
3. **fuzzy** -- the quote was edited a little: the best approximate match
   (rapidfuzz, score >= :data:`FUZZY_MIN`) in the stored paragraph or its
   neighbours;
4. otherwise **lost** -- :func:`place` returns a ``Placement`` with ``span`` None;
   callers report these (never drop them silently) and keep the stored row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .brief import Paragraph
from .words import literal_words

__all__ = ["CONTEXT", "FUZZY_MIN", "Placement", "Status", "TextAnchor", "make_anchor", "place"]

CONTEXT = 32
FUZZY_MIN = 85.0
FUZZY_NEIGHBOURS = 2  # paragraphs either side searched for an approximate match
Status = Literal["exact", "moved", "fuzzy", "lost"]


@dataclass(frozen=True)
class TextAnchor:
    """Where a span was, and what it said (see the module docstring)."""

    paragraph: int
    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Placement:
    """Where an anchor is now: ``span`` is (paragraph, start, end), or None when lost."""

    status: Status
    span: tuple[int, int, int] | None

    @property
    def placed(self) -> bool:
        return self.span is not None


def make_anchor(
    paragraphs: Sequence[Paragraph], paragraph: int, start: int, end: int
) -> TextAnchor:
    """An anchor for ``paragraphs[paragraph - 1].text[start:end]`` (offsets clamped)."""
    if not 1 <= paragraph <= len(paragraphs):
        raise ValueError(f"no paragraph {paragraph} (the text has {len(paragraphs)})")
    text = paragraphs[paragraph - 1].text
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    return TextAnchor(
        paragraph,
        start,
        end,
        text[start:end],
        text[max(0, start - CONTEXT) : start],
        text[end : end + CONTEXT],
    )


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def _loose_pattern(quote: str) -> re.Pattern[str] | None:
    return literal_words(quote, re.IGNORECASE)


def _occurrences(paragraphs: Sequence[Paragraph], quote: str) -> list[tuple[int, int, int]]:
    found: list[tuple[int, int, int]] = []
    for para in paragraphs:
        at = para.text.find(quote)
        while at != -1:
            found.append((para.n, at, at + len(quote)))
            at = para.text.find(quote, at + 1)
    if found:
        return found
    pattern = _loose_pattern(quote)
    if pattern is None:
        return []
    for para in paragraphs:
        found.extend((para.n, m.start(), m.end()) for m in pattern.finditer(para.text))
    return found


def _best_occurrence(
    anchor: TextAnchor, paragraphs: Sequence[Paragraph], found: list[tuple[int, int, int]]
) -> tuple[int, int, int]:
    def score(span: tuple[int, int, int]) -> tuple[int, int, int]:
        n, start, end = span
        text = paragraphs[n - 1].text
        context = _common_suffix(text[max(0, start - CONTEXT) : start], anchor.prefix)
        context += _common_prefix(text[end : end + CONTEXT], anchor.suffix)
        distance = abs(n - anchor.paragraph) * 100_000 + abs(start - anchor.start)
        return (-context, distance, n)

    return min(found, key=score)


_WORD_RE = re.compile(r"\S+")


def _best_window(quote: str, text: str) -> tuple[float, int, int] | None:
    """The word-aligned window of ``text`` most like ``quote`` (rapidfuzz ratio)."""
    from rapidfuzz import fuzz

    words = [(m.start(), m.end()) for m in _WORD_RE.finditer(text)]
    size = len(quote)
    best: tuple[float, int, int] | None = None
    for i, (start, _) in enumerate(words):
        for _, end in words[i:]:
            if end - start > size * 1.4:
                break
            if end - start < size * 0.6:
                continue
            score = fuzz.ratio(quote, text[start:end], score_cutoff=FUZZY_MIN)
            if score and (best is None or score > best[0]):
                best = (score, start, end)
    return best


def _fuzzy(anchor: TextAnchor, paragraphs: Sequence[Paragraph]) -> tuple[int, int, int] | None:
    if len(anchor.quote.strip()) < 4:
        return None
    low = max(1, anchor.paragraph - FUZZY_NEIGHBOURS)
    high = min(len(paragraphs), anchor.paragraph + FUZZY_NEIGHBOURS)
    best: tuple[float, int, int, int] | None = None
    for n in range(low, high + 1):
        found = _best_window(anchor.quote, paragraphs[n - 1].text)
        if found is None:
            continue
        key = (found[0] - abs(n - anchor.paragraph) * 0.01, n, found[1], found[2])
        if best is None or key[0] > best[0]:
            best = key
    return None if best is None else (best[1], best[2], best[3])


def place(anchor: TextAnchor, paragraphs: Sequence[Paragraph]) -> Placement:
    """Where ``anchor`` is in ``paragraphs`` now (see the module docstring)."""
    if not anchor.quote:
        return Placement("lost", None)
    if 1 <= anchor.paragraph <= len(paragraphs):
        text = paragraphs[anchor.paragraph - 1].text
        if text[anchor.start : anchor.end] == anchor.quote:
            return Placement("exact", (anchor.paragraph, anchor.start, anchor.end))
    found = _occurrences(paragraphs, anchor.quote)
    if found:
        return Placement("moved", _best_occurrence(anchor, paragraphs, found))
    span = _fuzzy(anchor, paragraphs)
    if span is not None:
        return Placement("fuzzy", span)
    return Placement("lost", None)
