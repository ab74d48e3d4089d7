"""Rows of the progress store as Python values; a damaged row becomes None."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fsrs import Card, Rating, State

from .common import Mode, parse_utc

__all__ = ["REVIEW_COLUMNS", "Review", "card_from_dict", "card_from_json", "review_from_row"]


@dataclass(frozen=True)
class Review:
    """One logged answer (a row of the ``review`` table)."""

    id: int
    brief: str
    card_id: str
    reviewed_at: datetime  # aware, UTC
    rating: Rating
    duration_ms: int
    mode: Mode
    kind: str
    correct: bool | None
    response: str | None
    state_before: State | None  # None: the card had never been studied (normal mode)


REVIEW_COLUMNS = (
    "id, brief, card_id, reviewed_at, rating, duration_ms, mode, kind, correct, response,"
    " state_before"
)


_DECODE = json.JSONDecoder().decode
_STATES = {int(s.value): s for s in State}


def _positive(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"not a positive number: {value!r}")
    return number


def card_from_dict(d: Mapping[str, Any]) -> Card:
    """An fsrs Card from its ``to_dict()`` form, as the store and the journal keep it.

    Stricter than :meth:`fsrs.Card.from_dict` (and without its per-call enum lookup):
    a damaged value raises ``ValueError``, ``TypeError`` or ``KeyError`` -- a step that
    is not a whole number, a stability or difficulty that is not a positive finite
    number (fsrs divides by the stability), a time without a time zone.
    """
    step, last = d.get("step"), d.get("last_review")
    if step is not None and (isinstance(step, bool) or not isinstance(step, int)):
        raise ValueError(f"step is not a whole number: {step!r}")
    card = Card(
        card_id=int(d["card_id"]),
        state=_STATES[int(d["state"])],
        step=step,
        stability=_positive(d.get("stability")),
        difficulty=_positive(d.get("difficulty")),
        due=datetime.fromisoformat(str(d["due"])),
        last_review=datetime.fromisoformat(str(last)) if last else None,
    )
    if card.due.tzinfo is None or (
        card.last_review is not None and card.last_review.tzinfo is None
    ):
        raise ValueError("a time without a time zone")
    return card


def card_from_json(text: object) -> Card | None:
    """A ``card_json`` value as an fsrs Card, or None when it is damaged."""
    try:
        data = _DECODE(text) if isinstance(text, str) else None
        if not isinstance(data, dict):
            return None
        return card_from_dict(data)
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
        return None


def review_from_row(r: tuple[Any, ...]) -> Review | None:
    """A ``review`` row, or None when it is damaged (a bad timestamp, say)."""
    try:
        return _review_row(r)
    except (ValueError, TypeError, OverflowError):
        return None


def _review_row(r: tuple[Any, ...]) -> Review:
    return Review(
        id=int(r[0]),
        brief=str(r[1]),
        card_id=str(r[2]),
        reviewed_at=parse_utc(r[3]),
        rating=Rating(int(r[4])),
        duration_ms=int(r[5]),
        mode="cram" if r[6] == "cram" else "normal",
        kind=str(r[7]),
        correct=None if r[8] is None else bool(r[8]),
        response=r[9],
        state_before=None if r[10] is None else State(int(r[10])),
    )
