"""Anki-like session behaviour: siblings buried for the day, bury and suspend, undo,
progress, intervals on the rating keys, options shuffled per showing."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Rating

from briefreader.study.clock import FakeClock
from briefreader.study.model import StudyCard
from briefreader.study.scheduler import Session, format_interval
from briefreader.study.showing import arrange
from briefreader.study.store import Store

T0 = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


def card(card_id: str, *siblings: str, kind: str = "flip") -> StudyCard:
    return StudyCard(
        id=card_id,
        kind=kind,  # type: ignore[arg-type]
        prompt=f"Q {card_id}",
        answer=f"A {card_id}",
        source="generated",
        category="term",
        siblings=siblings or (f"card:{card_id}",),
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "progress.sqlite3") as opened:
        yield opened


def session(deck: list[StudyCard], store: Store, clock: FakeClock, **kw: object) -> Session:
    return Session(deck, store, "demo", clock=clock, fuzzing=False, tz=UTC, **kw)  # type: ignore[arg-type]


def test_siblings_are_buried_until_tomorrow(store: Store) -> None:
    clock = FakeClock(T0)
    deck = [card("a1", "entry:a"), card("a2", "entry:a"), card("b", "entry:b")]
    s = session(deck, store, clock)
    first = s.next_card()
    assert first is not None and first.id == "a1"
    s.answer(first, Rating.Easy, duration_ms=100)
    nxt = s.next_card()
    assert nxt is not None and nxt.id == "b"  # a2, the sibling, waits
    s.answer(nxt, Rating.Easy, duration_ms=100)
    assert s.next_card() is None and s.remaining().new == 0
    again = session(deck, store, clock)  # another session the same day: still buried
    assert again.next_card() is None
    clock.advance(days=1)
    tomorrow = session(deck, store, clock)
    assert [c.id for c in [tomorrow.next_card()] if c] == ["a2"]


def test_study_more_unburies_siblings(store: Store) -> None:
    clock = FakeClock(T0)
    deck = [card("a1", "entry:a"), card("a2", "entry:a")]
    s = session(deck, store, clock)
    first = s.next_card()
    assert first is not None
    s.answer(first, Rating.Easy, duration_ms=100)
    assert s.next_card() is None
    s.bury_siblings = False
    nxt = s.next_card()
    assert nxt is not None and nxt.id == "a2"


def test_bury_and_suspend(store: Store) -> None:
    clock = FakeClock(T0)
    deck = [card("x"), card("y"), card("z")]
    s = session(deck, store, clock)
    s.bury(deck[0])
    s.suspend(deck[1])
    nxt = s.next_card()
    assert nxt is not None and nxt.id == "z"
    assert store.flags("demo", clock.now()) == {"x": "buried", "y": "suspended"}
    clock.advance(days=1)
    later = session(deck, store, clock)
    assert [c.id for c in later.deck if c.id in store.flags("demo", clock.now())] == ["y"]
    assert later.next_card() == deck[0]  # the buried card is back, the suspended one is not


def test_undo_restores_log_and_schedule(store: Store) -> None:
    clock = FakeClock(T0)
    deck = [card("x"), card("y")]
    s = session(deck, store, clock)
    first = s.next_card()
    assert first is not None and first.id == "x"
    s.answer(first, Rating.Good, duration_ms=100)
    assert store.card_state("demo", "x") is not None
    assert s.can_undo()
    back = s.undo()
    assert back == first and s.next_card() == first  # asked again at once
    assert store.reviews("demo") == [] and store.card_state("demo", "x") is None
    assert s.summary().reviewed == 0 and not s.can_undo()
    s.answer(first, Rating.Again, duration_ms=100)  # a second answer, then undo again
    clock.advance(minutes=2)
    before = store.card_state("demo", "x")
    s.answer(first, Rating.Good, duration_ms=100)
    s.undo()
    assert store.card_state("demo", "x") == before and len(store.reviews("demo")) == 1


def test_undo_in_cram_puts_the_queue_back(store: Store) -> None:
    clock = FakeClock(T0)
    deck = [card("x"), card("y")]
    s = session(deck, store, clock, mode="cram")
    first = s.next_card()
    assert first is not None
    s.answer(first, Rating.Again, duration_ms=100)
    assert s.remaining() == (1, 0, 1)
    s.undo()
    assert s.remaining() == (2, 0, 0) and s.next_card() == first
    assert store.reviews("demo") == []


def test_progress_counts_answers(store: Store) -> None:
    clock = FakeClock(T0)
    deck = [card(f"c{i}") for i in range(3)]
    s = session(deck, store, clock)
    assert s.progress() == (0, 3)
    c = s.next_card()
    assert c is not None
    s.answer(c, Rating.Again, duration_ms=100)  # comes back: the total grows
    done, total = s.progress()
    assert done == 1 and total == 4
    summary = s.summary()
    assert (summary.reviewed, summary.cards) == (1, 1)


def test_intervals_for_the_rating_keys(store: Store) -> None:
    s = session([card("x")], store, FakeClock(T0))
    labels = {r: format_interval(d) for r, d in s.intervals(s.deck[0]).items()}
    assert labels[Rating.Again] == "1m" and labels[Rating.Good] == "10m"
    assert labels[Rating.Easy].endswith("d")
    assert format_interval(timedelta(seconds=30)) == "30s"
    assert format_interval(timedelta(hours=5)) == "5h"
    assert format_interval(timedelta(days=45)) == "2mo"
    assert format_interval(timedelta(days=400)) == "1.1y"


def test_options_move_between_showings_but_are_seeded() -> None:
    options = ("w", "x", "y", "z")
    choice = dataclasses.replace(card("q", kind="choice"), options=options, answer="x")
    orders = {arrange(choice, f"seed{n}").card.options for n in range(12)}
    assert len(orders) > 3  # not always the same order
    assert len({o.index("x") for o in orders}) == 4  # the answer is not always "d"
    assert arrange(choice, "s", 1).card.options == arrange(choice, "s", 1).card.options
    two = dataclasses.replace(choice, options=("a fact", "a claim"), answer="a fact")
    assert arrange(two, "any").card.options == ("a fact", "a claim")  # binary: fixed


def test_ordering_never_starts_solved_or_reversed() -> None:
    items = ("one", "two", "three")
    order = dataclasses.replace(card("o", kind="order"), items=items)
    starts = {arrange(order, f"s{n}").start for n in range(30)}
    assert items not in starts and items[::-1] not in starts
    assert len(starts) > 1
    assert arrange(order, "s").card.items == items


def test_session_shows_each_time_in_a_new_order(store: Store) -> None:
    options = ("w", "x", "y", "z")
    choice = dataclasses.replace(card("q", kind="choice"), options=options, answer="x")
    clock = FakeClock(T0)
    s = session([choice], store, clock, mode="cram")
    first = s.showing(choice).card.options
    assert session([choice], store, clock, mode="cram").showing(choice).card.options == first
    orders = set()
    for _ in range(6):
        shown = s.showing(choice).card
        orders.add(shown.options)
        s.answer(choice, Rating.Again, duration_ms=10)
    assert len(orders) > 1
