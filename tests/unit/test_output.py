"""Issue 7.9: a full disk, a closed pipe or a non-UTF-8 stdout ends in one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

import pytest

from ..conftest import BUNDLED


def cli(*args: str, stdout: int | IO[Any], encoding: str = "utf-8") -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.Popen(
        [sys.executable, "-m", "briefreader", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=env,
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("show", "--json"), ("list",), ("stats",)])
def test_full_disk_is_one_line_and_exit_1(args: tuple[str, ...]) -> None:
    with open("/dev/full", "w") as full:
        proc = cli(*args, stdout=full)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert err.decode() == "briefreader: cannot write output: No space left on device\n"


@pytest.mark.parametrize("args", [("show",), ("show", "--json"), ("stats",)])
def test_ascii_stdout_is_one_line_and_exit_1(args: tuple[str, ...]) -> None:
    proc = cli(*args, stdout=subprocess.PIPE, encoding="ascii")
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    lines = err.decode().splitlines()
    assert len(lines) == 1 and "its encoding (ascii) cannot show" in lines[0], err


@pytest.mark.parametrize(
    "args", [("stats",), ("stats", "--json"), ("show",), ("list",), ("check", str(BUNDLED))]
)
def test_a_reader_that_goes_away_is_exit_0_for_every_command(args: tuple[str, ...]) -> None:
    read, write = os.pipe()
    os.close(read)  # like `| head -c 10` that has already exited
    try:
        proc = cli(*args, stdout=write)
    finally:
        os.close(write)
    _, err = proc.communicate(timeout=60)
    assert (proc.returncode, err) == (0, b"")
