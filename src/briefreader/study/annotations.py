"""Highlights, notes and user cards in the progress store (schema version 2).

Every change is one write transaction, committed before the method returns, so a
note that was saved survives a crash. Rows are never dropped because the article
changed: :func:`place_all` re-anchors them by text and returns the ones that can
no longer be placed, for the caller to report.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from ..core.anchoring import TextAnchor, place
from ..core.brief import Paragraph
from ..core.text import clean_controls
from .annotation_model import (
    Highlight,
    HighlightKind,
    Placed,
    UserCard,
    user_card_id,
)
from .store import Store, iso_utc
from .store.common import parse_utc

_T = TypeVar("_T")

__all__ = [
    "MAX_NOTE",
    "Annotations",
    "Highlight",
    "HighlightKind",
    "Placed",
    "UserCard",
    "place_all",
    "user_card_id",
]

MAX_NOTE = 10_000


def _clean(text: str, limit: int = MAX_NOTE) -> str:
    """User-typed text as data: control characters replaced, trimmed, capped."""
    return clean_controls(text)[0].strip()[:limit]


_ANCHOR_COLUMNS = "paragraph, char_start, char_end, quote, prefix, suffix"
_HIGHLIGHT_COLUMNS = f"id, brief, kind, {_ANCHOR_COLUMNS}, note, created_at, updated_at"
_CARD_COLUMNS = (
    f"id, brief, highlight_id, {_ANCHOR_COLUMNS}, prompt, answer, created_at, updated_at"
)


def _anchor(r: Sequence[Any]) -> TextAnchor:
    quote, prefix, suffix = (clean_controls(str(x))[0] for x in r[3:6])  # stored text is data
    return TextAnchor(int(r[0]), int(r[1]), int(r[2]), quote, prefix, suffix)


def _anchor_values(a: TextAnchor) -> tuple[object, ...]:
    return (a.paragraph, a.start, a.end, a.quote, a.prefix, a.suffix)


def _highlight(r: tuple[Any, ...]) -> Highlight:
    kind: HighlightKind = "paragraph" if r[2] == "paragraph" else "highlight"
    return Highlight(
        int(r[0]),
        str(r[1]),
        kind,
        _anchor(r[3:9]),
        None if r[9] is None else _clean(str(r[9])),
        parse_utc(r[10]),
        parse_utc(r[11]),
    )


def _card(r: tuple[Any, ...]) -> UserCard:
    hid = None if r[2] is None else int(r[2])
    return UserCard(
        int(r[0]),
        str(r[1]),
        hid,
        _anchor(r[3:9]),
        _clean(str(r[9]), 2000),
        _clean(str(r[10]), 500),
        parse_utc(r[11]),
        parse_utc(r[12]),
    )


def _now(at: datetime | None) -> str:
    return iso_utc(at if at is not None else datetime.now(UTC))


class Annotations:
    """Highlights, notes and user cards of every brief, in ``store``."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # --- highlights and notes -----------------------------------------------------

    def add_highlight(
        self,
        slug: str,
        anchor: TextAnchor,
        *,
        note: str | None = None,
        kind: HighlightKind = "highlight",
        at: datetime | None = None,
    ) -> int:
        """Save a highlight (or a paragraph note); returns its id."""
        when = _now(at)
        text = None if note is None else _clean(note) or None
        with self.store.transaction("the highlight") as conn:
            cursor = conn.execute(
                f"INSERT INTO highlight (brief, kind, {_ANCHOR_COLUMNS}, note, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (slug, kind, *_anchor_values(anchor), text, when, when),
            )
        return int(cursor.lastrowid or 0)

    def set_note(self, highlight_id: int, note: str | None, *, at: datetime | None = None) -> None:
        """Set (or with None/blank, remove) a highlight's note. A paragraph note left
        without text is deleted: it was only there for the note."""
        text = None if note is None else _clean(note) or None
        with self.store.transaction("the note") as conn:
            row = conn.execute(
                "SELECT kind FROM highlight WHERE id = ?", (highlight_id,)
            ).fetchone()
            if row is None:
                raise KeyError(highlight_id)
            if text is None and row[0] == "paragraph":
                conn.execute("DELETE FROM highlight WHERE id = ?", (highlight_id,))
            else:
                conn.execute(
                    "UPDATE highlight SET note = ?, updated_at = ? WHERE id = ?",
                    (text, _now(at), highlight_id),
                )

    def move_highlight(self, highlight_id: int, anchor: TextAnchor) -> None:
        """Store a re-anchored position (after the article changed)."""
        with self.store.transaction("the highlight") as conn:
            conn.execute(
                "UPDATE highlight SET paragraph = ?, char_start = ?, char_end = ?, quote = ?,"
                " prefix = ?, suffix = ? WHERE id = ?",
                (*_anchor_values(anchor), highlight_id),
            )

    def delete_highlight(self, highlight_id: int) -> None:
        with self.store.transaction("the highlight removal") as conn:
            conn.execute("DELETE FROM highlight WHERE id = ?", (highlight_id,))

    def highlights(self, slug: str | None = None) -> list[Highlight]:
        """Highlights and notes (of one brief, or all), in stored text order."""
        sql = f"SELECT {_HIGHLIGHT_COLUMNS} FROM highlight"
        args: tuple[object, ...] = ()
        if slug is not None:
            sql, args = sql + " WHERE brief = ?", (slug,)
        sql += " ORDER BY brief, paragraph, char_start, id"
        return self._parsed(self.store.query(sql, args), _highlight, "highlight")

    # --- user cards ---------------------------------------------------------------

    def add_card(
        self,
        slug: str,
        gap: TextAnchor,
        prompt: str,
        *,
        answer: str | None = None,
        highlight_id: int | None = None,
        at: datetime | None = None,
    ) -> int:
        """Save a user cloze card; ``answer`` defaults to the gap's quote. Returns its id."""
        when = _now(at)
        answer = _clean(answer if answer is not None else gap.quote, 500)
        prompt = _clean(prompt, 2000)
        if not answer or not prompt:
            raise ValueError("a card needs a prompt and an answer")
        with self.store.transaction("the card") as conn:
            cursor = conn.execute(
                f"INSERT INTO user_card (brief, highlight_id, {_ANCHOR_COLUMNS}, prompt, answer,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (slug, highlight_id, *_anchor_values(gap), prompt, answer, when, when),
            )
        return int(cursor.lastrowid or 0)

    def update_card(
        self, card_id: int, *, prompt: str, answer: str, at: datetime | None = None
    ) -> None:
        prompt, answer = _clean(prompt, 2000), _clean(answer, 500)
        if not answer or not prompt:
            raise ValueError("a card needs a prompt and an answer")
        with self.store.transaction("the card") as conn:
            cursor = conn.execute(
                "UPDATE user_card SET prompt = ?, answer = ?, updated_at = ? WHERE id = ?",
                (prompt, answer, _now(at), card_id),
            )
            if cursor.rowcount == 0:
                raise KeyError(card_id)

    def delete_card(self, card_id: int) -> None:
        """Remove the card and its schedule (its logged answers stay in the history)."""
        with self.store.transaction("the card removal") as conn:
            row = conn.execute("SELECT brief FROM user_card WHERE id = ?", (card_id,)).fetchone()
            if row is None:
                return
            conn.execute("DELETE FROM user_card WHERE id = ?", (card_id,))
            conn.execute(
                "DELETE FROM card_state WHERE brief = ? AND card_id = ?",
                (row[0], user_card_id(card_id)),
            )

    def cards(self, slug: str | None = None) -> list[UserCard]:
        sql = f"SELECT {_CARD_COLUMNS} FROM user_card"
        args: tuple[object, ...] = ()
        if slug is not None:
            sql, args = sql + " WHERE brief = ?", (slug,)
        sql += " ORDER BY brief, paragraph, char_start, id"
        return self._parsed(self.store.query(sql, args), _card, "user_card")

    def _parsed(
        self, rows: list[tuple[Any, ...]], parse: Callable[[tuple[Any, ...]], _T], table: str
    ) -> list[_T]:
        """Rows parsed by ``parse``; a damaged one (a bad timestamp, say) is skipped and
        the store tells the user once."""
        out: list[_T] = []
        for row in rows:
            try:
                out.append(parse(row))
            except (ValueError, TypeError, OverflowError):
                self.store._skip_damaged(table, row[0])
        return out


def place_all(
    items: Sequence[Highlight | UserCard], paragraphs: Sequence[Paragraph]
) -> tuple[list[Placed], list[Placed]]:
    """(placed in text order, lost) for ``items`` against the current paragraphs."""
    placed: list[Placed] = []
    lost: list[Placed] = []
    for item in items:
        where = place(item.anchor, paragraphs)
        (placed if where.span is not None else lost).append(Placed(item, where))
    placed.sort(key=lambda p: (p.placement.span or (0, 0, 0), p.item.id))
    return placed, lost
