"""Fixtures the UI tests share: the bundled brief, its deck, a progress store; and a
helper that draws a widget unfocused, then focused."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from briefreader.core.brief import Brief
from briefreader.core.loader import load_brief
from briefreader.core.paths import resolve
from briefreader.study.cards import build_deck
from briefreader.study.model import StudyCard
from briefreader.study.store import Store

if TYPE_CHECKING:
    from textual.pilot import Pilot
    from textual.widget import Widget


@pytest.fixture(scope="module")
def brief() -> Brief:
    """The bundled brief (loaded once per module; never changed by a test)."""
    return load_brief(resolve(None))


@pytest.fixture(scope="module")
def deck(brief: Brief) -> list[StudyCard]:
    return build_deck(brief)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh progress store of the test's own."""
    with Store.open(tmp_path / "progress.sqlite3") as s:
        yield s


async def unfocused_then_focused(pilot: Pilot[Any], widget: Widget) -> AsyncIterator[bool]:
    """Yields False with nothing focused, then True with ``widget`` focused, each once
    the app has drawn it (``async for focused in ...``)."""
    for focused in (False, True):
        if focused:
            widget.focus()
        else:
            pilot.app.set_focus(None)
        await pilot.pause()
        yield focused
