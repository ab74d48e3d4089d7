"""The study card as the quiz shows it, shared by cards, scheduler, store and UI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..core.brief import Anchor

CardKind = Literal["flip", "choice", "typed", "order"]
CardSource = Literal["curated", "generated", "cloze", "user"]


@dataclass(frozen=True)
class StudyCard:
    """One card of a brief's deck.

    ``id`` is stable across edits of *other* entries: curated cards use their YAML
    id; generated ones derive it from the entry/point ids they are built from
    (e.g. ``gen.term-def.ap4``); cloze gaps use ``cloze.<id>.c<n>``. The progress
    store keys on it.

    ``kind`` is how the quiz presents it: ``flip`` (reveal, rate yourself 1-4),
    ``choice`` (``options`` holds 4 options, one equal to ``answer``), ``typed``
    (graded against ``answer`` and ``accept``) or ``order`` (``items`` in the
    correct order; the quiz shuffles them).

    ``note`` is shown after the answer (a later change, e.g. "His term ended on
    1 October 2024", or why a statement is the author's claim). ``siblings`` are the
    keys of the entry, outline point or sentence the card comes from: after one card
    is studied, cards sharing a key are buried until the next day.
    """

    id: str
    kind: CardKind
    prompt: str
    answer: str
    source: CardSource
    category: str  # e.g. "term", "actor", "challenge", "fact" (distractor pools, stats)
    accept: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    evidence: tuple[Anchor, ...] = ()
    point: str | None = None  # the outline point this card tests (mastery per point)
    context: str | None = None  # optional extra line shown under the prompt
    note: str | None = None  # shown after the answer
    siblings: tuple[str, ...] = ()

    def __init__(
        self,
        id: str,
        kind: CardKind,
        prompt: str,
        answer: str,
        source: CardSource,
        category: str,
        accept: tuple[str, ...] = (),
        options: tuple[str, ...] = (),
        items: tuple[str, ...] = (),
        evidence: tuple[Anchor, ...] = (),
        point: str | None = None,
        context: str | None = None,
        note: str | None = None,
        siblings: tuple[str, ...] = (),
    ) -> None:
        # The dataclass's own frozen __init__ sets each field through
        # object.__setattr__ (5x slower; a deck has tens of thousands of cards).
        # Same fields, order and defaults (a test checks them against the dataclass).
        object.__setattr__(
            self,
            "__dict__",
            {
                "id": id,
                "kind": kind,
                "prompt": prompt,
                "answer": answer,
                "source": source,
                "category": category,
                "accept": accept,
                "options": options,
                "items": items,
                "evidence": evidence,
                "point": point,
                "context": context,
                "note": note,
                "siblings": siblings,
            },
        )

    @property
    def paragraphs(self) -> tuple[int, ...]:
        """The paragraphs holding the card's evidence, in order."""
        return tuple(sorted({a.paragraph for a in self.evidence}))
