"""SVG snapshots of the reader (pytest-textual-snapshot). Review each before accepting:
render with `rsvg-convert` to PNG and look at it."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from briefreader.core.loader import load_brief
from briefreader.core.paths import resolve
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.reader import ReaderScreen

Snap = Callable[..., bool]


def make_app(theme: str | None = None) -> BriefReaderApp:
    return BriefReaderApp(load_brief(resolve(None)), theme=theme)


def selecting(entry_id: str, paragraph: int) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ReaderScreen)
        screen.select_entry(entry_id)
        screen.jump(paragraph, None)
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    return run_before


def test_wide_with_entry_selected(snap_compare: Snap) -> None:
    assert snap_compare(make_app(), terminal_size=(140, 40), run_before=selecting("ap4", 5))


def test_narrow_layout(snap_compare: Snap) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 30), press=["j", "4"])


def test_tiny_layout(snap_compare: Snap) -> None:
    assert snap_compare(make_app(), terminal_size=(60, 20), press=["j", "j", "j"])


def test_help_screen(snap_compare: Snap) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 50), press=["question_mark"])


def test_light_theme(snap_compare: Snap) -> None:
    assert snap_compare(
        make_app(theme="textual-light"),
        terminal_size=(130, 36),
        run_before=selecting("stoltenberg", 1),
    )


def test_about_screen(snap_compare: Snap) -> None:
    assert snap_compare(make_app(), terminal_size=(110, 36), press=["i"])


def test_search_matches(snap_compare: Snap) -> None:
    assert snap_compare(make_app(), terminal_size=(120, 30), press=["slash", *"nato", "enter", "n"])


def quiz_on(kind: str, answer: bool = False) -> Callable[[Pilot[Any]], Any]:
    """Open the quiz on the first card of ``kind`` (fixed clock), optionally answered."""

    async def run_before(pilot: Pilot[Any]) -> None:
        from datetime import UTC, datetime

        from briefreader.study.cards import build_deck
        from briefreader.study.scheduler import FakeClock, Session
        from briefreader.study.store import Store
        from briefreader.tui.screens.quiz import QuizScreen

        app = pilot.app
        assert isinstance(app, BriefReaderApp)
        card = next(c for c in build_deck(app.brief) if c.kind == kind and c.evidence)
        store = Store.open()
        clock = FakeClock(datetime(2023, 2, 8, 9, 0, tzinfo=UTC))
        session = Session([card], store, app.brief.slug, clock=clock, fuzzing=False)
        await app.push_screen(QuizScreen(app.brief, session))
        await pilot.pause()
        if answer:
            if kind == "choice":
                await pilot.press(str(card.options.index(card.answer) + 1))
            elif kind == "typed":
                await pilot.press(*card.answer[:-1], "enter")
            elif kind == "flip":
                await pilot.press("space")
            else:
                await pilot.press("enter")
            await pilot.pause()

    return run_before


def test_quiz_choice_answered(snap_compare: Snap) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=quiz_on("choice", True))


def test_quiz_typed_close(snap_compare: Snap) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=quiz_on("typed", True))


def test_quiz_flip_revealed(snap_compare: Snap) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=quiz_on("flip", True))


def test_quiz_ordering(snap_compare: Snap) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=quiz_on("order"))


async def seed_reviews(pilot: Pilot[Any]) -> None:
    """Five days of study with the injected clock (UTC days), then the stats screen as
    of the sixth morning: every chart has data and the picture never depends on today."""
    from datetime import UTC, datetime, timedelta

    from fsrs import Rating

    from briefreader.study.scheduler import FakeClock, Session
    from briefreader.tui.screens.stats import StatsScreen

    app = pilot.app
    assert isinstance(app, BriefReaderApp)
    deck, store = app.study.deck(), app.study.store()
    assert store is not None
    start = datetime(2023, 2, 8, 9, 0, tzinfo=UTC)
    for day in range(5):
        clock = FakeClock(start + timedelta(days=day))
        session = Session(
            deck, store, app.brief.slug, clock=clock, fuzzing=False, new_per_day=6, tz=UTC
        )
        for i in range(10):
            card = session.next_card()
            if card is None:
                break
            rating = Rating.Again if (i + day) % 4 == 0 else Rating.Good
            session.answer(card, rating, duration_ms=4000)
            clock.advance(minutes=2)
    screen = StatsScreen(app.brief, app.study, clock=FakeClock(start + timedelta(days=5)))
    await app.push_screen(screen)
    await pilot.pause()


def test_stats_screen(snap_compare: Snap, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")  # the stats' local days
    time.tzset()
    try:
        assert snap_compare(make_app(), terminal_size=(110, 60), run_before=seed_reviews)
    finally:
        monkeypatch.undo()
        time.tzset()
