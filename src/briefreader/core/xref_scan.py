"""The cross-reference matcher's fast path: dictionary look-ups instead of one huge
regular expression, for texts whose characters fold plainly.

:class:`~.xref.Matcher` compiles every name into one regular expression; for ten
thousand names compiling it costs far more than scanning the text. This scanner
gives the same matches (same rules: literal, whole words, case, leftmost-longest;
see :mod:`.xref`) without compiling anything, for *plain* texts: ASCII, or whose
other characters have a one-to-one case mapping that ``re`` and the matcher's key
folding agree on (``é``, ``’``, ``中``, NBSP; not ``ß``, ``İ``, ``ſ``, ``K`` or the
Greek letters with ``re`` case fixes). For a plain text, folding each character
(:func:`~.xref._fold_char`) is ``str.upper`` and keeps every offset, so:

1. whitespace runs become one space (offsets mapped back afterwards) and the text
   is upper-cased once for the case-insensitive names;
2. a name starting with a word character can only start at the start of a word
   run (``\\w+``) and its own first run must be that whole run, so each run of the
   text is looked up in a dictionary of first runs; names starting with another
   character are looked up by that character, wherever it occurs;
3. the candidates found there, longest first, are checked with ``startswith`` and
   the trailing word boundary; then the same greedy left-to-right pass as the
   regex path drops overlaps.

Other texts go to the regular expression (compiled on first need).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable

from .xref_trie import is_word as _is_word

_WS = re.compile(r"\s+")
_WS_RUN = re.compile(r"\s\s+")
_WORD_RUN = re.compile(r"\w+")

Key = tuple[bool, str]  # (case-sensitive?, key) as in .xref
Span = tuple[int, int, tuple[Key, ...]]

_plain: dict[str, bool] = {}  # non-ASCII character -> folds plainly?


def _casefix_chars() -> frozenset[str]:
    """Characters ``re`` matches ignoring case beyond simple lower-casing (``re``'s own
    table; empty if this Python does not have it, then :func:`_is_plain` decides)."""
    try:
        from re import _casefix  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - every supported Python has it
        return frozenset()
    extra: dict[int, tuple[int, ...]] = _casefix._EXTRA_CASES
    return frozenset(chr(c) for k, v in extra.items() for c in (k, *v))


_CASEFIX = _casefix_chars()


def _is_plain(ch: str, fold: str) -> bool:
    """``ch`` (not ASCII) folds to its single upper-case letter, and its upper and
    lower cases map back onto each other, so ``re``'s per-character case folding and
    the matcher's key folding agree on it."""
    if ch in _CASEFIX:
        return False
    upper, lower = ch.upper(), ch.lower()
    if len(upper) != 1 or len(lower) != 1 or fold != upper:
        return False
    if _is_word(upper) != _is_word(ch) or upper.isspace() != ch.isspace():
        return False  # (the bulk scan tests word boundaries in the upper-cased text)
    return upper.lower() == lower and lower.upper() == upper


def plain(text: str, fold_char: Callable[[str], str]) -> bool:
    """True if every character of ``text`` folds plainly (see the module docstring)."""
    if text.isascii():
        return True
    for ch in set(text):
        ok = _plain.get(ch)
        if ok is None:
            ok = ch.isascii() or _is_plain(ch, fold_char(ch))
            _plain[ch] = ok
        if not ok:
            return False
    return True


class Scanner:
    """Names by their first word run (or first character), for :meth:`spans`."""

    def __init__(self, keys: Iterable[Key]) -> None:
        runs: tuple[dict[str, list[str]], dict[str, list[str]]] = ({}, {})  # by sensitive
        chars: tuple[dict[str, list[str]], dict[str, list[str]]] = ({}, {})
        for sensitive, key in keys:
            if _is_word(key[0]):
                first = _WORD_RUN.match(key)
                head = first.group() if first is not None else key[0]
                runs[sensitive].setdefault(head, []).append(key)
            else:
                chars[sensitive].setdefault(key[0], []).append(key)
        for table in (*runs, *chars):
            for found in table.values():
                found.sort(key=len, reverse=True)  # longest first: the first fit wins
        self._runs = runs
        self._chars = chars
        starts = {c for table in chars for c in table}
        self._at = (
            re.compile("[" + "".join(map(re.escape, sorted(starts))) + "]") if starts else None
        )

    def spans(self, text: str) -> list[Span]:
        """Leftmost-longest non-overlapping matches in a *plain* ``text`` (the caller
        checks :func:`plain`), each with the name keys matched; as the regex path."""
        norm = _WS.sub(" ", text)
        texts = (norm.upper(), norm)  # [sensitive]: what each kind of name is read in
        size = len(norm)
        found: dict[int, tuple[int, list[Key]]] = {}

        def best(start: int, sensitive: bool, keys: list[str]) -> None:
            source = texts[sensitive]
            for key in keys:
                end = start + len(key)
                if source.startswith(key, start) and (
                    end == size or not _is_word(key[-1]) or not _is_word(source[end])
                ):
                    here = found.get(start)
                    if here is None or end > here[0]:
                        found[start] = (end, [(sensitive, key)])
                    elif end == here[0]:
                        here[1].append((sensitive, key))
                    return

        runs_ci, runs_cs = self._runs
        if runs_ci or runs_cs:
            upper = texts[False]
            for m in _WORD_RUN.finditer(norm):
                start, end = m.span()
                if runs_cs:
                    keys = runs_cs.get(m.group())
                    if keys:
                        best(start, True, keys)
                if runs_ci:
                    keys = runs_ci.get(upper[start:end])
                    if keys:
                        best(start, False, keys)
        if self._at is not None:
            for sensitive in (False, True):
                table = self._chars[sensitive]
                if table:
                    for m in self._at.finditer(texts[sensitive]):
                        keys = table.get(m.group())
                        if keys:
                            best(m.start(), sensitive, keys)
        out: list[Span] = []
        last_end = 0
        for start in sorted(found):
            if start >= last_end:
                end, won = found[start]
                out.append((start, end, tuple(won)))
                last_end = end
        if len(norm) != len(text) and out:
            out = _shift(text, out)
        return out


def _shift(text: str, spans: list[Span]) -> list[Span]:
    """Offsets in the whitespace-collapsed text mapped back onto ``text``."""
    at: list[int] = []  # where each collapsed run's single space is, collapsed
    removed: list[int] = [0]  # characters removed before it (cumulative)
    for m in _WS_RUN.finditer(text):
        at.append(m.start() - removed[-1])
        removed.append(removed[-1] + m.end() - m.start() - 1)
    return [
        (s + removed[bisect_left(at, s)], e + removed[bisect_left(at, e)], keys)
        for s, e, keys in spans
    ]
