"""Literal, smart-case text search over paragraphs (pure; the reader's ``/``)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .brief import Paragraph
from .words import literal_words

MAX_MATCHES = 10_000


def find_all(
    paragraphs: Sequence[Paragraph], query: str, *, limit: int = MAX_MATCHES
) -> list[tuple[int, int, int]]:
    """Every (paragraph n, start, end) where ``query`` occurs, in reading order.

    The query is literal text, never a pattern. Smart case: all-lowercase queries
    ignore case, any capital letter makes the search case-sensitive. Whitespace
    in the query matches any run of whitespace. At most ``limit`` matches.
    """
    flags = 0 if any(c.isupper() for c in query) else re.IGNORECASE
    pattern = literal_words(query, flags)
    if pattern is None:
        return []
    out: list[tuple[int, int, int]] = []
    for para in paragraphs:
        for match in pattern.finditer(para.text):
            out.append((para.n, match.start(), match.end()))
            if len(out) >= limit:
                return out
    return out


def next_after(
    hits: Sequence[tuple[int, int, int]], position: tuple[int, int], forward: bool = True
) -> int | None:
    """Index of the first hit after (or, backwards, before) ``position``; wraps around."""
    if not hits:
        return None
    if forward:
        for i, (p, start, _end) in enumerate(hits):
            if (p, start) > position:
                return i
        return 0
    for i in range(len(hits) - 1, -1, -1):
        p, start, _end = hits[i]
        if (p, start) < position:
            return i
    return len(hits) - 1
