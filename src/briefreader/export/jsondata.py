"""``--format json``: the ``show --json`` shape plus ``deck`` (every study card as the
quiz shows it) and ``highlights`` (the reader's highlights and notes). ``cards`` keeps
its ``show --json`` meaning (the brief's curated cards)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..core.brief import Anchor, Brief
from ..core.export import brief_to_json
from ..study.model import StudyCard
from .common import card_tags, point_paths
from .highlights import Annotation, annotation_json


def _anchor(anchor: Anchor) -> dict[str, Any]:
    return {"paragraph": anchor.paragraph, "start": anchor.start, "end": anchor.end}


def deck_json(brief: Brief, deck: Sequence[StudyCard]) -> list[dict[str, Any]]:
    paths = point_paths(brief)
    return [
        {
            "id": c.id,
            "kind": c.kind,
            "source": c.source,
            "category": c.category,
            "prompt": c.prompt,
            "answer": c.answer,
            "accept": list(c.accept),
            "options": list(c.options),
            "items": list(c.items),
            "context": c.context,
            "point": c.point,
            "evidence": [_anchor(a) for a in c.evidence],
            "tags": card_tags(c, brief, paths),
        }
        for c in deck
    ]


def export_json(
    brief: Brief, deck: Sequence[StudyCard], annotations: Sequence[Annotation] = ()
) -> dict[str, Any]:
    data = brief_to_json(brief)
    data["deck"] = deck_json(brief, deck)
    data["highlights"] = [annotation_json(a) for a in annotations]
    return data
