"""Answers the progress database would not take at quit, kept in a small journal.

When the database refuses the last retry on quit (another process holds the write
lock, the disk is full), the answers still queued (:mod:`..unsaved`) are written,
atomically, to ``progress.sqlite3.pending.jsonl`` beside the database: one JSON
object per line, with everything needed to replay it::

    {"v": 1, "uid": "9f…", "type": "answer", "slug": "…", "card_id": "…",
     "rating": 3, "reviewed_at": "2025-03-10T12:00:00.000000+00:00",
     "duration_ms": 4100, "mode": "normal", "kind": "typed", "correct": 1,
     "response": "…", "new_state": {fsrs Card.to_dict()} | null}
    {"v": 1, "uid": "…", "type": "amend", "review_id": 12, "slug": "…",
     "card_id": "…", "reviewed_at": "…", "rating": 1, "correct": 0,
     "new_state": {…} | null}

The next :meth:`~.progress.Store.open` replays the file (and then deletes it) once
the database accepts writes. Replay is idempotent: an answer whose row exists
already (same brief, card, time and mode) is skipped, an amend only touches the row
it names, and a schedule never replaces a newer one. Two instances merge their
entries by ``uid``. Nothing here talks to SQLite.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from fsrs import Card

from ...core.atomic import write_atomic
from ..unsaved import PendingAmend, PendingAnswer
from .rows import card_from_dict

__all__ = ["JOURNAL_SUFFIX", "journal_path", "read_journal", "to_line", "write_journal"]

JOURNAL_SUFFIX = ".pending.jsonl"
VERSION = 1

Pending = PendingAnswer | PendingAmend


def journal_path(store_path: Path) -> Path:
    """Where the pending answers of the store at ``store_path`` are kept."""
    return store_path.with_name(store_path.name + JOURNAL_SUFFIX)


def _state(card: Card | None) -> dict[str, Any] | None:
    return None if card is None else dict(card.to_dict())


def _card(data: object) -> Card | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise ValueError("new_state is not an object")
    return card_from_dict(data)


def to_line(item: Pending) -> str:
    """One journal line (no newline) for a queued write."""
    common = {"v": VERSION, "uid": item.uid, "slug": item.slug, "card_id": item.card_id}
    if isinstance(item, PendingAnswer):
        body: dict[str, Any] = {
            **common,
            "type": "answer",
            "rating": item.rating,
            "reviewed_at": item.reviewed_at,
            "duration_ms": item.duration_ms,
            "mode": item.mode,
            "kind": item.kind,
            "correct": item.correct,
            "response": item.response,
            "new_state": _state(item.new_state),
        }
    else:
        body = {
            **common,
            "type": "amend",
            "review_id": item.review_id,
            "reviewed_at": item.reviewed_at,
            "rating": item.rating,
            "correct": item.correct,
            "new_state": _state(item.new_state),
        }
    return json.dumps(body, ensure_ascii=True, sort_keys=True)


def _optional_int(value: object) -> int | None:
    return None if value is None else int(value)  # type: ignore[call-overload]


def from_line(line: str) -> Pending:
    """The queued write a journal line holds (``ValueError`` when it is damaged)."""
    try:
        data = json.loads(line)
        if not isinstance(data, dict) or data.get("v") != VERSION:
            raise ValueError("not a version 1 journal entry")
        uid, slug, card_id = str(data["uid"]), str(data["slug"]), str(data["card_id"])
        rating = int(data["rating"])
        if not 1 <= rating <= 4:
            raise ValueError(f"rating {rating}")
        at = str(data["reviewed_at"])
        datetime.fromisoformat(at)
        correct = _optional_int(data.get("correct"))
        state = _card(data.get("new_state"))
        if data["type"] == "answer":
            mode = str(data["mode"])
            if mode not in ("normal", "cram"):
                raise ValueError(f"mode {mode!r}")
            response = data.get("response")
            return PendingAnswer(
                0,
                slug,
                card_id,
                rating,
                at,
                max(0, int(data["duration_ms"])),
                mode,
                str(data["kind"]),
                correct,
                None if response is None else str(response),
                state,
                uid=uid,
                replayed=True,
            )
        if data["type"] == "amend":
            review_id = int(data["review_id"])
            return PendingAmend(
                review_id, slug, card_id, at, rating, correct, state, uid=uid, replayed=True
            )
        raise ValueError(f"type {data['type']!r}")
    except (KeyError, TypeError, OverflowError, json.JSONDecodeError) as exc:
        raise ValueError(str(exc)) from exc


def read_journal(path: Path) -> tuple[list[Pending], int]:
    """The entries of the journal at ``path`` (none if it does not exist) and how many
    lines were damaged. ``OSError`` if it exists but cannot be read."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return [], 0
    items: list[Pending] = []
    bad = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            items.append(from_line(line))
        except ValueError:
            bad += 1
    return items, bad


def write_journal(path: Path, items: Iterable[Pending]) -> None:
    """Replace the journal with ``items`` (atomically); remove it when there are none."""
    lines = [to_line(item) for item in items]
    if not lines:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        return
    write_atomic(path, "".join(f"{line}\n" for line in lines))
