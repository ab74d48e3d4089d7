"""Saving answers: queued first, committed in order, retried, journalled at quit.

Every answer or amended answer (:meth:`~.progress.Store.record`,
:meth:`~.progress.Store.amend`) is queued in :attr:`AnswerSaving.unsaved`
(:mod:`..unsaved`) and committed from there, one transaction each
(:meth:`AnswerSaving.flush`), with a bounded wait for the lock. A write the
database refuses (locked past the wait, disk full) stays queued, in order, and is
retried with the next answer and on close, all together in one transaction
(:meth:`AnswerSaving._flush_together`); a one-line problem says so. Until it is
saved, reads see its schedule. What is still queued when the store closes goes to
the journal (:mod:`.journal`, which only reads and writes the file): the journal is
settled to hold exactly the writes nobody has saved, also those another instance
added. The next open replays the journal in one transaction; replayed writes never
count twice (an answer already logged is skipped) and a replayed schedule never
replaces a newer one.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from fsrs import Card

from ...core.aside import move_aside as core_move_aside
from ...core.errors import one_line
from ..unsaved import PendingAmend, PendingAnswer, Unsaved
from .common import StoreError, iso_utc
from .connection import StoreConnection
from .journal import journal_path, read_journal, write_journal

__all__ = ["AnswerSaving"]

_INSERT_REVIEW = (
    "INSERT INTO review (brief, card_id, reviewed_at, rating, duration_ms, mode, kind,"
    " correct, response, state_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_UPSERT_STATE = (
    "INSERT INTO card_state (brief, card_id, card_json, due, state, first_seen, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (brief, card_id) DO UPDATE SET"
    " card_json = excluded.card_json, due = excluded.due, state = excluded.state,"
    " updated_at = excluded.updated_at"
)
# a schedule replayed from the journal never replaces a newer one
_UPSERT_OLDER_STATE = _UPSERT_STATE + " WHERE card_state.updated_at <= excluded.updated_at"
REPLAY_WAIT_MS = 1000  # the one wait when replaying the journal on open


class AnswerSaving(StoreConnection):
    """The queue of writes not committed yet, and the journal they go to at quit."""

    def __init__(self, path: Path, conn: sqlite3.Connection, notice: str | None) -> None:
        super().__init__(path, conn, notice)
        self.unsaved = Unsaved()  # writes not committed yet (see :mod:`.unsaved`)
        self._save_problem: str | None = None  # a one-line notice not yet taken
        self.journal = journal_path(path)  # answers not saved at the last quit
        self._committed: set[str] = set()  # uids of queued writes now in the database
        self._last_error = ""  # why the last queued write failed (one line)
        self.journal_error: str | None = None  # set on close: the journal failed too

    # --- the journal ----------------------------------------------------------------

    def _replay_journal(self) -> None:
        """Queue the answers the journal holds and save them (one transaction, one
        bounded wait); the journal goes once they are in. If the database still refuses
        them, they stay queued (the session counts them) and in the journal."""
        try:
            items, bad = read_journal(self.journal)
        except OSError as exc:
            problem = f"{self.journal}: cannot read the answers kept there ({exc.strerror or exc})"
            self.notice = self.notice or one_line(problem)
            return
        if bad:
            try:
                aside = core_move_aside(self.journal)
                problem = f"{self.journal}: {bad} damaged line(s) skipped; moved to {aside.name}"
            except OSError as exc:
                problem = f"{self.journal}: {bad} damaged line(s) skipped ({exc.strerror or exc})"
            self.notice = self.notice or one_line(problem)
        if not items:
            return
        for item in items:
            if isinstance(item, PendingAnswer):
                item.temp_id = self.unsaved.new_temp_id()
        self.unsaved.items[:0] = items
        if self._flush_together(REPLAY_WAIT_MS):
            self._settle_journal()
            if self.notice is None:
                count = sum(isinstance(i, PendingAnswer) for i in items) or len(items)
                done = f"{self.journal}: {count} answer(s) kept at the last quit are now saved"
                self.notice = one_line(done)

    def _settle_journal(self) -> None:
        """Make the journal hold exactly the queued writes nobody has saved: re-read it
        (another instance may have added some), drop what this store committed, add
        what is still queued here. A failure is kept in :attr:`journal_error`."""
        pending = self.unsaved.items
        if not pending and not self._committed:
            return
        try:
            on_disk, _ = read_journal(self.journal)
            keep = [i for i in on_disk if i.uid not in self._committed]
            known = {i.uid for i in keep}
            write_journal(self.journal, [*keep, *(i for i in pending if i.uid not in known)])
            self.journal_error = None
        except OSError as exc:
            self.journal_error = one_line(str(exc.strerror or exc))

    @property
    def answers_lost(self) -> bool:
        """After :meth:`~.progress.Store.close`: answers could be saved neither in the
        database nor in the journal."""
        return bool(self.unsaved.items) and self.journal_error is not None

    def unsaved_problem(self) -> str | None:
        """One line if answers could not be saved: where they are kept (the journal),
        or that they are lost (the journal could not be written either)."""
        count = sum(isinstance(i, PendingAnswer) for i in self.unsaved.items) or len(
            self.unsaved.items
        )
        if not count:
            return None
        why = f" ({self._last_error})" if self._last_error else ""
        line = f"{self.path}: {count} answer(s) could not be saved{why}"
        if self._conn is None and self.journal_error is None:
            line += f"; kept in {self.journal}, saved at the next start"
        elif self._conn is None:
            line += f", nor kept in {self.journal} ({self.journal_error}): they are lost"
        return one_line(line)

    # --- committing the queue --------------------------------------------------------

    @staticmethod
    def _save_state(
        conn: sqlite3.Connection, slug: str, card_id: str, at: str, card: Card, *, older: bool
    ) -> None:
        text = json.dumps(card.to_dict(), sort_keys=True)
        due, state = iso_utc(card.due), int(card.state)
        sql = _UPSERT_OLDER_STATE if older else _UPSERT_STATE
        conn.execute(sql, (slug, card_id, text, due, state, at, at))

    def flush(self, wait_ms: int | None = None) -> bool:
        """Commit queued writes in order; stop at the first failure. True if none is left.
        ``wait_ms``: wait at most that long for the lock (default: the busy timeout)."""
        with self._lock:
            if wait_ms is not None and self.unsaved.items:
                self._busy(min(wait_ms, self.busy_timeout_ms))
            try:
                while self.unsaved.items:
                    item = self.unsaved.items[0]
                    try:
                        with self._write("the answer") as conn:
                            row_id = self._commit(conn, item)
                    except StoreError as exc:
                        self._refused(exc)
                        return False
                    self._saved(item, row_id)
                    self.unsaved.items.pop(0)
            finally:
                if wait_ms is not None:
                    self._busy(self.busy_timeout_ms)
            self._save_problem = None
            return True

    def _flush_together(self, wait_ms: int) -> bool:
        """Commit every queued write in one transaction, waiting at most ``wait_ms``
        (and never longer than the busy timeout) for the lock. True if none is left."""
        with self._lock:
            items = list(self.unsaved.items)
            if not items:
                return True
            self._busy(min(wait_ms, self.busy_timeout_ms))
            try:
                with self._write("the answers") as conn:
                    row_ids = [self._commit(conn, item) for item in items]
            except StoreError as exc:
                self._refused(exc)
                return False
            finally:
                self._busy(self.busy_timeout_ms)
            for item, row_id in zip(items, row_ids, strict=True):
                self._saved(item, row_id)
            del self.unsaved.items[: len(items)]
            self._save_problem = None
            return True

    def _refused(self, exc: StoreError) -> None:
        count = len(self.unsaved.items)
        self._last_error = one_line(str(exc.__cause__ or exc))
        self._save_problem = (
            f"{one_line(str(exc))}; {count} answer(s) kept in memory, "
            "retried with the next answer and on quit"
        )

    def _saved(self, item: PendingAnswer | PendingAmend, row_id: int | None) -> None:
        """``item`` is committed: its temporary id now names ``row_id``."""
        self._committed.add(item.uid)
        if isinstance(item, PendingAnswer) and row_id is not None:
            self.unsaved.ids[item.temp_id] = row_id

    def _commit(self, conn: sqlite3.Connection, item: PendingAnswer | PendingAmend) -> int | None:
        """Write one queued item (inside a transaction); the new review row's id."""
        older = item.replayed  # from the journal: the database may have moved on
        if isinstance(item, PendingAmend):
            review_id = self.unsaved.ids.get(item.review_id, item.review_id)
            changed = conn.execute(
                "UPDATE review SET rating = ?, correct = ? WHERE id = ? AND brief = ?"
                " AND card_id = ? AND reviewed_at = ?",
                (item.rating, item.correct, review_id, item.slug, item.card_id, item.reviewed_at),
            ).rowcount
            if item.new_state is not None and (changed or not older):
                self._save_state(
                    conn, item.slug, item.card_id, item.reviewed_at, item.new_state, older=older
                )
            return None
        if (
            older
            and conn.execute(
                "SELECT 1 FROM review WHERE brief = ? AND card_id = ? AND reviewed_at = ?"
                " AND mode = ?",
                (item.slug, item.card_id, item.reviewed_at, item.mode),
            ).fetchone()
        ):
            return None  # replayed before: never twice
        row = conn.execute(
            "SELECT state FROM card_state WHERE brief = ? AND card_id = ?",
            (item.slug, item.card_id),
        ).fetchone()
        before = None if row is None else int(row[0])
        i = item
        values = (i.slug, i.card_id, i.reviewed_at, i.rating, i.duration_ms, i.mode, i.kind)
        cursor = conn.execute(_INSERT_REVIEW, (*values, i.correct, i.response, before))
        if item.new_state is not None:
            self._save_state(
                conn, item.slug, item.card_id, item.reviewed_at, item.new_state, older=older
            )
        return int(cursor.lastrowid or 0)
