"""The ``briefreader`` command: :mod:`briefreader.cli`, after forking a long text's
loader first thing (:mod:`briefreader.core.fork_early`: ~70 ms sooner than the command
line's imports would let it)."""

from __future__ import annotations

import sys


def main() -> int:
    from .core.fork_early import start_early

    start_early(sys.argv[1:])
    from .cli import main as command_line

    return command_line()
