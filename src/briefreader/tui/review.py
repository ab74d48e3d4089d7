"""Reviewing suggestions in the reader: accept, drop, edit, merge, accept all in a pane.

:class:`ReviewActions` is mixed into the reader screen. When a bare article is
opened, suggestions are computed in a worker thread after the first paint and the
side panes fill when they are ready (suggested entries are dimmed, with ``?`` on
their cue; their mentions in the text are dimmed too).

With a suggestion focused (its row in a pane, or in the text the focused
cross-reference or the selected entry): ``y`` accepts, ``d`` drops, ``e`` edits its
name/definition/kind (title/summary/stance for an outline point), ``M`` merges it
into another entry, ``Y`` accepts every suggestion in the focused pane. The same
actions are in the command palette (they are bindings).

Every action edits the brief's YAML through :class:`~briefreader.core.roundtrip.
BriefFile` (round-trip, checked, atomic). For a bare article the first action offers
to import it (copy + brief YAML in the user's briefs folder); declined, the review
goes on in a scratch copy that lasts until the reader quits.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual.binding import Binding, BindingType
from textual.dom import DOMNode

from ..core.brief import Brief, Entry, OutlinePoint, Term, entry_kind
from ..core.errors import BriefError

if TYPE_CHECKING:
    from ..annotate.model import Suggestions
    from ..core.roundtrip import BriefFile
    from ..core.xref import Index
    from .screens.reader import ReaderScreen

Target = tuple[str, Entry | OutlinePoint]


def mention_kind(entry: Entry) -> str:
    """The article view's style name for an entry's mentions (suggestions: dimmed)."""
    return "suggested" if entry.suggested else entry_kind(entry)


def is_bare(brief: Brief) -> bool:
    return brief.path is not None and not brief.path.lower().endswith((".yaml", ".yml"))


class ReviewActions(DOMNode):
    """Mixin for :class:`~briefreader.tui.screens.reader.ReaderScreen` (a DOMNode, so
    Textual merges its BINDINGS into the screen's)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "y", "review('accept')", "Accept", show=False, tooltip="Accept the focused suggestion"
        ),
        Binding("d", "review('drop')", "Drop", show=False, tooltip="Drop the focused suggestion"),
        Binding(
            "e",
            "review('edit')",
            "Edit",
            show=False,
            tooltip="Edit a suggestion's name, text, kind",
        ),
        Binding(
            "M", "review('merge')", "Merge", show=False, tooltip="Merge a suggestion into an entry"
        ),
        Binding(
            "Y",
            "review('accept_all')",
            "Accept all",
            show=False,
            tooltip="Accept every suggestion in the focused pane",
        ),
    ]

    _review_path: Path | None = None
    _declined_import = False

    @property
    def _reader(self) -> ReaderScreen:
        return cast("ReaderScreen", self)

    # -- suggestions arriving ----------------------------------------------------------
    def start_suggestions(self) -> None:
        """For a bare article, compute suggestions off the first-paint path."""
        reader = self._reader
        if not is_bare(reader.brief) or reader.brief.entries:
            return
        from ..annotate.convert import MAX_SUGGEST_CHARS

        if sum(len(p.text) for p in reader.brief.paragraphs) > MAX_SUGGEST_CHARS:
            return  # a book: the rules would keep a core busy for minutes
        reader.set_timer(0.05, self._suggest_in_worker)

    def _suggest_in_worker(self) -> None:
        reader = self._reader
        reader.run_worker(self._suggest, thread=True, exclusive=True, group="suggest")

    def _suggest(self) -> None:
        from ..annotate import suggest
        from ..annotate.convert import with_suggestions
        from ..core.xref import index_brief

        reader = self._reader
        original = reader.brief
        found = suggest(original.article)
        brief = with_suggestions(original, found)
        index = index_brief(brief)
        reader.app.call_from_thread(self._suggestions_ready, original, brief, index, found)

    def _suggestions_ready(
        self, original: Brief, brief: Brief, index: Index, found: Suggestions
    ) -> None:
        if self._reader.brief is not original:
            return  # the brief changed meanwhile
        self.set_brief(brief, index)
        n = len(brief.entries) + len(brief.outline_points())
        if n:
            self._reader.notify(
                f"{n} suggestions: y accepts, d drops, e edits, M merges, Y accepts a whole pane",
                title="Suggestions",
                timeout=6,
            )

    def set_brief(self, brief: Brief, index: Index | None = None) -> None:
        """Show another version of the brief (suggestions added, or a review saved)."""
        from textual.containers import Vertical

        from ..study.derived import BriefData
        from .widgets.entry_list import EntryList
        from .widgets.outline_tree import OutlineTree

        reader = self._reader
        data = BriefData(brief, index=index)
        session = reader.session
        session.brief, session.data = brief, data
        session.study.brief, session.study.data = brief, data  # the deck: accepted entries
        session.study.reset_deck()
        reader.app.brief = brief  # type: ignore[attr-defined]
        reader.brief = brief
        side = reader.query_one("#side", Vertical)
        if side.has_class("-bare") and (brief.entries or brief.outline):
            side.remove_class("-bare")
            for hint in reader.query("#empty-hint"):
                hint.remove()
            if not reader.has_class("-wide") and not reader.query("#side-tabs"):
                side.mount(reader.make_tabs(), before=0)
        for name, entries in (("glossary", brief.glossary), ("actors", brief.actors)):
            reader.query_one(f"#{name}", EntryList).set_entries(
                entries, data.index, byline=data.byline
            )
        reader.set_legends()
        reader.query_one("#outline", OutlineTree).set_points(
            brief.outline, data.points_by_paragraph
        )
        reader.index = data.index

    # -- the focused suggestion ------------------------------------------------------------
    def focused_target(self) -> Target | None:
        from .widgets.entry_list import EntryList
        from .widgets.outline_tree import OutlineTree

        reader = self._reader
        focused = reader.focused
        target_id: str | None = None
        if isinstance(focused, (EntryList, OutlineTree)):
            target_id = focused.selected_id
        elif reader.index is not None and reader.xref_index is not None:
            here = reader.index.by_paragraph.get(reader.current, ())
            if reader.xref_index < len(here):
                target_id = here[reader.xref_index].entry_id
        if target_id is None:
            target_id = reader.selected
        if target_id is None:
            return None
        entry = reader.brief.entry(target_id)
        if entry is not None:
            return target_id, entry
        point = next((p for p in reader.brief.outline_points() if p.id == target_id), None)
        return (target_id, point) if point is not None else None

    # -- actions --------------------------------------------------------------------------
    def action_review(self, what: str) -> None:
        reader = self._reader
        if what == "accept_all":
            self._accept_all()
            return
        target = self.focused_target()
        if target is None or not target[1].suggested:
            reader.notify(
                "Focus a suggestion first (dimmed, with ?): in a pane, or x in the text",
                timeout=3,
            )
            return
        target_id, item = target
        if what == "accept":
            self.with_file(lambda f: f.accept(target_id), f"Accepted {_label(item)}", target_id)
        elif what == "drop":
            self.with_file(lambda f: f.drop(target_id), f"Dropped {_label(item)}", target_id)
        elif what == "edit":
            self._edit(target_id, item)
        elif what == "merge":
            self._merge(target_id, item)

    def _accept_all(self) -> None:
        reader = self._reader
        pane = reader.pane_of(reader.focused)
        brief = reader.brief
        ids: list[str]
        if pane == "glossary":
            ids = [t.id for t in brief.glossary if t.suggested]
        elif pane == "actors":
            ids = [a.id for a in brief.actors if a.suggested]
        elif pane == "outline":
            ids = [p.id for p in brief.outline if p.suggested]
        else:
            reader.notify("Focus a pane first (2 glossary, 3 actors, 4 outline)", timeout=3)
            return
        if not ids:
            reader.notify("No suggestions in this pane", timeout=2)
            return
        self.with_file(lambda f: f.accept_all(ids), f"Accepted {len(ids)} suggestions", None)

    def _edit(self, target_id: str, item: Entry | OutlinePoint) -> None:
        from .review_modals import Edit, ReviewModal

        if isinstance(item, OutlinePoint):
            modal = ReviewModal(
                "Edit the outline point", item.title, item.summary, item.stance, point=True
            )
        elif isinstance(item, Term):
            modal = ReviewModal(
                "Edit the suggestion", item.term, item.definition, "term", point=False
            )
        else:
            modal = ReviewModal(
                "Edit the suggestion", item.name, item.description, item.kind, point=False
            )

        def done(edit: Edit | None) -> None:
            if edit is None:
                return
            kind = None if edit.kind == "unset" else edit.kind  # a point's stance: not yet
            self.with_file(
                lambda f: f.edit(target_id, name=edit.name, definition=edit.definition, kind=kind),
                f"Edited {edit.name}",
                target_id,
            )

        self._reader.app.push_screen(modal, done)

    def _merge(self, target_id: str, item: Entry | OutlinePoint) -> None:
        from .review_modals import MergeModal

        reader = self._reader
        if isinstance(item, OutlinePoint):
            reader.notify("Outline points cannot be merged (drop or edit it)", timeout=3)
            return
        entries = sorted(
            (e for e in reader.brief.entries if e.id != target_id),
            key=lambda e: (e.suggested, entry_kind(e), _label(e).casefold()),
        )
        choices = [
            (e.id, f"{entry_kind(e)}: {_label(e)}{' (suggested)' if e.suggested else ''}")
            for e in entries
        ]

        def done(into: str | None) -> None:
            if into is not None:
                self.with_file(lambda f: f.merge(target_id, into), f"Merged {_label(item)}", into)

        reader.app.push_screen(MergeModal(f"Merge “{_label(item)}” into…", choices), done)

    # -- writing back -------------------------------------------------------------------
    def with_file(
        self, change: Callable[[BriefFile], object], message: str, focus: str | None
    ) -> None:
        """Apply ``change`` to the brief's YAML (importing a bare article first)."""
        reader = self._reader
        brief = reader.brief
        if not is_bare(brief):
            self._apply(Path(brief.path or ""), change, message, focus)
            return
        if self._review_path is not None:
            self._apply(self._review_path, change, message, focus)
            return
        from ..core.paths import user_briefs_dir
        from .review_modals import ImportModal

        def answered(yes: bool | None) -> None:
            try:
                if yes:
                    from ..annotate.importing import import_bare

                    self._review_path = import_bare(reader.brief)
                    reader.notify(f"Imported as {self._review_path}", title="Import", timeout=5)
                else:
                    self._review_path = self._scratch(reader.brief)
            except BriefError as exc:
                reader.notify(str(exc), severity="error", markup=False)
                return
            self._apply(self._review_path, change, message, focus)

        reader.app.push_screen(ImportModal(brief.title, str(user_briefs_dir())), answered)

    def _scratch(self, brief: Brief) -> Path:
        from ..annotate.importing import scratch_copy

        return scratch_copy(brief)

    def _apply(
        self, path: Path, change: Callable[[BriefFile], object], message: str, focus: str | None
    ) -> None:
        from ..core.loader import load_brief
        from ..core.paths import bundled_dir
        from ..core.roundtrip import BriefFile

        reader = self._reader
        try:
            if path.resolve().is_relative_to(bundled_dir().resolve()):
                raise BriefError(str(path), "a bundled brief is read-only")
            brief_file = BriefFile(path)
            change(brief_file)
            brief_file.save()
            brief = load_brief(path)
        except BriefError as exc:
            reader.notify(str(exc), severity="error", markup=False, timeout=6)
            if reader.brief.path != str(path):  # e.g. an earlier import: show that brief
                with contextlib.suppress(BriefError):
                    self.set_brief(load_brief(path))
            return
        pane = reader.pane_of(reader.focused)
        following = self._next_suggestion(focus, pane)
        self.set_brief(brief)
        reader.notify(message, timeout=2, markup=False)
        self._refocus(following if following is not None else focus, pane)

    def _next_suggestion(self, current: str | None, pane: str | None) -> str | None:
        """The suggestion after ``current`` in its pane (review moves on by itself)."""
        brief = self._reader.brief
        items: list[Entry | OutlinePoint]
        if pane == "glossary":
            items = list(brief.glossary)
        elif pane == "actors":
            items = list(brief.actors)
        elif pane == "outline":
            items = list(brief.outline_points())
        else:
            return None
        ids = [i.id for i in items]
        start = ids.index(current) + 1 if current in ids else 0
        for item in items[start:] + items[:start]:
            if item.suggested and item.id != current:
                return item.id
        return None

    def _refocus(self, target: str | None, pane: str | None) -> None:
        from .widgets.entry_list import EntryList
        from .widgets.outline_tree import OutlineTree

        reader = self._reader
        if target is None or pane not in ("glossary", "actors", "outline"):
            return
        widget = reader.query_one(f"#{pane}")
        if isinstance(widget, EntryList):
            widget.select_entry(target)
        elif isinstance(widget, OutlineTree):
            widget.select_point(target)


def _label(item: Entry | OutlinePoint) -> str:
    if isinstance(item, OutlinePoint):
        return item.title
    return item.term if isinstance(item, Term) else item.name
