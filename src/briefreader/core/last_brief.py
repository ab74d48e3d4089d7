"""Which brief plain ``briefreader`` opens: the one read last time, else the bundled one.

The reader records the brief's file in ``state.json`` (``last_brief``). A file that
is gone opens the bundled brief quietly; one that no longer loads opens it with one
line on stderr saying why.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .brief import Brief
from .errors import BriefError


def last_brief(warn: Callable[[str], None]) -> Brief:
    from .loader import load_brief
    from .paths import resolve
    from .state import State

    last = State.load().last_brief
    if last and Path(last).is_file():
        try:
            return load_brief(last)
        except BriefError as exc:
            warn(f"{exc} (opening the bundled brief instead)")
    return load_brief(resolve(None))
