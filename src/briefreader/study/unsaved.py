"""Answers the progress database refused (locked past the busy timeout, disk full).

:class:`~.store.Store` queues every write here first and removes it once committed,
so a write that fails stays queued, in order, and is retried with the next answer
and on close (all together, in one transaction); what is still queued then goes to
the journal (:mod:`.store.journal`) and is replayed at the next start. Until then
the store's reads see the queued schedules, so the session goes on as if the answer
had been saved.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from fsrs import Card


def _uid() -> str:
    return uuid.uuid4().hex


@dataclass
class PendingAnswer:
    """One answer to log (and, unless ``new_state`` is None, the card's new schedule)."""

    temp_id: int  # negative until saved; then ``Unsaved.ids`` maps it to the row id
    slug: str
    card_id: str
    rating: int
    reviewed_at: str
    duration_ms: int
    mode: str
    kind: str
    correct: int | None
    response: str | None
    new_state: Card | None
    uid: str = field(default_factory=_uid)  # names it in the journal (see .store.journal)
    replayed: bool = False  # from the journal: skipped if its row is there already


@dataclass
class PendingAmend:
    """A saved answer's corrected rating (and the card's replacement schedule)."""

    review_id: int
    slug: str
    card_id: str
    reviewed_at: str
    rating: int
    correct: int | None
    new_state: Card | None
    uid: str = field(default_factory=_uid)
    replayed: bool = False


@dataclass
class Unsaved:
    items: list[PendingAnswer | PendingAmend] = field(default_factory=list)
    ids: dict[int, int] = field(default_factory=dict)  # temp id -> saved row id
    _last_temp: int = 0

    def new_temp_id(self) -> int:
        self._last_temp -= 1
        return self._last_temp

    def answer(self, review_id: int) -> PendingAnswer | None:
        """The queued answer with this (temporary) id, if it is still unsaved."""
        return next(
            (i for i in self.items if isinstance(i, PendingAnswer) and i.temp_id == review_id),
            None,
        )

    def states(self, slug: str) -> dict[str, Card]:
        """The newest queued schedule of each card of ``slug``."""
        return {i.card_id: i.new_state for i in self.items if i.slug == slug and i.new_state}
