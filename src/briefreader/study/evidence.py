"""Where in the text a card's answer is: the spans the quiz highlights as evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.brief import Brief
from ..core.words import literal_words
from .model import StudyCard


@dataclass(frozen=True)
class EvidenceSpan:
    paragraph: int
    start: int | None  # None: the whole paragraph is the evidence, nothing to highlight
    end: int | None


def _find(text: str, needle: str, lo: int = 0, hi: int | None = None) -> tuple[int, int] | None:
    pattern = literal_words(needle, re.IGNORECASE)
    if pattern is None:
        return None
    match = pattern.search(text, lo, len(text) if hi is None else hi)
    return (match.start(), match.end()) if match else None


def evidence_spans(card: StudyCard, brief: Brief) -> list[EvidenceSpan]:
    """One span per evidence anchor: the answer's own words when they occur in the
    anchored passage, else the anchored quote, else the whole paragraph."""
    out: list[EvidenceSpan] = []
    count = len(brief.paragraphs)
    for anchor in card.evidence:
        if not 1 <= anchor.paragraph <= count:
            continue
        text = brief.paragraphs[anchor.paragraph - 1].text
        span = None
        if anchor.start is not None and anchor.end is not None:
            span = _find(text, card.answer, anchor.start, anchor.end) or (anchor.start, anchor.end)
        else:
            span = _find(text, card.answer)
        if span is None:
            out.append(EvidenceSpan(anchor.paragraph, None, None))
        else:
            out.append(EvidenceSpan(anchor.paragraph, span[0], span[1]))
    return out
