"""A long text's cross-reference index, built ahead in a child process while the
reader starts (Linux).

Between loading a brief and its first frame the reader spends ~0.3 s of CPU on one
core (importing Textual, composing, styling, rendering); the index of a long text
(~0.15-0.2 s for 4.4 MB and 500 names) would only start after that, in a thread
that shares the interpreter lock with the UI. :func:`start` forks once the brief is
loaded, before those imports (the process has one thread then): the child builds
the index with the same code (at nice 5), writes it as integers to a memory file
(``memfd``) announced on a pipe (:func:`send_rows`) and exits; whoever builds the
brief's derived data takes it with :func:`take`. If the child is done by the
reader's mount, the first frame has the index; otherwise a worker waits for it off
the UI thread, and builds it itself if the child is much slower than it should be
(a busy machine).

Nothing is trusted blindly: the payload is :mod:`.index_rows`' columns of integers,
checked against the brief (counts, entry numbers, spans inside their paragraph); a
child that failed, hung, was killed or wrote something else gives ``None`` and the
caller builds the index itself.
Elsewhere (no ``fork``, another thread already running, no core to spare, a short
text) :func:`start` does nothing.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import signal
import sys
import threading
import time
from operator import attrgetter

from . import index_rows, known_index
from .brief import Brief
from .gcpause import paused_gc
from .xref import Index, brief_entries, compile_matcher
from .xref_index import columns_of_matches

__all__ = ["LONG_TEXT_CHARS", "Pending", "adopt", "is_long", "start", "take"]

#: Texts longer than this are indexed after the first paint (and so, ahead, here).
LONG_TEXT_CHARS = 200_000

_MAX_STATUS = 64  # bytes: "ok <length>\n"
_pending: dict[int, tuple[Brief, Pending]] = {}
log = logging.getLogger(__name__)


def _can_fork() -> bool:
    """Linux, one thread (a fork copies only the caller's), and a core to spare: with
    the load average near the number of cores, the child would only take time from
    the reader (measured: its text showed ~0.4 s later on a busy 2-core machine)."""
    if sys.platform != "linux" or not hasattr(os, "fork") or threading.active_count() != 1:
        return False
    cores = len(os.sched_getaffinity(0))
    return cores >= 2 and os.getloadavg()[0] < cores - 0.5


def is_long(brief: Brief) -> bool:
    """Whether ``brief``'s index is built after the first paint (or ahead, here)."""
    return _chars(brief) > LONG_TEXT_CHARS


def _chars(brief: Brief) -> int:
    return sum(map(len, map(attrgetter("text"), brief.paragraphs)))  # (C: 10^4 paragraphs)


def start(brief: Brief) -> Pending | None:
    """Fork a child that indexes ``brief`` (a long text on Linux only); :func:`take`
    returns it to whoever builds the brief's derived data. Nothing if a child is
    already indexing it (:func:`adopt`: the child that loaded it)."""
    if id(brief) in _pending and _pending[id(brief)][0] is brief:
        return _pending[id(brief)][1]
    if not is_long(brief) or known_index.rows_of(brief) is not None:
        return None  # (a short text, or one whose index its user cache kept)
    if not _can_fork():
        log.debug("index of %s: no child (no fork, threads, or no core to spare)", brief.slug)
        return None
    fds: list[int] = []
    try:
        fds.append(os.memfd_create("briefreader-rows", os.MFD_CLOEXEC))
        fds += os.pipe()
        pid = os.fork()
    except OSError:
        for fd in fds:
            os.close(fd)
        return None
    memfd, read_end, write_end = fds
    if pid == 0:  # the child: never returns into the caller
        code = 1
        try:
            os.close(read_end)
            with contextlib.suppress(OSError):
                os.nice(5)  # below the reader, but not starved by other programs
            send_rows(memfd, write_end, _rows(brief))
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    log.debug("index of %s: built ahead in child %d", brief.slug, pid)
    pending = Pending(brief, pid, read_end, memfd)
    _pending[id(brief)] = (brief, pending)
    return pending


def adopt(brief: Brief, pid: int, fd: int, memfd: int, *, started: float | None = None) -> Pending:
    """Register child ``pid``, which hands ``brief``'s index over (``memfd``, announced on
    ``fd``) as :func:`start`'s child does (:func:`send_rows`), and then goes on (it may
    still run when the index is taken: it is collected when it ends, its rows checked
    as always). ``started``: when it began
    (``time.monotonic()``): it is waited for at least 4 times as long as it has run."""
    pending = Pending(brief, pid, fd, memfd, waits_for_exit=False, started=started)
    _pending[id(brief)] = (brief, pending)
    return pending


def reap_at_exit(pid: int) -> None:
    """Collect child ``pid`` at exit if it has ended by then (no zombie in between
    matters; nothing waits for it)."""
    import atexit

    def reap() -> None:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)

    atexit.register(reap)


def take(brief: Brief) -> Pending | None:
    """The child started for ``brief`` (the same object), once; None if none was."""
    found = _pending.pop(id(brief), None)
    return found[1] if found is not None and found[0] is brief else None


def _rows(brief: Brief) -> bytes:
    """The index of ``brief`` as :mod:`.index_rows` bytes (the same mentions as
    :func:`~.xref.index_brief`, without making its objects); ``b""`` (refused, so
    built by the reader) if two paragraphs share a number or two entries an id."""
    ordered = index_rows.in_order(brief)
    ids = [entry.id for entry in brief.entries]
    if ordered is None or len(set(ids)) != len(ids):
        return b""
    with paused_gc():
        matches = compile_matcher(brief_entries(brief)).find_matches([p.text for p in ordered])
        return index_rows.encode(columns_of_matches([p.n for p in ordered], matches, ids))


def _write(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.close(fd)


def send_rows(memfd: int, fd: int, rows: bytes) -> None:
    """The child's index for the reader: ``rows`` into the memory file ``memfd``, then
    announced on the pipe ``fd`` (``ok <length>``); both closed. Through a pipe, 1.1 MB
    (56,000 mentions) went in 64 KB turns, each waiting for the reader's thread to take
    the interpreter lock from its first frame: 20-60 ms. Here the child never waits and
    the reader reads it in one call."""
    _write(memfd, rows)
    _write(fd, b"ok %d\n" % len(rows))


def _announced(fd: int, timeout: float) -> int | None:
    """The length announced on ``fd`` within ``timeout`` seconds (``ok <length>``), or
    None (nothing, a closed pipe, anything else)."""
    deadline = time.monotonic() + timeout
    line = b""
    while len(line) <= _MAX_STATUS and (left := deadline - time.monotonic()) > 0:
        if not select.select([fd], [], [], left)[0]:
            break
        chunk = os.read(fd, _MAX_STATUS)
        if not chunk:
            break
        line += chunk
        if line.endswith(b"\n"):
            break
    words = line.split()
    if line.endswith(b"\n") and len(words) == 2 and words[0] == b"ok" and words[1].isdigit():
        return int(words[1])
    return None


def read_memory_file(memfd: int, length: int) -> bytes | None:
    """The ``length`` bytes of memory file ``memfd`` (from its start), or None if it
    holds another number of bytes."""
    if length < 0 or os.fstat(memfd).st_size != length:
        return None
    chunks: list[bytes] = []
    offset = 0
    while offset < length:
        chunk = os.pread(memfd, length - offset, offset)
        if not chunk:
            return None
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def decode(brief: Brief, data: bytes) -> Index | None:
    """The index in ``data`` (as :func:`_rows` wrote it for ``brief``), or None if it
    does not fit ``brief`` (:func:`.index_rows.decode`: ~10-15 ms for 56,000 mentions, no
    mention made)."""
    return index_rows.decode(brief, data)


class Pending:
    """The child indexing a brief: :meth:`ready` without waiting, :meth:`result` waits."""

    def __init__(
        self,
        brief: Brief,
        pid: int,
        fd: int,
        memfd: int,
        *,
        waits_for_exit: bool = True,
        started: float | None = None,
    ) -> None:
        self._brief, self._pid, self._fd, self._memfd = brief, pid, fd, memfd
        self._waits = waits_for_exit  # False: the child goes on after the index
        self._started = started
        self._lock = threading.Lock()
        self._done = False

    def ready(self) -> bool:
        """Whether the child has finished indexing (it has announced its data)."""
        if self._done:
            return True
        try:
            readable, _, _ = select.select([self._fd], [], [], 0)
        except (OSError, ValueError):  # closed meanwhile by result() in another thread
            return True
        return bool(readable)

    def result(self, timeout: float | None = None) -> Index | None:
        """The child's index (waits for it, at most ``timeout`` seconds: then the child
        is killed), or None if it failed; only once. The default timeout is several
        times what the child needs on an idle machine (~40 ms a megabyte): a child
        starved by a busy machine (it runs at a lower priority) is not waited for,
        the caller builds the index itself sooner."""
        if timeout is None:
            timeout = 0.5 + _chars(self._brief) / 5_000_000
            if self._started is not None:  # a slow machine (or valgrind): scaled with it
                timeout = max(timeout, 4 * (time.monotonic() - self._started))
        with self._lock:
            if self._done:
                return None
            self._done = True
            data: bytes | None = None
            started = time.monotonic()
            try:
                length = _announced(self._fd, timeout)
                if length is not None:
                    data = read_memory_file(self._memfd, length)
            finally:
                ok = data is not None
                os.close(self._fd)
                os.close(self._memfd)
                if not ok:
                    with contextlib.suppress(OSError):
                        os.kill(self._pid, signal.SIGKILL)
                status = self._collect(wait=not ok or self._waits)
            if data is None or (status is not None and status != 0):  # 0: exited, all well
                why = "too slow, or nothing sent" if data is None else status
                log.debug("index child %d: %s", self._pid, why)
                return None
            waited = time.monotonic() - started
            with paused_gc():
                index = decode(self._brief, data)
            log.debug("index child %d: taken after %.0f ms", self._pid, 1000 * waited)
            return index

    def _collect(self, *, wait: bool) -> int | None:
        """The child's exit status; None if it has not ended (``wait=False``: it is
        collected at exit then)."""
        try:
            pid, status = os.waitpid(self._pid, 0 if wait else os.WNOHANG)
        except ChildProcessError:
            return None if not wait else 1
        if pid == 0:
            reap_at_exit(self._pid)
            return None
        return status
