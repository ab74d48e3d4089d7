"""Sentences, tokens and capitalised runs of a paragraph (pure string work)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..core.words import squash


def words(text: str) -> frozenset[str]:
    """A word list written as one string (whitespace-separated)."""
    return frozenset(text.split())


# A word: letters (any script), digits, and inner hyphens, apostrophes or dots (U.S.)
WORD_RE = re.compile(r"[^\W_](?:[\w]|[-'’.](?=[^\W_]))*\.?", re.UNICODE)
_ABBREV = words(
    "mr mrs ms dr jr sr st no gen lt col sgt capt adm gov sen rep prof rev vs etc inc ltd co "
    "corp dept u.s u.n u.k e.u a.m p.m e.g i.e jan feb mar apr jun jul aug sep sept oct nov dec "
    "mt ft"
)
_SENT_END_RE = re.compile(r"[.!?]+[\"”’')\]]*\s+")
CONNECTORS = frozenset(
    {
        "of",
        "the",
        "and",
        "for",
        "on",
        "de",
        "da",
        "do",
        "dos",
        "van",
        "von",
        "der",
        "al",
        "bin",
        "la",
        "le",
        "del",
        "du",
        "&",
    }
)
# Capitalised words that are never names on their own
STOP_CAPS = words(
    "a an the this that these those there here it its they them their we our us i you he she "
    "his her him my me in on at by for from to of with without within as and or but nor so yet "
    "if when while where whereas whether which who whom whose what why how after before since "
    "until during also however moreover furthermore meanwhile nevertheless therefore thus hence "
    "indeed still instead although though because besides today tomorrow yesterday now then "
    "first second third fourth fifth sixth finally lastly next both each every all any some "
    "many most more such no not yes please thank thanks okay ok well oh so good great let mr ms "
    "mrs dr sir madam january february march april may june july august september october "
    "november december monday tuesday wednesday thursday friday saturday sunday neither either "
    "just only even rather otherwise likewise similarly additionally consequently accordingly "
    "nonetheless regardless anyway overall clearly obviously perhaps maybe certainly surely "
    "currently recently previously initially ultimately eventually despite unlike once "
    # prepositions and adverbs a Title Case headline capitalises (never part of a name)
    "ahead amid amidst following toward towards across behind beyond through throughout "
    "against among amongst around upon onto into over above below beside "
    "regarding concerning including except versus via per about between along alongside "
    "later earlier afterwards again soon together sometimes often never always usually already"
)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    sentence_start: bool

    @property
    def is_cap(self) -> bool:
        ch = self.text[0]
        return ch.isupper() or (ch.isdigit() and any(c.isupper() for c in self.text))

    @property
    def is_upper(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries in a paragraph (abbreviations such as ``Mr.``/``U.S.`` kept)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END_RE.finditer(text):
        before = text[start : m.start() + 1]
        word = before.rsplit(None, 1)[-1].rstrip(".").lower() if before.strip() else ""
        nxt = text[m.end() : m.end() + 1]
        if word.lstrip("(\"“‘'") in _ABBREV or re.fullmatch(r"[a-z]", word):
            continue
        if nxt and not (nxt.isupper() or nxt in "\"“‘'(" or nxt.isdigit()):
            continue
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def tokens(text: str) -> list[Token]:
    """Word tokens; ``sentence_start`` marks the first word of each sentence."""
    starts = sorted(s for s, _ in sentence_spans(text))
    out: list[Token] = []
    k = 0  # next sentence start not yet given to a token
    for m in WORD_RE.finditer(text):
        word, end = m.group(), m.end()
        if (
            word.endswith(".")
            and word[:-1].lower() not in _ABBREV
            and "." not in word[:-1]
            and not (len(word) == 2 and word[0].isupper())  # an initial: R.
        ):
            word, end = word[:-1], end - 1  # a sentence's full stop, not part of the word
        at_start = False
        while k < len(starts) and starts[k] <= m.start():
            at_start, k = True, k + 1
        out.append(Token(word, m.start(), end, at_start))
    return out


def fold(text: str) -> str:
    """Comparison key: no diacritics, hyphens as spaces, curly quotes straight, casefolded."""
    return _fold(text)


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    if text.isascii():  # the common case, without Unicode decomposition
        return squash(text.replace("-", " ").casefold())
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("’", "'").replace("‘", "'").replace("ı", "i")
    plain = re.sub(r"[-‐‑–—]", " ", plain)
    return squash(plain.casefold())


def slugify(text: str) -> str:
    base = fold(text).replace("'", "")
    slug = re.sub(r"[^a-z0-9]+", "-", base).strip("-")
    return slug[:60].strip("-") or "entry"


def strip_possessive(word: str) -> str:
    for suffix in ("'s", "’s", "s'", "s’"):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)] if suffix[0] in "'’" else word[:-1]
    return word
