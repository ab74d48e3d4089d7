"""Small dialogs of the library: a yes/no confirmation and a path prompt with completion."""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static

DIALOG_CSS = """
ConfirmScreen, ImportScreen { align: center middle; background: $background 60%; }
.dialog-box {
    width: 76; max-width: 95%; height: auto;
    border: round $accent; background: $surface; padding: 0 1;
}
.dialog-hint { color: $text-muted; }
"""


class ConfirmScreen(ModalScreen[bool]):
    """``y`` (or Enter) confirms, ``n`` or Esc cancels."""

    DEFAULT_CSS = DIALOG_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", tooltip="Confirm"),
        Binding("n,escape", "answer(False)", "No", tooltip="Cancel"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Text(self.question), id="confirm-question")
            yield Static(Text("y: yes   n / esc: no"), classes="dialog-hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class PathSuggester(Suggester):
    """Completes a file system path: the first entry of the folder starting with it."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return complete_path(value)


def complete_path(value: str) -> str | None:
    """``value`` completed to the first (sorted) matching entry; folders end in ``/``."""
    if not value:
        return None
    expanded = os.path.expanduser(value)
    folder, stem = os.path.split(expanded)
    try:
        names = sorted(os.listdir(folder or "."))
    except OSError:
        return None
    for name in names:
        if name.startswith(stem) and not (name.startswith(".") and not stem.startswith(".")):
            full = os.path.join(folder, name)
            if os.path.isdir(full):
                full += os.sep
            if full == expanded:
                continue
            return value + full[len(expanded) :]
    return None


class ImportScreen(ModalScreen[str | None]):
    """Ask for a file path (→ completes; Enter imports; Esc cancels)."""

    DEFAULT_CSS = DIALOG_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Back to the library"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Text("Import an article (plain text, or a format the importer reads)"))
            yield Input(
                placeholder="path to the file",
                suggester=PathSuggester(),
                id="import-path",
                value=str(Path.cwd()) + os.sep,
            )
            yield Static(Text("→ completes · enter imports · esc cancels"), classes="dialog-hint")

    @on(Input.Submitted, "#import-path")
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        self.dismiss(value or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
