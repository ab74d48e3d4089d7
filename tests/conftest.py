"""Shared fixtures: every test gets its own BRIEFREADER_HOME."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "nato-asian-pacific-expansion.txt"
BUNDLED = ROOT / "data" / "nato-asian-pacific-expansion.yaml"


@pytest.fixture(autouse=True)
def briefreader_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("BRIEFREADER_HOME", str(home))
    return home
