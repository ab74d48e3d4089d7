"""What tests put in place before they start: an imported brief, an answered card."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from fsrs import Card, Rating, State

from briefreader.study.store import Store


def imported_brief(home: Path, slug: str, title: str, article: str, metadata: str = "") -> Path:
    """A brief as ``briefreader import`` leaves it: ``<home>/briefs/<slug>/`` holding
    ``article.txt`` and a ``brief.yaml`` titled ``title`` (``metadata``: more lines of
    its ``metadata:`` block, indented). Returns the folder."""
    folder = home / "briefs" / slug
    folder.mkdir(parents=True)
    (folder / "article.txt").write_text(article, encoding="utf-8")
    (folder / "brief.yaml").write_text(
        f"format: 1\nslug: {slug}\narticle: article.txt\nmetadata:\n  title: {title}\n{metadata}",
        encoding="utf-8",
    )
    return folder


def record_review(
    store: Store,
    slug: str,
    card_id: str,
    *,
    fsrs_id: int,
    reviewed: datetime,
    due: datetime,
    stability: float,
) -> None:
    """One typed answer rated Good at ``reviewed`` that leaves the card in the review
    state, due at ``due``."""
    card = Card(
        card_id=fsrs_id,
        state=State.Review,
        step=None,
        stability=stability,
        difficulty=5.0,
        due=due,
        last_review=reviewed,
    )
    store.record(
        slug,
        card_id,
        Rating.Good,
        reviewed_at=reviewed,
        duration_ms=10,
        kind="typed",
        new_state=card,
    )
