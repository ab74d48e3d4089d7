"""Corrupt files are moved aside under a free name, with their companions."""

from __future__ import annotations

from pathlib import Path

from briefreader.core.aside import move_aside


def test_move_aside_never_overwrites_and_takes_companions(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    moved = []
    for content in ("first", "second"):
        db.write_text(content, encoding="utf-8")
        (tmp_path / "progress.sqlite3-wal").write_text(f"{content} wal", encoding="utf-8")
        moved.append(move_aside(db, companions=("-wal", "-shm")))
    assert not db.exists() and not (tmp_path / "progress.sqlite3-wal").exists()
    assert moved[0] != moved[1]  # the same second: -1 appended, nothing overwritten
    assert [p.read_text(encoding="utf-8") for p in moved] == ["first", "second"]
    assert moved[0].name.startswith("progress.sqlite3.corrupt-")
    wal = moved[1].with_name(moved[1].name + "-wal")
    assert wal.read_text(encoding="utf-8") == "second wal"
