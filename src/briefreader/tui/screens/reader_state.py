"""The reader's state: one place for what the reader shows, as reactives on the screen.

:class:`ReaderState` is the base of :class:`~.reader.ReaderScreen` and of its
parts (:mod:`.reader_layout`, :mod:`.reader_select`, :mod:`.reader_search`), so
each part reads and writes the same state instead of keeping a copy:

* ``current``: the cursor paragraph, in step with the article's cursor;
* ``panes_at``: the paragraph the side panes show, bound into the lists and the
  outline: ``current`` once the text's frame is drawn (a key's first frame is the text's);
* ``index``: the cross-reference index, ``None`` until a long text's worker built it;
* ``selected``: the selected entry id or outline point id;
* ``active_tab``, ``side_hidden``, ``side_open``, ``sheet_open``: which side pane
  is shown and how (the last three toggle layout classes on the screen);
* the reading position for next/previous (:meth:`position`, :meth:`jump`).

State is kept as ``var``: a repainting reactive on the screen would redraw every
widget on each change (a full compositor update per key); the watchers repaint
what changed.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.reactive import Reactive, var
from textual.screen import Screen
from textual.widget import Widget

from ...core.brief import Brief, OutlinePoint
from ...core.state import State
from ...core.xref import Index, Mention
from ..session import BriefSession
from ..widgets.article_view import ArticleView
from ..widgets.details import EntryDetails
from ..widgets.outline_tree import OutlineTree


class ReaderState(Screen[None]):
    """The reader's reactives, what the screen was given, and its widgets by name."""

    session: BriefSession
    brief: Brief
    state: State
    save_state: Callable[[], None]
    state_key: str
    xref_index: int | None
    """Which cross-reference of the current paragraph ``x`` is on (``None``: none yet)."""
    _jump: tuple[int, int] | None
    _panes_pending: bool

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """Screen's own, without its repaint of the whole screen on every focus change (Tab):
    the widgets whose look depends on focus restyle and repaint themselves."""
    current: var[int] = var(1, init=False)
    """The cursor paragraph (in step with the article's cursor)."""
    panes_at: var[int] = var(1, init=False)
    """The paragraph the side panes follow (bound into the lists and the outline):
    ``current``, set after the frame that shows the text's change."""
    index: var[Index | None] = var(None, init=False, always_update=True, bindings=True)
    """The cross-reference index; ``None`` until a long text's worker has built it."""
    selected: var[str | None] = var(None, init=False, bindings=True)
    """The selected entry id or outline point id."""
    active_tab: var[str] = var("glossary", init=False)
    """The side pane shown when the panes are tabbed (narrow and tiny layouts)."""
    side_hidden = var(False, init=False, toggle_class="-side-hidden")
    """The side panes are hidden (``s`` in the wide and narrow layouts)."""
    side_open = var(False, init=False, toggle_class="-side-open")
    """The side area is open over the article (``s`` in the tiny layout)."""
    sheet_open = var(False, init=False, toggle_class="-sheet-open")
    """The definition sheet is open over the text (tiny layout, an entry selected)."""

    # -- widgets --------------------------------------------------------------------------
    @property
    def article(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def details(self) -> EntryDetails:
        return self.query_one("#details", EntryDetails)

    @property
    def outline(self) -> OutlineTree:
        return self.query_one("#outline", OutlineTree)

    def pane_widget(self, name: str) -> Widget:
        return self.query_one(f"#{name}")

    @property
    def tiny(self) -> bool:
        return self.has_class("-tiny")

    # -- the brief's data ---------------------------------------------------------------
    def mentions_of(self, entry_id: str) -> tuple[Mention, ...]:
        return self.index.mentions_of(entry_id) if self.index is not None else ()

    def point(self, point_id: str) -> OutlinePoint | None:
        return self.outline.point(point_id)

    # -- the reading position -------------------------------------------------------------
    def position(self) -> tuple[int, int]:
        """(paragraph, offset) of the reading position, for next/previous."""
        if self._jump is not None and self._jump[0] == self.article.cursor:
            return self._jump
        return (self.article.cursor, -1)

    def jump(self, paragraph: int, offset: int | None) -> None:
        self._jump = (paragraph, offset if offset is not None else -1)
        self.article.go_to(paragraph, offset)
