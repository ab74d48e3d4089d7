"""Study statistics for one brief, computed from the store, the deck and a clock (pure).

"Today" and the per-day lists follow the user's *local* calendar day (``tz``; default
the system timezone), see :func:`~.clock.local_day_bounds`. Only the deck's cards
count for the card figures; review counts cover every answer logged for the brief
(normal and cram).

:func:`stats_to_json` gives this shape (plain JSON types)::

    {
      "as_of": "2025-01-01T12:00:00.000000+00:00",   # UTC ISO
      "cards_total": 40,
      "reviews_total": 310, "reviews_today": 25,
      "due_now": 6, "new_count": 12, "learning_count": 2, "review_count": 26,
      "retention": 0.9123 | null,       # last 30 days, review-state answers not "Again"
      "forecast": [8, 3, 0, ...],       # 14 ints: due per local day, [0] = today + overdue
      "reviews_per_day": [0, 12, ...],  # 14 ints: oldest first, last = today
      "mastery": {"ap1": 0.8312, ...},  # outline point id -> 0..1
      "weakest": ["gen.term-def.ap4", ...], # up to 5 card ids, weakest first
      "suspended": 0                    # cards suspended from the quiz
    }

"new" in these figures means *never studied* (the whole deck's unseen cards); the
quiz header's "new" counts the new cards still allowed today.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any

from fsrs import Scheduler, State

from ..core.brief import Brief, OutlinePoint
from ..core.gcpause import without_gc
from .clock import Clock, local_day_bounds, utc
from .model import StudyCard
from .store import Store, iso_utc

__all__ = [
    "FORECAST_DAYS",
    "HISTORY_DAYS",
    "RETENTION_WINDOW",
    "Stats",
    "compute_stats",
    "day_labels",
    "mastery_rows",
    "stats_to_json",
]

FORECAST_DAYS = 14
HISTORY_DAYS = 14
RETENTION_WINDOW = timedelta(days=30)
WEAKEST = 5


@dataclass(frozen=True)
class Stats:
    """Figures for one brief at ``as_of`` (see the module docstring for each field).

    ``mastery`` maps each outline point that has cards to the mean fsrs
    retrievability of those cards now (0 for never-studied cards). ``weakest`` lists
    up to 5 studied cards with the most lapses (normal-mode "Again" answers), then the
    lowest retrievability.
    """

    as_of: datetime
    cards_total: int
    reviews_total: int
    reviews_today: int
    due_now: int
    new_count: int
    learning_count: int
    review_count: int
    retention: float | None
    forecast: tuple[int, ...]
    reviews_per_day: tuple[int, ...]
    mastery: dict[str, float]
    weakest: tuple[str, ...]
    suspended: int = 0


@without_gc
def compute_stats(
    deck: Sequence[StudyCard],
    store: Store,
    slug: str,
    *,
    clock: Clock,
    tz: tzinfo | None = None,
    scheduler: Scheduler | None = None,
) -> Stats:
    """The statistics of ``slug`` now (one consistent read of the store)."""
    now = utc(clock.now())
    fsrs = scheduler or Scheduler(enable_fuzzing=False)
    index = {card.id: i for i, card in enumerate(deck)}
    days = [local_day_bounds(now, tz, days=d) for d in range(-(HISTORY_DAYS - 1), 1)]
    with store.snapshot():
        states = {cid: c for cid, c in store.states(slug).items() if cid in index}
        total, per_day_counts, (graded, kept), lapses = store.review_figures(
            slug, days, now - RETENTION_WINDOW
        )
        flags = store.flags(slug, now)
    per_day = tuple(per_day_counts)

    ahead = [local_day_bounds(now, tz, days=d)[1] for d in range(FORECAST_DAYS)]
    forecast = [0] * FORECAST_DAYS
    due_now = learning = review = 0
    recall: dict[str, float] = {}
    retrievability = fsrs.get_card_retrievability
    learning_states = (State.Learning, State.Relearning)
    for cid, state in states.items():  # one pass over the schedules
        day = bisect_right(ahead, state.due)
        if day < FORECAST_DAYS:
            forecast[day] += 1
        if state.due <= now:
            due_now += 1
        if state.state in learning_states:
            learning += 1
        elif state.state == State.Review:
            review += 1
        recall[cid] = retrievability(state, now)

    by_point: dict[str, list[float]] = {}
    for card in deck:
        if card.point is not None:
            by_point.setdefault(card.point, []).append(recall.get(card.id, 0.0))
    # the 5 weakest: most lapses, then lowest recall, then deck order (nsmallest is
    # sorted(...)[:5] without sorting every studied card)
    weakest = heapq.nsmallest(
        WEAKEST, recall, key=lambda cid: (-lapses.get(cid, 0), recall[cid], index[cid])
    )

    return Stats(
        as_of=now,
        cards_total=len(deck),
        reviews_total=total,
        reviews_today=per_day[-1],
        due_now=due_now,
        new_count=len(index) - len(states),
        learning_count=learning,
        review_count=review,
        retention=kept / graded if graded else None,
        forecast=tuple(forecast),
        reviews_per_day=per_day,
        mastery={point: sum(vals) / len(vals) for point, vals in by_point.items()},
        weakest=tuple(weakest),
        suspended=sum(1 for cid, flag in flags.items() if flag == "suspended" and cid in index),
    )


def mastery_rows(brief: Brief, mastery: dict[str, float]) -> list[tuple[int, str, float]]:
    """``(depth, title, mastery)`` per outline point with cards, in outline order (the
    stats screen and ``briefreader stats`` show the same list)."""
    out: list[tuple[int, str, float]] = []

    def visit(point: OutlinePoint, depth: int) -> None:
        if point.id in mastery:
            out.append((depth, point.title, mastery[point.id]))
        for child in point.children:
            visit(child, depth + 1)

    for top in brief.outline:
        visit(top, 0)
    return out


def day_labels(as_of: datetime, days: range, tz: tzinfo | None = None) -> list[str]:
    """Day-of-month labels for ``days`` (offsets from today's local date)."""
    local = as_of.astimezone(tz) if tz is not None else as_of.astimezone()
    return [f"{(local + timedelta(days=d)).day}" for d in days]


def stats_to_json(stats: Stats) -> dict[str, Any]:
    """``stats`` as plain JSON types (shape in the module docstring; floats rounded)."""
    return {
        "as_of": iso_utc(stats.as_of),
        "cards_total": stats.cards_total,
        "reviews_total": stats.reviews_total,
        "reviews_today": stats.reviews_today,
        "due_now": stats.due_now,
        "new_count": stats.new_count,
        "learning_count": stats.learning_count,
        "review_count": stats.review_count,
        "retention": None if stats.retention is None else round(stats.retention, 4),
        "forecast": list(stats.forecast),
        "reviews_per_day": list(stats.reviews_per_day),
        "mastery": {point: round(value, 4) for point, value in stats.mastery.items()},
        "weakest": list(stats.weakest),
        "suspended": stats.suspended,
    }
