"""The loader child forked first thing by the ``briefreader`` command
(:mod:`briefreader.core.fork_early`): only for ``open FILE`` spelled as the command
line resolves it, taken by the later load for that path, stopped for another."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefreader import __version__, launch
from briefreader.core import fork_early, index_ahead, load_ahead
from briefreader.core.loader import load_brief

from ..conftest import BUNDLED
from .test_load_ahead import linux_only, wait_for_exit, write_brief


@pytest.fixture(autouse=True)
def no_early_child_left() -> object:
    yield
    child, fork_early._early = fork_early._early, None
    if child is not None:
        child.stop()


@pytest.fixture
def can_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fork_early, "can_fork", lambda: True)
    monkeypatch.setattr(index_ahead, "_can_fork", lambda: True)


def gone(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@given(st.text(alphabet="ab./~-_ ", max_size=12))
def test_a_canonical_spelling_is_what_the_command_line_resolves(spec: str) -> None:
    if fork_early.canonical(spec):
        assert str(Path(spec).expanduser()) == spec


@pytest.mark.parametrize("spec", ["/tmp/kjv.yaml", "notes/a.md", "../x.txt", "a b.txt"])
def test_plain_spellings_are_canonical(spec: str) -> None:
    assert fork_early.canonical(spec)
    assert str(Path(spec)) == spec


@pytest.mark.parametrize(
    "spec", ["", "./a.txt", "a//b", "a/", "a/./b", "~/a.txt", "//x", "///x", "."]
)
def test_spellings_the_command_line_would_change_are_not(spec: str) -> None:
    assert not fork_early.canonical(spec)


@linux_only
def test_open_file_forks_at_once_and_the_load_takes_that_child(
    can_fork: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_brief(tmp_path)
    fork_early.start_early(["open", str(path)])
    early = fork_early._early
    assert early is not None and early.path == str(path)

    def second_fork(given: str, *, early: bool = False) -> None:
        raise AssertionError("forked again")

    monkeypatch.setattr(fork_early, "fork", second_fork)
    ahead = load_ahead.start(path)
    assert ahead is not None and ahead.pid == early.pid and fork_early._early is None
    brief = ahead.brief()
    assert brief == load_brief(str(path))
    pending = index_ahead.take(brief)  # the early child indexes it too
    assert pending is not None
    index = pending.result(timeout=120)
    assert index is not None and len(index.mentions) > 1000
    wait_for_exit(ahead.pid)


@linux_only
def test_an_early_child_for_another_path_is_stopped(can_fork: None, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = write_brief(tmp_path / "a"), write_brief(tmp_path / "b", chars=2000)
    fork_early.start_early(["open", str(first)])
    early = fork_early._early
    assert early is not None
    ahead = load_ahead.start(second)
    assert ahead is not None and ahead.pid != early.pid
    assert gone(early.pid)  # killed and collected
    assert ahead.brief() == load_brief(str(second))
    wait_for_exit(ahead.pid)


@pytest.mark.parametrize(
    "argv",
    [
        [],  # the last brief: known only from the state file
        ["open"],
        ["open", "missing.yaml"],
        ["open", "--theme", "x"],
        ["quiz", "FILE"],
        ["open", "FILE", "extra"],
        ["open", "./FILE"],
        ["open", "FOLDER"],
        ["open", str(BUNDLED)],  # its shipped cache is quicker
    ],
)
def test_no_early_child_unless_certain_and_useful(
    can_fork: None,
    argv: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fork(given: str, *, early: bool = False) -> None:
        raise AssertionError(f"forked for {argv}")

    monkeypatch.setattr(fork_early, "fork", fork)
    monkeypatch.chdir(tmp_path)
    write_brief(tmp_path, chars=2000)
    (tmp_path / "FOLDER").mkdir()
    (tmp_path / "FILE").write_text("Some text.\n", encoding="utf-8")
    fork_early.start_early(argv)
    assert fork_early._early is None


def test_no_early_child_without_a_spare_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fork() -> int:
        raise AssertionError("forked")

    monkeypatch.setattr(os, "fork", fork)
    monkeypatch.setattr(os, "getloadavg", lambda: (9.0, 9.0, 9.0))
    path = write_brief(tmp_path, chars=2000)
    fork_early.start_early(["open", str(path)])
    assert fork_early._early is None


def test_the_command_forks_early_then_runs_the_command_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[object] = []
    monkeypatch.setattr(sys, "argv", ["briefreader", "open", "x.yaml"])
    monkeypatch.setattr(fork_early, "start_early", lambda argv: calls.append(list(argv)))
    def command_line() -> int:
        calls.append("cli")
        return 7

    monkeypatch.setattr("briefreader.cli.main", command_line)
    assert launch.main() == 7
    assert calls == [["open", "x.yaml"], "cli"]


def test_python_m_briefreader_is_the_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "briefreader", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0 and done.stdout.strip() == f"briefreader {__version__}"
