"""A long text's index built ahead in a child process: the same index, or none at all."""

from __future__ import annotations

import os
import sys
import time
from array import array

import pytest

from briefreader.core import index_ahead, index_rows
from briefreader.core.brief import Article, Brief, Metadata, Paragraph, Term
from briefreader.core.xref import index_brief
from briefreader.study.derived import BriefData

_ENDED = os.WEXITED | os.WNOWAIT | os.WNOHANG if sys.platform == "linux" else 0  # (not collected)
linux_only = pytest.mark.skipif(sys.platform != "linux", reason="forks only on Linux")

NAMES = ["Alpha", "Beta Gamma", "NATO", "delta"]


def long_brief(chars: int = index_ahead.LONG_TEXT_CHARS + 10_000) -> Brief:
    line = "Alpha met beta  gamma and NATO, not Nato; delta-Alpha. "
    per = 40
    count = chars // (len(line) * per) + 1
    paragraphs = tuple(Paragraph(n, "body", line * per) for n in range(1, count + 1))
    terms = tuple(Term(f"t{i}", name, f"about {name}") for i, name in enumerate(NAMES))
    return Brief(
        slug="long",
        article=Article(Metadata(title="Long"), paragraphs),
        glossary=terms,
    )


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_ahead, "_can_fork", lambda: True)


@linux_only
def test_the_child_builds_the_same_index(forking: None) -> None:
    brief = long_brief()
    pending = index_ahead.start(brief)
    assert pending is not None
    assert index_ahead.take(brief) is pending
    assert index_ahead.take(brief) is None  # once
    index = pending.result(timeout=120)  # (a busy machine: not killed for being slow)
    assert index is not None and index == index_brief(brief)
    assert len(index.mentions) > 1000
    assert pending.ready() and pending.result() is None  # only once


@linux_only
def test_brief_data_takes_the_childs_index(forking: None) -> None:
    brief = long_brief()
    assert index_ahead.start(brief) is not None
    data = BriefData(brief)
    assert not data.index_ready
    assert data.index == index_brief(brief)
    assert data.index_ready and data.index_arrived


@linux_only
def test_a_failed_child_means_building_it_here(
    forking: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    brief = long_brief()
    monkeypatch.setattr(index_ahead, "_rows", lambda b: 1 / 0)  # only the child calls it
    pending = index_ahead.start(brief)
    assert pending is not None
    assert pending.result() is None
    assert index_ahead.start(brief) is not None
    assert BriefData(brief).index == index_brief(brief)  # (the module's name was patched)


@linux_only
def test_a_child_that_hangs_is_killed(forking: None, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    brief = long_brief()
    monkeypatch.setattr(index_ahead, "_rows", lambda b: time.sleep(30))
    pending = index_ahead.start(brief)
    assert pending is not None
    assert not pending.ready()
    assert pending.result(timeout=0.2) is None
    index_ahead.take(brief)


@linux_only
def test_the_child_hands_its_index_over_without_waiting_for_the_reader(forking: None) -> None:
    """The index goes into a memory file: the child ends before the reader reads a byte
    (through a pipe it would wait for the reader once 64 KB were in it)."""
    brief = long_brief()
    pending = index_ahead.start(brief)
    assert pending is not None and index_ahead.take(brief) is pending
    deadline = time.monotonic() + 60  # (a busy machine; a child stuck on a pipe: never)
    while (ended := os.waitid(os.P_PID, pending._pid, _ENDED)) is None:
        assert time.monotonic() < deadline, "the child waits for the reader"
        time.sleep(0.01)
    assert ended is not None and ended.si_code == os.CLD_EXITED and ended.si_status == 0
    assert os.fstat(pending._memfd).st_size > 4 * 65536  # (more than a pipe holds)
    assert pending.ready()
    index = pending.result(timeout=120)
    assert index is not None and index == index_brief(brief)


def _sent(status: bytes, body: bytes) -> tuple[int, int, int]:
    """A child that puts ``body`` in a memory file and announces ``status``: its pid,
    the pipe's reading end and the memory file."""
    memfd = os.memfd_create("test-rows", os.MFD_CLOEXEC)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read_end)
            index_ahead._write(memfd, body)
            index_ahead._write(write_end, status)
        finally:
            os._exit(0)
    os.close(write_end)
    return pid, read_end, memfd


@linux_only
def test_an_index_announced_wrongly_is_refused() -> None:
    brief = long_brief(3000)
    good = index_ahead._rows(brief)
    announced = b"ok %d\n" % len(good)
    cases = [
        (b"", good),  # nothing announced (the child died)
        (b"error\n", good),
        (b"ok lots\n", good),
        (b"ok -4\n", good),
        (b"ok %d\n" % (len(good) - 4), good),  # another length than the file's
        (b"ok %d" % len(good), good),  # no end of line
        (announced, good[:-4]),  # the file cut short
        (announced, b"x" * len(good)),  # the right length, not an index
    ]
    for status, body in cases:
        pid, fd, memfd = _sent(status, body)
        assert index_ahead.adopt(brief, pid, fd, memfd).result(timeout=30) is None, status
        assert index_ahead.take(brief) is not None  # (registered, then taken here)
    pid, fd, memfd = _sent(announced, good)  # the same way, right
    index = index_ahead.adopt(brief, pid, fd, memfd).result(timeout=30)
    assert index is not None and index == index_brief(brief)
    assert index_ahead.take(brief) is not None


def test_nothing_is_forked_for_a_short_text_or_with_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    real_can_fork = index_ahead._can_fork
    forks: list[int] = []

    def fork() -> int:
        forks.append(1)
        return 0

    monkeypatch.setattr(os, "fork", fork)
    monkeypatch.setattr(index_ahead, "_can_fork", lambda: True)
    assert index_ahead.start(long_brief(1000)) is None  # short
    monkeypatch.setattr(index_ahead, "_can_fork", real_can_fork)
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert index_ahead.start(long_brief()) is None  # another thread is running
    assert forks == []
    brief = long_brief(1000)
    assert index_ahead.take(brief) is None
    assert BriefData(brief).index == index_brief(brief)


def columns(data: bytes) -> list[list[int]]:
    """The header and the seven columns of index rows (see core/index_rows.py)."""
    words = array("I", data).tolist()
    _, n, p, e = words[:4]
    out, at = [words[:4]], 4
    for size in (p, n, n, n, e, n, n):
        out.append(words[at : at + size])
        at += size
    return out


def joined(parts: list[list[int]]) -> bytes:
    return array("I", [x for part in parts for x in part]).tobytes()


def test_decode_accepts_only_an_index_of_this_brief() -> None:
    brief = long_brief(3000)
    good = index_ahead._rows(brief)
    assert index_ahead.decode(brief, good) == index_brief(brief)
    parts = columns(good)
    n, p, e = parts[0][1:]
    assert n > 10 and p == len(brief.paragraphs) and e == len(NAMES)

    def changed(column: int, i: int, value: int) -> bytes:
        copy = [list(part) for part in parts]
        copy[column][i] = value
        return joined(copy)

    last = len(brief.paragraphs[-1].text)
    bad = [
        b"",
        good[:-1],  # not whole integers
        good[:-4],  # a column cut short
        good + good[-4:],  # one too many
        changed(0, 0, index_rows.TAG - 1),  # another format (or version)
        changed(0, 1, n + 1),  # wrong count
        changed(0, 2, p + 1),  # another brief
        changed(0, 3, e - 1),
        changed(1, 0, parts[1][0] + 1),  # counts that do not add up
        changed(2, 0, parts[3][0]),  # empty span
        changed(2, 0, parts[3][0] + 1),  # backwards
        changed(2, 0, 2**32 - 1),  # (a negative start, as unsigned)
        changed(3, n - 1, last + 1),  # past the paragraph's end
        changed(3, 0, 2**31),
        changed(4, 0, e),  # no such entry
        changed(4, 0, 2**32 - 1),
        changed(5, 0, parts[5][0] + 1),  # entry counts that do not add up
        changed(6, 0, n),  # no such mention
        changed(7, 0, 0),  # no such paragraph
        changed(7, 0, p + 1),
    ]
    for i, data in enumerate(bad):
        assert index_ahead.decode(brief, data) is None, i
    empty = index_ahead.decode(brief, joined([[index_rows.TAG, 0, p, e], [0] * p, [0] * e]))
    assert empty is not None and empty.mentions == ()
    assert set(empty.by_entry) == {term.id for term in brief.glossary}


def test_the_last_span_may_end_at_its_paragraphs_end() -> None:
    brief = long_brief(3000)
    parts = columns(index_ahead._rows(brief))
    parts[3][-1] = len(brief.paragraphs[-1].text)
    decoded = index_ahead.decode(brief, joined(parts))
    assert decoded is not None and decoded.mentions[-1].end == len(brief.paragraphs[-1].text)


def test_rows_are_the_index_in_order_even_for_unordered_paragraph_numbers() -> None:
    brief = long_brief(3000)
    for paragraphs in (
        brief.paragraphs,
        tuple(reversed(brief.paragraphs)),  # numbers out of order: the general path
        (*brief.paragraphs, Paragraph(1, "body", "Alpha again, and NATO")),  # a repeated number
    ):
        odd = Brief(
            slug="x", article=Article(Metadata(title="x"), paragraphs), glossary=brief.glossary
        )
        decoded = index_ahead.decode(odd, index_ahead._rows(odd))
        assert decoded is None or decoded == index_brief(odd)
        if paragraphs is brief.paragraphs or len(paragraphs) == len(brief.paragraphs):
            assert decoded == index_brief(odd)


@linux_only
def test_a_child_only_when_a_core_is_to_spare(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(os, "getloadavg", lambda: (0.3, 0.5, 0.5))
    assert index_ahead._can_fork()
    monkeypatch.setattr(os, "getloadavg", lambda: (2.4, 2.0, 2.0))  # both cores busy
    assert not index_ahead._can_fork()
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})  # one core
    assert not index_ahead._can_fork()
