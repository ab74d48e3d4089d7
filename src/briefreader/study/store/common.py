"""What every part of the progress store shares: the file name, errors, UTC text."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from ...core.errors import BriefError

__all__ = [
    "BUSY_TIMEOUT_MS",
    "MODES",
    "STORE_FILE",
    "Mode",
    "NotOurs",
    "StoreError",
    "iso_utc",
    "parse_utc",
]

STORE_FILE = "progress.sqlite3"
BUSY_TIMEOUT_MS = 5000
Mode = Literal["normal", "cram"]
MODES = ("normal", "cram")


class StoreError(BriefError):
    """The progress database cannot be used (one line naming the file)."""


class NotOurs(Exception):
    """Internal: the file is corrupt or foreign and should be moved aside."""


def iso_utc(moment: datetime) -> str:
    """``moment`` as fixed-width UTC ISO text (sorts like time). Naive is refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: give an aware (UTC) time")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)
