"""The cyclic garbage collector paused while the reader starts.

Starting the reader makes ~100,000 objects (modules, classes, widgets, styles, the
brief) that live as long as the app, and Python's collector keeps re-scanning them
as they are made: ~180 collections, ~50-100 ms of the first paint, one of them a
full pass. :func:`pause` (the command line, before the heavy imports) turns it off;
:func:`resume` (after the first paint) moves everything made so far into the
permanent generation (``gc.freeze``: later collections skip it, so they are cheaper
while reading too) and turns collection back on. Objects are still freed by
reference counting meanwhile; only unreachable cycles made during start-up (about
1,700 small objects for the bundled brief) are never collected.

The pause is one more holder of :func:`briefreader.core.gcpause.paused_gc`, so a
build that pauses the collector itself (the index of a long text, in a worker) and
outlasts the start-up keeps it off until it is done.
"""

from __future__ import annotations

import gc
from contextlib import AbstractContextManager

from ..core.gcpause import paused_gc

_held: AbstractContextManager[None] | None = None


def pause() -> None:
    global _held
    if _held is None and gc.isenabled():
        _held = paused_gc()
        _held.__enter__()


def resume() -> None:
    """Collection back on (idempotent; a no-op unless :func:`pause` turned it off)."""
    global _held
    if _held is not None:
        held, _held = _held, None
        gc.freeze()
        held.__exit__(None, None, None)
