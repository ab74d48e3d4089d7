"""The cross-reference index's data structure: all mentions, with lookups by entry and
by paragraph, held as columns and materialised on first use.

A long text has ~56,000 mentions; making a :class:`Mention` for each and grouping
them twice (by entry, by paragraph) cost ~40 ms before anything could use one. An
:class:`Index` instead keeps

* the mentions in the index's order (by paragraph, start, entry id) as three
  columns -- ``starts``, ``ends``, entry ``numbers`` (into the entry ids) -- plus the
  paragraph numbers that have mentions and where each one's run begins (``offsets``);
* the per-entry order: the mentions' positions grouped by entry (index order within
  each entry), where each entry's group begins, and the paragraph of each position
  in that order (what an entry list draws: no mention is made for it).

``by_paragraph[n]`` makes only paragraph ``n``'s mentions, on first access (a bisect
into the paragraph numbers; kept); ``by_entry[id]`` only that entry's; ``mentions``
all of them, once. :meth:`Index.paragraphs_of` gives an entry's paragraphs without
making mentions. Two indexes are equal when their mentions and their entry ids are
(as when the views were built eagerly); the views, iteration orders and values are
exactly those of the eager build. Columns may be lists or ``array`` objects (what
:mod:`.index_rows` decodes, already checked against the brief).
"""

from __future__ import annotations

from abc import abstractmethod
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import partial
from itertools import accumulate, chain, compress, repeat
from operator import itemgetter, sub
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

if TYPE_CHECKING:
    from .xref_bulk import Matches

__all__ = ["Columns", "Index", "Mention", "columns_of", "columns_of_matches"]


class Mention(NamedTuple):
    """One entry mentioned at ``text[start:end]`` of paragraph ``paragraph`` (a named
    tuple: ordered by its fields, and a long text has ~100,000 of them to make)."""

    paragraph: int
    start: int
    end: int
    entry_id: str


class Columns(NamedTuple):
    """An index's columns (see the module docstring), what :mod:`.index_rows` sends:
    ``counts`` holds the mentions of each paragraph given, zeros included."""

    counts: list[int]
    starts: list[int]
    ends: list[int]
    numbers: list[int]
    ids: tuple[str, ...]
    order: list[int]
    entry_counts: list[int]
    entry_paragraphs: list[int]


Found = Iterable[Iterable[tuple[int, int, Iterable[str]]]]
"""What the matcher found in each paragraph: ``(start, end, entry ids)`` by start."""


def columns_of(paragraphs: Sequence[int], found: Found, entry_ids: Iterable[str]) -> Columns:
    """The columns of the mentions ``found`` in paragraphs numbered ``paragraphs``
    (strictly increasing), without making a :class:`Mention`: every id of ``entry_ids``
    numbered first, then the others in order of first mention. (One pass, as lean as
    it can be: the index child runs it for ~56,000 mentions before the reader has them.)"""
    number = {entry_id: i for i, entry_id in enumerate(dict.fromkeys(entry_ids))}
    groups: list[list[int]] = [[] for _ in number]  # positions, per entry
    where: list[list[int]] = [[] for _ in number]  # their paragraphs
    flat: list[int] = []  # (start, end, entry number) of each mention
    extend = flat.extend
    counts: list[int] = []
    count = counts.append
    i = 0
    for n, spans in zip(paragraphs, found, strict=True):
        before = i
        for start, end, ids in spans:
            for entry_id in ids:  # sorted, as in the index
                try:
                    e = number[entry_id]
                except KeyError:  # (only mentioned, not given)
                    e = number[entry_id] = len(groups)
                    groups.append([])
                    where.append([])
                extend((start, end, e))
                groups[e].append(i)
                where[e].append(n)
                i += 1
        count(i - before)
    return Columns(
        counts,
        flat[0::3],
        flat[1::3],
        flat[2::3],
        tuple(number),
        list(chain.from_iterable(groups)),
        list(map(len, groups)),
        list(chain.from_iterable(where)),
    )


def columns_of_matches(
    paragraphs: Sequence[int], matches: Matches, entry_ids: Iterable[str]
) -> Columns:
    """:func:`columns_of` for the matcher's :class:`~.xref_bulk.Matches` (already
    columns: what is left to do is the grouping by entry). A span naming several
    entries, or one not given: through :func:`columns_of`."""
    number = {entry_id: i for i, entry_id in enumerate(dict.fromkeys(entry_ids))}
    try:
        if set(map(len, matches.ids)) - {1}:
            raise KeyError("several entries on one span")
        numbers = list(map(number.__getitem__, map(itemgetter(0), matches.ids)))
    except KeyError:
        return columns_of(paragraphs, matches.split(), number)
    groups: list[list[int]] = [[] for _ in number]  # positions, per entry
    where: list[list[int]] = [[] for _ in number]  # their paragraphs
    column = chain.from_iterable(map(repeat, paragraphs, matches.counts))
    for i, (e, n) in enumerate(zip(numbers, column, strict=True)):
        groups[e].append(i)
        where[e].append(n)
    return Columns(
        list(matches.counts),
        list(matches.starts),
        list(matches.ends),
        numbers,
        tuple(number),
        list(chain.from_iterable(groups)),
        list(map(len, groups)),
        list(chain.from_iterable(where)),
    )


_make = partial(tuple.__new__, Mention)  # (Mention's own __new__ is Python code)
_SLOTS = (
    "_keys",
    "_offsets",
    "_starts",
    "_ends",
    "_numbers",
    "_ids",
    "_order",
    "_entry_offsets",
    "_entry_paragraphs",
    "_memo",
    "by_entry",
    "by_paragraph",
)


class Index:
    """All mentions of all entries, with lookups by entry and by paragraph (see the
    module docstring; immutable)."""

    __slots__ = _SLOTS
    _keys: Sequence[int]
    _offsets: Sequence[int]
    _starts: Sequence[int]
    _ends: Sequence[int]
    _numbers: Sequence[int]
    _ids: tuple[str, ...]
    _order: Sequence[int]
    _entry_offsets: Sequence[int]
    _entry_paragraphs: Sequence[int]
    _memo: dict[str, Any]
    by_entry: Mapping[str, tuple[Mention, ...]]
    """Entry id → its mentions in index order (every entry id given has a key)."""
    by_paragraph: Mapping[int, tuple[Mention, ...]]
    """Paragraph number → its mentions in index order (only paragraphs with some)."""

    def __init__(
        self,
        keys: Sequence[int],
        offsets: Sequence[int],
        starts: Sequence[int],
        ends: Sequence[int],
        numbers: Sequence[int],
        ids: tuple[str, ...],
        order: Sequence[int],
        entry_offsets: Sequence[int],
        entry_paragraphs: Sequence[int],
        mentions: tuple[Mention, ...] | None = None,
    ) -> None:
        """From columns that fit together (see the module docstring): ``keys`` strictly
        increasing, ``offsets`` one longer, from 0 to the mentions' count; ``ids``
        distinct; ``order`` a permutation grouped by entry number, ``entry_offsets``
        one longer than ``ids``. Use :meth:`from_mentions` or :mod:`.index_rows`."""
        setter = object.__setattr__
        for name, value in zip(
            _SLOTS[:9],
            (keys, offsets, starts, ends, numbers, ids, order, entry_offsets, entry_paragraphs),
            strict=True,
        ):
            setter(self, name, value)
        setter(self, "_memo", {"mentions": mentions, "number": None, "column": None})
        setter(self, "by_entry", _ByEntry(self))
        setter(self, "by_paragraph", _ByParagraph(self))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Index is immutable (cannot set {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Index is immutable (cannot delete {name!r})")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Index.from_mentions, (self.mentions, self._ids))

    # -- building ---------------------------------------------------------------------
    @classmethod
    def from_mentions(cls, mentions: Iterable[Mention], entry_ids: Iterable[str] = ()) -> Index:
        """Build the views from mentions; every id in ``entry_ids`` gets a key."""
        return cls._build(sorted(mentions, key=itemgetter(0, 1, 3)), entry_ids)

    @classmethod
    def _build(cls, ordered: Sequence[Mention], entry_ids: Iterable[str]) -> Index:
        """``ordered`` must already be sorted by (paragraph, start, entry_id)."""
        ordered = tuple(ordered)
        numbers = sorted(set(map(itemgetter(0), ordered)))
        found: dict[int, list[tuple[int, int, tuple[str]]]] = {n: [] for n in numbers}
        for paragraph, start, end, entry_id in ordered:
            found[paragraph].append((start, end, (entry_id,)))
        return cls.from_columns(numbers, columns_of(numbers, found.values(), entry_ids), ordered)

    @classmethod
    def from_columns(
        cls,
        paragraphs: Sequence[int],
        columns: Columns,
        mentions: tuple[Mention, ...] | None = None,
    ) -> Index:
        """The index of :func:`columns_of`'s columns for these paragraph numbers (strictly
        increasing; ``mentions``: the same mentions, if already made)."""
        counts = columns.counts
        return cls(
            list(compress(paragraphs, counts)),
            list(accumulate(filter(None, counts), initial=0)),
            columns.starts,
            columns.ends,
            columns.numbers,
            columns.ids,
            columns.order,
            list(accumulate(columns.entry_counts, initial=0)),
            columns.entry_paragraphs,
            mentions,
        )

    # -- the views --------------------------------------------------------------------
    @property
    def mentions(self) -> tuple[Mention, ...]:
        """All mentions, in index order (made on first use)."""
        made: tuple[Mention, ...] | None = self._memo["mentions"]
        if made is None:
            ids = self._ids
            made = tuple(
                map(
                    _make,
                    zip(
                        self._paragraph_column(),
                        self._starts,
                        self._ends,
                        map(ids.__getitem__, self._numbers),
                        strict=True,
                    ),
                )
            )
            self._memo["mentions"] = made
        return made

    def _paragraph_column(self) -> Sequence[int]:
        """The paragraph of each mention, in index order (made once)."""
        column: Sequence[int] | None = self._memo["column"]
        if column is None:
            offsets = self._offsets
            counts = map(sub, offsets[1:], offsets)
            column = list(chain.from_iterable(map(repeat, self._keys, counts)))
            self._memo["column"] = column
        return column

    def _number_of(self) -> dict[str, int]:
        number: dict[str, int] | None = self._memo["number"]
        if number is None:
            number = self._memo["number"] = {entry_id: i for i, entry_id in enumerate(self._ids)}
        return number

    def _run(self, paragraph: int) -> tuple[int, int]:
        """Where paragraph ``paragraph``'s mentions are in the columns (empty: none)."""
        keys = self._keys
        k = bisect_left(keys, paragraph)
        if k == len(keys) or keys[k] != paragraph:
            return (0, 0)
        return (self._offsets[k], self._offsets[k + 1])

    def _paragraph(self, paragraph: int) -> tuple[Mention, ...] | None:
        a, b = self._run(paragraph)
        if a == b:
            return None
        made: tuple[Mention, ...] | None = self._memo["mentions"]
        if made is not None:
            return made[a:b]
        ids = self._ids
        return tuple(
            map(
                _make,
                zip(
                    repeat(paragraph, b - a),
                    self._starts[a:b],
                    self._ends[a:b],
                    map(ids.__getitem__, self._numbers[a:b]),
                    strict=True,
                ),
            )
        )

    def _entry(self, entry_id: str) -> tuple[Mention, ...] | None:
        e = self._number_of().get(entry_id)
        if e is None:
            return None
        positions = self._order[self._entry_offsets[e] : self._entry_offsets[e + 1]]
        made: tuple[Mention, ...] | None = self._memo["mentions"]
        if made is not None:
            return tuple(map(made.__getitem__, positions))
        column = self._paragraph_column()
        return tuple(
            map(
                _make,
                zip(
                    map(column.__getitem__, positions),
                    map(self._starts.__getitem__, positions),
                    map(self._ends.__getitem__, positions),
                    repeat(entry_id),
                ),
            )
        )

    # -- lookups ----------------------------------------------------------------------
    def entries_in(self, paragraph: int) -> tuple[str, ...]:
        """Distinct entry ids mentioned in a paragraph, in order of first mention."""
        a, b = self._run(paragraph)
        return tuple(dict.fromkeys(map(self._ids.__getitem__, self._numbers[a:b])))

    def mentions_of(self, entry_id: str) -> tuple[Mention, ...]:
        return self.by_entry.get(entry_id, ())

    def paragraphs_of(self, entry_id: str) -> tuple[int, ...]:
        """The paragraph of each of an entry's mentions, in index order (as
        ``tuple(m.paragraph for m in index.mentions_of(entry_id))``, without making
        the mentions)."""
        e = self._number_of().get(entry_id)
        if e is None:
            return ()
        return tuple(self._entry_paragraphs[self._entry_offsets[e] : self._entry_offsets[e + 1]])

    def count_of(self, entry_id: str) -> int:
        """How many mentions an entry has (0 for an unknown id)."""
        e = self._number_of().get(entry_id)
        return 0 if e is None else self._entry_offsets[e + 1] - self._entry_offsets[e]

    def at(self, paragraph: int, offset: int) -> tuple[Mention, ...]:
        """Mentions whose span covers ``offset`` (``start <= offset < end``)."""
        found = self.by_paragraph.get(paragraph, ())
        i = bisect_right(found, offset, key=itemgetter(1))
        j = i
        while j > 0 and found[j - 1].start == found[i - 1].start:  # same span, other entries
            j -= 1
        return tuple(m for m in found[j:i] if offset < m.end)

    # -- comparing --------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Index):
            return NotImplemented
        if self._ids == other._ids:  # the usual case: the columns say it all
            return (
                list(self._keys) == list(other._keys)
                and list(self._offsets) == list(other._offsets)
                and list(self._starts) == list(other._starts)
                and list(self._ends) == list(other._ends)
                and list(self._numbers) == list(other._numbers)
            )
        return set(self._ids) == set(other._ids) and self.mentions == other.mentions

    def __hash__(self) -> int:
        return hash((self.mentions,))

    def __repr__(self) -> str:
        return f"Index(mentions={self.mentions!r}, entry_ids={self._ids!r})"


_K = TypeVar("_K")


class _Lazy(Mapping[_K, tuple[Mention, ...]]):
    """Key → mentions, each key's made on first access by :meth:`_make` (then kept);
    the keys, in order, are :meth:`_keys`. Subclasses check their own keys."""

    __slots__ = ("_index", "_made")

    def __init__(self, index: Index) -> None:
        self._index = index
        self._made: dict[_K, tuple[Mention, ...]] = {}

    @abstractmethod
    def _make(self, key: _K) -> tuple[Mention, ...] | None:
        """The mentions of ``key``, or None where it is not a key."""

    @abstractmethod
    def _keys(self) -> Sequence[_K]:
        """The keys, in order."""

    def __getitem__(self, key: _K) -> tuple[Mention, ...]:
        found = self._made.get(key)
        if found is None:
            found = self._make(key)
            if found is None:
                raise KeyError(key)
            self._made[key] = found
        return found

    def __iter__(self) -> Iterator[_K]:
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())

    def __repr__(self) -> str:
        return f"{{{', '.join(f'{k!r}: {ms!r}' for k, ms in self.items())}}}"


class _ByParagraph(_Lazy[int]):
    """Paragraph number → mentions (only paragraphs with some)."""

    __slots__ = ()

    def _make(self, paragraph: int) -> tuple[Mention, ...] | None:
        return self._index._paragraph(paragraph) if type(paragraph) is int else None

    def _keys(self) -> Sequence[int]:
        return self._index._keys

    def __contains__(self, paragraph: object) -> bool:
        return type(paragraph) is int and self._index._run(paragraph) != (0, 0)


class _ByEntry(_Lazy[str]):
    """Entry id → mentions (every entry id of the index)."""

    __slots__ = ()

    def _make(self, entry_id: str) -> tuple[Mention, ...] | None:
        return self._index._entry(entry_id)

    def _keys(self) -> Sequence[str]:
        return self._index._ids

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._index._number_of()
