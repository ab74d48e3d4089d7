"""The regular-expression shapes of the cross-reference matchers (:mod:`.xref`,
:mod:`.xref_bulk`): names as literal text, whole words, longest first.

Keys are names already normalised (single spaces; case-insensitive ones folded, see
:func:`.xref._key`). A space in a key matches any run of whitespace; a key ending in
a word character must end at a word boundary (``(?!\\w)``). :func:`trie_pattern`
factors shared prefixes out so ``re`` tries each character once; where a trie nests
too deeply for ``re`` (~1000 levels), :func:`flat_pattern` is the fallback.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeAlias

__all__ = ["flat_pattern", "is_word", "piece", "trie_pattern"]

END = ""  # trie key marking "a name ends here"
WS_EDGE = " "  # trie key for a run of whitespace (names are normalised to single spaces)

# The only non-ASCII characters equal to ASCII ones ignoring case: İ ı ~ i, K ~ k, ſ ~ s.
ASCII_FOLD_EXTRA = {"I": "\u0130\u0131", "K": "\u212a", "S": "\u017f"}

_Trie: TypeAlias = dict[str, "_Trie"]


def is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def piece(chars: Iterable[str]) -> str:
    return "".join(r"\s++" if ch == WS_EDGE else re.escape(ch) for ch in chars)


def _first_char(key: str) -> str:
    """An exact, flag-free class for the first character of a folded ASCII key (so
    ``re`` can skip non-matching branches without entering them)."""
    members = sorted({key, key.lower(), *ASCII_FOLD_EXTRA.get(key, "")})
    return re.escape(key) if len(members) == 1 else "[" + "".join(members) + "]"


def trie_pattern(keys: list[str], sensitive: bool, *, bounded: bool = True) -> str:
    """A regex matching, at a position, the longest of ``keys`` that ends at a word
    boundary: a trie with shared prefixes factored out and, at each node, ending
    there tried after every longer continuation. Siblings are disjoint (distinct
    characters, or distinct folded characters ignoring case), so the first success
    is the longest. Case-insensitive tries use ``(?i:...)`` after the first character.
    ``bounded=False``: no word-boundary test at the ends (the caller puts one after
    the whole trie: a smaller pattern, compiled ~30 % faster, when every key is made
    of word characters only)."""
    root: _Trie = {}
    for key in keys:
        node = root
        for ch in key:
            node = node.setdefault(ch, {})
        node[END] = {}

    def emit(node: _Trie, prev: str) -> str:
        branches = []
        for ch in sorted(k for k in node if k != END):
            chars, child = [ch], node[ch]
            while len(child) == 1 and END not in child:  # path compression
                ((nxt, child),) = child.items()
                chars.append(nxt)
            if node is not root or sensitive:
                branches.append(piece(chars) + emit(child, chars[-1]))
            elif ch.isascii():
                branches.append(f"{_first_char(ch)}(?i:{piece(chars[1:])}{emit(child, chars[-1])})")
            else:
                branches.append(f"(?i:{piece(chars)}{emit(child, chars[-1])})")
        if END in node:
            branches.append(r"(?!\w)" if bounded and is_word(prev) else "")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(root, "")


def flat_pattern(keys: list[str], sensitive: bool) -> str:
    """Fallback for tries nested too deeply for ``re``: an alternation, longest first."""
    ordered = sorted(keys, key=lambda k: (-len(k), k))
    flat = "|".join(piece(k) + (r"(?!\w)" if is_word(k[-1]) else "") for k in ordered)
    return flat if sensitive else f"(?i:{flat})"
