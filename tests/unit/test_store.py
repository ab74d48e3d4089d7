"""The progress store: schema, durability (kill -9), corrupt/foreign/newer files, concurrency."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Card, Rating, State

from briefreader.core.errors import BriefError
from briefreader.study.store import SCHEMA_VERSION, STORE_FILE, Mode, Store, StoreError
from briefreader.study.store import schema as store_mod

T0 = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)

# A child process: records answers for cards NAME0, NAME1, ... printing a line after each
# commit (COUNT < 0: forever, until killed).
CHILD = """
import itertools, sys
from datetime import datetime, timedelta, timezone
from fsrs import Card, Rating
from briefreader.study.store import Store
name, count = sys.argv[1], int(sys.argv[2])
t0 = datetime(2025, 3, 10, 12, tzinfo=timezone.utc)
with Store.open(sys.argv[3] if len(sys.argv) > 3 else None) as store:
    print("open", flush=True)
    for i in itertools.count() if count < 0 else range(count):
        at = t0 + timedelta(seconds=i)
        card = Card(card_id=i + 1, due=at + timedelta(minutes=10), last_review=at)
        store.record("demo", f"{name}{i}", Rating.Good, reviewed_at=at, duration_ms=900,
                     mode="normal", kind="flip", correct=True, response=None, new_state=card)
        print(i, flush=True)
"""


def child(home: Path, name: str, count: int, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "BRIEFREADER_HOME": str(home)}
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, name, str(count), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def review_card(at: datetime, *, state: State = State.Review, days: float = 3) -> Card:
    return Card(
        card_id=7,
        state=state,
        step=None if state == State.Review else 0,
        stability=4.0,
        difficulty=5.0,
        due=at + timedelta(days=days),
        last_review=at,
    )


def record(
    store: Store,
    card_id: str,
    at: datetime,
    new_state: Card | None,
    *,
    mode: Mode = "normal",
    kind: str = "flip",
    correct: bool | None = None,
    response: str | None = None,
) -> int:
    return store.record(
        "demo", card_id, Rating.Good, reviewed_at=at, duration_ms=1200, mode=mode, kind=kind,
        correct=correct, response=response, new_state=new_state,
    )  # fmt: skip


def test_fresh_store_settings(briefreader_home: Path) -> None:
    with Store.open() as store:
        assert store.path == briefreader_home / STORE_FILE and store.path.exists()
        assert store.notice is None
        assert store.schema_version == SCHEMA_VERSION == len(store_mod.MIGRATIONS)
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
        assert store.integrity_check() == "ok"


def test_record_and_read_back(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.sqlite3") as store:
        assert store.card_state("demo", "a") is None and store.states("demo") == {}
        first = review_card(T0, state=State.Learning, days=0.01)
        record(store, "a", T0, first, correct=True, response="NATO")
        second = review_card(T0 + timedelta(minutes=10))
        record(store, "a", T0 + timedelta(minutes=10), second, kind="typed", correct=False)
        record(store, "b", T0 + timedelta(hours=1), None, mode="cram", kind="choice")

        loaded = store.card_state("demo", "a")
        assert loaded is not None and loaded.to_dict() == second.to_dict()
        assert set(store.states("demo")) == {"a"} and store.states("other") == {}
        reviews = store.reviews("demo")
        assert [(r.card_id, r.mode, r.kind, r.correct, r.response) for r in reviews] == [
            ("a", "normal", "flip", True, "NATO"),
            ("a", "normal", "typed", False, None),
            ("b", "cram", "choice", None, None),
        ]
        assert [r.state_before for r in reviews] == [None, State.Learning, None]
        assert reviews[0].reviewed_at == T0 and reviews[0].rating == Rating.Good
        assert reviews[0].duration_ms == 1200
        assert len(store.reviews("demo", T0 + timedelta(minutes=1))) == 2
        assert len(store.reviews("demo", card_id="b")) == 1
        day = (T0 - timedelta(hours=12), T0 + timedelta(hours=12))
        assert store.review_count("demo", *day) == 3
        assert store.review_count("demo", *day, mode="cram") == 1
        assert store.review_count("demo", T0 + timedelta(minutes=10), day[1]) == 2
        assert store.introduced_count("demo", *day) == 1  # cram does not introduce
        assert store.introduced_count("demo", T0 + timedelta(seconds=1), day[1]) == 0


def test_record_validates(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.sqlite3") as store:
        with pytest.raises(ValueError, match="cram"):
            record(store, "a", T0, review_card(T0), mode="cram")
        with pytest.raises(ValueError, match="naive"):
            record(store, "a", datetime(2025, 1, 1), None)
        with pytest.raises(ValueError):
            store.record("demo", "a", 9, reviewed_at=T0, duration_ms=1, kind="flip", new_state=None)
        assert store.reviews("demo") == []


def test_amend_corrects_an_answer(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.sqlite3") as store:
        first = record(store, "a", T0, review_card(T0, days=1), correct=False)
        crammed = record(store, "b", T0, None, mode="cram")
        store.amend(first, Rating.Easy, correct=True, new_state=review_card(T0, days=9))
        state = store.card_state("demo", "a")
        assert state is not None and state.due == T0 + timedelta(days=9)
        amended = store.reviews("demo")[0]
        assert (amended.rating, amended.correct) == (Rating.Easy, True)
        with pytest.raises(ValueError, match="cram"):
            store.amend(crammed, Rating.Good, correct=True, new_state=review_card(T0))
        with pytest.raises(ValueError, match="no review"):
            store.amend(999, Rating.Good, correct=True, new_state=None)
        assert store.introduced_count("demo", T0, T0 + timedelta(seconds=1)) == 1


def test_persists_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    card = review_card(T0)
    with Store.open(path) as store:
        record(store, "a", T0, card)
    with Store.open(path) as store:
        assert store.notice is None
        loaded = store.card_state("demo", "a")
        assert loaded is not None and loaded.to_dict() == card.to_dict()
        assert len(store.reviews("demo")) == 1


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_kill_9_loses_nothing_answered(briefreader_home: Path) -> None:
    proc = child(briefreader_home, "k", -1)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "open"
    k = 25
    lines = [proc.stdout.readline() for _ in range(k)]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert [line.strip() for line in lines] == [str(i) for i in range(k)]
    with Store.open() as store:
        assert store.notice is None
        assert store.integrity_check() == "ok"
        reviews = store.reviews("demo")
        states = store.states("demo")
        assert len(reviews) >= k
        # every answer's review row and card state were committed together
        assert {r.card_id for r in reviews} == set(states)
        for review in reviews:
            assert states[review.card_id].last_review == review.reviewed_at


def test_garbage_file_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE
    garbage = b"this is not sqlite\x00\xff" * 300
    path.write_bytes(garbage)
    (tmp_path / f"{STORE_FILE}-wal").write_bytes(b"junk wal")
    (tmp_path / f"{STORE_FILE}-shm").write_bytes(b"junk shm")
    with Store.open(path) as store:
        assert store.notice is not None and "\n" not in store.notice
        assert "corrupt" in store.notice and f"{STORE_FILE}.corrupt-" in store.notice
        assert "Traceback" not in store.notice
        record(store, "a", T0, review_card(T0))
        assert len(store.reviews("demo")) == 1
    aside = sorted(p.name for p in tmp_path.iterdir() if ".corrupt-" in p.name)
    assert len(aside) == 3
    main = tmp_path / aside[0]
    assert main.read_bytes() == garbage
    assert (tmp_path / f"{main.name}-wal").read_bytes() == b"junk wal"
    assert (tmp_path / f"{main.name}-shm").read_bytes() == b"junk shm"
    assert main.name.startswith(f"{STORE_FILE}.corrupt-2")  # ...corrupt-YYYYmmdd-HHMMSS


def test_foreign_database_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE users (name TEXT)")
        other.execute("INSERT INTO users VALUES ('x')")
    other.close()
    with Store.open(path) as store:
        assert store.notice is not None and "not a briefreader progress database" in store.notice
        assert "users" in store.notice and store.schema_version == SCHEMA_VERSION
    (aside,) = [p for p in tmp_path.iterdir() if p.name.startswith(f"{STORE_FILE}.corrupt-")]
    with sqlite3.connect(aside) as check:
        assert check.execute("SELECT name FROM users").fetchall() == [("x",)]
    check.close()


def test_newer_schema_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE
    with Store.open(path) as store:
        record(store, "a", T0, review_card(T0))
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA user_version = 99")
    raw.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as info:
        Store.open(path)
    message = str(info.value)
    assert isinstance(info.value, BriefError)
    assert "\n" not in message and message.startswith(str(path))
    assert "schema version 99" in message
    assert path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]


def test_migration_runner_appends_versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / STORE_FILE
    with Store.open(path) as store:
        record(store, "a", T0, review_card(T0))
    calls: list[int] = []

    def to_next(conn: sqlite3.Connection) -> None:
        calls.append(1)
        conn.execute("CREATE TABLE extra (x INTEGER)")

    following = store_mod.SCHEMA_VERSION + 1
    monkeypatch.setattr(store_mod, "MIGRATIONS", [*store_mod.MIGRATIONS, to_next])
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", following)
    for _ in range(2):
        with Store.open(path) as store:
            assert store.schema_version == following and store.notice is None
            assert len(store.reviews("demo")) == 1
    assert calls == [1]


def test_failed_migration_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / STORE_FILE
    Store.open(path).close()

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half (x INTEGER)")
        conn.execute("THIS IS NOT SQL")

    current = store_mod.SCHEMA_VERSION
    monkeypatch.setattr(store_mod, "MIGRATIONS", [*store_mod.MIGRATIONS, broken])
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", current + 1)
    with pytest.raises(StoreError, match="cannot open"):
        Store.open(path)
    monkeypatch.undo()
    with Store.open(path) as store:
        assert store.schema_version == current and store.notice is None
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
        assert "half" not in tables


def test_two_instances_interleave_writes(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE
    with Store.open(path) as one, Store.open(path) as two:
        for i in range(20):
            at = T0 + timedelta(seconds=i)
            record(one, f"one{i}", at, review_card(at))
            record(two, f"two{i}", at, review_card(at))
            assert len(one.reviews("demo")) == len(two.reviews("demo")) == 2 * (i + 1)
        assert len(one.states("demo")) == 40 and one.integrity_check() == "ok"


def test_second_process_writes_while_first_reads(briefreader_home: Path) -> None:
    with Store.open() as store:
        record(store, "mine", T0, review_card(T0))
        with store.snapshot():
            assert len(store.reviews("demo")) == 1
            proc = child(briefreader_home, "other", 5)
            out, err = proc.communicate(timeout=30)
            assert proc.returncode == 0, err
            assert "locked" not in err and out.split()[-1] == "4"
            assert len(store.reviews("demo")) == 1  # still our snapshot
        assert len(store.reviews("demo")) == 6


@pytest.mark.parametrize("names", ["xy", "wxyz"])
def test_processes_write_at_once_on_a_fresh_file(briefreader_home: Path, names: str) -> None:
    """Each child opens the fresh store at the same moment: none may take a file another
    is still setting up for a corrupt one (and move it aside, with the others' answers),
    nor fail to open it. (Seen before the opening lock: a few times in a hundred runs of
    four, under load.)"""
    procs = [child(briefreader_home, name, 30) for name in names]
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert out.split()[-1] == "29"
    with Store.open() as store:
        assert store.notice is None and store.integrity_check() == "ok"
        assert len(store.reviews("demo")) == len(store.states("demo")) == 30 * len(names)
    assert not list(briefreader_home.glob("*.corrupt-*"))


def test_opening_waits_for_another_process_opening(briefreader_home: Path) -> None:
    """The opening lock: a store is not opened while another process holds it (here a
    second open file of the lock, as another process would have), and is opened anyway
    once the wait is over (a holder that never lets go does not stop the user)."""
    import fcntl
    import threading
    import time

    path = briefreader_home / STORE_FILE
    holder = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(holder, fcntl.LOCK_EX)
    opened: list[Store] = []
    thread = threading.Thread(target=lambda: opened.append(Store.open(path)))
    thread.start()
    time.sleep(0.3)
    assert not opened  # waiting
    os.close(holder)  # released
    thread.join(timeout=30)
    assert opened and opened[0].integrity_check() == "ok"
    opened[0].close()
    holder = os.open(f"{path}.lock", os.O_RDWR)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        started = time.monotonic()
        with Store.open(path, busy_timeout_ms=200) as store:  # never let go: opened anyway
            assert store.integrity_check() == "ok"
        assert time.monotonic() - started >= 0.2
    finally:
        os.close(holder)


def test_a_store_file_gone_while_it_is_opened_is_made_afresh(
    briefreader_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Moved aside by something else between the checks: a fresh store, not a traceback."""
    from briefreader.study.store import opening

    path = briefreader_home / STORE_FILE
    path.write_bytes(b"")

    def gone(path: Path) -> None:
        path.unlink()
        raise FileNotFoundError(2, "No such file or directory", str(path))

    monkeypatch.setattr(opening, "peek_header", gone)
    with Store.open(path) as store:
        assert store.notice is None and store.integrity_check() == "ok"
        assert store.schema_version == SCHEMA_VERSION
