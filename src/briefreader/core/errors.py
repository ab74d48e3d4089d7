"""The one error type users see: a short, single-line message that names a file.

``str(BriefError("briefs/x.yaml", "unknown key 'titel'", 3, 5))`` is
``briefs/x.yaml:3:5: error: unknown key 'titel'`` (the compiler convention, so
editors can jump to it); without a location it is ``PATH: error: MESSAGE``.

The rendering is always one line and never carries terminal control sequences:
control characters (C0, DEL, C1, line/paragraph separators, bidi overrides and
isolates) in the path or message are shown as backslash escapes, and line breaks
in the message become spaces. The attributes keep the raw values.
"""

from __future__ import annotations

import os
import re
from functools import cache

__all__ = ["BriefError", "one_line"]


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(line breaks, unsafe characters): compiled when first needed, not at every start
    (an error is rare; compiling both is ~1 ms)."""
    breaks = re.compile("[\r\n\u0085\u2028\u2029]+")
    unsafe = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
    return breaks, unsafe


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in "\t\n\r":
        return repr(char)[1:-1]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(value: str, *, breaks_as_spaces: bool = False) -> str:
    """``value`` made safe to print on one terminal line (see the module docstring)."""
    breaks, unsafe = _patterns()
    if breaks_as_spaces:
        value = breaks.sub(" ", value)
    return unsafe.sub(_escape, value)


class BriefError(Exception):
    """A user-facing error about one file, optionally located at a line and column.

    ``line`` and ``column`` are 1-based. ``str()`` gives the one-line rendering.
    """

    path: str
    message: str
    line: int | None
    column: int | None

    def __init__(
        self,
        path: str | os.PathLike[str],
        message: str,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.path = os.fspath(path)
        self.message = message
        self.line = line
        self.column = column
        # Keep args in constructor order so the exception pickles and copies.
        super().__init__(self.path, message, line, column)

    @property
    def location(self) -> str:
        """``PATH``, ``PATH:LINE`` or ``PATH:LINE:COL`` (escaped for the terminal)."""
        where = one_line(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        return f"{self.location}: error: {one_line(self.message, breaks_as_spaces=True)}"

    def __repr__(self) -> str:
        return (
            f"BriefError(path={self.path!r}, message={self.message!r}, "
            f"line={self.line!r}, column={self.column!r})"
        )
