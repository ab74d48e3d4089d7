"""Building a brief's study deck from four sources: curated cards, cards generated
from the brief (outline, glossary, actors), cloze gaps, and the user's own cards.

:func:`build_deck` is deterministic (no randomness, no clock): the same brief gives
the same cards in the same order, grouped by source (curated, generated, cloze,
user). Card ids depend only on entry/point ids, so editing a definition, role or
title changes the content of that entry's cards but no id. The quiz shuffles the
options of each showing (:mod:`.showing`); :func:`study_order` decides the order in
which new cards are introduced.

Rules, by source:

* **curated** (``brief.cards``, id = YAML id, category ``fact``, or ``stance`` when
  the answer is *the author's claim* / *a fact the article reports*): ``choice``
  when the card has distractors (the answer and up to 3 of them), ``typed`` when it
  has none and the answer is at most 5 words, else ``flip``.
* **generated**: stance and sequence cards from the outline (:mod:`.gen_outline`),
  then glossary and actor cards (:mod:`.gen_entries`). Which entries get cards is
  decided in one place, :func:`studied_terms` / :func:`studied_actors`.
* **cloze** (category ``fact``): ``cloze.<id>.c<n>`` per gap number (``typed``,
  accepting the gap's ``|`` alternatives), skipped when the gap's answer is already
  (part of) a curated card's answer: the sentence would test the same fact twice.
* **user**: cards the user made (passed in ``user=``), appended as they are.

Coverage: an outline point keeps all its curated cards; generated and cloze cards
for a point are added only while it has fewer than :data:`PER_POINT` cards, and
never with a prompt another card already has.
Generated cards never give their answer away in the prompt (:mod:`.masking`).

Everything is linear in the size of the brief (one pass per source, dictionaries
instead of scans), so 10,000 terms and cards build in well under a second or two.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import partial

from ..core.brief import CLOZE_RE, Actor, Brief, Card, Cloze, Term, cloze_gap
from ..core.gcpause import without_gc
from ..core.words import squash
from ..core.xref import Index, index_brief
from .gen_entries import actor_cards, distinct, glossary_cards, shuffled
from .gen_outline import AUTHOR, REPORTED, sequence_cards, stance_cards
from .masking import fold
from .model import CardKind, StudyCard

__all__ = [
    "GAP",
    "PER_POINT",
    "build_deck",
    "cloze_cards",
    "cloze_markup",
    "curated_card",
    "studied_actors",
    "studied_terms",
    "study_order",
]

TYPED_WORDS = 5  # curated answers up to this many words are typed when there are no options
PER_POINT = 3  # generated cards are added to a point only while it has fewer cards
GAP = "[...]"
_STANCE_ANSWERS = {fold(AUTHOR), fold(REPORTED), fold("the author's own claim")}


def as_of(brief: Brief) -> str:
    """The article's date for prompts: ``February 2023``."""
    published = brief.metadata.published
    return f"{published:%B %Y}" if published is not None else "when it was written"


# --------------------------------------------------------------------------- curated


def curated_card(card: Card) -> StudyCard:
    """A YAML card as a study card (kind by its distractors and answer length)."""
    distractors = distinct(card.distractors, exclude=(card.answer,))
    options: tuple[str, ...] = ()
    kind: CardKind
    if distractors:
        kind, options = "choice", shuffled(card.id, [card.answer, *distractors[:3]])
    elif len(card.answer.split()) <= TYPED_WORDS:
        kind = "typed"
    else:
        kind = "flip"
    stance = fold(card.answer) in _STANCE_ANSWERS
    return StudyCard(
        id=card.id,
        kind=kind,
        prompt=card.prompt,
        answer=card.answer,
        source="curated",
        category="stance" if stance else "fact",
        accept=card.accept,
        options=options,
        evidence=card.evidence,
        point=card.point,
        siblings=(f"point:{card.point}",) if card.point else (f"card:{card.id}",),
    )


# --------------------------------------------------------------------------- cloze


def _fill_gap(hidden: int, match: re.Match[str]) -> str:
    return GAP if int(match.group(1)) == hidden else cloze_gap(match.group(2))[0]


def cloze_cards(cloze: Cloze, known: Iterable[str] = ()) -> list[StudyCard]:
    """One typed card per gap number: that gap shown as ``[...]``, the others filled.
    Gaps whose answer is (part of) one of the ``known`` answers are skipped."""
    known_keys = [f" {fold(k)} " for k in known]
    out: list[StudyCard] = []
    numbers = list(dict.fromkeys(n for n, _ in cloze.gaps))
    for n in numbers:
        answers = [a for k, a in cloze.gaps if k == n]
        answer = " … ".join(answers)
        key = f" {fold(answer)} "
        if any(key in k for k in known_keys):
            continue
        prompt = CLOZE_RE.sub(partial(_fill_gap, n), cloze.text)
        out.append(
            StudyCard(
                id=f"cloze.{cloze.id}.c{n}",
                kind="typed",
                prompt=squash(prompt),
                answer=answer,
                source="cloze",
                category="fact",
                accept=tuple(a for k, a in cloze.accept if k == n),
                evidence=(cloze.anchor,),
                point=cloze.point,
                context="Fill the gap [...] as the text has it.",
                siblings=(f"cloze:{cloze.id}",)
                + ((f"point:{cloze.point}",) if cloze.point else ()),
            )
        )
    return out


def cloze_markup(cloze: Cloze, keep: Iterable[int]) -> str:
    """The cloze sentence with ``{{cN::answer}}`` markers for the gap numbers in
    ``keep`` (their ``|`` alternatives dropped) and the other gaps filled in: the
    sentence as another tool (Anki) should ask it."""
    wanted = set(keep)

    def one(match: re.Match[str]) -> str:
        answer = cloze_gap(match.group(2))[0]
        n = int(match.group(1))
        return f"{{{{c{n}::{answer}}}}}" if n in wanted else answer

    return CLOZE_RE.sub(one, cloze.text)


# --------------------------------------------------------------------------- deck


def studied_terms(brief: Brief) -> list[Term]:
    """The glossary terms that get generated cards."""
    return list(brief.glossary)


def studied_actors(brief: Brief) -> list[Actor]:
    """The actors that get generated cards."""
    return list(brief.actors)


def _capped(
    cards: Iterable[StudyCard], counts: dict[str, int], prompts: set[str]
) -> list[StudyCard]:
    """``cards`` whose point has fewer than :data:`PER_POINT` cards so far and whose
    prompt is new (both counted)."""
    out: list[StudyCard] = []
    for card in cards:
        key = fold(card.prompt)
        if key in prompts:
            continue
        prompts.add(key)
        if card.point is not None:
            if counts.get(card.point, 0) >= PER_POINT:
                continue
            counts[card.point] = counts.get(card.point, 0) + 1
        out.append(card)
    return out


@without_gc  # big and cycle-free: no full collections while it runs
def build_deck(
    brief: Brief, *, index: Index | None = None, user: Sequence[StudyCard] = ()
) -> list[StudyCard]:
    """The brief's whole deck: curated, generated, cloze, then the user's cards.

    ``index`` is the brief's cross-reference index when the caller has it already
    (it is built here otherwise)."""
    brief = brief.accepted()  # suggestions (status: suggested) make no cards until accepted
    if index is None:
        index = index_brief(brief)
    curated = [curated_card(card) for card in brief.cards]
    counts: dict[str, int] = {}
    for card in curated:
        if card.point is not None:
            counts[card.point] = counts.get(card.point, 0) + 1
    known = [a for card in curated for a in (card.answer, *card.accept)]
    stance_done = {c.point for c in curated if c.category == "stance" and c.point}

    prompts = {fold(card.prompt) for card in curated}
    generated = _capped(stance_cards(brief, stance_done), counts, prompts)
    generated += _capped(sequence_cards(brief), counts, prompts)
    known_names = {fold(a) for a in known}
    generated += glossary_cards(brief, index, studied_terms(brief), known_names)
    generated += actor_cards(brief, index, studied_actors(brief), as_of(brief))

    cloze: list[StudyCard] = []
    for sentence in brief.cloze:
        cloze += _capped(cloze_cards(sentence, known), counts, prompts)
    return [*curated, *generated, *cloze, *user]


def study_order(deck: Sequence[StudyCard], brief: Brief | None = None) -> list[StudyCard]:
    """The deck in the order new cards are introduced: the key-point cards first,
    outline point by outline point (curated, then generated, then cloze), then the
    cards without a point (curated first), then the user's. Deterministic; within a
    group the deck order is kept. (The session buries a card's siblings for the day,
    so cards of one point are spread over days.)"""
    rank = {"curated": 0, "generated": 1, "cloze": 2, "user": 3}
    points: dict[str, int] = {}
    if brief is not None:
        points = {p.id: i for i, p in enumerate(brief.outline_points())}
    else:
        for card in deck:
            if card.point is not None:
                points.setdefault(card.point, len(points))
    position = {card.id: i for i, card in enumerate(deck)}
    big = len(points) + 1

    def key(card: StudyCard) -> tuple[int, int, int, int]:
        if card.source == "user":
            return (2, 0, 0, position[card.id])
        if card.point is not None:
            return (0, points.get(card.point, big), rank[card.source], position[card.id])
        return (1, rank[card.source], 0, position[card.id])

    return sorted(deck, key=key)
