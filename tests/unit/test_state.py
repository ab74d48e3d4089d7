"""Reading positions and settings: atomic, corrupt files moved aside, never lost."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from briefreader.core.atomic import write_atomic
from briefreader.core.state import State


def test_round_trip(tmp_path: Path) -> None:
    state = State.load(tmp_path)
    assert state.theme is None and state.position("x") is None and state.notice is None
    state.theme = "textual-light"
    state.positions["x"] = 7
    state.save()
    again = State.load(tmp_path)
    assert again.theme == "textual-light" and again.position("x") == 7


def test_env_home_is_used(briefreader_home: Path) -> None:
    state = State.load()
    state.positions["a"] = 2
    state.save()
    assert (briefreader_home / "state.json").exists()


@pytest.mark.parametrize("content", ["{not json", "[]", '{"positions": 3}', "\xff\xfe"])
def test_corrupt_file_is_moved_aside(tmp_path: Path, content: str) -> None:
    path = tmp_path / "state.json"
    path.write_text(content, encoding="utf-8")
    state = State.load(tmp_path)
    assert state.notice is not None and "moved to state.json.corrupt-" in state.notice
    assert state.positions == {}
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("state.json.corrupt-")]
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == content
    state.positions["x"] = 1
    state.save()
    assert json.loads(path.read_text(encoding="utf-8"))["positions"] == {"x": 1}


def test_bad_values_are_ignored(tmp_path: Path) -> None:
    (tmp_path / "state.json").write_text(
        json.dumps({"theme": 3, "positions": {"a": 0, "b": True, "c": "2", "d": 4}}),
        encoding="utf-8",
    )
    state = State.load(tmp_path)
    assert state.theme is None and state.positions == {"d": 4}


def test_atomic_write_leaves_old_file_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f.json"
    write_atomic(path, "old")

    def boom(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_atomic(path, "new")
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]  # no temp file left behind


def test_try_save_reports_instead_of_raising(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    state = State.load(blocker / "sub")  # parent is a file: cannot create the folder
    assert state.try_save() is not None
