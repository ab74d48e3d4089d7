"""Start-up shortcuts behave exactly like the slow paths they skip."""

from __future__ import annotations

import pytest

from briefreader import cli


@pytest.mark.parametrize("argv", [[], ["open"], ["open", "some-brief"], ["open", "a.txt"]])
def test_fast_open_parses_like_the_full_parser(argv: list[str]) -> None:
    fast = cli._fast_open(argv)
    full = cli._parser().parse_args(argv)
    assert fast is not None
    assert (fast.command, fast.debug) == (full.command or "open", full.debug)
    assert fast.brief == getattr(full, "brief", None)
    assert fast.theme == getattr(full, "theme", None)


@pytest.mark.parametrize(
    "argv",
    [["list"], ["--debug"], ["open", "--theme", "nord"], ["open", "a", "b"], ["-h"], ["quiz"]],
)
def test_anything_else_takes_the_full_parser(argv: list[str]) -> None:
    assert cli._fast_open(argv) is None
