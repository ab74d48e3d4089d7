"""The library: every brief with reading and quiz progress; the daily study queue.

``L`` opens it. Columns as ``briefreader list``; ``s``/``S`` (or a click on a
header) sort; ``/`` filters as you type; Enter opens the brief in the reader, ``t``
starts its quiz, ``d`` deletes an imported brief (after a confirmation; its files
and progress go to a backup, ``u`` undoes it during the session), ``i`` imports a
file by path. Rows are computed in a worker (each brief's deck is built).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from ...core.errors import one_line
from ..widgets.key_footer import KeyFooter
from .library_dialogs import ConfirmScreen, ImportScreen

if TYPE_CHECKING:
    from ...study.catalog import BriefRow
    from ...study.library_ops import Backup

COLUMNS = ("Title", "Source", "Date", "Read", "Due", "New", "Mastery")
SORT_KEYS = ("title", "source", "date", "read", "due", "new", "mastery")


def sort_value(row: BriefRow, key: str) -> tuple[int, object]:
    """A sort key putting unknown values last."""
    value: object
    if key == "title":
        value = (row.title or row.slug).casefold()
    elif key == "source":
        value = (row.source or "").casefold() or None
    elif key == "date":
        value = row.date
    elif key == "read":
        value = row.progress if row.paragraphs else None
    else:
        value = getattr(row, key)
    return (1, "") if value is None else (0, value)


def row_cells(row: BriefRow) -> list[Text]:
    """The cells of one row, as plain text spans (titles are data, never markup)."""
    if row.error is not None:
        return [
            Text(row.slug),
            Text("invalid", style="red"),
            Text(""),
            Text(""),
            Text(""),
            Text(""),
            Text(row.error[:60], style="dim"),
        ]
    read = f"¶ {row.last_read or 0}/{row.paragraphs}"
    due = Text(str(row.due if row.due is not None else "-"))
    if row.due:
        due.stylize("bold")
    mastery = "-" if row.mastery is None or not row.cards else f"{round(row.mastery * 100)}%"
    return [
        Text(row.title or row.slug),
        Text(row.source or ""),
        Text(row.date or ""),
        Text(read),
        due,
        Text(str(row.new if row.new is not None else "-")),
        Text(mastery),
    ]


def queue_line(rows: list[BriefRow]) -> str:
    due = [r for r in rows if r.due]
    if not due:
        return f"{len(rows)} briefs · nothing due now"
    cards = sum(r.due or 0 for r in due)
    noun = "brief has" if len(due) == 1 else "briefs have"
    return f"{len(due)} {noun} cards due ({cards} cards) · {len(rows)} briefs"


class LibraryScreen(Screen[None]):
    """Every brief, sortable and filterable; open, study, import or delete one."""

    DEFAULT_CSS = """
    LibraryScreen { layout: vertical; }
    #library-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    #library-queue { height: 1; padding: 0 1; color: $text-warning; }
    #library-filter { display: none; }
    #library-filter.-open { display: block; }
    #library-table { height: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", tooltip="Open the brief in the reader"),
        Binding("t", "quiz", "Quiz", tooltip="Study this brief's cards"),
        Binding("slash", "filter", "Filter", tooltip="Filter the briefs as you type"),
        Binding("s", "sort(1)", "Sort", tooltip="Sort by the next column"),
        Binding("S", "sort(-1)", "Reverse", show=False, tooltip="Reverse the sort order"),
        Binding("i", "import", "Import", tooltip="Import an article file by path"),
        Binding("d", "delete", "Delete", tooltip="Delete an imported brief (backup, undo)"),
        Binding("u", "undo", "Undo", show=False, tooltip="Undo the last deletion"),
        Binding("escape", "close", "Back", tooltip="Back to the reader"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[BriefRow] = []
        self.shown: list[BriefRow] = []
        self.sort_key: str | None = None
        self.reverse = False
        self.filter_text = ""
        self.undo_stack: list[Backup] = []
        self._select: str | None = None

    def compose(self) -> ComposeResult:
        yield Static("Library", id="library-title")
        yield Static("Loading the briefs…", id="library-queue")
        yield Input(placeholder="Filter: title, source or slug", id="library-filter")
        table: DataTable[Text] = DataTable(
            id="library-table", cursor_type="row", zebra_stripes=True
        )
        for name, key in zip(COLUMNS, SORT_KEYS, strict=True):
            table.add_column(name, key=key)
        yield table
        yield KeyFooter()

    def on_mount(self) -> None:
        self.table.focus()
        self.reload()

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#library-table", DataTable)

    @property
    def current_slug(self) -> str | None:
        return getattr(self.app, "brief", None) and self.app.brief.slug  # type: ignore[attr-defined]

    # -- data ---------------------------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        self._select = select
        self.load_rows()

    @work(thread=True, exclusive=True, group="library")
    def load_rows(self) -> None:
        from ...core.state import State
        from ...study.catalog import catalog
        from ..worker_results import deliver_if_current

        store = self.app.study.store()  # type: ignore[attr-defined]
        positions = dict(State.load().positions)
        positions.update(self.app.state.positions)  # type: ignore[attr-defined]
        rows = catalog(store, positions, datetime.now(UTC))
        deliver_if_current(self.app, self.show_rows, rows)  # a newer reload's rows win

    def show_rows(self, rows: list[BriefRow]) -> None:
        self.rows = rows
        self.query_one("#library-queue", Static).update(Text(queue_line(rows)))
        self.refill()

    def refill(self) -> None:
        table = self.table
        keep = self._select or self.selected_slug()
        self._select = None
        needle = self.filter_text.casefold().strip()
        shown = [
            r
            for r in self.rows
            if not needle or needle in " ".join((r.title or "", r.source or "", r.slug)).casefold()
        ]
        if self.sort_key is not None:
            key = self.sort_key
            shown.sort(key=lambda r: sort_value(r, key), reverse=self.reverse)
        self.shown = shown
        cells = [row_cells(row) for row in shown]
        # Columns as wide as their widest cell, set here: a DataTable sizes auto-width
        # columns only on its next idle, and a frame drawn before it (under load) cut
        # every cell to its header's width.
        table.clear(columns=True)
        for i, (name, key) in enumerate(zip(COLUMNS, SORT_KEYS, strict=True)):
            width = max([len(name), *(row[i].cell_len for row in cells)])
            table.add_column(name, key=key, width=width)
        for row, row_text in zip(shown, cells, strict=True):
            table.add_row(*row_text, key=row.slug)
        for i, row in enumerate(shown):
            if row.slug == keep:
                table.move_cursor(row=i)
        title = "Library"
        if self.sort_key is not None:
            title += f" · sorted by {self.sort_key}{' (reversed)' if self.reverse else ''}"
        if needle:
            title += f" · {len(shown)} of {len(self.rows)} match ‘{self.filter_text.strip()}’"
        self.query_one("#library-title", Static).update(Text(title))

    def selected(self) -> BriefRow | None:
        if not self.shown:
            return None
        i = self.table.cursor_row
        return self.shown[i] if 0 <= i < len(self.shown) else None

    def selected_slug(self) -> str | None:
        row = self.selected()
        return row.slug if row is not None else None

    # -- filter and sort ----------------------------------------------------------------
    def action_filter(self) -> None:
        box = self.query_one("#library-filter", Input)
        box.add_class("-open")
        box.focus()

    @on(Input.Changed, "#library-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.refill()

    @on(Input.Submitted, "#library-filter")
    def _filter_done(self) -> None:
        self.table.focus()

    def action_sort(self, delta: int) -> None:
        if delta < 0:
            self.reverse = not self.reverse
        else:
            i = SORT_KEYS.index(self.sort_key) + 1 if self.sort_key in SORT_KEYS else 0
            self.sort_key, self.reverse = SORT_KEYS[i % len(SORT_KEYS)], False
        self.refill()

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        if key == self.sort_key:
            self.reverse = not self.reverse
        else:
            self.sort_key, self.reverse = key, False
        self.refill()

    # -- open, quiz, close ----------------------------------------------------------------
    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_open()

    def _brief_of(self, row: BriefRow | None) -> Path | None:
        if row is None:
            return None
        if row.error is not None:
            self.notify(row.error, title="Cannot open", severity="error", markup=False)
            return None
        return row.path

    def action_open(self) -> None:
        path = self._brief_of(self.selected())
        if path is not None:
            self.app.open_brief_path(path)  # type: ignore[attr-defined]

    def action_quiz(self) -> None:
        path = self._brief_of(self.selected())
        if path is not None:
            self.app.open_brief_path(path, start="quiz")  # type: ignore[attr-defined]

    def action_close(self) -> None:
        box = self.query_one("#library-filter", Input)
        if box.has_focus:
            box.value = ""
            box.remove_class("-open")
            self.table.focus()
            return
        self.dismiss()

    # -- delete and undo ------------------------------------------------------------------
    def action_delete(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.origin != "imported":
            shown = one_line(str(row.path))  # a file name may hold control characters
            where = "bundled with briefreader" if row.origin == "bundled" else f"a file: {shown}"
            self.notify(f"Only imported briefs can be deleted here ({where})", markup=False)
            return
        if row.slug == self.current_slug:
            self.notify("This brief is open: open another one first, then delete it")
            return
        title = row.title or row.slug

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.delete(row)

        question = (
            f"Delete ‘{title}’? Its files and progress are kept in a backup; "
            "u undoes it while briefreader runs."
        )
        self.app.push_screen(ConfirmScreen(question), confirmed)

    def delete(self, row: BriefRow) -> None:
        from ...core.errors import BriefError
        from ...study.library_ops import delete_brief

        store = self.app.study.store()  # type: ignore[attr-defined]
        if store is None:
            self.app.store_problem()  # type: ignore[attr-defined]
            return
        try:
            backup = delete_brief(store, row.slug, row.path.parent)
        except BriefError as exc:
            self.notify(str(exc), title="Not deleted", severity="error", markup=False)
            return
        self.undo_stack.append(backup)
        self.notify(f"Deleted ‘{row.title or row.slug}’ (u: undo)", markup=False)
        self.reload()

    def action_undo(self) -> None:
        from ...core.errors import BriefError
        from ...study.library_ops import restore_brief

        if not self.undo_stack:
            self.notify("Nothing to undo")
            return
        backup = self.undo_stack[-1]
        store = self.app.study.store()  # type: ignore[attr-defined]
        if store is None:
            return
        try:
            restore_brief(store, backup)
        except (BriefError, OSError) as exc:
            self.notify(str(exc), title="Not restored", severity="error", markup=False)
            return
        self.undo_stack.pop()
        self.notify(f"Restored {backup.slug}", markup=False)
        self.reload(select=backup.slug)

    # -- import ---------------------------------------------------------------------------
    def action_import(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                self.run_import(Path(path).expanduser())

        self.app.push_screen(ImportScreen(), chosen)

    @work(thread=True, exclusive=True, group="import")
    def run_import(self, path: Path) -> None:
        from ...annotate.importing import register
        from ...core.errors import BriefError
        from ...core.loader import load_brief
        from ...study.library_ops import import_file

        register()  # the new brief.yaml carries the annotator's suggestions
        try:
            target = import_file(path)
            slug = load_brief(target).slug
        except BriefError as exc:
            message = str(exc)
            self.app.call_from_thread(
                self.notify, message, title="Not imported", severity="error", markup=False
            )
            return
        self.app.call_from_thread(self.notify, f"Imported {path.name} as {slug}", markup=False)
        self.app.call_from_thread(self.reload, slug)
