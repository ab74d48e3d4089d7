"""The progress store's one connection: a lock, write transactions, reads, damaged rows.

:class:`StoreConnection` is the base of :class:`~.progress.Store`. Every query goes
through one SQLite connection behind one re-entrant lock, so the store's methods are
thread-safe (the quiz answers on the UI thread while the stats are computed in a
worker). A write is one ``BEGIN IMMEDIATE`` ... ``COMMIT`` transaction, rolled back
whole on any error; a database error on a write becomes :class:`~.common.StoreError`
"could not save <what>", on a read "could not read progress", never a traceback.
:meth:`StoreConnection.snapshot` holds one read transaction so several queries see
one state. ``busy_timeout`` bounds how long a statement waits for another
instance's lock; a row that does not parse is skipped and reported once (see
:meth:`~.progress.Store.take_problem`). Opening, migrating and moving a bad file
aside are :mod:`.opening`'s.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ...core.errors import one_line
from .common import BUSY_TIMEOUT_MS, StoreError

__all__ = ["StoreConnection"]


class StoreConnection:
    """One open connection to the progress database, behind a lock."""

    def __init__(self, path: Path, conn: sqlite3.Connection, notice: str | None) -> None:
        self.path = path
        self.notice = notice  # one line for the user when the old file was moved aside
        self._conn: sqlite3.Connection | None = conn
        self._lock = threading.RLock()
        self.writes = 0  # write transactions through this object (see data_version)
        self._damage_problem: str | None = None  # a one-line notice not yet taken
        self._damaged: set[tuple[str, object]] = set()
        self.busy_timeout_ms = BUSY_TIMEOUT_MS

    def _skip_damaged(self, table: str, key: object) -> None:
        if not self._damaged:
            notice = f"{self.path}: skipping damaged rows in the progress database ({table})"
            self._damage_problem = one_line(notice)
        self._damaged.add((table, key))

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(self.path, "progress database is closed")
        return self._conn

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """A read transaction: queries inside see one consistent state. No writes inside."""
        with self._lock:
            self._rows("BEGIN DEFERRED")
            try:
                self._rows("SELECT 1 FROM review LIMIT 1")  # takes the snapshot
                yield
            finally:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("COMMIT")

    # --- writes ---------------------------------------------------------------------

    @contextlib.contextmanager
    def _write(self, what: str) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``), errors as StoreError."""
        with self._lock:
            conn = self.conn
            self.writes += 1  # sessions re-read what they cached
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                    conn.execute("COMMIT")
                except BaseException:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                    raise
            except sqlite3.Error as exc:
                raise StoreError(self.path, f"could not save {what} ({exc})") from exc

    def _busy(self, ms: int) -> None:
        with contextlib.suppress(sqlite3.Error, StoreError):
            self.conn.execute(f"PRAGMA busy_timeout = {int(ms)}")

    # --- for the other tables' modules (highlights, notes, user cards, backups) -----

    def transaction(self, what: str) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``); a database error
        becomes :class:`StoreError` "could not save <what>" and nothing is half-written."""
        return self._write(what)

    def query(self, sql: str, args: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Rows of one read; a database error becomes :class:`StoreError`."""
        return self._rows(sql, args)

    # --- reads ----------------------------------------------------------------------

    def _rows(self, sql: str, args: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self.conn.execute(sql, args).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(self.path, f"could not read progress ({exc})") from exc
