"""Issue 7.5 and 7.6: two instances merge their state; broken state files never give a
traceback and a failing save is told once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefreader.core.state import STATE_FILE, State

# A second instance in its own process: load, change, save (optionally many times).
CHILD = """
import sys
from pathlib import Path
from briefreader.core.state import State
home, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
state = State.load(home)
print("loaded", flush=True)
sys.stdin.readline()
for i in range(count):
    state.positions[f"{name}{i}"] = i + 1
    if name == "a" and i == 0:
        state.theme = "textual-light"
    state.save()
print("saved", flush=True)
"""


def child(home: Path, name: str, count: int) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(home), name, str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline() == "loaded\n"
    return proc


def go(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.write("go\n")
    proc.stdin.flush()


def on_disk(home: Path) -> dict[str, object]:
    data = json.loads((home / STATE_FILE).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_an_earlier_instance_saving_later_keeps_the_others_position(tmp_path: Path) -> None:
    earlier = State.load(tmp_path)  # reader B starts first, on another brief
    earlier.positions["y"] = 3
    earlier.save()
    a = child(tmp_path, "a", 1)  # reader A: brief a0 at paragraph 1, theme changed
    go(a)
    assert a.wait(timeout=30) == 0
    earlier.positions["y"] = 9  # B moves on and saves later
    earlier.save()
    data = on_disk(tmp_path)
    assert data["positions"] == {"y": 9, "a0": 1}
    assert data["theme"] == "textual-light"  # B never changed the theme: A's is kept
    assert earlier.position("a0") == 1  # B now sees A's position too


def test_two_processes_saving_at_once_lose_nothing(tmp_path: Path) -> None:
    procs = [child(tmp_path, name, 40) for name in ("a", "b")]
    for proc in procs:
        go(proc)
    for proc in procs:
        assert proc.wait(timeout=60) == 0
    positions = on_disk(tmp_path)["positions"]
    assert isinstance(positions, dict)
    assert len(positions) == 80


def test_unknown_keys_are_kept(tmp_path: Path) -> None:
    (tmp_path / STATE_FILE).write_text('{"articles": {"x": {"p": 2}}, "later": 1}')
    state = State.load(tmp_path)
    state.positions["s"] = 4
    state.save()
    data = on_disk(tmp_path)
    assert data["articles"] == {"x": {"p": 2}} and data["later"] == 1
    assert data["positions"] == {"s": 4}


def test_a_removed_position_stays_removed(tmp_path: Path) -> None:
    state = State.load(tmp_path)
    state.positions.update(a=1, b=2)
    state.save()
    del state.positions["a"]
    state.save()
    assert on_disk(tmp_path)["positions"] == {"b": 2}


# -- 7.6: broken state files ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"[" * 200_000 + b"]" * 200_000, "nested too deeply"),
        (b'{"theme": "\xff\xfe"}', "not valid UTF-8"),
        (b"\x00\x01garbage", ""),
    ],
)
def test_broken_file_is_moved_aside_once(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / STATE_FILE
    path.write_bytes(content)
    state = State.load(tmp_path)
    assert state.notice is not None and "\n" not in state.notice
    assert reason in state.notice and "moved to state.json.corrupt-" in state.notice
    [aside] = [p for p in tmp_path.iterdir() if p.name.startswith(f"{STATE_FILE}.corrupt-")]
    assert aside.read_bytes() == content
    state.positions["x"] = 2
    state.save()
    assert on_disk(tmp_path)["positions"] == {"x": 2}
    assert aside.read_bytes() == content  # never overwritten


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    (tmp_path / STATE_FILE).write_bytes(b"\xef\xbb\xbf" + b'{"positions": {"x": 5}}')
    state = State.load(tmp_path)
    assert state.notice is None and state.position("x") == 5


def test_state_file_that_is_a_directory_is_told_once(tmp_path: Path) -> None:
    (tmp_path / STATE_FILE).mkdir()
    state = State.load(tmp_path)
    assert state.notice is not None and "could not be read (is a directory" in state.notice
    first = state.try_save()
    assert first is not None and "could not save" in first and "\n" not in first
    for n in range(5):
        state.positions["x"] = n + 1
        assert state.try_save() is None  # not again on every cursor move


def test_data_dir_that_is_a_file_is_told_once(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    state = State.load(blocker)
    assert state.notice is None
    assert state.try_save() is not None
    assert state.try_save() is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write a read-only folder")
def test_read_only_data_dir_is_told_once(tmp_path: Path) -> None:
    (tmp_path / STATE_FILE).write_text('{"positions": {"x": 5}}', encoding="utf-8")
    tmp_path.chmod(0o500)
    try:
        state = State.load(tmp_path)
        assert state.position("x") == 5
        assert state.try_save() is not None
        assert state.try_save() is None
    finally:
        tmp_path.chmod(0o700)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_state_file_that_is_a_fifo_does_not_block(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / STATE_FILE)
    state = State.load(tmp_path)
    assert state.notice is not None and "named pipe" in state.notice


def test_a_second_load_in_the_same_process_still_tells(tmp_path: Path) -> None:
    """The CLI reads ``last_brief`` before the reader loads the state again: the file is
    moved aside by the first load, and the reader's load must still show the notice."""
    (tmp_path / STATE_FILE).write_bytes(b"[" * 100_000)
    first = State.load(tmp_path)
    assert first.notice is not None
    assert State.load(tmp_path).notice == first.notice
    assert State.load(tmp_path).notice is None  # once
