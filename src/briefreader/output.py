"""Standard output that fails in one line: a full disk, a closed pipe, an encoding
that cannot show the text.

Commands write to :func:`guarded` ``sys.stdout``; the CLI flushes it and :func:`failed` turns
what went wrong into an exit status: a reader that went away (``| head``) is not an
error (exit 0, like ``show``, ``list`` and ``check`` always did), anything else is one
line on stderr and exit 1. Either way fd 1 is pointed at ``/dev/null`` afterwards, so
the interpreter's own flush at exit cannot print a traceback.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import TextIO, cast

from .core.errors import one_line


class OutputError(Exception):
    """Writing standard output failed (the message is one line for the user)."""


class _Guarded:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def _fail(self, exc: Exception) -> OutputError:
        if isinstance(exc, BrokenPipeError):
            return OutputError("")  # the reader went away: nothing to say
        if isinstance(exc, UnicodeEncodeError):
            char = exc.object[exc.start : exc.start + 1]
            encoding = getattr(self.stream, "encoding", None) or exc.encoding
            return OutputError(
                f"cannot write output: its encoding ({encoding}) cannot show {char!r} "
                f"(U+{ord(char):04X}); use a UTF-8 locale or PYTHONIOENCODING=utf-8"
            )
        assert isinstance(exc, OSError)
        return OutputError(f"cannot write output: {exc.strerror or exc}")

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except (OSError, UnicodeEncodeError) as exc:
            raise self._fail(exc) from None

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError as exc:
            raise self._fail(exc) from None

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)


def guarded(stream: TextIO) -> TextIO:
    """``stream`` whose write failures raise :class:`OutputError`."""
    return cast(TextIO, _Guarded(stream))


def silence_stdout() -> None:
    """Point fd 1 at /dev/null so the buffered rest cannot fail again at exit."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def failed(exc: OutputError) -> int:
    """The exit status for a failed write (after saying why, if it matters)."""
    silence_stdout()
    if not str(exc):
        return 0
    with contextlib.suppress(OSError, ValueError):
        print(f"briefreader: {one_line(str(exc))}", file=sys.stderr)
    return 1
