"""One row of an :class:`~.entry_list.EntryList`: its data, its layout, and its line.

A row is laid out to the list's width at render time::

    • T  AP4                ··█···▂··   3×

* ``•`` when the entry is mentioned in the reader's current paragraph (plus the
  bold :data:`CURRENT_STYLE`, so not colour alone);
* a kind-cue badge: T term, P person, S state, L place, O organisation, G group,
  styled by the list's ``entry-list--<kind>`` component class;
* the name, truncated with "…" to fit;
* the mention strip (see :mod:`.mention_strip`), dropped when the list is narrow;
* the mention count.

Until the index is there (a long text's is built after the first paint) a row is not
*counted*: its strip is blank and its count ``…``, and it is not dimmed as unmentioned
(not known yet is not "0×").

:func:`row_content` is the layout as Textual :class:`~textual.content.Content`
(names are data, never markup: built from plain strings). :class:`RowPainter` draws the
same row straight to a :class:`~textual.strip.Strip` — the segments, styles and meta
Textual's Content path gives (``OptionList`` → ``Visual.to_strips`` →
``Content.render_strips`` → ``extend_cell_length`` → ``apply_meta``), without that
generic path's per-row work (wrapping, selection, link styles, span stacks: ~0.5 ms a
row on the first frame). ``tests/ui/test_entry_row.py`` checks both give equal strips.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from ...core.brief import EntryKind
from ...core.frozen import frozen
from ...core.words import squash
from .mention_strip import mention_strip

__all__ = [
    "CURRENT_STYLE",
    "KIND_CUES",
    "EntryRow",
    "RowPainter",
    "RowVisual",
    "row_content",
]

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
CUE_STYLES = frozenset(f".entry-list--{kind}" for kind in KIND_CUES)
"""The cue badges' style names: looked up as *full* component styles (see :class:`RowVisual`)."""


PENDING_COUNT = "…"
"""The count of a row whose mentions are not counted yet (the index is being built)."""


def _count_text(row: EntryRow) -> str:
    count = row.count
    text = PENDING_COUNT if not row.counted else f"{count}×" if count < 1000 else "999+"
    return text.rjust(COUNT_WIDTH)


def _strip_text(row: EntryRow, width: int) -> str:
    if not row.counted:
        return " " * width
    return mention_strip(row.paragraphs, row.total_paragraphs, width)


@frozen
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
    counted: bool = True  # False until the index is there: no strip, "…" for a count

    @property
    def count(self) -> int:
        return len(self.paragraphs) + self.byline

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", squash(self.name))  # a row is one line


def _widths(width: int) -> tuple[int, int]:
    """(strip cells, name cells) of a row ``width`` cells wide (strip 0: dropped)."""
    strip_w = min(MAX_STRIP, max(0, (width - _FIXED) * 2 // 5))
    if strip_w < MIN_STRIP:
        strip_w = 0
    name_w = max(1, width - _FIXED - (strip_w + 1 if strip_w else 0))
    return strip_w, name_w


def _row_styles(row: EntryRow) -> tuple[str, ...]:
    """The styles over the whole row, lowest first (as ``stylize_before`` stacks them)."""
    whole: tuple[str, ...] = ()
    if row.current:
        whole = (CURRENT_STYLE,)
    elif not row.count and row.counted:
        whole = (UNMENTIONED_STYLE,)
    return (*whole, SUGGESTED_STYLE) if row.suggested else whole


def row_content(row: EntryRow, width: int) -> Content:
    """Lay ``row`` out in exactly ``width`` cells (see the module docstring)."""
    strip_w, name_w = _widths(width)
    name = Content(row.name).truncate(name_w, ellipsis=True, pad=True)
    parts: list[str | Content | tuple[str, str]] = [
        (CURRENT_MARK if row.current else " ", MARKER_STYLE),
        (f" {KIND_CUES[row.kind]}{'?' if row.suggested else ' '}", f".entry-list--{row.kind}"),
        " ",
        name,
    ]
    if strip_w:
        parts += [" ", _strip_text(row, strip_w)]
    parts += [" ", (_count_text(row), COUNT_STYLE)]
    content = Content.assemble(*parts)
    for style in reversed(_row_styles(row)):
        content = content.stylize_before(style)
    return content.truncate(width)


class RowPainter:
    """Draws rows straight to strips (see the module docstring); what it resolved (the
    combined styles of each run, per base style) is kept until :meth:`clear`."""

    def __init__(self) -> None:
        self._combined: dict[tuple[Style, tuple[str, ...]], Style] = {}
        self._offsets: dict[tuple[Style, int], RichStyle] = {}

    def clear(self) -> None:
        """Forget the resolved styles (the theme or the CSS changed)."""
        self._combined.clear()
        self._offsets.clear()

    def strip(
        self,
        row: EntryRow,
        width: int,
        style: Style,
        option: int,
        get_style: Callable[[str], Style],
    ) -> Strip | None:
        """Row ``row`` as the option at index ``option`` with base ``style`` in a list
        ``width`` cells wide; ``get_style`` resolves a style name as the list's Content
        path does. ``None`` when the row would be cut to fit (a list narrower than a row's
        fixed cells): that case is left to the Content path."""
        strip_w, name_w = _widths(width)
        if _FIXED + name_w + (strip_w + 1 if strip_w else 0) != width:
            return None
        name = row.name
        if cell_len(name) != name_w:
            name = Content(name).truncate(name_w, ellipsis=True, pad=True).plain
        middle = f" {name} {_strip_text(row, strip_w)} " if strip_w else f" {name} "
        marker = CURRENT_MARK if row.current else " "
        cue = f" {KIND_CUES[row.kind]}{'?' if row.suggested else ' '}"
        whole = _row_styles(row)
        runs = (
            (marker, (*whole, MARKER_STYLE)),
            (cue, (*whole, f".entry-list--{row.kind}")),
            (middle, whole),
            (_count_text(row), (*whole, COUNT_STYLE)),
        )
        combined, offsets = self._combined, self._offsets
        meta = RichStyle.from_meta({"option": option})
        segments: list[Segment] = []
        x = 0
        for text, names in runs:
            key = (style, names)
            run_style = combined.get(key)
            if run_style is None:  # as Content.render: base, then each span, in order
                run_style = Style.combine([style, *map(get_style, names)])
                run_style = combined[key] = style + run_style  # (to_strip adds the base again)
            offset_key = (run_style, x)
            at = offsets.get(offset_key)
            if at is None:  # (the same for every row: what differs is the option's meta)
                at = offsets[offset_key] = run_style.rich_style_with_offset(x, 0)
            segments.append(Segment(text, meta + at))  # as Strip.apply_meta adds it
            x += len(text)
        if len(offsets) > 4096:
            offsets.clear()
        return Strip(segments, width)


class RowVisual(Visual):
    """Renders an :class:`EntryRow` at whatever width the list gives it, through Textual's
    Content path (what :class:`RowPainter` draws directly; used where it does not).

    The kind-cue badges are looked up as *full* component styles of the list
    (Textual's partial component styles drop backgrounds), so a ``background``
    set on ``.entry-list--term`` etc. shows, even on the cursor row.  Every other
    style is partial, so the cursor highlight shows through.
    """

    def __init__(self, row: EntryRow, lookup: Callable[[str], Style] | None = None) -> None:
        """``lookup`` resolves the row's style names (the list's, cue badges included);
        without it, Textual's own ``get_style`` does."""
        self.row = row
        self.lookup = lookup

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        lookup, parent_get_style = self.lookup, options.get_style
        if lookup is not None:

            def get_style(name: str | Style) -> Style:
                return lookup(name) if isinstance(name, str) else parent_get_style(name)

            options = replace(options, get_style=get_style)
        return row_content(self.row, width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return _FIXED + cell_len(self.row.name) + 1 + MAX_STRIP

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 1
