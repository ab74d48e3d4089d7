"""The files people expect in a project, and the version set in one place."""

from __future__ import annotations

import tomllib
from importlib.metadata import version

import briefreader

from ..conftest import ROOT


def test_version_is_set_once() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert version("briefreader") == briefreader.__version__
    assert f"## [{briefreader.__version__}]" in (ROOT / "CHANGELOG.md").read_text("utf-8")


def test_license_and_guides() -> None:
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for needle in ("textual run --dev", "textual console", "--snapshot-update", "benchmarks/"):
        assert needle in contributing
