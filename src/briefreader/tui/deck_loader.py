"""Building the study deck off the UI thread, with a notice when it takes a while."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from weakref import WeakKeyDictionary

from textual.app import App

from ..study.context import StudyContext

SLOW = 0.3  # seconds before the "building" notice appears
SMALL = 600  # entries + cards: up to this many (and a short text) the deck builds at once
SMALL_CHARS = 200_000


def is_small(study: StudyContext) -> bool:
    """Small enough to build on the UI thread in a few milliseconds."""
    brief = study.brief
    size = len(brief.glossary) + len(brief.actors) + len(brief.cards) + len(brief.cloze)
    return size <= SMALL and sum(len(p.text) for p in brief.paragraphs) <= SMALL_CHARS


# What to do once a deck under construction is ready: one thing per deck, the latest asked
# for (``t`` pressed twice while it builds opens one quiz; ``t`` then ``m`` shows the stats).
_waiting: WeakKeyDictionary[StudyContext, Callable[[], object]] = WeakKeyDictionary()


def build_deck_then(app: App[Any], study: StudyContext, then: Callable[[], object]) -> None:
    """Build ``study``'s deck in a thread worker, then call ``then`` on the UI thread.
    The UI keeps running meanwhile; after :data:`SLOW` s a notification says why.
    A small brief's deck is built at once (a few ms: no worker, no flicker). Asked again
    while it builds, only the latest ``then`` runs, once."""
    if is_small(study):
        study.deck()
        then()
        return
    if study in _waiting:  # already building: this replaces what was waiting
        _waiting[study] = then
        return
    _waiting[study] = then
    state = {"done": False, "shown": False}

    def slow() -> None:
        if not state["done"]:
            state["shown"] = True
            app.notify("Building the study deck…", title="Study", markup=False, timeout=30)

    timer = app.set_timer(SLOW, slow)

    def finished() -> None:
        state["done"] = True
        timer.stop()
        if state["shown"]:
            app.clear_notifications()
        waiting = _waiting.pop(study, None)
        if waiting is not None:
            waiting()

    def work() -> None:
        study.deck()
        app.call_from_thread(finished)

    app.run_worker(work, thread=True, group="deck", name="build deck")
