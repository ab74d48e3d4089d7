"""A brief loaded ahead in a child process: the same brief and index, or none at all
(and then the usual in-process load, with the usual one-line errors)."""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import time
from pathlib import Path

import pytest

from briefreader import cli
from briefreader.core import brief_cache, index_ahead, load_ahead
from briefreader.core import load_ahead as load_ahead_core
from briefreader.core.brief import Brief
from briefreader.core.brief_cache import ahead_payload
from briefreader.core.loader import load_brief
from briefreader.core.xref import index_brief

from ..conftest import BUNDLED

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="forks only on Linux")

GLOSSARY = """format: 1
article: "long.txt"
glossary:
  - id: g-alpha
    term: "Alpha"
    definition: "The first."
  - id: g-nato
    term: "NATO"
    definition: "An alliance."
"""


def write_brief(folder: Path, chars: int = index_ahead.LONG_TEXT_CHARS + 20_000) -> Path:
    line = "Alpha met NATO, not Nato, and went home again to Alpha. "
    paragraph = line * 30
    count = chars // len(paragraph) + 1
    (folder / "long.txt").write_text(
        "A Long Chronicle\n\n" + "\n\n".join([paragraph] * count) + "\n", encoding="utf-8"
    )
    path = folder / "long.yaml"
    path.write_text(GLOSSARY, encoding="utf-8")
    return path


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_ahead, "_can_fork", lambda: True)


def loaded_ahead(path: Path) -> tuple[load_ahead_core.Ahead, Brief]:
    """A child started for ``path`` and the brief it loaded (both there)."""
    ahead = load_ahead.start(path)
    assert ahead is not None
    brief = ahead.brief()
    assert brief is not None
    return ahead, brief


def wait_for_exit(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


@linux_only
def test_the_child_loads_the_same_brief_and_index_and_writes_the_cache(
    forking: None, tmp_path: Path
) -> None:
    path = write_brief(tmp_path)
    ahead, brief = loaded_ahead(path)
    assert brief == load_brief(str(path))
    assert ahead.brief() is None  # only once
    pending = index_ahead.take(brief)  # the same child indexes it next
    assert pending is not None
    index_ahead._pending[id(brief)] = (brief, pending)
    assert index_ahead.start(brief) is pending  # no second child for it
    assert index_ahead.take(brief) is pending
    index = pending.result(timeout=120)  # (a busy machine: not killed for being slow)
    assert index is not None and index == index_brief(brief) and len(index.mentions) > 1000
    wait_for_exit(ahead.pid)  # it writes the user cache last
    cached = brief_cache.read_cache(brief_cache.user_cache_file(str(path)), str(path))
    assert cached == brief


@linux_only
def test_a_short_text_comes_without_an_index_child(forking: None, tmp_path: Path) -> None:
    path = write_brief(tmp_path, chars=2000)
    ahead = load_ahead.start(path)
    assert ahead is not None
    brief = ahead.brief()
    assert brief == load_brief(str(path))
    assert index_ahead.take(brief) is None
    wait_for_exit(ahead.pid)


@linux_only
def test_a_bad_file_is_loaded_again_here_for_the_same_error_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    started: list[load_ahead.Ahead | None] = []
    real_start = load_ahead.start

    def start(path: Path) -> load_ahead.Ahead | None:
        started.append(real_start(path))
        return started[-1]

    monkeypatch.setattr(load_ahead, "start", start)
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nglossary: [\n", encoding="utf-8")
    lines = []
    for can_fork in (False, True):
        monkeypatch.setattr(index_ahead, "_can_fork", lambda can=can_fork: can)
        assert cli.main(["open", str(bad)]) == 1
        lines.append(capsys.readouterr().err)
    assert started[0] is None and started[1] is not None  # the second time, a child tried
    assert lines[0] == lines[1]
    assert lines[0].count("\n") == 1 and str(bad) in lines[0] and "Traceback" not in lines[0]


def fake_child(payload: bytes, status: bytes | None = None) -> object:
    """A child that sends ``payload`` (announced as ``status``, by default "ok <len>")."""

    def child(path: str, memfd: int, status_w: int, rows: tuple[int, int]) -> int:
        index_ahead._write(memfd, payload)
        index_ahead._write(status_w, status if status is not None else b"ok %d\n" % len(payload))
        for fd in rows:
            os.close(fd)
        return 0

    return child


class Planted:
    def __reduce__(self) -> tuple[object, ...]:
        return (os.mkdir, (os.environ["PLANTED_DIR"],))


@linux_only
def test_a_planted_or_garbled_payload_is_refused(
    forking: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_brief(tmp_path, chars=2000)
    planted = tmp_path / "planted"
    monkeypatch.setenv("PLANTED_DIR", str(planted))
    brief = load_brief(str(path))
    good = ahead_payload(brief)
    other = ahead_payload(brief.evolve(path="/elsewhere.yaml"))
    rest, columns = pickle.loads(good)
    texts = list(columns[2])
    texts[-1] += "\x1b[2J"
    dirty = (*columns[:2], tuple(texts), *columns[3:])
    numbers = (tuple(str(n) for n in columns[0]), *columns[1:])
    cases = [
        fake_child(pickle.dumps(Planted())),  # would run code if unpickled freely
        fake_child(pickle.dumps({"paragraphs": []})),  # not a brief
        fake_child(pickle.dumps(brief)),  # a whole brief: not what the child sends
        fake_child(pickle.dumps((rest, dirty))),  # a control character in a paragraph
        fake_child(pickle.dumps((rest, numbers))),  # paragraph numbers that are not ints
        fake_child(pickle.dumps((rest, columns[:-1]))),  # a field missing
        fake_child(pickle.dumps((rest, (*columns[:-1], (Planted(),))))),  # planted in one
        fake_child(pickle.dumps((brief, columns))),  # paragraphs twice
        fake_child(good[: len(good) // 2]),  # cut short
        fake_child(b"garbage" * 100),
        fake_child(good, b"ok 12\n"),  # the wrong length
        fake_child(good, b"ok lots\n"),
        fake_child(good, b"error\n"),
        fake_child(other),  # a brief, of another path
    ]
    for child in cases:
        monkeypatch.setattr(load_ahead, "_child", child)
        ahead = load_ahead.start(path)
        assert ahead is not None
        assert ahead.brief() is None
        with pytest.raises(ChildProcessError):
            os.waitpid(ahead.pid, os.WNOHANG)  # (stopped and collected)
    assert not planted.exists()
    monkeypatch.setattr(load_ahead, "_child", fake_child(good))
    ahead = load_ahead.start(path)
    assert ahead is not None and isinstance(ahead.brief(), Brief)  # the fake works
    wait_for_exit(ahead.pid)


@linux_only
def test_a_child_that_hangs_is_killed(
    forking: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def hang(path: str, memfd: int, status_w: int, rows: tuple[int, int]) -> int:
        time.sleep(60)
        return 0

    monkeypatch.setattr(load_ahead, "_child", hang)
    ahead = load_ahead.start(write_brief(tmp_path, chars=2000))
    assert ahead is not None
    assert ahead.brief(timeout=0.2) is None
    with pytest.raises(ChildProcessError):
        os.waitpid(ahead.pid, os.WNOHANG)


def test_no_child_on_a_busy_machine_with_threads_or_for_a_bundled_brief(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    def fork() -> int:
        raise AssertionError("forked")

    monkeypatch.setattr(os, "fork", fork)
    path = write_brief(tmp_path, chars=2000)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(os, "getloadavg", lambda: (2.4, 2.0, 2.0))  # both cores busy
    assert load_ahead.start(path) is None
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert load_ahead.start(path) is None
    monkeypatch.setattr(index_ahead, "_can_fork", lambda: True)
    assert BUNDLED.with_suffix(".cache").is_file()
    assert load_ahead.start(BUNDLED) is None  # its shipped cache is quicker


@linux_only
def test_the_last_brief_is_loaded_ahead_too(
    forking: None, tmp_path: Path, briefreader_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from briefreader.core.last_brief import last_brief
    from briefreader.core.state import STATE_FILE
    from briefreader.tui.ahead import load_ahead

    load_ahead_module = load_ahead_core
    path = write_brief(tmp_path, chars=2000)
    (briefreader_home / STATE_FILE).write_text(json.dumps({"last_brief": str(path)}))
    children: list[int] = []
    real_start = load_ahead_module.start

    def start(p: Path) -> load_ahead_module.Ahead | None:
        child = real_start(p)
        if child is not None:
            children.append(child.pid)
        return child

    monkeypatch.setattr(load_ahead_module, "start", start)
    brief = last_brief(lambda line: None, load_ahead)
    assert brief == load_brief(str(path)) and len(children) == 1
    wait_for_exit(children[0])


@linux_only
def test_the_cache_is_written_even_if_the_index_is_never_taken(
    forking: None, tmp_path: Path
) -> None:
    path = write_brief(tmp_path)
    ahead, brief = loaded_ahead(path)
    pending = index_ahead.take(brief)
    assert pending is not None
    os.close(pending._fd)  # as when the reader quits at once: the child's write fails
    os.close(pending._memfd)
    wait_for_exit(ahead.pid)
    cached = brief_cache.read_cache(brief_cache.user_cache_file(str(path)), str(path))
    assert cached == brief


@linux_only
def test_opened_again_the_child_sends_the_index_the_cache_kept(
    forking: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefreader.core import known_index

    path = write_brief(tmp_path)
    ahead, brief = loaded_ahead(path)  # first open: built, then cached with the brief
    pending = index_ahead.take(brief)
    assert pending is not None
    first = pending.result(timeout=120)
    wait_for_exit(ahead.pid)
    cache = brief_cache.user_cache_file(str(path))
    assert known_index.rows_of(brief_cache.read_cache(cache, str(path))) is not None

    def no_indexing(brief: Brief) -> bytes:
        raise AssertionError("indexed again")

    monkeypatch.setattr(index_ahead, "_rows", no_indexing)  # (the child is forked from here)
    ahead, again = loaded_ahead(path)
    pending = index_ahead.take(again)
    assert pending is not None
    index = pending.result(timeout=120)
    assert index is not None and index == first == index_brief(again)
    wait_for_exit(ahead.pid)


@linux_only
def test_a_cache_made_without_the_index_gets_it(forking: None, tmp_path: Path) -> None:
    from briefreader.core import known_index

    path = write_brief(tmp_path)
    brief = brief_cache.load_brief_cached(path)  # in-process: cached without an index
    cache = brief_cache.user_cache_file(str(path))
    assert known_index.rows_of(brief_cache.read_cache(cache, str(path))) is None
    ahead, brief = loaded_ahead(path)
    pending = index_ahead.take(brief)
    assert pending is not None and pending.result(timeout=120) is not None
    wait_for_exit(ahead.pid)
    again = brief_cache.read_cache(cache, str(path))
    assert known_index.take(again) == index_brief(brief)


def test_a_kept_index_needs_no_index_child(
    forking: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefreader.core import index_rows, known_index

    path = write_brief(tmp_path)
    brief = brief_cache.load_brief_cached(path)
    rows = index_rows.encode_index(brief, index_brief(brief))
    assert brief_cache.keep_rows(str(path), brief, rows)
    again = brief_cache.load_brief_cached(path)

    def fork() -> int:
        raise AssertionError("forked")

    monkeypatch.setattr(os, "fork", fork)
    assert index_ahead.start(again) is None
    assert known_index.take(again) == index_brief(brief)
