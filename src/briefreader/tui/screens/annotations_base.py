"""The data side of the annotated reader: loading, re-anchoring and saving highlights,
notes and user cards; the notes pane and its tab; the note editor; notes in search.

:class:`AnnotationsScreen` sits between :class:`~.reader.ReaderScreen` and
:class:`~.annotated_reader.AnnotatedReaderScreen` (which adds the sentence cursor,
the keys and the painting). Data lives in the progress store (see
:mod:`briefreader.study.annotations`); it is loaded after the first paint, and only
if the store exists (the first highlight creates it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.widget import Widget

from ...core.words import squash
from ..annotation_items import PlacedItems
from ..widgets.annotated_article import AnnotatedArticleView
from ..widgets.notes_pane import NotesPane
from .reader import ReaderScreen
from .reader_layout import pane_title

if TYPE_CHECKING:
    from collections.abc import Callable

    from ...core.brief import Paragraph
    from ...core.state import State
    from ...core.text_cursor import Point
    from ...study.annotations import Annotations, Placed
    from ..session import BriefSession
    from ..widgets.note_editor import NoteEditor

# The note editor, the anchoring and the sentence splitter: imported when a note is
# written or items are placed, not for the first frame (see test_startup.py).


def short(text: str, limit: int = 50) -> str:
    text = squash(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class AnnotationsScreen(ReaderScreen):
    """The reader plus its highlights, notes and user cards (data, pane, editor, search)."""

    ARTICLE_VIEW = AnnotatedArticleView
    SIDE_TABS = (*ReaderScreen.SIDE_TABS, ("notes", "Notes"))  # built before mounting

    def __init__(self, session: BriefSession, state: State, save: Callable[[], None]) -> None:
        super().__init__(session, state, save)
        self.cursor_point: Point | None = None
        self.sel_anchor: int | None = None  # selection start (offset in the point's paragraph)
        self.items = PlacedItems()
        self._notes: Annotations | None = None
        self._editing: tuple[str, int | None, int] | None = None  # (kind, id, paragraph)
        self._card_prompt: str | None = None  # a card's edited question, while its answer is
        self._notes_query: str | None = None
        self._note_shown = False
        # Each read of the store that reaches the screen bumps this. The load after the first
        # paint reads in a thread; if the user wrote (and so re-read) meanwhile, its older
        # read is dropped instead of undoing what they just did.
        self._generation = 0
        self.items_loaded = False  # the items on screen were read from the store
        self._lost_told = False  # the "can no longer be placed" warning: once per screen

    # -- building -----------------------------------------------------------------------
    def more_panes(self) -> list[Widget]:
        pane = NotesPane(id="notes")
        pane.add_class("pane", update=False)  # styled when mounted
        pane.border_title = pane_title("Highlights and notes")
        return [pane]

    def on_mount(self) -> None:
        if self.brief.path and self.state.last_brief != self.brief.path:
            self.state.last_brief = self.brief.path  # plain `briefreader` opens it next time
            self.call_after_refresh(self.save_state)  # after the first paint (it fsyncs)
        self.set_timer(0.3, self.load_annotations)

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
        generation = self._generation
        if self.items_loaded:
            return  # an action needed them first and read them itself
        notes = self.annotations(create=False)
        if notes is None:
            return
        items = self._place(notes)
        self.app.call_from_thread(self._apply_loaded, generation, *items)

    def _apply_loaded(self, generation: int, placed: list[Placed], lost: list[Placed]) -> None:
        if generation != self._generation:
            return  # read before the user's latest change, which is on screen already
        self._generation += 1
        self.apply_annotations(placed, lost)

    def _place(self, notes: Annotations) -> tuple[list[Placed], list[Placed]]:
        from ...core.anchoring import make_anchor
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
        """Read the store again, now (after a write, or before an action that needs it)."""
        notes = self.annotations(create=False)
        if notes is not None:
            self._generation += 1
            self.apply_annotations(*self._place(notes))

    def ensure_loaded(self) -> None:
        """Before an action that looks at what is placed: if the load after the first paint
        has not landed yet, read the store now (else ``h`` would highlight a sentence twice
        instead of removing its highlight)."""
        if not self.items_loaded:
            self.reload_annotations()

    def apply_annotations(self, placed: list[Placed], lost: list[Placed]) -> None:
        self.items = PlacedItems(placed, lost)
        self.items_loaded = True
        self.paint()
        if lost and not self._lost_told:
            self._lost_told = True
            count = len(lost)
            self.notify(
                f"{count} highlight(s), note(s) or card(s) can no longer be placed in the changed "
                "text: they are listed, marked, in the notes pane (5)",
                title="Highlights",
                severity="warning",
                timeout=10,
                markup=False,
            )

    def paint(self) -> None:
        """Push everything to the view (the subclass draws the cursor too)."""

    @property
    def annotated(self) -> AnnotatedArticleView:
        return self.query_one("#article", AnnotatedArticleView)

    @property
    def lost(self) -> list[Placed]:
        return self.items.lost

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return self.brief.paragraphs

    def _save(self, write: object) -> object:
        """Run one store write; a failure is one line, nothing half-done."""
        from ...core.errors import BriefError

        try:
            return write()  # type: ignore[operator]
        except BriefError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return None

    async def open_editor(
        self, target: tuple[str, int | None, int], value: str, title: str
    ) -> None:
        """Mount the editor and focus it before the next key is handled (keys typed
        right after ``a`` go to the note, not to the reader's bindings)."""
        from ..widgets.note_editor import NoteEditor

        self._editing = target
        editor = NoteEditor(value, title, id="note-editor")
        await self.mount(editor, before=self.query_one("KeyFooter"))
        self.set_focus(editor)  # now: Widget.focus() would wait for the next idle

    def close_editor(self) -> None:
        from ..widgets.note_editor import NoteEditor

        for editor in self.query(NoteEditor):
            editor.remove()
        self._editing = None
        self.set_focus(self.article)  # at once: the next key is the reader's

    def on_note_editor_saved(self, event: NoteEditor.Saved) -> None:
        from ..widgets.note_editor import NoteEditor

        event.stop()
        target = self._editing
        text = event.text.strip()
        if target is not None and target[0] == "card-prompt":  # step 1 of 2: the question
            card = self.items.card_by_id(target[1])
            editor = self.query(NoteEditor).first() if self.query(NoteEditor) else None
            if card is not None and text and editor is not None:
                self._card_prompt = text  # the same editor goes on with the answer
                self._editing = ("card", card.id, target[2])
                editor.value = card.answer
                editor.border_title = f"Answer of the card “{short(text)}”"
                return
        notes = self.annotations(create=True)
        self.close_editor()
        if target is None or notes is None:
            return
        kind, item_id, n = target
        if kind == "card":
            card = self.items.card_by_id(item_id)
            prompt = self._card_prompt or (card.prompt if card is not None else "")
            self._card_prompt = None
            if card is not None and text and prompt:
                self._save(lambda: notes.update_card(card.id, prompt=prompt, answer=text))
                self.session.study.reset_deck()
        elif item_id is not None:
            self._save(lambda: notes.set_note(item_id, text or None))
        elif text:
            from ...core.anchoring import make_anchor
            from ...core.sentences import sentences

            first = sentences(self.paragraphs[n - 1].text)
            end = first[0][1] if first else len(self.paragraphs[n - 1].text)
            anchor = make_anchor(self.paragraphs, n, 0, min(end, 200))
            self._save(
                lambda: notes.add_highlight(self.brief.slug, anchor, note=text, kind="paragraph")
            )
        self.reload_annotations()

    def on_note_editor_cancelled(self, event: NoteEditor.Cancelled) -> None:
        event.stop()
        self._card_prompt = None  # Esc in either step of a card edit changes nothing
        self.close_editor()

    # -- the notes pane -------------------------------------------------------------------
    @on(NotesPane.Jump)
    def _jump_to_item(self, event: NotesPane.Jump) -> None:
        from ...core.text_cursor import Point

        span = event.item.span
        if span is None:
            self.notify("This one can no longer be placed in the text (it changed)", timeout=3)
            return
        self.cursor_point, self.sel_anchor = Point(span[0], span[1]), None
        self.jump(span[0], span[1])
        self.action_focus_pane("article")
        self.paint()

    @on(NotesPane.Edit)
    async def _edit_item(self, event: NotesPane.Edit) -> None:
        item = event.item
        n = item.span[0] if item.span else 1
        card = self.items.card_by_id(item.id) if item.kind == "card" else None
        if card is not None:  # the question first (Enter), then the answer (Enter saves)
            await self.open_editor(
                ("card-prompt", card.id, n), card.prompt, "Question of the card (Enter: its answer)"
            )
        else:
            await self.open_editor(
                (item.kind, item.id, n), item.note or "", f"Note on “{short(item.quote)}”"
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
            self.ensure_loaded()
            extra = self.items.note_hits(query)
            if extra:
                from ...core.search import next_after

                self.hits = sorted(set(self.hits) | set(extra))
                self.hit_index = next_after(self.hits, (self.article.cursor, -1), True)
        super().show_hits()

    def close_search(self) -> None:
        self._notes_query = None
        super().close_search()
