"""An outline draft: headings and explicit enumerations (First, … Second, … Third, …).

Each point is anchored to its paragraph(s); its summary is the text's own sentence,
so the stance is left for the reader to set.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..core.brief import Paragraph
from .lexicon import NUMBER_WORDS, ORDINALS
from .model import PointSuggestion
from .text import sentence_spans

_ORDINAL_RE = re.compile(
    r"(?:^|(?<=[.!?]\s))[\"“‘']?(First|Firstly|Second|Secondly|Third|Thirdly|Fourth|Fifth|"
    r"Sixth|Seventh|Eighth|Ninth|Tenth|Finally|Lastly)\b\s*[,:]\s*(\S)"
)
_HEADING_RE = re.compile(r"^(#{1,6})\s+(\S.*)$")
MAX_TITLE = 80


def _title(sentence: str) -> str:
    sentence = sentence.strip()
    if len(sentence) <= MAX_TITLE:
        return sentence.rstrip(".")
    cut = sentence[:MAX_TITLE]
    for mark in (";", ":", ","):
        i = cut.rfind(mark)
        if i >= 30:
            return cut[:i]
    return cut.rsplit(" ", 1)[0] + " …"


def _sentence(text: str, offset: int) -> str:
    for s, e in sentence_spans(text):
        if s <= offset < e:
            return text[s:e].strip()
    return text.strip()


def _is_heading(p: Paragraph) -> str | None:
    m = _HEADING_RE.match(p.text)
    if m:
        return m.group(2).strip("# ").strip()
    text = p.text.strip()
    words = text.split()
    if (
        1 <= len(words) <= 10
        and text[-1:] not in '.,;:!?"”’)'
        and text[:1].isupper()
        and (sum(w[:1].isupper() for w in words) >= max(1, len(words) * 0.6))
    ):
        return text
    return None


def outline_draft(paragraphs: Sequence[Paragraph]) -> tuple[PointSuggestion, ...]:
    out: list[PointSuggestion] = []
    headings = [(p, h) for p in paragraphs if (h := _is_heading(p))]
    if len(headings) >= 2:
        numbers = [p.n for p in paragraphs]
        for i, (p, h) in enumerate(headings):
            end = headings[i + 1][0].n if i + 1 < len(headings) else numbers[-1] + 1
            body = [q for q in paragraphs if p.n < q.n < end]
            summary = f"From the text: “{_title(_sentence(body[0].text, 0))}”" if body else h
            out.append(PointSuggestion(h, summary, tuple([p.n, *(q.n for q in body)]), 0.7))
    items: list[tuple[int, int, str]] = []  # (ordinal, paragraph, sentence)
    for p in paragraphs:
        for m in _ORDINAL_RE.finditer(p.text):
            rank = ORDINALS[m.group(1).lower()]
            sentence = _sentence(p.text, m.start(2))
            items.append((rank, p.n, sentence))
    run: list[tuple[int, int, str]] = []
    for item in items:
        rank = item[0]
        if rank == 1:
            run = [item]
        elif run and (rank == run[-1][0] + 1 or (rank == 0 and len(run) >= 2)):
            run.append(item)
        if len(run) >= 2 and (item is items[-1] or items[items.index(item) + 1][0] in (1,)):
            out.append(_enumeration(run, paragraphs))
            run = []
        elif len(run) >= 2 and item is not items[-1]:
            nxt = items[items.index(item) + 1][0]
            if nxt != run[-1][0] + 1 and nxt != 0:
                out.append(_enumeration(run, paragraphs))
                run = []
    return tuple(out)


def _enumeration(
    run: list[tuple[int, int, str]], paragraphs: Sequence[Paragraph]
) -> PointSuggestion:
    children = tuple(
        PointSuggestion(
            _title(re.sub(r"^\W*\w+\s*[,:]\s*", "", s)), f"From the text: “{s}”", (n,), 0.8
        )
        for _, n, s in run
    )
    first = run[0][1]
    title = f"{len(run)} points (First … {'Finally' if run[-1][0] == 0 else 'and so on'})"
    before = [p for p in paragraphs if p.n < first][-2:]
    for p in reversed(before):
        for s, e in sentence_spans(p.text):
            sentence = p.text[s:e]
            if any(
                re.search(rf"\b{w}\b", sentence, re.I)
                for w, k in NUMBER_WORDS.items()
                if k == len(run)
            ):
                title = _title(sentence)
    summary = "The text enumerates: " + "; ".join(c.title for c in children)
    return PointSuggestion(title, summary, tuple(sorted({n for _, n, _ in run})), 0.8, children)
