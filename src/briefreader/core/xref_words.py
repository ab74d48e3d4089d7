"""The bulk matcher's fast path (:mod:`.xref_bulk`): whole words found after spaces.

Python's ``re`` starts a pattern that begins with ``\\W`` at every position of the text
(~25 ns each: ~110 ms for 4.4 MB before a single name is tried), while it finds a
literal first character with a fast scan. So, for a long *plain* text (see
:func:`~.xref_scan.plain`) whose non-ASCII characters are all non-word characters:

1. a copy is made in which every non-word character is a space and every letter is
   upper-case (``bytes.translate``; offsets unchanged: one character for one), so
   every word of the text starts right after a space;
2. one pattern, ``" (" + trie + ")"``, finds every whole word that is in the trie: the
   names made only of word characters (*simple* names; a case-sensitive one is
   upper-cased there and compared with the original text afterwards) and, for every
   other name (a space, a hyphen, a dot, an apostrophe in it), its longest run of word
   characters -- its *anchor*;
3. whole words never overlap, so where no other name can match, each word found is
   one mention of the simple names it is (case-insensitive ones: its upper-case form;
   case-sensitive ones: its exact text), which is what the general path gives:
   leftmost-longest among names that are single whole words is every occurrence;
4. any other name's mention contains its anchor as a whole word (the anchor is bounded
   by non-word characters of the name or by the name's own word boundaries), so a
   paragraph without an anchor holds none; a paragraph with one is matched again by
   the general path (:class:`~.xref_bulk.BulkScanner`), whose result replaces the fast
   one there.

A name without any word character has no anchor: then this path is not used.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import repeat

from .xref_trie import is_word, trie_pattern

__all__ = ["WordScan"]

Key = tuple[bool, str]  # (case-sensitive?, key) as in .xref
Keys = tuple[Key, ...] | None  # a word's names; None: an anchor

_START, _END = re.Match.start, re.Match.end
_WORD_RUN = re.compile(r"\w+")


def _table() -> bytes:
    """ASCII: letters upper-case, word characters kept, every other character a space."""
    table = bytearray(b" " * 256)
    for code in range(128):
        ch = chr(code)
        if is_word(ch):
            table[code] = ord(ch.upper())
    return bytes(table)


_TABLE = _table()


def spaced(text: str) -> str | None:
    """``text`` with every non-word character a space and letters upper-case, offsets
    kept; None if it has a non-ASCII word character (then this path does not apply)."""
    if not text.isascii():
        odd = set(re.findall(r"[^\x00-\x7f]", text))
        if any(is_word(ch) for ch in odd):
            return None
        for ch in odd:  # (a few distinct quotes, dashes, spaces: one pass each, in C)
            text = text.replace(ch, " ")
    return text.encode("ascii").translate(_TABLE).decode("ascii")


class WordScan:
    """The fast path's names (see the module docstring), compiled on first use."""

    def __init__(self, keys: Iterable[Key]) -> None:
        self.insensitive: set[str] = set()
        self.sensitive: set[str] = set()
        self.anchors: set[str] = set()
        self.usable = True
        for sensitive, key in keys:
            if all(map(is_word, key)):
                (self.sensitive if sensitive else self.insensitive).add(key)
                continue
            runs = _WORD_RUN.findall(key)
            if not runs:
                self.usable = False  # e.g. "#": no word to find it by
                continue
            self.anchors.add(max(runs, key=len).upper())
        self._pattern: re.Pattern[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        if self._pattern is None:
            words = {*self.insensitive, *map(str.upper, self.sensitive), *self.anchors}
            trie = trie_pattern(sorted(words), sensitive=True, bounded=False)
            self._pattern = re.compile(" (" + trie + r")(?!\w)")  # (all word characters)
        return self._pattern

    def find(
        self, text: str, spaced_text: str
    ) -> tuple[list[int], list[int], list[str], dict[str, Keys]]:
        """Every whole word of ``text`` in the trie, by start, as three columns --
        starts, ends, the words -- and each distinct word's keys: None for an anchor
        (the caller matches its paragraph again), ``()`` for a word no name is (a
        case-sensitive name in another case). ``spaced_text`` is :func:`spaced` of
        ``text``. Python makes no object per match but the match itself and its word:
        the columns are built by ``map`` in C, and the caller looks keys up by word
        (a string keeps its hash; a tuple of keys would be hashed again each time)."""
        matches = list(self.pattern.finditer(spaced_text))
        starts = list(map(_START, matches, repeat(1)))
        ends = list(map(_END, matches, repeat(1)))
        words = list(map(text.__getitem__, map(slice, starts, ends)))
        return starts, ends, words, {word: self._keys(word) for word in set(words)}

    def _keys(self, word: str) -> Keys:
        upper = word.upper()  # (ASCII here: as the spaced text has it)
        if upper in self.anchors:
            return None
        found: list[Key] = []
        if upper in self.insensitive:
            found.append((False, upper))
        if word in self.sensitive:
            found.append((True, word))
        return tuple(found)
