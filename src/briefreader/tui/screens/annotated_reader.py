"""The reader with highlights, notes and cards made from highlights.

A subclass of :class:`~.reader.ReaderScreen` (through
:class:`~.annotations_base.AnnotationsScreen`, the data side: loading, saving, the
notes pane, the editor, notes in search) so the reader itself stays as it is: this
adds a sentence cursor (``(`` / ``)``, words with ←/→), ``h`` to highlight
the sentence or the ``v`` selection (again: remove it), ``a`` to write a note on
the highlight under the cursor or on the paragraph, ``c`` to make a cloze card
from a highlight, a notes pane (``5``), margin marks, notes in the details pane,
and notes in the search. Data lives in the progress store (see
:mod:`briefreader.study.annotations`); it is loaded after the first paint, and
only if the store exists (the first highlight creates it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content

from ..widgets.annotated_article import AnnotatedArticleView
from ..widgets.details import DetailsPane
from ..widgets.notes_pane import NotesPane
from .annotations_base import AnnotationsScreen, short

if TYPE_CHECKING:
    from ...core.text_cursor import Point
    from ...study.annotations import Highlight

# The sentence cursor (core.text_cursor), the anchoring, the note editor: imported by
# the keys that use them, not for the first frame (the cursor is off until ``(``).


class AnnotatedReaderScreen(AnnotationsScreen):
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
                from ...core.text_cursor import current_sentence

                sentence[self.cursor_point.paragraph] = [
                    current_sentence(self.paragraphs, self.cursor_point)
                ]
        article.set_layer("sentence", sentence)
        article.set_layer("selection", selection)
        self.query_one("#notes", NotesPane).set_items(self.items.rows(self.paragraphs))
        self.show_note_details()

    def selection(self) -> tuple[int, int]:
        from ...core.text_cursor import selection_span

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
        from ...core.text_cursor import first_sentence

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
        from ...core.text_cursor import move_sentence

        if not self.paragraphs:
            return
        if self.cursor_point is None or self.cursor_point.paragraph != self.article.cursor:
            self.ensure_point()
            self.paint()
            if delta > 0:
                return
        self.move_point(move_sentence(self.paragraphs, self.ensure_point(), delta))

    def action_word(self, delta: int) -> None:
        from ...core.text_cursor import move_word

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

    def _follow_cursor(self, paragraph: int) -> None:
        """In step with the cursor (not on its message): the sentence cursor moves in the
        text's frame; the note shown follows with the panes (:meth:`panes_followed`)."""
        super()._follow_cursor(paragraph)
        if not paragraph:
            return
        if self.cursor_point is not None and self.cursor_point.paragraph != paragraph:
            from ...core.text_cursor import first_sentence

            self.cursor_point = first_sentence(self.paragraphs, paragraph)
            self.sel_anchor = None
            self.paint()

    def panes_followed(self) -> None:
        self.show_note_details()

    @on(AnnotatedArticleView.Dragged)
    def _dragged(self, event: AnnotatedArticleView.Dragged) -> None:
        """A mouse selection: like ``v`` + movement, from where the drag started."""
        from ...core.text_cursor import Point

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
        from ...core.text_cursor import current_sentence

        point = self.ensure_point()
        if self.sel_anchor is not None:
            return (point.paragraph, *self.selection())
        return (point.paragraph, *current_sentence(self.paragraphs, point))

    def action_highlight(self) -> None:
        from ...core.anchoring import make_anchor

        if not self.paragraphs:
            return
        notes = self.annotations(create=True)
        if notes is None:
            return
        self.ensure_loaded()
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

            question = f"Remove this highlight and its note “{short(h.note)}”?"
            self.app.push_screen(ConfirmScreen(question), lambda yes: remove() if yes else None)
        else:
            remove()

    # -- notes ------------------------------------------------------------------------------
    async def action_note(self) -> None:
        from ..widgets.note_editor import NoteEditor

        if not self.paragraphs or self.query(NoteEditor):
            return
        self.ensure_loaded()
        hit = self.items.highlight_at(*self.cursor_point) if self.cursor_point is not None else None
        if hit is not None:
            h, (n, start, end) = hit
            quote = self.paragraphs[n - 1].text[start:end]
            await self.open_editor(
                ("highlight", h.id, n), h.note or "", f"Note on “{short(quote)}”"
            )
            return
        n = self.point_paragraph()
        para = self.items.paragraph_note(n)
        await self.open_editor(
            ("paragraph", para.id if para else None, n),
            (para.note or "") if para else "",
            f"Note on ¶ {n}",
        )

    # -- cards ------------------------------------------------------------------------------
    def action_card(self) -> None:
        from ...core.anchoring import make_anchor
        from ...study.user_cards import cloze_prompt, passage_for

        if not self.paragraphs:
            return
        notes = self.annotations(create=True)
        if notes is None:
            return
        self.ensure_loaded()
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
        if passage == gap:
            self.notify(
                "The highlight is the whole paragraph: select the words to ask with v "
                "(or drag with the mouse), then c",
                timeout=4,
            )
            return
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
            f"Card made: {short(prompt, 60)} → {short(text[gap[0] : gap[1]], 30)} (t studies it)",
            title="Card",
            markup=False,
        )
