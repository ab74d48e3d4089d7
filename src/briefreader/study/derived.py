"""One owner for a loaded brief's derived data: index, outline map, deck, mastery.

:class:`BriefData` builds each part once, on first use, and is safe to use from a
worker thread (each part is built under its own lock, so two callers never build
the same thing twice). The reader, the quiz, the stats screen and the CLI all take
one of these instead of calling :func:`~briefreader.core.xref.index_brief` or
:func:`~briefreader.study.cards.build_deck` themselves.

Nothing here imports Textual; slow parts (the index of a long text, the deck, the
mastery read from the review log) are meant to be asked for from a worker — the
Textual glue that does that is :mod:`briefreader.tui.session`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from ..core import index_ahead, index_rows, known_index
from ..core.brief import Brief, Metadata, Paragraph
from ..core.xref import Index, brief_entries, build_index, index_brief

if TYPE_CHECKING:
    from .clock import Clock
    from .model import StudyCard
    from .stats import Stats
    from .store import Store

__all__ = ["BYLINE", "BriefData", "byline_parts", "byline_text", "points_by_paragraph"]

log = logging.getLogger(__name__)

BYLINE = 0
"""The paragraph number under which mentions in the header (byline) are indexed."""


def byline_parts(meta: Metadata) -> tuple[str, str]:
    """(title, "source · author · ed. editor · date") as the reader's header shows them."""
    editor = f"ed. {meta.editor}" if meta.editor else None
    details = " · ".join(v for v in (meta.source, meta.author, editor, meta.published_text) if v)
    return meta.title, details


def byline_text(brief: Brief) -> str:
    """The header's text exactly as it is drawn (so mention offsets match)."""
    title, details = byline_parts(brief.metadata)
    return f"{title}  —  {details}" if details else title


def points_by_paragraph(brief: Brief) -> Mapping[int, tuple[str, ...]]:
    """Paragraph number → ids of the outline points anchored there (document order)."""
    out: dict[int, list[str]] = {}
    for point in brief.outline_points():
        for n in point.paragraphs:
            out.setdefault(n, []).append(point.id)
    return MappingProxyType({n: tuple(ids) for n, ids in out.items()})


class BriefData:
    """A brief and everything computed from it, each built once (thread-safe)."""

    def __init__(self, brief: Brief, *, index: Index | None = None) -> None:
        self.brief = brief
        self._index = index if index is not None else known_index.take(brief)  # shipped
        self._ahead = index_ahead.take(brief) if self._index is None else None  # a child's
        self._unchecked: Index | None = None  # the child's, not yet cross-checked
        self._byline: Index | None = None
        self._points: Mapping[int, tuple[str, ...]] | None = None
        self._deck: list[StudyCard] | None = None
        self._locks = {name: threading.Lock() for name in ("index", "byline", "deck")}

    @property
    def chars(self) -> int:
        """Characters of article text (decides what is built after the first paint)."""
        return sum(len(p.text) for p in self.brief.paragraphs)

    # -- cross-references ----------------------------------------------------------
    @property
    def index_ready(self) -> bool:
        return self._index is not None

    @property
    def index_arrived(self) -> bool:
        """Whether the index is built or can be had without building it (the child
        process of :mod:`~briefreader.core.index_ahead` has finished it)."""
        ahead = self._ahead
        return self._index is not None or (ahead is not None and ahead.ready())

    @property
    def index_coming(self) -> bool:
        """Whether a child process is building the index (taking it mostly waits)."""
        return self._index is None and self._ahead is not None

    @property
    def index(self) -> Index:
        """The cross-reference index of the article (built on first use, or taken from
        the child process that built it ahead)."""
        if self._index is None:
            with self._locks["index"]:
                if self._index is None:
                    ahead, self._ahead = self._ahead, None
                    index = ahead.result() if ahead is not None else None
                    self._unchecked = index
                    self._index = index if index is not None else index_brief(self.brief)
                    known_index.remember(self.brief, self._index)  # (for the user cache)
        return self._index

    @property
    def index_unchecked(self) -> bool:
        """Whether the index came from the child and :meth:`checked_index` is still due."""
        return self._unchecked is not None

    def checked_index(self) -> Index | None:
        """Cross-check the index the child sent (:func:`~briefreader.core.index_rows.consistent`:
        ~15 ms for 56,000 mentions, so off the critical path, in a worker). If its grouping
        by entry does not hold together, the index is built here (as when the child
        fails), replaces it and is returned; else None (also when there is nothing to
        check). Once."""
        with self._locks["index"]:
            index, self._unchecked = self._unchecked, None
            if index is None or index_rows.consistent(index):
                return None
            log.debug("index from the child: its grouping by entry does not hold, rebuilt")
            self._index = rebuilt = index_brief(self.brief)
            known_index.remember(self.brief, rebuilt)
        with self._locks["deck"]:  # (not under the index lock: deck() takes that inside)
            self._deck = None  # made again from the index built here, if asked for
        return rebuilt

    @property
    def byline(self) -> Index:
        """Mentions in the header line, all under paragraph :data:`BYLINE` (0)."""
        if self._byline is None:
            with self._locks["byline"]:
                if self._byline is None:
                    header = Paragraph(BYLINE, "body", byline_text(self.brief))
                    entries = brief_entries(self.brief)  # (prefilter: not all 500 names compiled)
                    self._byline = build_index([header], entries, prefilter=True)
        return self._byline

    @property
    def points_by_paragraph(self) -> Mapping[int, tuple[str, ...]]:
        """Paragraph → outline point ids anchored there (cheap; built on first use)."""
        if self._points is None:
            self._points = points_by_paragraph(self.brief)
        return self._points

    # -- study ------------------------------------------------------------------------
    def deck(self) -> list[StudyCard]:
        """Every card of the brief, in deck order (built once, from the shared index)."""
        if self._deck is None:
            with self._locks["deck"]:
                if self._deck is None:
                    from .cards import build_deck

                    self._deck = build_deck(self.brief, index=self.index)  # one index
        return self._deck

    def stats(self, store: Store, clock: Clock) -> Stats:
        from .stats import compute_stats

        return compute_stats(self.deck(), store, self.brief.slug, clock=clock)

    def mastery(self, store: Store, clock: Clock) -> dict[str, float]:
        """Mastery per outline point (reads the whole review log: call it off the UI)."""
        if not self.brief.outline:
            return {}
        return dict(self.stats(store, clock).mastery)
