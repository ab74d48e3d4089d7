"""Bindings, collected from where they are declared, for the help screen and palette.

Keys are declared once, as ``BINDINGS`` on the app, the reader screen and each
pane widget. This module only *reads* them: :func:`binding_groups` walks each
class's MRO (our own classes, not Textual's internals) and merges keys that run
the same action, so ``j`` and ``down`` show as one row; :func:`key_groups` lists
them by pane for the help screen, the palette and the README (:mod:`.keys_readme`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.binding import Binding

if TYPE_CHECKING:
    from textual.dom import DOMNode


@dataclass(frozen=True)
class KeyRow:
    keys: tuple[str, ...]
    action: str
    description: str
    tooltip: str


def own_bindings(cls: type[DOMNode]) -> list[Binding]:
    """The bindings declared by ``cls`` and its briefreader base classes, in order."""
    found: list[Binding] = []
    for klass in reversed(cls.__mro__):
        if not klass.__module__.startswith("briefreader"):
            continue
        declared = klass.__dict__.get("BINDINGS")
        if declared:
            found.extend(Binding.make_bindings(declared))
    return found


def rows(bindings: Iterable[Binding]) -> list[KeyRow]:
    """Merge bindings by action; keep declaration order; skip undescribed ones."""
    merged: dict[str, list[Binding]] = {}
    for binding in bindings:
        if not binding.description:
            continue
        merged.setdefault(binding.action, []).append(binding)
    out: list[KeyRow] = []
    for action, group in merged.items():
        keys: list[str] = []
        for binding in group:
            shown = display_key(binding.key)  # key_display is the footer's short form
            if shown not in keys:
                keys.append(shown)
        out.append(KeyRow(tuple(keys), action, group[0].description, group[0].tooltip))
    return out


_NAMES = {
    "space": "space",
    "escape": "esc",
    "enter": "enter",
    "tab": "tab",
    "shift+tab": "shift+tab",
    "question_mark": "?",
    "slash": "/",
    "pagedown": "pgdn",
    "pageup": "pgup",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
}


def display_key(key: str) -> str:
    if key in _NAMES:
        return _NAMES[key]
    if key.startswith("ctrl+"):
        return "^" + key[5:]
    return key


def key_groups() -> list[tuple[str, list[KeyRow]]]:
    """(pane title, rows) for every place keys are declared, in reading order."""
    from textual.widget import Widget

    from .app import BriefReaderApp
    from .screens.annotated_reader import AnnotatedReaderScreen
    from .screens.library import LibraryScreen
    from .screens.quiz import QuizScreen
    from .screens.reader import ReaderScreen
    from .widgets.article_view import ArticleView
    from .widgets.details import DetailsPane
    from .widgets.entry_list import EntryList
    from .widgets.notes_pane import NotesPane
    from .widgets.outline_tree import OutlineTree
    from .widgets.quiz_widgets import OrderList
    from .widgets.search_bar import SearchBar

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
        (
            "Highlights and notes",
            Widget,
            list(Binding.make_bindings(AnnotatedReaderScreen.BINDINGS)),
        ),
        ("Notes pane", NotesPane, []),
        ("Glossary and actors panes", EntryList, []),
        ("Outline pane", OutlineTree, []),
        ("Details pane", DetailsPane, []),
        ("Search bar", SearchBar, []),
        ("Quiz", QuizScreen, []),
        ("Ordering cards", OrderList, []),
        ("Library", LibraryScreen, []),
    ]
    return [(title, rows([*own_bindings(cls), *extra])) for title, cls, extra in sources]
