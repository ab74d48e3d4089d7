"""A loaded brief's cross-reference index that came with it, kept until whoever builds
the brief's derived data takes it: the bundled cache ships its brief's index, and a
user cache keeps a long text's index once it has been built (as :mod:`.index_rows`'
bytes, decoded -- and so checked against the brief -- only when taken).

One slot: :func:`offer` or :func:`offer_rows` replaces what an earlier load left
untaken. :func:`take` gives the index only for the very brief object it came with, and
only once; :func:`rows_of` shows the bytes it came as (the child that loads a brief
ahead sends them on instead of indexing the text again). :func:`remember` keeps the
index the reader ended up with, for the user cache written at exit
(:func:`remembered`), so an in-process open (no child) keeps it too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .brief import Brief
    from .xref import Index

__all__ = ["offer", "offer_rows", "remember", "remembered", "rows_of", "take"]

_offered: tuple[Brief, Index | bytes] | None = None
_built: tuple[Brief, Index] | None = None


def remember(brief: Brief, index: Index) -> None:
    """``brief``'s index as the reader has it (one slot: the last brief's)."""
    global _built
    _built = (brief, index)


def remembered(brief: Brief) -> Index | None:
    """The index :func:`remember` kept for ``brief`` (the same object), else None."""
    return _built[1] if _built is not None and _built[0] is brief else None


def offer(brief: Brief, index: Index) -> None:
    global _offered
    _offered = (brief, index)


def offer_rows(brief: Brief, rows: bytes) -> None:
    """``brief``'s index as :func:`.index_rows.encode` wrote it (not checked yet)."""
    global _offered
    _offered = (brief, rows)


def rows_of(brief: Brief) -> bytes | None:
    """The bytes offered with ``brief`` (the same object), left in place; else None."""
    if _offered is None or _offered[0] is not brief or not isinstance(_offered[1], bytes):
        return None
    return _offered[1]


def take(brief: Brief) -> Index | None:
    """The index offered with ``brief`` (the same object), once; None if none was, or
    if the bytes offered do not fit it (then it is built as usual)."""
    global _offered
    if _offered is None or _offered[0] is not brief:
        return None
    found, _offered = _offered[1], None
    if isinstance(found, bytes):
        from .index_rows import decode

        return decode(brief, found)
    return found
