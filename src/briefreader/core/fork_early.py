"""Forking the child that loads a brief ahead (:mod:`.load_ahead`), first thing.

A long text's complete first screen waits on one chain in the child: its imports,
loading the brief, then indexing it. Forked where the command line decides to open
the brief, that chain started ~90 ms after launch, behind the command line's own
imports (``json``, ``logging``, the state and path modules, the loader's
dependencies: ~70 ms of CPU that the reader needs, but the child does not). This
module imports nothing but :mod:`os` and :mod:`sys`, so the ``briefreader`` command
(:mod:`briefreader.launch`) can fork the child ~25 ms after launch, before those
imports; :func:`briefreader.core.load_ahead.start` later takes that child (:func:`take`)
when it is for the same path, and stops it otherwise.

Only for what is certain from the arguments alone: ``briefreader open PATH`` where
PATH names a file and is spelled as :class:`pathlib.Path` would spell it (so the
child's brief is of exactly the path the command line resolves). Every other start
(plain ``briefreader`` reopening the last brief included: finding it needs the state
file) forks where it always did, or not at all.
"""

from __future__ import annotations

import os
import sys

__all__ = ["Child", "can_fork", "canonical", "fork", "start_early", "take", "wanted"]


class Child:
    """A forked loader: its pid and the parent's ends of its memory file and pipes."""

    __slots__ = ("memfd", "path", "pid", "rows_fd", "started", "status_fd")

    def __init__(
        self, path: str, pid: int, memfd: int, status_fd: int, rows_fd: int, started: float
    ) -> None:
        self.path, self.pid, self.started = path, pid, started
        self.memfd, self.status_fd, self.rows_fd = memfd, status_fd, rows_fd

    def stop(self) -> None:
        """Kill and collect the child, close the parent's ends (it is not wanted)."""
        import contextlib
        import signal

        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        for fd in (self.memfd, self.status_fd, self.rows_fd):
            with contextlib.suppress(OSError):
                os.close(fd)


_early: Child | None = None


def can_fork() -> bool:
    """Linux, one thread (a fork copies only the caller's), and a core to spare: with
    the load average near the number of cores, the child would only take time from
    the reader (measured: its text showed ~0.4 s later on a busy 2-core machine)."""
    if sys.platform != "linux" or not hasattr(os, "fork"):
        return False
    threading = sys.modules.get("threading")  # (not imported yet: one thread for sure)
    if threading is not None and threading.active_count() != 1:
        return False
    cores = len(os.sched_getaffinity(0))
    return cores >= 2 and os.getloadavg()[0] < cores - 0.5


def wanted(given: str, spare_core: bool) -> bool:
    """Not for a bundled brief (its shipped cache is quicker), nor without a spare core."""
    root, suffix = os.path.splitext(given)
    if suffix.lower() in (".yaml", ".yml") and os.path.isfile(root + ".cache"):
        return False
    return hasattr(os, "memfd_create") and spare_core


def canonical(spec: str) -> bool:
    """Whether ``str(Path(spec).expanduser()) == spec``: no ``~``, no empty or ``.``
    part, no trailing slash (then the early child's path is the command line's)."""
    if not spec or spec.startswith("~") or "\x00" in spec:
        return False
    parts = spec.split("/")
    inner = parts[1:] if spec.startswith("/") else parts  # (so no "//" at the start either)
    return all(part not in ("", ".") for part in inner)


def fork(given: str, *, early: bool = False) -> Child | None:
    """Fork a child running :func:`briefreader.core.load_ahead._child` for ``given``;
    None if it could not be started. ``early``: before the command line set up
    logging and paused the collector (the child does both itself)."""
    import time

    try:
        memfd = os.memfd_create("briefreader-brief", os.MFD_CLOEXEC)
    except OSError:
        return None
    fds: list[int] = [memfd]
    try:
        status_r, status_w = os.pipe()
        fds += (status_r, status_w)
        rows_r, rows_w = os.pipe()
        fds += (rows_r, rows_w)
        started = time.monotonic()
        pid = os.fork()
    except OSError:
        for fd in fds:
            os.close(fd)
        return None
    if pid == 0:  # the child: never returns into the caller
        code = 1
        try:
            os.close(status_r)
            os.close(rows_r)
            code = _run_child(given, memfd, status_w, rows_w, early)
        finally:
            os._exit(code)
    os.close(status_w)
    os.close(rows_w)
    return Child(given, pid, memfd, status_r, rows_r, started)


def _run_child(given: str, memfd: int, status_w: int, rows_w: int, early: bool) -> int:
    if early:
        import gc

        gc.disable()  # a short-lived process of cycle-free builds (as the reader's start-up)
        from .debuglog import configure  # warnings to the log file, as the reader's

        configure(debug=False)
    from . import load_ahead

    return load_ahead._child(given, memfd, status_w, rows_w)


def _open_argument(argv: list[str]) -> str | None:
    """The file ``briefreader`` will open, if that is certain from ``argv`` alone."""
    if not (argv[:1] == ["open"] and len(argv) == 2) or argv[1].startswith("-"):
        return None
    spec = argv[1]
    return spec if canonical(spec) and os.path.isfile(spec) else None


def start_early(argv: list[str]) -> None:
    """Fork the loader now if ``argv`` certainly opens a file that wants one."""
    global _early
    if _early is not None:
        return
    given = _open_argument(argv)
    if given is not None and wanted(given, can_fork()):
        _early = fork(given, early=True)


def take(given: str) -> Child | None:
    """The child forked early, if it loads ``given`` (once); one for another path is
    stopped."""
    global _early
    child, _early = _early, None
    if child is not None and child.path != given:
        child.stop()
        return None
    return child
