"""Study statistics from a hand-built review history (fixed clock, local days)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from fsrs import Card, Rating, Scheduler, State

from briefreader.study.clock import FakeClock
from briefreader.study.model import StudyCard
from briefreader.study.scheduler import Session
from briefreader.study.stats import compute_stats, stats_to_json
from briefreader.study.store import Mode, Store

T0 = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
POINTS = {"c0": "p1", "c1": "p1", "c2": "p1", "c3": "p2", "c4": "p2", "c5": None}
DECK = [StudyCard(cid, "flip", cid, cid, "generated", "term", point=p) for cid, p in POINTS.items()]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "progress.sqlite3") as opened:
        yield opened


def card(state: State, stability: float, last: datetime, due: datetime) -> Card:
    step = None if state == State.Review else 0
    return Card(1, state, step, stability, 5.0, due, last)


def answer(
    store: Store,
    cid: str,
    days_ago: float,
    rating: Rating,
    state: State | None = None,
    stability: float = 0.0,
    due: datetime = T0,
) -> None:
    """Log an answer ``days_ago``; with ``state``, a normal one saving that schedule."""
    at = T0 - days_ago * DAY
    new_state = None if state is None else card(state, stability, at, due)
    mode: Mode = "cram" if new_state is None else "normal"
    store.record(
        "demo", cid, rating, reviewed_at=at, duration_ms=1000, mode=mode, kind="flip",
        new_state=new_state,
    )  # fmt: skip


@pytest.fixture
def history(store: Store) -> Store:
    """c0: review, due an hour ago. c1: lapsed 5 days ago, relearning. c2: reviewed
    yesterday, due in 11 days. c3: lapsed 35 days ago, due in 15 days. c4: crammed
    today only (still new). c5: never seen."""
    answer(store, "c0", 20, Rating.Good, State.Review, 20, due=T0 - timedelta(hours=1))
    answer(store, "c1", 20, Rating.Good, State.Review, 3, due=T0 - 17 * DAY)
    relearn_due = T0 - 5 * DAY + timedelta(minutes=10)
    answer(store, "c1", 5, Rating.Again, State.Relearning, 1, due=relearn_due)
    answer(store, "c2", 3, Rating.Good, State.Review, 5, due=T0 + 2 * DAY)
    answer(store, "c2", 1, Rating.Good, State.Review, 12, due=T0 + 11 * DAY)
    answer(store, "c3", 40, Rating.Good, State.Review, 5, due=T0 - 36 * DAY)
    answer(store, "c3", 35, Rating.Again, State.Review, 50, due=T0 + 15 * DAY)
    answer(store, "c4", 2 / 24, Rating.Good)  # cram
    return store


def test_empty_history(store: Store) -> None:
    stats = compute_stats(DECK, store, "demo", clock=FakeClock(T0), tz=UTC)
    assert (stats.reviews_total, stats.reviews_today, stats.due_now) == (0, 0, 0)
    assert (stats.new_count, stats.learning_count, stats.review_count) == (6, 0, 0)
    assert stats.retention is None and stats.weakest == ()
    assert stats.forecast == (0,) * 14 and stats.reviews_per_day == (0,) * 14
    assert stats.mastery == {"p1": 0.0, "p2": 0.0}


def test_figures_from_history(history: Store) -> None:
    stats = compute_stats(DECK, history, "demo", clock=FakeClock(T0), tz=UTC)
    assert stats.cards_total == 6 and stats.as_of == T0
    assert (stats.reviews_total, stats.reviews_today) == (8, 1)
    assert (stats.due_now, stats.new_count) == (2, 2)  # c0, c1 / c4, c5
    assert (stats.learning_count, stats.review_count) == (1, 3)
    assert stats.retention == 0.5  # last 30 days, review-state answers: c1 Again, c2 Good
    forecast = [0] * 14
    forecast[0], forecast[11] = 2, 1  # overdue c0, c1 today; c2 in 11 days; c3 beyond
    assert stats.forecast == tuple(forecast)
    per_day = [0] * 14
    for days_ago in (5, 3, 1, 0):
        per_day[13 - days_ago] = 1
    assert stats.reviews_per_day == tuple(per_day)
    assert stats.weakest == ("c1", "c3", "c0", "c2")  # lapses first, then lowest recall

    fsrs = Scheduler()
    states = history.states("demo")
    recall = {cid: fsrs.get_card_retrievability(c, T0) for cid, c in states.items()}
    assert recall["c0"] == pytest.approx(0.9)  # stability 20, 20 days on
    assert stats.mastery["p1"] == pytest.approx((recall["c0"] + recall["c1"] + recall["c2"]) / 3)
    assert stats.mastery["p2"] == pytest.approx(recall["c3"] / 2)  # c4 unseen counts 0
    assert set(stats.mastery) == {"p1", "p2"}


def test_today_follows_the_local_day(history: Store) -> None:
    # 12:00 UTC is 01:00 on the next day in UTC+13: the cram answer at 10:00 UTC was
    # "yesterday" there, as was c2's answer at 12:00 UTC the day before (01:00 local).
    plus13 = timezone(timedelta(hours=13))
    stats = compute_stats(DECK, history, "demo", clock=FakeClock(T0), tz=plus13)
    assert stats.reviews_today == 0 and stats.reviews_per_day[-2] == 2
    assert stats.forecast[0] == 2 and sum(stats.forecast) == 3


def test_weakest_lists_at_most_five_and_ignores_cards_outside_the_deck(store: Store) -> None:
    clock = FakeClock(T0)
    deck = [*DECK, *(StudyCard(f"x{i}", "flip", "q", "a", "curated", "fact") for i in range(4))]
    session = Session(deck, store, "demo", clock=clock, fuzzing=False, tz=UTC)
    failed: set[str] = set()
    while (shown := session.next_card()) is not None:
        fail = shown.id == "x2" and shown.id not in failed
        failed.add(shown.id)
        session.answer(shown, Rating.Again if fail else Rating.Easy, duration_ms=1)
    answer(store, "gone", 0, Rating.Again, State.Review, 1)
    stats = compute_stats(deck, store, "demo", clock=clock, tz=UTC)
    assert len(stats.weakest) == 5 and stats.weakest[0] == "x2" and "gone" not in stats.weakest
    assert stats.new_count == 0 and stats.reviews_total == 12  # the log keeps "gone"


def test_json_shape(history: Store) -> None:
    stats = compute_stats(DECK, history, "demo", clock=FakeClock(T0), tz=UTC)
    data = stats_to_json(stats)
    assert json.loads(json.dumps(data)) == data
    assert list(data) == [
        "as_of", "cards_total", "reviews_total", "reviews_today", "due_now", "new_count",
        "learning_count", "review_count", "retention", "forecast", "reviews_per_day",
        "mastery", "weakest", "suspended",
    ]  # fmt: skip
    assert data["as_of"] == "2025-03-10T12:00:00.000000+00:00"
    assert data["retention"] == 0.5 and data["weakest"][0] == "c1"
    assert len(data["forecast"]) == len(data["reviews_per_day"]) == 14
    assert all(isinstance(v, float) and 0 <= v <= 1 for v in data["mastery"].values())


def test_bar_chart_aligns_values_with_bars() -> None:
    from briefreader.study.charts import bar_chart

    rows = bar_chart([0, 3, 12], ["8", "9", "10"], height=3)
    assert rows[0].startswith("12 ┤") and rows[-3].startswith(" 0 └")
    bars, values, labels = rows[0], rows[-2], rows[-1]
    column = bars.index("█")  # the tallest bar: the third day
    assert values[column : column + 2] == "12" and labels[column : column + 2] == "10"
    assert (
        rows[2][rows[2].index("┤") + 4 : rows[2].index("┤") + 6] == "▆▆"
    )  # 3 of 12: 3/4 of the bottom row


def test_mastery_rows_follow_the_outline() -> None:
    from briefreader.core.loader import load_brief
    from briefreader.study.stats import mastery_rows

    from ..conftest import BUNDLED

    brief = load_brief(BUNDLED)
    ids = [p.id for p in brief.outline_points()]
    mastery = {pid: 0.5 for pid in reversed(ids)}
    rows = mastery_rows(brief, mastery)
    titles = [p.title for p in brief.outline_points()]
    assert [t for _, t, _ in rows] == titles
    assert rows[0][0] == 0 and rows[1][0] == 1  # depth
