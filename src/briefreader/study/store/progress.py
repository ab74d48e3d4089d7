"""The progress store's queries: answers, schedules and flags (see the package docstring)."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from fsrs import Card, Rating

from ...core.aside import move_aside as core_move_aside
from ...core.errors import one_line
from ...core.paths import user_home
from ..unsaved import PendingAmend, PendingAnswer, Unsaved
from .common import (
    BUSY_TIMEOUT_MS,
    MODES,
    STORE_FILE,
    Mode,
    NotOurs,
    StoreError,
    iso_utc,
)
from .journal import journal_path, read_journal, write_journal
from .opening import connect, move_aside
from .rows import REVIEW_COLUMNS, Review, card_from_json, review_from_row

__all__ = ["Review", "Store"]


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
ANSWER_WAIT_MS = 1000  # an answer waits at most this for the lock (the quiz runs on)
QUIT_WAIT_MS = 2000  # the one wait for the lock on quit (all queued answers at once)
REPLAY_WAIT_MS = 1000  # the one wait when replaying the journal on open


class Store:
    """An open progress store. Use :meth:`open`; close it (or use ``with``).

    Methods are thread-safe (one connection behind a lock). A write the database
    refuses (locked, disk full) is kept in memory and retried (see :meth:`record`);
    :meth:`take_problem` gives one line to show. Damaged rows are skipped on read.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, notice: str | None) -> None:
        self.path = path
        self.notice = notice  # one line for the user when the old file was moved aside
        self._conn: sqlite3.Connection | None = conn
        self._lock = threading.RLock()
        self.writes = 0  # write transactions through this object (see data_version)
        self.unsaved = Unsaved()  # writes not committed yet (see :mod:`.unsaved`)
        self._save_problem: str | None = None  # one-line notices not yet taken
        self._damage_problem: str | None = None
        self._damaged: set[tuple[str, object]] = set()
        self.busy_timeout_ms = BUSY_TIMEOUT_MS
        self.journal = journal_path(path)  # answers not saved at the last quit
        self._committed: set[str] = set()  # uids of queued writes now in the database
        self._last_error = ""  # why the last queued write failed (one line)
        self.journal_error: str | None = None  # set by close(): the journal failed too

    def take_problem(self) -> str | None:
        """The newest one-line problem (damaged rows skipped, an answer not saved), once."""
        problem = self._save_problem or self._damage_problem
        self._save_problem = self._damage_problem = None
        return problem

    def _skip_damaged(self, table: str, key: object) -> None:
        if not self._damaged:
            notice = f"{self.path}: skipping damaged rows in the progress database ({table})"
            self._damage_problem = one_line(notice)
        self._damaged.add((table, key))

    @classmethod
    def open(
        cls, path: Path | str | None = None, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS
    ) -> Store:
        """Open (creating or migrating) the store at ``path`` (default: the user's)."""
        target = Path(path) if path is not None else user_home() / STORE_FILE
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(target, f"cannot create folder ({exc.strerror or exc})") from exc
        try:
            return cls(target, connect(target, busy_timeout_ms), None)._ready(busy_timeout_ms)
        except NotOurs as bad:
            reason = str(bad)
        try:
            aside = move_aside(target)
        except OSError as exc:
            raise StoreError(target, f"{reason}; could not move it aside ({exc})") from exc
        try:
            conn = connect(target, busy_timeout_ms)
        except NotOurs as bad:
            raise StoreError(target, f"cannot start a fresh progress database ({bad})") from bad
        notice = f"{target}: {reason}; moved to {aside.name}, starting fresh"
        return cls(target, conn, one_line(notice, breaks_as_spaces=True))._ready(busy_timeout_ms)

    def _ready(self, busy_timeout_ms: int) -> Store:
        self.busy_timeout_ms = busy_timeout_ms
        self._replay_journal()
        return self

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

    # --- lifecycle ----------------------------------------------------------------

    def close(self) -> None:
        """Retry unsaved answers (all at once, one bounded wait), then close the
        connection (idempotent). Answers still unsaved go to :attr:`journal`, to be
        replayed at the next open; see :meth:`unsaved_problem` and :attr:`answers_lost`.
        """
        with self._lock:
            if self._conn is not None:
                self._flush_together(QUIT_WAIT_MS)
                self._conn.close()
                self._conn = None
                self._settle_journal()

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
        """After :meth:`close`: answers could be saved neither in the database nor in
        the journal."""
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

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(self.path, "progress database is closed")
        return self._conn

    @property
    def schema_version(self) -> int:
        return int(self._rows("PRAGMA user_version")[0][0])

    def integrity_check(self) -> str:
        """``PRAGMA integrity_check`` joined into one string (``"ok"`` when sound)."""
        return "; ".join(str(r[0]) for r in self._rows("PRAGMA integrity_check"))

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

    def _busy(self, ms: int) -> None:
        with contextlib.suppress(sqlite3.Error, StoreError):
            self.conn.execute(f"PRAGMA busy_timeout = {int(ms)}")

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

    def record(
        self,
        slug: str,
        card_id: str,
        rating: Rating | int,
        *,
        reviewed_at: datetime,
        duration_ms: int,
        mode: Mode = "normal",
        kind: str,
        correct: bool | None = None,
        response: str | None = None,
        new_state: Card | None,
    ) -> int:
        """Log one answer and (unless ``new_state`` is None) save the card's new schedule.

        One transaction, committed before returning: the answer survives a crash.
        Cram answers must pass ``new_state=None`` (they never touch the schedule).
        Returns the review row id. If the database refuses the write (locked, disk
        full) the answer is kept in :attr:`unsaved` and retried with the next answer
        and on close; :meth:`take_problem` then says so, and a negative temporary id
        is returned (it works for :meth:`amend`).
        """
        rate = Rating(int(rating))
        if mode not in MODES:
            raise ValueError(f"mode must be 'normal' or 'cram', not {mode!r}")
        if mode == "cram" and new_state is not None:
            raise ValueError("cram answers never change a card's schedule: pass new_state=None")
        at = iso_utc(reviewed_at)
        flag = None if correct is None else int(bool(correct))
        with self._lock:
            temp = self.unsaved.new_temp_id()
            ms = max(0, int(duration_ms))
            args = (slug, card_id, int(rate), at, ms, mode, kind, flag, response, new_state)
            self.unsaved.items.append(PendingAnswer(temp, *args))
            self.flush(ANSWER_WAIT_MS)
            return self.unsaved.ids.get(temp, temp)

    def amend(
        self, review_id: int, rating: Rating | int, *, correct: bool | None, new_state: Card | None
    ) -> None:
        """Change a logged answer's rating (the user overruled the grade) and, for a
        normal answer, replace the card's schedule with ``new_state``; one transaction
        (queued like :meth:`record` if the database refuses it)."""
        rate = Rating(int(rating))
        flag = None if correct is None else int(bool(correct))
        with self._lock:
            review_id = self.unsaved.ids.get(review_id, review_id)
            pending = self.unsaved.answer(review_id)
            if pending is not None:  # not saved yet: correct it in memory
                if pending.mode == "cram" and new_state is not None:
                    raise ValueError("cram answers never change a card's schedule")
                pending.rating, pending.correct = int(rate), flag
                pending.new_state = new_state if new_state is not None else pending.new_state
                self.flush(ANSWER_WAIT_MS)
                return
            rows = self._rows(
                "SELECT brief, card_id, reviewed_at, mode FROM review WHERE id = ?", (review_id,)
            )
            if not rows:
                raise ValueError(f"no review with id {review_id}")
            slug, card_id, at, mode = rows[0]
            if mode == "cram" and new_state is not None:
                raise ValueError("cram answers never change a card's schedule")
            amend = PendingAmend(review_id, slug, card_id, at, int(rate), flag, new_state)
            self.unsaved.items.append(amend)
            self.flush(ANSWER_WAIT_MS)

    def retract(self, review_id: int, before: Card | None) -> None:
        """Undo a logged answer: delete its row and put the card's schedule back to
        ``before`` (None: the card was new, its state row goes); one transaction."""
        with self._write("the undo") as conn:
            row = conn.execute(
                "SELECT brief, card_id, mode FROM review WHERE id = ?", (review_id,)
            ).fetchone()
            if row is None:
                raise ValueError(f"no review with id {review_id}")
            conn.execute("DELETE FROM review WHERE id = ?", (review_id,))
            if row[2] == "cram":
                return
            if before is None:
                conn.execute(
                    "DELETE FROM card_state WHERE brief = ? AND card_id = ?", (row[0], row[1])
                )
            else:
                at = iso_utc(datetime.now(UTC))
                self._save_state(conn, row[0], row[1], at, before, older=False)

    def set_flag(
        self,
        slug: str,
        card_id: str,
        flag: Literal["suspended", "buried"] | None,
        *,
        until: datetime | None = None,
    ) -> None:
        """Suspend a card, bury it until ``until``, or (``flag=None``) clear its flag."""
        with self._write("the card's flag") as conn:
            if flag is None:
                conn.execute(
                    "DELETE FROM card_flag WHERE brief = ? AND card_id = ?", (slug, card_id)
                )
                return
            conn.execute(
                "INSERT OR REPLACE INTO card_flag (brief, card_id, flag, until)"
                " VALUES (?, ?, ?, ?)",
                (slug, card_id, flag, None if until is None else iso_utc(until)),
            )

    def flags(self, slug: str, now: datetime) -> dict[str, str]:
        """Cards suspended, or buried until after ``now``: card id -> flag."""
        rows = self._rows(
            "SELECT card_id, flag FROM card_flag WHERE brief = ?"
            " AND (flag = 'suspended' OR until IS NULL OR until > ?)",
            (slug, iso_utc(now)),
        )
        return {str(card_id): str(flag) for card_id, flag in rows}

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

    def card_state(self, slug: str, card_id: str) -> Card | None:
        """The card's saved fsrs schedule, or None if never studied (normal mode).

        A damaged row counts as never studied (the next answer replaces it).
        """
        queued = self.unsaved.states(slug).get(card_id)
        if queued is not None:
            return queued
        sql = "SELECT card_json FROM card_state WHERE brief = ? AND card_id = ?"
        rows = self._rows(sql, (slug, card_id))
        card = card_from_json(rows[0][0]) if rows else None
        if rows and card is None:
            self._skip_damaged("card_state", (slug, card_id))
        return card

    def states(self, slug: str) -> dict[str, Card]:
        """Every studied card of the brief: card id -> fsrs Card (damaged rows skipped)."""
        rows = self._rows("SELECT card_id, card_json FROM card_state WHERE brief = ?", (slug,))
        out: dict[str, Card] = {}
        for cid, text in rows:
            card = card_from_json(text)
            if card is None:
                self._skip_damaged("card_state", (slug, cid))
            else:
                out[str(cid)] = card
        out.update(self.unsaved.states(slug))
        return out

    def introduced_count(self, slug: str, start: datetime, end: datetime) -> int:
        """How many cards were studied for the first time (normal mode) in [start, end)."""
        sql = (
            "SELECT COUNT(*) FROM card_state WHERE brief = ? AND first_seen >= ? AND first_seen < ?"
        )
        return int(self._rows(sql, (slug, iso_utc(start), iso_utc(end)))[0][0])

    def reviews(
        self, slug: str, since: datetime | None = None, *, card_id: str | None = None
    ) -> list[Review]:
        """Logged answers of the brief (optionally one card's, from ``since``), oldest first."""
        sql = f"SELECT {REVIEW_COLUMNS} FROM review WHERE brief = ?"
        args: list[object] = [slug]
        if since is not None:
            sql += " AND reviewed_at >= ?"
            args.append(iso_utc(since))
        if card_id is not None:
            sql += " AND card_id = ?"
            args.append(card_id)
        out: list[Review] = []
        for row in self._rows(sql + " ORDER BY reviewed_at, id", args):
            review = review_from_row(row)
            if review is None:
                self._skip_damaged("review", row[0])
            else:
                out.append(review)
        return out

    def review_figures(
        self, slug: str, bounds: Sequence[tuple[datetime, datetime]], since: datetime
    ) -> tuple[int, list[int], tuple[int, int], dict[str, int]]:
        """Aggregates for the stats, computed by SQLite (no row per answer reaches
        Python): (all answers, answers per ``[start, end)`` of ``bounds``, (graded, not
        Again) of normal answers to review-state cards since ``since``, normal-mode
        "Again" answers per card)."""
        # one scan of the brief's answers for the total and the retention figures
        total, graded, kept = self._rows(
            "SELECT COUNT(*), COALESCE(SUM(mode = 'normal' AND state_before = 2"
            " AND reviewed_at >= ?2), 0), COALESCE(SUM(mode = 'normal' AND state_before = 2"
            " AND reviewed_at >= ?2 AND rating != 1), 0) FROM review WHERE brief = ?1",
            (slug, iso_utc(since)),
        )[0]
        per_day = [self.review_count(slug, start, end) for start, end in bounds]
        lapses = self._rows(
            "SELECT card_id, COUNT(*) FROM review WHERE brief = ? AND mode = 'normal'"
            " AND rating = 1 GROUP BY card_id",
            (slug,),
        )
        figures = (int(graded), int(kept))
        return int(total), per_day, figures, {str(c): int(n) for c, n in lapses}

    def data_version(self) -> int:
        """Changes when another connection commits (SQLite's ``PRAGMA data_version``)."""
        return int(self._rows("PRAGMA data_version")[0][0])

    def review_count(
        self, slug: str, start: datetime, end: datetime, *, mode: Mode | None = None
    ) -> int:
        """How many answers (of ``mode``, default any) were logged in [start, end)."""
        sql = "SELECT COUNT(*) FROM review WHERE brief = ? AND reviewed_at >= ? AND reviewed_at < ?"
        args: list[object] = [slug, iso_utc(start), iso_utc(end)]
        if mode is not None:
            sql += " AND mode = ?"
            args.append(mode)
        return int(self._rows(sql, args)[0][0])
