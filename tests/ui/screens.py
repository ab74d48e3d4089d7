"""For Pilot tests: the sizes of the reader's three layouts, the reader screen and its
article, and an app started headless."""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen

from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.reader import ReaderScreen
from briefreader.tui.widgets.article_view import ArticleView

WIDE = (140, 40)
NARROW = (100, 30)
TINY = (60, 20)


def reader(app: BriefReaderApp) -> ReaderScreen:
    """The app's current screen, which must be the reader."""
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def article(app: BriefReaderApp) -> ArticleView:
    return reader(app).query_one("#article", ArticleView)


@contextlib.asynccontextmanager
async def started(
    app: BriefReaderApp, size: tuple[int, int], screen: Screen[Any] | None = None
) -> AsyncIterator[Pilot[int]]:
    """``app`` running headless at ``size`` (``screen`` pushed first), once it has painted."""
    async with app.run_test(size=size) as pilot:
        if screen is not None:
            await app.push_screen(screen)
        await pilot.pause()
        yield pilot


async def until(pilot: Pilot[Any], ready: Callable[[], object], timeout: float = 30.0) -> None:
    """Let the app run until ``ready()`` holds (what comes after the first paint, from a
    timer and a worker, comes later on a loaded machine), then settle; fail after
    ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not ready():
        assert time.monotonic() < deadline, f"not ready after {timeout} s"
        await pilot.pause(0.02)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def palette_shows(pilot: Pilot[Any], needle: str) -> None:
    """Once the command palette's highlighted hit (gathered in a worker, in batches)
    names ``needle``: Enter then picks it."""
    from textual.command import CommandList

    hits = pilot.app.screen.query_one(CommandList)

    def found() -> bool:
        if hits.highlighted is None or not hits.option_count:
            return False
        prompt = hits.get_option_at_index(hits.highlighted).prompt
        return needle.casefold() in str(prompt).casefold()

    await until(pilot, found)
