"""Schema version 3 of the progress store: highlights, notes and user cards.

``highlight``
    one row per highlight or paragraph note: ``id``, ``brief`` (slug), ``kind``
    (``highlight``: a marked span; ``paragraph``: a note on a whole paragraph, not
    drawn as a highlight), the anchor (``paragraph``, ``char_start``, ``char_end``,
    ``quote``, ``prefix``, ``suffix``; see :mod:`briefreader.core.anchoring`),
    ``note`` (NULL: none), ``created_at`` and ``updated_at`` (UTC ISO).
``user_card``
    one row per cloze card the user made: ``id`` (the card id is ``user.<id>``),
    ``brief``, ``highlight_id`` (the highlight it came from; NULL once that is
    removed), the gap's anchor (same columns as above), ``prompt`` (the passage with
    the gap shown as ``[...]``), ``answer`` (the gap's text, editable), ``created_at``
    and ``updated_at``. Its schedule and answers live in ``card_state``/``review``
    like any other card's.
"""

from __future__ import annotations

import sqlite3

__all__ = ["ANNOTATION_TABLES", "migrate_annotations"]

ANNOTATION_TABLES = frozenset({"highlight", "user_card"})

_ANCHOR = """paragraph INTEGER NOT NULL CHECK (paragraph >= 1),
        char_start INTEGER NOT NULL CHECK (char_start >= 0),
        char_end INTEGER NOT NULL CHECK (char_end >= char_start),
        quote TEXT NOT NULL, prefix TEXT NOT NULL, suffix TEXT NOT NULL"""

_V2 = (
    f"""CREATE TABLE highlight (
        id INTEGER PRIMARY KEY, brief TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('highlight', 'paragraph')),
        {_ANCHOR}, note TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)""",
    "CREATE INDEX highlight_brief ON highlight (brief, paragraph, char_start)",
    f"""CREATE TABLE user_card (
        id INTEGER PRIMARY KEY, brief TEXT NOT NULL,
        highlight_id INTEGER REFERENCES highlight (id) ON DELETE SET NULL,
        {_ANCHOR}, prompt TEXT NOT NULL, answer TEXT NOT NULL,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL)""",
    "CREATE INDEX user_card_brief ON user_card (brief, paragraph, char_start)",
    "CREATE INDEX user_card_highlight ON user_card (highlight_id)",
)


def migrate_annotations(conn: sqlite3.Connection) -> None:
    """Version 3: the ``highlight`` and ``user_card`` tables (see the module docstring)."""
    for statement in _V2:
        conn.execute(statement)
