"""Highlights, notes and cards in the reader, driven with Pilot: the sentence cursor,
highlight/unhighlight, selection, note add/edit/delete, cards answered in the quiz,
the notes pane, notes in search, re-anchoring after the article changes, restarts."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot

from briefreader.core.loader import load_brief
from briefreader.study.annotations import Annotations
from briefreader.study.clock import SystemClock
from briefreader.study.scheduler import Session
from briefreader.study.store import Store
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.annotated_reader import AnnotatedReaderScreen
from briefreader.tui.screens.annotations_base import AnnotationsScreen
from briefreader.tui.screens.library_dialogs import ConfirmScreen
from briefreader.tui.screens.quiz import QuizScreen
from briefreader.tui.widgets.annotated_article import AnnotatedArticleView
from briefreader.tui.widgets.article_view import ArticleView
from briefreader.tui.widgets.note_editor import NoteEditor
from briefreader.tui.widgets.notes_pane import NotesPane

from .screens import until

SIZE = (120, 36)
ARTICLE = """Ports in the news

The port of Piraeus was sold in 2016. It handles many containers. Critics said the sale was rushed.

Supporters disagreed strongly. They pointed to new jobs at the port.
"""


def make_brief(home: Path, text: str = ARTICLE) -> Path:
    folder = home / "briefs" / "ports"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "article.txt").write_text(text, encoding="utf-8")
    brief = folder / "brief.yaml"
    brief.write_text(
        "format: 1\nslug: ports\narticle: article.txt\nmetadata:\n  title: Ports\n",
        encoding="utf-8",
    )
    return brief


def reader_of(app: BriefReaderApp) -> AnnotatedReaderScreen:
    screen = app.screen
    assert isinstance(screen, AnnotatedReaderScreen)
    return screen


async def settle(pilot: Pilot[int]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def stored(slug: str = "ports") -> Annotations:
    return Annotations(Store.open())


def quote(app: BriefReaderApp, layer: str) -> list[str]:
    article = app.screen.query_one(AnnotatedArticleView)
    out = []
    for n, spans in sorted(article.layer_spans(layer).items()):
        text = article.paragraphs[n - 1].text
        out += [text[s:e] for s, e in spans]
    return out


async def test_sentence_cursor_moves_across_paragraphs(briefreader_home: Path) -> None:
    app = BriefReaderApp(load_brief(make_brief(briefreader_home)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_parenthesis")  # enters sentence mode on the first sentence
        assert quote(app, "sentence") == ["The port of Piraeus was sold in 2016."]
        await pilot.press("right_parenthesis", "right_parenthesis")
        assert quote(app, "sentence") == ["Critics said the sale was rushed."]
        await pilot.press("right_parenthesis")
        assert quote(app, "sentence") == ["Supporters disagreed strongly."]
        assert app.screen.query_one(ArticleView).cursor == 2
        await pilot.press("left_parenthesis")
        assert quote(app, "sentence") == ["Critics said the sale was rushed."]
        await pilot.press("escape")
        assert quote(app, "sentence") == []


async def test_highlight_unhighlight_and_selection(briefreader_home: Path) -> None:
    app = BriefReaderApp(load_brief(make_brief(briefreader_home)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_parenthesis", "right_parenthesis", "h")
        await settle(pilot)
        assert quote(app, "highlight") == ["It handles many containers."]
        assert [h.anchor.quote for h in stored().highlights("ports")] == [
            "It handles many containers."
        ]
        await pilot.press("h")  # again: removed
        await settle(pilot)
        assert quote(app, "highlight") == [] and stored().highlights("ports") == []
        # v + movement: exactly that span
        await pilot.press("left_parenthesis", "v", "right", "right")
        assert quote(app, "selection") == ["The port of"]
        await pilot.press("h")
        await settle(pilot)
        assert quote(app, "highlight") == ["The port of"] and quote(app, "selection") == []


async def test_note_add_edit_cancel_delete(briefreader_home: Path) -> None:
    app = BriefReaderApp(load_brief(make_brief(briefreader_home)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_parenthesis", "h", "a")
        editor = app.screen.query_one(NoteEditor)
        assert editor.has_focus
        await pilot.press(*"sold to COSCO", "enter")
        await settle(pilot)
        assert not app.screen.query(NoteEditor)
        (h,) = stored().highlights("ports")
        assert h.note == "sold to COSCO"
        article = app.screen.query_one(AnnotatedArticleView)
        assert article.marks == {1: (0,)}
        assert "sold to COSCO" in str(reader_of(app).details.render())
        await pilot.press("a")  # edit: the editor opens with the note
        editor = app.screen.query_one(NoteEditor)
        assert editor.value == "sold to COSCO"
        await pilot.press(*" (China)", "enter")
        await settle(pilot)
        assert stored().highlights("ports")[0].note == "sold to COSCO (China)"
        await pilot.press("a", *"xyz", "escape")  # Esc cancels
        await settle(pilot)
        assert stored().highlights("ports")[0].note == "sold to COSCO (China)"
        await pilot.press("a")
        app.screen.query_one(NoteEditor).value = ""
        await pilot.press("enter")  # empty: the note goes, the highlight stays
        await settle(pilot)
        (h,) = stored().highlights("ports")
        assert h.note is None and article.marks == {}
        # a note on the paragraph (no sentence cursor)
        await pilot.press("escape", "j", "a", *"jobs claim", "enter")
        await settle(pilot)
        notes = {x.kind: x for x in stored().highlights("ports")}
        assert notes["paragraph"].note == "jobs claim" and notes["paragraph"].anchor.paragraph == 2
        assert article.marks == {2: (0,)}


async def test_card_from_highlight_answered_in_quiz(briefreader_home: Path) -> None:
    app = BriefReaderApp(load_brief(make_brief(briefreader_home)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_parenthesis", "h")  # "The port of Piraeus was sold in 2016."
        await settle(pilot)
        for _ in range(3):
            await pilot.press("right")  # on "Piraeus"
        await pilot.press("v", "c")
        await settle(pilot)
        (card,) = stored().cards("ports")
        assert card.prompt == "The port of [...] was sold in 2016." and card.answer == "Piraeus"
        user = [c for c in app.study.deck() if c.source == "user"]
        assert [c.id for c in user] == [f"user.{card.id}"]
        assert user[0].evidence[0].paragraph == 1
        store = app.study.store()
        assert store is not None
        session = Session(user, store, "ports", clock=SystemClock())
        await app.push_screen(QuizScreen(app.brief, session))
        await pilot.pause()
        await pilot.press(*"piraeus", "enter")
        await pilot.pause()
        (review,) = store.reviews("ports")
        assert review.card_id == f"user.{card.id}" and review.correct is True
        assert store.card_state("ports", f"user.{card.id}") is not None


async def test_card_question_and_answer_edited_from_the_notes_pane(
    briefreader_home: Path,
) -> None:
    app = BriefReaderApp(load_brief(make_brief(briefreader_home)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_parenthesis", "h", "right", "right", "right", "v", "c")
        await settle(pilot)
        (card,) = stored().cards("ports")
        await pilot.press("5")
        pane = app.screen.query_one(NotesPane)
        pane.highlighted = next(i for i, it in enumerate(pane.items) if it.kind == "card")
        await pilot.press("e")
        assert app.screen.query_one(NoteEditor).value == card.prompt
        await pilot.press("ctrl+u", *"Which port was sold in 2016?", "enter")
        await pilot.pause()
        assert app.screen.query_one(NoteEditor).value == "Piraeus"  # step 2: the answer
        await pilot.press("ctrl+u", *"Piraeus (Greece)", "enter")
        await settle(pilot)
        (edited,) = stored().cards("ports")
        assert (edited.prompt, edited.answer) == (
            "Which port was sold in 2016?",
            "Piraeus (Greece)",
        )
        assert not app.screen.query(NoteEditor)
        await pilot.press("5")
        pane.highlighted = next(i for i, it in enumerate(pane.items) if it.kind == "card")
        await pilot.press("e", "ctrl+u", *"changed", "enter", "escape")  # Esc in step 2
        await settle(pilot)
        assert stored().cards("ports")[0].prompt == "Which port was sold in 2016?"


async def test_card_from_whole_highlight_uses_the_paragraph(briefreader_home: Path) -> None:
    app = BriefReaderApp(load_brief(make_brief(briefreader_home)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")  # nothing highlighted: refused
        await settle(pilot)
        assert stored().cards("ports") == []
        await pilot.press("right_parenthesis", "h", "c")  # c entered the sentence cursor
        await settle(pilot)
        (card,) = stored().cards("ports")
        assert card.answer == "It handles many containers."
        assert card.prompt.startswith("The port of Piraeus was sold in 2016. [...] Critics")


async def test_notes_pane_lists_jumps_edits_deletes(briefreader_home: Path) -> None:
    app = BriefReaderApp(load_brief(make_brief(briefreader_home)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "right_parenthesis", "h", "a", *"jobs?", "enter")
        await pilot.press("k", "h")  # the sentence cursor follows to the first sentence
        await settle(pilot)
        await pilot.press("5")
        pane = app.screen.query_one(NotesPane)
        assert pane.has_focus
        assert [(i.span[0] if i.span else 0, i.quote) for i in pane.items] == [
            (1, "The port of Piraeus was sold in 2016."),
            (2, "Supporters disagreed strongly."),
        ]
        pane.highlighted = 1
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one(ArticleView).cursor == 2
        assert app.screen.query_one(ArticleView).has_focus
        await pilot.press("5")
        pane.highlighted = 1
        await pilot.press("e")
        assert app.screen.query_one(NoteEditor).value == "jobs?"
        await pilot.press("escape", "5")
        pane.highlighted = 1
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert [h.anchor.paragraph for h in stored().highlights("ports")] == [1]
        assert len(pane.items) == 1


async def test_search_finds_notes(briefreader_home: Path) -> None:
    app = BriefReaderApp(load_brief(make_brief(briefreader_home)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "right_parenthesis", "h", "a", *"cosco deal", "enter")
        await settle(pilot)
        await pilot.press("k", "slash", *"cosco")
        await pilot.pause()
        screen = reader_of(app)
        assert screen.hits == [(2, 0, 30)]  # the note's highlight: not in the article text


async def test_re_anchored_after_the_article_changes_and_lost_reported(
    briefreader_home: Path,
) -> None:
    path = make_brief(briefreader_home)
    app = BriefReaderApp(load_brief(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "right_parenthesis", "h", "a", *"jobs?", "enter")
        await pilot.press("k", "right_parenthesis", "h")  # "It handles many containers."
        await settle(pilot)
    # edit the file: a new first paragraph, and the second sentence removed
    changed = ARTICLE.replace("It handles many containers. ", "").replace(
        "Ports in the news\n\n", "Ports in the news\n\nA new opening paragraph.\n\n"
    )
    make_brief(briefreader_home, changed)
    app = BriefReaderApp(load_brief(path))  # a restart
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: reader_of(app).items_loaded)  # loaded after the first paint
        assert quote(app, "highlight") == ["Supporters disagreed strongly."]
        article = app.screen.query_one(AnnotatedArticleView)
        assert set(article.layer_spans("highlight")) == {3}  # moved down one paragraph
        screen = reader_of(app)
        assert [p.item.anchor.quote for p in screen.lost] == ["It handles many containers."]
        pane = app.screen.query_one(NotesPane)
        assert [i.span is None for i in pane.items] == [False, True]
        assert any("can no longer be placed" in str(n.message) for n in app._notifications)
    assert len(stored().highlights("ports")) == 2  # never dropped


async def test_mouse_drag_selects_then_h_highlights_it(briefreader_home: Path) -> None:
    app = BriefReaderApp(load_brief(make_brief(briefreader_home)))
    async with app.run_test(size=SIZE) as pilot:
        article = app.screen.query_one(AnnotatedArticleView)
        x0, y0 = article.position_of(1, 4)  # "port"
        x1, y1 = article.position_of(1, 17)  # inside "Piraeus"
        await pilot.mouse_down(article, offset=(x0, y0))
        await pilot.hover(article, offset=(x1, y1))
        await pilot.mouse_up(article, offset=(x1, y1))
        await pilot.pause()
        assert quote(app, "selection") == ["port of Piraeus"]
        await pilot.press("h")
        await settle(pilot)
        assert quote(app, "highlight") == ["port of Piraeus"]


async def test_reader_remembers_the_brief_for_the_next_plain_launch(
    briefreader_home: Path,
) -> None:
    from briefreader.core.state import State

    path = make_brief(briefreader_home)
    app = BriefReaderApp(load_brief(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert State.load().last_brief == str(path.resolve())


async def test_no_empty_card_from_a_whole_paragraph_highlight(briefreader_home: Path) -> None:
    text = "One paragraph of a single sentence about ports.\n\nAnother one here.\n"
    app = BriefReaderApp(load_brief(make_brief(briefreader_home, text)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_parenthesis", "h", "c")  # gap = everything: refused
        await settle(pilot)
        assert stored().cards("ports") == []
        await pilot.press("right", "right", "right", "right", "v", "c")  # "single"
        await settle(pilot)
        (card,) = stored().cards("ports")
        assert card.answer == "single"
        assert card.prompt == "One paragraph of a [...] sentence about ports."


def blocked_load(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """Hold the reader's load after the first paint between its read of the store and its
    landing on screen: ``read`` is set once it has read, it lands when ``go`` is set."""
    read, go = threading.Event(), threading.Event()
    real = AnnotationsScreen._place

    def place(self: AnnotationsScreen, notes: Annotations) -> object:
        out = real(self, notes)
        if threading.current_thread() is not threading.main_thread():
            read.set()
            go.wait(30)
        return out

    monkeypatch.setattr(AnnotationsScreen, "_place", place)
    return read, go


async def test_a_late_load_does_not_undo_a_highlight_made_since(
    briefreader_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The load after the first paint read an empty store; the user highlights before it
    lands. Its older read must not wipe the new highlight off the screen (CI saw this once:
    the load's timer fired between two quick ``h`` presses)."""
    make_brief(briefreader_home)
    stored()  # the store exists, empty
    read, go = blocked_load(monkeypatch)
    app = BriefReaderApp(load_brief(briefreader_home / "briefs" / "ports" / "brief.yaml"))
    async with app.run_test(size=SIZE) as pilot:
        assert await asyncio.to_thread(read.wait, 30)
        await pilot.press("right_parenthesis", "right_parenthesis", "h")
        go.set()
        await settle(pilot)
        assert quote(app, "highlight") == ["It handles many containers."]
        assert [h.anchor.quote for h in stored().highlights("ports")] == [
            "It handles many containers."
        ]
        await pilot.press("h")  # and the toggle still sees it: removed
        await settle(pilot)
        assert quote(app, "highlight") == [] and stored().highlights("ports") == []


async def test_h_before_the_load_lands_removes_an_existing_highlight(
    briefreader_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A highlight saved last time, and ``h`` on it before the load after the first paint
    has landed: it is removed (not highlighted a second time), and the late load does not
    bring it back."""
    from briefreader.core.anchoring import make_anchor

    brief = load_brief(make_brief(briefreader_home))
    start = brief.paragraphs[0].text.index("It handles")
    end = brief.paragraphs[0].text.index("Critics") - 1
    stored().add_highlight("ports", make_anchor(brief.paragraphs, 1, start, end))
    read, go = blocked_load(monkeypatch)
    app = BriefReaderApp(brief)
    async with app.run_test(size=SIZE) as pilot:
        assert await asyncio.to_thread(read.wait, 30)
        await pilot.press("right_parenthesis", "right_parenthesis", "h")
        go.set()
        await settle(pilot)
        assert stored().highlights("ports") == []
        assert quote(app, "highlight") == []
