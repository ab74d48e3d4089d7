"""Sentence spans of a paragraph, for the reader's sentence cursor (pure).

A sentence ends after ``.``, ``!``, ``?`` or ``…`` (plus any closing quotes or
brackets) when whitespace follows and the next word does not start in lower case;
a period after a known abbreviation (``Mr.``, ``e.g.``, ``U.S.``, single capital
initials) does not end one. Spans exclude the whitespace between sentences, and
together they cover every non-blank character of the paragraph.
"""

from __future__ import annotations

import re
from bisect import bisect_right

__all__ = ["sentence_at", "sentences", "span_at", "words"]

_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+)")
_ABBREVIATIONS_TEXT = (
    "mr mrs ms dr prof sr jr st vs etc e.g i.e u.s u.k u.n no gen col lt sgt gov sen "
    "rep inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec fig approx"
)
_ABBREVIATIONS = frozenset(_ABBREVIATIONS_TEXT.split())


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    start = dot
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    word = text[start:dot].lstrip("\"'“‘([").casefold()
    if word in _ABBREVIATIONS:
        return True
    return len(word) == 1 and word.isalpha()  # an initial: "J. Smith"


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, in order."""
    out: list[tuple[int, int]] = []
    begin = len(text) - len(text.lstrip())
    for match in _END.finditer(text):
        end = match.end()
        after = text[end:].lstrip()
        if not after or after[0].islower() or _is_abbreviation(text, match.start()):
            continue
        if end > begin:
            out.append((begin, end))
        begin = len(text) - len(after)
    tail = text.rstrip()
    if len(tail) > begin:
        out.append((begin, len(tail)))
    return out


def sentence_at(text: str, offset: int) -> int:
    """Index into :func:`sentences` of the sentence holding ``offset`` (or the one before)."""
    spans = sentences(text)
    if not spans:
        return 0
    starts = [s for s, _ in spans]
    return max(0, bisect_right(starts, offset) - 1)


_WORD = re.compile(r"\w[\w'’-]*\w|\w")


def words(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word of ``text`` (letters/digits, inner ' ’ - kept)."""
    return [m.span() for m in _WORD.finditer(text)]


def span_at(spans: list[tuple[int, int]], offset: int) -> int:
    """Index of the span holding ``offset``, else of the last one starting before it (or 0)."""
    if not spans:
        return 0
    starts = [s for s, _ in spans]
    return max(0, bisect_right(starts, offset) - 1)
