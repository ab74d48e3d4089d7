"""A brief's cross-reference index as bytes, and back: what the index child sends
(:mod:`.index_ahead`) and what the bundled cache ships (:mod:`.brief_cache`).

The bytes are unsigned 32-bit integers, little-endian: a header ``[TAG, mentions,
paragraphs, entries]`` and seven columns, the mentions in the index's order (by
paragraph, start, entry id):

* ``counts`` -- the mentions of each of the brief's paragraphs, taken in order of
  their numbers (``paragraphs`` items: the paragraph of every mention is implied);
* ``starts``, ``ends``, ``numbers`` -- each mention's span and entry (a position in
  ``brief.entries``);
* ``entry counts`` -- the mentions of each entry (``entries`` items);
* ``order`` -- the mentions' positions grouped by entry, index order within each;
* ``entry paragraphs`` -- the paragraph of each position in ``order`` (what an entry
  list draws, sent so that the reader gathers nothing).

:func:`decode` checks the bytes against the brief and returns ``None`` unless they
fit it: the header (tag, the brief's numbers of paragraphs and entries, the length),
each count summing to the mentions, and for every mention ``0 <= start < end <=``
its paragraph's length, its entry one of the brief's, every ``order`` item a
mention, every entry paragraph one of the brief's range. Those per-mention checks
run without a Python integer per value: each column is read as one big integer of
32-bit fields, and ``a <= b`` field by field is one subtraction (:func:`_all_le`).
What the child computed -- which spans, which grouping -- is its own code's answer
and taken as such, as the index is when built here; what could break the reader (an
entry, a span or a position out of range) is refused. Whether the child's grouping by
entry agrees with its mentions (a forged payload could give wrong counts, not a crash)
is :func:`consistent`'s question, asked off the critical path once the reader has the
index (:meth:`~briefreader.study.derived.BriefData.checked_index`).
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Sequence
from itertools import accumulate, chain, compress, islice, repeat
from operator import attrgetter, itemgetter, lt, sub

from .brief import Brief, Paragraph
from .xref_index import Columns, Index, columns_of

__all__ = ["TAG", "consistent", "decode", "encode", "in_order"]

TAG = 0x42525802  # "BRX" and the format's version (2: columns; 1 was rows of four)
_HEADER = 4
_BIG = sys.byteorder == "big"
_NATIVE = sys.byteorder  # (the checks read the decoded columns as they are in memory)
_TOP = (1 << 31).to_bytes(4, _NATIVE)  # bit 31 of a 32-bit field
_ONE = (1).to_bytes(4, _NATIVE)
_LIMIT = 1 << 31


def in_order(brief: Brief) -> Sequence[Paragraph] | None:
    """The brief's paragraphs in the index's order (by number); None if two share a
    number (the rows cannot say which one a mention is in)."""
    found = _numbered(brief)
    return found[0] if found is not None else None


def _numbered(brief: Brief) -> tuple[Sequence[Paragraph], list[int]] | None:
    """:func:`in_order`, with the paragraphs' numbers."""
    paragraphs = brief.paragraphs
    numbers = list(map(attrgetter("n"), paragraphs))
    if all(map(lt, numbers, islice(numbers, 1, None))):
        return paragraphs, numbers
    ordered = sorted(paragraphs, key=attrgetter("n"))
    numbers.sort()
    return (ordered, numbers) if all(map(lt, numbers, islice(numbers, 1, None))) else None


def encode(columns: Columns) -> bytes:
    """The bytes :func:`decode` reads (see the module docstring for the columns)."""
    words = array("I", (TAG, len(columns.starts), len(columns.counts), len(columns.ids)))
    for column in (
        columns.counts,
        columns.starts,
        columns.ends,
        columns.numbers,
        columns.entry_counts,
        columns.order,
        columns.entry_paragraphs,
    ):
        words.fromlist(column)  # (a list's own fast path: half of extend's time)
    if _BIG:  # pragma: no cover - little-endian machines
        words.byteswap()
    return words.tobytes()


def encode_index(brief: Brief, index: Index) -> bytes:
    """``index`` (the brief's, built here) as :func:`decode` reads it; ``b""`` if the
    brief's paragraphs share a number or its entries an id."""
    ordered = in_order(brief)
    ids = [entry.id for entry in brief.entries]
    if ordered is None or len(set(ids)) != len(ids):
        return b""
    by_paragraph = index.by_paragraph
    found = [[(m.start, m.end, (m.entry_id,)) for m in by_paragraph.get(p.n, ())] for p in ordered]
    return encode(columns_of([p.n for p in ordered], found, ids))


def _wide(column: array[int]) -> int:
    """A column as one integer of 32-bit fields."""
    return int.from_bytes(column.tobytes(), _NATIVE)


def _all_le(lower: int, upper: int, guards: int) -> bool:
    """Whether ``lower <= upper`` in every 32-bit field, each field of both below 2**31
    (``guards``: bit 31 of every field). ``(upper | guards) - lower`` borrows across
    no field (each is at least 2**31 minus less than 2**31), and leaves a field's bit
    31 set exactly where ``upper - lower >= 0`` there."""
    return ((upper | guards) - lower) & guards == guards


def decode(brief: Brief, data: bytes) -> Index | None:
    """The index in ``data`` (as :func:`encode` wrote it for ``brief``), or None if it
    does not fit ``brief`` (see the module docstring)."""
    words = array("I")
    if words.itemsize != 4 or len(data) % 4 or len(data) < 4 * _HEADER:
        return None
    words.frombytes(data)
    if _BIG:  # pragma: no cover - little-endian machines
        words.byteswap()
    tag, n, p, e = words[:_HEADER]
    ids = tuple(entry.id for entry in brief.entries)
    numbered = _numbered(brief)
    if (
        tag != TAG
        or numbered is None
        or p != len(numbered[1])
        or e != len(ids)
        or len(set(ids)) != e
        or len(words) != _HEADER + p + e + 5 * n
    ):
        return None
    at = _HEADER
    columns: list[array[int]] = []
    for size in (p, n, n, n, e, n, n):
        columns.append(words[at : at + size])
        at += size
    counts_a, starts, ends, numbers, entry_counts_a, order, entry_paragraphs = columns
    counts, entry_counts = counts_a.tolist(), entry_counts_a.tolist()
    if sum(counts) != n or sum(entry_counts) != n:
        return None
    ordered, paragraph_numbers = numbered
    keys = list(compress(paragraph_numbers, counts))
    if n:
        lengths = list(map(len, map(attrgetter("text"), ordered)))
        if (
            max(lengths) >= _LIMIT
            or keys[0] < 0
            or keys[-1] >= _LIMIT
            or not _fits(n, e, columns[1:4] + columns[5:], lengths, counts, (keys[0], keys[-1]))
        ):
            return None
    offsets = list(accumulate(filter(None, counts), initial=0))
    return Index(
        keys,
        offsets,
        starts,
        ends,
        numbers,
        ids,
        order,
        list(accumulate(entry_counts, initial=0)),
        entry_paragraphs.tolist(),  # (an entry list takes them all, as tuples of ints)
    )


def _fits(
    n: int,
    e: int,
    columns: list[array[int]],
    lengths: list[int],
    counts: list[int],
    paragraphs: tuple[int, int],
) -> bool:
    """Every mention's ``0 <= start < end <= length`` of its paragraph and entry number
    below ``e``, every ``order`` item below ``n``, every entry paragraph within
    ``paragraphs`` (first and last); ``columns``: starts, ends, numbers, order, entry
    paragraphs. Each column is converted once (``int.from_bytes``: most of the cost),
    the rest is arithmetic on whole columns (see :func:`_all_le`)."""
    s, t, num, o, where = map(_wide, columns)
    ones = int.from_bytes(_ONE * n, _NATIVE)  # 1 in every field
    guards = ones << 31
    if (s | t | num | o | where) & guards:  # a field of 2**31 or more
        return False
    limits = array("I", chain.from_iterable(map(repeat, lengths, counts)))
    low, high = paragraphs
    return (
        e > 0
        and _all_le(s + ones, t, guards)  # start + 1 <= end
        and _all_le(t, _wide(limits), guards)  # end <= its paragraph's length
        and _all_le(num, ones * (e - 1), guards)
        and _all_le(o, ones * (n - 1), guards)
        and _all_le(ones * low, where, guards)
        and _all_le(where, ones * high, guards)
    )


def consistent(index: Index) -> bool:
    """Whether ``index``'s per-entry columns agree with its mentions: ``order`` lists
    every mention exactly once, grouped by entry number (group ``k``'s mentions all have
    number ``k``, so the group sizes, the entry counts, are the histogram of the
    numbers), in index order within each group; and each entry paragraph is the
    paragraph of its mention. In C over whole columns (one ``itemgetter`` of
    ``order`` picks each place's number and paragraph; "increasing" is :func:`_all_le`
    on ``order`` against itself shifted by one); a Python step per entry, none per
    mention.

    Why that suffices: every item of ``order`` is a mention (``0 <= item < n``); mapped
    to its entry number it gives ``k`` at each of group ``k``'s places, so no mention
    is in two groups; strictly increasing within each group, none is twice in one; so
    the ``n`` items are the ``n`` mentions, each once."""
    numbers, where, bounds = index._numbers, index._entry_paragraphs, index._entry_offsets
    n, e = len(numbers), len(index._ids)
    if len(index._order) != n or len(where) != n or len(bounds) != e + 1:
        return False
    if bounds[0] != 0 or bounds[-1] != n:
        return False
    if not n:
        return True
    sizes = list(map(sub, islice(bounds, 1, None), bounds))
    order = index._order
    if not isinstance(order, array) or order.typecode != "I":
        try:
            order = array("I", order)
        except OverflowError:  # a negative item
            return False
    ones = int.from_bytes(_ONE * n, _NATIVE)
    guards = ones << 31
    wide = _wide(order)
    if min(sizes) < 0 or wide & guards or not _all_le(wide, ones * (n - 1), guards):
        return False  # a group of fewer than no mentions, an item that is no mention
    pick = itemgetter(0, *order)  # (mention 0 first: a tuple even for one mention)
    grouped = chain((numbers[0],), chain.from_iterable(map(repeat, range(e), sizes)))
    if pick(numbers) != tuple(grouped):
        return False  # a mention in a group not its entry's
    lower, upper = order[:-1], order[1:]
    for end in {b - 1 for b in islice(bounds, 1, e) if 0 < b < n}:  # between two groups
        lower[end], upper[end] = 0, 1  # (any rise will do)
    if not _all_le(_wide(lower) + (ones >> 32), _wide(upper), guards >> 32):
        return False  # not increasing within a group (or a mention twice in it)
    column = index._paragraph_column()
    return bool(pick(column) == (column[0], *where))
