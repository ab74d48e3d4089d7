"""A one-line "where in the article" strip for an entry's mentions.

:func:`mention_strip` squeezes the article's paragraphs ``1..total`` into
``width`` cells, left to right in reading order, and draws one character per
cell:

* ``·`` (:data:`BLANK`) — no mention falls in the cell;
* otherwise a bar from the density ramp :data:`RAMP` (``▂▄▆█``).  The bar's
  height is the cell's mention count relative to the busiest cell of the same
  strip (``ceil(4 * count / max)``), so the busiest cell is always ``█`` and a
  cell with any mention is never blank.  With ``dense=False`` every occupied
  cell is ``█``.

Mapping paragraphs to cells:

* When there are at least as many paragraphs as cells, each paragraph lands in
  exactly one cell: the one holding the paragraph's centre,
  ``floor((2p - 1) * width / (2 * total))``.
* When there are more cells than paragraphs, each cell belongs to the paragraph
  under the cell's centre, so a paragraph covers a run of one or more cells.

Either way the mapping is monotone, paragraph 1 touches the first cell and the
last paragraph the last cell.  Paragraph numbers outside ``1..total`` are
ignored; a paragraph listed twice counts twice (one item per mention).

This module is pure: no Textual, no Rich.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from operator import le, sub

__all__ = ["BLANK", "FULL", "RAMP", "cells_for_paragraph", "mention_strip"]

BLANK = "·"
"""Character for a cell with no mention."""
RAMP = "▂▄▆█"
"""Bars for occupied cells, from least to most mentions."""
FULL = RAMP[-1]
"""The bar for the busiest cell (and for every occupied cell when ``dense=False``)."""


def cells_for_paragraph(paragraph: int, total_paragraphs: int, width: int) -> range:
    """The cells (``0..width-1``) that paragraph ``paragraph`` (1-based) occupies.

    Empty when the paragraph is out of range or ``width``/``total_paragraphs`` is
    not positive.
    """
    if width <= 0 or total_paragraphs <= 0 or not 1 <= paragraph <= total_paragraphs:
        return range(0)
    if width <= total_paragraphs:
        cell = ((2 * paragraph - 1) * width) // (2 * total_paragraphs)
        return range(cell, cell + 1)
    # More cells than paragraphs: cell c belongs to paragraph
    # floor((2c + 1) * total / (2 * width)) + 1; invert that for p's run of cells.
    first = _ceil_div(2 * (paragraph - 1) * width - total_paragraphs, 2 * total_paragraphs)
    stop = _ceil_div(2 * paragraph * width - total_paragraphs, 2 * total_paragraphs)
    return range(max(first, 0), min(stop, width))


def mention_strip(
    paragraphs_with_mentions: Sequence[int],
    total_paragraphs: int,
    width: int,
    *,
    dense: bool = True,
) -> str:
    """Draw a strip of exactly ``max(width, 0)`` cells (see the module docstring).

    Args:
        paragraphs_with_mentions: Paragraph numbers (1-based), one per mention;
            order does not matter and repeats count as extra mentions.
        total_paragraphs: Number of paragraphs in the article.
        width: Number of cells to draw.
        dense: Use the density ramp; when ``False`` every occupied cell is ``█``.
    """
    if width <= 0:
        return ""
    counts = [0] * width
    ps = paragraphs_with_mentions
    if 0 < width <= total_paragraphs and len(ps) > 4 * width and all(map(le, ps, ps[1:])):
        # sorted (an index's order), many: each cell's run of paragraphs found by bisection
        # (the first paragraph of cell c is the least p with (2p - 1) * width >= 2 * total * c)
        firsts = [-(-(2 * total_paragraphs * c + width) // (2 * width)) for c in range(width)]
        edges = [bisect_left(ps, max(1, first)) for first in firsts]
        edges.append(bisect_left(ps, total_paragraphs + 1))
        counts = list(map(sub, edges[1:], edges))
    elif 0 < width <= total_paragraphs:  # one cell per paragraph (as cells_for_paragraph)
        scale = 2 * total_paragraphs
        for p in paragraphs_with_mentions:
            if 1 <= p <= total_paragraphs:
                counts[((2 * p - 1) * width) // scale] += 1
    else:
        for paragraph, n in Counter(paragraphs_with_mentions).items():
            for cell in cells_for_paragraph(paragraph, total_paragraphs, width):
                counts[cell] += n
    busiest = max(counts)
    if not busiest:
        return BLANK * width
    if not dense:
        return "".join(FULL if count else BLANK for count in counts)
    levels = len(RAMP)
    return "".join(
        RAMP[_ceil_div(levels * count, busiest) - 1] if count else BLANK for count in counts
    )


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)
