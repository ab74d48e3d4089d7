"""The reader with highlights, notes and cards made from highlights.

A subclass of :class:`~.reader.ReaderScreen` so the reader itself stays as it is:
this adds a sentence cursor (``(`` / ``)``, words with ←/→), ``h`` to highlight
the sentence or the ``v`` selection (again: remove it), ``a`` to write a note on
the highlight under the cursor or on the paragraph, ``c`` to make a cloze card
from a highlight, a notes pane (``5``), margin marks, notes in the details pane,
and notes in the search. Data lives in the progress store (see
:mod:`briefreader.study.annotations`); it is loaded after the first paint, and
only if the store exists (the first highlight creates it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static, Tab, Tabs

from ...core.anchoring import make_anchor
from ...core.sentences import sentences
from ...core.text_cursor import (
    Point,
    current_sentence,
    first_sentence,
    move_sentence,
    move_word,
    selection_span,
)
from ...core.words import squash
from ..annotation_items import PlacedItems
from ..widgets.annotated_article import AnnotatedArticleView
from ..widgets.article_view import ArticleView
from ..widgets.details import DetailsPane
from ..widgets.note_editor import NoteEditor
from ..widgets.notes_pane import NotesPane
from .reader import ReaderScreen

if TYPE_CHECKING:
    from collections.abc import Callable

    from ...core.brief import Paragraph
    from ...core.state import State
    from ...study.annotations import Annotations, Highlight, Placed
    from ..session import BriefSession


def _short(text: str, limit: int = 50) -> str:
    text = squash(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class AnnotatedReaderScreen(ReaderScreen):
    """The reader plus highlights, notes and user cards."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "left_parenthesis",
            "sentence(-1)",
            "Sentence back",
            show=False,
            key_display="(",
            tooltip="Sentence cursor to the previous sentence",
        ),
        Binding(
            "right_parenthesis",
            "sentence(1)",
            "Sentence",
            show=False,
            key_display=")",
            tooltip="Sentence cursor to the next sentence",
        ),
        Binding("left", "word(-1)", "Word back", show=False, tooltip="Cursor to the previous word"),
        Binding("right", "word(1)", "Word", show=False, tooltip="Cursor to the next word"),
        Binding(
            "v",
            "select",
            "Select",
            show=False,
            tooltip="Start or end a selection (move with ( ) ← →)",
        ),
        Binding(
            "h",
            "highlight",
            "Highlight",
            show=False,
            tooltip="Highlight the sentence or selection (again: remove)",
        ),
        Binding(
            "a", "note", "Note", show=False, tooltip="Note on the highlight, or on the paragraph"
        ),
        Binding(
            "c",
            "card",
            "Card",
            show=False,
            tooltip="Cloze card from the highlight (the selection is the gap)",
        ),
        Binding(
            "5",
            "focus_pane('notes')",
            "Notes",
            show=False,
            tooltip="Focus the highlights and notes",
        ),
    ]

    ARTICLE_VIEW = AnnotatedArticleView

    def __init__(self, session: BriefSession, state: State, save: Callable[[], None]) -> None:
        super().__init__(session, state, save)
        self.cursor_point: Point | None = None
        self.sel_anchor: int | None = None  # selection start (offset in the point's paragraph)
        self.items = PlacedItems()
        self._notes: Annotations | None = None
        self._editing: tuple[str, int | None, int] | None = None  # (kind, id, paragraph)
        self._notes_query: str | None = None
        self._note_shown = False

    # -- building -----------------------------------------------------------------------
    def on_mount(self) -> None:
        side = self.query_one("#side", Vertical)
        pane = Vertical(
            Static("Highlights and notes", classes="pane-title"),
            NotesPane(id="notes"),
            id="notes-pane",
            classes="pane",
        )
        side.mount(pane, before="#details-pane")
        if self.brief.path and self.state.last_brief != self.brief.path:
            self.state.last_brief = self.brief.path  # plain `briefreader` opens it next time
            self.save_state()
        self.set_timer(0.3, self.load_annotations)

    def make_tabs(self) -> Tabs:
        """The reader's side tabs plus Notes (built before mounting, so not added later)."""
        return Tabs(
            Tab("Glossary", id="tab-glossary"),
            Tab("Actors", id="tab-actors"),
            Tab("Outline", id="tab-outline"),
            Tab("Notes", id="tab-notes"),
            active=f"tab-{self.active_tab}",
            id="side-tabs",
        )

    def watch_active_tab(self, name: str) -> None:
        super().watch_active_tab(name)
        for pane in self.query("#notes-pane"):
            pane.set_class(name == "notes", "-active")

    def action_focus_pane(self, name: str) -> None:
        if name != "notes":
            super().action_focus_pane(name)
            return
        if self.tiny:
            self.side_open = True
            self.sheet_open = False
        self.side_hidden = False
        if not self.has_class("-wide"):
            self.active_tab = "notes"
        self.query_one("#notes", NotesPane).focus()

    # -- loading ------------------------------------------------------------------------
    def annotations(self, *, create: bool) -> Annotations | None:
        """The store's annotations; opened (and created) only when ``create`` or it exists."""
        if self._notes is None:
            from ...core.paths import user_home

            if not create and not (user_home() / "progress.sqlite3").exists():
                return None
            store = self.session.study.store()
            if store is None:
                if create:
                    self.app.store_problem()  # type: ignore[attr-defined]
                return None
            from ...study.annotations import Annotations

            self._notes = Annotations(store)
        return self._notes

    @work(thread=True, exclusive=True, group="annotations")
    def load_annotations(self) -> None:
        notes = self.annotations(create=False)
        if notes is None:
            return
        items = self._place(notes)
        self.app.call_from_thread(self.apply_annotations, *items, True)

    def _place(self, notes: Annotations) -> tuple[list[Placed], list[Placed]]:
        from ...study.annotations import Highlight, place_all

        slug, paragraphs = self.brief.slug, self.brief.paragraphs
        placed, lost = place_all([*notes.highlights(slug), *notes.cards(slug)], paragraphs)
        for p in placed:  # remember where moved items are now
            if p.placement.status in ("moved", "fuzzy") and isinstance(p.item, Highlight):
                assert p.placement.span is not None
                n, start, end = p.placement.span
                notes.move_highlight(p.item.id, make_anchor(paragraphs, n, start, end))
        return placed, lost

    def reload_annotations(self) -> None:
        notes = self.annotations(create=False)
        if notes is not None:
            self.apply_annotations(*self._place(notes), False)

    def apply_annotations(self, placed: list[Placed], lost: list[Placed], first: bool) -> None:
        self.items = PlacedItems(placed, lost)
        self.paint()
        if first and lost:
            count = len(lost)
            self.notify(
                f"{count} highlight(s), note(s) or card(s) can no longer be placed in the changed "
                "text: they are listed, marked, in the notes pane (5)",
                title="Highlights",
                severity="warning",
                timeout=10,
                markup=False,
            )

    # -- painting -----------------------------------------------------------------------
    def paint(self) -> None:
        """Push highlights, marks, the sentence cursor and the selection to the view."""
        article = self.annotated
        spans, marks = self.items.layers()
        article.set_layer("highlight", spans)
        article.set_marks(marks)
        sentence: dict[int, list[tuple[int, int]]] = {}
        selection: dict[int, list[tuple[int, int]]] = {}
        if self.cursor_point is not None:
            if self.sel_anchor is not None:
                selection[self.cursor_point.paragraph] = [self.selection()]
            else:
                sentence[self.cursor_point.paragraph] = [
                    current_sentence(self.paragraphs, self.cursor_point)
                ]
        article.set_layer("sentence", sentence)
        article.set_layer("selection", selection)
        self.query_one("#notes", NotesPane).set_items(self.items.rows(self.paragraphs))
        self.show_note_details()

    @property
    def annotated(self) -> AnnotatedArticleView:
        return self.query_one("#article", AnnotatedArticleView)

    @property
    def lost(self) -> list[Placed]:
        return self.items.lost

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return self.brief.paragraphs

    def selection(self) -> tuple[int, int]:
        assert self.cursor_point is not None and self.sel_anchor is not None
        return selection_span(
            self.paragraphs, self.cursor_point.paragraph, self.sel_anchor, self.cursor_point.offset
        )

    def show_note_details(self) -> None:
        """The note of the highlight under the cursor (or of the paragraph) in details."""
        found = None
        if self.cursor_point is not None:
            hit = self.items.highlight_at(*self.cursor_point)
            if hit is not None and hit[0].note:
                found = hit[0]
        if found is None:
            para = self.items.paragraph_note(self.current)
            if para is not None and (self.cursor_point is not None or self.selected is None):
                found = para
        if found is None or found.note is None:
            if self.details.shown is None and self._note_shown:
                self.details.clear()
                self.query_one("#details-pane", DetailsPane).hide()
                self._note_shown = False
            return
        label = (
            "Note on the highlight" if found.kind == "highlight" else f"Note on ¶ {self.current}"
        )
        self.details.update(Content.assemble((label, "bold"), "\n", found.note))
        self.query_one("#details-pane", DetailsPane).show()
        self._note_shown = True

    # -- the sentence cursor ----------------------------------------------------------------
    def ensure_point(self) -> Point:
        if self.cursor_point is None or self.cursor_point.paragraph != self.article.cursor:
            self.cursor_point = first_sentence(self.paragraphs, max(1, self.article.cursor))
            self.sel_anchor = None
        return self.cursor_point

    def move_point(self, point: Point) -> None:
        if self.sel_anchor is not None and point.paragraph != self.point_paragraph():
            return  # a selection stays within its paragraph
        self.cursor_point = point
        if point.paragraph != self.article.cursor:
            self.jump(point.paragraph, point.offset)
        else:
            self.article.go_to(point.paragraph, point.offset)
        self.paint()

    def point_paragraph(self) -> int:
        return self.cursor_point.paragraph if self.cursor_point is not None else self.article.cursor

    def action_sentence(self, delta: int) -> None:
        if not self.paragraphs:
            return
        if self.cursor_point is None or self.cursor_point.paragraph != self.article.cursor:
            self.ensure_point()
            self.paint()
            if delta > 0:
                return
        self.move_point(move_sentence(self.paragraphs, self.ensure_point(), delta))

    def action_word(self, delta: int) -> None:
        if not self.paragraphs:
            return
        self.move_point(move_word(self.paragraphs, self.ensure_point(), delta))

    def action_select(self) -> None:
        if not self.paragraphs:
            return
        point = self.ensure_point()
        if self.sel_anchor is None:
            self.sel_anchor = point.offset
            self.notify(
                "Selecting: move with ( ) ← →, then h highlights or c makes a card", timeout=3
            )
        else:
            self.sel_anchor = None
        self.paint()

    @on(ArticleView.CursorMoved)
    def _annotated_cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        if self.cursor_point is not None and self.cursor_point.paragraph != event.paragraph:
            self.cursor_point = first_sentence(self.paragraphs, event.paragraph)
            self.sel_anchor = None
            self.paint()
        else:
            self.show_note_details()

    @on(AnnotatedArticleView.Dragged)
    def _dragged(self, event: AnnotatedArticleView.Dragged) -> None:
        """A mouse selection: like ``v`` + movement, from where the drag started."""
        self.cursor_point = Point(event.paragraph, event.offset)
        self.sel_anchor = event.anchor
        self.paint()

    def action_clear(self) -> None:
        if self.sel_anchor is not None:
            self.sel_anchor = None
            self.paint()
            return
        if self.cursor_point is not None and not self.hits:
            self.cursor_point = None
            self.paint()
            return
        super().action_clear()

    # -- highlight ----------------------------------------------------------------------
    def target_span(self) -> tuple[int, int, int]:
        """The selection, else the current sentence (entering sentence mode if needed)."""
        point = self.ensure_point()
        if self.sel_anchor is not None:
            return (point.paragraph, *self.selection())
        return (point.paragraph, *current_sentence(self.paragraphs, point))

    def action_highlight(self) -> None:
        if not self.paragraphs:
            return
        notes = self.annotations(create=True)
        if notes is None:
            return
        n, start, end = self.target_span()
        existing = None
        if self.sel_anchor is None and self.cursor_point is not None:
            existing = self.items.highlight_at(*self.cursor_point)
        else:
            same = self.items.highlight_equal((n, start, end))
            existing = (same, (n, start, end)) if same is not None else None
        if existing is not None:
            self.remove_highlight(existing[0])
            return
        self._save(
            lambda: notes.add_highlight(
                self.brief.slug, make_anchor(self.paragraphs, n, start, end)
            )
        )
        self.sel_anchor = None
        self.reload_annotations()

    def remove_highlight(self, h: Highlight) -> None:
        notes = self._notes
        if notes is None:
            return

        def remove() -> None:
            self._save(lambda: notes.delete_highlight(h.id))
            self.reload_annotations()

        if h.note:
            from .library_dialogs import ConfirmScreen

            question = f"Remove this highlight and its note “{_short(h.note)}”?"
            self.app.push_screen(ConfirmScreen(question), lambda yes: remove() if yes else None)
        else:
            remove()

    def _save(self, write: object) -> object:
        """Run one store write; a failure is one line, nothing half-done."""
        from ...core.errors import BriefError

        try:
            return write()  # type: ignore[operator]
        except BriefError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return None

    # -- notes ------------------------------------------------------------------------------
    def action_note(self) -> None:
        if not self.paragraphs or self.query(NoteEditor):
            return
        hit = self.items.highlight_at(*self.cursor_point) if self.cursor_point is not None else None
        if hit is not None:
            h, (n, start, end) = hit
            quote = self.paragraphs[n - 1].text[start:end]
            self.open_editor(("highlight", h.id, n), h.note or "", f"Note on “{_short(quote)}”")
            return
        n = self.point_paragraph()
        para = self.items.paragraph_note(n)
        self.open_editor(
            ("paragraph", para.id if para else None, n),
            (para.note or "") if para else "",
            f"Note on ¶ {n}",
        )

    def open_editor(self, target: tuple[str, int | None, int], value: str, title: str) -> None:
        self._editing = target
        editor = NoteEditor(value, title, id="note-editor")
        self.mount(editor, before=self.query_one("KeyFooter"))
        editor.focus()

    def close_editor(self) -> None:
        for editor in self.query(NoteEditor):
            editor.remove()
        self._editing = None
        self.article.focus()

    @on(NoteEditor.Saved)
    def _note_saved(self, event: NoteEditor.Saved) -> None:
        event.stop()
        target = self._editing
        notes = self.annotations(create=True)
        self.close_editor()
        if target is None or notes is None:
            return
        kind, item_id, n = target
        text = event.text.strip()
        if kind == "card":
            card = self.items.card_by_id(item_id)
            if card is not None and text:
                prompt = card.prompt
                self._save(lambda: notes.update_card(card.id, prompt=prompt, answer=text))
                self.session.study.reset_deck()
        elif item_id is not None:
            self._save(lambda: notes.set_note(item_id, text or None))
        elif text:
            first = sentences(self.paragraphs[n - 1].text)
            end = first[0][1] if first else len(self.paragraphs[n - 1].text)
            anchor = make_anchor(self.paragraphs, n, 0, min(end, 200))
            self._save(
                lambda: notes.add_highlight(self.brief.slug, anchor, note=text, kind="paragraph")
            )
        self.reload_annotations()

    @on(NoteEditor.Cancelled)
    def _note_cancelled(self, event: NoteEditor.Cancelled) -> None:
        event.stop()
        self.close_editor()

    # -- cards ------------------------------------------------------------------------------
    def action_card(self) -> None:
        from ...study.user_cards import cloze_prompt, passage_for

        if not self.paragraphs:
            return
        notes = self.annotations(create=True)
        if notes is None:
            return
        point = self.ensure_point()
        n = point.paragraph
        text = self.paragraphs[n - 1].text
        if self.sel_anchor is not None:
            gap = self.selection()
            hit = self.items.highlight_at(n, gap[0])
            if hit is not None and hit[1][2] >= gap[1] and hit[1][1:] != gap:
                passage, highlight = hit[1][1:], hit[0].id
            else:
                passage, highlight = passage_for(text, gap), None
        else:
            hit = self.items.highlight_at(*point)
            if hit is None:
                self.notify("Highlight a passage first (h), or select the gap with v", timeout=3)
                return
            gap = hit[1][1:]
            passage, highlight = passage_for(text, gap), hit[0].id
        if highlight is None:  # the card comes from a highlight: make one for the passage
            anchor = make_anchor(self.paragraphs, n, *passage)
            highlight = self._save(lambda: notes.add_highlight(self.brief.slug, anchor))  # type: ignore[assignment]
        prompt = cloze_prompt(text, passage, gap)
        gap_anchor = make_anchor(self.paragraphs, n, *gap)
        made = self._save(
            lambda: notes.add_card(self.brief.slug, gap_anchor, prompt, highlight_id=highlight)
        )
        if made is None:
            return
        self.sel_anchor = None
        self.session.study.reset_deck()
        self.reload_annotations()
        self.notify(
            f"Card made: {_short(prompt, 60)} → {_short(text[gap[0] : gap[1]], 30)} (t studies it)",
            title="Card",
            markup=False,
        )

    # -- the notes pane -------------------------------------------------------------------
    @on(NotesPane.Jump)
    def _jump_to_item(self, event: NotesPane.Jump) -> None:
        span = event.item.span
        if span is None:
            self.notify("This one can no longer be placed in the text (it changed)", timeout=3)
            return
        self.cursor_point, self.sel_anchor = Point(span[0], span[1]), None
        self.jump(span[0], span[1])
        self.action_focus_pane("article")
        self.paint()

    @on(NotesPane.Edit)
    def _edit_item(self, event: NotesPane.Edit) -> None:
        item = event.item
        n = item.span[0] if item.span else 1
        if item.kind == "card":
            self.open_editor(
                ("card", item.id, n),
                item.answer or "",
                f"Answer of the card “{_short(item.quote)}”",
            )
        else:
            self.open_editor(
                (item.kind, item.id, n), item.note or "", f"Note on “{_short(item.quote)}”"
            )

    @on(NotesPane.Delete)
    def _delete_item(self, event: NotesPane.Delete) -> None:
        from .library_dialogs import ConfirmScreen

        item = event.item
        notes = self._notes
        if notes is None:
            return
        what = {
            "card": "this card (its schedule too)",
            "paragraph": "this note",
            "highlight": "this highlight" + (" and its note" if item.note else ""),
        }[item.kind]

        def done(yes: bool | None) -> None:
            if not yes:
                return
            if item.kind == "card":
                self._save(lambda: notes.delete_card(item.id))
                self.session.study.reset_deck()
            else:
                self._save(lambda: notes.delete_highlight(item.id))
            self.reload_annotations()

        self.app.push_screen(ConfirmScreen(f"Delete {what}?"), done)

    # -- search in notes -------------------------------------------------------------------
    def show_hits(self) -> None:
        query = self.search_bar().value
        if query != self._notes_query:
            self._notes_query = query
            extra = self.items.note_hits(query)
            if extra:
                from ...core.search import next_after

                self.hits = sorted(set(self.hits) | set(extra))
                self.hit_index = next_after(self.hits, (self.article.cursor, -1), True)
        super().show_hits()

    def close_search(self) -> None:
        self._notes_query = None
        super().close_search()
