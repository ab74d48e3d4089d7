"""A brief's study data: the deck and the progress store, each built once, lazily.

Pure (no Textual): the app and the CLI share it. Nothing heavy is imported before
the user opens the quiz or stats, so the reader's first paint does not pay for
SQLite, FSRS or card generation; :meth:`StudyContext.deck` may take a while on a big
text, so the app calls it in a worker.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from ..core.brief import Brief
from ..core.errors import BriefError
from ..core.state import NEW_PER_DAY
from .derived import BriefData

if TYPE_CHECKING:
    from .model import StudyCard
    from .scheduler import Session
    from .store import Store


class StudyContext:
    def __init__(self, brief: Brief, data: BriefData | None = None) -> None:
        self.brief = brief
        self.data = data if data is not None else BriefData(brief)  # the shared index
        self._deck: list[StudyCard] | None = None
        self._store: Store | None = None
        self.problem: str | None = None
        self.answers_lost = False  # set by close(): answers neither saved nor journaled
        self._notice: str | None = None
        # Workers (deck, mastery) ask at the same time: open one store, build one deck.
        self._deck_lock = threading.Lock()
        self._store_lock = threading.Lock()

    def deck(self) -> list[StudyCard]:
        with self._deck_lock:
            return self._build_deck()

    def _build_deck(self) -> list[StudyCard]:
        if self._deck is None:
            from .cards import study_order

            user: list[StudyCard] = []
            store = self.store()
            if store is not None:
                from .annotations import Annotations
                from .user_cards import user_study_cards

                mine = Annotations(store).cards(self.brief.slug)
                user = user_study_cards(mine, self.brief.paragraphs)[0]
            # the shared deck (built once, from the shared index) plus the user's cards
            self._deck = study_order([*self.data.deck(), *user], self.brief)
        return self._deck

    @property
    def deck_ready(self) -> bool:
        """True once the deck is built (asking for it is then instant)."""
        return self._deck is not None

    def reset_deck(self) -> None:
        """Build the deck again next time (the user added or removed a card)."""
        self._deck = None

    def store(self) -> Store | None:
        with self._store_lock:
            return self._open_store()

    def _open_store(self) -> Store | None:
        if self._store is None and self.problem is None:
            from .store import Store

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

    def session(self, *, cram: bool = False, new_per_day: int = NEW_PER_DAY) -> Session | None:
        from .clock import SystemClock
        from .scheduler import Session

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
        from .clock import SystemClock
        from .stats import compute_stats

        try:
            stats = compute_stats(self.deck(), store, self.brief.slug, clock=SystemClock())
        except BriefError as exc:  # the file went bad under us: say so once, show nothing
            self._notice = self._notice or str(exc)
            return {}
        return dict(stats.mastery)

    def close(self) -> str | None:
        """Close the store (retrying unsaved answers); one line if some could not be
        saved: where they are kept, or that they are lost (then :attr:`answers_lost`)."""
        if self._store is None:
            return None
        self._store.close()
        problem = self._store.unsaved_problem()
        self.answers_lost = self.answers_lost or self._store.answers_lost
        self._store = None
        return problem
