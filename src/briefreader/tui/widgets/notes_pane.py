"""The notes pane: every highlight, note and user card of the brief, in text order.

Enter jumps to the item in the text; ``e`` edits it (a note's text, a card's
answer); ``x`` deletes it. Items that can no longer be placed in the changed text
are listed at the end, marked, never hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Literal

from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...core.frozen import frozen
from ...core.words import squash
from .lazy_components import LazyComponents
from .plain_lines import PlainRows

ItemKind = Literal["highlight", "paragraph", "card"]
QUOTE_CHARS = 70


@frozen
class NoteItem:
    """One row: what it is, its store id, where it is now (None: lost) and its texts."""

    kind: ItemKind
    id: int
    span: tuple[int, int, int] | None
    quote: str
    note: str | None = None
    answer: str | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.id}"


def _short(text: str, limit: int = QUOTE_CHARS) -> str:
    text = squash(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def item_content(item: NoteItem) -> Content:
    where = f"¶{item.span[0]} " if item.span is not None else "lost "
    parts: list[Content | tuple[str, str] | str] = [(where, "bold")]
    if item.kind == "card":
        parts += [("card ", "$text-accent"), _short(item.quote), ("  → ", "dim"), item.answer or ""]
    elif item.kind == "paragraph":
        parts += [("note ", "$text-success"), _short(item.note or "")]
    else:
        parts.append(("“" + _short(item.quote) + "”", "italic"))
        if item.note:
            parts += [("\n    ✎ ", "$text-success"), _short(item.note, 200)]
    if item.span is None:
        parts.append(("  (the text changed: cannot be placed)", "$text-warning"))
    return Content.assemble(*parts)


class NotesPane(LazyComponents, OptionList, PlainRows):  # component styles resolved when first used
    """Highlights, notes and cards; posts :class:`Jump`, :class:`Edit`, :class:`Delete`."""

    DEFAULT_CSS = """
    NotesPane { height: 1fr; border: none; padding: 0; background: $surface; }
    NotesPane:focus { border: none; background-tint: $foreground 4%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Next item", show=False),
        Binding("k", "cursor_up", "Previous item", show=False),
        Binding("e", "edit", "Edit", tooltip="Edit the note, or the card's question and answer"),
        Binding("x,delete", "delete", "Delete", tooltip="Delete the highlight, note or card"),
    ]

    class ItemMessage(Message):
        def __init__(self, item: NoteItem) -> None:
            super().__init__()
            self.item = item

    class Jump(ItemMessage):
        """Enter: show the item in the text."""

    class Edit(ItemMessage):
        """``e``: edit the item."""

    class Delete(ItemMessage):
        """``x``: delete the item."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.items: list[NoteItem] = []

    def on_mount(self) -> None:
        if not self.items:
            self.set_items([])

    def set_items(self, items: Sequence[NoteItem]) -> None:
        keep = self.current_item()
        self.items = list(items)
        self.clear_options()
        if not self.items:
            self.add_option(
                Option(
                    Content.styled(
                        "No highlights yet: ( ) pick a sentence, h highlights it, a adds a note.",
                        "dim",
                    ),
                    disabled=True,
                )
            )
            return
        self.add_options([Option(item_content(i), id=i.key) for i in self.items])
        self.highlighted = 0
        if keep is not None:
            for index, item in enumerate(self.items):
                if item.key == keep.key:
                    self.highlighted = index

    def current_item(self) -> NoteItem | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self.items):
            return None
        return self.items[index]

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        item = self.current_item()
        if item is not None:
            self.post_message(self.Jump(item))

    def action_edit(self) -> None:
        item = self.current_item()
        if item is not None:
            self.post_message(self.Edit(item))

    def action_delete(self) -> None:
        item = self.current_item()
        if item is not None:
            self.post_message(self.Delete(item))
