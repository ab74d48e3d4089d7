"""The study session: due order, daily new limit by local day, learning steps, cram."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

import pytest
from fsrs import Card, Rating, State

from briefreader.study.clock import FakeClock, local_day_bounds
from briefreader.study.model import StudyCard
from briefreader.study.scheduler import Remaining, Session, auto_rating, fsrs_card_id
from briefreader.study.store import Store

T0 = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
PLUS13 = timezone(timedelta(hours=13))
MINUS10 = timezone(timedelta(hours=-10))


def make_deck(*ids: str) -> list[StudyCard]:
    return [
        StudyCard(
            id=i, kind="flip", prompt=f"Q {i}", answer=f"A {i}", source="curated", category="term"
        )
        for i in ids
    ]


def numbered(n: int) -> list[StudyCard]:
    return make_deck(*(f"c{i:02d}" for i in range(n)))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "progress.sqlite3") as opened:
        yield opened


def session(deck: list[StudyCard], store: Store, clock: FakeClock, **kw: Any) -> Session:
    kw.setdefault("tz", UTC)
    return Session(deck, store, "demo", clock=clock, fuzzing=False, **kw)


def step(s: Session, expected: str, rating: Rating, ms: int = 1000) -> Card:
    card = s.next_card()
    assert card is not None and card.id == expected
    return s.answer(card, rating, duration_ms=ms)


def drain(s: Session, rating: Rating = Rating.Easy) -> list[str]:
    """Answer everything the session offers; return the ids in order."""
    seen = []
    while (card := s.next_card()) is not None:
        seen.append(card.id)
        s.answer(card, rating, duration_ms=500)
    return seen


def seed(store: Store, card_id: str, due: datetime, state: State = State.Review) -> None:
    card = Card(
        card_id=fsrs_card_id(card_id),
        state=state,
        step=None if state == State.Review else 0,
        stability=5.0,
        difficulty=5.0,
        due=due,
        last_review=min(due, T0) - timedelta(days=3),
    )
    store.record(
        "demo",
        card_id,
        Rating.Good,
        reviewed_at=T0 - timedelta(days=3),
        duration_ms=1,
        kind="flip",
        new_state=card,
    )


def test_auto_rating() -> None:
    assert auto_rating(True, exact=True, duration_ms=3000) == Rating.Good
    assert auto_rating(False, exact=True, duration_ms=3000) == Rating.Again
    assert auto_rating(False, exact=False, duration_ms=90000) == Rating.Again
    assert auto_rating(True, exact=False, duration_ms=3000) == Rating.Hard
    assert auto_rating(True, exact=True, duration_ms=20001) == Rating.Hard
    assert auto_rating(True, exact=True, duration_ms=20000) == Rating.Good
    assert auto_rating(True, exact=True, duration_ms=6000, slow_ms=5000) == Rating.Hard


def test_due_cards_first_by_due_time_then_new(store: Store) -> None:
    deck = make_deck("a", "b", "c", "d", "e", "f")
    seed(store, "c", T0 - timedelta(hours=5))
    seed(store, "a", T0 - timedelta(minutes=5))
    seed(store, "e", T0 - timedelta(hours=5))  # ties with c: deck order
    seed(store, "d", T0 + timedelta(days=2))  # not due, not learning: not shown
    seed(store, "f", T0 - timedelta(days=1), State.Relearning)
    s = session(deck, store, FakeClock(T0))
    assert s.remaining() == Remaining(due=3, new=1, learning=1)
    assert drain(s) == ["f", "c", "e", "a", "b"]
    assert s.remaining() == Remaining(0, 0, 0)


def test_daily_new_limit_default_and_configurable(store: Store) -> None:
    deck = numbered(25)
    s = session(deck, store, FakeClock(T0))
    assert s.remaining() == Remaining(0, 20, 0)
    assert drain(s) == [c.id for c in deck[:20]]  # Easy: straight to review, days away
    small = session(numbered(25), store, FakeClock(T0), new_per_day=22)
    assert drain(small) == ["c20", "c21"]
    assert session(deck, store, FakeClock(T0), new_per_day=0).next_card() is None


def test_new_limit_counts_across_sessions_on_the_same_day(store: Store) -> None:
    clock = FakeClock(T0)
    deck = numbered(10)
    assert drain(session(deck, store, clock, new_per_day=3)) == ["c00", "c01", "c02"]
    clock.advance(hours=11, minutes=59)  # 23:59 UTC, same day
    later = session(deck, store, clock, new_per_day=3)
    assert later.next_card() is None and later.remaining() == Remaining(0, 0, 0)
    clock.advance(minutes=2)  # next day
    assert drain(session(deck, store, clock, new_per_day=3)) == ["c03", "c04", "c05"]


@pytest.mark.parametrize("tz", [PLUS13, MINUS10], ids=["utc+13", "utc-10"])
def test_new_limit_resets_at_local_midnight(store: Store, tz: tzinfo) -> None:
    midnight = datetime(2025, 3, 11, tzinfo=tz)
    clock = FakeClock(midnight - timedelta(minutes=30))  # 23:30 local
    deck = numbered(10)
    assert drain(session(deck, store, clock, tz=tz, new_per_day=3)) == ["c00", "c01", "c02"]
    clock.advance(minutes=29)  # 23:59 local
    assert session(deck, store, clock, tz=tz, new_per_day=3).next_card() is None
    clock.advance(minutes=2)  # 00:01 local: a new day, though still the same UTC day
    assert session(deck, store, clock, tz=UTC, new_per_day=3).next_card() is None
    assert drain(session(deck, store, clock, tz=tz, new_per_day=3)) == ["c03", "c04", "c05"]


@pytest.fixture
def system_tz() -> Iterator[None]:
    """The system timezone set to UTC+13 (POSIX TZ string: offsets are west-positive)."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "XST-13"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def test_default_tz_is_the_system_local_zone(store: Store, system_tz: None) -> None:
    clock = FakeClock(datetime(2025, 3, 10, 10, 50, tzinfo=UTC))  # 23:50 local
    deck = numbered(5)
    assert drain(session(deck, store, clock, tz=None, new_per_day=2)) == ["c00", "c01"]
    clock.advance(minutes=20)  # 00:10 local
    assert drain(session(deck, store, clock, tz=None, new_per_day=2)) == ["c02", "c03"]


def test_local_day_bounds() -> None:
    moment = datetime(2025, 3, 10, 10, 30, tzinfo=UTC)
    assert local_day_bounds(moment, UTC) == (
        datetime(2025, 3, 10, tzinfo=UTC),
        datetime(2025, 3, 11, tzinfo=UTC),
    )
    assert local_day_bounds(moment, PLUS13) == (
        datetime(2025, 3, 9, 11, tzinfo=UTC),
        datetime(2025, 3, 10, 11, tzinfo=UTC),
    )
    assert local_day_bounds(moment, PLUS13, days=1)[0] == datetime(2025, 3, 10, 11, tzinfo=UTC)
    # 00:30 local in UTC-10: the day began 30 minutes ago
    assert local_day_bounds(moment, MINUS10)[0] == datetime(2025, 3, 10, 10, tzinfo=UTC)
    zoneinfo = pytest.importorskip("zoneinfo")
    try:
        berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip("no tz database")
    start, end = local_day_bounds(datetime(2025, 3, 30, 12, tzinfo=UTC), berlin)
    assert end - start == timedelta(hours=23)  # the DST day is short
    assert start == datetime(2025, 3, 29, 23, tzinfo=UTC)


def test_again_brings_the_card_back_in_the_same_session(store: Store) -> None:
    clock = FakeClock(T0)
    s = session(make_deck("a", "b", "c"), store, clock)
    again = step(s, "a", Rating.Again)
    assert again.state == State.Learning and again.due == T0 + timedelta(minutes=1)
    clock.advance(minutes=2)
    step(s, "a", Rating.Good)  # due again: before new cards
    step(s, "b", Rating.Again)
    step(s, "c", Rating.Good)
    assert s.remaining() == Remaining(due=0, new=0, learning=3)
    step(s, "b", Rating.Again)  # learn ahead: the soonest (re)learning card, not yet due
    assert s.summary().again_ids == ("a", "b")


def test_good_moves_a_new_card_through_the_learning_steps(store: Store) -> None:
    s = session(make_deck("a"), store, FakeClock(T0))
    first = step(s, "a", Rating.Good)
    assert (first.state, first.step, first.due) == (State.Learning, 1, T0 + timedelta(minutes=10))
    graduated = step(s, "a", Rating.Good)  # learn ahead
    assert graduated.state == State.Review and graduated.due - T0 >= timedelta(days=1)
    assert s.next_card() is None


def test_lapse_relearns_and_learn_ahead_has_a_limit(store: Store) -> None:
    clock = FakeClock(T0)
    seed(store, "a", T0 - timedelta(hours=1))
    s = session(make_deck("a"), store, clock)
    lapsed = step(s, "a", Rating.Again)
    assert lapsed.state == State.Relearning and lapsed.due == T0 + timedelta(minutes=10)
    assert step(s, "a", Rating.Good).state == State.Review
    slow = session(make_deck("b"), store, clock, learning_steps=[timedelta(hours=1)])
    step(slow, "b", Rating.Again)
    assert slow.next_card() is None and slow.remaining() == Remaining(0, 0, 0)
    clock.advance(hours=1)
    assert slow.remaining() == Remaining(0, 0, 1)
    step(slow, "b", Rating.Good)


def test_tomorrow_the_right_cards_are_due(store: Store) -> None:
    clock = FakeClock(T0)
    deck = make_deck("a", "b", "c", "d", "e")
    s = session(deck, store, clock, new_per_day=4)
    step(s, "a", Rating.Good)  # learning, 10 min
    step(s, "b", Rating.Easy)  # review, 8 days
    step(s, "c", Rating.Again)  # learning, 1 min
    step(s, "d", Rating.Good)  # learning, 10 min
    step(s, "c", Rating.Good)  # learn ahead: soonest first
    assert step(s, "a", Rating.Good).due == T0 + timedelta(days=2)
    assert step(s, "c", Rating.Good).due == T0 + timedelta(days=1)
    assert step(s, "d", Rating.Again).due == T0 + timedelta(minutes=1)  # then the user quits
    summary = s.summary()
    assert (summary.reviewed, summary.correct, summary.again_ids) == (8, 6, ("c", "d"))
    assert summary.accuracy == 0.75 and summary.seconds == 8.0
    assert summary.next_due == T0 + timedelta(minutes=1)

    clock.advance(days=1)
    tomorrow = session(deck, store, clock, new_per_day=4)
    due = {cid for cid, card in store.states("demo").items() if card.due <= clock.now()}
    assert due == {"c", "d"}
    assert tomorrow.remaining() == Remaining(due=1, new=1, learning=1)
    assert [step(tomorrow, cid, Rating.Good).state for cid in ("d", "c", "e")] == [
        State.Learning,
        State.Review,
        State.Learning,
    ]


def card_rows(store: Store) -> list[tuple[Any, ...]]:
    return store.conn.execute("SELECT * FROM card_state ORDER BY card_id").fetchall()


def test_cram_leaves_the_schedule_untouched(store: Store) -> None:
    clock = FakeClock(T0)
    deck = make_deck("b", "c", "a", "d")
    seed(store, "b", T0 + timedelta(days=5))
    seed(store, "a", T0 + timedelta(minutes=5), State.Learning)
    seed(store, "d", T0 - timedelta(days=1))
    before = card_rows(store)
    clock.advance(minutes=30)
    cram = session(deck, store, clock, mode="cram")
    assert cram.remaining() == Remaining(4, 0, 0)
    assert cram.answer(step_card(cram, "d"), Rating.Again, duration_ms=700).to_dict() == (
        store.card_state("demo", "d").to_dict()  # type: ignore[union-attr]
    )
    for cid in ("a", "b"):
        cram.answer(step_card(cram, cid), Rating.Good, duration_ms=700)
    fresh = cram.answer(step_card(cram, "c"), Rating.Hard, duration_ms=700)
    assert fresh.state == State.Learning and fresh.last_review is None
    assert cram.remaining() == Remaining(0, 0, 1)
    cram.answer(step_card(cram, "d"), Rating.Good, duration_ms=700)
    assert cram.next_card() is None and cram.summary().again_ids == ("d",)
    assert card_rows(store) == before
    cram_rows = [r for r in store.reviews("demo") if r.mode == "cram"]
    assert [r.card_id for r in cram_rows] == ["d", "a", "b", "c", "d"]
    assert [r.state_before for r in cram_rows][3] is None
    # normal study still sees the old schedule: d due, a learning, c new
    assert session(deck, store, clock).remaining() == Remaining(due=1, new=1, learning=1)


def step_card(s: Session, expected: str) -> StudyCard:
    card = s.next_card()
    assert card is not None and card.id == expected
    return card


def test_overrule_rewrites_the_last_answer(store: Store) -> None:
    clock = FakeClock(T0)
    deck = make_deck("a", "b")
    s = session(deck, store, clock)
    s.answer(deck[0], Rating.Again, duration_ms=3000, correct=False, response="nato", kind="typed")
    clock.advance(seconds=5)
    fixed = s.overrule(deck[0], Rating.Good)
    assert (fixed.state, fixed.step, fixed.due) == (State.Learning, 1, T0 + timedelta(minutes=10))
    assert store.card_state("demo", "a") == fixed
    (review,) = store.reviews("demo")
    assert (review.rating, review.correct, review.response) == (Rating.Good, True, "nato")
    assert (s.summary().correct, s.summary().again_ids) == (1, ())
    with pytest.raises(ValueError, match="last answer"):
        s.overrule(deck[1], Rating.Good)


def test_overrule_in_cram_drops_the_retry(store: Store) -> None:
    deck = make_deck("a")
    cram = session(deck, store, FakeClock(T0), mode="cram")
    cram.answer(deck[0], Rating.Again, duration_ms=100, correct=False)
    assert cram.remaining() == Remaining(0, 0, 1)
    cram.overrule(deck[0], Rating.Good)
    assert cram.next_card() is None and store.states("demo") == {}
    assert [(r.rating, r.mode) for r in store.reviews("demo")] == [(Rating.Good, "cram")]


def test_progress_persists_across_reopen(tmp_path: Path) -> None:
    path, clock, deck = tmp_path / "p.sqlite3", FakeClock(T0), make_deck("a", "b")
    with Store.open(path) as first:
        step(session(deck, first, clock), "a", Rating.Easy)
    with Store.open(path) as second:
        again = session(deck, second, clock)
        assert again.remaining() == Remaining(0, 1, 0)
        step(again, "b", Rating.Again)
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT COUNT(*) FROM review").fetchone() == (2,)
    raw.close()


def test_intervals_and_summary_when_empty(store: Store) -> None:
    s = session(make_deck("a"), store, FakeClock(T0))
    shown = s.intervals(make_deck("a")[0])
    assert shown[Rating.Again] == timedelta(minutes=1)
    assert shown[Rating.Good] == timedelta(minutes=10)
    assert shown[Rating.Easy] >= timedelta(days=1)
    assert store.reviews("demo") == []  # a preview records nothing
    empty = s.summary()
    assert (empty.reviewed, empty.accuracy, empty.next_due, empty.again_ids) == (0, None, None, ())


def test_naive_clock_and_bad_arguments_are_refused(store: Store) -> None:
    with pytest.raises(ValueError):
        FakeClock(datetime(2025, 1, 1))
    with pytest.raises(ValueError):
        session(make_deck("a"), store, FakeClock(T0), mode="speed")
    with pytest.raises(ValueError):
        session(make_deck("a"), store, FakeClock(T0), new_per_day=-1)
