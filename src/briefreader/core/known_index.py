"""A loaded brief's cross-reference index that came with it (the bundled cache ships
its brief's index), kept until whoever builds the brief's derived data takes it.

One slot: :func:`offer` replaces what an earlier load left untaken. :func:`take`
gives the index only for the very brief object it came with, and only once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .brief import Brief
    from .xref import Index

__all__ = ["offer", "take"]

_offered: tuple[Brief, Index] | None = None


def offer(brief: Brief, index: Index) -> None:
    global _offered
    _offered = (brief, index)


def take(brief: Brief) -> Index | None:
    """The index offered with ``brief`` (the same object), once; None if none was."""
    global _offered
    if _offered is None or _offered[0] is not brief:
        return None
    index, _offered = _offered[1], None
    return index
