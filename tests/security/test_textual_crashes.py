"""Issue 7.10: three crashes Textual 8.2.8 still has, worked around in the app.

Each is driven on a real pseudo-terminal as a user would hit it (the byte one cannot be
sent any other way), plus a unit test of each patched code path.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import OptionList

from briefreader.tui import textual_fixes

from .ptyrun import PtyResult, Step, run_on_pty

pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")
FIRST = "Three challenges"  # the bundled brief's title: the reader has painted


def reader_on_pty(home: Path, steps: list[Step], first: str | None = FIRST) -> PtyResult:
    env = {
        **os.environ,
        "BRIEFREADER_HOME": str(home),
        "TERM": "xterm-256color",
        "TEXTUAL_ANIMATIONS": "none",
    }
    result = run_on_pty(["python", "-m", "briefreader"], steps, env=env, first=first)
    assert result.missed == []
    return result


def assert_clean_exit(result: PtyResult) -> None:
    for word in ("Traceback", "KeyError", "ScreenStackError", "UnicodeDecodeError"):
        assert word not in result.output
    assert result.returncode == 0


def test_palette_then_page_down(briefreader_home: Path) -> None:
    # ctrl+p typed while the app starts (as a user mashing keys does): the palette's list
    # is hidden and has no lines when PageDown arrives.
    steps = [
        Step(b"\x10", "Search for commands", wait=0.5),
        Step(b"\x1b[6~", wait=0.6),
        Step(b"\x1b", wait=1.0),  # apart from the next key, or they read as alt+q
        Step(b"q"),
    ]
    assert_clean_exit(reader_on_pty(briefreader_home, steps, first=None))


def test_palette_quit_then_enter_again(briefreader_home: Path) -> None:
    steps = [Step(b"\x10", wait=0.5), Step(b"quit", wait=0.6), Step(b"\r", wait=0.0)]
    assert_clean_exit(reader_on_pty(briefreader_home, [*steps, Step(b"\r", wait=1.0)]))


@pytest.mark.parametrize("byte", [b"\x9b", b"\xff"])
def test_invalid_utf8_byte_on_input(briefreader_home: Path, byte: bytes) -> None:
    result = reader_on_pty(briefreader_home, [Step(byte, wait=0.5), Step(b"q", wait=0.5)])
    assert_clean_exit(result)  # still alive: `q` quit it


# -- the patched code paths ---------------------------------------------------------------


class Hidden(App[None]):
    def compose(self) -> ComposeResult:
        options = OptionList("a", "b", "c")
        options.display = False
        yield options


async def test_page_down_in_a_list_without_lines() -> None:
    textual_fixes.apply()
    app = Hidden()
    async with app.run_test() as pilot:
        options = app.query_one(OptionList)
        options.highlighted = 0
        options.action_page_down()  # type: ignore[no-untyped-call]
        options.action_page_up()  # type: ignore[no-untyped-call]
        await pilot.pause()
        assert options.highlighted == 0


def test_terminal_input_decoder_replaces_bad_bytes() -> None:
    textual_fixes.apply()
    from textual.drivers import linux_driver

    decode = linux_driver.getincrementaldecoder("utf-8")().decode  # type: ignore[attr-defined]
    assert decode(b"a\x9bb\xff") == "a\ufffdb\ufffd"
    assert decode(b"\xe2\x90") == "" and decode(b"\x9b") == "␛"  # split sequences still work
