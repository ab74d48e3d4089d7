"""The log file: made on the first record (not at start), rotating, never in the way."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefreader.core import debuglog


@pytest.fixture
def logger(briefreader_home: Path) -> Iterator[logging.Logger]:
    yield logging.getLogger("briefreader.test")
    root = logging.getLogger("briefreader")
    if debuglog._handler is not None:
        root.removeHandler(debuglog._handler)
        debuglog._handler.close()
        debuglog._handler = None


def test_nothing_is_made_until_something_is_logged(logger: logging.Logger) -> None:
    path = debuglog.configure()
    logger.info("below the level")
    assert not path.exists()
    logger.warning("a warning %s", "here")
    assert "WARNING briefreader.test: a warning here" in path.read_text()


def test_debug_logs_everything(logger: logging.Logger) -> None:
    path = debuglog.configure(debug=True)
    logger.debug("details")
    assert "DEBUG" in path.read_text()


def test_the_log_rotates(logger: logging.Logger, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(debuglog, "MAX_BYTES", 200)
    path = debuglog.configure()
    for n in range(40):
        logger.warning("line %d %s", n, "x" * 40)
    assert path.with_name(path.name + ".1").exists()
    assert path.with_name(path.name + ".3").exists()
    assert not path.with_name(path.name + ".4").exists()  # BACKUPS old files kept
    assert path.stat().st_size <= 200


def test_an_unwritable_log_is_no_error(
    logger: logging.Logger, briefreader_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = debuglog.configure()
    path.mkdir(parents=True)  # a directory where the file should be
    logger.error("lost")
    assert capsys.readouterr().err == ""
