"""The pty harness itself: the program sees the pty's size, whatever the environment says."""

from __future__ import annotations

import os

import pytest

from .ptyrun import run_on_pty

pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")


def test_the_program_sees_the_ptys_size_not_columns_and_lines() -> None:
    """pytest-xdist's workers have COLUMNS=80 and LINES=24 set: passed on, they made the
    reader lay itself out for 80x24 on a 160x50 pty (and miss what the tests expected)."""
    env = {**os.environ, "COLUMNS": "80", "LINES": "24"}
    script = "import shutil; print('size=%dx%d' % tuple(shutil.get_terminal_size()))"
    result = run_on_pty(["python", "-c", script], env=env, size=(50, 160), timeout=20)
    assert result.returncode == 0
    assert "size=160x50" in result.output
