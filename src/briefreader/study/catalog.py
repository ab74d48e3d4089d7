"""The library: every brief the user can open, with reading and quiz progress.

:func:`brief_refs` finds the briefs: the bundled ones, the imported ones
(``<data dir>/briefs/<slug>/brief.yaml``) and brief YAML files dropped in the
briefs folder (``<data dir>/briefs/*.yaml``). :func:`catalog` loads each and adds
the reading position (from ``state.json``) and the quiz figures (from the
progress store): cards due now, cards never studied, and mastery -- the mean fsrs
retrievability of all the brief's cards now, never-studied ones counting 0.

:func:`row_to_json` gives this shape (documented in the README)::

    {"slug": "nato-asian-pacific-expansion", "title": "...", "source": "Global Times",
     "date": "2023-02-01", "origin": "bundled" | "imported" | "folder",
     "path": "/.../brief.yaml", "error": null,
     "paragraphs": 34, "last_read": 12 | null,
     "cards": 120, "due": 3, "new": 80, "mastery": 0.4213 | null}

A brief that cannot be loaded keeps its row, with ``error`` set and the figures null.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from ..core.brief import Brief
from ..core.errors import BriefError, one_line
from ..core.paths import BriefRef, available_briefs, user_briefs_dir
from ..core.state_keys import saved_position
from ..core.xref import Index
from .model import StudyCard
from .store import Store

__all__ = [
    "BriefRow",
    "Origin",
    "brief_refs",
    "catalog",
    "deck_with_user_cards",
    "existing_store",
    "row_to_json",
]

Origin = Literal["bundled", "imported", "folder"]
IMPORTED_FILE = "brief.yaml"


@dataclass(frozen=True)
class BriefRow:
    slug: str
    title: str | None
    source: str | None
    date: str | None
    origin: Origin
    path: Path
    error: str | None = None
    paragraphs: int | None = None
    last_read: int | None = None
    cards: int | None = None
    due: int | None = None
    new: int | None = None
    mastery: float | None = None

    @property
    def progress(self) -> float:
        """Reading progress 0..1 (0 when unknown)."""
        if not self.paragraphs or not self.last_read:
            return 0.0
        return min(1.0, self.last_read / self.paragraphs)


def brief_refs() -> list[tuple[BriefRef, Origin]]:
    """Bundled, then imported, then briefs-folder YAML briefs (first slug wins)."""
    known = available_briefs()
    bundled: list[tuple[BriefRef, Origin]] = [
        (r, "bundled") for r in known if r.origin == "bundled"
    ]
    folder: list[tuple[BriefRef, Origin]] = [(r, "folder") for r in known if r.origin == "user"]
    seen = {r.slug for r in known}
    try:
        folders = sorted(p for p in user_briefs_dir().iterdir() if p.is_dir())
    except OSError:
        folders = []
    imported: list[tuple[BriefRef, Origin]] = [
        (r, "imported") for r in known if r.origin == "imported"
    ]
    imported += [
        (BriefRef(f.name, f / IMPORTED_FILE, "imported"), "imported")
        for f in folders
        if (f / IMPORTED_FILE).is_file() and f.name not in seen
    ]
    return [*bundled, *imported, *folder]


def existing_store() -> Store | None:
    """The user's progress store if there is one and it opens (never creates it)."""
    from ..core.paths import user_home
    from .store import STORE_FILE

    if not (user_home() / STORE_FILE).exists():
        return None
    try:
        return Store.open()
    except BriefError:
        return None


def deck_with_user_cards(
    brief: Brief, store: Store | None, *, index: Index | None = None
) -> list[StudyCard]:
    """The brief's deck plus the user's own cards (source ``user``) from ``store``."""
    from .cards import build_deck

    user: list[StudyCard] = []
    if store is not None:
        from .annotations import Annotations
        from .user_cards import user_study_cards

        user = user_study_cards(Annotations(store).cards(brief.slug), brief.paragraphs)[0]
    return build_deck(brief, index=index, user=user)


def _date(brief: Brief) -> str | None:
    meta = brief.metadata
    if meta.published is not None:
        return meta.published.date().isoformat()
    return meta.published_text


def quiz_figures(
    deck: Sequence[StudyCard], store: Store, slug: str, now: datetime
) -> tuple[int, int, float]:
    """(due now, never studied, mastery 0..1) of ``deck``."""
    from fsrs import Scheduler

    ids = {card.id for card in deck}
    states = {cid: c for cid, c in store.states(slug).items() if cid in ids}
    fsrs = Scheduler(enable_fuzzing=False)
    recall = sum(fsrs.get_card_retrievability(c, now) for c in states.values())
    due = sum(1 for c in states.values() if c.due <= now)
    return due, len(ids) - len(states), (recall / len(ids) if ids else 0.0)


def catalog(store: Store | None, positions: dict[str, int], now: datetime) -> list[BriefRow]:
    """One row per brief (see the module docstring); ``store`` None: no quiz figures."""
    from ..core.loader import load_brief

    rows: list[BriefRow] = []
    for ref, origin in brief_refs():
        try:
            brief = load_brief(ref.path)
        except BriefError as exc:
            rows.append(
                BriefRow(one_line(ref.slug), None, None, None, origin, ref.path, error=str(exc))
            )
            continue
        due = new = cards = None
        mastery = None
        if store is not None:
            deck = deck_with_user_cards(brief, store)
            due, new, mastery = quiz_figures(deck, store, brief.slug, now)
            cards = len(deck)
        rows.append(
            BriefRow(
                one_line(brief.slug),
                brief.title,
                brief.metadata.source,
                _date(brief),
                origin,
                ref.path,
                paragraphs=len(brief.paragraphs),
                last_read=saved_position(positions, brief),
                cards=cards,
                due=due,
                new=new,
                mastery=mastery,
            )
        )
    return rows


def row_to_json(row: BriefRow) -> dict[str, Any]:
    return {
        "slug": row.slug,
        "title": row.title,
        "source": row.source,
        "date": row.date,
        "origin": row.origin,
        "path": one_line(str(row.path)),  # file names may hold control characters
        "error": row.error,
        "paragraphs": row.paragraphs,
        "last_read": row.last_read,
        "cards": row.cards,
        "due": row.due,
        "new": row.new,
        "mastery": None if row.mastery is None else round(row.mastery, 4),
    }
