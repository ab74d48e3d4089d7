"""The Textual side of a loaded brief: its derived data, built once, slow parts in workers.

A :class:`BriefSession` is made by the app (or a test) and handed to every screen
that needs the brief: the reader, the quiz, the stats screen. It owns

* ``data`` — the pure :class:`~briefreader.study.derived.BriefData` (brief, index,
  outline map, deck, mastery), shared with the CLI;
* ``study`` — the progress store, opened lazily (see :mod:`.study`).

Nothing slow runs on the UI thread: a short text is indexed before the first
paint (it costs ~1 ms per 10 kB), a long one in a thread worker after it; mastery
(the deck plus a pass over the review log) is always computed in a worker.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.dom import DOMNode

from ..core.brief import Brief
from ..core.index_ahead import LONG_TEXT_CHARS
from ..core.paths import user_home
from ..core.xref import Index
from ..study.context import StudyContext
from ..study.derived import BriefData

#: Above this many characters the cross-reference index is built after the first paint
#: (or ahead, in a child process: :mod:`briefreader.core.index_ahead`).
INDEX_IN_BACKGROUND_CHARS = LONG_TEXT_CHARS


class BriefSession:
    """A brief being read, with its derived data and its study store."""

    def __init__(self, brief: Brief, *, data: BriefData | None = None) -> None:
        self.brief = brief
        self.data = data if data is not None else BriefData(brief)
        self.study = StudyContext(brief, self.data)
        self.index_in_background = self.data.chars > INDEX_IN_BACKGROUND_CHARS

    def index_now(self) -> Index | None:
        """The index if it is cheap enough to have before the first paint, else None."""
        if self.data.index_arrived or not self.index_in_background:
            return self.data.index
        return None

    def load_index(self, node: DOMNode, done: Callable[[Index], object]) -> None:
        """Build the index in a thread worker of ``node``; ``done(index)`` on the UI thread."""
        if self.data.index_ready:
            done(self.data.index)
            return

        def build() -> None:
            index = self.data.index
            node.app.call_from_thread(done, index)

        node.run_worker(build, thread=True, exclusive=True, group="index", name="index")

    def check_index(self, node: DOMNode, done: Callable[[Index], object]) -> None:
        """Cross-check an index the child sent, in a thread worker of ``node``; ``done``
        (on the UI thread) with the index built here if it did not hold together."""
        if not self.data.index_unchecked:
            return

        def check() -> None:
            if (rebuilt := self.data.checked_index()) is not None:
                node.app.call_from_thread(done, rebuilt)

        node.run_worker(check, thread=True, group="index-check", name="index-check")

    def has_progress(self) -> bool:
        """Whether any study progress can exist yet (no store file: nothing to read)."""
        return bool(self.brief.outline) and (user_home() / "progress.sqlite3").exists()

    def load_mastery(self, node: DOMNode, done: Callable[[dict[str, float]], object]) -> None:
        """Mastery per outline point, computed in a thread worker; ``done`` on the UI thread."""
        if not self.has_progress():
            return

        def compute() -> None:
            from .worker_results import deliver_if_current

            mastery = self.study.mastery()
            deliver_if_current(node.app, done, mastery)  # a newer computation's figures win

        node.run_worker(compute, thread=True, exclusive=True, group="mastery", name="mastery")

    def close(self) -> str | None:
        """Close the study store; one line for the user if unsaved answers were lost."""
        return self.study.close()
