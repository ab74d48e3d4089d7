"""The README's generated parts and set-up commands stay true."""

from __future__ import annotations

import re

from ..conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_first_lines_are_exactly_two_commands() -> None:
    block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert block is not None and README.index(block.group(0)) < 30
    commands = block.group(1).strip().splitlines()
    assert len(commands) == 2
    run, test = commands
    assert run.endswith("briefreader") and "pip install ." in run
    assert "'.[test]'" in test and test.endswith("-m pytest")


def test_keys_section_matches_the_bindings() -> None:
    from briefreader.tui.keys_readme import keys_markdown

    section = README.split("<!-- keys:start -->\n", 1)[1].split("<!-- keys:end -->", 1)[0]
    assert section == keys_markdown()
