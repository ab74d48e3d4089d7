"""The progress store's schema: one migration function per version (append only).

``MIGRATIONS[n]`` upgrades a database from version ``n`` to ``n + 1``; the tables of
each version are described in the package docstring (:mod:`briefreader.study.store`)
and in :mod:`.annotations_schema` for version 3. Nothing here opens a file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from .annotations_schema import ANNOTATION_TABLES, migrate_annotations

__all__ = ["APPLICATION_ID", "MIGRATIONS", "REQUIRED_TABLES", "SCHEMA_VERSION"]

APPLICATION_ID = 0x42525052  # "BRPR": marks the file as a briefreader progress store

_V1 = (
    """CREATE TABLE card_state (
        brief TEXT NOT NULL, card_id TEXT NOT NULL, card_json TEXT NOT NULL,
        due TEXT NOT NULL, state INTEGER NOT NULL CHECK (state IN (1, 2, 3)),
        first_seen TEXT NOT NULL, updated_at TEXT NOT NULL,
        PRIMARY KEY (brief, card_id)) WITHOUT ROWID""",
    "CREATE INDEX card_state_due ON card_state (brief, due)",
    "CREATE INDEX card_state_first_seen ON card_state (brief, first_seen)",
    """CREATE TABLE review (
        id INTEGER PRIMARY KEY, brief TEXT NOT NULL, card_id TEXT NOT NULL,
        reviewed_at TEXT NOT NULL, rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
        mode TEXT NOT NULL CHECK (mode IN ('normal', 'cram')), kind TEXT NOT NULL,
        correct INTEGER CHECK (correct IN (0, 1)), response TEXT,
        state_before INTEGER CHECK (state_before IN (1, 2, 3)))""",
    "CREATE INDEX review_brief_time ON review (brief, reviewed_at)",
    "CREATE INDEX review_brief_card ON review (brief, card_id, reviewed_at)",
)


def migrate_to_1(conn: sqlite3.Connection) -> None:
    """Version 1: the initial schema (see the package docstring)."""
    for statement in _V1:
        conn.execute(statement)


def migrate_to_2(conn: sqlite3.Connection) -> None:
    """Version 2: ``card_flag`` (a card suspended, or buried until a time)."""
    conn.execute(
        """CREATE TABLE card_flag (
        brief TEXT NOT NULL, card_id TEXT NOT NULL,
        flag TEXT NOT NULL CHECK (flag IN ('suspended', 'buried')), until TEXT,
        PRIMARY KEY (brief, card_id)) WITHOUT ROWID"""
    )


#: ``MIGRATIONS[n]`` upgrades a database from version ``n`` to ``n + 1``. Append only.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    migrate_to_1,
    migrate_to_2,
    migrate_annotations,
]
SCHEMA_VERSION = len(MIGRATIONS)
REQUIRED_TABLES = {"card_state", "review", *ANNOTATION_TABLES}
