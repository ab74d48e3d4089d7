"""mask(), gives_away() and the ASCII fast paths give what the plain per-token scan
gives (the reference below is the earlier, slower implementation)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hypothesis import given, settings
from hypothesis import strategies as st

from briefreader.study.masking import (
    MASK,
    STEM,
    STOP,
    _is_abbreviation,
    content_words,
    gives_away,
    mask,
    mask_and_words,
)

_TOKEN = re.compile(r"[^\W_]+")


def _reveals(word: str, answer_words: set[str], stems: tuple[str, ...]) -> bool:
    if word in answer_words:
        return word not in STOP
    if stems and word.startswith(stems) and word not in STOP:
        return any(word.startswith(a) and len(word) <= len(a) + 3 for a in stems)
    return False


def reference_mask(text: str, answers: Iterable[str]) -> str:
    answer_words: set[str] = set()
    answer_tokens: list[list[str]] = []
    for answer in answers:
        if answer.strip():
            answer_words.update(content_words(answer))
            answer_tokens.append(_TOKEN.findall(answer.casefold()))
    stems = tuple(a for a in answer_words if len(a) >= STEM)
    spans: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(text):
        token = m.group()
        word = token.casefold()
        if _reveals(word, answer_words, stems):
            spans.append(m.span())
            continue
        upper = token.isupper() and sum(ch.isalpha() for ch in token) >= 2
        if upper and any(_is_abbreviation(word, words) for words in answer_tokens):
            spans.append(m.span())
    if not spans:
        return text
    out: list[str] = []
    last = 0
    for start, end in spans:
        between = text[last:start]
        if out and out[-1] == MASK and re.fullmatch(r"[\s-]*", between):
            last = end
            continue
        out += [between, MASK]
        last = end
    out.append(text[last:])
    return "".join(out)


def reference_gives_away(prompt: str, answers: Iterable[str]) -> str | None:
    for answer in answers:
        words = set(content_words(answer))
        for m in _TOKEN.finditer(prompt):
            word = m.group().casefold()
            if word in STOP:
                continue
            if word in words or any(
                len(a) >= STEM and word.startswith(a) and len(word) <= len(a) + 3 for a in words
            ):
                return prompt[m.start() : m.end()]
        for token in _TOKEN.findall(prompt):
            letters = [ch for ch in token if ch.isalpha()]
            upper = len(letters) >= 2 and all(ch.isupper() for ch in letters)
            if upper and _is_abbreviation(
                token.casefold(), [w for w in _TOKEN.findall(answer.casefold())]
            ):
                return str(token)
    return None


WORDS = ["the", "of", "maritime", "Maritime", "MARCOM", "command", "commands", "joint",
         "jointly", "CASS", "Chinese", "Academy", "Social", "Sciences", "AP4", "A1B", "x",
         "ⅰ", "ABⅰ", "straße", "NATO", "nato's", "é", "İs"]  # fmt: skip
SEPS = [" ", "-", " - ", ", ", ". ", "’", "'", "_", "\n", "  "]
text_st = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPS)), max_size=10).map(
    lambda parts: "".join(w + s for w, s in parts)
)
answers_st = st.lists(text_st, max_size=3)


@settings(max_examples=500, deadline=None)
@given(text_st, answers_st)
def test_mask_equals_the_reference(text: str, answers: list[str]) -> None:
    assert mask(text, answers) == reference_mask(text, answers)


@settings(max_examples=500, deadline=None)
@given(text_st, answers_st)
def test_gives_away_equals_the_reference(text: str, answers: list[str]) -> None:
    # (which of several abbreviations is named is not fixed: only whether one is)
    assert (gives_away(text, answers) is None) == (reference_gives_away(text, answers) is None)


@settings(max_examples=500, deadline=None)
@given(text_st, answers_st)
def test_mask_and_words_is_mask_and_its_words(text: str, answers: list[str]) -> None:
    masked = reference_mask(text, answers)
    expected = (masked, set(content_words(masked)))
    assert mask_and_words(text, answers) == expected
    given_words = {w for a in answers for w in content_words(a)}
    assert mask_and_words(text, answers, given_words) == expected
