"""Keeping a card's answer out of its prompt.

A prompt *gives the answer away* when it contains one of the answer's content
words (whole word, any case; also as the start of a longer word from 4 letters,
``jointly`` for *joint*), or an abbreviation of the answer (``CASS`` for *Chinese
Academy of Social Sciences*, ``MARCOM`` for *maritime command*: a capitalised
token made of the starts of the answer's words, in order). :func:`mask` replaces
all of those, and the answer's other names, by ``___``; :func:`gives_away` is the
check the deck builder (and a test over the generated deck) applies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from ..core.words import literal_words_source, squash

MASK = "___"
STEM = 4  # answer words this long or longer also hide longer words starting with them

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_TOKEN = re.compile(r"[^\W_]+")
STOP = frozenset(
    {"a", "an", "the", "of", "and", "or", "in", "on", "to", "for", "with", "by", "at", "from"}
    | {"its", "it", "is", "are", "was", "were", "be", "been", "as", "into", "s", "com", "www"}
    | {"what", "who", "which", "when", "where", "why", "how", "that", "this", "these", "those"}
    | {"he", "she", "they", "his", "her", "their", "not", "no", "does", "do", "did"}
)


_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_JOINER = re.compile(r"[\s-]*")


def fold(text: str) -> str:
    """A cheap comparison key for deck building: case, quotes, runs of whitespace,
    a leading article and end punctuation ignored (``The AP4.`` = ``ap4``)."""
    key = text.casefold()
    if not key.isascii():
        key = key.translate(_FOLD)
    key = squash(key).strip(" .,;:!?")
    if key.startswith(("the ", "a ", "an ")):
        key = _ARTICLE.sub("", key)
    return key


def content_words(text: str) -> list[str]:
    """The casefolded words of ``text`` that carry meaning (stop words dropped)."""
    return [w for w in _TOKEN.findall(text.casefold()) if w not in STOP]


def _is_abbreviation(token: str, words: Sequence[str]) -> bool:
    """True if ``token`` (2+ letters, casefolded) is made of non-empty starts of some
    of ``words`` in order, beginning with the start of one of them."""
    if len(token) < 2 or len(words) < 1:
        return False

    @cache
    def fits(t: int, w: int) -> bool:
        if t == len(token):
            return True
        for j in range(w, len(words)):
            word = words[j]
            k = 0
            while k < len(word) and t + k < len(token) and word[k] == token[t + k]:
                k += 1
                if fits(t + k, j + 1):
                    return True
        return False

    if len(words) == 1 and len(token) == len(words[0]):
        return False  # the word itself, handled as a word
    return fits(0, 0)


def _abbreviations(text: str, words: Sequence[str]) -> set[str]:
    """Capitalised tokens of ``text`` that abbreviate the answer's ``words``."""
    out: set[str] = set()
    for token in _TOKEN.findall(text):
        if token.isascii() and not token.isupper():
            continue  # (for ASCII, ``isupper`` is "every letter upper-case": a quick no)
        letters = [ch for ch in token if ch.isalpha()]
        upper = len(letters) >= 2 and all(ch.isupper() for ch in letters)
        if upper and _is_abbreviation(token.casefold(), words):
            out.add(token)
    return out


def _hits(text: str, answer_words: set[str]) -> list[tuple[int, int]]:
    stems = tuple(a for a in answer_words if len(a) >= STEM)
    spans = []
    for m in _TOKEN.finditer(text):
        word = m.group().casefold()
        if word in STOP:
            continue
        if word in answer_words or (
            stems
            and word.startswith(stems)
            and any(word.startswith(a) and len(word) <= len(a) + 3 for a in stems)
        ):
            spans.append((m.start(), m.end()))
    return spans


def gives_away(prompt: str, answers: Iterable[str]) -> str | None:
    """The first word or abbreviation of ``prompt`` that reveals one of ``answers``."""
    for answer in answers:
        words = content_words(answer)
        for start, end in _hits(prompt, set(words)):
            return prompt[start:end]
        for token in _abbreviations(prompt, [w for w in _TOKEN.findall(answer.casefold())]):
            return token
    return None


_CAPS = re.compile(r"[A-Z][A-Za-z0-9]*[A-Z]")  # ASCII: some token may be an abbreviation


def _may_reveal(
    text: str, found: list[str], words: set[str], stems: tuple[str, ...], tokens: bool
) -> bool:
    """False only if no word of the ASCII ``text`` (``found``: its lower-cased tokens)
    can be masked: none is an answer word or starts with a stem, and (when some answer
    is not blank: ``tokens``) no token is capitalised."""
    if not words.isdisjoint(found):
        return True
    if stems and any(w.startswith(stems) for w in found):
        return True
    return tokens and _CAPS.search(text) is not None


def mask(text: str, answers: Iterable[str]) -> str:
    """``text`` with every word and abbreviation revealing one of ``answers`` as ``___``
    (runs of masked words collapse into one ``___``). One pass over the text."""
    return mask_and_words(text, tuple(answers))[0]


def mask_and_words(
    text: str, answers: Sequence[str], answer_words: set[str] | None = None
) -> tuple[str, set[str]]:
    """:func:`mask` and the :func:`content_words` of its result, as a set (one scan
    of the text in the usual, nothing-to-mask case). ``answer_words``: the answers'
    content words when the caller has them already."""
    if answer_words is None:
        answer_words = set()
        for answer in answers:
            answer_words.update(content_words(answer))
    answer_words = answer_words - STOP  # a stop word never reveals anything
    stems = tuple(a for a in answer_words if len(a) >= STEM)
    some = any(answer.strip() for answer in answers)
    # an ASCII text is scanned lower-cased (same offsets, no casefold per token)
    source = text.lower() if text.isascii() else None
    if source is not None:
        found = _TOKEN.findall(source)
        if not _may_reveal(text, found, answer_words, stems, some):
            return text, {w for w in found if w not in STOP}  # the usual case
    answer_tokens = [_TOKEN.findall(a.casefold()) for a in answers if a.strip()]
    spans: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(text if source is None else source):
        word = m.group() if source is not None else m.group().casefold()
        if word in answer_words or (
            stems
            and word.startswith(stems)
            and word not in STOP
            and any(word.startswith(a) and len(word) <= len(a) + 3 for a in stems)
        ):
            spans.append(m.span())
            continue
        if not answer_tokens:
            continue
        token = m.group() if source is None else text[m.start() : m.end()]
        upper = token.isupper() and sum(ch.isalpha() for ch in token) >= 2
        if upper and any(_is_abbreviation(word, words) for words in answer_tokens):
            spans.append(m.span())
    if not spans:
        return text, set(content_words(text))
    out: list[str] = []
    last = 0
    for start, end in spans:
        between = text[last:start]
        if out and out[-1] == MASK and _JOINER.fullmatch(between):
            last = end  # "___ ___" -> "___"
            continue
        out += [between, MASK]
        last = end
    out.append(text[last:])
    masked = "".join(out)
    return masked, set(content_words(masked))


def mask_names(text: str, names: Iterable[str]) -> str:
    """``text`` with each name (whole words, any case, longest first) replaced by ``___``."""
    parts = sorted({n.strip() for n in names if n.strip()}, key=lambda n: (-len(n), n))
    if not parts:
        return text
    alternatives = "|".join(literal_words_source(p) for p in parts)
    return re.sub(rf"(?<!\w)(?:{alternatives})(?!\w)", MASK, text, flags=re.IGNORECASE)
