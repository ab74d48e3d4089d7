"""SVG snapshots of the quiz, the evidence screen and the stats screen (fixed clock).
Review each before accepting: render with `rsvg-convert` to PNG and look at it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fsrs import Rating
from textual.pilot import Pilot

from briefreader.core.loader import load_brief
from briefreader.core.paths import resolve
from briefreader.study.cards import build_deck, study_order
from briefreader.study.clock import FakeClock
from briefreader.study.model import StudyCard
from briefreader.study.scheduler import Session
from briefreader.study.store import Store
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.quiz import QuizScreen

Snap = Callable[..., bool]
NOW = datetime(2023, 2, 8, 9, 0, tzinfo=UTC)


def make_app() -> BriefReaderApp:
    return BriefReaderApp(load_brief(resolve(None)))


def first(app: BriefReaderApp, test: Callable[[StudyCard], bool]) -> StudyCard:
    return next(c for c in build_deck(app.brief) if c.evidence and test(c))


def quiz_on(
    test: Callable[[StudyCard], bool], answer: str | None = None, *, then: tuple[str, ...] = ()
) -> Callable[[Pilot[Any]], Any]:
    """Open the quiz on the first card passing ``test`` (fixed clock); ``answer``:
    ``right``, ``wrong`` or ``close`` (typed), or keys to press."""

    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, BriefReaderApp)
        card = first(app, test)
        session = Session([card], Store.open(), app.brief.slug, clock=FakeClock(NOW), fuzzing=False)
        quiz = QuizScreen(app.brief, session)
        await app.push_screen(quiz)
        await pilot.pause()
        shown = quiz.card
        assert shown is not None
        if answer in ("right", "wrong") and shown.kind == "choice":
            right = shown.options.index(card.answer)
            await pilot.press(str((right if answer == "right" else (right + 1) % 4) + 1))
        elif answer == "close":
            await pilot.press(*card.answer[:-1], "enter")
        elif answer == "reveal":
            await pilot.press("space")
        await pilot.press(*then)
        await pilot.pause()

    return run_before


def test_quiz_choice_wrong(snap_compare: Snap) -> None:
    """The chosen row stays marked (✘, red), the right one ✔ green; box sized to fit."""
    run = quiz_on(lambda c: c.kind == "choice" and len(c.options) == 4, "wrong")
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=run)


def test_quiz_typed_close(snap_compare: Snap) -> None:
    run = quiz_on(lambda c: c.kind == "typed" and len(c.answer) > 6, "close")
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=run)


def test_quiz_flip_revealed(snap_compare: Snap) -> None:
    """The answer, the evidence and the rating keys with their next intervals."""
    run = quiz_on(lambda c: c.kind == "flip", "reveal")
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=run)


def test_quiz_ordering(snap_compare: Snap) -> None:
    run = quiz_on(lambda c: c.kind == "order")
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=run)


def test_quiz_stance_answered(snap_compare: Snap) -> None:
    """Reported fact, or the author's claim? The point's summary as a note after."""
    run = quiz_on(lambda c: c.id == "gen.stance.management-aukus-motive", "right")
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=run)


def test_quiz_small_terminal(snap_compare: Snap) -> None:
    """40x12: the card opens at its question."""
    run = quiz_on(lambda c: c.kind == "choice" and len(c.options) == 4)
    assert snap_compare(make_app(), terminal_size=(40, 12), run_before=run)


def test_quiz_summary(snap_compare: Snap, monkeypatch: pytest.MonkeyPatch) -> None:
    # the summary shows time spent: answer in no time, however loaded the machine is
    from briefreader.tui.screens.quiz import QuizScreen

    monkeypatch.setattr(QuizScreen, "elapsed_ms", lambda self: 1500)
    run = quiz_on(lambda c: c.kind == "flip", "reveal", then=("4",))
    assert snap_compare(make_app(), terminal_size=(100, 24), run_before=run)


def test_evidence_screen(snap_compare: Snap) -> None:
    """``r``: the whole text at the evidence, the answer's words highlighted."""
    run = quiz_on(lambda c: c.id == "card-nuclear-sharing", "right", then=("r",))
    assert snap_compare(make_app(), terminal_size=(100, 24), run_before=run)


async def _seeded_stats(pilot: Pilot[Any]) -> None:
    """Ten days of answers on a fixed clock, then the stats screen on that clock."""
    from briefreader.tui.screens.stats import StatsScreen

    app = pilot.app
    assert isinstance(app, BriefReaderApp)
    clock = FakeClock(NOW - timedelta(days=10))
    store = app.study.store()
    assert store is not None
    deck = study_order(build_deck(app.brief), app.brief)
    for day in range(10):
        session = Session(deck, store, app.brief.slug, clock=clock, fuzzing=False, new_per_day=4)
        for _ in range(3 + day % 4):
            card = session.next_card()
            if card is None:
                break
            rating = Rating.Again if (day + len(card.id)) % 5 == 0 else Rating.Good
            session.answer(card, rating, duration_ms=4000)
            clock.advance(minutes=11)
        clock.set(NOW - timedelta(days=9 - day))
    await app.push_screen(StatsScreen(app.brief, app.study, clock=FakeClock(NOW)))
    await pilot.pause()


def test_stats_screen(snap_compare: Snap) -> None:
    """Aligned 14-day bar charts, mastery in outline order, weakest cards by prompt."""
    assert snap_compare(make_app(), terminal_size=(110, 70), run_before=_seeded_stats)
