"""Moving a corrupt file out of the way, one way for every file we own.

``state.json`` and ``progress.sqlite3`` that cannot be used are never deleted or
overwritten: they are renamed to ``<name>.corrupt-<YYYYmmdd-HHMMSS>`` (``-1``, ``-2``
... when that name is taken) in the same folder, with their companion files
(``-wal``, ``-shm``, ``-journal`` for SQLite), and a fresh file is started.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Sequence
from pathlib import Path

__all__ = ["move_aside"]


def move_aside(path: Path, *, companions: Sequence[str] = ()) -> Path:
    """Rename ``path`` (and ``path`` + each companion suffix that exists) to a free
    ``.corrupt-<stamp>`` name; returns the new path. Raises OSError when ``path``
    itself cannot be moved (a companion that cannot be moved is left in place)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while aside.exists():
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        counter += 1
    os.replace(path, aside)
    for suffix in companions:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            with contextlib.suppress(OSError):
                os.replace(companion, aside.with_name(aside.name + suffix))
    return aside
