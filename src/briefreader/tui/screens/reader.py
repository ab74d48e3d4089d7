"""The reader: the article with glossary, actors and outline panes, cross-referenced.

State lives on the screen, as reactives (:mod:`.reader_state`), and flows down:
``current`` (the cursor paragraph) and ``index`` are bound into the lists and the
outline with ``data_bind``; ``selected``, ``active_tab`` and the side-pane flags
are watched and applied to the panes; layout classes come from
``HORIZONTAL_BREAKPOINTS`` (``-wide`` / ``-narrow`` / ``-tiny``) and from
``toggle_class`` reactives (``-side-hidden``, ``-side-open``, ``-sheet-open``).
Widgets post messages up (cursor moved, entry selected, point selected, search
query). The screen is built from parts, each a base class with one job: the
panes and focus in :mod:`.reader_layout`, selection and cross-references in
:mod:`.reader_select`, searching in :mod:`.reader_search`, reviewing suggestions
in :mod:`..review`; the brief's derived data is the :class:`BriefSession`'s.

This module composes the screen, declares its keys (once: help, footer, palette
and the README's key table are generated from them), loads the index (a long
text's in a worker, after the first paint) and the mastery marks, and follows the
cursor: in step with the article's ``cursor``, not a message later, so the panes
repaint in the text's frame; the position is saved a second after it moves.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Static

from ...core.state import State
from ...core.state_keys import article_key, saved_position
from ...core.xref import Index
from ..review import ReviewActions, mention_kind
from ..session import BriefSession
from ..textual_private import draw_now, lean_updates, repaint_pending
from ..widgets.article_view import MAX_MEASURE, ArticleView
from ..widgets.brief_header import BriefHeader
from ..widgets.containers import Column, Row, UniformLines
from ..widgets.details import DetailsPane, EntryDetails
from ..widgets.entry_list import EntryList
from ..widgets.key_footer import KeyFooter
from ..widgets.outline_tree import OutlineTree
from .reader_layout import ReaderLayout, pane_title
from .reader_search import ReaderSearch
from .reader_select import ReaderSelection

STANCE_LEGEND = "R reported · A author's claim"
ACTOR_LEGEND = "P person · S state · L place · O org · G group"
GLOSSARY_LEGEND = "T = glossary term"
EMPTY_HINT = (
    "These side panes show a brief's glossary, actors and outline of the argument, "
    "cross-referenced with the text. This is a bare text, so they are empty: write a "
    "brief (a YAML file naming this text; see the README, or `briefreader check` to "
    "validate one) to fill them."
)
PANES_AFTER = 0.001
"""Seconds between the text's frame and the panes' (see ``ReaderScreen._text_drawn``)."""
PLACEHOLDER = (
    "Enter on an entry or outline point shows it here and lights up its mentions; "
    "x steps through the references in this paragraph."
)


class ReaderScreen(UniformLines, ReviewActions, ReaderSelection, ReaderLayout, ReaderSearch):
    """Read the article; the side panes follow the reading position."""

    ARTICLE_VIEW: ClassVar[type[ArticleView]] = ArticleView
    """The article widget class (a subclass may add span layers, see ArticleView)."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "tab", "cycle_pane(1)", "Next pane", key_display="tab/1-4", tooltip="Cycle the panes"
        ),
        Binding("shift+tab", "cycle_pane(-1)", "Previous pane", show=False, tooltip="Backwards"),
        Binding("1", "focus_pane('article')", "Article", show=False, tooltip="Focus the text"),
        Binding("2", "focus_pane('glossary')", "Glossary", show=False, tooltip="Focus the terms"),
        Binding("3", "focus_pane('actors')", "Actors", show=False, tooltip="Focus the actors"),
        Binding("4", "focus_pane('outline')", "Outline", show=False, tooltip="Focus the outline"),
        Binding("slash", "search", "Search", tooltip="Search the text as you type"),
        Binding("n", "hit(1)", "Next", tooltip="Next search match, mention or anchor"),
        Binding("N", "hit(-1)", "Previous", show=False, tooltip="Previous match or mention"),
        Binding("x", "cycle_xref(1)", "Cross-ref", tooltip="Next cross-reference here"),
        Binding("X", "cycle_xref(-1)", "Prev cross-ref", show=False, tooltip="Backwards"),
        Binding("enter", "open_xref", "Open", show=False, tooltip="Open the focused reference"),
        Binding("escape", "clear", "Clear", show=False, tooltip="Clear selection or search"),
        Binding("s", "toggle_side", "Side panes", tooltip="Show or hide the side panes"),
    ]

    def __init__(self, session: BriefSession, state: State, save: Callable[[], None]) -> None:
        super().__init__()
        self.session = session
        self.brief = session.brief
        self.state = state
        self.save_state = save
        self.state_key = article_key(self.brief)
        self.xref_index: int | None = None
        self._save_timer: object | None = None
        self._jump: tuple[int, int] | None = None
        self._panes_pending = False
        self.set_reactive(ReaderScreen.index, session.index_now())

    # -- building -----------------------------------------------------------------
    def compose(self) -> ComposeResult:
        self._initial_layout(self.app.size.width)  # before mounting: no restyle on mount
        brief, data = self.brief, self.session.data
        total = len(brief.paragraphs)
        byline = data.byline
        yield BriefHeader(brief.metadata, id="header")
        with Row(id="main"):  # (containers drawn one line at a time)
            yield self.ARTICLE_VIEW(brief.paragraphs, max_measure=MAX_MEASURE, id="article")
            bare = not brief.entries and not brief.outline
            with Column(id="side", classes="-bare" if bare else ""):
                if not self.has_class("-wide") and not bare:
                    yield self.make_tabs()
                if bare:
                    yield Static(EMPTY_HINT, id="empty-hint", markup=False)
                glossary = EntryList(
                    brief.glossary, self.index, total, byline=byline, id="glossary"
                )
                glossary.add_class("pane", "-active", update=False)  # styled when mounted
                yield glossary.data_bind(
                    current_paragraph=ReaderScreen.panes_at, index=ReaderScreen.index
                )
                actors = EntryList(brief.actors, self.index, total, byline=byline, id="actors")
                actors.add_class("pane", update=False)
                yield actors.data_bind(
                    current_paragraph=ReaderScreen.panes_at, index=ReaderScreen.index
                )
                outline = OutlineTree(
                    brief.outline, data.points_by_paragraph, id="outline", classes="pane"
                )
                yield outline.data_bind(current_paragraph=ReaderScreen.panes_at)
                yield from self.more_panes()
                with DetailsPane(id="details-pane", classes="-empty"):
                    yield EntryDetails(PLACEHOLDER, id="details")
        yield KeyFooter()

    def more_panes(self) -> list[Widget]:
        """Side panes a subclass adds before the details (composed with the rest)."""
        return []

    def on_mount(self) -> None:
        lean_updates(self)  # a frame renders only the widgets (and rows) it writes
        saved = saved_position(self.state.positions, self.brief, self.state_key)
        self.side_hidden = self.state.side_hidden
        if saved and 1 <= saved <= len(self.brief.paragraphs):
            self.article.go_to(saved)
        self.set_legends()
        if self.index is not None:
            self.watch_index(self.index)
        elif (index := self.session.index_now()) is not None:  # built ahead, arrived by now
            self.index = index  # (in the first frame: the panes settle with the text)
        elif self.session.data.index_coming:  # a child builds it: its worker mostly waits
            self.article.hold_background(True)  # (its decoding, not the rest of the text)
            self.set_timer(2.0, lambda: self.article.hold_background(False))  # at the latest
            self.load_index()
        else:  # a long text: index after the first paint (the worker shares the GIL)
            self.set_timer(0.05, self.load_index)
        self.current = self.panes_at = self.article.cursor  # (the panes in the first paint)
        # in step with the cursor, not a message later; the panes a frame later (watch_current)
        self.watch(self.article, "cursor", self._follow_cursor, init=False)
        self.call_after_refresh(self._style_scrollbars)
        self._presize_scrollbars()
        self.set_timer(0.3, self.load_mastery)  # after the first paint
        self.start_suggestions()  # a bare article: suggestions from a worker

    def load_index(self) -> None:
        self.session.load_index(self, self._take_index)

    def _take_index(self, index: Index) -> None:
        self.index = index
        draw_now(self)  # (highlights and counts in a frame now, not on the next 60 Hz tick)

    def load_mastery(self) -> None:
        """Mark mastery per outline point (computed in a worker, if there is progress)."""

        def done(mastery: dict[str, float]) -> None:
            self.outline.set_mastery(mastery)
            if notice := self.session.study.take_notice():  # e.g. damaged rows skipped
                self.notify(notice, title="Progress", severity="warning", markup=False)

        self.session.load_mastery(self, done)

    def watch_index(self, index: Index | None) -> None:
        if index is None:
            return
        kinds = {e.id: mention_kind(e) for e in self.brief.entries}
        self.article.set_mention_index(index.by_paragraph, kinds)
        self.article.hold_background(False)
        header = self.query_one(BriefHeader)
        header.set_mentions(self.session.data.byline.mentions, kinds)
        self.index_changed()  # (an entry shown or selected before it came)
        self._freeze_heap()
        if self.session.data.index_unchecked:  # the child's: cross-checked after the paint
            self.set_timer(1.0, lambda: self.session.check_index(self, self._take_index))

    def _freeze_heap(self, tries: int = 60) -> None:
        """Once the index and the text's layout are built, exempt what exists from the
        cyclic garbage collector (``gc.freeze``): they live as long as the reader, and
        rescanning them made an occasional key wait 100-150 ms on the 4.4 MB text. Undone
        when the reader goes (``on_unmount``), so nothing stays uncollectable."""
        if not self.article.laid_out and tries > 0:  # a long text wraps in the background
            self.set_timer(0.5, lambda: self._freeze_heap(tries - 1))
            return
        gc.freeze()

    def set_legends(self) -> None:
        """The pane titles (in each list's top border), with one-line keys to the letters
        (hover shows them too)."""
        brief = self.brief
        for pane, label, legend in (
            ("glossary", f"Glossary ({len(brief.glossary)})", None),
            ("actors", f"Actors ({len(brief.actors)})", ACTOR_LEGEND),
            ("outline", "Outline of the argument", STANCE_LEGEND),
        ):
            widget = self.query_one(f"#{pane}")
            widget.border_title = pane_title(label, legend)
            widget.tooltip = legend or GLOSSARY_LEGEND

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Dim what cannot run now (``None``); hide nothing."""
        if action == "hit" and not (self.hits or self.selected):
            return None
        if action in ("cycle_xref", "open_xref") and self.index is None:
            return None
        return True

    # -- following the reading position -----------------------------------------------
    def _follow_cursor(self, paragraph: int) -> None:
        if paragraph:
            self.current = paragraph

    def watch_current(self, old: int, paragraph: int) -> None:
        self.xref_index = None
        self.article.set_focused_mention(None)
        self.state.positions[self.state_key] = paragraph
        if self._save_timer is None:
            self._save_timer = self.set_timer(1.0, self._save_now)
        if not self._panes_pending:  # the text's change first, in a frame of its own
            self._panes_pending = True
            self.call_after_refresh(self._text_drawn)

    def _text_drawn(self) -> None:
        """The text's frame is drawn: the panes follow after one turn of the event loop
        (a millisecond in which the output thread, waiting for the interpreter lock,
        writes that frame to the terminal instead of after the panes' frame)."""
        self.set_timer(PANES_AFTER, self._panes_follow)

    def _panes_follow(self) -> None:
        """The panes to the cursor paragraph, once the text's frame is written (keys in
        between: to where the cursor is by then), drawn at once in a frame of their own."""
        self._panes_pending = False
        if repaint_pending(self.article):  # the text's change first, if not drawn yet
            draw_now(self)  # (the cursor set outside a key: its repaint may come later)
        self.panes_at = self.current
        self.panes_followed()
        draw_now(self)

    def panes_followed(self) -> None:
        """A subclass's own panes follow the cursor here (drawn in the panes' frame)."""

    def _save_now(self) -> None:
        self._save_timer = None
        self.save_state()

    def on_unmount(self) -> None:
        self.save_state()
        gc.unfreeze()  # what _freeze_heap exempted is collectable again

    # -- actions ----------------------------------------------------------------------------
    def action_clear(self) -> None:
        if self.hits or self.search_open:
            self.close_search()
            return
        self.selected = None
        self.xref_index = None
        self.article.set_focused_mention(None)
        if self.tiny:
            self.side_open = False
        self.article.focus()
