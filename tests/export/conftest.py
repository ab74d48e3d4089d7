"""Fixtures for the export tests: a private copy of the bundled brief that a test may edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefreader.core.brief import Brief
from briefreader.core.loader import load_brief
from briefreader.study.cards import build_deck
from briefreader.study.model import StudyCard
from tests.conftest import BUNDLED, SEED


@pytest.fixture
def brief_copy(tmp_path: Path) -> Path:
    """``tmp/data/<slug>.yaml`` with its article in ``tmp/seeds/`` (as in the repository)."""
    (tmp_path / "data").mkdir()
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEED, tmp_path / "seeds" / SEED.name)
    target = tmp_path / "data" / BUNDLED.name
    shutil.copy(BUNDLED, target)
    return target


@pytest.fixture(scope="session")
def bundled() -> tuple[Brief, list[StudyCard]]:
    brief = load_brief(BUNDLED)
    return brief, build_deck(brief)
