"""Grading typed answers: forgiving about form, strict about facts.

:func:`normalize` reduces an answer to a comparison key (case, Unicode form,
quotes, dashes, punctuation, articles, accents on Latin letters and number
spelling are ignored). :func:`grade` compares a response with the answer and its
accepted alternatives:

* **exact** — the keys are equal (``"ROK and Japan"`` for ``"the ROK and Japan"``).
* **close** — not equal, but every difference is small: each content word of the
  target is in the response and vice versa, allowing one typo per word of 4-9
  letters and two from 10 letters (a swap of two letters counts as one), small
  function words (``of``, ``and``, ...) may be missing, and the similarity is at
  least 80 — in word order, except that the items of a list answer (one with
  ``and``, ``or``, ``,``, ``;`` or ``&``) may come in any order (``"Japan and ROK"``).
* **wrong** — anything else, and always when: the response is empty; the target's
  key is 4 characters or shorter (``30``, ``AP4``, ``ROK``: exact only); the
  numbers differ (``30`` vs ``31``; numbers are compared as values, so ``one
  billion`` = ``1 billion`` = ``1,000,000,000``); a content word of the target is
  missing (``ROK`` for ``ROK, Japan, Australia and New Zealand``) or the response
  adds one (``not unpopular`` for ``unpopular``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from ..core.words import squash

Verdict = Literal["exact", "close", "wrong"]

CLOSE_SCORE = 80.0  # minimum similarity (0-100) for a "close" verdict
SHORT_KEY = 4  # targets whose key is this short or shorter must match exactly
ARTICLES = frozenset({"a", "an", "the"})
# Words that may be missing from (or added to) a response without changing its meaning.
# Negations (not, no, none, never) are deliberately *not* here.
FUNCTION_WORDS = frozenset(
    {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from"}
    | {"as", "into", "its", "it", "their", "his", "her", "our", "is", "are", "was", "were"}
    | {"be", "been", "that", "which", "this", "these", "those"}
)

# fmt: off
_UNITS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen",
)
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ORDINAL_WORDS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
)
# fmt: on
_SMALL = {word: n for n, word in enumerate(_UNITS)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_ORDINALS = dict(
    zip(_ORDINAL_WORDS, ("1st", "2nd", "3rd", *(f"{n}th" for n in range(4, 11))), strict=True)
)
_CHAR_MAP = str.maketrans(
    {"‘": "'", "’": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "%": " percent "}
    | {"&": " and "}
)
_THOUSANDS_SEP = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
_INITIALISM_DOT = re.compile(r"(?<!\w)([^\W\d_])\.(?=[^\W\d_](?!\w))")  # U.S. -> US.
_LIST = re.compile(r"[,;&]|\b(?:and|or)\b", re.IGNORECASE)
_MAX_DIGITS = 60  # longer digit strings are left as they are (int() has a size limit)


@dataclass(frozen=True)
class Grade:
    """The result of grading one typed response.

    ``diff`` lists display operations comparing the response with ``target``:
    ``("same", text)``, ``("missing", text)`` (in the target, not typed),
    ``("extra", text)`` (typed, not in the target) and ``("changed", "typed→target")``;
    at word level, and at character level inside a mistyped word
    (``Keio Univer`` ``is→si`` ``ty``). Articles and punctuation are left out.
    """

    verdict: Verdict
    score: float  # 0..100 similarity to the best target
    target: str  # the answer or accepted alternative it was compared with
    diff: tuple[tuple[str, str], ...]

    @property
    def correct(self) -> bool:
        return self.verdict != "wrong"


# --------------------------------------------------------------------------- normalize


def _clean_chars(text: str) -> str:
    """Unicode form, case, accents on Latin letters, quotes, dashes and punctuation
    (the dots of an initialism go: ``U.S.`` -> ``us``)."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_CHAR_MAP)
    text = _INITIALISM_DOT.sub(r"\1", _THOUSANDS_SEP.sub("", text))
    out: list[str] = []
    prev = ""
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch) and prev.isascii() and prev.isalpha():
            continue  # é -> e, but keep marks on non-Latin letters
        out.append(ch)
        prev = ch
    # casefold first: casefolding can undo NFKC (U+1FE2 folds to three code points)
    text = unicodedata.normalize("NFKC", "".join(out).casefold())
    chars: list[str] = []
    for i, ch in enumerate(text):
        cat = unicodedata.category(ch)
        if ch == "'" or cat == "Cf":
            continue  # NATO's -> natos; zero-width characters vanish
        if ch == "." and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
            chars.append(ch)  # a decimal point
        elif ch == "." or cat[0] in "PSZ" or cat == "Cc":
            chars.append(" ")  # punctuation, symbols, dashes, any space
        else:
            chars.append(ch)
    return "".join(chars)


def _digits(token: str) -> Decimal | None:
    if len(token) > _MAX_DIGITS or not _DECIMAL.fullmatch(token):
        return None
    try:
        return Decimal(token)
    except InvalidOperation:  # pragma: no cover - fullmatch makes this unreachable
        return None


def _format_number(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _numbers(tokens: list[str]) -> list[str]:
    """Number phrases to digits: ``one billion``/``1 billion`` -> ``1000000000``,
    ``twenty-one`` -> ``21``, ``a hundred`` -> ``100``, ``first`` -> ``1st``."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        start = i
        total, group = Decimal(0), Decimal(0)
        last = ""  # kind of the previous token in the phrase
        last_scale = 10**16
        while i < len(tokens):
            tok, nxt = tokens[i], tokens[i + 1] if i + 1 < len(tokens) else ""
            value = _digits(tok)
            if not last and value is not None:
                group, last = value, "digits"
            elif not last and tok in ("a", "an") and (nxt == "hundred" or nxt in _SCALES):
                group, last = Decimal(1), "unit"
            elif tok in _SMALL and (
                not last
                or last in ("hundred", "scale")
                or (last == "tens" and _SMALL[tok] < 10 and _SMALL[tok] > 0)
            ):
                group += _SMALL[tok]
                last = "tens" if _SMALL[tok] >= 20 else "unit"
            elif tok == "hundred" and last in ("unit", "tens", "digits") and group < 100:
                group, last = group * 100, "hundred"
            elif tok in _SCALES and last not in ("", "scale") and _SCALES[tok] < last_scale:
                total += group * _SCALES[tok]
                group, last, last_scale = Decimal(0), "scale", _SCALES[tok]
            else:
                break
            i += 1
        if i == start:
            out.append(_ORDINALS.get(tokens[i], tokens[i]))
            i += 1
        else:
            out.append(_format_number(total + group))
    return out


def _normalize_once(text: str) -> str:
    tokens = _numbers(_clean_chars(text).split())
    return " ".join(tok for tok in tokens if tok not in ARTICLES)


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """The comparison key of an answer: casefolded NFKC text without accents on Latin
    letters, with curly quotes straightened, apostrophes dropped (``NATO's`` ->
    ``natos``), dashes, hyphens and other punctuation turned into spaces, numbers
    written as digits (``one billion``, ``1 billion`` and ``1,000,000,000`` all give
    ``1000000000``; ``first`` gives ``1st``), the articles a/an/the dropped and
    whitespace collapsed. Idempotent."""
    for _ in range(8):  # repeat to a fixed point (NFKC/casefold corner cases, number runs)
        again = _normalize_once(text)
        if again == text:
            break
        text = again
    return text


def _light(text: str) -> str:
    """A fallback key for answers made only of articles or punctuation."""
    return squash(_clean_chars(text)) or text.strip()  # case, quotes, punctuation


# --------------------------------------------------------------------------- grade


def _has_digit(token: str) -> bool:
    return any(ch.isdigit() for ch in token)


def _word_matches(token: str, others: Sequence[str]) -> bool:
    """``token`` equals one of ``others`` up to a small typo (none for short words
    or words with digits)."""
    if token in others:
        return True
    if len(token) < 4 or _has_digit(token):
        return False
    allowed = 1 if len(token) < 10 else 2
    return any(
        not _has_digit(o) and OSA.distance(token, o, score_cutoff=allowed) <= allowed
        for o in others
    )


def _covered(tokens: Sequence[str], others: Sequence[str]) -> bool:
    return all(t in FUNCTION_WORDS or _word_matches(t, others) for t in tokens)


def _judge(response: str, target: str) -> tuple[Verdict, float]:
    key_t = normalize(target)
    if not key_t:  # the answer is only articles/punctuation: compare lightly
        same = _light(response) == _light(target)
        return ("exact", 100.0) if same else ("wrong", fuzz.ratio(_light(response), _light(target)))
    key_r = normalize(response)
    if key_r == key_t:
        return "exact", 100.0
    score = fuzz.ratio(key_r, key_t)
    if _LIST.search(target):  # a list: its items may come in any order
        score = max(score, fuzz.token_sort_ratio(key_r, key_t))
    words_r, words_t = key_r.split(), key_t.split()
    if not words_r or len(key_t) <= SHORT_KEY:
        return "wrong", score
    numbers_r = Counter(w for w in words_r if _has_digit(w))
    if numbers_r != Counter(w for w in words_t if _has_digit(w)):
        return "wrong", score
    if key_r.replace(" ", "") == key_t.replace(" ", ""):
        return "close", score  # "cyber space" for "cyberspace"
    if _covered(words_t, words_r) and _covered(words_r, words_t) and score >= CLOSE_SCORE:
        return "close", score
    return "wrong", score


_RANK = {"exact": 2, "close": 1, "wrong": 0}


def grade(response: str, answer: str, accept: Sequence[str] = ()) -> Grade:
    """Grade a typed ``response`` against ``answer`` and the accepted alternatives."""
    targets = list(dict.fromkeys(t for t in (answer, *accept) if t.strip())) or [answer]
    if not response.strip():
        return Grade("wrong", 0.0, answer, (("missing", answer.strip()),) if answer.strip() else ())
    best: tuple[int, float] | None = None
    chosen: tuple[str, Verdict, float] = (targets[0], "wrong", 0.0)
    for target in targets:
        verdict, score = _judge(response, target)
        rank = (_RANK[verdict], score)
        if best is None or rank > best:
            best, chosen = rank, (target, verdict, score)
    target, verdict, score = chosen
    return Grade(verdict, float(score), target, diff(response, target))


# --------------------------------------------------------------------------- diff

_Piece = tuple[str, str, str]  # (op, typed text, target text)


def _merge(pieces: list[_Piece]) -> list[_Piece]:
    """Join neighbours with the same op, and fold ``edit, 1 same char, edit`` into one
    ``changed`` piece (a swapped pair of letters reads as ``is→si``)."""
    out: list[_Piece] = []
    for piece in pieces:
        if out and out[-1][0] == piece[0]:
            op, r, t = out.pop()
            piece = (op, r + piece[1], t + piece[2])
        elif (
            len(out) >= 2
            and piece[0] != "same"
            and out[-2][0] != "same"
            and out[-1][0] == "same"
            and len(out[-1][2]) == 1
            and out[-1][2].strip()
        ):
            (_, r1, t1), (_, r2, t2) = out.pop(-2), out.pop()
            piece = ("changed", r1 + r2 + piece[1], t1 + t2 + piece[2])
        out.append(piece)
    return out


def _opcode_pieces(typed: Sequence[str], want: Sequence[str], sep: str) -> list[_Piece]:
    keys_r = [t.casefold() for t in typed] if not sep else [normalize(t) for t in typed]
    keys_t = [t.casefold() for t in want] if not sep else [normalize(t) for t in want]
    pieces: list[_Piece] = []
    matcher = SequenceMatcher(None, keys_r, keys_t, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        r, t = sep.join(typed[i1:i2]), sep.join(want[j1:j2])
        if pieces and sep:
            pieces.append(("same", sep, sep))
        if tag == "equal":
            pieces.append(("same", t, t))
        elif tag == "insert":
            pieces.append(("missing", "", t))
        elif tag == "delete":
            pieces.append(("extra", r, ""))
        elif sep and i2 - i1 == 1 and j2 - j1 == 1 and fuzz.ratio(keys_r[i1], keys_t[j1]) >= 60:
            pieces.extend(_opcode_pieces(list(typed[i1]), list(want[j1]), ""))
        else:
            pieces.append(("changed", r, t))
    return pieces


def diff(response: str, target: str) -> tuple[tuple[str, str], ...]:
    """Display operations from ``response`` to ``target`` (see :class:`Grade`)."""
    typed = [w for w in response.split() if normalize(w)]
    want = [w for w in target.split() if normalize(w)]
    out: list[tuple[str, str]] = []
    for op, r, t in _merge(_opcode_pieces(typed, want, " ")):
        text = {"same": t, "missing": t, "extra": r}.get(op, f"{r}→{t}")
        out.append((op, text))
    return tuple(out)
