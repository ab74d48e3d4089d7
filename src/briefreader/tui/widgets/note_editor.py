"""The note editor: a one-line input opened at the bottom of the article pane.

Enter saves (posts :class:`Saved` with the text; an empty text removes the note),
Esc cancels (posts :class:`Cancelled`). The caller says what is being edited in the
border title and keeps the target itself.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class NoteEditor(Input):
    """Type a note; Enter saves, Esc cancels."""

    DEFAULT_CSS = """
    NoteEditor { dock: bottom; border: round $success; margin: 0 0 1 0; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving"),
    ]

    class Saved(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Cancelled(Message):
        pass

    def __init__(self, value: str, title: str, *, id: str | None = None) -> None:
        super().__init__(
            value=value, placeholder="Your note (empty: remove it)", id=id, select_on_focus=False
        )
        self.border_title = title
        self.border_subtitle = "enter saves · esc cancels"

    async def action_submit(self) -> None:
        self.post_message(self.Saved(self.value))

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled())
