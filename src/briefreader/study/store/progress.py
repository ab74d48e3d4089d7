"""The progress store: opening and closing it, answers, schedules and flags, and their queries.

:class:`Store` is what the rest of the app holds (see the package docstring for the
tables). Its parts are base classes: the connection, lock and transactions in
:mod:`.connection`, the queue of answers not saved yet and the journal they go to
at quit in :mod:`.saving`. Here: :meth:`Store.open` (a bad file moved aside, the
journal replayed), :meth:`Store.close` (one last bounded retry, then the journal),
logging, amending and undoing answers, card flags, and the reads the scheduler and
the stats make.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from fsrs import Card, Rating

from ...core.errors import one_line
from ...core.paths import user_home
from ..unsaved import PendingAmend, PendingAnswer
from .common import (
    BUSY_TIMEOUT_MS,
    MODES,
    STORE_FILE,
    Mode,
    NotOurs,
    StoreError,
    iso_utc,
)
from .opening import connect, move_aside, opening_lock
from .rows import REVIEW_COLUMNS, Review, card_from_json, review_from_row
from .saving import AnswerSaving

__all__ = ["Review", "Store"]


ANSWER_WAIT_MS = 1000  # an answer waits at most this for the lock (the quiz runs on)
QUIT_WAIT_MS = 2000  # the one wait for the lock on quit (all queued answers at once)


class Store(AnswerSaving):
    """An open progress store. Use :meth:`open`; close it (or use ``with``).

    Methods are thread-safe (one connection behind a lock). A write the database
    refuses (locked, disk full) is kept in memory and retried (see :meth:`record`);
    :meth:`take_problem` gives one line to show. Damaged rows are skipped on read.
    """

    def take_problem(self) -> str | None:
        """The newest one-line problem (damaged rows skipped, an answer not saved), once."""
        problem = self._save_problem or self._damage_problem
        self._save_problem = self._damage_problem = None
        return problem

    @classmethod
    def open(
        cls, path: Path | str | None = None, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS
    ) -> Store:
        """Open (creating or migrating) the store at ``path`` (default: the user's)."""
        target = Path(path) if path is not None else user_home() / STORE_FILE
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(target, f"cannot create folder ({exc.strerror or exc})") from exc
        with opening_lock(target, busy_timeout_ms):  # (one process at a time: see opening)
            store = cls._opened(target, busy_timeout_ms)
        return store._ready(busy_timeout_ms)

    @classmethod
    def _opened(cls, target: Path, busy_timeout_ms: int) -> Store:
        """Connect, or move a file that is not ours aside and start a fresh one."""
        try:
            return cls(target, connect(target, busy_timeout_ms), None)
        except NotOurs as bad:
            reason = str(bad)
        try:
            aside = move_aside(target)
        except OSError as exc:
            raise StoreError(target, f"{reason}; could not move it aside ({exc})") from exc
        try:
            conn = connect(target, busy_timeout_ms)
        except NotOurs as bad:
            raise StoreError(target, f"cannot start a fresh progress database ({bad})") from bad
        notice = f"{target}: {reason}; moved to {aside.name}, starting fresh"
        return cls(target, conn, one_line(notice, breaks_as_spaces=True))

    def _ready(self, busy_timeout_ms: int) -> Store:
        self.busy_timeout_ms = busy_timeout_ms
        self._replay_journal()
        return self

    # --- lifecycle ----------------------------------------------------------------

    def close(self) -> None:
        """Retry unsaved answers (all at once, one bounded wait), then close the
        connection (idempotent). Answers still unsaved go to :attr:`journal`, to be
        replayed at the next open; see :meth:`unsaved_problem` and :attr:`answers_lost`.
        """
        with self._lock:
            if self._conn is not None:
                self._flush_together(QUIT_WAIT_MS)
                self._conn.close()
                self._conn = None
                self._settle_journal()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self._rows("PRAGMA user_version")[0][0])

    def integrity_check(self) -> str:
        """``PRAGMA integrity_check`` joined into one string (``"ok"`` when sound)."""
        return "; ".join(str(r[0]) for r in self._rows("PRAGMA integrity_check"))

    # --- writes ---------------------------------------------------------------------

    def record(
        self,
        slug: str,
        card_id: str,
        rating: Rating | int,
        *,
        reviewed_at: datetime,
        duration_ms: int,
        mode: Mode = "normal",
        kind: str,
        correct: bool | None = None,
        response: str | None = None,
        new_state: Card | None,
    ) -> int:
        """Log one answer and (unless ``new_state`` is None) save the card's new schedule.

        One transaction, committed before returning: the answer survives a crash.
        Cram answers must pass ``new_state=None`` (they never touch the schedule).
        Returns the review row id. If the database refuses the write (locked, disk
        full) the answer is kept in :attr:`unsaved` and retried with the next answer
        and on close; :meth:`take_problem` then says so, and a negative temporary id
        is returned (it works for :meth:`amend`).
        """
        rate = Rating(int(rating))
        if mode not in MODES:
            raise ValueError(f"mode must be 'normal' or 'cram', not {mode!r}")
        if mode == "cram" and new_state is not None:
            raise ValueError("cram answers never change a card's schedule: pass new_state=None")
        at = iso_utc(reviewed_at)
        flag = None if correct is None else int(bool(correct))
        with self._lock:
            temp = self.unsaved.new_temp_id()
            ms = max(0, int(duration_ms))
            args = (slug, card_id, int(rate), at, ms, mode, kind, flag, response, new_state)
            self.unsaved.items.append(PendingAnswer(temp, *args))
            self.flush(ANSWER_WAIT_MS)
            return self.unsaved.ids.get(temp, temp)

    def amend(
        self, review_id: int, rating: Rating | int, *, correct: bool | None, new_state: Card | None
    ) -> None:
        """Change a logged answer's rating (the user overruled the grade) and, for a
        normal answer, replace the card's schedule with ``new_state``; one transaction
        (queued like :meth:`record` if the database refuses it)."""
        rate = Rating(int(rating))
        flag = None if correct is None else int(bool(correct))
        with self._lock:
            review_id = self.unsaved.ids.get(review_id, review_id)
            pending = self.unsaved.answer(review_id)
            if pending is not None:  # not saved yet: correct it in memory
                if pending.mode == "cram" and new_state is not None:
                    raise ValueError("cram answers never change a card's schedule")
                pending.rating, pending.correct = int(rate), flag
                pending.new_state = new_state if new_state is not None else pending.new_state
                self.flush(ANSWER_WAIT_MS)
                return
            rows = self._rows(
                "SELECT brief, card_id, reviewed_at, mode FROM review WHERE id = ?", (review_id,)
            )
            if not rows:
                raise ValueError(f"no review with id {review_id}")
            slug, card_id, at, mode = rows[0]
            if mode == "cram" and new_state is not None:
                raise ValueError("cram answers never change a card's schedule")
            amend = PendingAmend(review_id, slug, card_id, at, int(rate), flag, new_state)
            self.unsaved.items.append(amend)
            self.flush(ANSWER_WAIT_MS)

    def retract(self, review_id: int, before: Card | None) -> None:
        """Undo a logged answer: delete its row and put the card's schedule back to
        ``before`` (None: the card was new, its state row goes); one transaction."""
        with self._write("the undo") as conn:
            row = conn.execute(
                "SELECT brief, card_id, mode FROM review WHERE id = ?", (review_id,)
            ).fetchone()
            if row is None:
                raise ValueError(f"no review with id {review_id}")
            conn.execute("DELETE FROM review WHERE id = ?", (review_id,))
            if row[2] == "cram":
                return
            if before is None:
                conn.execute(
                    "DELETE FROM card_state WHERE brief = ? AND card_id = ?", (row[0], row[1])
                )
            else:
                at = iso_utc(datetime.now(UTC))
                self._save_state(conn, row[0], row[1], at, before, older=False)

    def set_flag(
        self,
        slug: str,
        card_id: str,
        flag: Literal["suspended", "buried"] | None,
        *,
        until: datetime | None = None,
    ) -> None:
        """Suspend a card, bury it until ``until``, or (``flag=None``) clear its flag."""
        with self._write("the card's flag") as conn:
            if flag is None:
                conn.execute(
                    "DELETE FROM card_flag WHERE brief = ? AND card_id = ?", (slug, card_id)
                )
                return
            conn.execute(
                "INSERT OR REPLACE INTO card_flag (brief, card_id, flag, until)"
                " VALUES (?, ?, ?, ?)",
                (slug, card_id, flag, None if until is None else iso_utc(until)),
            )

    def flags(self, slug: str, now: datetime) -> dict[str, str]:
        """Cards suspended, or buried until after ``now``: card id -> flag."""
        rows = self._rows(
            "SELECT card_id, flag FROM card_flag WHERE brief = ?"
            " AND (flag = 'suspended' OR until IS NULL OR until > ?)",
            (slug, iso_utc(now)),
        )
        return {str(card_id): str(flag) for card_id, flag in rows}

    # --- reads ----------------------------------------------------------------------

    def card_state(self, slug: str, card_id: str) -> Card | None:
        """The card's saved fsrs schedule, or None if never studied (normal mode).

        A damaged row counts as never studied (the next answer replaces it).
        """
        queued = self.unsaved.states(slug).get(card_id)
        if queued is not None:
            return queued
        sql = "SELECT card_json FROM card_state WHERE brief = ? AND card_id = ?"
        rows = self._rows(sql, (slug, card_id))
        card = card_from_json(rows[0][0]) if rows else None
        if rows and card is None:
            self._skip_damaged("card_state", (slug, card_id))
        return card

    def states(self, slug: str) -> dict[str, Card]:
        """Every studied card of the brief: card id -> fsrs Card (damaged rows skipped)."""
        rows = self._rows("SELECT card_id, card_json FROM card_state WHERE brief = ?", (slug,))
        out: dict[str, Card] = {}
        for cid, text in rows:
            card = card_from_json(text)
            if card is None:
                self._skip_damaged("card_state", (slug, cid))
            else:
                out[str(cid)] = card
        out.update(self.unsaved.states(slug))
        return out

    def introduced_count(self, slug: str, start: datetime, end: datetime) -> int:
        """How many cards were studied for the first time (normal mode) in [start, end)."""
        sql = (
            "SELECT COUNT(*) FROM card_state WHERE brief = ? AND first_seen >= ? AND first_seen < ?"
        )
        return int(self._rows(sql, (slug, iso_utc(start), iso_utc(end)))[0][0])

    def reviews(
        self, slug: str, since: datetime | None = None, *, card_id: str | None = None
    ) -> list[Review]:
        """Logged answers of the brief (optionally one card's, from ``since``), oldest first."""
        sql = f"SELECT {REVIEW_COLUMNS} FROM review WHERE brief = ?"
        args: list[object] = [slug]
        if since is not None:
            sql += " AND reviewed_at >= ?"
            args.append(iso_utc(since))
        if card_id is not None:
            sql += " AND card_id = ?"
            args.append(card_id)
        out: list[Review] = []
        for row in self._rows(sql + " ORDER BY reviewed_at, id", args):
            review = review_from_row(row)
            if review is None:
                self._skip_damaged("review", row[0])
            else:
                out.append(review)
        return out

    def review_figures(
        self, slug: str, bounds: Sequence[tuple[datetime, datetime]], since: datetime
    ) -> tuple[int, list[int], tuple[int, int], dict[str, int]]:
        """Aggregates for the stats, computed by SQLite (no row per answer reaches
        Python): (all answers, answers per ``[start, end)`` of ``bounds``, (graded, not
        Again) of normal answers to review-state cards since ``since``, normal-mode
        "Again" answers per card)."""
        # one scan of the brief's answers for the total and the retention figures
        total, graded, kept = self._rows(
            "SELECT COUNT(*), COALESCE(SUM(mode = 'normal' AND state_before = 2"
            " AND reviewed_at >= ?2), 0), COALESCE(SUM(mode = 'normal' AND state_before = 2"
            " AND reviewed_at >= ?2 AND rating != 1), 0) FROM review WHERE brief = ?1",
            (slug, iso_utc(since)),
        )[0]
        per_day = [self.review_count(slug, start, end) for start, end in bounds]
        lapses = self._rows(
            "SELECT card_id, COUNT(*) FROM review WHERE brief = ? AND mode = 'normal'"
            " AND rating = 1 GROUP BY card_id",
            (slug,),
        )
        figures = (int(graded), int(kept))
        return int(total), per_day, figures, {str(c): int(n) for c, n in lapses}

    def data_version(self) -> int:
        """Changes when another connection commits (SQLite's ``PRAGMA data_version``)."""
        return int(self._rows("PRAGMA data_version")[0][0])

    def review_count(
        self, slug: str, start: datetime, end: datetime, *, mode: Mode | None = None
    ) -> int:
        """How many answers (of ``mode``, default any) were logged in [start, end)."""
        sql = "SELECT COUNT(*) FROM review WHERE brief = ? AND reviewed_at >= ? AND reviewed_at < ?"
        args: list[object] = [slug, iso_utc(start), iso_utc(end)]
        if mode is not None:
            sql += " AND mode = ?"
            args.append(mode)
        return int(self._rows(sql, args)[0][0])
