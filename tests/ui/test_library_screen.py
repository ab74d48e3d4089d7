"""The library screen, driven with Pilot: columns, sort, filter, open, quiz, import,
delete with backup and undo, and the study-queue line."""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import DataTable, Input, Static

from briefreader.core.loader import load_brief
from briefreader.core.paths import resolve
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.library import LibraryScreen
from briefreader.tui.screens.library_dialogs import ConfirmScreen, ImportScreen, complete_path
from briefreader.tui.screens.quiz import QuizScreen
from briefreader.tui.screens.reader import ReaderScreen

from ..seeding import imported_brief

SIZE = (120, 36)
ARTICLE = """A test article about ports

The port of Piraeus was sold in 2016. It handles many containers.

Critics said the sale was rushed. Supporters disagreed strongly.
"""


async def open_library(pilot) -> LibraryScreen:  # type: ignore[no-untyped-def]
    await pilot.press("L")
    screen = pilot.app.screen
    assert isinstance(screen, LibraryScreen)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return screen


def titles(screen: LibraryScreen) -> list[str]:
    table = screen.query_one(DataTable)
    out = []
    for i in range(table.row_count):
        cell = table.get_row_at(i)[0]
        out.append(cell.plain if isinstance(cell, Text) else str(cell))
    return out


async def test_columns_sort_filter(briefreader_home: Path) -> None:
    imported_brief(briefreader_home, "alpha-ports", "Alpha ports", ARTICLE)
    imported_brief(briefreader_home, "zulu-ports", "Zulu ports", ARTICLE)
    app = BriefReaderApp(load_brief(resolve(None)))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(pilot)
        table = screen.query_one(DataTable)
        assert [str(c.label) for c in table.columns.values()] == [
            "Title",
            "Source",
            "Date",
            "Read",
            "Due",
            "New",
            "Mastery",
        ]
        assert titles(screen)[0].startswith("Three challenges")
        await pilot.press("s")  # by title
        assert titles(screen) == [
            "Alpha ports",
            "Three challenges to NATO's Asian Pacific expansion",
            "Zulu ports",
        ]
        await pilot.press("S")  # reversed
        assert titles(screen)[0] == "Zulu ports"
        await pilot.press("slash")
        assert screen.query_one("#library-filter", Input).has_focus
        await pilot.press("p", "o", "r", "t")
        assert sorted(titles(screen)) == ["Alpha ports", "Zulu ports"]
        await pilot.press(*["backspace"] * 4, "z", "u")
        assert titles(screen) == ["Zulu ports"]
        await pilot.press("escape")  # clears the filter
        assert len(titles(screen)) == 3 and table.has_focus
        queue = screen.query_one("#library-queue", Static)
        assert "nothing due now" in str(queue.render())
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_enter_opens_and_t_starts_quiz(briefreader_home: Path) -> None:
    imported_brief(briefreader_home, "alpha-ports", "Alpha ports", ARTICLE)
    app = BriefReaderApp(load_brief(resolve(None)))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(pilot)
        assert titles(screen)[1] == "Alpha ports"
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and app.brief.slug == "alpha-ports"
        assert app.screen.brief.slug == "alpha-ports"
        screen = await open_library(pilot)
        await pilot.press("t")  # the bundled brief's quiz (the cursor is on row 0)
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen) and app.brief.slug.startswith("nato")


async def test_delete_backup_and_undo(briefreader_home: Path) -> None:
    folder = imported_brief(briefreader_home, "alpha-ports", "Alpha ports", ARTICLE)
    app = BriefReaderApp(load_brief(resolve(None)))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(pilot)
        await pilot.press("d")  # the bundled brief: refused
        assert not isinstance(app.screen, ConfirmScreen)
        await pilot.press("down", "d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert folder.exists()
        await pilot.press("d")
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not folder.exists() and titles(screen) == [titles(screen)[0]]
        trash = list((briefreader_home / "trash").iterdir())
        assert len(trash) == 1 and (trash[0] / "files" / "brief.yaml").exists()
        assert json.loads((trash[0] / "progress.json").read_text())["slug"] == "alpha-ports"
        await pilot.press("u")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert (folder / "brief.yaml").exists() and "Alpha ports" in titles(screen)


async def test_import_with_completion(briefreader_home: Path, tmp_path: Path) -> None:
    source = tmp_path / "piraeus-sale.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    assert complete_path(str(tmp_path / "pir")) == str(source)
    app = BriefReaderApp(load_brief(resolve(None)))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(pilot)
        await pilot.press("i")
        assert isinstance(app.screen, ImportScreen)
        box = app.screen.query_one(Input)
        box.value = f"{tmp_path}/"
        box.cursor_position = len(box.value)
        await pilot.press("p", "i", "r")
        await pilot.pause()
        await app.workers.wait_for_complete()  # the suggester runs in a worker
        await pilot.pause()
        await pilot.press("right")
        assert box.value == str(source)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "A test article about ports" in titles(screen)
        (folder,) = [p for p in (briefreader_home / "briefs").iterdir() if p.is_dir()]
        assert (folder / "brief.yaml").exists()  # imported by core.library (slug from title)


async def test_a_slow_listing_landing_late_does_not_hide_an_undone_delete(
    briefreader_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Delete, then undo while the delete's listing is still being read: the listing read
    after the undo is the one shown, whichever lands last."""
    import briefreader.study.catalog as catalog_module

    imported_brief(briefreader_home, "alpha-ports", "Alpha ports", ARTICLE)
    real = catalog_module.catalog
    calls = 0
    read, go = threading.Event(), threading.Event()

    def slow_first(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        rows = real(*args, **kwargs)  # type: ignore[arg-type]
        if calls == 1:  # the listing after the delete: read, then held
            read.set()
            go.wait(30)
        return rows

    app = BriefReaderApp(load_brief(resolve(None)))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(pilot)
        assert "Alpha ports" in titles(screen)
        monkeypatch.setattr(catalog_module, "catalog", slow_first)
        await pilot.press("down", "d", "y")  # deleted: its listing is read and held
        assert await asyncio.to_thread(read.wait, 30)
        await pilot.press("u")  # restored: a second listing, which lands first
        for _ in range(250):
            await pilot.pause(0.02)
            if "Alpha ports" in titles(screen):
                break
        assert "Alpha ports" in titles(screen) and calls == 2
        go.set()  # now the delete's listing lands
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Alpha ports" in titles(screen)
