"""Issue 7.3: payloads in every free-text field and in file names never reach a terminal.

Every CLI command runs, and every screen of the reader is opened, on a real
pseudo-terminal; the bytes it wrote are searched for any sequence of the payload
(OSC 0/2/52, CSI, raw C1, bidi controls, tag characters). Markup stays literal.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .payloads import ARTICLE, ARTICLE_NAME, MARKUP, RAW_PAYLOAD, leaks, write_brief
from .ptyrun import PtyResult, Step, run_on_pty

pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("pty-home")
    write_brief(home / "briefs")
    (home / ARTICLE_NAME).write_text(ARTICLE, encoding="utf-8")
    (home / "payload.md").write_text(f"# {RAW_PAYLOAD}\n\n{ARTICLE}", encoding="utf-8")
    return home


def brief_path(home: Path) -> Path:
    return next((home / "briefs").glob("evil*.yaml"))


def env_for(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "BRIEFREADER_HOME": str(home),
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "TEXTUAL_ANIMATIONS": "none",
        "PYTHONIOENCODING": "utf-8",
    }


def app(home: Path, *args: str, steps: list[Step], first: str) -> PtyResult:
    result = run_on_pty(
        ["python", "-m", "briefreader", *args], steps, env=env_for(home), first=first
    )
    assert result.returncode == 0, result.output[-2000:]
    return result


def test_every_screen_on_a_pty(home: Path) -> None:
    esc = Step(b"\x1b", wait=0.4)
    steps = [
        Step(b"2"),
        Step(b"\r", "Definition"),  # glossary entry in the details pane
        Step(b"3"),
        Step(b"\r", "Description"),  # actor details
        Step(b"4"),
        Step(b"\r", wait=0.5),  # outline point
        Step(b"i", "About this source"),
        esc,
        Step(b"?", "Next pane"),
        esc,
        Step(b"t", "Prompt", wait=0.5),  # quiz
        Step(b" ", wait=0.4),
        Step(b"3", wait=0.4),
        esc,
        Step(b"m", "Mastery", wait=0.5),  # stats
        esc,
        Step(b"L", wait=0.8),  # the library
        esc,
        Step(b"\x10", wait=0.4),  # ctrl+p: the command palette
        Step(b"PWN", "PWN", wait=0.6),
        esc,
        Step(b"q"),
    ]
    result = app(home, "open", str(brief_path(home)), steps=steps, first="PWNMARK")
    assert result.missed == []
    assert leaks(result.output) == []
    assert MARKUP in result.output  # shown literally, not made bold


def test_bare_article_with_escape_in_its_name(home: Path) -> None:
    steps = [Step(b"i", "About this source", wait=0.3), Step(b"\x1b", wait=0.3), Step(b"q")]
    result = app(home, "open", str(home / ARTICLE_NAME), steps=steps, first="PWNMARK")
    assert result.missed == []
    assert leaks(result.output) == []
    assert "art\\x1b]0;PWNFILE\\x07.txt" in result.output  # named, escaped


@pytest.mark.parametrize(
    "args",
    [
        ("check", "{brief}"),
        ("check", "{article}"),
        ("list",),
        ("list", "--json"),
        ("show", "{brief}"),
        ("show", "--json", "{brief}"),
        ("show", "{article}"),
        ("stats", "{brief}"),
        ("stats", "--json", "{brief}"),
        ("--plain", "stats", "{brief}"),
        ("--plain", "list"),
        ("notes",),
        ("notes", "--json"),
        ("cards", "{brief}"),
        ("cards", "--json", "{brief}"),
        ("export", "-f", "md", "{brief}"),
        ("export", "-f", "csv", "{brief}"),
        ("export", "-f", "json", "{brief}"),
        ("show", "{md}"),  # an article in another format (ingest)
        ("import", "{md}"),
    ],
)
def test_every_command_on_a_pty(home: Path, args: tuple[str, ...]) -> None:
    names = {
        "brief": str(brief_path(home)),
        "article": str(home / ARTICLE_NAME),
        "md": str(home / "payload.md"),
    }
    argv = [a.format(**names) for a in args]
    env = env_for(home)  # files a command writes (export) go to the home folder
    result = run_on_pty(["python", "-m", "briefreader", *argv], env=env, timeout=20, cwd=str(home))
    assert result.returncode == 0, result.output
    assert leaks(result.output) == []
    assert "Traceback" not in result.output
    if args[0] in ("show", "list") and "--json" not in args:
        assert MARKUP in result.output
