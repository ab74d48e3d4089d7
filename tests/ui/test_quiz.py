"""The quiz, driven with Pilot: each card kind answered right and wrong, overrule,
evidence, back to the reader, persistence across restarts, and the stats screen."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from fsrs import Rating

from briefreader.core.brief import Brief
from briefreader.study.clock import FakeClock
from briefreader.study.model import StudyCard
from briefreader.study.scheduler import Session
from briefreader.study.store import Store
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.quiz import QuizScreen
from briefreader.tui.screens.reader import ReaderScreen
from briefreader.tui.screens.stats import StatsScreen
from briefreader.tui.widgets.quiz_widgets import ChoiceList, EvidenceView, OrderList

from .screens import started

SIZE = (110, 36)
NOW = datetime(2023, 2, 8, 9, 0, tzinfo=UTC)


def first(deck: list[StudyCard], kind: str) -> StudyCard:
    return next(c for c in deck if c.kind == kind and c.evidence)


def quiz_for(brief: Brief, store: Store, card: StudyCard) -> tuple[BriefReaderApp, QuizScreen]:
    """An app and a quiz over just ``card``, on a fixed clock with fuzzing off."""
    session = Session([card], store, brief.slug, clock=FakeClock(NOW), fuzzing=False)
    return BriefReaderApp(brief), QuizScreen(brief, session)


def ratings(store: Store, slug: str) -> list[int]:
    return [int(r.rating) for r in store.reviews(slug)]


def shown_card(quiz: QuizScreen) -> StudyCard:
    """The card as the quiz shows it now (options in this showing's order)."""
    assert quiz.card is not None
    return quiz.card


def text_of(screen: QuizScreen, selector: str) -> str:
    return str(screen.query_one(selector).render())


@pytest.mark.parametrize("right", [True, False])
async def test_choice_card(brief: Brief, deck: list[StudyCard], store: Store, right: bool) -> None:
    card = first(deck, "choice")
    app, quiz = quiz_for(brief, store, card)
    async with started(app, SIZE, quiz) as pilot:
        assert isinstance(app.focused, ChoiceList)
        shown = shown_card(quiz)
        correct = shown.options.index(card.answer)
        chosen = correct if right else (correct + 1) % len(shown.options)
        await pilot.press(str(chosen + 1))
        await pilot.pause()
        assert quiz.phase == "answered"
        assert ratings(store, brief.slug) == [int(Rating.Good if right else Rating.Again)]
        assert ("Correct" if right else "Not quite") in text_of(quiz, "#quiz-feedback")
        assert quiz.query_one("#quiz-evidence", EvidenceView).display
        assert f"¶ {card.evidence[0].paragraph}" in text_of(quiz, "#quiz-evidence")


async def test_choice_by_letter(brief: Brief, deck: list[StudyCard], store: Store) -> None:
    card = first(deck, "choice")
    app, quiz = quiz_for(brief, store, card)
    async with started(app, SIZE, quiz) as pilot:
        await pilot.press("abcd"[shown_card(quiz).options.index(card.answer)])
        await pilot.pause()
        assert store.reviews(brief.slug)[0].correct is True


async def test_typed_card_wrong_then_overruled(
    brief: Brief, deck: list[StudyCard], store: Store
) -> None:
    card = first(deck, "typed")
    app, quiz = quiz_for(brief, store, card)
    async with started(app, SIZE, quiz) as pilot:
        await pilot.press(*"zzzz", "enter")
        await pilot.pause()
        assert ratings(store, brief.slug) == [int(Rating.Again)]
        assert "Not quite" in text_of(quiz, "#quiz-feedback")
        assert card.answer in text_of(quiz, "#quiz-feedback")
        await pilot.press("o")
        await pilot.pause()
        reviews = store.reviews(brief.slug)
        assert len(reviews) == 1 and int(reviews[0].rating) == int(Rating.Good)
        assert reviews[0].correct is True
        assert "Overruled" in text_of(quiz, "#quiz-feedback")


async def test_typed_card_right_with_typo(
    brief: Brief, deck: list[StudyCard], store: Store
) -> None:
    card = first(deck, "typed")
    app, quiz = quiz_for(brief, store, card)
    async with started(app, SIZE, quiz) as pilot:
        await pilot.press(*card.answer.upper(), "enter")
        await pilot.pause()
        assert store.reviews(brief.slug)[0].correct is True
        assert quiz.phase == "answered"


@pytest.mark.parametrize("rating", [1, 3])
async def test_flip_card(brief: Brief, deck: list[StudyCard], store: Store, rating: int) -> None:
    card = first(deck, "flip")
    app, quiz = quiz_for(brief, store, card)
    async with started(app, SIZE, quiz) as pilot:
        await pilot.press("3")  # not revealed yet: rating keys do nothing
        assert store.reviews(brief.slug) == []
        await pilot.press("space")
        await pilot.pause()
        assert quiz.phase == "revealed"
        assert card.answer.split()[0] in text_of(quiz, "#quiz-feedback")
        await pilot.press(str(rating))
        await pilot.pause()
        assert ratings(store, brief.slug) == [rating]


@pytest.mark.parametrize("right", [True, False])
async def test_ordering_card(
    brief: Brief, deck: list[StudyCard], store: Store, right: bool
) -> None:
    card = first(deck, "order")
    app, quiz = quiz_for(brief, store, card)
    async with started(app, SIZE, quiz) as pilot:
        order = quiz.query_one(OrderList)
        assert order.items != list(card.items)  # shuffled
        if right:  # put it in order with the keyboard: a tiny bubble sort
            for _ in range(len(card.items) ** 2):
                for i in range(len(order.items) - 1):
                    if card.items.index(order.items[i]) > card.items.index(order.items[i + 1]):
                        order.highlighted = i
                        await pilot.press("shift+down")
            assert order.items == list(card.items)
        await pilot.press("enter")
        await pilot.pause()
        assert store.reviews(brief.slug)[0].correct is right


async def test_escape_returns_to_reader_where_left(brief: Brief) -> None:
    app = BriefReaderApp(brief)
    async with started(app, SIZE) as pilot:
        for _ in range(3):
            await pilot.press("j")
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article.cursor == 4


async def test_read_in_context_then_escape_returns_to_the_same_card(
    brief: Brief, deck: list[StudyCard], store: Store
) -> None:
    from briefreader.tui.screens.evidence import EvidenceScreen
    from briefreader.tui.widgets.article_view import ArticleView

    card = next(c for c in deck if c.kind == "choice" and c.evidence[0].paragraph > 3)
    other = next(c for c in deck if c.kind == "flip" and c.point != card.point)
    session = Session([card, other], store, brief.slug, clock=FakeClock(NOW), fuzzing=False)
    app = BriefReaderApp(brief)
    async with started(app, SIZE) as pilot:
        quiz = QuizScreen(brief, session)
        await app.push_screen(quiz)
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, EvidenceScreen)
        article = app.screen.query_one(ArticleView)
        assert article.cursor == card.evidence[0].paragraph
        assert article.selected_spans  # the answer's words are highlighted
        await pilot.press("escape")
        await pilot.pause()
        back: object = app.screen  # (not the EvidenceScreen narrowed above)
        assert back is quiz and quiz.card is not None
        assert quiz.card.id == card.id and quiz.phase == "answered"  # same card, same session
        assert quiz.session is session and len(store.reviews(brief.slug)) == 1


async def test_progress_survives_a_restart(brief: Brief, briefreader_home: Path) -> None:
    app = BriefReaderApp(brief, start="quiz")
    async with started(app, SIZE) as pilot:
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        first_id = quiz.card.id if quiz.card else None
        await pilot.press("1")  # answer whatever the first card is (choice: option 1)
        await pilot.pause()
    with Store.open() as store:
        assert [r.card_id for r in store.reviews(brief.slug)] == [first_id]
    again = BriefReaderApp(brief, start="quiz")
    async with started(again, SIZE) as pilot:
        quiz = again.screen
        assert isinstance(quiz, QuizScreen) and quiz.card is not None
        remaining = quiz.session.remaining()
        assert remaining.new == 19  # one of today's 20 new cards already introduced


async def test_stats_screen(brief: Brief) -> None:
    app = BriefReaderApp(brief)
    async with started(app, SIZE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        text = str(app.screen.query_one("#stats-text").render())
        assert "Mastery per outline point" in text
        assert "Due, next 14 days" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)


async def test_outline_shows_mastery_after_studying(brief: Brief, deck: list[StudyCard]) -> None:
    from briefreader.tui.widgets.outline_tree import OutlineTree

    card = next(c for c in deck if c.point == "challenge-values")
    app = BriefReaderApp(brief)
    async with started(app, SIZE) as pilot:
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        tree = reader.query_one("#outline", OutlineTree)
        assert not tree._mastery  # nothing studied yet
        store = app.study.store()
        assert store is not None
        session = Session([card], store, brief.slug, fuzzing=False)
        app.push_screen(QuizScreen(brief, session), lambda _p: reader.load_mastery())
        await pilot.pause()
        if card.kind == "choice":
            await pilot.press(str(card.options.index(card.answer) + 1))
        elif card.kind == "flip":
            await pilot.press("space", "4")
        else:
            await pilot.press(*card.answer, "enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await app.workers.wait_for_complete()  # mastery is computed in a worker
        await pilot.pause()
        assert tree._mastery.get("challenge-values", 0) > 0
        from rich.style import Style

        node = tree._point_nodes["challenge-values"]
        label = tree.render_label(node, Style(), Style()).plain
        assert any(glyph in label for glyph in "○◔◑◕●")


async def test_unusable_store_is_a_notification_not_a_crash(
    brief: Brief, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from briefreader.study.store import APPLICATION_ID

    home = tmp_path / "home [bold]x"  # the message names this path: never markup
    home.mkdir()
    monkeypatch.setenv("BRIEFREADER_HOME", str(home))
    db = sqlite3.connect(home / "progress.sqlite3")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 99")
    db.execute("CREATE TABLE x (a)")
    db.commit()
    db.close()
    app = BriefReaderApp(brief)
    async with started(app, SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        (note,) = list(app._notifications)
        assert "newer than this briefreader understands" in note.message
        assert "home [bold]x" in note.message and note.markup is False


async def test_an_answer_the_database_refuses_is_told_and_kept(
    brief: Brief, deck: list[StudyCard], tmp_path: Path
) -> None:
    import sqlite3

    card = first(deck, "choice")
    with Store.open(tmp_path / "locked.sqlite3", busy_timeout_ms=50) as store:
        app, quiz = quiz_for(brief, store, card)
        other = sqlite3.connect(store.path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        async with started(app, SIZE, quiz) as pilot:
            await pilot.press(str(shown_card(quiz).options.index(card.answer) + 1))
            await pilot.pause()
            assert quiz.phase == "answered"
            (note,) = [n for n in app._notifications if "could not save" in n.message]
            assert "database is locked" in note.message and "kept in memory" in note.message
            other.rollback()
            other.close()
    with Store.open(tmp_path / "locked.sqlite3") as again:  # saved on close
        assert ratings(again, brief.slug) == [int(Rating.Good)]


async def test_an_older_mastery_landing_late_is_dropped(
    brief: Brief, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Mastery asked for at the first paint, then again after a quiz: if the first one's
    computation lands last, the outline keeps the second's figures."""
    import asyncio
    import threading

    from briefreader.study.context import StudyContext
    from briefreader.tui.widgets.outline_tree import OutlineTree

    point = brief.outline[0].id
    calls = 0
    read, go = threading.Event(), threading.Event()

    def mastery(self: StudyContext) -> dict[str, float]:
        nonlocal calls
        calls += 1
        if calls == 1:  # the oldest figures (asked for here or by the start-up timer): held
            read.set()
            go.wait(30)
            return {point: 0.1}
        return {point: 0.9}

    monkeypatch.setattr(StudyContext, "mastery", mastery)
    app = BriefReaderApp(brief)
    async with started(app, SIZE) as pilot:
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert app.study.store() is not None  # progress can exist: mastery is computed
        reader.load_mastery()
        assert await asyncio.to_thread(read.wait, 30)
        reader.load_mastery()  # as after a quiz
        tree = reader.query_one("#outline", OutlineTree)
        for _ in range(250):
            await pilot.pause(0.02)
            if tree._mastery:
                break
        assert tree._mastery == {point: 0.9}
        go.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert tree._mastery == {point: 0.9}
