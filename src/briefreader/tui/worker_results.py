"""A thread worker's result, delivered on the UI thread only while it is current."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.worker import get_current_worker


def deliver_if_current(app: App[Any], callback: Callable[..., object], *args: object) -> None:
    """From inside a thread worker: ``callback(*args)`` on the UI thread, unless a newer
    worker of its exclusive group was started meanwhile. Textual cannot stop a thread
    worker: ``exclusive=True`` only marks the older one cancelled, and its result would
    still arrive (an older listing or mastery over a newer one). The mark is set on the UI
    thread, so checking it there, at delivery, is exact."""
    worker = get_current_worker()

    def deliver() -> None:
        if not worker.is_cancelled:
            callback(*args)

    app.call_from_thread(deliver)
