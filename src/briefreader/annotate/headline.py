"""Title Case text (headlines, headings, quoted titles) and citation lines.

In a headline every word is capitalised, so a capitalised word there says nothing about
being a name: ``Remarks by President Biden Ahead of the Anniversary`` would glue
``Ahead`` to ``Biden``. A stretch of text is *Title Case* when nearly all its longer
words are capitalised and at least two of them are common words (the document writes
them in lower case, or the bundled common-word list has them: ``ahead``,
``anniversary``), or, in a title or heading, only function words are in lower case.
Inside such a stretch an untitled name keeps only the words the document also
capitalises in running text; a name none of whose words is confirmed is dropped (a
name after a title is kept: the title says a name follows).

Citation lines (``^ "Title". Publisher. Retrieved 2012-08-18.``) are reference
apparatus, not the article's content: the annotator skips them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .lexicon import common_words
from .text import (
    CONNECTORS,
    STOP_CAPS,
    WORD_RE,
    Token,
    fold,
    sentence_spans,
    strip_possessive,
    words,
)

FUNCTION_WORDS = words(
    "a an the of by in for to on at with as from or and nor but vs via into over after amid "
    "against about between under upon"
)
MIN_LONG = 4  # letters of a word that counts for the Title Case test
_QUOTED_RE = re.compile(r"“[^“”\n]{3,200}”|\"[^\"\n]{3,200}\"")
_CITATION_RE = re.compile(
    r"^\s*\^|\bRetrieved (?:on )?(?:\d|[A-Z][a-z]+ \d)|\bArchived from the original\b"
    r"|\bdoi:\s*10\.|\bISBN[- ]?(?:1[03])?:?\s*[\d-]{9,}",
)


def is_citation(text: str) -> bool:
    """A reference-list line: a caret-led note, a ``Retrieved``/``Archived`` date, a DOI."""
    return bool(_CITATION_RE.search(text))


def _long_words(text: str) -> list[str]:
    return [w for w in WORD_RE.findall(text) if w[:1].isalpha() and len(w) >= MIN_LONG]


def is_title_case(text: str, lower: set[str], heading: bool = False) -> bool:
    """Every longer word but function words capitalised (nearly every one in a title
    or heading), and either two or more of them common words, or (a title or
    heading) no lower-case word but function words (``of``, ``the``, ``by``)."""
    long = _long_words(text)
    if len(long) < 3:
        return False
    long = [w for w in long if w.lower() not in FUNCTION_WORDS]
    caps = [w for w in long if w[0].isupper()]
    if len(caps) < (0.85 if heading else 1.0) * len(long):
        return False
    known = common_words()
    common = [
        w
        for w in caps[1:]
        if (f := fold(strip_possessive(w))) in lower or f in STOP_CAPS or f in known
    ]
    if len(common) >= 2:
        return True
    small = [w for w in WORD_RE.findall(text) if w[:1].islower()]
    return heading and bool(small) and all(w in FUNCTION_WORDS for w in small)


def title_case_spans(text: str, heading: bool, lower: set[str]) -> list[tuple[int, int]]:
    """Stretches of a paragraph written in Title Case (a heading, a sentence, a quote)."""
    if heading and is_title_case(text, lower, heading=True):
        return [(0, len(text))]
    spans = [(s, e) for s, e in sentence_spans(text) if is_title_case(text[s:e], lower)]
    for m in _QUOTED_RE.finditer(text):
        if is_title_case(m.group(), lower) and not any(s <= m.start() < e for s, e in spans):
            spans.append((m.start(), m.end()))
    return spans


def inside(spans: Sequence[tuple[int, int]], start: int) -> bool:
    return any(s <= start < e for s, e in spans)


def confirmed_words(
    paragraphs: Iterable[tuple[Sequence[Token], Sequence[tuple[int, int]]]],
) -> set[str]:
    """Folded words capitalised in running text: not first in a sentence, not Title Case."""
    out: set[str] = set()
    for toks, spans in paragraphs:
        for t in toks:
            if t.is_cap and not t.sentence_start and not inside(spans, t.start):
                out.add(fold(strip_possessive(t.text)))
    return out


def trim_name(words: Sequence[str], confirmed: set[str]) -> int:
    """How many leading words of an untitled headline name to keep (0: drop the name).

    A name after a title (``Spokesperson Adrienne Watson``) is kept whole: the title
    says a name follows, and closed-class words (``Ahead``) already end it."""
    keep = 0
    for i, w in enumerate(words):
        f = fold(strip_possessive(w))
        if f in confirmed or (len(w) == 2 and w.endswith(".")):
            keep = i + 1
        else:
            break
    return keep


def trim_shaped(words: Sequence[str], confirmed: set[str]) -> int:
    """How many leading words to drop from a headline organisation/term (-1: drop it).

    Every word before the head (the last word) must be confirmed; leading words that
    are not are dropped, with connectors after them, while two words or more remain."""
    if len(words) == 1:
        return 0  # one-word institutions (``Senate``) come from a closed list
    for skip in range(len(words) - 1):
        rest = words[skip:]
        if rest[0].lower() in CONNECTORS:
            continue
        if all(
            w.lower() in CONNECTORS or fold(strip_possessive(w)) in confirmed for w in rest[:-1]
        ):
            return skip
    return -1
