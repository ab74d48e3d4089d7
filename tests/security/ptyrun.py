"""Run a program on a pseudo-terminal, type keys into it, and collect what it wrote.

Never hangs: every wait has a deadline, and a program still running at the end is
killed (its whole process group) and reported.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class Step:
    """Write ``keys``, then wait until ``expect`` appears in the new output (or ``wait`` s)."""

    keys: bytes
    expect: str | None = None
    wait: float = 0.3


@dataclass
class PtyResult:
    returncode: int | None  # None: it had to be killed
    output: str
    missed: list[str] = field(default_factory=list)  # expectations that never appeared


def _read(master: int, timeout: float) -> bytes | None:
    """Bytes available within ``timeout`` (b"" if none); None at end of file."""
    ready, _, _ = select.select([master], [], [], max(0.0, timeout))
    if not ready:
        return b""
    try:
        data = os.read(master, 65536)
    except OSError:  # EIO: the other side is closed
        return None
    return data or None


def run_on_pty(
    argv: Sequence[str],
    steps: Sequence[Step] = (),
    *,
    env: dict[str, str],
    timeout: float = 30.0,
    step_timeout: float = 8.0,
    size: tuple[int, int] = (50, 160),
    first: str | None = None,
    cwd: str | None = None,
) -> PtyResult:
    """Run ``argv`` (``sys.executable`` for ``python``) on a pty of ``size`` (rows, cols).

    Waits for ``first`` in the output before the first step, then runs each step.
    """
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[0], size[1], 0, 0))
    # The terminal's size is the pty's: COLUMNS / LINES would override it for anything
    # that asks shutil (Textual does), and pytest-xdist's workers have them set (80x24).
    env = {name: value for name, value in env.items() if name not in ("COLUMNS", "LINES")}
    cmd = [sys.executable if a == "python" else a for a in argv]
    proc = subprocess.Popen(
        cmd, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True, cwd=cwd
    )
    os.close(slave)
    out = bytearray()
    missed: list[str] = []
    deadline = time.monotonic() + timeout
    eof = False

    def wait_for(text: str | None, limit: float, start: int) -> bool:
        nonlocal eof
        end = min(deadline, time.monotonic() + limit)
        while not eof and time.monotonic() < end:
            chunk = _read(master, min(0.05, end - time.monotonic()))
            if chunk is None:
                eof = True
                break
            out.extend(chunk)
            if text is not None and text.encode() in out[start:]:
                return True
        return text is None

    try:
        if first is not None and not wait_for(first, step_timeout, 0):
            missed.append(first)
        for step in steps:
            if eof:
                missed.append(f"(exited before {step.keys!r})")
                break
            start = len(out)
            os.write(master, step.keys)
            if step.expect is not None and not wait_for(step.expect, step_timeout, start):
                missed.append(step.expect)
            # A lone ESC read together with the next key is alt+key: keep them apart.
            wait_for(None, max(step.wait, 0.8) if step.keys == b"\x1b" else step.wait, start)
        while not eof and time.monotonic() < deadline:
            wait_for(None, 0.2, len(out))
            if proc.poll() is not None:
                wait_for(None, 0.2, len(out))
                break
        try:
            code: int | None = proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            code = None
    finally:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        os.close(master)
    return PtyResult(code, out.decode("utf-8", errors="replace"), missed)
