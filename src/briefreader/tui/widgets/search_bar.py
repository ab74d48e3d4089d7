"""The incremental search bar (``/``): an Input that reports queries upward."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class SearchBar(Input):
    """Type to search the article; Enter keeps the matches, Esc clears them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "done", "Keep matches", tooltip="Back to the text; n / N move"),
        Binding("escape", "close", "Close search", tooltip="Clear the matches"),
        Binding("down", "next", "Next match", show=False),
        Binding("up", "previous", "Previous match", show=False),
    ]

    class Query(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Done(Message):
        """Enter: keep the matches, return to the text."""

    class Closed(Message):
        """Esc: clear the matches."""

    class Step(Message):
        def __init__(self, forward: bool) -> None:
            super().__init__()
            self.forward = forward

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="Search the article…", id=id, select_on_focus=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Query(event.value))

    def action_done(self) -> None:
        self.post_message(self.Done())

    def action_close(self) -> None:
        self.post_message(self.Closed())

    def action_next(self) -> None:
        self.post_message(self.Step(True))

    def action_previous(self) -> None:
        self.post_message(self.Step(False))
