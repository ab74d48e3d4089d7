"""A brief loaded ahead in a child process while the reader imports Textual (Linux).

Opening a long text costs two things one after the other on one core: loading it
(~0.2 s for 4.4 MB: reading, cleaning, splitting, the glossary's YAML) and importing
Textual and the app (~0.2 s). :func:`start` forks before those imports (the process
has one thread then) and the child loads the brief with the same code
(:func:`~briefreader.core.brief_cache.load_brief_cached`) while the parent imports;
:meth:`Ahead.brief` then takes the child's brief, and a long text's cross-reference
index follows (the child builds it next, at nice 5, and hands it over in a second
memory file as :mod:`~briefreader.core.index_ahead` does). Last, the child writes the user brief
cache (with the index: opened again, the text's index comes from there, sent on
as it is, instead of being built again), so the reader never pickles the text itself.

The brief travels as a pickle in a memory file (``memfd``: the child never waits for
the parent to read it) announced on a pipe (``ok <length>``), and is read with the
brief cache's own guard: an unpickler that names only the model's classes (a planted
payload cannot run code) and the model's shape check, every string clean (the
paragraphs travel as one tuple per field, checked a column at a time before a
paragraph is made from them: :func:`~.brief_cache.from_ahead`). Anything
else -- the child failed to load the brief (a bad file), died, was too slow, or sent
something that is not a brief of that path -- gives ``None`` and the caller loads
the brief in-process, so every bad input still gives its one clear line.

The child runs only where it can help: on Linux, with one thread, and a core to
spare (the same test as the index child); never for a bundled brief, whose shipped
cache is read faster than a child could be forked.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import signal
import time
from collections.abc import Callable
from pathlib import Path

from . import index_ahead
from .brief import Brief

__all__ = ["Ahead", "start"]

log = logging.getLogger(__name__)

#: The parent waits for the child's brief at least this long, and at least ``SLACK``
#: times as long as it had been running when the parent started waiting (so a slow
#: machine -- or valgrind -- scales the wait with everything else).
MIN_WAIT = 2.0
SLACK = 4.0


def _wanted(path: Path) -> bool:
    """Not for a bundled brief (its shipped cache is quicker), nor without a spare core."""
    if path.suffix.lower() in (".yaml", ".yml") and path.with_suffix(".cache").is_file():
        return False
    return hasattr(os, "memfd_create") and index_ahead._can_fork()


def start(path: Path | str) -> Ahead | None:
    """Fork a child that loads the brief at ``path`` (see the module docstring); None
    if no child was started (then load it in-process as usual)."""
    given = str(path)
    if not _wanted(Path(given)):
        log.debug("load of %s: no child (no fork, threads, no spare core, or bundled)", given)
        return None
    try:
        memfd = os.memfd_create("briefreader-brief", os.MFD_CLOEXEC)
    except OSError:
        return None
    fds: list[int] = [memfd]
    try:
        fds.append(os.memfd_create("briefreader-rows", os.MFD_CLOEXEC))
        fds += os.pipe()
        fds += os.pipe()
        pid = os.fork()
    except OSError:
        for fd in fds:
            os.close(fd)
        return None
    _, rows_memfd, status_r, status_w, rows_r, rows_w = fds
    if pid == 0:  # the child: never returns into the caller
        code = 1
        try:
            os.close(status_r)
            os.close(rows_r)
            code = _child(given, memfd, status_w, (rows_memfd, rows_w))
        finally:
            os._exit(code)
    os.close(status_w)
    os.close(rows_w)
    log.debug("load of %s: ahead in child %d", given, pid)
    return Ahead(given, pid, memfd, status_r, (rows_memfd, rows_r))


def _child(path: str, memfd: int, status_w: int, rows: tuple[int, int]) -> int:
    """Load, ship the brief, then the index (a long text: the user cache's if it keeps
    one, else built here; ``rows``: its memory file and pipe, see
    :func:`.index_ahead.send_rows`), then write the user cache (with the index)."""
    from . import known_index
    from .brief_cache import ahead_payload, keep_rows, load_brief_cached

    writes: list[tuple[Callable[..., object], tuple[object, ...]]] = []
    try:
        brief = load_brief_cached(path, write_at_exit=lambda f, *args: writes.append((f, args)))
        payload = ahead_payload(brief)  # (the paragraphs as columns: checked cheaper)
        index_ahead._write(memfd, payload)  # (closes it; the parent has its own copy)
    except BaseException:  # any failure: the parent loads it itself and reports it
        index_ahead._write(status_w, b"error\n")
        return 1
    index_ahead._write(status_w, b"ok %d\n" % len(payload))
    del payload
    with contextlib.suppress(OSError):
        os.nice(5)  # below the reader from now on: it is no longer waited for
    found, cached = b"", None
    if index_ahead.is_long(brief):
        cached = known_index.rows_of(brief)  # (checked by the reader, as built ones are)
        found = cached if cached is not None else index_ahead._rows(brief)
        with contextlib.suppress(OSError):  # the reader quit before taking it: cache it still
            index_ahead.send_rows(*rows, found)
    else:
        os.close(rows[0])
        os.close(rows[1])
    for write, args in writes:  # a new cache: with the index
        write(*args, rows=found)
    if not writes and found and cached is None:  # a cache made without it: add it
        keep_rows(path, brief, found)
    return 0


class Ahead:
    """The child loading a brief; :meth:`brief` waits for it (once)."""

    def __init__(
        self, path: str, pid: int, memfd: int, status_fd: int, rows: tuple[int, int]
    ) -> None:
        self.path, self.pid = path, pid
        self._memfd, self._status_fd = memfd, status_fd
        self._rows = rows  # the index's memory file and pipe
        self._started = time.monotonic()
        self._taken = False

    def ready(self) -> bool:
        """Whether the child has answered (:meth:`brief` would not wait)."""
        if self._taken:
            return True
        try:
            return bool(select.select([self._status_fd], [], [], 0)[0])
        except (OSError, ValueError):
            return True

    def brief(self, timeout: float | None = None) -> Brief | None:
        """The child's brief (waits for it), or None if it cannot be had: then the
        caller loads it in-process. A long text's index is registered with
        :mod:`~briefreader.core.index_ahead` for whoever builds the derived data."""
        if self._taken:
            return None
        self._taken = True
        if timeout is None:
            timeout = max(MIN_WAIT, SLACK * (time.monotonic() - self._started))
        brief: Brief | None = None
        try:
            length = self._status(timeout)
            if length is not None:
                brief = self._read(length)
        finally:
            os.close(self._memfd)
            os.close(self._status_fd)
            if brief is None:
                self._close_rows()
                self._end()
        if brief is None:
            return None
        if index_ahead.is_long(brief):
            rows_memfd, rows_fd = self._rows
            index_ahead.adopt(brief, self.pid, rows_fd, rows_memfd, started=self._started)
        else:
            self._close_rows()
            _reap_later(self.pid)
        return brief

    def _status(self, timeout: float) -> int | None:
        """The payload's length the child announced, or None (failed or too slow)."""
        length = index_ahead._announced(self._status_fd, timeout)
        if length is None:
            log.debug("load child %d: no brief announced", self.pid)
        return length

    def _read(self, length: int) -> Brief | None:
        """The brief in the memory file, if it is one of ``self.path``'s shape."""
        from .brief_cache import _Miss, from_ahead

        data = index_ahead.read_memory_file(self._memfd, length) if length > 0 else None
        if data is None:
            return None
        try:
            brief = from_ahead(data)
        except _Miss as exc:
            log.debug("load child %d: refused (%s)", self.pid, exc)
            return None
        if brief.path != self.path:
            return None
        log.debug("load child %d: brief taken", self.pid)
        return brief

    def _close_rows(self) -> None:
        for fd in self._rows:
            os.close(fd)

    def _end(self) -> None:
        """Stop the child (it failed, is too slow, or sent nothing usable)."""
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def _reap_later(pid: int) -> None:
    """Collect the child if it has ended (it may still be writing the user cache)."""
    with contextlib.suppress(ChildProcessError):
        if os.waitpid(pid, os.WNOHANG)[0] == 0:
            index_ahead.reap_at_exit(pid)
