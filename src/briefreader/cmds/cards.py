"""``briefreader cards [BRIEF] [--json]``: the study deck as the student will get it.

In the order new cards are introduced (:func:`~briefreader.study.cards.study_order`),
so a brief's author can review every card before anyone studies it. The JSON shape
(a list, one object per card) is documented in the README, "Reviewing the deck".
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from typing import Any, TextIO

from ..core.words import squash
from ..study.model import StudyCard


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "cards", help="print a brief's study deck, in study order (as JSON with --json)"
    )
    parser.add_argument("brief", nargs="?", metavar="BRIEF", help="default: the bundled brief")
    parser.add_argument("--json", action="store_true", help="the documented JSON shape")


def card_to_json(card: StudyCard, position: int) -> dict[str, Any]:
    return {
        "position": position,
        "id": card.id,
        "kind": card.kind,
        "source": card.source,
        "category": card.category,
        "prompt": card.prompt,
        "context": card.context,
        "answer": card.answer,
        "accept": list(card.accept),
        "options": list(card.options),
        "items": list(card.items),
        "point": card.point,
        "note": card.note,
        "evidence": [
            {"paragraph": a.paragraph, "start": a.start, "end": a.end, "quote": a.quote}
            for a in card.evidence
        ],
        "paragraphs": list(card.paragraphs),
    }


def run(args: argparse.Namespace, out: TextIO) -> int:
    from ..core.loader import load_brief
    from ..core.paths import resolve
    from ..study.cards import study_order
    from ..study.catalog import deck_with_user_cards, existing_store

    brief = load_brief(resolve(args.brief))
    store = existing_store()  # the user's own cards (source "user") live in the store
    try:
        deck = study_order(deck_with_user_cards(brief, store), brief)
    finally:
        if store is not None:
            store.close()
    if args.json:
        json.dump(
            [card_to_json(c, i) for i, c in enumerate(deck, 1)], out, ensure_ascii=False, indent=2
        )
        out.write("\n")
        return 0
    for i, card in enumerate(deck, 1):
        where = ", ".join(f"¶{n}" for n in card.paragraphs) or "no evidence"
        print(f"{i:>3}. {card.id}  [{card.source} · {card.kind} · {where}]", file=out)
        prompt = squash(card.prompt)
        print(f"     Q: {prompt}", file=out)
        if card.context:
            print(f"        {card.context}", file=out)
        for option in card.options:
            mark = "*" if option == card.answer else "-"
            print(f"        {mark} {option}", file=out)
        print(f"     A: {card.answer}", file=out)
        if card.note:
            print(f"     Note: {card.note}", file=out)
    sources = Counter(c.source for c in deck)
    summary = ", ".join(f"{n} {source}" for source, n in sources.items())
    print(f"{len(deck)} cards ({summary})", file=out)
    return 0
