"""The reader: the article with glossary, actors and outline panes, cross-referenced.

Data flows down as attributes (the brief, the index, the current paragraph, the
selected entry); widgets post messages up (cursor moved, entry selected, point
selected, search query) and this screen turns them into attribute changes.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static, Tab, Tabs

from ...core.brief import Brief, Term
from ...core.search import find_all, next_after
from ...core.xref import Index, Mention, index_brief
from ..review import ReviewActions, mention_kind
from ..widgets.article_view import ArticleView
from ..widgets.brief_header import BriefHeader
from ..widgets.details import EntryDetails
from ..widgets.entry_list import EntryList
from ..widgets.key_footer import KeyFooter
from ..widgets.outline_tree import OutlineTree
from ..widgets.search_bar import SearchBar

PANES = ("article", "glossary", "actors", "outline")
SIDE_PANES = PANES[1:]
WIDE = 120
NARROW = 80


class ReaderScreen(ReviewActions, Screen[None]):
    """Read the article; the side panes follow the reading position."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "cycle_pane(1)", "Next pane", show=False, tooltip="Cycle the panes"),
        Binding("shift+tab", "cycle_pane(-1)", "Previous pane", show=False, tooltip="Backwards"),
        Binding("1", "focus_pane('article')", "Article", show=False, tooltip="Focus the text"),
        Binding("2", "focus_pane('glossary')", "Glossary", show=False, tooltip="Focus the terms"),
        Binding("3", "focus_pane('actors')", "Actors", show=False, tooltip="Focus the actors"),
        Binding("4", "focus_pane('outline')", "Outline", show=False, tooltip="Focus the outline"),
        Binding("slash", "search", "Search", tooltip="Search the text as you type"),
        Binding("n", "hit(1)", "Next", tooltip="Next search match, or next mention"),
        Binding("N", "hit(-1)", "Previous", show=False, tooltip="Previous search match or mention"),
        Binding("x", "cycle_xref(1)", "Cross-ref", tooltip="Next cross-reference here"),
        Binding("X", "cycle_xref(-1)", "Prev cross-ref", show=False, tooltip="Backwards"),
        Binding("enter", "open_xref", "Open", show=False, tooltip="Open the focused reference"),
        Binding("escape", "clear", "Clear", show=False, tooltip="Clear selection or search"),
        Binding("s", "toggle_side", "Panes", show=False, tooltip="Show or hide the side panes"),
    ]

    def __init__(self, brief: Brief, index: Index | None) -> None:
        super().__init__()
        self.brief = brief
        self.index = index
        self.current = 1
        self.selected: str | None = None  # entry id, or outline point id
        self.hits: list[tuple[int, int, int]] = []
        self.hit_index: int | None = None
        self.xref_index: int | None = None
        self.active_tab = "glossary"
        self._save_timer: object | None = None
        self._jump: tuple[int, int] | None = None

    # -- building -----------------------------------------------------------------
    def compose(self) -> ComposeResult:
        self._layout_for(self.app.size.width)  # before mounting: no restyle on mount
        brief = self.brief
        total = len(brief.paragraphs)
        yield BriefHeader(brief.metadata, id="header")
        with Horizontal(id="main"):
            yield ArticleView(brief.paragraphs, id="article")
            with Vertical(id="side"):
                if not self.has_class("-wide"):
                    yield self.make_tabs()
                with Vertical(id="glossary-pane", classes="pane -active"):
                    yield Static(f"Glossary ({len(brief.glossary)})", classes="pane-title")
                    yield EntryList(brief.glossary, {}, total, id="glossary")
                with Vertical(id="actors-pane", classes="pane"):
                    yield Static(f"Actors ({len(brief.actors)})", classes="pane-title")
                    yield EntryList(brief.actors, {}, total, id="actors")
                with Vertical(id="outline-pane", classes="pane"):
                    yield Static("Outline of the argument", classes="pane-title")
                    yield OutlineTree(brief.outline, id="outline")
                yield EntryDetails(
                    "Enter on an entry or outline point shows it here and lights up its "
                    "mentions; x steps through the references in this paragraph.",
                    id="details",
                )
        yield KeyFooter()

    def on_mount(self) -> None:
        saved = self.app_state.position(self.brief.slug)
        self.article.focus()
        self._layout_for(self.size.width)
        if saved and 1 <= saved <= len(self.brief.paragraphs):
            self.article.go_to(saved)
        if self.index is not None:
            self.apply_index(self.index)
        else:  # a long text: index after the first paint (the worker shares the GIL)
            self.set_timer(0.05, self.build_index)
        self.follow(self.article.cursor)
        self.set_timer(0.3, self.refresh_mastery)  # after the first paint
        self.start_suggestions()  # a bare article: suggestions from a worker

    def refresh_mastery(self) -> None:
        """Mark mastery per outline point, once there is any progress to show."""
        from ...core.paths import user_home

        if not self.brief.outline or not (user_home() / "progress.sqlite3").exists():
            return
        mastery = self.app.study.mastery()  # type: ignore[attr-defined]
        self.query_one("#outline", OutlineTree).set_mastery(mastery)
        self.app.study_notice()  # type: ignore[attr-defined]  # e.g. damaged rows skipped

    @work(thread=True, exclusive=True, group="index")
    def build_index(self) -> None:
        index = index_brief(self.brief)
        self.app.call_from_thread(self.apply_index, index)

    def apply_index(self, index: Index) -> None:
        self.index = index
        kinds = {e.id: mention_kind(e) for e in self.brief.entries}
        spans: dict[int, list[tuple[int, int, str]]] = {}
        for m in index.mentions:
            spans.setdefault(m.paragraph, []).append((m.start, m.end, kinds[m.entry_id]))
        self.article.set_mentions(spans)
        paragraphs = {eid: [m.paragraph for m in ms] for eid, ms in index.by_entry.items()}
        for name in ("glossary", "actors"):
            self.query_one(f"#{name}", EntryList).set_mentions(paragraphs)
        self.follow(self.article.cursor)

    # -- helpers ------------------------------------------------------------------
    @property
    def article(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def details(self) -> EntryDetails:
        return self.query_one("#details", EntryDetails)

    @property
    def app_state(self):  # type: ignore[no-untyped-def]
        return self.app.state  # type: ignore[attr-defined]

    def pane_widget(self, name: str) -> Widget:
        return self.query_one(f"#{name}")

    def pane_of(self, widget: Widget | None) -> str | None:
        while widget is not None:
            if widget.id in PANES:
                return widget.id
            widget = widget.parent if isinstance(widget.parent, Widget) else None
        return None

    def _layout_for(self, width: int) -> None:
        """Switch the layout class only when it changes (each switch restyles the tree)."""
        mode = "-wide" if width >= WIDE else "-narrow" if width >= NARROW else "-tiny"
        if self.has_class(mode):
            return
        self.remove_class("-wide", "-narrow", "-tiny")
        self.add_class(mode)
        if mode != "-wide" and self.is_mounted and not self.query("#side-tabs"):
            side = self.query_one("#side", Vertical)
            side.mount(self.make_tabs(), before=0)

    def make_tabs(self) -> Tabs:
        """The side area's tabs: only built once the screen is narrower than WIDE."""
        return Tabs(
            Tab("Glossary", id="tab-glossary"),
            Tab("Actors", id="tab-actors"),
            Tab("Outline", id="tab-outline"),
            active=f"tab-{self.active_tab}",
            id="side-tabs",
        )

    def search_bar(self) -> SearchBar:
        """The search bar, mounted the first time it is needed."""
        found = self.query("#search")
        if found:
            bar = found.first()
            assert isinstance(bar, SearchBar)
            return bar
        bar = SearchBar(id="search")
        self.mount(bar, before=self.query_one(KeyFooter))
        return bar

    def on_resize(self, event: Resize) -> None:
        self._layout_for(event.size.width)

    def show_tab(self, name: str) -> None:
        self.active_tab = name
        for pane in SIDE_PANES:
            self.query_one(f"#{pane}-pane").set_class(pane == name, "-active")
        for tabs in self.query("#side-tabs").results(Tabs):
            if tabs.active != f"tab-{name}":
                tabs.active = f"tab-{name}"

    @on(Tabs.TabActivated, "#side-tabs")
    def _tab_activated(self, event: Tabs.TabActivated) -> None:
        if event.tab.id:
            self.show_tab(event.tab.id.removeprefix("tab-"))

    # -- following the reading position -----------------------------------------------
    @on(ArticleView.CursorMoved)
    def _cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        self.follow(event.paragraph)

    def follow(self, paragraph: int) -> None:
        if paragraph != self.current:
            self.xref_index = None
            self.article.set_focused_mention(None)
        self.current = paragraph
        for name in ("glossary", "actors"):
            self.query_one(f"#{name}", EntryList).set_current_paragraph(paragraph)
        self.query_one("#outline", OutlineTree).set_current_paragraph(paragraph)
        self.app_state.positions[self.brief.slug] = paragraph
        if self._save_timer is None:
            self._save_timer = self.set_timer(1.0, self._save_now)

    def _save_now(self) -> None:
        self._save_timer = None
        self.app.save_state()  # type: ignore[attr-defined]

    def on_unmount(self) -> None:
        self.app.save_state()  # type: ignore[attr-defined]

    # -- selection ------------------------------------------------------------------------
    @on(EntryList.EntrySelected)
    def _entry_selected(self, event: EntryList.EntrySelected) -> None:
        self.select_entry(event.entry_id)

    @on(EntryList.EntryHighlighted)
    def _entry_highlighted(self, event: EntryList.EntryHighlighted) -> None:
        entry = self.brief.entry(event.entry_id)
        if entry is not None and self.selected is None and event.control.has_focus:
            self.details.show_entry(entry, self.mention_paragraphs(entry.id))

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

    def mention_paragraphs(self, entry_id: str) -> list[int]:
        return [m.paragraph for m in self.mentions_of(entry_id)]

    def select_entry(self, entry_id: str) -> None:
        entry = self.brief.entry(entry_id)
        if entry is None:
            return
        self.selected = entry_id
        mentions = self.mentions_of(entry_id)
        spans: dict[int, list[tuple[int, int]]] = {}
        for m in mentions:
            spans.setdefault(m.paragraph, []).append((m.start, m.end))
        self.article.set_selected(spans)
        self.details.show_entry(entry, [m.paragraph for m in mentions])
        pane = "glossary" if isinstance(entry, Term) else "actors"
        self.query_one(f"#{pane}", EntryList).select_entry(entry_id)
        if not self.has_class("-wide"):
            self.show_tab(pane)

    def select_point(self, point_id: str) -> None:
        point = next((p for p in self.brief.outline_points() if p.id == point_id), None)
        if point is None:
            return
        self.selected = point_id
        self.details.show_point(point)
        spans: dict[int, list[tuple[int, int]]] = {}
        for a in point.anchors:
            if a.start is not None and a.end is not None:
                spans.setdefault(a.paragraph, []).append((a.start, a.end))
        self.article.set_selected(spans)
        if point.paragraphs:
            first = next((a for a in point.anchors if a.paragraph == point.paragraphs[0]), None)
            self.jump(point.paragraphs[0], first.start if first else None)

    def open_entry(self, entry_id: str) -> None:
        """Select an entry and focus its pane (the palette's "go to")."""
        entry = self.brief.entry(entry_id)
        if entry is None:
            return
        self.select_entry(entry_id)
        self.action_focus_pane("glossary" if isinstance(entry, Term) else "actors")

    def open_point(self, point_id: str) -> None:
        self.select_point(point_id)
        self.query_one("#outline", OutlineTree).select_point(point_id)
        self.action_focus_pane("article")

    def open_paragraph(self, n: int) -> None:
        self.jump(n, None)
        self.action_focus_pane("article")

    # -- actions ----------------------------------------------------------------------------
    def action_focus_pane(self, name: str) -> None:
        if name in SIDE_PANES:
            if self.has_class("-tiny") and not self.has_class("-side-open"):
                self.add_class("-side-open")
            if not self.has_class("-wide"):
                self.show_tab(name)
        elif self.has_class("-tiny"):
            self.remove_class("-side-open")
        self.pane_widget(name).focus()

    def action_cycle_pane(self, delta: int) -> None:
        current = self.pane_of(self.focused) or "article"
        order = PANES
        i = order.index(current) if current in order else 0
        self.action_focus_pane(order[(i + delta) % len(order)])

    def action_toggle_side(self) -> None:
        if self.has_class("-tiny"):
            self.toggle_class("-side-open")
            if not self.has_class("-side-open"):
                self.article.focus()
        else:
            self.toggle_class("-side-hidden")

    def action_search(self) -> None:
        bar = self.search_bar()
        bar.add_class("-open")
        self.call_after_refresh(bar.focus)

    def action_hit(self, delta: int) -> None:
        forward = delta > 0
        if self.hits:
            self.step_search(forward)
            return
        if self.selected is None or self.index is None:
            self.notify("Select an entry (or search with /) first", timeout=2)
            return
        mentions = self.mentions_of(self.selected)
        if not mentions:
            self.notify("No mentions in the text", timeout=2)
            return
        hits = [(m.paragraph, m.start, m.end) for m in mentions]
        i = next_after(hits, self.position(), forward)
        if i is not None:
            p, start, _end = hits[i]
            self.jump(p, start)

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
        entry = self.brief.entry(m.entry_id)
        if entry is not None:
            self.details.show_entry(entry, self.mention_paragraphs(entry.id))

    def action_open_xref(self) -> None:
        if self.index is None or self.xref_index is None:
            return
        here = self.index.by_paragraph.get(self.current, ())
        if self.xref_index < len(here):
            self.select_entry(here[self.xref_index].entry_id)

    def action_clear(self) -> None:
        if self.hits:
            self.close_search()
            return
        self.selected = None
        self.xref_index = None
        self.article.set_selected({})
        self.article.set_focused_mention(None)
        self.details.clear()
        self.article.focus()

    # -- search ------------------------------------------------------------------------
    @on(SearchBar.Query)
    def _search_query(self, event: SearchBar.Query) -> None:
        self.hits = find_all(self.brief.paragraphs, event.text)
        self.hit_index = next_after(self.hits, (self.article.cursor, -1), True)
        self.show_hits()

    def show_hits(self) -> None:
        spans: dict[int, list[tuple[int, int]]] = {}
        for p, start, end in self.hits:
            spans.setdefault(p, []).append((start, end))
        current = self.hits[self.hit_index] if self.hit_index is not None else None
        self.article.set_search(spans, current)
        if current is not None:
            self.jump(current[0], current[1])
        bar = self.search_bar()
        bar.border_subtitle = f"{(self.hit_index or 0) + 1}/{len(self.hits)}" if self.hits else ""

    def step_search(self, forward: bool) -> None:
        if not self.hits:
            return
        base = self.hit_index if self.hit_index is not None else -1
        self.hit_index = (base + (1 if forward else -1)) % len(self.hits)
        self.show_hits()

    @on(SearchBar.Step)
    def _search_step(self, event: SearchBar.Step) -> None:
        self.step_search(event.forward)

    @on(SearchBar.Done)
    def _search_done(self) -> None:
        self.search_bar().remove_class("-open")
        self.article.focus()
        if not self.hits:
            self.close_search()

    @on(SearchBar.Closed)
    def _search_closed(self) -> None:
        self.close_search()

    def close_search(self) -> None:
        bar = self.search_bar()
        bar.remove_class("-open")
        bar.value = ""
        self.hits, self.hit_index = [], None
        self.article.set_search({}, None)
        self.article.focus()
