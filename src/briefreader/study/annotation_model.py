"""The highlight, note and user-card records (no SQLite, no fsrs: cheap to import)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from ..core.anchoring import Placement, TextAnchor

__all__ = ["USER_PREFIX", "Highlight", "HighlightKind", "Placed", "UserCard", "user_card_id"]

HighlightKind = Literal["highlight", "paragraph"]
USER_PREFIX = "user."


def user_card_id(row_id: int) -> str:
    return f"{USER_PREFIX}{row_id}"


@dataclass(frozen=True)
class Highlight:
    id: int
    brief: str
    kind: HighlightKind
    anchor: TextAnchor
    note: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class UserCard:
    id: int
    brief: str
    highlight_id: int | None
    anchor: TextAnchor  # the gap
    prompt: str
    answer: str
    created_at: datetime
    updated_at: datetime

    @property
    def card_id(self) -> str:
        return user_card_id(self.id)


@dataclass(frozen=True)
class Placed:
    """A stored item and where it is in the current text (``placement.span``)."""

    item: Highlight | UserCard
    placement: Placement
