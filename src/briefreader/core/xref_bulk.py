"""The cross-reference matcher for many paragraphs at once: a long text's index.

The per-paragraph scanner (:mod:`.xref_scan`) loops in Python over every word of
the text, ~0.8 µs a word: 0.6 s for a 4.4 MB text. Here the regular-expression
engine does that loop, over all paragraphs joined into one string, and Python only
sees the mentions. Same rules and results as :class:`~.xref.Matcher` (see
:mod:`.xref`), for *plain* texts (:func:`~.xref_scan.plain`), where folding a
character for a case-insensitive name is ``str.upper`` and keeps every offset:

1. the paragraphs are joined with ``"\\x00"`` (a non-word character no name
   contains, so no mention spans two paragraphs) behind one space;
2. the names are grouped into up to four *streams*: case-insensitive ones are
   matched in the upper-cased text, case-sensitive ones in the text itself, and
   each kind is split into names starting with a word character (pattern
   ``\\W(trie)``: tried only at non-word characters, the name right after one)
   and names starting with another character (``trie``). A trie (shared prefixes
   factored out, longer continuations before an ending, ``(?!\\w)`` after a final
   word character) gives the longest name at a position, so each stream alone is
   already leftmost-longest;
3. the streams are merged: the earliest start wins, then the longest; equal spans
   keep all their names; a stream whose next match overlaps the winner searches
   again from the winner's end (so a mention hidden behind another stream's longer
   one is never lost).

Compiling the expression costs ~30 µs a name, and where mentions are dense both paths
spend most of their time on them, so :func:`worth_it` keeps this for texts of at
least :data:`CHARS_PER_NAME` characters per name (4.4 MB and 500 names: ~4x faster;
320 KB and 3,000 names: slower, left to the per-paragraph scanner).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import accumulate, chain, compress, repeat
from operator import getitem, itemgetter, sub
from typing import NamedTuple

from .words import squash
from .xref_trie import flat_pattern, trie_pattern
from .xref_trie import is_word as _is_word
from .xref_words import WordScan, spaced

Key = tuple[bool, str]  # (case-sensitive?, key) as in .xref
Ids = tuple[str, ...]  # entry ids
Found = tuple[int, int, Ids]

SEP = "\x00"
_NONE = 1 << 62  # "no further match" (past any offset)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")

#: Use the bulk scan when the text has at least this many characters per name.
CHARS_PER_NAME = 2000


def worth_it(chars: int, names: int) -> bool:
    return names > 0 and chars >= CHARS_PER_NAME * names


def _trie(keys: list[str]) -> str:
    return trie_pattern(keys, sensitive=True)  # case-insensitive keys are matched upper-cased


def _flat(keys: list[str]) -> str:
    return f"(?:{flat_pattern(keys, sensitive=True)})"


def _compile(keys: list[str], word_start: bool) -> re.Pattern[str]:
    for shape in (_trie, _flat):
        try:
            body = shape(keys)
            return re.compile(rf"\W({body})" if word_start else f"({body})")
        except (RecursionError, re.error):  # a trie nested too deeply (~1000 levels)
            continue
    raise AssertionError("unreachable: a flat alternation always compiles")  # pragma: no cover


class _Stream:
    """The matches of one pattern in one text, from a position on."""

    __slots__ = ("back", "e", "it", "key", "memo", "pattern", "s", "sensitive", "text")

    def __init__(self, pattern: re.Pattern[str], text: str, sensitive: bool, back: int) -> None:
        self.pattern, self.text, self.sensitive, self.back = pattern, text, sensitive, back
        self.memo: dict[str, tuple[Key, ...]] = {}
        self.s = self.e = 0
        self.key: tuple[Key, ...] = ()
        self.it: Iterator[re.Match[str]] = iter(())
        self.restart(0)

    def restart(self, pos: int) -> None:
        self.it = self.pattern.finditer(self.text, pos)
        self.advance()

    def advance(self) -> None:
        m = next(self.it, None)
        if m is None:
            self.s = self.e = _NONE
            return
        self.s, self.e = s, e = m.span(1)
        matched = self.text[s:e]
        key = self.memo.get(matched)
        if key is None:
            key = self.memo[matched] = ((self.sensitive, squash(matched)),)
        self.key = key


class BulkScanner:
    """Names grouped into streams (see the module docstring), compiled once."""

    def __init__(self, keys: Iterable[Key]) -> None:
        keys = list(keys)
        groups: dict[tuple[bool, bool], list[str]] = {}  # (sensitive, word start) -> keys
        self._words = WordScan(keys)  # the fast path (see .xref_words)
        for sensitive, key in keys:
            groups.setdefault((sensitive, _is_word(key[0])), []).append(key)
        self._groups = groups
        self._odd_ends = any(not _is_word(k[-1]) for ks in groups.values() for k in ks)
        self._unsafe = any(SEP in k for ks in groups.values() for k in ks)
        self._compiled: list[tuple[bool, bool, re.Pattern[str]]] | None = None

    @property
    def _patterns(self) -> list[tuple[bool, bool, re.Pattern[str]]]:
        """(sensitive?, word start?, pattern) per stream, compiled on first need."""
        if self._compiled is None:
            self._compiled = [
                (sensitive, word_start, _compile(sorted(ks), word_start))
                for (sensitive, word_start), ks in sorted(self._groups.items())
            ]
        return self._compiled

    def usable(self, joined: str, count: int, plain: Callable[[str], bool]) -> bool:
        """Whether ``joined`` (``count`` texts joined with :data:`SEP`) can be scanned
        here: no text holds the separator and every character is plain."""
        if self._unsafe or joined.count(SEP) != count - 1:
            return False
        return joined.isascii() or plain("".join(set(_NON_ASCII.findall(joined))))

    def find_many(
        self,
        joined: str,
        lengths: Sequence[int],
        resolve: Callable[[tuple[Key, ...]], Ids],
        *,
        only_kept: bool = False,
    ) -> list[list[Found]]:
        """Leftmost-longest non-overlapping matches in each of the texts of ``lengths``
        joined with :data:`SEP` into ``joined`` (*plain*: the caller checks
        :meth:`usable`), as ``(start, end, resolve(keys))`` by text; matches that
        resolve to nothing are left out. ``only_kept``: ``resolve`` is called only for
        the keys of matches in the result (else also for some the fast path drops)."""
        out: list[list[Found]] = [[] for _ in lengths]
        if not self._groups or not lengths:
            return out
        fast = self._fast(joined, lengths, resolve, only_kept)
        if fast is None:
            _collect(self._spans(" " + joined), lengths, resolve, out)
            return out
        columns, again = fast
        out[:] = columns.split()
        self._redo(out, again, joined, lengths, resolve)
        return out

    def find_matches(
        self, joined: str, lengths: Sequence[int], resolve: Callable[[tuple[Key, ...]], Ids]
    ) -> Matches:
        """:meth:`find_many`'s result as :class:`Matches` (on the fast path, with no
        paragraph to match again, without a tuple or a list per match or per text)."""
        fast = self._fast(joined, lengths, resolve, False) if self._groups and lengths else None
        if fast is None:
            return Matches.of(self.find_many(joined, lengths, resolve))
        columns, again = fast
        if not again:
            return columns
        out = columns.split()
        self._redo(out, again, joined, lengths, resolve)
        return Matches.of(out)

    def _fast(
        self,
        joined: str,
        lengths: Sequence[int],
        resolve: Callable[[tuple[Key, ...]], Ids],
        only_kept: bool,
    ) -> tuple[Matches, list[int]] | None:
        """The fast path's columns and the texts to match again; None where it cannot go."""
        if not self._words.usable:
            return None
        text = " " + joined
        spaced_text = spaced(text)
        if spaced_text is None:
            return None
        return _columns(*self._words.find(text, spaced_text), lengths, resolve, only_kept)

    def _redo(
        self,
        out: list[list[Found]],
        again: list[int],
        joined: str,
        lengths: Sequence[int],
        resolve: Callable[[tuple[Key, ...]], Ids],
    ) -> None:
        """Texts ``again`` (where a name of several words, or with a hyphen..., may be)
        matched by the general path, in place in ``out``."""
        if not again:
            return
        starts = list(accumulate((n + 1 for n in lengths[:-1]), initial=0))
        texts = [joined[starts[k] : starts[k] + lengths[k]] for k in again]
        redone: list[list[Found]] = [[] for _ in again]
        _collect(self._spans(" " + SEP.join(texts)), list(map(len, texts)), resolve, redone)
        for k, found in zip(again, redone, strict=True):
            out[k] = found

    def _spans(self, text: str) -> Iterable[tuple[int, int, tuple[Key, ...]]]:
        """The general path: every stream of names in ``text`` (joined, after a space)."""
        patterns = self._patterns
        upper = text.upper() if any(not s for s, _, _ in patterns) else text
        streams = [
            _Stream(pattern, text if sensitive else upper, sensitive, 1 if word_start else 0)
            for sensitive, word_start, pattern in patterns
        ]
        if len(streams) == 1 and streams[0].back and not self._odd_ends:
            return _simple(streams[0])
        return _merge(streams)


class Matches(NamedTuple):
    """Matches in several texts: ``counts[k]`` matches in text ``k``, then, text by
    text and by start, each match's ``starts``, ``ends`` (offsets into its text) and
    ``ids``."""

    counts: list[int]
    starts: list[int]
    ends: list[int]
    ids: list[Ids]

    @classmethod
    def of(cls, found: list[list[Found]]) -> Matches:
        flat = list(chain.from_iterable(found))
        return cls(
            list(map(len, found)),
            list(map(itemgetter(0), flat)),
            list(map(itemgetter(1), flat)),
            list(map(itemgetter(2), flat)),
        )

    def split(self) -> list[list[Found]]:
        """The matches as lists of ``(start, end, ids)`` by text."""
        found = list(zip(self.starts, self.ends, self.ids, strict=True))
        bounds = list(accumulate(self.counts, initial=0))
        slices = map(slice, bounds[:-1], bounds[1:])
        return list(map(getitem, repeat(found), slices))  # type: ignore[arg-type]


def _columns(
    starts: list[int],
    ends: list[int],
    words: list[str],
    keys_of: dict[str, tuple[Key, ...] | None],
    lengths: Sequence[int],
    resolve: Callable[[tuple[Key, ...]], Ids],
    only_kept: bool,
) -> tuple[Matches, list[int]]:
    """The fast path's matches (offsets into the joined text after its leading space;
    ``keys_of[words[i]]`` the keys of match ``i``) as :class:`Matches`, in C where it
    can be (``map``, ``bisect``, ``compress``), and the texts (in order) where an
    anchor was found: to be matched again (their columns are not to be used).
    ``only_kept``: resolve no keys of those texts."""
    bases = list(accumulate((n + 1 for n in lengths[:-1]), initial=1))
    cuts = [*map(bisect_left, repeat(starts), bases), len(starts)]  # each text's first match
    counts = list(map(sub, cuts[1:], cuts[:-1]))
    texts = list(chain.from_iterable(map(repeat, range(len(bases)), counts)))
    anchors = {word for word, keys in keys_of.items() if keys is None}
    again = sorted(set(compress(texts, map(anchors.__contains__, words)))) if anchors else []
    wanted: Iterable[str] = keys_of
    if only_kept and again:
        redo = set(again)
        wanted = {w for w, t in zip(words, texts, strict=True) if t not in redo}
    ids_of: dict[str, Ids] = {}
    for word in wanted:
        keys = keys_of[word]
        if keys is not None:
            ids_of[word] = resolve(keys) if keys else ()
    ids = list(map(ids_of.get, words))  # None for an anchor (or one of a text redone)
    keep = list(map(bool, ids))
    at = list(chain.from_iterable(map(repeat, bases, counts)))
    kept = list(accumulate(keep, initial=0))  # matches kept before each match
    bounds = list(map(kept.__getitem__, cuts))
    columns = Matches(
        list(map(sub, bounds[1:], bounds[:-1])),
        list(compress(map(sub, starts, at), keep)),
        list(compress(map(sub, ends, at), keep)),
        list(compress(ids, keep)),  # type: ignore[arg-type]  # (never None where kept)
    )
    return columns, again


def _collect(
    spans: Iterable[tuple[int, int, tuple[Key, ...]]],
    lengths: Sequence[int],
    resolve: Callable[[tuple[Key, ...]], Ids],
    out: list[list[Found]],
) -> None:
    """The general path's ``spans`` (offsets into the joined text after its leading
    space) put into ``out`` by text, as offsets into each text."""
    memo: dict[tuple[Key, ...], Ids] = {}
    k, base = 0, 1
    limit = base + lengths[0]
    here = out[0]
    for start, end, keys in spans:
        if start >= limit:
            while start >= limit:
                k += 1
                base = limit + 1
                limit = base + lengths[k]
            here = out[k]
        ids = memo.get(keys)
        if ids is None:
            ids = memo[keys] = resolve(keys) if keys else ()
        if ids:
            here.append((start - base, end - base, ids))


def _simple(stream: _Stream) -> Iterator[tuple[int, int, tuple[Key, ...]]]:
    """One stream of names that start and end with word characters: each match is a
    mention and the next one is found from its end (``finditer`` does it all)."""
    text, sensitive = stream.text, stream.sensitive
    memo: dict[str, tuple[Key, ...]] = {}
    for m in stream.pattern.finditer(text):
        start, end = m.span(1)
        matched = text[start:end]
        keys = memo.get(matched)
        if keys is None:
            keys = memo[matched] = ((sensitive, squash(matched)),)
        yield start, end, keys


def _merge(streams: list[_Stream]) -> Iterator[tuple[int, int, tuple[Key, ...]]]:
    """The streams' matches merged: earliest start, then longest; equal spans merged."""
    word_at = streams[0].text
    while True:
        start = min(st.s for st in streams)
        if start == _NONE:
            return
        end = max(st.e for st in streams if st.s == start)
        won = [st for st in streams if st.s == start and st.e == end]
        yield start, end, won[0].key if len(won) == 1 else tuple(k for st in won for k in st.key)
        word_end = _is_word(word_at[end - 1])
        for st in streams:
            if st.s >= end:
                continue
            if st in won and (not st.back or word_end):
                st.advance()  # its own next match is the next candidate
            else:
                st.restart(end - st.back)  # the next name may start right at `end`
