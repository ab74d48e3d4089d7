"""The app's handle on study data: the deck and the progress store, opened lazily.

Nothing here is imported before the user opens the quiz or stats, so the reader's
first paint does not pay for SQLite, FSRS or card generation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.brief import Brief
from ..core.errors import BriefError

if TYPE_CHECKING:
    from ..study.model import StudyCard
    from ..study.scheduler import Session
    from ..study.store import Store


class StudyContext:
    def __init__(self, brief: Brief) -> None:
        self.brief = brief
        self._deck: list[StudyCard] | None = None
        self._store: Store | None = None
        self.problem: str | None = None
        self._notice: str | None = None

    def deck(self) -> list[StudyCard]:
        if self._deck is None:
            from ..study.cards import study_order
            from ..study.catalog import deck_with_user_cards

            self._deck = study_order(deck_with_user_cards(self.brief, self.store()))
        return self._deck

    def reset_deck(self) -> None:
        """Build the deck again next time (the user added or removed a card)."""
        self._deck = None

    def store(self) -> Store | None:
        if self._store is None and self.problem is None:
            from ..study.store import Store

            try:
                self._store = Store.open()
            except BriefError as exc:
                self.problem = str(exc)
                return None
            self._notice = self._store.notice
        return self._store

    def take_notice(self) -> str | None:
        """One line for the user (file moved aside, damaged rows, an answer not saved)."""
        notice, self._notice = self._notice, None
        problem = self._store.take_problem() if self._store is not None else None
        return problem or notice

    def session(self, *, cram: bool = False, new_per_day: int = 20) -> Session | None:
        from ..study.scheduler import Session, SystemClock

        store = self.store()
        if store is None:
            return None
        return Session(
            self.deck(),
            store,
            self.brief.slug,
            clock=SystemClock(),
            mode="cram" if cram else "normal",
            new_per_day=new_per_day,
        )

    def mastery(self) -> dict[str, float]:
        """Mastery per outline point, or {} when nothing can be computed."""
        store = self.store()
        if store is None:
            return {}
        from ..study.scheduler import SystemClock
        from ..study.stats import compute_stats

        try:
            stats = compute_stats(self.deck(), store, self.brief.slug, clock=SystemClock())
        except BriefError as exc:  # the file went bad under us: say so once, show nothing
            self._notice = self._notice or str(exc)
            return {}
        return dict(stats.mastery)

    def close(self) -> str | None:
        """Close the store (retrying unsaved answers); one line if some are lost."""
        if self._store is None:
            return None
        self._store.close()
        problem = self._store.unsaved_problem()
        self._store = None
        return problem
