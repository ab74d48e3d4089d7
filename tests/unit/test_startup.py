"""Start-up shortcuts behave exactly like the slow paths they skip."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefreader import cli


@pytest.mark.parametrize("argv", [[], ["open"], ["open", "some-brief"], ["open", "a.txt"]])
def test_fast_open_parses_like_the_full_parser(argv: list[str]) -> None:
    fast = cli._fast_open(argv)
    full = cli._parser().parse_args(argv)
    assert fast is not None
    assert (fast.command, fast.debug) == (full.command or "open", full.debug)
    assert fast.brief == getattr(full, "brief", None)
    assert fast.theme == getattr(full, "theme", None)


@pytest.mark.parametrize(
    "argv",
    [["list"], ["--debug"], ["open", "--theme", "nord"], ["open", "a", "b"], ["-h"], ["quiz"]],
)
def test_anything_else_takes_the_full_parser(argv: list[str]) -> None:
    assert cli._fast_open(argv) is None


def test_the_collector_is_paused_for_start_up_and_back_on_after() -> None:
    import gc

    from briefreader.tui import startup_gc

    assert gc.isenabled()
    try:
        startup_gc.pause()
        assert not gc.isenabled()
        startup_gc.pause()  # twice: still one pause
        startup_gc.resume()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # start-up's objects: not scanned again
        startup_gc.resume()  # idempotent
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


def test_resume_leaves_a_collector_it_did_not_pause_alone() -> None:
    import gc

    from briefreader.tui import startup_gc

    gc.disable()  # someone else's choice
    try:
        startup_gc.resume()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_reader_turns_collection_back_on_even_if_it_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    from briefreader.tui import app as tui_app

    def boom(self: object) -> None:
        assert not gc.isenabled()  # paused by the command line on the way in
        raise RuntimeError("the terminal went away")

    monkeypatch.setattr(tui_app.BriefReaderApp, "run", boom)
    try:
        with pytest.raises(RuntimeError):
            cli._main([], __import__("io").StringIO())
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


async def test_the_app_resumes_collection_once_it_has_painted() -> None:
    import gc

    from briefreader.core.loader import load_brief
    from briefreader.tui import startup_gc
    from briefreader.tui.app import BriefReaderApp
    from tests.conftest import BUNDLED

    app = BriefReaderApp(load_brief(BUNDLED))
    startup_gc.pause()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert app.screen.query_one("#article").region  # laid out and painted
            assert gc.isenabled()
    finally:
        startup_gc.resume()
        gc.unfreeze()
        gc.enable()


def test_a_brief_that_does_not_load_leaves_the_collector_on(tmp_path: Path) -> None:
    import gc
    import io

    try:
        assert cli._main(["open", str(tmp_path / "missing.yaml")], io.StringIO()) == 1
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


def test_a_prefiltered_index_is_the_same_index() -> None:
    from briefreader.core.brief import Paragraph
    from briefreader.core.loader import load_brief
    from briefreader.core.xref import brief_entries, build_index
    from briefreader.study.derived import BYLINE, byline_text
    from tests.conftest import BUNDLED

    brief = load_brief(BUNDLED)
    entries = brief_entries(brief)
    for paragraphs in (
        [Paragraph(BYLINE, "body", byline_text(brief))],
        list(brief.paragraphs),
    ):
        assert build_index(paragraphs, entries, prefilter=True) == build_index(paragraphs, entries)
    names = [
        ("nato", ("NATO",)),
        ("ss", ("Straße",)),
        ("kelvin", ("kilo Watt",)),
        ("istanbul", ("istanbul",)),
        ("us", ("U.S.",)),
        ("none", ("Nowhere",)),
    ]
    text = "The nato and STRASSE, \u212ailo\n  watt, \u0130stanbul and u.s. again: NATO."
    para = [Paragraph(1, "body", text)]
    assert build_index(para, names, prefilter=True) == build_index(para, names)
    assert build_index(para, names).mentions  # something was found at all


def test_a_build_that_pauses_the_collector_keeps_it_off_past_start_up() -> None:
    import gc

    from briefreader.core.gcpause import paused_gc
    from briefreader.tui import startup_gc

    try:
        startup_gc.pause()
        with paused_gc():  # e.g. the long text's index in its worker
            startup_gc.resume()  # the first paint happens meanwhile
            assert not gc.isenabled()
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


#: Not imported by a plain start before its first frame (each is imported by the key,
#: the pane or the layout that needs it; tests/ui exercise each of those).
LAZY_AT_START = (
    "argparse",  # the full command line (plain `briefreader` is read without it)
    "gettext",
    "yaml",  # the bundled brief comes from its cache
    "hashlib",  # OpenSSL: the cache's digests are BLAKE2b, the state key CPython's SHA-256
    "_hashlib",
    "logging.handlers",  # the log file is made on the first record
    "textual.widgets._tabs",  # the side tabs: only narrower than the wide layout
    "briefreader.tui.widgets.side_tabs",
    "briefreader.tui.commands",  # the palette's provider: when the palette opens
    "briefreader.tui.widgets.search_bar",  # on the first `/`
    "briefreader.tui.widgets.note_editor",  # on `a`
    "briefreader.core.text_cursor",  # the sentence cursor: on `(` `)` and friends
    "briefreader.core.sentences",
    "briefreader.core.anchoring",  # when a highlight is made or placed
    "briefreader.study.annotation_model",
    "briefreader.core.loader",  # (and the schema, the article readers)
    "textual.drivers.linux_inline_driver",  # (never run inline)
)


def test_plain_start_imports_nothing_its_first_frame_does_not_need(tmp_path: Path) -> None:
    """Plain ``briefreader`` (headless here, 120x40): once the reader has painted its
    first frame, none of :data:`LAZY_AT_START` is imported, and the cross-reference
    index came from the bundled cache (not built)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from briefreader.core import xref\n"
        "def no_build(*args, **kwargs):\n"
        "    raise AssertionError('the index was built')\n"
        "xref.index_brief = no_build\n"
        "from briefreader.tui import app\n"
        "real_run = app.BriefReaderApp.run\n"
        "async def first_frame(pilot):\n"
        "    await pilot.pause()\n"
        "    screen = pilot.app.screen\n"
        "    assert screen.query_one('#article').region and screen.index is not None\n"
        f"    print(sorted(m for m in {LAZY_AT_START!r} if m in sys.modules))\n"
        "    pilot.app.exit(0)\n"
        "def run(self):\n"
        "    return real_run(self, headless=True, size=(120, 40), auto_pilot=first_frame)\n"
        "app.BriefReaderApp.run = run\n"
        "from briefreader import cli\n"
        "sys.exit(cli.main([]))\n"
    )
    env = {"BRIEFREADER_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
