"""Opening the progress store: refuse what must not be opened, recognise our files,
switch to WAL, migrate in one transaction, and move corrupt files aside.

Several briefreader processes may open the same store at once (two terminals, a
command while the reader runs). Opening is serialized between them by an advisory
lock on ``<store>.lock`` (:func:`opening_lock`): one process checks, creates or
migrates the file while the others wait, so none of them sees a file another is
still setting up and moves it aside as corrupt (with the answers being written to
it). Once open, SQLite's own locking governs every write.

Reads :data:`.schema.SCHEMA_VERSION` and :data:`.schema.MIGRATIONS` from the
schema module at call time (tests add versions by patching them there).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from ...core.aside import move_aside as core_move_aside
from ..sqlite_peek import check_regular, peek_header
from . import schema
from .common import NotOurs, StoreError

__all__ = ["connect", "move_aside", "opening_lock"]

SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")  # moved aside with the database


def _user_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    return [str(row[0]) for row in rows]


def _pragma_int(conn: sqlite3.Connection, name: str) -> int:
    return int(conn.execute(f"PRAGMA {name}").fetchone()[0])


def _classify(conn: sqlite3.Connection, path: Path) -> None:
    """Raise ``NotOurs`` for corrupt/foreign files, ``StoreError`` for newer ones."""
    version = _pragma_int(conn, "user_version")
    app_id = _pragma_int(conn, "application_id")
    tables = _user_tables(conn)
    if version == 0 and app_id == 0:
        if tables:
            shown = ", ".join(tables[:4]) + (", ..." if len(tables) > 4 else "")
            raise NotOurs(f"is not a briefreader progress database (tables: {shown})")
        return  # empty: a fresh store
    if app_id != schema.APPLICATION_ID:
        raise NotOurs(f"is not a briefreader progress database (application id {app_id})")
    if version > schema.SCHEMA_VERSION:
        raise _newer(path, version)
    check = [str(row[0]) for row in conn.execute("PRAGMA quick_check").fetchall()]
    if check != ["ok"]:
        raise NotOurs(f"was corrupt ({check[0]})")


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the schema up to :data:`schema.SCHEMA_VERSION` in one write transaction."""
    if _pragma_int(conn, "user_version") == schema.SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        _classify(conn, path)  # again, under the write lock: another instance may have won
        version = _pragma_int(conn, "user_version")
        for step in schema.MIGRATIONS[version:]:
            step(conn)
        conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
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
    except FileNotFoundError:
        return  # (gone since: SQLite makes a fresh one)
    except OSError as exc:
        raise StoreError(path, f"cannot read progress database ({exc.strerror or exc})") from exc
    if header is None:
        return
    if not header.magic_ok:
        raise NotOurs("was corrupt (not an SQLite database)")
    if (
        header.application_id == schema.APPLICATION_ID
        and header.user_version > schema.SCHEMA_VERSION
    ):
        raise _newer(path, header.user_version)


def _newer(path: Path, version: int) -> StoreError:
    return StoreError(
        path,
        f"progress database has schema version {version}, newer than this briefreader "
        f"understands ({schema.SCHEMA_VERSION}); left untouched: upgrade briefreader to use it",
    )


def connect(path: Path, busy_timeout_ms: int) -> sqlite3.Connection:
    """Open, check and migrate ``path``; raise ``NotOurs`` or ``StoreError``."""
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
        missing = schema.REQUIRED_TABLES - set(_user_tables(conn))
        if missing:
            raise NotOurs(f"was damaged (missing tables: {', '.join(sorted(missing))})")
    except sqlite3.DatabaseError as exc:
        conn.close()
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
            raise NotOurs(f"was corrupt ({exc})") from exc
        raise StoreError(path, f"cannot open progress database ({exc})") from exc
    except BaseException:
        conn.close()
        raise
    return conn


@contextlib.contextmanager
def opening_lock(path: Path, timeout_ms: int) -> Iterator[None]:
    """Hold the advisory lock that serializes opening ``path`` between processes (see the
    module docstring), waiting at most ``timeout_ms`` for it. Without it (no ``fcntl``,
    a folder where the lock file cannot be made, a holder that does not let go) the
    store is opened as before: the lock only closes a race, it never stops the user."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    try:
        fd = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError:
        yield
        return
    try:
        deadline = time.monotonic() + timeout_ms / 1000
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    break  # (opened without it)
                time.sleep(0.005)
            except OSError:
                break
        yield  # (closing the file releases the lock)
    finally:
        os.close(fd)


def move_aside(path: Path) -> Path:
    """Rename ``path`` (and its -wal/-shm/-journal) to a free ``.corrupt-<stamp>`` name
    (the one rule for every corrupt file: :func:`briefreader.core.aside.move_aside`)."""
    return core_move_aside(path, companions=SQLITE_COMPANIONS)
