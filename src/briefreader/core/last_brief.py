"""Which brief plain ``briefreader`` opens: the one read last time, else the bundled one.

The reader records the brief's file in ``state.json`` (``last_brief``). It is only
peeked at here -- never moved aside or rewritten, so the app's own load still sees
(and tells about) a broken file. A recorded file that is gone opens the bundled
brief quietly; one that no longer loads opens it with one line saying why.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .brief import Brief
from .errors import BriefError

MAX_PEEK_BYTES = 16 * 1024 * 1024


def recorded_last_brief(home: Path | None = None) -> str | None:
    """``last_brief`` from ``state.json``, or None (missing, unreadable or broken file)."""
    from .paths import user_home
    from .state import STATE_FILE

    path = (home or user_home()) / STATE_FILE
    try:
        if not path.is_file() or path.stat().st_size > MAX_PEEK_BYTES:
            return None
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return None
    last = data.get("last_brief") if isinstance(data, dict) else None
    return last if isinstance(last, str) and last else None


def last_brief(
    warn: Callable[[str], None], ahead: Callable[[Path], Brief | None] | None = None
) -> Brief:
    """``ahead(path)``: the brief loaded another way first (a child process), or None."""
    from .brief_cache import load_brief_cached
    from .paths import resolve

    last = recorded_last_brief()
    if last and Path(last).is_file():
        try:
            brief = ahead(Path(last)) if ahead is not None else None
            return brief or load_brief_cached(last, write_at_exit=True)
        except BriefError as exc:
            warn(f"{exc} (opening the bundled brief instead)")
    return load_brief_cached(resolve(None), write_at_exit=True)
