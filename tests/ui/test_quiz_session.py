"""The quiz as a study session: progress, shuffles, intervals, undo, bury, suspend,
study more and cram from the summary, the footer's keys, small terminals, no cards."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from briefreader.core.brief import Brief
from briefreader.study.cards import build_deck
from briefreader.study.clock import FakeClock
from briefreader.study.model import StudyCard
from briefreader.study.scheduler import Session
from briefreader.study.store import Store
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.quiz import QuizScreen
from briefreader.tui.widgets.key_footer import KeyFooter
from briefreader.tui.widgets.quiz_widgets import ChoiceList

from .screens import started

SIZE = (110, 36)
NOW = datetime(2023, 2, 8, 9, 0, tzinfo=UTC)


def pick(deck: list[StudyCard], kind: str, n: int = 1, **where: object) -> list[StudyCard]:
    """``n`` cards of ``kind`` from different points (so none buries another)."""
    out: list[StudyCard] = []
    for card in deck:
        if card.kind != kind or not card.evidence or len(card.options) == 2:
            continue
        if any(getattr(card, k) != v for k, v in where.items()):
            continue
        if any(set(card.siblings) & set(c.siblings) for c in out):
            continue
        out.append(card)
        if len(out) == n:
            break
    return out


def quiz(brief: Brief, store: Store, cards: list[StudyCard], **kw: object) -> QuizScreen:
    session = Session(cards, store, brief.slug, clock=FakeClock(NOW), fuzzing=False, **kw)  # type: ignore[arg-type]
    return QuizScreen(brief, session)


def text(screen: QuizScreen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def answer_right(pilot: object, screen: QuizScreen) -> None:
    """Choose the right option of the card shown, then go on."""
    assert screen.card is not None
    await pilot.press("abcd"[screen.card.options.index(screen.card.answer)], "enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


def footer_keys(screen: QuizScreen) -> str:
    return " ".join(
        f"{a.binding.key_display or a.binding.key}:{a.binding.description}"
        for a in screen.query_one(KeyFooter).shown()
    )


async def test_progress_and_counts_in_the_header(
    brief: Brief, deck: list[StudyCard], store: Store
) -> None:
    cards = pick(deck, "choice", 3)
    screen = quiz(brief, store, cards)
    app = BriefReaderApp(brief)
    async with started(app, SIZE, screen) as pilot:
        assert "1/3" in text(screen, "#quiz-header")
        assert "left today: 0 review · 3 new · 0 learning" in text(screen, "#quiz-header")
        await pilot.press("a")
        await pilot.pause()
        assert "1/" in text(screen, "#quiz-header")
        await pilot.press("enter")
        await pilot.pause()
        assert "2/" in text(screen, "#quiz-header")


async def test_footer_shows_the_keys_that_work_now(
    brief: Brief, deck: list[StudyCard], store: Store
) -> None:
    choice, flip = pick(deck, "choice")[0], pick(deck, "flip")[0]
    screen = quiz(brief, store, [choice, flip])
    app = BriefReaderApp(brief)
    async with started(app, SIZE, screen) as pilot:
        keys = footer_keys(screen)
        assert "1-4/a-d:Choose" in keys and "Show answer" not in keys and "Next" not in keys
        await pilot.press("1")
        await pilot.pause()
        keys = footer_keys(screen)
        assert "Next" in keys and "Choose" not in keys and "u:Undo" in keys
        await pilot.press("enter")
        await pilot.pause()
        assert screen.card is not None and screen.card.kind == "flip"
        keys = footer_keys(screen)
        assert "space:Show answer" in keys and "Choose" not in keys and "Rate" not in keys
        await pilot.press("space")
        await pilot.pause()
        assert "1-4:Rate" in footer_keys(screen)


async def test_footer_names_only_the_option_keys_a_card_has(
    brief: Brief, deck: list[StudyCard], store: Store
) -> None:
    two = next(c for c in deck if c.kind == "choice" and len(c.options) == 2)
    four = pick(deck, "choice")[0]
    screen = quiz(brief, store, [two, four])
    app = BriefReaderApp(brief)
    async with started(app, SIZE, screen) as pilot:
        footer = screen.query_one(KeyFooter)
        assert screen.card is not None and len(screen.card.options) == 2
        assert " 1-2/a-b Choose" in str(footer.render()) and "1-4" not in str(footer.render())
        await pilot.press("3", "c", "d")  # no third option: nothing is answered
        await pilot.pause()
        assert screen.phase == "asking" and store.reviews(brief.slug) == []
        await pilot.press("a", "enter")
        await pilot.pause()
        assert screen.card is not None and len(screen.card.options) == 4
        assert " 1-4/a-d Choose" in str(footer.render())


async def test_rating_keys_show_the_next_intervals(
    brief: Brief, deck: list[StudyCard], store: Store
) -> None:
    screen = quiz(brief, store, pick(deck, "flip"))
    app = BriefReaderApp(brief)
    async with started(app, SIZE, screen) as pilot:
        assert not screen.query_one("#quiz-rate").display
        await pilot.press("space")
        await pilot.pause()
        line = text(screen, "#quiz-rate")
        assert "1 Again 1m" in line and "3 Good 10m" in line and "4 Easy" in line


async def test_chosen_option_stays_marked(
    brief: Brief, deck: list[StudyCard], store: Store
) -> None:
    card = pick(deck, "choice")[0]
    screen = quiz(brief, store, [card])
    app = BriefReaderApp(brief)
    async with started(app, SIZE, screen) as pilot:
        shown = screen.card
        assert shown is not None
        wrong = next(i for i, o in enumerate(shown.options) if o != card.answer)
        await pilot.press("abcd"[wrong])
        await pilot.pause()
        choices = screen.query_one(ChoiceList)
        assert choices.highlighted == wrong and not choices.disabled
        prompts = [str(choices.get_option_at_index(i).prompt) for i in range(len(shown.options))]
        assert "your answer" in prompts[wrong] and prompts[wrong].startswith("✘")
        right = shown.options.index(card.answer)
        assert prompts[right].startswith("✔")
        assert choices.size.width < 100  # sized to its options, not the screen


async def test_options_are_shuffled_per_showing(
    brief: Brief, deck: list[StudyCard], store: Store
) -> None:
    card = pick(deck, "choice")[0]
    orders = set()
    for minute in range(6):
        clock = FakeClock(NOW.replace(minute=minute))
        session = Session([card], store, brief.slug, clock=clock, mode="cram")
        orders.add(session.showing(card).card.options)
    assert len(orders) > 1  # another session, another order (seeded by its clock)


async def test_undo_bury_and_suspend(brief: Brief, deck: list[StudyCard], store: Store) -> None:
    cards = pick(deck, "choice", 3)
    screen = quiz(brief, store, cards)
    app = BriefReaderApp(brief)
    async with started(app, SIZE, screen) as pilot:
        first = screen.card
        assert first is not None
        await pilot.press("a")
        await pilot.pause()
        assert len(store.reviews(brief.slug)) == 1
        await pilot.press("u")
        await pilot.pause()
        assert store.reviews(brief.slug) == []
        assert screen.card is not None and screen.card.id == first.id
        assert screen.phase == "asking"
        await pilot.press("B")  # bury it (b chooses option b)
        await pilot.pause()
        assert screen.card is not None and screen.card.id != first.id
        second = screen.card
        await pilot.press("S")  # suspend the next
        await pilot.pause()
        flags = store.flags(brief.slug, NOW)
        assert flags == {first.id: "buried", second.id: "suspended"}
        assert screen.card is not None and screen.card.id == cards[2].id


async def test_summary_then_study_more_and_cram(
    brief: Brief, deck: list[StudyCard], store: Store
) -> None:
    cards = pick(deck, "choice", 3)
    screen = quiz(brief, store, cards, new_per_day=1)
    app = BriefReaderApp(brief)
    async with started(app, SIZE, screen) as pilot:
        for _ in range(2):  # new, then its 10-minute step comes back (learn ahead): graduates
            await answer_right(pilot, screen)
        assert screen.phase == "done"
        summary = text(screen, "#quiz-feedback")
        assert "Studied 1 card · 2 answers" in summary and "study 10 more" in summary
        assert "Session complete" in text(screen, "#quiz-prompt")
        await pilot.press("n")  # study more: new cards beyond today's limit
        await pilot.pause()
        assert phase_of(screen) == "asking" and screen.card is not None
        for _ in range(4):
            await answer_right(pilot, screen)
        assert phase_of(screen) == "done"
        await pilot.press("c")  # cram from the summary, without quitting
        await pilot.pause()
        assert screen.session.mode == "cram" and phase_of(screen) == "asking"
        assert "Cram" in text(screen, "#quiz-header")


def phase_of(screen: QuizScreen) -> str:
    """The phase, read afresh (mypy would keep narrowing ``screen.phase`` across awaits)."""
    return screen.phase


async def test_a_text_without_cards(store: Store) -> None:
    from briefreader.core.brief import Article, Metadata, Paragraph

    article = Article(Metadata(title="Bare"), (Paragraph(1, "body", "Nothing to study."),))
    bare = Brief(slug="bare", article=article)
    screen = quiz(bare, store, build_deck(bare))
    app = BriefReaderApp(bare)
    async with started(app, SIZE, screen):
        assert screen.phase == "empty"
        assert "No study cards" in text(screen, "#quiz-prompt")
        assert "Session complete" not in text(screen, "#quiz-prompt")


async def test_small_terminal_opens_at_the_question_and_scrolls(
    brief: Brief, deck: list[StudyCard], store: Store
) -> None:
    cards = pick(deck, "choice", 2)
    screen = quiz(brief, store, cards)
    app = BriefReaderApp(brief)
    async with started(app, (40, 12), screen) as pilot:
        scroll = screen.query_one("#quiz-scroll")
        assert scroll.scroll_y == 0
        region = screen.query_one("#quiz-prompt").region
        assert region.y < 12 and region.height > 0  # the question is on screen
        await pilot.press("a")
        await pilot.pause()
        assert scroll.max_scroll_y > 0  # the evidence does not fit: it scrolls
        await pilot.press("j", "j", "pagedown")
        await pilot.pause()
        assert scroll.scroll_y > 0
        await pilot.press("enter")
        await pilot.pause()
        assert scroll.scroll_y == 0  # the next card opens at its question


async def test_phase_is_reactive_and_refreshes_the_bindings(
    brief: Brief, deck: list[StudyCard], store: Store
) -> None:
    card = dataclasses.replace(pick(deck, "flip")[0])
    screen = quiz(brief, store, [card])
    app = BriefReaderApp(brief)
    async with started(app, SIZE, screen) as pilot:
        screen.phase = "revealed"  # no manual refresh_bindings anywhere
        await pilot.pause()
        assert "1-4:Rate" in footer_keys(screen)


def big_brief() -> Brief:
    """A brief with more than deck_loader.SMALL entries: its deck is built off the UI thread."""
    from briefreader.core.brief import Article, Metadata, Paragraph, Term

    n = 700
    terms = tuple(Term(f"t{i}", f"term{i}", f"The meaning number {i}.") for i in range(n))
    text = " ".join(f"Here term{i} appears." for i in range(n))
    article = Article(Metadata(title="Big"), (Paragraph(1, "body", text),))
    return Brief(slug="big", article=article, glossary=terms)


async def test_a_big_brief_builds_its_deck_in_a_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from briefreader.study.context import StudyContext
    from briefreader.tui.screens.stats import StatsScreen

    threads: list[str] = []
    original = StudyContext.deck

    def deck(self: StudyContext) -> list[StudyCard]:
        if not self.deck_ready:  # a build, not the cached deck
            threads.append(threading.current_thread().name)
        return original(self)

    monkeypatch.setattr(StudyContext, "deck", deck)
    app = BriefReaderApp(big_brief())
    async with started(app, SIZE) as pilot:
        await pilot.press("t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen) and app.study.deck_ready
        assert threads and threads[0] != threading.main_thread().name  # built off the UI thread
        await pilot.press("escape", "m")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Mastery per outline point" in str(app.screen.query_one("#stats-text").render())
        assert threads == [threads[0]]  # built once


async def test_t_pressed_again_while_the_deck_builds_opens_one_quiz(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Nothing seems to happen for a moment on a big brief, so the user presses ``t`` again,
    then ``m``: once the deck is built, only the last thing asked for opens, once."""
    import asyncio
    import threading

    from briefreader.study.context import StudyContext
    from briefreader.tui.screens.stats import StatsScreen

    building, go = threading.Event(), threading.Event()
    original = StudyContext.deck

    def deck(self: StudyContext) -> list[StudyCard]:
        if threading.current_thread() is not threading.main_thread():
            building.set()
            go.wait(30)
        return original(self)

    monkeypatch.setattr(StudyContext, "deck", deck)
    app = BriefReaderApp(big_brief())
    async with started(app, SIZE) as pilot:
        await pilot.press("t")
        assert await asyncio.to_thread(building.wait, 30)
        await pilot.press("t", "t")
        assert not isinstance(app.screen, QuizScreen)  # still building
        go.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        quizzes = [s for s in app.screen_stack if isinstance(s, QuizScreen)]
        assert len(quizzes) == 1 and app.screen is quizzes[0]
        await pilot.press("escape")
        await pilot.pause()
        app.study.reset_deck()  # built again: ask for the quiz, then the stats
        building.clear()
        go.clear()
        await pilot.press("t")
        assert await asyncio.to_thread(building.wait, 30)
        await pilot.press("m")
        go.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        assert not any(isinstance(s, QuizScreen) for s in app.screen_stack)
