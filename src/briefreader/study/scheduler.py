"""The study session: which card comes next, and what an answer does to its schedule.

A :class:`Session` sits on top of fsrs and the progress :class:`~.store.Store`, with
an injected :class:`~.clock.Clock` (all times are aware UTC inside).

Normal mode, :meth:`Session.next_card` picks, in order:

1. cards due now (any state), soonest due first (ties: deck order);
2. new cards (never studied), in deck order, while fewer than ``new_per_day`` cards
   were introduced on the current *local* day (see :func:`~.clock.local_day_bounds`; the count
   comes from the store, so it spans sessions and instances and resets at local
   midnight);
3. "learn ahead": when nothing else is left, the (re)learning card that comes due
   soonest within ``learn_ahead`` (default 20 min, as in Anki), even if its step has
   not fully elapsed, so a failed card comes back in the same session.

Suspended cards never come; cards buried by the user wait until the next local day;
and, as in Anki, *siblings* are buried for the day: once a card was answered today
(normal mode), new and review cards sharing one of its ``siblings`` keys (same
entry, outline point or sentence) wait until tomorrow. (Re)learning cards are never
buried. :meth:`Session.undo` takes the last answer back (log row and schedule).

Every answer is reviewed with fsrs and committed at once (:meth:`Store.record`).

Cram mode goes through every card of the deck once (due and learning cards first,
soonest due first, then the rest in deck order), puts failed (Again) cards back at the
end, and feeds nothing to fsrs: answers are logged with ``mode='cram'`` and the
schedule stays untouched.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import NamedTuple

from fsrs import Card, Rating, Scheduler, State

from ..core.state import NEW_PER_DAY
from .clock import Clock, SystemClock, local_day_bounds, utc
from .model import StudyCard
from .showing import Showing, arrange
from .store import Mode, Store

__all__ = [
    "Remaining",
    "Session",
    "SessionSummary",
    "auto_rating",
    "format_interval",
    "fsrs_card_id",
]

LEARN_AHEAD = timedelta(minutes=20)
_LEARNING = (State.Learning, State.Relearning)


def fsrs_card_id(card_id: str) -> int:
    """A stable positive int for fsrs' ``Card.card_id`` from our string id."""
    return int.from_bytes(hashlib.blake2b(card_id.encode("utf-8"), digest_size=6).digest())


def auto_rating(correct: bool, *, exact: bool, duration_ms: int, slow_ms: int = 20000) -> Rating:
    """The rating for a graded answer: wrong → Again; right but fuzzy or slow → Hard;
    right → Good. (Easy is left to the user.)"""
    if not correct:
        return Rating.Again
    if not exact or duration_ms > slow_ms:
        return Rating.Hard
    return Rating.Good


def format_interval(delta: timedelta) -> str:
    """``40s``, ``10m``, ``3h``, ``4d``, ``2mo``, ``1.5y``: Anki-style, one unit."""
    seconds = round(max(0.0, delta.total_seconds()))
    if seconds < 60:
        return f"{seconds:.0f}s"
    if seconds < 3600:
        return f"{seconds / 60:.0f}m"
    if seconds < 86400:
        return f"{seconds / 3600:.0f}h"
    days = seconds / 86400
    if days < 30:
        return f"{days:.0f}d"
    if days < 365:
        return f"{days / 30:.0f}mo"
    return f"{days / 365:.1f}y".replace(".0y", "y")


class Remaining(NamedTuple):
    """What is left: review cards due now, new cards still allowed today, (re)learning
    cards due now or within the learn-ahead window. In cram mode ``due`` counts the
    first pass, ``new`` is 0 and ``learning`` counts failed cards waiting for a retry."""

    due: int
    new: int
    learning: int


@dataclass(frozen=True)
class SessionSummary:
    """The end-of-session report.

    ``correct`` counts answers graded correct (or, for self-rated cards, not rated
    Again); ``accuracy`` is ``correct / reviewed`` (None before any answer);
    ``seconds`` sums the answer durations; ``next_due`` is the earliest due time of the
    deck's studied cards (None if none); ``again_ids`` are the cards rated Again, in
    order of first failure.
    """

    reviewed: int  # answers given (a card answered twice counts twice)
    cards: int  # distinct cards answered
    correct: int
    accuracy: float | None
    seconds: float
    next_due: datetime | None
    again_ids: tuple[str, ...]


@dataclass(frozen=True)
class _Answer:
    """One answer of this session (what :meth:`Session.overrule` needs to redo it)."""

    card_id: str
    rating: Rating
    ok: bool
    ms: int
    review_id: int
    before: Card | None  # the saved schedule before the answer
    at: datetime
    queue: tuple[tuple[StudyCard, bool], ...] = ()  # cram: the queue before the answer


class Session:
    """One study session over a deck (see the module docstring for the order).

    ``clock`` defaults to :class:`SystemClock`; ``tz`` (default: system local) decides
    where the day starts for ``new_per_day``; ``fuzzing`` is fsrs' interval fuzz (turn
    it off in tests); ``learning_steps``/``relearning_steps`` default to fsrs' (1 and
    10 min / 10 min); ``learn_ahead`` bounds how early a (re)learning card may come
    back when nothing else is left. The store is re-read on every call, so a second
    instance studying the same brief is seen.
    """

    def __init__(
        self,
        deck: Sequence[StudyCard],
        store: Store,
        slug: str,
        *,
        clock: Clock | None = None,
        mode: Mode = "normal",
        new_per_day: int = NEW_PER_DAY,
        fuzzing: bool = True,
        tz: tzinfo | None = None,
        learning_steps: Sequence[timedelta] | None = None,
        relearning_steps: Sequence[timedelta] | None = None,
        desired_retention: float = 0.9,
        learn_ahead: timedelta = LEARN_AHEAD,
    ) -> None:
        if mode not in ("normal", "cram"):
            raise ValueError(f"mode must be 'normal' or 'cram', not {mode!r}")
        if new_per_day < 0:
            raise ValueError("new_per_day must be >= 0")
        self.deck = list(deck)
        self.store = store
        self.slug = slug
        self.clock: Clock = clock or SystemClock()
        self.mode: Mode = mode
        self.new_per_day = new_per_day
        self.tz = tz
        self.learn_ahead = learn_ahead
        defaults = Scheduler()
        self.scheduler = Scheduler(
            desired_retention=desired_retention,
            learning_steps=tuple(
                defaults.learning_steps if learning_steps is None else learning_steps
            ),
            relearning_steps=tuple(
                defaults.relearning_steps if relearning_steps is None else relearning_steps
            ),
            enable_fuzzing=fuzzing,
        )
        self._index = {card.id: i for i, card in enumerate(self.deck)}
        self._answers: list[_Answer] = []
        self._queue: list[tuple[StudyCard, bool]] = []  # cram: (card, is_retry)
        self._pinned: StudyCard | None = None
        self._states_cache: tuple[tuple[int, int], dict[str, Card]] | None = None
        self.bury_siblings = True  # "study more" turns it off
        if mode == "cram":
            self._queue = [(card, False) for card in self._cram_order()]
        #: seeds the order of options in each showing (same clock, same order: tests)
        self.seed = self.now().isoformat()

    # --- helpers ----------------------------------------------------------------------

    def now(self) -> datetime:
        """The clock's now, in UTC."""
        return utc(self.clock.now())

    def _states(self) -> dict[str, Card]:
        """Saved schedules of this deck's cards: read again whenever the store changed
        (a write through this store, or a commit by another instance), else cached, so
        asking for the next card of a 30,000-card deck does not parse 30,000 rows."""
        key = (self.store.data_version(), self.store.writes)
        if self._states_cache is None or self._states_cache[0] != key:
            fresh = {
                cid: c for cid, c in self.store.states(self.slug).items() if cid in self._index
            }
            self._states_cache = (key, fresh)
        return self._states_cache[1]

    def _order(self, card_id: str, states: dict[str, Card]) -> tuple[datetime, int]:
        return states[card_id].due, self._index[card_id]

    def _cram_order(self) -> list[StudyCard]:
        now, states = self.now(), self._states()
        first = [cid for cid, c in states.items() if c.due <= now or c.state in _LEARNING]
        first.sort(key=lambda cid: self._order(cid, states))
        chosen = set(first)
        rest = [card for card in self.deck if card.id not in chosen]
        return [self.deck[self._index[cid]] for cid in first] + rest

    def _hidden(self, now: datetime, states: dict[str, Card]) -> set[str]:
        """Ids of new and review cards that must not come now: suspended, buried,
        or a sibling of a card answered today (learning cards are never hidden)."""
        hidden = {cid for cid in self.store.flags(self.slug, now) if cid in self._index}
        start, _ = local_day_bounds(now, self.tz)
        today = {r.card_id for r in self.store.reviews(self.slug, start) if r.mode == "normal"}
        keys = {
            k for cid in today if cid in self._index for k in self.deck[self._index[cid]].siblings
        }
        if keys and self.bury_siblings:
            hidden |= {
                card.id
                for card in self.deck
                if card.id not in today and not keys.isdisjoint(card.siblings)
            }
        return {cid for cid in hidden if cid not in states or states[cid].state not in _LEARNING}

    def new_left_today(self) -> int:
        """How many new cards may still be introduced on the current local day."""
        start, end = local_day_bounds(self.now(), self.tz)
        return max(0, self.new_per_day - self.store.introduced_count(self.slug, start, end))

    # --- the queue --------------------------------------------------------------------

    def next_card(self) -> StudyCard | None:
        """The card to show now, or None when the session is done.

        Calling it again without answering returns the same card.
        """
        if self.mode == "cram":
            return self._queue[0][0] if self._queue else None
        if self._pinned is not None:  # the card an undo brought back
            return self._pinned
        now, states = self.now(), self._states()
        hidden = self._hidden(now, states)
        due = [cid for cid, c in states.items() if c.due <= now and cid not in hidden]
        if due:
            return self.deck[self._index[min(due, key=lambda cid: self._order(cid, states))]]
        if self.new_left_today() > 0:
            for card in self.deck:
                if card.id not in states and card.id not in hidden:
                    return card
        ahead = [
            cid
            for cid, c in states.items()
            if c.state in _LEARNING and c.due <= now + self.learn_ahead
        ]
        if ahead:
            return self.deck[self._index[min(ahead, key=lambda cid: self._order(cid, states))]]
        return None

    def remaining(self) -> Remaining:
        """Counts of what is left (see :class:`Remaining`)."""
        if self.mode == "cram":
            retries = sum(1 for _, retry in self._queue if retry)
            return Remaining(len(self._queue) - retries, 0, retries)
        now, states = self.now(), self._states()
        hidden = self._hidden(now, states)
        due = sum(
            1
            for cid, c in states.items()
            if c.state == State.Review and c.due <= now and cid not in hidden
        )
        learning = sum(
            1 for c in states.values() if c.state in _LEARNING and c.due <= now + self.learn_ahead
        )
        unseen = sum(1 for card in self.deck if card.id not in states and card.id not in hidden)
        new = min(self.new_left_today(), unseen)
        return Remaining(due, new, learning)

    def progress(self) -> tuple[int, int]:
        """``(answers so far, answers so far + cards left)``: "7/20" in the quiz."""
        done = len(self._answers)
        return done, done + sum(self.remaining())

    def intervals(self, card: StudyCard) -> dict[Rating, timedelta]:
        """What each rating would schedule (for labelling the buttons; fuzz may vary)."""
        now = self.now()
        current = self.store.card_state(self.slug, card.id) or self._fresh(card, now)
        return {
            rating: self.scheduler.review_card(current, rating, now)[0].due - now
            for rating in Rating
        }

    @staticmethod
    def _fresh(card: StudyCard, now: datetime) -> Card:
        return Card(card_id=fsrs_card_id(card.id), due=now)

    # --- answering --------------------------------------------------------------------

    def _schedule(
        self, card: StudyCard, rate: Rating, before: Card | None, at: datetime, ms: int
    ) -> tuple[Card, Card | None]:
        """(the card's schedule after ``rate``, the state to save: None in cram mode)."""
        base = before or self._fresh(card, at)
        if self.mode == "cram":
            if rate == Rating.Again:
                self._queue.append((card, True))
            return base, None
        new_state, _ = self.scheduler.review_card(base, rate, at, ms)
        return new_state, new_state

    def answer(
        self,
        card: StudyCard,
        rating: Rating | int,
        *,
        duration_ms: int,
        correct: bool | None = None,
        response: str | None = None,
        kind: str | None = None,
    ) -> Card:
        """Record an answer (committed before returning) and return the card's schedule.

        Normal mode: the new fsrs Card. Cram mode: the unchanged one (a fresh,
        unsaved Card for a never-studied card); a card rated Again goes back to the
        end of the queue.
        """
        rate, now, ms = Rating(int(rating)), self.now(), max(0, int(duration_ms))
        before = self.store.card_state(self.slug, card.id)
        queue = tuple(self._queue)
        if self._pinned is not None and self._pinned.id == card.id:
            self._pinned = None
        for i, (queued, _) in enumerate(self._queue):  # cram: take it off the queue
            if queued.id == card.id:
                del self._queue[i]
                break
        result, new_state = self._schedule(card, rate, before, now, ms)
        review_id = self.store.record(
            self.slug,
            card.id,
            rate,
            reviewed_at=now,
            duration_ms=ms,
            mode=self.mode,
            kind=kind or card.kind,
            correct=correct,
            response=response,
            new_state=new_state,
        )
        ok = correct if correct is not None else rate != Rating.Again
        self._answers.append(_Answer(card.id, rate, ok, ms, review_id, before, now, queue))
        return result

    def showing(self, card: StudyCard) -> Showing:
        """``card`` as it is shown now: options shuffled for this showing (seeded)."""
        times = sum(1 for a in self._answers if a.card_id == card.id)
        return arrange(card, self.seed, times)

    def can_undo(self) -> bool:
        return bool(self._answers)

    def undo(self) -> StudyCard | None:
        """Take back the session's last answer: its log row goes and the card's schedule
        (or, in cram mode, the queue) is what it was. Returns that card, asked next."""
        if not self._answers:
            return None
        last = self._answers.pop()
        self.store.retract(last.review_id, last.before)
        card = self.deck[self._index[last.card_id]]
        if self.mode == "cram":
            self._queue = list(last.queue)
        else:
            self._pinned = card
        return card

    def bury(self, card: StudyCard) -> None:
        """Hide ``card`` until the next local day."""
        _, end = local_day_bounds(self.now(), self.tz)
        self.store.set_flag(self.slug, card.id, "buried", until=end)
        self._drop(card)

    def suspend(self, card: StudyCard) -> None:
        """Hide ``card`` until it is unsuspended (``briefreader``'s stats show it)."""
        self.store.set_flag(self.slug, card.id, "suspended")
        self._drop(card)

    def _drop(self, card: StudyCard) -> None:
        self._queue = [(c, retry) for c, retry in self._queue if c.id != card.id]
        if self._pinned is not None and self._pinned.id == card.id:
            self._pinned = None

    def overrule(self, card: StudyCard, rating: Rating | int, *, correct: bool = True) -> Card:
        """Re-rate the session's last answer (the user says the grader was wrong).

        The logged answer is corrected in place and, in normal mode, the card is
        rescheduled from its state before that answer, as if ``rating`` had been given
        then. Only the last answer can be overruled. Returns the card's schedule.
        """
        last = self._answers[-1] if self._answers else None
        if last is None or last.card_id != card.id:
            raise ValueError(f"only the last answer can be overruled, not {card.id!r}")
        rate = Rating(int(rating))
        if self.mode == "cram" and last.rating == Rating.Again and self._queue:
            self._queue.pop()  # the retry that answer queued
        result, new_state = self._schedule(card, rate, last.before, last.at, last.ms)
        self.store.amend(last.review_id, rate, correct=correct, new_state=new_state)
        self._answers[-1] = dataclasses.replace(last, rating=rate, ok=correct)
        return result

    def summary(self) -> SessionSummary:
        """Totals of this session so far."""
        reviewed = len(self._answers)
        cards = len({a.card_id for a in self._answers})
        correct = sum(1 for a in self._answers if a.ok)
        again = dict.fromkeys(a.card_id for a in self._answers if a.rating == Rating.Again)
        dues = [c.due for c in self._states().values()]
        return SessionSummary(
            reviewed=reviewed,
            cards=cards,
            correct=correct,
            accuracy=correct / reviewed if reviewed else None,
            seconds=sum(a.ms for a in self._answers) / 1000,
            next_due=min(dues) if dues else None,
            again_ids=tuple(again),
        )
