"""Reviewing suggestions in the reader, with Pilot: accept, drop, edit, merge, accept all."""

from __future__ import annotations

import inspect
import shutil
from pathlib import Path

from textual.widgets import Input

from briefreader.core.loader import check_brief, load_brief
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.review_modals import ImportModal, MergeModal, ReviewModal
from briefreader.tui.screens.reader import ReaderScreen
from briefreader.tui.widgets.entry_list import EntryList

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "annotate"
SIZE = (140, 40)


def reader(app: BriefReaderApp) -> ReaderScreen:
    screen = next(s for s in app.screen_stack if isinstance(s, ReaderScreen))
    return screen


async def open_bare(tmp_path: Path) -> BriefReaderApp:
    article = tmp_path / "yoon.txt"
    shutil.copyfile(CORPUS / "wh-yoon-readout.txt", article)
    return BriefReaderApp(load_brief(article))


async def wait_for_suggestions(app: BriefReaderApp) -> None:
    for _ in range(100):
        await app.workers.wait_for_complete()
        if reader(app).brief.entries:
            return
        import asyncio

        await asyncio.sleep(0.05)
    raise AssertionError("no suggestions arrived")


async def test_suggestions_fill_the_panes_after_the_first_paint(tmp_path: Path) -> None:
    app = await open_bare(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert not reader(app).brief.entries  # first paint: nothing computed yet
        await wait_for_suggestions(app)
        await pilot.pause()
        screen = reader(app)
        actors = screen.query_one("#actors", EntryList)
        assert "yoon-suk-yeol" in actors.entry_ids
        assert all(e.suggested for e in screen.brief.entries)
        from briefreader.tui.widgets.details import entry_content

        yoon = screen.brief.entry("yoon-suk-yeol")
        assert yoon is not None
        assert "Suggested (confidence" in entry_content(yoon, [1]).plain
        spans = screen.article.mention_spans
        assert any(kind == "suggested" for ss in spans.values() for *_, kind in ss)


async def test_accept_drop_edit_merge_write_a_valid_brief(
    tmp_path: Path, briefreader_home: Path
) -> None:
    app = await open_bare(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_suggestions(app)
        await pilot.pause()
        await pilot.press("3", "down")  # actors pane, first suggestion: Joseph R. Biden, Jr.
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ImportModal)
        await pilot.press("y")
        await pilot.pause()
        (path,) = (briefreader_home / "briefs").glob("*/brief.yaml")  # the library import
        brief = reader(app).brief
        biden = brief.entry("joseph-r-biden-jr")
        assert biden is not None and not biden.suggested

        actors = reader(app).query_one("#actors", EntryList)
        assert actors.selected_id == "yoon-suk-yeol"  # review moves on by itself
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ReviewModal)
        app.screen.query_one("#edit-name", Input).value = "Yoon Suk Yeol"
        app.screen.query_one("#edit-definition", Input).value = "President of the ROK."
        await pilot.press("enter")
        await pilot.pause()
        yoon = reader(app).brief.entry("yoon-suk-yeol")
        assert yoon is not None and yoon.description == "President of the ROK."  # type: ignore[union-attr]

        actors.select_entry("camp-david")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert reader(app).brief.entry("camp-david") is None

        actors.select_entry("united-states")
        await pilot.pause()
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, MergeModal)
        await pilot.press(*"Joseph", "enter")
        await pilot.pause()
        merged = reader(app).brief.entry("joseph-r-biden-jr")
        assert merged is not None and "United States" in merged.aliases

        await pilot.press("Y")  # accept all in the actors pane
        await pilot.pause()
        assert not any(a.suggested for a in reader(app).brief.actors)
    result = check_brief(path)
    assert not result.errors
    assert result.brief is not None
    assert [e.id for e in result.brief.actors if e.suggested] == []
    assert any(e.suggested for e in result.brief.glossary)  # the other pane is untouched


async def test_declining_the_import_reviews_a_scratch_copy(
    tmp_path: Path, briefreader_home: Path
) -> None:
    app = await open_bare(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_suggestions(app)
        await pilot.press("3", "down", "d")
        await pilot.pause()
        assert isinstance(app.screen, ImportModal)
        await pilot.press("n")
        await pilot.pause()
        assert reader(app).brief.entry("joseph-r-biden-jr") is None
    assert not (briefreader_home / "briefs").exists()


async def test_accepting_an_entry_that_is_not_a_suggestion_says_so(tmp_path: Path) -> None:
    app = BriefReaderApp(
        load_brief(
            Path(__file__).resolve().parents[2] / "data" / "nato-asian-pacific-expansion.yaml"
        )
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "down", "y")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert any("Focus a suggestion" in str(n.message) for n in app._notifications)


async def test_the_palette_runs_the_same_actions(tmp_path: Path) -> None:
    from briefreader.tui.commands import BriefCommands

    app = await open_bare(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_suggestions(app)
        await pilot.press("3", "down")
        provider = BriefCommands(app.screen)
        texts = [c.text for c in provider.commands()]
        assert {"Accept", "Drop", "Edit", "Merge", "Accept all"} <= set(texts)
        drop = next(c for c in provider.commands() if c.text == "Drop")
        result = drop.run()  # the palette's callback: app.run_action (a coroutine)
        if inspect.isawaitable(result):
            await result
        await pilot.pause()
        assert isinstance(app.screen, ImportModal)
