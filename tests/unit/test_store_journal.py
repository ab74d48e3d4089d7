"""Issue 7.7 leftovers: answers still unsaved at quit are retried together (one
transaction, one bounded wait), then kept in a journal file and replayed, once, at
the next start; if even the journal cannot be written, that is said and the answers
count as lost."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fsrs import Card, Rating, State

from briefreader.study.context import StudyContext
from briefreader.study.store import STORE_FILE, Store
from briefreader.study.store import journal as journal_mod
from briefreader.study.store import progress as progress_mod

T0 = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


def answer(store: Store, card_id: str, at: datetime = T0, rating: Rating = Rating.Good) -> int:
    card = Card(card_id=1, state=State.Review, due=at + timedelta(days=3), last_review=at)
    return store.record(
        "demo", card_id, rating, reviewed_at=at, duration_ms=900, kind="flip", new_state=card
    )


def hold_lock(path: Path) -> sqlite3.Connection:
    """A second connection holding the write lock (``BEGIN EXCLUSIVE``)."""
    other = sqlite3.connect(path, isolation_level=None, timeout=0.05)
    other.execute("BEGIN EXCLUSIVE")
    return other


def release(other: sqlite3.Connection) -> None:
    other.rollback()
    other.close()


def quit_while_locked(path: Path) -> None:
    """Answer card "a" while another connection holds the write lock, then quit: the
    answer is left in the journal, for the next open to replay."""
    store = Store.open(path, busy_timeout_ms=50)
    other = hold_lock(path)
    answer(store, "a")
    store.close()
    release(other)


def rows(path: Path) -> list[tuple[str, str, int]]:
    raw = sqlite3.connect(path)
    try:
        found = raw.execute("SELECT card_id, reviewed_at, rating FROM review ORDER BY id")
        return [(str(c), str(at), int(r)) for c, at, r in found.fetchall()]
    finally:
        raw.close()


class Recording:
    """A connection that records what is executed (and can fail writes as on a full disk)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.sql: list[str] = []
        self.full = False

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self.sql.append(sql)
        if self.full and sql.lstrip().upper().startswith(("INSERT", "UPDATE")):
            raise sqlite3.OperationalError("database or disk is full")
        return self.conn.execute(sql, *args)

    def close(self) -> None:
        self.conn.close()


def fill_disk(store: Store) -> None:
    """From now on every write of ``store`` fails as on a full disk."""
    conn = Recording(store.conn)
    conn.full = True
    store._conn = conn  # type: ignore[assignment]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / STORE_FILE


@pytest.fixture
def store(path: Path) -> Iterator[Store]:
    with Store.open(path, busy_timeout_ms=50) as opened:
        yield opened


def journal_lines(store_path: Path) -> list[dict[str, Any]]:
    text = journal_mod.journal_path(store_path).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


# -- (a) one transaction, one bounded wait on quit --------------------------------------


def test_quit_retries_every_pending_answer_in_one_transaction_with_one_wait(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress_mod, "QUIT_WAIT_MS", 40)
    store = Store.open(path, busy_timeout_ms=50)  # answers in the session wait a little
    other = hold_lock(path)
    for n in range(4):
        answer(store, f"c{n}", T0 + timedelta(seconds=n))
    assert len(store.unsaved.items) == 4
    conn = Recording(store.conn)
    store._conn = conn  # type: ignore[assignment]
    store.busy_timeout_ms = 5000  # as the app's store: a 5 s busy timeout
    store.close()
    release(other)
    begins = [s for s in conn.sql if s.startswith("BEGIN")]
    waits = [s for s in conn.sql if s.startswith("PRAGMA busy_timeout")]
    assert begins == ["BEGIN IMMEDIATE"]  # one attempt for all four, not one each
    assert waits[0] == "PRAGMA busy_timeout = 40"  # bounded, not the 5 s busy timeout
    assert rows(path) == []


def test_quit_saves_all_pending_answers_when_the_lock_is_gone(path: Path, store: Store) -> None:
    other = hold_lock(path)
    answer(store, "a")
    answer(store, "b", T0 + timedelta(seconds=1))
    release(other)
    store.close()
    assert [r[0] for r in rows(path)] == ["a", "b"]
    assert store.unsaved_problem() is None
    assert not journal_mod.journal_path(path).exists()


# -- (b) the journal: written on quit, replayed once at the next start -------------------


def test_answers_unsaved_at_quit_go_to_the_journal_and_are_replayed(path: Path) -> None:
    store = Store.open(path, busy_timeout_ms=50)
    other = hold_lock(path)
    first = answer(store, "a")
    store.amend(first, Rating.Easy, correct=True, new_state=None)  # corrected in memory
    answer(store, "b", T0 + timedelta(seconds=1), Rating.Again)
    store.close()
    release(other)
    problem = store.unsaved_problem()
    journal = journal_mod.journal_path(path)
    assert problem is not None and not store.answers_lost
    assert "2 answer(s) could not be saved (database is locked)" in problem
    assert f"kept in {journal}, saved at the next start" in problem
    lines = journal_lines(path)
    assert [(e["type"], e["card_id"], e["rating"]) for e in lines] == [
        ("answer", "a", 4),
        ("answer", "b", 1),
    ]
    assert lines[0]["new_state"]["state"] == int(State.Review)

    with Store.open(path, busy_timeout_ms=50) as again:
        assert again.notice is not None and "2 answer(s) kept at the last quit" in again.notice
        assert again.card_state("demo", "b") is not None
    assert rows(path) == [
        ("a", "2025-03-10T12:00:00.000000+00:00", 4),
        ("b", "2025-03-10T12:00:01.000000+00:00", 1),
    ]
    assert not journal.exists()


def test_replay_is_idempotent_and_never_rolls_a_schedule_back(path: Path) -> None:
    quit_while_locked(path)  # answer "a" left in the journal
    journal = journal_mod.journal_path(path)
    kept = journal.read_text(encoding="utf-8")
    with Store.open(path, busy_timeout_ms=50) as again:  # replayed ...
        answer(again, "a", T0 + timedelta(days=3), Rating.Hard)  # ... then studied further
        newer = again.card_state("demo", "a")
    journal.write_text(kept, encoding="utf-8")  # as if deleting it had failed (a crash)
    with Store.open(path, busy_timeout_ms=50) as third:
        assert third.card_state("demo", "a") == newer  # the old schedule did not win
    assert [r[0] for r in rows(path)] == ["a", "a"]  # the answer is in once
    assert not journal.exists()


def test_journal_stays_while_the_database_still_refuses(path: Path) -> None:
    store = Store.open(path, busy_timeout_ms=50)
    other = hold_lock(path)
    answer(store, "a")
    store.close()
    again = Store.open(path, busy_timeout_ms=50)  # still locked: replay waits
    assert again.card_state("demo", "a") is not None  # the session counts the answer
    problem = again.take_problem()
    assert problem is not None and "database is locked" in problem
    release(other)
    answer(again, "b", T0 + timedelta(seconds=1))  # the next answer saves both
    again.close()
    assert [r[0] for r in rows(path)] == ["a", "b"]
    assert not journal_mod.journal_path(path).exists()


def test_two_instances_keep_each_others_journal_entries(path: Path) -> None:
    one = Store.open(path, busy_timeout_ms=50)
    two = Store.open(path, busy_timeout_ms=50)
    other = hold_lock(path)
    answer(one, "a")
    answer(two, "b", T0 + timedelta(seconds=1))
    one.close()
    two.close()
    assert sorted(e["card_id"] for e in journal_lines(path)) == ["a", "b"]
    release(other)
    Store.open(path, busy_timeout_ms=50).close()
    assert sorted(r[0] for r in rows(path)) == ["a", "b"]


def test_damaged_journal_lines_are_skipped_with_one_notice(path: Path) -> None:
    quit_while_locked(path)  # answer "a" left in the journal
    journal = journal_mod.journal_path(path)
    journal.write_text(journal.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
    with Store.open(path, busy_timeout_ms=50) as again:
        assert again.notice is not None and "1 damaged line(s) skipped" in again.notice
    assert [r[0] for r in rows(path)] == ["a"]
    assert not journal.exists()
    assert len(list(path.parent.glob(f"{journal.name}.corrupt-*"))) == 1


# -- disk full: the journal instead; and when the journal cannot be written either ------


def test_full_disk_at_quit_keeps_the_answers_in_the_journal(path: Path, store: Store) -> None:
    fill_disk(store)
    answer(store, "a")
    store.close()
    problem = store.unsaved_problem()
    assert problem is not None and "database or disk is full" in problem
    assert "kept in" in problem and not store.answers_lost
    with Store.open(path, busy_timeout_ms=50):
        pass
    assert [r[0] for r in rows(path)] == ["a"]


def test_answers_are_lost_only_when_the_journal_cannot_be_written_either(
    path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(journal_mod, "write_atomic", full)
    fill_disk(store)
    answer(store, "a")
    store.close()
    problem = store.unsaved_problem()
    assert store.answers_lost and problem is not None
    assert "No space left on device" in problem and "they are lost" in problem
    assert len(problem.splitlines()) == 1
    assert not journal_mod.journal_path(path).exists()


def test_study_context_says_where_unsaved_answers_are(briefreader_home: Path) -> None:
    from briefreader.core.loader import load_brief

    from ..conftest import BUNDLED

    study = StudyContext(load_brief(BUNDLED))
    store = study.store()
    assert store is not None
    other = hold_lock(store.path)
    store.conn.execute("PRAGMA busy_timeout = 50")
    store.busy_timeout_ms = 50
    answer(store, "a")
    kept = study.close()
    assert kept is not None and "kept in" in kept and not study.answers_lost
    release(other)


def test_an_answer_waits_a_bounded_time_for_the_lock(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The quiz saves on the UI thread: a locked database must not hold it for the
    whole busy timeout (5 s) per answer."""
    monkeypatch.setattr(progress_mod, "ANSWER_WAIT_MS", 30)
    store = Store.open(path)  # the real 5 s busy timeout
    conn = Recording(store.conn)
    store._conn = conn  # type: ignore[assignment]
    other = hold_lock(path)
    try:
        assert answer(store, "a") < 0  # kept in memory
        waits = [s for s in conn.sql if s.startswith("PRAGMA busy_timeout")]
        assert waits == ["PRAGMA busy_timeout = 30", "PRAGMA busy_timeout = 5000"]
    finally:
        release(other)
        store.close()
    assert [r[0] for r in rows(path)] == ["a"]


# -- one decoder of a saved fsrs Card for the store and the journal ------------------------


def _saved_card(**change: Any) -> dict[str, Any]:
    card = Card(
        card_id=7, state=State.Review, step=None, stability=3.5, difficulty=5.0, due=T0
    ).to_dict()
    return {**card, "last_review": T0.isoformat(), **change}


@pytest.mark.parametrize(
    "change",
    [
        {"stability": 0.0},  # fsrs divides by the stability
        {"stability": -1.0},
        {"difficulty": float("nan")},
        {"step": "1"},
        {"step": 1.5},
        {"step": True},
        {"due": "2025-03-10T12:00:00"},  # no time zone
        {"last_review": "2025-03-10T12:00:00"},
        {"state": 9},
    ],
)
def test_the_store_and_the_journal_refuse_the_same_damaged_card(change: dict[str, Any]) -> None:
    from briefreader.study.store.rows import card_from_json

    damaged = _saved_card(**change)
    assert card_from_json(json.dumps(damaged)) is None
    line = {
        "v": journal_mod.VERSION,
        "uid": "u1",
        "slug": "demo",
        "card_id": "a",
        "type": "answer",
        "rating": 3,
        "reviewed_at": T0.isoformat(),
        "duration_ms": 900,
        "mode": "normal",
        "kind": "flip",
        "correct": None,
        "response": None,
    }
    assert journal_mod.from_line(json.dumps({**line, "new_state": _saved_card()}))  # sound
    with pytest.raises(ValueError):
        journal_mod.from_line(json.dumps({**line, "new_state": damaged}))


def test_the_store_and_the_journal_read_a_card_alike() -> None:
    from briefreader.study.store.rows import card_from_json

    saved = _saved_card(step=2, state=int(State.Learning))
    from_store = card_from_json(json.dumps(saved))
    assert from_store is not None
    assert from_store.to_dict() == Card.from_dict(saved).to_dict()  # type: ignore[arg-type]
    assert journal_mod._card(saved).to_dict() == from_store.to_dict()  # type: ignore[union-attr]
