"""Issue 7.4 and 7.7: the progress store facing newer files with a -wal, damaged rows,
non-regular files, a locked database and a full disk."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fsrs import Card, Rating

from briefreader.core.loader import load_brief
from briefreader.study.cards import build_deck
from briefreader.study.clock import FakeClock
from briefreader.study.model import StudyCard
from briefreader.study.scheduler import Session
from briefreader.study.sqlite_peek import peek_header
from briefreader.study.stats import compute_stats
from briefreader.study.store import STORE_FILE, Store, StoreError
from briefreader.study.store import schema as store_mod

from ..conftest import BUNDLED

T0 = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
SLUG = "nato-asian-pacific-expansion"


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def answer(store: Store, card_id: str, at: datetime = T0, slug: str = "demo") -> int:
    card = Card(card_id=1, due=at + timedelta(minutes=10), last_review=at)
    return store.record(
        slug, card_id, Rating.Good, reviewed_at=at, duration_ms=900, kind="flip", new_state=card
    )


# -- 7.4: a newer database left with a -wal stays byte-identical --------------------------


@pytest.mark.parametrize("newer_in", ["main", "wal"])
def test_newer_database_with_wal_is_left_byte_identical(tmp_path: Path, newer_in: str) -> None:
    source, target = tmp_path / "src", tmp_path / "copy"
    source.mkdir()
    target.mkdir()
    with Store.open(source / STORE_FILE) as store:
        answer(store, "a")
    live = sqlite3.connect(source / STORE_FILE, isolation_level=None)
    live.execute("PRAGMA wal_autocheckpoint = 0")
    if newer_in == "main":
        live.execute("PRAGMA user_version = 99")
        live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        live.execute("PRAGMA user_version = 99")  # only in the -wal so far
    live.execute("INSERT INTO review (brief, card_id, reviewed_at, rating, duration_ms, mode,"
                 " kind) VALUES ('demo', 'b', 'x', 3, 1, 'normal', 'flip')")  # fmt: skip
    for suffix in ("", "-wal", "-shm"):  # as a crash leaves them
        shutil.copy(source / f"{STORE_FILE}{suffix}", target / f"{STORE_FILE}{suffix}")
    live.close()
    assert (target / f"{STORE_FILE}-wal").stat().st_size > 0
    before = digest(target)
    header = peek_header(target / STORE_FILE)
    assert header is not None and header.user_version == 99
    with pytest.raises(StoreError) as info:
        Store.open(target / STORE_FILE)
    assert "schema version 99" in str(info.value) and "left untouched" in str(info.value)
    after = digest(target)
    lock = f"{STORE_FILE}.lock"  # the opening lock (empty), beside them: nothing else new
    assert {name: h for name, h in after.items() if name != lock} == before
    assert set(after) <= {*before, lock} and (target / lock).stat().st_size == 0


def test_peek_ignores_a_wal_of_another_database(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE
    with Store.open(path) as store:
        answer(store, "a")
    (tmp_path / f"{STORE_FILE}-wal").write_bytes(b"\x37\x7f\x06\x82" + b"\x00" * 60)
    header = peek_header(path)
    assert header is not None and header.user_version == store_mod.SCHEMA_VERSION


# -- 7.7: damaged rows ----------------------------------------------------------------


@pytest.fixture
def bundled_deck() -> list[StudyCard]:
    return build_deck(load_brief(BUNDLED))


def damage(path: Path, deck: list[StudyCard]) -> None:
    ids = [c.id for c in deck[:4]]
    with Store.open(path) as store:
        for cid in ids:
            answer(store, cid, slug=SLUG)
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("UPDATE card_state SET card_json = 'not json' WHERE card_id = ?", (ids[0],))
    raw.execute("UPDATE card_state SET card_json = '[1, 2]' WHERE card_id = ?", (ids[1],))
    raw.execute(
        'UPDATE card_state SET card_json = \'{"due": "soon"}\' WHERE card_id = ?', (ids[2],)
    )
    raw.execute("UPDATE review SET reviewed_at = 'yesterday' WHERE card_id = ?", (ids[3],))
    raw.close()


def test_damaged_rows_are_skipped_with_one_notice(
    tmp_path: Path, bundled_deck: list[StudyCard]
) -> None:
    path = tmp_path / STORE_FILE
    damage(path, bundled_deck)
    with Store.open(path) as store:
        assert set(store.states(SLUG)) == {bundled_deck[3].id}
        assert len(store.reviews(SLUG)) == 3
        assert store.card_state(SLUG, bundled_deck[0].id) is None
        stats = compute_stats(bundled_deck, store, SLUG, clock=FakeClock(T0))
        assert stats is not None
        problem = store.take_problem()
        assert problem is not None and "damaged rows" in problem and "\n" not in problem
        compute_stats(bundled_deck, store, SLUG, clock=FakeClock(T0))
        assert store.take_problem() is None  # told once
        session = Session(bundled_deck, store, SLUG, clock=FakeClock(T0), fuzzing=False)
        card = session.next_card()
        assert card is not None
        session.answer(card, Rating.Good, duration_ms=500)  # a damaged row is replaced


def run_cli(home: Path, *args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BRIEFREADER_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "briefreader", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def test_stats_with_damaged_rows_prints_one_line(
    briefreader_home: Path, bundled_deck: list[StudyCard]
) -> None:
    damage(briefreader_home / STORE_FILE, bundled_deck)
    out = run_cli(briefreader_home, "stats")
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    assert len(out.stderr.splitlines()) == 1 and "damaged rows" in out.stderr


# -- 7.7: non-regular files ---------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("which", ["", "-wal"])
def test_fifo_is_refused_without_hanging(briefreader_home: Path, which: str) -> None:
    if which:
        with Store.open(briefreader_home / STORE_FILE) as store:
            answer(store, "a")
    os.mkfifo(briefreader_home / f"{STORE_FILE}{which}")
    out = run_cli(briefreader_home, "stats", timeout=20)
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1 and "named pipe, not a regular file" in out.stderr


def test_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / STORE_FILE).mkdir()
    with pytest.raises(StoreError, match="is a directory, not a regular file"):
        Store.open(tmp_path / STORE_FILE)


# -- 7.7: locked database, full disk ------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / STORE_FILE, busy_timeout_ms=50) as opened:
        yield opened


def lock(path: Path) -> sqlite3.Connection:
    other = sqlite3.connect(path, isolation_level=None, timeout=0.05)
    other.execute("BEGIN IMMEDIATE")
    return other


def saved(path: Path) -> list[str]:
    with sqlite3.connect(path) as raw:
        rows = raw.execute("SELECT card_id FROM review ORDER BY id").fetchall()
    raw.close()
    return [str(r[0]) for r in rows]


def test_locked_database_keeps_the_answer_and_retries(store: Store) -> None:
    other = lock(store.path)
    first = answer(store, "a")
    assert first < 0
    problem = store.take_problem()
    assert problem is not None and "could not save the answer" in problem
    assert "database is locked" in problem and "kept in memory" in problem
    assert "a" in store.states("demo") and store.card_state("demo", "a") is not None
    store.amend(first, Rating.Easy, correct=True, new_state=None)  # still unsaved: in memory
    other.rollback()
    other.close()
    second = answer(store, "b", T0 + timedelta(seconds=1))
    assert second > 0 and store.take_problem() is None
    assert saved(store.path) == ["a", "b"]
    assert [r.rating for r in store.reviews("demo")] == [Rating.Easy, Rating.Good]
    store.amend(first, Rating.Hard, correct=False, new_state=None)  # the temp id still works
    assert store.reviews("demo")[0].rating == Rating.Hard


def test_unsaved_answers_are_saved_on_close(store: Store) -> None:
    other = lock(store.path)
    answer(store, "a")
    other.rollback()
    other.close()
    store.close()
    assert saved(store.path) == ["a"]
    assert store.unsaved_problem() is None


def test_answers_still_unsaved_at_close_are_reported(store: Store) -> None:
    other = lock(store.path)
    answer(store, "a")
    store.close()
    other.rollback()
    other.close()
    problem = store.unsaved_problem()
    assert problem is not None and "1 answer(s) could not be saved" in problem


class FullDisk:
    """A connection whose writes fail as on a full disk (the fault-injection seam)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.full = True

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if self.full and sql.lstrip().upper().startswith(("INSERT", "UPDATE")):
            raise sqlite3.OperationalError("database or disk is full")
        return self.conn.execute(sql, *args)

    def close(self) -> None:
        self.conn.close()


def test_full_disk_loses_nothing_once_there_is_room(store: Store) -> None:
    disk = FullDisk(store.conn)
    store._conn = disk  # type: ignore[assignment]
    deck = [
        StudyCard(id=i, kind="flip", prompt=i, answer=i, source="curated", category="term")
        for i in ("a", "b", "c")
    ]
    clock = FakeClock(T0)
    session = Session(deck, store, "demo", clock=clock, fuzzing=False)
    for _ in range(2):
        card = session.next_card()
        assert card is not None
        session.answer(card, Rating.Easy, duration_ms=100)  # no exception
        problem = store.take_problem()
        assert problem is not None and "database or disk is full" in problem
        clock.advance(seconds=5)
    assert session.next_card() == deck[2]  # the unsaved answers count in the session
    disk.full = False
    session.answer(deck[2], Rating.Good, duration_ms=100)
    assert store.take_problem() is None
    assert saved(store.path) == ["a", "b", "c"]


def test_workers_asking_at_once_share_one_store(
    briefreader_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deck and mastery workers open the store together: one store, so a notice
    raised in one (damaged rows) is the one the reader takes."""
    import threading
    import time

    from briefreader.study.context import StudyContext

    real_open = Store.open

    def slow_open(*args: Any, **kwargs: Any) -> Store:
        time.sleep(0.2)  # widen the window two threads race in
        return real_open(*args, **kwargs)

    monkeypatch.setattr(Store, "open", slow_open)
    context = StudyContext(load_brief(BUNDLED))
    got: list[Store | None] = []
    threads = [threading.Thread(target=lambda: got.append(context.store())) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert got[0] is not None and got[0] is got[1]
    context.close()
