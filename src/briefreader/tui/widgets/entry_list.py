"""A list of glossary terms or actors, each with a mention strip and count.

One row per entry, laid out to the list's width at render time::

    • T  AP4                ··█···▂··   3×

* ``•`` when the entry is mentioned in the reader's current paragraph (plus the
  ``entry-list--current`` style, so not colour alone);
* a kind-cue badge: T term, P person, S state, O organisation, G group;
* the name, truncated with "…" to fit;
* the mention strip (see :mod:`.mention_strip`), dropped when the list is narrow;
* the mention count.

Names are data, never markup: rows are :class:`~textual.content.Content` built
from plain strings, and styles are referenced by component class (``.entry-list--…``)
so the app's stylesheet can theme them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from operator import attrgetter
from typing import ClassVar

from rich.cells import cell_len
from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive, var
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from ...core.brief import Entry, EntryKind, entry_kind, entry_name
from ...core.words import squash
from ...core.xref import Index
from ..textual_private import option_lines, option_render_cache, set_option_prompt
from .focus_restyle import FocusRestyle
from .mention_strip import mention_strip

_PARAGRAPH = attrgetter("paragraph")

__all__ = ["KIND_CUES", "EntryList", "EntryRow", "row_content"]

KIND_CUES: Mapping[EntryKind, str] = {
    "term": "T",
    "person": "P",
    "state": "S",
    "place": "L",
    "organisation": "O",
    "group": "G",
}
"""One-letter cue per entry kind (styled by the ``entry-list--<kind>`` component class)."""

CURRENT_MARK = "•"
# plain styles, not component classes (each of those costs a stylesheet pass per restyle)
CURRENT_STYLE = "bold"
MARKER_STYLE = "bold"
UNMENTIONED_STYLE = "dim"
SUGGESTED_STYLE = "dim italic"  # a suggestion (also "?" after its cue letter)
COUNT_STYLE = "dim"
MAX_STRIP = 20
MIN_STRIP = 4
COUNT_WIDTH = 4
_FIXED = 1 + 3 + 1 + 1 + COUNT_WIDTH  # marker, cue badge, space, space, count


def _count_text(count: int) -> str:
    text = f"{count}×" if count < 1000 else "999+"
    return text.rjust(COUNT_WIDTH)


@dataclass(frozen=True)
class EntryRow:
    """The data behind one row; immutable, replaced when anything changes."""

    entry_id: str
    name: str
    kind: EntryKind
    paragraphs: tuple[int, ...]  # one item per mention
    total_paragraphs: int
    current: bool = False
    byline: int = 0  # mentions in the header, counted with the others
    suggested: bool = False  # a draft: dimmed, with "?" on its cue

    @property
    def count(self) -> int:
        return len(self.paragraphs) + self.byline

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", _one_line(self.name))  # a row is one line


def row_content(row: EntryRow, width: int) -> Content:
    """Lay ``row`` out in exactly ``width`` cells (see the module docstring)."""
    strip_w = min(MAX_STRIP, max(0, (width - _FIXED) * 2 // 5))
    if strip_w < MIN_STRIP:
        strip_w = 0
    name_w = max(1, width - _FIXED - (strip_w + 1 if strip_w else 0))
    name = Content(row.name).truncate(name_w, ellipsis=True, pad=True)
    count = row.count
    parts: list[str | Content | tuple[str, str]] = [
        (CURRENT_MARK if row.current else " ", MARKER_STYLE),
        (f" {KIND_CUES[row.kind]}{'?' if row.suggested else ' '}", f".entry-list--{row.kind}"),
        " ",
        name,
    ]
    if strip_w:
        strip = mention_strip(row.paragraphs, row.total_paragraphs, strip_w)
        parts += [" ", strip]
    parts += [" ", (_count_text(count), COUNT_STYLE)]
    content = Content.assemble(*parts)
    if row.suggested:
        content = content.stylize_before(SUGGESTED_STYLE)
    if row.current:
        content = content.stylize_before(CURRENT_STYLE)
    elif not count:
        content = content.stylize_before(UNMENTIONED_STYLE)
    return content.truncate(width)


_CUE_STYLES = frozenset(f".entry-list--{kind}" for kind in KIND_CUES)


class _RowVisual(Visual):
    """Renders an :class:`EntryRow` at whatever width the list gives it.

    The kind-cue badges are looked up as *full* component styles of the list
    (Textual's partial component styles drop backgrounds), so a ``background``
    set on ``.entry-list--term`` etc. shows, even on the cursor row.  Every other
    style is partial, so the cursor highlight shows through.
    """

    def __init__(self, row: EntryRow, owner: Widget | None = None) -> None:
        self.row = row
        self.owner = owner

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        owner, parent_get_style = self.owner, options.get_style
        listed = owner if isinstance(owner, EntryList) else None
        focused = listed is not None and listed.has_focus  # styles resolved per focus state
        memo = listed._row_styles.setdefault(focused, {}) if listed is not None else {}
        strips: dict[object, list[Strip]] = listed._row_strips if listed is not None else {}
        key = (self.row, width, height, style, focused)
        if (done := strips.get(key)) is not None:
            return done

        def get_style(name: str | Style) -> Style:
            if not isinstance(name, str):
                return parent_get_style(name)
            if (cached := memo.get(name)) is not None:
                return cached
            if owner is not None and name in _CUE_STYLES:
                style = owner.get_visual_style(name[1:])
            else:
                style = parent_get_style(name)
            memo[name] = style
            return style

        options = replace(options, get_style=get_style)
        rendered = row_content(self.row, width).render_strips(width, height, style, options)
        if len(strips) > 4096:
            strips.clear()
        strips[key] = rendered
        return rendered

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return _FIXED + cell_len(self.row.name) + 1 + MAX_STRIP

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 1


class EntryList(FocusRestyle, OptionList):
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
    """The cross-reference index the counts and strips come from (``None``: not built yet)."""

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
        self._row_styles: dict[bool, dict[str, Style]] = {}  # focused -> component styles
        self._row_strips: dict[object, list[Strip]] = {}  # (row, size, style, focus) -> lines
        # a row's rendered option in each state seen: (row, width, focused) -> {key: lines}
        self._row_stash: dict[tuple[EntryRow, int, bool], dict[tuple[object, ...], list[Strip]]]
        self._row_stash = {}
        self._current_ids: frozenset[str] = frozenset()
        self._index: Index | None = None
        self._apply_index(index, None)
        options = [
            Option(_RowVisual(row, self), id=row.entry_id) for row in self._entry_rows.values()
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
        self._apply_index(index, self.current_paragraph)
        for entry_id in self._current_ids:
            self._entry_rows[entry_id] = replace(self._entry_rows[entry_id], current=True)
        self.clear_options()
        self.add_options(
            [Option(_RowVisual(row, self), id=row.entry_id) for row in self._entry_rows.values()]
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

    # -- internals --------------------------------------------------------------

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
        self._update_rows(self._apply_index(index, self.current_paragraph))

    def _apply_index(self, index: Index | None, paragraph: int | None) -> set[str]:
        """Rows from the index's own shape (entry → mentions); returns the changed ids."""
        self._index = index
        changed: set[str] = set()
        by_entry = index.by_entry if index is not None else {}
        byline = self._byline.by_entry if self._byline is not None else {}
        for entry_id, row in self._entry_rows.items():
            paragraphs = tuple(map(_PARAGRAPH, by_entry.get(entry_id, ())))  # (C: 56,000 on 4 MB)
            extra = len(byline.get(entry_id, ()))
            if paragraphs != row.paragraphs or extra != row.byline:
                self._entry_rows[entry_id] = replace(row, paragraphs=paragraphs, byline=extra)
                changed.add(entry_id)
        here = self._here(paragraph)
        changed |= here ^ self._current_ids
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
        for entry_id in entry_ids:
            row = replace(self._entry_rows[entry_id], current=entry_id in self._current_ids)
            self._entry_rows[entry_id] = row
            if not self.option_count:
                continue
            if not self.is_mounted:
                self.replace_option_prompt(entry_id, _RowVisual(row, self))
                continue
            index = self.get_option_index(entry_id)
            option = self.get_option_at_index(index)
            shown = option.prompt  # what its lines were rendered from
            if isinstance(shown, _RowVisual):
                changed[option] = (shown.row, row)
            set_option_prompt(option, _RowVisual(row, self))
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


def _row(entry: Entry, total_paragraphs: int) -> EntryRow:
    return EntryRow(
        entry.id,
        _one_line(entry_name(entry)),
        entry_kind(entry),
        (),
        total_paragraphs,
        suggested=entry.suggested,
    )


def _one_line(text: str) -> str:
    return squash(text)
