"""How a card is shown this time: its options and ordering items shuffled per showing.

The order comes from a seeded ``random.Random`` (session seed, card id, how many
times the card was answered in the session), so a card's options move between
sessions, between showings and in cram, while a test with a fixed clock always sees
the same order. Two-option cards (*a fact the article reports* / *the author's
claim*) keep their order. An ordering card never starts in its correct order nor, with
3 or more items, in exact reverse.
"""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass

from .model import StudyCard


@dataclass(frozen=True)
class Showing:
    """One showing of a card: the card (options in this showing's order) and, for an
    ordering card, the order its items start in."""

    card: StudyCard
    start: tuple[str, ...] = ()


def arrange(card: StudyCard, seed: str, showing: int = 0) -> Showing:
    """``card`` with its options / items in this showing's order."""
    rng = random.Random(f"{seed}\x00{card.id}\x00{showing}")
    if card.kind == "choice" and len(card.options) > 2:
        options = list(card.options)
        rng.shuffle(options)
        return Showing(dataclasses.replace(card, options=tuple(options)))
    if card.kind == "order" and len(card.items) > 1:
        correct = list(card.items)
        banned = [correct, correct[::-1]] if len(correct) > 2 else [correct]
        items = list(correct)
        for _ in range(50):
            rng.shuffle(items)
            if items not in banned:
                break
        return Showing(card, tuple(items))
    return Showing(card, card.items)
