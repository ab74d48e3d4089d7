"""The reader's selection and cross-references: what is selected, shown and walked.

* Enter on an entry (glossary, actors) or an outline point, or a click on a
  mention in the text, *selects* it (``selected``): its mentions (an entry) or
  anchors (a point) light up in the text, the details pane shows it, the header
  marks it in the byline; in the tiny layout its definition opens as a sheet. A
  point's selection moves the text to its first anchor. Moving over an entry in a
  focused list shows it in the details without selecting it.
* ``n``/``N`` walk the search matches when searching, else the selected entry's
  mentions or the point's anchors from the reading position (dimmed when there is
  nothing to walk); ``x``/``X`` step through the cross-references of the cursor
  paragraph (shown in the details), Enter selects the one stepped on.
* The command palette opens an entry (at its next mention), a point or a paragraph.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on

from ...core.brief import Term
from ...core.search import next_after
from ..widgets.article_view import ArticleView
from ..widgets.brief_header import BriefHeader
from ..widgets.details import DetailsPane
from ..widgets.entry_list import EntryList
from ..widgets.outline_tree import OutlineTree
from .reader_state import ReaderState

if TYPE_CHECKING:
    from .reader_search import Hit


class ReaderSelection(ReaderState):
    """Selecting, showing and walking entries and points (a base of the reader screen)."""

    if TYPE_CHECKING:  # provided by the other parts of the reader screen
        hits: list[Hit]

        def step_search(self, forward: bool) -> None: ...

        def action_focus_pane(self, name: str) -> None: ...

    # -- messages from the panes and the text ------------------------------------------
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

    # -- selecting and showing ------------------------------------------------------------
    def show_details(self, entry_id: str) -> None:
        if not self._entry_details(entry_id):
            return
        self.query_one(DetailsPane).show()
        if self.tiny and not self.side_open and self.selected is not None:
            self.sheet_open = True

    def _entry_details(self, entry_id: str) -> bool:
        """Put ``entry_id``'s details in the details pane (False: no such entry)."""
        entry = self.brief.entry(entry_id)
        if entry is None:
            return False
        index = self.index
        paragraphs = index.paragraphs_of(entry_id) if index is not None else ()
        byline = self.session.data.byline.count_of(entry_id)
        self.details.show_entry(entry, paragraphs, byline=byline, counted=index is not None)
        return True

    def index_changed(self) -> None:
        """The index arrived (or was replaced): what was shown without it -- an entry's
        details ("counting…"), the selected entry's mentions in the text -- from it now
        (the details keep their scroll position)."""
        shown = self.details.shown
        if shown is not None and shown[0] == "entry":
            self._entry_details(shown[1])
        selected = self.selected
        if selected is not None and self.brief.entry(selected) is not None:
            self.watch_selected(selected)

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

    # -- opening from the command palette ---------------------------------------------------
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
