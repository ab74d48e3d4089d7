"""Issue 7.6 and 7.7 in the reader, on a pseudo-terminal: broken user data gives one
notice, never a traceback, never a frozen reader."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from briefreader.study.store import STORE_FILE, Store

from .ptyrun import Step
from .test_textual_crashes import assert_clean_exit, reader_on_pty


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_store_and_deeply_nested_state(briefreader_home: Path) -> None:
    os.mkfifo(briefreader_home / STORE_FILE)
    (briefreader_home / "state.json").write_text("[" * 100_000 + "]" * 100_000)
    steps = [
        Step(b"", "deeply", wait=0.6),  # the mastery refresh runs at 0.3 s
        Step(b"t", "pipe", wait=0.3),
        Step(b"q"),
    ]
    assert_clean_exit(reader_on_pty(briefreader_home, steps))
    assert any(p.name.startswith("state.json.corrupt-") for p in briefreader_home.iterdir())


def test_damaged_progress_rows(briefreader_home: Path) -> None:
    with Store.open(briefreader_home / STORE_FILE) as store:
        for n in range(3):
            store.record(
                "nato-asian-pacific-expansion", f"card-{n}", 3, reviewed_at=_t(n),
                duration_ms=1, kind="flip", new_state=None,
            )  # fmt: skip
    raw = sqlite3.connect(briefreader_home / STORE_FILE, isolation_level=None)
    raw.execute("UPDATE review SET reviewed_at = 'yesterday' WHERE card_id = 'card-1'")
    raw.execute(
        "INSERT INTO card_state VALUES ('nato-asian-pacific-expansion', 'x', 'not json',"
        " 'soon', 1, 'then', 'now')"
    )
    raw.close()
    steps = [Step(b"", "damaged", wait=0.3), Step(b"m", "Mastery", wait=0.3)]
    steps += [Step(b"q", wait=0.3), Step(b"q")]  # close the stats, then quit
    assert_clean_exit(reader_on_pty(briefreader_home, steps))


def _t(n: int):  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta

    return datetime(2025, 3, 10, 12, tzinfo=UTC) + timedelta(seconds=n)
