"""The cross-reference index: where each glossary term and actor is mentioned.

Matching rules (every name of an entry — its headword/name and its aliases):

* **Literal.** A name is text, never a regular expression. Leading/trailing
  whitespace is ignored and each inner run of whitespace matches any run of one or
  more whitespace characters in the text (``\\s+``, so NBSP and line breaks count).
* **Whole words.** A mention never starts or ends inside a word: if a name begins
  (ends) with a word character (Unicode ``\\w``), the text character before (after)
  the mention must not be one. Hyphens and apostrophes are not word characters, so
  ``Japan`` matches in ``Japan-NATO`` and ``NATO`` in ``NATO's``/``NATO’s`` (the
  span covers ``NATO`` only), while ``NATOs`` or ``aquiferous`` never match.
* **Case.** A name is case-sensitive iff one of its whitespace-separated tokens has
  at least two letters and all of its letters are upper-case (``NATO``, ``AP4``,
  ``US``, ``the ROK``); see :func:`is_case_sensitive`. Other names match ignoring
  case with Python ``re``'s simple per-character folding, applied to the original
  text, so offsets are always into the original string (``straße`` matches
  ``Straße`` but not ``STRASSE``; ``istanbul`` matches ``İSTANBUL``, 8 characters).
* **Leftmost-longest, no overlaps.** Scanning left to right, the mention starting
  earliest wins, and of those the longest (case-sensitive and insensitive names
  compete together); scanning resumes after it. Names whose matches coincide
  exactly (e.g. the same name on two entries) give one mention per entry, all
  with the same span. Entry ids on a span are sorted, so the result does not
  depend on the order of the entries or of their names.
* Names for which :func:`alias_problem` reports a problem are ignored.

All names are compiled into a single regular expression, so a text is scanned once
however many names there are: tries (shared prefixes factored out, longer
continuations tried before a name may end), one for case-sensitive names and one
for the rest, each inside a lookahead tried only at the non-word characters of the
text; see :class:`Matcher`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache, partial
from itertools import pairwise
from operator import attrgetter
from typing import TypeAlias

from briefreader.core.brief import Brief, Paragraph

from .gcpause import without_gc
from .words import squash
from .xref_bulk import SEP, BulkScanner, Matches, worth_it
from .xref_index import Index as Index  # (re-exported: the index and its mentions)
from .xref_index import Mention as Mention
from .xref_index import columns_of_matches
from .xref_scan import Scanner, plain
from .xref_trie import flat_pattern as _flat_pattern
from .xref_trie import is_word as _is_word
from .xref_trie import trie_pattern as _trie_pattern

EntryNames: TypeAlias = tuple[str, Sequence[str]]
"""An entry for matching: its id and its names (headword/name first, then aliases)."""

# Pairs that ``re`` treats as equal ignoring case but that upper/lower casing alone
# does not unify (see re._casefix); mapped onto the first of each pair.
_FOLD_FIXES = {"\u1fd3": "\u0390", "\u1fe3": "\u03b0", "\ufb06": "\ufb05"}


def alias_problem(alias: str) -> str | None:
    """Why a name can never be matched, or None if it is fine."""
    if not alias.strip():
        return "empty alias"
    if not any(ch.isalnum() for ch in alias):
        return "alias has no letters or digits"
    return None


def is_case_sensitive(alias: str) -> bool:
    """True if some whitespace-separated token of ``alias`` has at least two letters
    (``str.isalpha``) and all its letters are upper-case (``str.isupper``).

    ``NATO``, ``AP4``, ``US``, ``the ROK``, ``U.S.`` → True; ``Decoupling``, ``U``,
    ``x86``, ``ROK's``, ``Japan-NATO`` (a single token, mixed case) → False.
    """
    for token in alias.split():
        letters = [ch for ch in token if ch.isalpha()]
        if len(letters) >= 2 and all(ch.isupper() for ch in letters):
            return True
    return False


def _fold_char(ch: str) -> str:
    """The representative of ``ch``'s class under ``re.IGNORECASE`` (Unicode)."""
    ch = _FOLD_FIXES.get(ch, ch)
    lower = ch.lower()
    if len(lower) != 1:  # only U+0130 İ, whose simple lower-case mapping is "i"
        lower = lower[0]
    upper = lower.upper()
    return upper if len(upper) == 1 else lower


def _key(alias: str, case_sensitive: bool) -> str:
    """What a name (or a matched text) is identified by: whitespace collapsed, and
    for case-insensitive names each character folded."""
    text = squash(alias)
    if case_sensitive:
        return text
    return text.upper() if text.isascii() else "".join(map(_fold_char, text))  # ASCII: same


_Key: TypeAlias = tuple[bool, str]  # (case-sensitive?, key)


def _union(id_lists: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(sorted({entry_id for ids in id_lists for entry_id in ids}))


def _assemble(
    parts: dict[tuple[bool, bool], list[str]], shape: Callable[[list[str], bool], str]
) -> str:
    """The whole pattern: a non-word character, then a lookahead per part (inside a
    lookbehind for names starting at that character), at least one of them matching."""
    at: list[str] = []
    after: list[str] = []
    for (word_start, sensitive), keys in sorted(parts.items()):
        (after if word_start else at).append(f"(?=({shape(keys, sensitive)})|)")
    some = "".join(f"(?({i})|" for i in range(1, len(parts) + 1)) + "(?!)" + ")" * len(parts)
    # (?s:.): the character may be a line break (a plain "." would skip names after it)
    return r"\W" + (f"(?<={''.join(at)}(?s:.))" if at else "") + "".join(after) + some


class Matcher:
    """All names of a set of entries, compiled into one regular expression.

    The expression is tried only at non-word characters of ``" " + text`` (``re``
    skips other positions quickly); at each it looks ahead, without consuming, for
    the longest case-sensitive and case-insensitive name starting *at* that
    character (names beginning with a non-word character) and *after* it (names
    beginning with a word character, hence at a word start). Every candidate found
    is the longest at its start; a left-to-right greedy pass then drops those
    overlapping an earlier mention.
    """

    def __init__(self, entries: Sequence[EntryNames]) -> None:
        ids: dict[_Key, set[str]] = {}
        for entry_id, names in entries:
            for name in names:
                if alias_problem(name) is None:
                    sensitive = is_case_sensitive(name)
                    ids.setdefault((sensitive, _key(name, sensitive)), set()).add(entry_id)
        self._ids: dict[_Key, tuple[str, ...]] = {k: tuple(sorted(v)) for k, v in ids.items()}
        self._memo: dict[bool, dict[str, _Key]] = {True: {}, False: {}}
        self._scanner = Scanner(self._ids)  # plain texts: no regex at all (see .xref_scan)
        self._bulk = BulkScanner(self._ids)  # many plain texts at once (see .xref_bulk)
        # the regex and its (group number, case-sensitive?) pairs, compiled on first need
        self._compiled: tuple[re.Pattern[str] | None, list[tuple[int, bool]]] | None = None

    def _compile(self) -> tuple[re.Pattern[str] | None, list[tuple[int, bool]]]:
        if self._compiled is not None:
            return self._compiled
        parts: dict[tuple[bool, bool], list[str]] = {}  # (starts with \w?, sensitive?)
        for sensitive, key in sorted(self._ids):
            parts.setdefault((_is_word(key[0]), sensitive), []).append(key)
        if not parts:
            self._compiled = (None, [])
            return self._compiled
        # one capture group per part, numbered in pattern order: the names starting at
        # the non-word character come first, so candidates come out ordered by start
        groups = [(i, sensitive) for i, (_, sensitive) in enumerate(sorted(parts), 1)]
        try:
            pattern = re.compile(_assemble(parts, _trie_pattern))
        except (RecursionError, re.error):  # a trie nested too deeply (~1000 levels)
            pattern = re.compile(_assemble(parts, _flat_pattern))
        self._compiled = (pattern, groups)
        return self._compiled

    def _key_of(self, sensitive: bool, matched: str) -> _Key:
        memo = self._memo[sensitive]
        key = memo.get(matched)
        if key is None:
            if len(memo) > 100_000:
                memo.clear()
            key = memo[matched] = (sensitive, _key(matched, sensitive))
        return key

    def spans(self, text: str, *, fast: bool = True) -> list[tuple[int, int, tuple[_Key, ...]]]:
        """Leftmost-longest non-overlapping matches, each with the name keys matched
        (``fast=False``: always through the regular expression, for tests)."""
        if fast and plain(text, _fold_char):
            return self._scanner.spans(text)
        out: list[tuple[int, int, tuple[_Key, ...]]] = []
        pattern, groups = self._compile()
        if pattern is None:
            return out
        shifted = " " + text  # every word start now follows a non-word character
        key_of, memo = self._key_of, self._memo
        last_start = last_end = 0  # offsets into `shifted` until appended
        for m in pattern.finditer(shifted):
            regs = m.regs
            # candidates come by start (names at the character, then after it), each
            # the longest of its group there; rivals at one start are merged here
            for i, sensitive in groups:
                start, end = regs[i]
                if start < 0 or (start < last_end and start != last_start) or end < last_end:
                    continue
                matched = shifted[start:end]
                key = memo[sensitive].get(matched) or key_of(sensitive, matched)
                if start != last_start:
                    out.append((start - 1, end - 1, (key,)))
                    last_start, last_end = start, end
                elif end > last_end:
                    out[-1] = (start - 1, end - 1, (key,))
                    last_end = end
                elif key not in out[-1][2]:
                    out[-1] = (start - 1, end - 1, (*out[-1][2], key))
        return out

    def find(self, text: str, *, fast: bool = True) -> list[tuple[int, int, tuple[str, ...]]]:
        """Mentions in ``text`` as ``(start, end, entry_ids)``, by start; ids sorted."""
        return self._with_ids(self.spans(text, fast=fast))

    def find_many(
        self, texts: Sequence[str], *, bulk: bool | None = None
    ) -> list[list[tuple[int, int, tuple[str, ...]]]]:
        """:meth:`find` for each of ``texts``: in one pass over them all when they are
        long compared with the number of names (see :mod:`.xref_bulk`; ``bulk``: in
        one pass whenever the texts allow it, or never, for tests)."""
        if bulk is None:
            bulk = worth_it(sum(map(len, texts)), len(self._ids))
        if texts and bulk:
            joined = SEP.join(texts)
            if self._bulk.usable(joined, len(texts), lambda chars: plain(chars, _fold_char)):
                return self._bulk.find_many(joined, [len(t) for t in texts], self._ids_of)
        return [self.find(text) for text in texts]

    def find_matches(self, texts: Sequence[str]) -> Matches:
        """:meth:`find_many` as :class:`~.xref_bulk.Matches` (for a long text's index:
        on the bulk path no object is made per mention)."""
        if texts and worth_it(sum(map(len, texts)), len(self._ids)):
            joined = SEP.join(texts)
            if self._bulk.usable(joined, len(texts), lambda chars: plain(chars, _fold_char)):
                return self._bulk.find_matches(joined, [len(t) for t in texts], self._ids_of)
        return Matches.of([self.find(text) for text in texts])

    def _ids_of(self, keys: tuple[_Key, ...]) -> tuple[str, ...]:
        ids = self._ids
        return ids.get(keys[0], ()) if len(keys) == 1 else _union(ids.get(k, ()) for k in keys)

    def _with_ids(
        self, spans: Iterable[tuple[int, int, tuple[_Key, ...]]]
    ) -> list[tuple[int, int, tuple[str, ...]]]:
        ids, out = self._ids, []
        for start, end, keys in spans:
            found = ids.get(keys[0], ()) if len(keys) == 1 else _union(ids.get(k, ()) for k in keys)
            if found:  # always, unless folding disagreed with `re` (then: no mention)
                out.append((start, end, found))
        return out

    def names_found(self, text: str) -> set[_Key]:
        """Keys of the names that won at least one mention in ``text``."""
        return {key for _, _, keys in self.spans(text) for key in keys}

    def names_found_many(self, texts: Sequence[str], *, bulk: bool | None = None) -> set[_Key]:
        """:meth:`names_found` over all of ``texts`` (in one pass when they are long)."""
        found: set[_Key] = set()
        if bulk is None:
            bulk = worth_it(sum(map(len, texts)), len(self._ids))
        if texts and bulk:
            joined = SEP.join(texts)
            if self._bulk.usable(joined, len(texts), lambda chars: plain(chars, _fold_char)):

                def record(keys: tuple[_Key, ...]) -> tuple[str, ...]:
                    found.update(keys)  # (called once per distinct set of keys)
                    return ()  # no mentions kept

                self._bulk.find_many(joined, [len(t) for t in texts], record, only_kept=True)
                return found
        for text in texts:
            found |= self.names_found(text)
        return found


def _freeze(entries: Sequence[EntryNames]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((entry_id, tuple(names)) for entry_id, names in entries)


@lru_cache(maxsize=16)
def _cached_matcher(entries: tuple[tuple[str, tuple[str, ...]], ...]) -> Matcher:
    return Matcher(entries)


def compile_matcher(entries: Sequence[EntryNames]) -> Matcher:
    """A (cached) matcher for ``(entry_id, names)`` pairs."""
    return _cached_matcher(_freeze(entries))


def brief_entries(brief: Brief) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The ``(entry_id, names)`` pairs of a brief: glossary terms, then actors."""
    return tuple((entry.id, entry.names) for entry in brief.entries)


def _loose(text: str) -> str:
    """``text`` folded as case-insensitive keys are, whitespace removed: a name can only
    be mentioned where its loose form is part of the text's."""
    squeezed = "".join(text.split())
    return squeezed.upper() if squeezed.isascii() else "".join(map(_fold_char, squeezed))


@without_gc
def build_index(
    paragraphs: Sequence[Paragraph], entries: Sequence[EntryNames], *, prefilter: bool = False
) -> Index:
    """Index every mention of every entry's names in the paragraphs.

    ``prefilter``: match only the entries a name of which could occur (a loose substring
    test first): the same index, without compiling every name, for a short text such as
    the byline of a brief with a big glossary."""
    if prefilter:
        haystack = "\n".join(_loose(p.text) for p in paragraphs)
        some = [(e, names) for e, names in entries if any(_loose(n) in haystack for n in names)]
        matcher = compile_matcher(some)
    else:
        matcher = compile_matcher(entries)
    ordered = sorted(paragraphs, key=attrgetter("n"))
    texts = [p.text for p in ordered]
    entry_ids = [entry_id for entry_id, _ in entries]
    if any(a.n == b.n for a, b in pairwise(ordered)):  # duplicate numbers: sort them out
        make = partial(tuple.__new__, Mention)  # (Mention's own __new__ is Python code)
        mentions = [
            make((paragraph.n, start, end, entry_id))
            for paragraph, spans in zip(ordered, matcher.find_many(texts), strict=True)
            for start, end, ids in spans
            for entry_id in ids  # sorted
        ]
        return Index.from_mentions(mentions, entry_ids)
    numbers = [p.n for p in ordered]  # already in (paragraph, start, entry_id) order:
    matches = matcher.find_matches(texts)  # no mention made
    return Index.from_columns(numbers, columns_of_matches(numbers, matches, entry_ids))


def index_brief(brief: Brief) -> Index:
    return build_index(brief.paragraphs, brief_entries(brief))


def unmatched_names(
    paragraphs: Sequence[Paragraph], entries: Sequence[EntryNames]
) -> list[tuple[str, str]]:
    """``(entry_id, name)`` for each name that occurs nowhere in the paragraphs.

    A name counts as found if it matches somewhere on its own, even where a longer
    name wins that spot in the index. Names with an :func:`alias_problem` are
    left out (they are errors, not warnings). Order: as in ``entries``, no repeats.
    For the validator: ``unmatched_names(brief.paragraphs, brief_entries(brief))``.
    """
    matcher = compile_matcher(entries)
    found = matcher.names_found_many([paragraph.text for paragraph in paragraphs])
    out: dict[tuple[str, str], None] = {}
    for entry_id, names in entries:
        for name in names:
            if alias_problem(name) is not None or (entry_id, name) in out:
                continue
            sensitive = is_case_sensitive(name)
            if (sensitive, _key(name, sensitive)) in found:
                continue
            alone = Matcher([(entry_id, [name])])  # shadowed by longer names?
            if any(alone.spans(paragraph.text) for paragraph in paragraphs):
                found.add((sensitive, _key(name, sensitive)))
            else:
                out[(entry_id, name)] = None
    return list(out)
