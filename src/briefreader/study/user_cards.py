"""Cloze cards the user made from a highlight, as study cards (pure).

A user card's prompt is the highlighted passage with the gap shown as ``[...]``;
its answer is the gap's text (both editable later). Its id is ``user.<row id>``,
its ``source`` is ``"user"`` and its evidence is the gap in its paragraph, found
again by text when the article changed. A card whose gap can no longer be placed
is still studied (its prompt and answer are stored), only without evidence, and is
reported by :func:`user_study_cards`.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..core.anchoring import place
from ..core.brief import Anchor, Paragraph
from ..core.words import squash
from .annotations import UserCard
from .model import CardKind, StudyCard

__all__ = ["GAP", "TYPED_WORDS", "cloze_prompt", "passage_for", "user_study_cards"]

GAP = "[...]"
TYPED_WORDS = 5


def cloze_prompt(text: str, span: tuple[int, int], gap: tuple[int, int]) -> str:
    """``text[span]`` with ``text[gap]`` (inside the span) replaced by ``[...]``."""
    start, end = span
    g0, g1 = max(start, gap[0]), min(end, gap[1])
    if g1 <= g0:
        raise ValueError("the gap must lie inside the highlighted passage")
    prompt = f"{text[start:g0]}{GAP}{text[g1:end]}"
    return squash(prompt)


def user_study_cards(
    cards: Sequence[UserCard], paragraphs: Sequence[Paragraph]
) -> tuple[list[StudyCard], list[UserCard]]:
    """(study cards in the given order, the cards whose gap could not be placed)."""
    out: list[StudyCard] = []
    lost: list[UserCard] = []
    for card in cards:
        where = place(card.anchor, paragraphs)
        evidence: tuple[Anchor, ...] = ()
        if where.span is None:
            lost.append(card)
        else:
            n, start, end = where.span
            evidence = (Anchor(n, start, end, paragraphs[n - 1].text[start:end]),)
        kind: CardKind = "typed" if len(card.answer.split()) <= TYPED_WORDS else "flip"
        out.append(
            StudyCard(
                id=card.card_id,
                kind=kind,
                prompt=card.prompt,
                answer=card.answer,
                source="user",
                category="fact",
                evidence=evidence,
                context="Your card: fill the gap",
            )
        )
    return out, lost


def passage_for(text: str, gap: tuple[int, int]) -> tuple[int, int]:
    """The passage a gap is asked in: the sentences around it, or the whole paragraph
    when the gap is all of those sentences (a highlighted sentence as the answer)."""
    from ..core.sentences import sentences

    spans = sentences(text) or [(0, len(text))]
    start = max((s for s, _ in spans if s <= gap[0]), default=0)
    end = min((e for _, e in spans if e >= gap[1]), default=len(text))
    if (start, end) == gap:
        return (0, len(text.rstrip()))
    return (start, end)
