"""The progress store's queries: answers, schedules and flags (see the package docstring)."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from fsrs import Card, Rating, State

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
    parse_utc,
)
from .opening import connect, move_aside

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


@dataclass(frozen=True)
class Review:
    """One logged answer (a row of the ``review`` table)."""

    id: int
    brief: str
    card_id: str
    reviewed_at: datetime  # aware, UTC
    rating: Rating
    duration_ms: int
    mode: Mode
    kind: str
    correct: bool | None
    response: str | None
    state_before: State | None  # None: the card had never been studied (normal mode)


_REVIEW_COLUMNS = (
    "id, brief, card_id, reviewed_at, rating, duration_ms, mode, kind, correct, response,"
    " state_before"
)


_DECODE = json.JSONDecoder().decode
_STATES = {int(s.value): s for s in State}


def _from_dict(d: dict[str, Any]) -> Card:
    """:meth:`fsrs.Card.from_dict` without its per-call enum lookup (same result;
    a bad state is a KeyError instead of a ValueError)."""
    stability, difficulty, last = d["stability"], d["difficulty"], d["last_review"]
    return Card(
        card_id=int(d["card_id"]),
        state=_STATES[int(d["state"])],
        step=d["step"],
        stability=float(stability) if stability else None,
        difficulty=float(difficulty) if difficulty else None,
        due=datetime.fromisoformat(d["due"]),
        last_review=datetime.fromisoformat(last) if last else None,
    )


def _card(text: object) -> Card | None:
    """A ``card_json`` value as an fsrs Card, or None when it is damaged."""
    try:
        data = _DECODE(text) if isinstance(text, str) else None
        if not isinstance(data, dict):
            return None
        card = _from_dict(data)
        if card.due.tzinfo is None or (card.last_review or card.due).tzinfo is None:
            return None
        if card.step is not None and not isinstance(card.step, int):
            return None
        return card
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
        return None


def _review(r: tuple[Any, ...]) -> Review | None:
    """A ``review`` row, or None when it is damaged (a bad timestamp, say)."""
    try:
        return _review_row(r)
    except (ValueError, TypeError, OverflowError):
        return None


def _review_row(r: tuple[Any, ...]) -> Review:
    return Review(
        id=int(r[0]),
        brief=str(r[1]),
        card_id=str(r[2]),
        reviewed_at=parse_utc(r[3]),
        rating=Rating(int(r[4])),
        duration_ms=int(r[5]),
        mode="cram" if r[6] == "cram" else "normal",
        kind=str(r[7]),
        correct=None if r[8] is None else bool(r[8]),
        response=r[9],
        state_before=None if r[10] is None else State(int(r[10])),
    )


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
            return cls(target, connect(target, busy_timeout_ms), None)
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
        return cls(target, conn, one_line(notice, breaks_as_spaces=True))

    # --- lifecycle ----------------------------------------------------------------

    def close(self) -> None:
        """Retry unsaved answers, then close the connection (idempotent).

        Answers still unsaved are left in :attr:`unsaved` (see :meth:`unsaved_problem`).
        """
        with self._lock:
            if self._conn is not None:
                self.flush()
                self._conn.close()
                self._conn = None

    def unsaved_problem(self) -> str | None:
        """One line if answers could not be saved (after :meth:`close`: they are lost)."""
        count = sum(isinstance(i, PendingAnswer) for i in self.unsaved.items) or len(
            self.unsaved.items
        )
        if not count:
            return None
        return one_line(f"{self.path}: {count} answer(s) could not be saved")

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
    def _save_state(conn: sqlite3.Connection, slug: str, card_id: str, at: str, card: Card) -> None:
        text = json.dumps(card.to_dict(), sort_keys=True)
        due, state = iso_utc(card.due), int(card.state)
        conn.execute(_UPSERT_STATE, (slug, card_id, text, due, state, at, at))

    def flush(self) -> bool:
        """Commit queued writes in order; stop at the first failure. True if none is left."""
        with self._lock:
            while self.unsaved.items:
                item = self.unsaved.items[0]
                try:
                    with self._write("the answer") as conn:
                        self._commit(conn, item)
                except StoreError as exc:
                    count = len(self.unsaved.items)
                    self._save_problem = (
                        f"{one_line(str(exc))}; {count} answer(s) kept in memory, "
                        "retried with the next answer and on quit"
                    )
                    return False
                self.unsaved.items.pop(0)
            self._save_problem = None
            return True

    def _commit(self, conn: sqlite3.Connection, item: PendingAnswer | PendingAmend) -> None:
        if isinstance(item, PendingAmend):
            review_id = self.unsaved.ids.get(item.review_id, item.review_id)
            conn.execute(
                "UPDATE review SET rating = ?, correct = ? WHERE id = ?",
                (item.rating, item.correct, review_id),
            )
            if item.new_state is not None:
                self._save_state(conn, item.slug, item.card_id, item.reviewed_at, item.new_state)
            return
        row = conn.execute(
            "SELECT state FROM card_state WHERE brief = ? AND card_id = ?",
            (item.slug, item.card_id),
        ).fetchone()
        before = None if row is None else int(row[0])
        i = item
        values = (i.slug, i.card_id, i.reviewed_at, i.rating, i.duration_ms, i.mode, i.kind)
        cursor = conn.execute(_INSERT_REVIEW, (*values, i.correct, i.response, before))
        if item.new_state is not None:
            self._save_state(conn, item.slug, item.card_id, item.reviewed_at, item.new_state)
        self.unsaved.ids[item.temp_id] = int(cursor.lastrowid or 0)

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
            self.flush()
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
                self.flush()
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
            self.flush()

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
                self._save_state(conn, row[0], row[1], at, before)

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
        card = _card(rows[0][0]) if rows else None
        if rows and card is None:
            self._skip_damaged("card_state", (slug, card_id))
        return card

    def states(self, slug: str) -> dict[str, Card]:
        """Every studied card of the brief: card id -> fsrs Card (damaged rows skipped)."""
        rows = self._rows("SELECT card_id, card_json FROM card_state WHERE brief = ?", (slug,))
        out: dict[str, Card] = {}
        for cid, text in rows:
            card = _card(text)
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
        sql = f"SELECT {_REVIEW_COLUMNS} FROM review WHERE brief = ?"
        args: list[object] = [slug]
        if since is not None:
            sql += " AND reviewed_at >= ?"
            args.append(iso_utc(since))
        if card_id is not None:
            sql += " AND card_id = ?"
            args.append(card_id)
        out: list[Review] = []
        for row in self._rows(sql + " ORDER BY reviewed_at, id", args):
            review = _review(row)
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
