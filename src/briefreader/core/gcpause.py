"""Pausing Python's cyclic garbage collector around big, cycle-free builds.

Building the index, the deck or the stats of a big brief allocates hundreds of
thousands of small objects and no reference cycles; each allocation burst triggers
full collections that walk every live object (the brief, the index, the app), which
cost a fifth of the build or more. :func:`paused_gc` turns the collector off for the
duration (nested and from several threads at once: it is on again when the last
one leaves, if it was on before); reference counting still frees everything.
"""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

__all__ = ["paused_gc", "without_gc"]

P = ParamSpec("P")
R = TypeVar("R")

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection inside the block (see the module docstring)."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()


def without_gc(fn: Callable[P, R]) -> Callable[P, R]:
    """``fn`` run inside :func:`paused_gc`."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused_gc():
            return fn(*args, **kwargs)

    return wrapper
