"""The reader: the article with glossary, actors and outline panes, cross-referenced.

State lives here, as reactives, and flows down: ``current`` (the cursor
paragraph) and ``index`` are bound into the lists and the outline with
``data_bind``; ``selected``, ``active_tab`` and the side-pane flags are watched
here and applied to the panes; layout classes come from ``HORIZONTAL_BREAKPOINTS``
(``-wide`` / ``-narrow`` / ``-tiny``) and from ``toggle_class`` reactives
(``-side-hidden``, ``-side-open``, ``-sheet-open``). Widgets post messages up
(cursor moved, entry selected, point selected, search query). Searching lives in
:mod:`.reader_search`; the brief's derived data in the :class:`BriefSession`.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize, ScreenResume
from textual.reactive import Reactive, var
from textual.widget import Widget
from textual.widgets import Static, Tab, Tabs

from ...core.brief import OutlinePoint, Term
from ...core.search import next_after
from ...core.state import State
from ...core.state_keys import article_key, saved_position
from ...core.xref import Index, Mention
from ..first_layout import presize_scrollbars
from ..review import ReviewActions, mention_kind
from ..session import BriefSession
from ..widgets.article_view import MAX_MEASURE, ArticleView
from ..widgets.brief_header import BriefHeader
from ..widgets.details import DetailsPane, EntryDetails
from ..widgets.entry_list import EntryList
from ..widgets.key_footer import KeyFooter
from ..widgets.outline_tree import OutlineTree
from ..widgets.side_tabs import SideTabs
from .reader_search import ReaderSearch

PANES = ("article", "glossary", "actors", "outline", "details-pane")
SIDE_PANES = ("glossary", "actors", "outline")
WIDE = 120
NARROW = 80
KIND_LEGEND = "T term · P person · S state · L place · O organisation · G group"
STANCE_LEGEND = "R reported · A author's claim"
EMPTY_HINT = (
    "These side panes show a brief's glossary, actors and outline of the argument, "
    "cross-referenced with the text. This is a bare text, so they are empty: write a "
    "brief (a YAML file naming this text; see the README, or `briefreader check` to "
    "validate one) to fill them."
)
PLACEHOLDER = (
    "Enter on an entry or outline point shows it here and lights up its mentions; "
    "x steps through the references in this paragraph."
)


class ReaderScreen(ReviewActions, ReaderSearch):
    """Read the article; the side panes follow the reading position."""

    ARTICLE_VIEW: ClassVar[type[ArticleView]] = ArticleView
    """The article widget class (a subclass may add span layers, see ArticleView)."""
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 (declared on Screen as an instance attribute)
        (0, "-tiny"),
        (NARROW, "-narrow"),
        (WIDE, "-wide"),
    ]
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

    # State as `var`s: a repainting reactive on the screen would redraw every widget on
    # each change (a full compositor update per key); the watchers repaint what changed.
    AUTO_FOCUS = "#article"  # focused on resume (focusing in on_mount restyles it twice)

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """Screen's own, without its repaint of the whole screen on every focus change (Tab):
    the widgets whose look depends on focus restyle and repaint themselves."""
    current: var[int] = var(1, init=False)
    """The cursor paragraph (bound into the lists and the outline)."""
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
        self._resumed = False
        self.set_reactive(ReaderScreen.index, session.index_now())

    # -- building -----------------------------------------------------------------
    def compose(self) -> ComposeResult:
        self._initial_layout(self.app.size.width)  # before mounting: no restyle on mount
        brief, data = self.brief, self.session.data
        total = len(brief.paragraphs)
        byline = data.byline
        yield BriefHeader(brief.metadata, id="header")
        with Horizontal(id="main"):
            yield self.ARTICLE_VIEW(brief.paragraphs, max_measure=MAX_MEASURE, id="article")
            bare = not brief.entries and not brief.outline
            with Vertical(id="side", classes="-bare" if bare else ""):
                if not self.has_class("-wide") and not bare:
                    yield self.make_tabs()
                if bare:
                    yield Static(EMPTY_HINT, id="empty-hint", markup=False)
                with Vertical(id="glossary-pane", classes="pane -active"):
                    yield Static(
                        f"Glossary ({len(brief.glossary)})", classes="pane-title", markup=False
                    )
                    yield EntryList(
                        brief.glossary, self.index, total, byline=byline, id="glossary"
                    ).data_bind(current_paragraph=ReaderScreen.current, index=ReaderScreen.index)
                with Vertical(id="actors-pane", classes="pane"):
                    yield Static(
                        f"Actors ({len(brief.actors)})", classes="pane-title", markup=False
                    )
                    yield EntryList(
                        brief.actors, self.index, total, byline=byline, id="actors"
                    ).data_bind(current_paragraph=ReaderScreen.current, index=ReaderScreen.index)
                with Vertical(id="outline-pane", classes="pane"):
                    yield Static("Outline of the argument", classes="pane-title", markup=False)
                    yield OutlineTree(
                        brief.outline, data.points_by_paragraph, id="outline"
                    ).data_bind(current_paragraph=ReaderScreen.current)
                yield from self.more_panes()
                with DetailsPane(id="details-pane", classes="-empty"):
                    yield EntryDetails(PLACEHOLDER, id="details")
        yield KeyFooter()

    def more_panes(self) -> list[Widget]:
        """Side panes a subclass adds before the details (composed with the rest)."""
        return []

    def on_mount(self) -> None:
        saved = saved_position(self.state.positions, self.brief, self.state_key)
        self.side_hidden = self.state.side_hidden
        if saved and 1 <= saved <= len(self.brief.paragraphs):
            self.article.go_to(saved)
        self.set_legends()
        if self.index is not None:
            self.watch_index(self.index)
        else:  # a long text: index after the first paint (the worker shares the GIL)
            self.set_timer(0.05, self.load_index)
        self.current = self.article.cursor
        # in step with the cursor, not a message later: the panes repaint in the text's frame
        self.watch(self.article, "cursor", self._follow_cursor, init=False)
        self.call_after_refresh(self._style_scrollbars)
        self._presize_scrollbars()
        self.set_timer(0.3, self.load_mastery)  # after the first paint
        self.start_suggestions()  # a bare article: suggestions from a worker

    def watch_focused(self, old: Widget | None, new: Widget | None) -> None:
        """The focused pane's title takes the accent (``.pane-title.-focused``): Textual
        restyles only the focused widget's ancestors for ``:focus-within``, never a
        sibling, so ``.pane:focus-within > .pane-title`` never lit up."""
        before, after = _pane_box(old), _pane_box(new)
        if before is not after:
            for box, on in ((before, False), (after, True)):
                for title in box.query_children(".pane-title") if box is not None else ():
                    title.set_class(on, "-focused")

    def _presize_scrollbars(self) -> None:
        """Scrollbars predicted before the first layout (see :mod:`..first_layout`)."""
        article = self.article
        side = self.query_one("#side")
        presize_scrollbars(
            self.app.size,
            main_rows=self.app.size.height - 2,  # the header and the footer: a row each
            article=article,
            article_texts=[p.text for p in self.brief.paragraphs],
            article_gutter=article.gutter_cells,
            max_measure=article.max_measure,
            side=side,
        )

    def _style_scrollbars(self) -> None:
        """Style the panes' scrollbars now, after the first paint: Textual styles a
        scrollbar on its widget's first restyle, i.e. the first Tab to or from each pane,
        and that costs a layout pass of the whole screen each time. Again after a tab
        switch (a pane shown for the first time); styled ones are left alone."""
        stylesheet = self.app.stylesheet
        for widget in self.query(Widget):
            if widget.is_scrollable and widget.show_vertical_scrollbar:
                scrollbar = widget.vertical_scrollbar
                if not scrollbar.styles.base.has_rule("scrollbar_size_vertical"):
                    stylesheet.apply(scrollbar)

    def load_index(self) -> None:
        def done(index: Index) -> None:
            self.index = index

        self.session.load_index(self, done)

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
        header = self.query_one(BriefHeader)
        header.set_mentions(self.session.data.byline.mentions, kinds)
        self._freeze_heap()

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
        """One-line keys to the letters, in the pane titles (hover shows them too)."""
        for pane, legend in (
            ("glossary", "T = glossary term"),
            ("actors", "P person · S state · L place · O org · G group"),
            ("outline", STANCE_LEGEND),
        ):
            title = self.query_one(f"#{pane}-pane > .pane-title", Static)
            title.tooltip = legend
            self.query_one(f"#{pane}").tooltip = legend
            label = str(title.render())
            title.update(f"{label}  {legend}" if pane != "glossary" else label)

    # -- helpers ------------------------------------------------------------------
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

    def pane_of(self, widget: Widget | None) -> str | None:
        while widget is not None:
            if widget.id in PANES:
                return widget.id
            widget = widget.parent if isinstance(widget.parent, Widget) else None
        return None

    def _initial_layout(self, width: int) -> None:
        """The breakpoint class for ``width`` (the same one ``HORIZONTAL_BREAKPOINTS`` sets)."""
        mode = "-wide" if width >= WIDE else "-narrow" if width >= NARROW else "-tiny"
        self.set_class(True, mode)

    @property
    def tiny(self) -> bool:
        return self.has_class("-tiny")

    def make_tabs(self) -> Tabs:
        """The side area's tabs: only built once the screen is narrower than WIDE."""
        return SideTabs(
            Tab("Glossary", id="tab-glossary"),
            Tab("Actors", id="tab-actors"),
            Tab("Outline", id="tab-outline"),
            active=f"tab-{self.active_tab}",
            id="side-tabs",
        )

    def on_screen_resume(self, event: ScreenResume) -> None:
        """The first resume follows the mount, which styled every widget: Textual would
        restyle them all again (component classes too), for nothing."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def on_resize(self, event: Resize) -> None:
        if event.size == self._compositor.size and self._compositor.root is self:
            # Already laid out at this size: Textual would lay out and repaint every
            # widget again (at start-up it is sent this size three times).
            event.prevent_default()
        bare = self.query_one("#side").has_class("-bare")
        if event.size.width < WIDE and not bare and not self.query("#side-tabs"):
            self.query_one("#side", Vertical).mount(self.make_tabs(), before=0)
        if event.size.width >= NARROW:
            self.sheet_open = False
        elif self.selected is not None and not self.side_open:
            self.sheet_open = True

    def watch_active_tab(self, name: str) -> None:
        for pane in SIDE_PANES:
            self.query_one(f"#{pane}-pane").set_class(pane == name, "-active")
        self.call_after_refresh(self._style_scrollbars)  # the pane now shown
        for tabs in self.query("#side-tabs").results(Tabs):
            if tabs.active != f"tab-{name}":
                tabs.active = f"tab-{name}"

    @on(Tabs.TabActivated, "#side-tabs")
    def _tab_activated(self, event: Tabs.TabActivated) -> None:
        if event.tab.id:
            self.active_tab = event.tab.id.removeprefix("tab-")

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

    def _save_now(self) -> None:
        self._save_timer = None
        self.save_state()

    def on_unmount(self) -> None:
        self.save_state()
        gc.unfreeze()  # what _freeze_heap exempted is collectable again

    # -- selection ------------------------------------------------------------------------
    @on(EntryList.EntrySelected)
    def _entry_selected(self, event: EntryList.EntrySelected) -> None:
        self.select_entry(event.entry_id)

    @on(EntryList.EntryHighlighted)
    def _entry_highlighted(self, event: EntryList.EntryHighlighted) -> None:
        entry = self.brief.entry(event.entry_id)
        if entry is not None and self.selected is None and event.control.has_focus:
            self.show_details(entry.id)

    @on(OutlineTree.PointSelected)
    def _point_selected(self, event: OutlineTree.PointSelected) -> None:
        self.select_point(event.point_id)

    @on(ArticleView.Clicked)
    def _clicked(self, event: ArticleView.Clicked) -> None:
        if event.offset is None or self.index is None:
            return
        hits = self.index.at(event.paragraph, event.offset)
        if hits:
            self.select_entry(hits[0].entry_id)

    def mentions_of(self, entry_id: str) -> tuple[Mention, ...]:
        return self.index.mentions_of(entry_id) if self.index is not None else ()

    def show_details(self, entry_id: str) -> None:
        entry = self.brief.entry(entry_id)
        if entry is None:
            return
        paragraphs = [m.paragraph for m in self.mentions_of(entry_id)]
        byline = len(self.session.data.byline.mentions_of(entry_id))
        self.details.show_entry(entry, paragraphs, byline=byline)
        self.query_one(DetailsPane).show()
        if self.tiny and not self.side_open and self.selected is not None:
            self.sheet_open = True

    def watch_selected(self, selected: str | None) -> None:
        if selected is None:
            self.article.set_selected({})
            self.query_one(BriefHeader).selected = None
            self.details.clear()
            self.query_one(DetailsPane).hide()
            self.sheet_open = False
            return
        entry = self.brief.entry(selected)
        spans: dict[int, list[tuple[int, int]]] = {}
        if entry is not None:
            for m in self.mentions_of(selected):
                spans.setdefault(m.paragraph, []).append((m.start, m.end))
            self.query_one(BriefHeader).selected = selected
        else:
            self.query_one(BriefHeader).selected = None
            point = self.point(selected)
            for a in point.anchors if point else ():
                if a.start is not None and a.end is not None:
                    spans.setdefault(a.paragraph, []).append((a.start, a.end))
        self.article.set_selected(spans)

    def point(self, point_id: str) -> OutlinePoint | None:
        return self.outline.point(point_id)

    def select_entry(self, entry_id: str) -> None:
        entry = self.brief.entry(entry_id)
        if entry is None:
            return
        self.selected = entry_id
        self.show_details(entry_id)
        pane = "glossary" if isinstance(entry, Term) else "actors"
        self.query_one(f"#{pane}", EntryList).select_entry(entry_id)
        if not self.has_class("-wide"):
            self.active_tab = pane

    def select_point(self, point_id: str) -> None:
        point = self.outline.point(point_id)
        if point is None:
            return
        self.selected = point_id
        self.details.show_point(point)
        self.query_one(DetailsPane).show()
        if point.paragraphs:
            first = next((a for a in point.anchors if a.paragraph == point.paragraphs[0]), None)
            self.jump(point.paragraphs[0], first.start if first else None)
        self.outline.call_after_refresh(self.outline.scroll_to_marked)

    def targets(self) -> list[tuple[int, int, int]]:
        """What ``n``/``N`` walk when not searching: the selected entry's mentions, or
        the selected outline point's anchors (a whole-paragraph anchor counts at 0)."""
        if self.selected is None:
            return []
        if self.brief.entry(self.selected) is not None:
            return [(m.paragraph, m.start, m.end) for m in self.mentions_of(self.selected)]
        point = self.outline.point(self.selected)
        if point is None:
            return []
        return sorted((a.paragraph, a.start or 0, a.end or 0) for a in point.anchors)

    def open_entry(self, entry_id: str) -> None:
        """Select an entry, move the text to its next mention and show it (the palette)."""
        entry = self.brief.entry(entry_id)
        if entry is None:
            return
        self.select_entry(entry_id)
        hits = self.targets()
        i = next_after(hits, self.position(), True)
        if i is not None:
            self.jump(hits[i][0], hits[i][1])
        if not self.tiny:
            self.action_focus_pane("glossary" if isinstance(entry, Term) else "actors")

    def open_point(self, point_id: str) -> None:
        self.select_point(point_id)
        self.outline.select_point(point_id)
        self.action_focus_pane("article")

    def open_paragraph(self, n: int) -> None:
        self.jump(n, None)
        self.action_focus_pane("article")

    # -- actions ----------------------------------------------------------------------------
    def action_focus_pane(self, name: str) -> None:
        if name in SIDE_PANES:
            if self.tiny:
                self.side_open = True
                self.sheet_open = False
            self.side_hidden = False
            if not self.has_class("-wide"):
                self.active_tab = name
        elif name == "article" and self.tiny:
            self.side_open = False
        self.pane_widget(name).focus()

    def action_cycle_pane(self, delta: int) -> None:
        current = self.pane_of(self.focused) or "article"
        order = [p for p in PANES if p != "details-pane" or self.query_one(DetailsPane).shown]
        if self.tiny and not self.side_open:
            order = ["article"] + (["details-pane"] if self.sheet_open else [])
        i = order.index(current) if current in order else 0
        target = order[(i + delta) % len(order)]
        if target == "details-pane":
            self.query_one(DetailsPane).focus()
        else:
            self.action_focus_pane(target)

    def action_toggle_side(self) -> None:
        if self.tiny:
            self.side_open = not self.side_open
            if self.side_open:
                self.sheet_open = False
            else:
                self.article.focus()
        else:
            self.side_hidden = not self.side_hidden
            self.state.side_hidden = self.side_hidden  # remembered
            self.save_state()
            if self.side_hidden:
                self.article.focus()

    def action_hit(self, delta: int) -> None:
        forward = delta > 0
        if self.hits:
            self.step_search(forward)
            return
        if self.selected is None:
            self.notify("Select an entry or point (or search with /) first", timeout=2)
            return
        hits = self.targets()
        if not hits:
            self.notify("Not found in the text (only in the byline, or not at all)", timeout=2)
            return
        i = next_after(hits, self.position(), forward)
        if i is not None:
            p, start, _end = hits[i]
            self.jump(p, start)
            self.notify(f"{i + 1}/{len(hits)}", timeout=1)

    def position(self) -> tuple[int, int]:
        """(paragraph, offset) of the reading position, for next/previous."""
        if self._jump is not None and self._jump[0] == self.article.cursor:
            return self._jump
        return (self.article.cursor, -1)

    def jump(self, paragraph: int, offset: int | None) -> None:
        self._jump = (paragraph, offset if offset is not None else -1)
        self.article.go_to(paragraph, offset)

    def action_cycle_xref(self, delta: int) -> None:
        if self.index is None:
            return
        here = self.index.by_paragraph.get(self.current, ())
        if not here:
            self.notify(f"No cross-references in ¶ {self.current}", timeout=2)
            return
        if self.xref_index is None:
            self.xref_index = 0 if delta > 0 else len(here) - 1
        else:
            self.xref_index = (self.xref_index + delta) % len(here)
        m = here[self.xref_index]
        self.article.set_focused_mention((m.paragraph, m.start, m.end))
        self.show_details(m.entry_id)

    def action_open_xref(self) -> None:
        if self.index is None or self.xref_index is None:
            return
        here = self.index.by_paragraph.get(self.current, ())
        if self.xref_index < len(here):
            self.select_entry(here[self.xref_index].entry_id)

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


def _pane_box(widget: Widget | None) -> Widget | None:
    """The ``.pane`` container around ``widget`` (a side pane with a title), if any."""
    node = widget
    while isinstance(node, Widget):
        if node.has_class("pane"):
            return node
        node = node.parent if isinstance(node.parent, Widget) else None
    return None
