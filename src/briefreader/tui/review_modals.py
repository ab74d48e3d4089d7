"""Small modals for reviewing suggestions: edit in place, merge into, import first.

Every label built from the brief is plain text (``Content``/``Text``), never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select
from textual.widgets.option_list import Option

KINDS = ("term", "person", "state", "place", "organisation", "group")
STANCE_CHOICES = ("reported", "author")

MODAL_CSS = """
ReviewModal, MergeModal, ImportModal { align: center middle; }
ReviewModal > Vertical, MergeModal > Vertical, ImportModal > Vertical {
    width: 80%; max-width: 90; height: auto; max-height: 90%;
    border: round $accent; background: $surface; padding: 1 2;
}
ReviewModal Label, MergeModal Label, ImportModal Label { margin-top: 1; width: 100%; }
ReviewModal Horizontal, ImportModal Horizontal { height: auto; margin-top: 1; }
MergeModal OptionList { height: 12; }
"""


@dataclass(frozen=True)
class Edit:
    name: str
    definition: str
    kind: str


class ReviewModal(ModalScreen[Edit | None]):
    """Edit a suggestion's name, definition (or description) and kind (or stance)."""

    DEFAULT_CSS = MODAL_CSS
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, name: str, definition: str, kind: str, *, point: bool) -> None:
        super().__init__()
        self.heading = title
        self.initial = Edit(name, definition, kind)
        self.point = point

    def compose(self) -> ComposeResult:
        choices: tuple[str, ...] = STANCE_CHOICES if self.point else KINDS
        if self.point and self.initial.kind == "unset":
            choices = ("unset", *STANCE_CHOICES)  # leave it for later
        kind = self.initial.kind if self.initial.kind in choices else choices[0]
        with Vertical():
            yield Label(Content(self.heading))
            yield Label(Content("Title" if self.point else "Name"))
            yield Input(self.initial.name, id="edit-name")
            yield Label(Content("Summary" if self.point else "Definition / description"))
            yield Input(self.initial.definition, id="edit-definition")
            yield Label(Content("Stance" if self.point else "Kind"))
            yield Select([(c, c) for c in choices], value=kind, allow_blank=False, id="edit-kind")
            with Horizontal():
                yield Button("Save", variant="primary", id="edit-save")
                yield Button("Cancel", id="edit-cancel")

    def on_mount(self) -> None:
        self.query_one("#edit-name", Input).focus()

    @on(Button.Pressed, "#edit-save")
    @on(Input.Submitted)
    def _save(self) -> None:
        name = self.query_one("#edit-name", Input).value.strip()
        definition = self.query_one("#edit-definition", Input).value.strip()
        kind = str(self.query_one("#edit-kind", Select).value)
        if not name or not definition:
            self.notify("Name and definition must not be empty", severity="warning")
            return
        self.dismiss(Edit(name, definition, kind))

    @on(Button.Pressed, "#edit-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class MergeModal(ModalScreen[str | None]):
    """Choose the entry a suggestion is merged into (type to filter)."""

    DEFAULT_CSS = MODAL_CSS
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, choices: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.heading = title
        self.choices = list(choices)  # (entry id, label)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(self.heading))
            yield Input(placeholder="type to filter", id="merge-filter")
            yield OptionList(*self._options(""), id="merge-targets", markup=False)

    def _options(self, query: str) -> list[Option]:
        q = query.casefold().strip()
        return [Option(Content(label), id=i) for i, label in self.choices if q in label.casefold()]

    @on(Input.Changed, "#merge-filter")
    def _filter(self, event: Input.Changed) -> None:
        targets = self.query_one("#merge-targets", OptionList)
        targets.clear_options()
        targets.add_options(self._options(event.value))
        if targets.option_count:
            targets.highlighted = 0

    @on(Input.Submitted, "#merge-filter")
    def _take_first(self) -> None:
        targets = self.query_one("#merge-targets", OptionList)
        option = targets.highlighted_option or (
            targets.get_option_at_index(0) if targets.option_count else None
        )
        if option is not None:
            self.dismiss(option.id)

    @on(OptionList.OptionSelected, "#merge-targets")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ImportModal(ModalScreen[bool]):
    """The first review action on a bare article: import it so the review is saved?"""

    DEFAULT_CSS = MODAL_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Import"),
        Binding("n,escape", "answer(False)", "Not now"),
    ]

    def __init__(self, title: str, where: str) -> None:
        super().__init__()
        self.heading = title
        self.where = where

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(f"Import “{self.heading}” so your review is saved?"))
            yield Label(
                Content(
                    f"The article is copied to {self.where} with a brief holding the "
                    "suggestions; accepting, dropping, editing and merging then edit that "
                    "brief. Without importing, the review lasts until you quit."
                )
            )
            with Horizontal():
                yield Button("Import (y)", variant="primary", id="import-yes")
                yield Button("Not now (n)", id="import-no")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "import-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
