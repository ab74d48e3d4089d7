"""Quoted short terms: phrases in straight or curly, double or single quotes.

A term is at most five words and 60 characters and does not end a clause inside
the quotes (``.``/``?``/``!`` after a multi-word phrase); long quotations are not
terms, nor are lower-case fragments of three words or more with a negation, a
pronoun or a form of *be* (``"not a complete solution"``). A comma inside is fine
(``"One-Belt, One Road"``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PATTERNS = (
    re.compile(r"“([^“”\n]{1,80})”"),
    re.compile(r"(?<![\w\"])\"([^\"\n]{1,80})\"(?![\w])"),
    re.compile(r"(?<![\w‘’])‘([^‘’\n]{1,60})’(?![\w])"),
    re.compile(r"(?<![\w'])'([^'\n]{1,60})'(?![\w])"),
)
MAX_WORDS = 5
_CLAUSE_WORDS = frozenset(
    ("not", "no", "is", "are", "was", "were", "be", "been", "we", "you", "it", "will", "would")
)
MAX_CHARS = 60


@dataclass(frozen=True, slots=True)
class Quoted:
    text: str
    start: int  # of the text inside the quotes
    end: int


def quoted_terms(text: str) -> list[Quoted]:
    out: list[Quoted] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            inner = m.group(1)
            stripped = inner.strip().rstrip(",")
            words = stripped.split()
            if not words or len(words) > MAX_WORDS or len(stripped) > MAX_CHARS:
                continue
            if stripped[-1] in ".?!:;":
                if len(words) > 3 and (
                    _CLAUSE_WORDS & {w.lower().strip(".,;:!?") for w in words}
                    or stripped[0].isupper()
                ):
                    continue  # a clause ("less yack, more hack." is a slogan, not one)
                stripped = stripped.rstrip(".?!:;")
            if not any(ch.isalpha() for ch in stripped) or stripped[0] in "-–—…":
                continue
            if words[0].lower() in {"i", "we", "you", "he", "she", "they", "it"} and len(words) > 1:
                continue
            if len(words) >= 3 and stripped.islower() and _CLAUSE_WORDS & set(words):
                continue  # "not a complete solution": a quoted fragment, not a term
            start = m.start(1) + inner.index(stripped[0])
            out.append(Quoted(stripped, start, start + len(stripped)))
    out.sort(key=lambda q: q.start)
    return out
