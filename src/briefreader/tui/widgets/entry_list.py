"""A list of glossary terms or actors, each with a mention strip and count.

One row per entry (laid out and drawn by :mod:`.entry_row`)::

    • T  AP4                ··█···▂··   3×

Names are data, never markup: rows are built from plain strings, and the kind cues are
styled by component class (``.entry-list--…``) so the app's stylesheet can theme them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive, var
from textual.strip import Strip
from textual.style import Style
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from ...core.brief import Entry, entry_kind, entry_name
from ...core.xref import Index
from ..textual_private import option_lines, option_render_cache, set_option_prompt
from .entry_row import (
    CUE_STYLES,
    CURRENT_STYLE,
    KIND_CUES,
    EntryRow,
    RowPainter,
    RowVisual,
    row_content,
)
from .focus_restyle import FocusRestyle
from .plain_lines import PlainRows

__all__ = ["CURRENT_STYLE", "KIND_CUES", "EntryList", "EntryRow", "row_content"]


class EntryList(FocusRestyle, OptionList, PlainRows):
    """Glossary terms or actors with where-mentioned strips.

    Posts :class:`EntryList.EntrySelected` on Enter/click and
    :class:`EntryList.EntryHighlighted` when the cursor moves (the underlying
    ``OptionList`` messages are stopped here).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Next entry", show=False),
        Binding("j", "cursor_down", "Next entry", show=False),
        Binding("up", "cursor_up", "Previous entry", show=False),
        Binding("k", "cursor_up", "Previous entry", show=False),
        Binding("enter", "select", "Open entry"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"entry-list--{kind}" for kind in KIND_CUES}

    DEFAULT_CSS = """
    EntryList {
        & > .entry-list--term { color: $text-primary; background: $primary-muted; }
        & > .entry-list--person { color: $text-success; background: $success-muted; }
        & > .entry-list--state { color: $text-warning; background: $warning-muted; }
        & > .entry-list--organisation { color: $text-secondary; background: $secondary-muted; }
        & > .entry-list--group { color: $text-accent; background: $accent-muted; }
        & > .entry-list--place { color: $text-warning; background: $warning-muted; }
    }
    """

    class EntryMessage(Message):
        """Base of the list's messages: ``entry_id`` and the sending ``entry_list``."""

        def __init__(self, entry_list: EntryList, entry_id: str) -> None:
            super().__init__()
            self.entry_list = entry_list
            self.entry_id = entry_id

        @property
        def control(self) -> EntryList:
            return self.entry_list

    class EntrySelected(EntryMessage):
        """An entry was chosen (Enter or click)."""

    class EntryHighlighted(EntryMessage):
        """The cursor moved to an entry."""

    current_paragraph: var[int | None] = var(None, init=False)
    """The reader's current paragraph; entries mentioned there are marked (``None``: none).
    A ``var``: only the rows whose mark changes are repainted."""
    index: reactive[Index | None] = reactive(None, init=False, always_update=True)
    """The cross-reference index the counts and strips come from (``None``: not built yet:
    the rows show ``…`` for a count, no strip)."""

    def __init__(
        self,
        entries: Sequence[Entry],
        index: Index | None,
        total_paragraphs: int,
        *,
        byline: Index | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        """Args:
        entries: Terms and/or actors, in display order (repeated ids are dropped).
        index: The cross-reference index, or ``None`` until it is built (then set
            :attr:`index`).
        total_paragraphs: Paragraphs in the article (the strip's scale).
        byline: Mentions in the header (counted, marked "byline" in the details).
        """
        self._total = total_paragraphs
        self._byline = byline
        self._entry_rows: dict[str, EntryRow] = {}
        for entry in entries:
            if entry.id not in self._entry_rows:
                self._entry_rows[entry.id] = _row(entry, total_paragraphs)
        # what rows were drawn with, kept across focus changes (each focus state has its
        # own), dropped on any other restyle (a theme, the CSS):
        self._row_styles: dict[bool, dict[str, Style]] = {}  # focused -> resolved styles
        self._row_strips: dict[object, list[Strip]] = {}  # (row, size, style, focus) -> lines
        self._painter = RowPainter()
        # a row's rendered option in each state seen: (row, width, focused) -> {key: lines}
        self._row_stash: dict[tuple[EntryRow, int, bool], dict[tuple[object, ...], list[Strip]]]
        self._row_stash = {}
        self._current_ids: frozenset[str] = frozenset()
        self._index: Index | None = None
        self._apply_index(index, None)
        options = [
            Option(RowVisual(row, self.row_style), id=row.entry_id)
            for row in self._entry_rows.values()
        ]
        super().__init__(
            *options, name=name, id=id, classes=classes, disabled=disabled, markup=False
        )
        self.set_reactive(EntryList.index, index)

    def notify_style_update(self) -> None:
        """Theme or CSS changed: forget the resolved row styles (a focus change keeps
        them: they are kept per focus state)."""
        if not self.focus_restyle:
            self._row_styles.clear()
            self._row_strips.clear()
            self._row_stash.clear()
            self._painter.clear()
        super().notify_style_update()

    # -- public API -------------------------------------------------------------

    @property
    def entry_ids(self) -> tuple[str, ...]:
        """Ids of the listed entries, in display order."""
        return tuple(self._entry_rows)

    @property
    def selected_id(self) -> str | None:
        """The id of the entry under the cursor, or ``None`` (empty list)."""
        option = self.highlighted_option
        return None if option is None else option.id

    @property
    def current_ids(self) -> frozenset[str]:
        """Ids of the entries marked as mentioned in the current paragraph."""
        return self._current_ids

    def set_entries(
        self, entries: Sequence[Entry], index: Index | None, *, byline: Index | None = None
    ) -> None:
        """Replace the listed entries (suggestions arrived, or a review changed the brief);
        the cursor stays on the same entry when it is still listed."""
        keep = self.selected_id
        self._byline = byline
        self._entry_rows = {}
        for entry in entries:
            self._entry_rows.setdefault(entry.id, _row(entry, self._total))
        self._current_ids = frozenset()
        self._apply_index(index, self.current_paragraph)  # (rows marked current too)
        self.clear_options()
        self.add_options(
            [
                Option(RowVisual(row, self.row_style), id=row.entry_id)
                for row in self._entry_rows.values()
            ]
        )
        self.set_reactive(EntryList.index, index)
        if keep in self._entry_rows:
            self.highlighted = self.get_option_index(keep)

    def select_entry(self, entry_id: str) -> bool:
        """Move the cursor to ``entry_id`` and scroll it into view.

        Posts ``EntryHighlighted`` if the cursor moved; returns ``False`` when the
        entry is not listed.
        """
        try:
            index = self.get_option_index(entry_id)
        except OptionDoesNotExist:
            return False
        self.highlighted = index
        self.scroll_to_highlight()
        return True

    def row_style(self, name: str) -> Style:
        """A row's style name resolved as the list's Content would resolve it, except the
        kind cues: *full* component styles (Textual's partial ones drop backgrounds, so a
        ``background`` on ``.entry-list--term`` shows, even on the cursor row). Resolved
        once per focus state (focus may change the list's background)."""
        memo = self._row_styles.setdefault(self.has_focus, {})
        style = memo.get(name)
        if style is None:
            # a plain style: what Textual's Content resolution does with one
            cue = name in CUE_STYLES
            style = self.get_visual_style(name[1:]) if cue else Style.parse(name)
            memo[name] = style
        return style

    # -- internals --------------------------------------------------------------

    def _get_option_render(self, option: Option, style: Style) -> list[Strip]:
        """Textual's own (the same cache, the same key), but a row drawn by
        :class:`~.entry_row.RowPainter` straight to its strip where it draws what
        Textual's Content path would (``tests/ui/test_entry_row.py`` compares them).
        Overrides a private Textual method (see ``tui/textual_private.py``)."""
        prompt = option.prompt
        padding = self.get_component_styles("option-list--option").padding
        if not isinstance(prompt, RowVisual) or padding or not self._plain_rows():
            return super()._get_option_render(option, style)
        cache = option_render_cache(self)
        key = (option, style, padding)
        strips = cache.get(key)
        if strips is None:
            width = self.scrollable_content_region.width
            index = self.get_option_index(option.id) if option.id is not None else -1
            row_key = (prompt.row, width, style, index, self.has_focus)
            strips = self._row_strips.get(row_key)
            if strips is None:
                strip = self._painter.strip(prompt.row, width, style, index, self.row_style)
                if strip is None:  # narrower than a row: Content's cut
                    return super()._get_option_render(option, style)
                if len(self._row_strips) > 4096:
                    self._row_strips.clear()
                strips = self._row_strips[row_key] = [strip]
            cache[key] = strips
        return strips

    def _plain_rows(self) -> bool:
        """Whether Textual's Content path would add nothing to a row: no text selection
        in the list, left-aligned text without line padding."""
        styles = self.styles
        return (
            self.text_selection is None
            and styles.text_align in ("left", "start")
            and not styles.line_pad
            and styles.content_align == ("left", "top")
        )

    def _here(self, paragraph: int | None) -> frozenset[str]:
        index = self._index
        if paragraph is None or index is None:
            return frozenset()
        return frozenset(index.entries_in(paragraph)) & self._entry_rows.keys()

    def watch_current_paragraph(self, paragraph: int | None) -> None:
        after = self._here(paragraph)
        before, self._current_ids = self._current_ids, after
        self._update_rows(before ^ after)

    def watch_index(self, index: Index | None) -> None:
        if index is not None and index is self._index:  # (data_bind's first sync: as built)
            return
        self._update_rows(self._apply_index(index, self.current_paragraph))

    def _apply_index(self, index: Index | None, paragraph: int | None) -> set[str]:
        """Rows from the index's own shape (entry → paragraphs, no mention made); returns
        the changed ids (their rows already marked current or not)."""
        self._index = index
        changed: set[str] = set()
        here = self._here(paragraph)
        paragraphs_of = index.paragraphs_of if index is not None else None
        byline = self._byline.count_of if self._byline is not None else None
        rows = self._entry_rows
        counted = index is not None  # (until then: "…", not "0×")
        for entry_id, row in rows.items():
            paragraphs = paragraphs_of(entry_id) if paragraphs_of is not None else ()
            extra = byline(entry_id) if byline is not None else 0
            current = entry_id in here
            if (
                paragraphs != row.paragraphs
                or extra != row.byline
                or current != row.current
                or counted != row.counted
            ):
                rows[entry_id] = _evolve(
                    row, paragraphs=paragraphs, byline=extra, current=current, counted=counted
                )
                changed.add(entry_id)
        self._current_ids = here
        return changed

    def _update_rows(self, entry_ids: Iterable[str]) -> None:
        """Rebuild these rows (current mark from :attr:`current_ids`) and repaint them.

        ``OptionList.replace_option_prompt`` would drop every option's rendered lines and
        repaint the whole list, once per row; a row is one line, so here only the changed
        rows' lines change, repainted in one refresh. A row's rendered lines in the state
        it leaves are kept aside and put back when it returns to it (same row data, same
        width; the list's own key holds the style): moving back and forth renders no row.
        """
        options: dict[Option, int] = {}
        changed: dict[Option, tuple[EntryRow, EntryRow]] = {}
        rows, current, style = self._entry_rows, self._current_ids, self.row_style
        listed, mounted = bool(self.option_count), self.is_mounted  # (once, not per row)
        for entry_id in entry_ids:
            row = rows[entry_id]
            if row.current != (entry_id in current):
                row = rows[entry_id] = _evolve(row, current=not row.current)
            if not listed:
                continue
            if not mounted:
                self.replace_option_prompt(entry_id, RowVisual(row, style))
                continue
            index = self.get_option_index(entry_id)
            option = self.get_option_at_index(index)
            shown = option.prompt  # what its lines were rendered from
            if isinstance(shown, RowVisual):
                changed[option] = (shown.row, row)
            set_option_prompt(option, RowVisual(row, style))
            options[option] = index
        if not options:
            return
        cache, stash = option_render_cache(self), self._row_stash
        width, focused = self.scrollable_content_region.width, self.has_focus
        if len(stash) > 4096:
            stash.clear()
        for key in [k for k in cache.keys() if k[0] in options]:  # noqa: SIM118 (no __iter__)
            option = key[0]
            assert isinstance(option, Option)
            strips = cache.get(key)
            if strips is not None and option in changed:
                stash.setdefault((changed[option][0], width, focused), {})[key] = strips
            cache.discard(key)
        for _, row in changed.values():
            for key, strips in stash.get((row, width, focused), {}).items():
                cache[key] = strips
        index_to_line = option_lines(self)
        top = self.scroll_offset.y
        height = self.scrollable_content_region.height
        width = max(self.virtual_size.width, self.size.width)
        regions = [
            Region(0, line - top, width, 1)
            for index in options.values()
            if (line := index_to_line.get(index)) is not None and top <= line < top + height
        ]
        if regions:
            self.refresh(*regions)

    @on(OptionList.OptionSelected)
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id is not None:
            self.post_message(self.EntrySelected(self, event.option_id))

    @on(OptionList.OptionHighlighted)
    def _option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_id is not None:
            self.post_message(self.EntryHighlighted(self, event.option_id))


def _evolve(row: EntryRow, **changes: object) -> EntryRow:
    """``dataclasses.replace(row, **changes)`` for a list's own fields (paragraphs,
    byline, current), without its per-call field walk and ``__init__`` (500 rows at
    once when the index arrives): the row's values as they are, these replaced."""
    new = object.__new__(EntryRow)
    object.__setattr__(new, "__dict__", {**row.__dict__, **changes})
    return new


def _row(entry: Entry, total_paragraphs: int) -> EntryRow:
    return EntryRow(
        entry.id,
        entry_name(entry),
        entry_kind(entry),
        (),
        total_paragraphs,
        suggested=entry.suggested,
        counted=False,  # (until an index is applied)
    )
