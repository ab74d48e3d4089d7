"""The parts of the reader imported only when first used (not for the first frame: see
tests/unit/test_startup.py) work when they are: the side tabs, the search bar, the
note editor, the sentence cursor (the palette's commands: test_reader.py's
``test_palette_goes_to_an_entry``)."""

from __future__ import annotations

from briefreader.core.brief import Brief
from briefreader.tui.app import BriefReaderApp

from .screens import NARROW, WIDE, reader, started


async def test_a_click_on_a_side_tab_shows_its_pane(brief: Brief) -> None:
    app = BriefReaderApp(brief)
    async with started(app, NARROW) as pilot:
        screen = reader(app)
        await pilot.click("#tab-outline")
        await pilot.pause()
        assert screen.active_tab == "outline"
        assert screen.query_one("#outline").region and not screen.query_one("#glossary").region


async def test_search_editor_and_sentence_cursor_once_used(brief: Brief) -> None:
    app = BriefReaderApp(brief)
    async with started(app, WIDE) as pilot:
        screen = reader(app)
        await pilot.press("slash", *"NATO")
        await pilot.pause()
        assert screen.hits and (screen.search_bar().border_subtitle or "").startswith("1/")
        await pilot.press("enter", "escape")
        await pilot.pause()
        assert not screen.hits
        await pilot.press("right_parenthesis")  # the sentence cursor comes on
        await pilot.pause()
        assert screen.cursor_point is not None  # type: ignore[attr-defined]
        await pilot.press("a")
        await pilot.pause()
        assert screen.query("#note-editor")
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.query("#note-editor")
