"""The help screen: every key, by pane, generated from the declared Bindings."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from ..keys import KeyRow, own_bindings, rows


def key_groups() -> list[tuple[str, list[KeyRow]]]:
    """(pane title, rows) for every place keys are declared, in reading order."""
    from ..app import BriefReaderApp
    from ..widgets.article_view import ArticleView
    from ..widgets.entry_list import EntryList
    from ..widgets.outline_tree import OutlineTree
    from ..widgets.quiz_widgets import OrderList
    from ..widgets.search_bar import SearchBar
    from .library import LibraryScreen
    from .quiz import QuizScreen
    from .reader import ReaderScreen

    palette = Binding(
        BriefReaderApp.COMMAND_PALETTE_BINDING,
        "command_palette",
        "Command palette",
        tooltip="Every action, and go to any entry",
    )
    sources: list[tuple[str, type[DOMNode], list[Binding]]] = [
        ("Everywhere", BriefReaderApp, [palette]),
        ("Reader", ReaderScreen, []),
        ("Article pane", ArticleView, []),
        ("Glossary and actors panes", EntryList, []),
        ("Outline pane", OutlineTree, []),
        ("Search bar", SearchBar, []),
        ("Quiz", QuizScreen, []),
        ("Ordering cards", OrderList, []),
        ("Library", LibraryScreen, []),
    ]
    return [(title, rows([*own_bindings(cls), *extra])) for title, cls, extra in sources]


def help_content() -> Content:
    parts: list[Content] = [Content.styled("Keys\n", "bold")]
    for title, group in key_groups():
        if not group:
            continue
        parts.append(Content.styled(f"\n{title}\n", "bold $accent"))
        for row in group:
            keys = " / ".join(row.keys)
            line = Content.assemble(
                (f"  {keys:<18}", "bold"),
                row.description,
                (f"  {row.tooltip}" if row.tooltip else "", "dim"),
                "\n",
            )
            parts.append(line)
    parts.append(Content.styled("\nThe mouse works too: click a highlighted word, scroll.", "dim"))
    return Content("").join(parts)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", tooltip="Back to the reader"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(help_content(), id="help-text")


def keys_markdown() -> str:
    """The key reference as Markdown (the README's copy is checked against this)."""
    out: list[str] = []
    for title, group in key_groups():
        if not group:
            continue
        out.append(f"**{title}**\n")
        out.append("| keys | action | |")
        out.append("| --- | --- | --- |")
        for row in group:
            keys = " / ".join(f"`{k}`" for k in row.keys)
            out.append(f"| {keys} | {row.description} | {row.tooltip} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
