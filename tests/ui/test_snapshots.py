"""SVG snapshots of the reader (pytest-textual-snapshot). Review each before accepting:
render with `rsvg-convert` to PNG and look at it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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


def test_long_entry_selected_at_100x30(snap_compare: Snap) -> None:
    """Issue 12: NATO's long details in a scrollable pane (scrollbar shown, nothing cut)."""
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=selecting("nato", 3))


def test_definition_sheet_at_70x24(snap_compare: Snap) -> None:
    """Issue 12: below 80 columns a selected entry opens as a sheet over the text."""
    assert snap_compare(make_app(), terminal_size=(70, 24), press=["j", "x", "enter"])


def test_light_theme_focused_mention(snap_compare: Snap) -> None:
    """Issue 12: the focused mention (x) is the strongest highlight, also in light."""
    assert snap_compare(
        make_app(theme="textual-light"), terminal_size=(120, 30), press=["x", "x", "enter", "x"]
    )


def test_about_screen(snap_compare: Snap) -> None:
    assert snap_compare(make_app(), terminal_size=(110, 36), press=["i"])


def test_search_matches(snap_compare: Snap) -> None:
    assert snap_compare(make_app(), terminal_size=(120, 30), press=["slash", *"nato", "enter", "n"])
