"""Printing commands write no escape bytes to a pipe or with NO_COLOR, and ``--plain``
is linear text without box drawing (checked on a real pseudo-terminal too)."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys

import pytest

PRINTING = [["show"], ["stats"], ["list"], ["notes"], ["cards"]]
BOXES = re.compile("[\u2500-\u259f]")  # box drawing, block elements (meters, sparklines)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return {**env, "PYTHONIOENCODING": "utf-8", "COLUMNS": "100", **extra}


def _piped(args: list[str], **env: str) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "briefreader", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(**env),
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def _on_terminal(args: list[str], **env: str) -> str:
    """Run with stdout on a pseudo-terminal; everything written to it."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefreader", *args],
        stdout=follower,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        env=_env(TERM="xterm-256color", **env),
    )
    os.close(follower)
    chunks: list[bytes] = []
    try:
        while True:
            ready, _, _ = select.select([leader], [], [], 30)
            if not ready:
                break
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
        assert proc.wait(timeout=30) == 0
    return b"".join(chunks).decode("utf-8")


@pytest.mark.parametrize("args", PRINTING)
def test_no_escapes_when_piped(args: list[str]) -> None:
    assert "\x1b" not in _piped(args)


@pytest.mark.parametrize("args", PRINTING)
def test_plain_is_linear_text(args: list[str]) -> None:
    text = _piped([*args, "--plain"])
    assert "\x1b" not in text and not BOXES.search(text)
    assert text.strip()


def test_plain_before_the_command() -> None:
    assert _piped(["--plain", "stats"]) == _piped(["stats", "--plain"])


def test_stats_plain_lines() -> None:
    lines = _piped(["stats", "--plain"]).splitlines()
    assert lines[0] == "Progress: Three challenges to NATO's Asian Pacific expansion"
    assert "Retention (30 days): none yet" in lines
    assert "Mastery per outline point:" in lines
    assert any(re.fullmatch(r"  .+: \d+%", line) for line in lines)


def test_terminal_gets_styles_unless_no_color() -> None:
    assert "\x1b[" in _on_terminal(["stats"])  # the check below can see escapes
    assert "\x1b" not in _on_terminal(["stats"], NO_COLOR="1")
    assert "\x1b" not in _on_terminal(["stats", "--plain"])
    for args in (["show"], ["list"], ["notes"], ["cards"]):
        assert "\x1b" not in _on_terminal(args, NO_COLOR="1")
