"""The progress store: every answer and every card's schedule, in one SQLite file.

``progress.sqlite3`` under the user data dir (see :func:`~briefreader.core.paths.user_home`)
holds two tables (schema version 1):

``card_state``
    one row per (``brief`` slug, ``card_id``) that has been studied in normal mode:
    ``card_json`` (the fsrs ``Card.to_dict()`` as JSON), ``due`` (UTC ISO 8601, indexed),
    ``state`` (fsrs ``State``: 1 learning, 2 review, 3 relearning), ``first_seen`` (UTC
    ISO time of the first normal answer: the daily new-card limit counts these) and
    ``updated_at``.
``review``
    the full answer log, append-only: ``id``, ``brief``, ``card_id``, ``reviewed_at``
    (UTC ISO), ``rating`` (1-4), ``duration_ms``, ``mode`` (``normal``/``cram``),
    ``kind`` (how the card was asked), ``correct`` (0/1/NULL), ``response`` (what was
    typed or chosen, NULL for flip cards) and ``state_before`` (the card's fsrs state
    when answered, NULL for a never-seen card). Replaying the ``normal`` rows through
    fsrs rebuilds every schedule; ``state_before`` lets stats tell lapses of review
    cards from learning steps.

All timestamps are stored as ``YYYY-MM-DDTHH:MM:SS.ffffff+00:00`` so text order is
time order. The schema version is ``PRAGMA user_version`` (plus ``application_id`` to
recognise our files); :data:`MIGRATIONS` holds one function per version, run in one
transaction on open, so version 2 is added by appending a function.

Concurrency and durability: WAL journal, ``busy_timeout`` 5 s and ``BEGIN IMMEDIATE``
for writes, so two briefreader instances can study at once; ``synchronous=FULL`` and
one transaction per answer (:meth:`Store.record`), so nothing answered is lost even if
the process is killed. A corrupt or foreign file is moved aside to
``progress.sqlite3.corrupt-<YYYYmmdd-HHMMSS>`` (with its ``-wal``/``-shm``) and a fresh
store started; :attr:`Store.notice` then holds one line for the user. A file from a
newer schema version is never touched: :class:`StoreError` is raised.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from fsrs import Card, Rating, State

from ..core.errors import BriefError, one_line
from ..core.paths import user_home
from .annotations_schema import ANNOTATION_TABLES, migrate_annotations
from .sqlite_peek import check_regular, peek_header
from .unsaved import PendingAmend, PendingAnswer, Unsaved

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "STORE_FILE",
    "Mode",
    "Review",
    "Store",
    "StoreError",
    "iso_utc",
]

STORE_FILE = "progress.sqlite3"
APPLICATION_ID = 0x42525052  # "BRPR": marks the file as a briefreader progress store
BUSY_TIMEOUT_MS = 5000
Mode = Literal["normal", "cram"]
_MODES = ("normal", "cram")


class StoreError(BriefError):
    """The progress database cannot be used (one line naming the file)."""


class _NotOurs(Exception):
    """Internal: the file is corrupt or foreign and should be moved aside."""


def iso_utc(moment: datetime) -> str:
    """``moment`` as fixed-width UTC ISO text (sorts like time). Naive is refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: give an aware (UTC) time")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


# --- schema -------------------------------------------------------------------------

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


def _migrate_to_1(conn: sqlite3.Connection) -> None:
    """Version 1: the initial schema (see the module docstring)."""
    for statement in _V1:
        conn.execute(statement)


def _migrate_to_2(conn: sqlite3.Connection) -> None:
    """Version 2: ``card_flag`` (a card suspended, or buried until a time)."""
    conn.execute(
        """CREATE TABLE card_flag (
        brief TEXT NOT NULL, card_id TEXT NOT NULL,
        flag TEXT NOT NULL CHECK (flag IN ('suspended', 'buried')), until TEXT,
        PRIMARY KEY (brief, card_id)) WITHOUT ROWID"""
    )


#: ``MIGRATIONS[n]`` upgrades a database from version ``n`` to ``n + 1``. Append only.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _migrate_to_1,
    _migrate_to_2,
    migrate_annotations,
]
SCHEMA_VERSION = len(MIGRATIONS)
_REQUIRED_TABLES = {"card_state", "review", *ANNOTATION_TABLES}


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


def _card(text: object) -> Card | None:
    """A ``card_json`` value as an fsrs Card, or None when it is damaged."""
    try:
        data = json.loads(text) if isinstance(text, str) else None
        card = Card.from_dict(data) if isinstance(data, dict) else None  # type: ignore[arg-type]
        times = (card.due, card.last_review or card.due) if card else ()
        if card is None or any(t.tzinfo is None for t in times):
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
        reviewed_at=_parse(r[3]),
        rating=Rating(int(r[4])),
        duration_ms=int(r[5]),
        mode="cram" if r[6] == "cram" else "normal",
        kind=str(r[7]),
        correct=None if r[8] is None else bool(r[8]),
        response=r[9],
        state_before=None if r[10] is None else State(int(r[10])),
    )


def _user_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    return [str(row[0]) for row in rows]


def _pragma_int(conn: sqlite3.Connection, name: str) -> int:
    return int(conn.execute(f"PRAGMA {name}").fetchone()[0])


def _classify(conn: sqlite3.Connection, path: Path) -> None:
    """Raise ``_NotOurs`` for corrupt/foreign files, ``StoreError`` for newer ones."""
    version = _pragma_int(conn, "user_version")
    app_id = _pragma_int(conn, "application_id")
    tables = _user_tables(conn)
    if version == 0 and app_id == 0:
        if tables:
            shown = ", ".join(tables[:4]) + (", ..." if len(tables) > 4 else "")
            raise _NotOurs(f"is not a briefreader progress database (tables: {shown})")
        return  # empty: a fresh store
    if app_id != APPLICATION_ID:
        raise _NotOurs(f"is not a briefreader progress database (application id {app_id})")
    if version > SCHEMA_VERSION:
        raise _newer(path, version)
    check = [str(row[0]) for row in conn.execute("PRAGMA quick_check").fetchall()]
    if check != ["ok"]:
        raise _NotOurs(f"was corrupt ({check[0]})")


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the schema up to :data:`SCHEMA_VERSION` in one write transaction."""
    if _pragma_int(conn, "user_version") == SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        _classify(conn, path)  # again, under the write lock: another instance may have won
        version = _pragma_int(conn, "user_version")
        for step in MIGRATIONS[version:]:
            step(conn)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise


def _enable_wal(conn: sqlite3.Connection, busy_timeout_ms: int) -> None:
    """Switch to WAL. SQLite does not wait (busy_timeout) for this one: retry instead."""
    deadline = time.monotonic() + busy_timeout_ms / 1000
    while conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            conn.execute("PRAGMA journal_mode = WAL").fetchall()
        except sqlite3.OperationalError as exc:
            busy = (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in (5, 6)  # BUSY, LOCKED
            if not busy or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _peek(path: Path) -> None:
    """Refuse what SQLite must not open, reading only bytes: a FIFO or device (opening
    it would block), a file from a newer version (SQLite would fold its -wal into it)."""
    problem = check_regular(path)
    if problem:
        raise StoreError(path, f"cannot open progress database ({problem})")
    try:
        header = peek_header(path)
    except OSError as exc:
        raise StoreError(path, f"cannot read progress database ({exc.strerror or exc})") from exc
    if header is None:
        return
    if not header.magic_ok:
        raise _NotOurs("was corrupt (not an SQLite database)")
    if header.application_id == APPLICATION_ID and header.user_version > SCHEMA_VERSION:
        raise _newer(path, header.user_version)


def _newer(path: Path, version: int) -> StoreError:
    return StoreError(
        path,
        f"progress database has schema version {version}, newer than this briefreader "
        f"understands ({SCHEMA_VERSION}); left untouched: upgrade briefreader to use it",
    )


def _connect(path: Path, busy_timeout_ms: int) -> sqlite3.Connection:
    """Open, check and migrate ``path``; raise ``_NotOurs`` or ``StoreError``."""
    _peek(path)
    try:
        conn = sqlite3.connect(
            path, timeout=busy_timeout_ms / 1000, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as exc:
        raise StoreError(path, f"cannot open progress database ({exc})") from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        _classify(conn, path)  # before anything writes: a newer file stays byte-identical
        _enable_wal(conn, busy_timeout_ms)
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        _migrate(conn, path)
        missing = _REQUIRED_TABLES - set(_user_tables(conn))
        if missing:
            raise _NotOurs(f"was damaged (missing tables: {', '.join(sorted(missing))})")
    except sqlite3.DatabaseError as exc:
        conn.close()
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
            raise _NotOurs(f"was corrupt ({exc})") from exc
        raise StoreError(path, f"cannot open progress database ({exc})") from exc
    except BaseException:
        conn.close()
        raise
    return conn


def _move_aside(path: Path) -> Path:
    """Rename ``path`` (and its -wal/-shm/-journal) to a free ``.corrupt-<stamp>`` name."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while aside.exists():
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        counter += 1
    os.replace(path, aside)
    for suffix in ("-wal", "-shm", "-journal"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            with contextlib.suppress(OSError):
                os.replace(companion, aside.with_name(aside.name + suffix))
    return aside


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
            return cls(target, _connect(target, busy_timeout_ms), None)
        except _NotOurs as bad:
            reason = str(bad)
        try:
            aside = _move_aside(target)
        except OSError as exc:
            raise StoreError(target, f"{reason}; could not move it aside ({exc})") from exc
        try:
            conn = _connect(target, busy_timeout_ms)
        except _NotOurs as bad:
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
        if mode not in _MODES:
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
        total = int(self._rows("SELECT COUNT(*) FROM review WHERE brief = ?", (slug,))[0][0])
        per_day = [self.review_count(slug, start, end) for start, end in bounds]
        graded = self._rows(
            "SELECT COUNT(*), COALESCE(SUM(rating != 1), 0) FROM review WHERE brief = ?"
            " AND mode = 'normal' AND state_before = 2 AND reviewed_at >= ?",
            (slug, iso_utc(since)),
        )[0]
        lapses = self._rows(
            "SELECT card_id, COUNT(*) FROM review WHERE brief = ? AND mode = 'normal'"
            " AND rating = 1 GROUP BY card_id",
            (slug,),
        )
        return total, per_day, (int(graded[0]), int(graded[1])), {str(c): int(n) for c, n in lapses}

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
