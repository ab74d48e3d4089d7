"""The article pane: numbered, word-wrapped paragraphs with a paragraph cursor.

A Line API widget: one ``render_line`` per visible row, Strips cached in an LRU
keyed by ``(paragraph index, line, width, is cursor)``; never one widget per
paragraph. Text is cut into plain :class:`rich.segment.Segment` objects, never
parsed as markup: ``[bold]`` or ``[@click=app.quit]`` shows literally and a click
on it runs nothing. Layout, lazy wrapping and scroll anchoring live in
:mod:`.anchored_scroll`; highlight state in :mod:`.spans` (a layer per kind of
highlight); the resolved component styles in :mod:`.article_styles`; the lines reach
the compositor without Textual's per-line styling pass through :mod:`.plain_lines`.
When a layer or the cursor changes, only the cached lines of the paragraphs concerned
are dropped and only their visible rows repainted (as Textual's ``Log.refresh_lines``
does).

The measure (line length) can be capped (``max_measure``, the reader uses
:data:`MAX_MEASURE` cells); wider panes then centre the text.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from itertools import compress, count
from operator import attrgetter
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip

from briefreader.core.brief import Paragraph
from briefreader.tui.widgets.anchored_scroll import AnchoredScroll
from briefreader.tui.widgets.article_styles import ArticleStyles
from briefreader.tui.widgets.focus_restyle import FocusKeepsLines, FocusRestyle
from briefreader.tui.widgets.plain_lines import plain_render_lines, plain_styles
from briefreader.tui.widgets.spans import DEFAULT_ORDER, MentionLike, SpanLayers, cut
from briefreader.tui.widgets.wrap import DocLayout, column_to_offset

__all__ = ["MAX_MEASURE", "MENTION_KINDS", "TRUNCATED_MARKER", "ArticleView"]

TRUNCATED_MARKER = "⟨source text ends here — truncated⟩"
MENTION_KINDS = ("term", "person", "state", "place", "organisation", "group", "suggested")
STYLE_LAYERS = ("bold", "italic", "code")  # a paragraph's own styles, painted below mentions
CURSOR_MARK = "▌"
BULLET, BULLET_CELLS = "• ", 2  # before a list item's first line; its other lines hang
MAX_MEASURE = 88  # text columns at most: a comfortable line length
_PREFIX = "article-view--"

_PARTS = (
    "gutter",
    "cursor-marker",
    "cursor-line",
    "bio",
    "note",
    "truncated",
    "heading",
    "standfirst",
    "item",
    *STYLE_LAYERS,
)
LineSpan = tuple[int, int, str]
_text, _truncated = attrgetter("text"), attrgetter("truncated")
_kind, _number, _styles = attrgetter("kind"), attrgetter("n"), attrgetter("styles")


class _ArticleMessage(Message):
    def __init__(self, article_view: ArticleView, paragraph: int) -> None:
        super().__init__()
        self.article_view = article_view
        self.paragraph = paragraph

    @property
    def control(self) -> ArticleView:
        return self.article_view


_MANY = 64  # paragraphs repainted at once above which only those on screen are looked at


class ArticleView(FocusRestyle, FocusKeepsLines, AnchoredScroll, can_focus=True):
    """Scrollable, numbered article text with a paragraph cursor and span highlights.

    Component classes (the app's ``.tcss`` sets colours; defaults below keep a
    non-colour cue for every mention kind):

    * ``article-view--gutter`` paragraph numbers; ``--cursor-marker`` the ``▌``
      drawn in the gutter on every line of the cursor paragraph;
      ``--cursor-line`` the (subtle background) of the cursor paragraph's lines.
    * ``article-view--bio`` / ``--note`` paragraph kinds (default dim italic).
    * ``article-view--truncated`` the end marker of a truncated paragraph.
    * ``--heading`` (bold), ``--standfirst`` (italic), ``--item``: kinds from imported articles.
    * mentions: ``--term`` underline, ``--person`` bold, ``--state`` italic,
      ``--organisation`` bold underline, ``--group`` italic underline.
    * one class per span layer (:data:`LAYER_ORDER`): ``--selected``, ``--search``,
      ``--search-current``, ``--xref-focus``.

    Layers compose in :data:`LAYER_ORDER` (later wins on conflicting attributes),
    above the paragraph kind and cursor line. To add a layer, subclass (or extend)
    with a longer ``LAYER_ORDER``, add its component class and CSS, and call
    :meth:`set_layer`.
    """

    ALLOW_SELECT = False
    LAYER_ORDER: ClassVar[tuple[str, ...]] = (*STYLE_LAYERS, *DEFAULT_ORDER)
    DEFAULT_CSS = """
    ArticleView {
        background: $surface;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
    }
    ArticleView > .article-view--gutter { color: $text-muted; }
    ArticleView > .article-view--cursor-marker { color: $accent; text-style: bold; }
    ArticleView > .article-view--cursor-line { background: $boost; }
    ArticleView > .article-view--bio, ArticleView > .article-view--note {
        color: $text-muted; text-style: italic;
    }
    ArticleView > .article-view--truncated { color: $text-warning; text-style: bold italic; }
    ArticleView > .article-view--heading { color: $text-primary; text-style: bold; }
    ArticleView > .article-view--standfirst { text-style: italic; }
    ArticleView > .article-view--bold { text-style: bold; }
    ArticleView > .article-view--italic { text-style: italic; }
    ArticleView > .article-view--code { color: $text-accent; }
    ArticleView > .article-view--item { color: $text; }
    ArticleView > .article-view--term { text-style: underline; }
    ArticleView > .article-view--person { text-style: bold; }
    ArticleView > .article-view--state { text-style: italic; }
    ArticleView > .article-view--organisation { text-style: bold underline; }
    ArticleView > .article-view--group { text-style: italic underline; }
    ArticleView > .article-view--place { text-style: italic; }
    ArticleView > .article-view--suggested { text-style: dim underline; }
    ArticleView > .article-view--selected {
        background: $primary 45%; color: $foreground; text-style: bold;
    }
    ArticleView > .article-view--search { background: $warning 35%; text-style: underline; }
    ArticleView > .article-view--search-current {
        background: $warning; color: $background; text-style: bold;
    }
    ArticleView > .article-view--xref-focus {
        background: $foreground; color: $background; text-style: bold underline;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        _PREFIX + name for name in (*_PARTS, *MENTION_KINDS, *DEFAULT_ORDER[1:])
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "j,down", "cursor_down", "Next paragraph", key_display="j/k", tooltip="Or the next line"
        ),
        Binding("k,up", "cursor_up", "Previous paragraph", show=False, tooltip="Or the line above"),
        Binding(
            "space,pagedown", "page_down", "Page down", show=False, tooltip="Cursor to the new top"
        ),
        Binding("b,pageup", "page_up", "Page up", show=False, tooltip="Cursor to the new top"),
        Binding("g,home", "cursor_top", "Start of text", show=False),
        Binding("G,end", "cursor_bottom", "End of text", show=False),
    ]

    class CursorMoved(_ArticleMessage):
        """The cursor moved to ``paragraph`` (by key, click, wheel, go_to or assignment)."""

    class Clicked(_ArticleMessage):
        """A click on ``paragraph``; ``offset`` into its text, None on gutter/blank/marker."""

        def __init__(self, article_view: ArticleView, paragraph: int, offset: int | None) -> None:
            super().__init__(article_view, paragraph)
            self.offset = offset

    def __init__(
        self,
        paragraphs: Sequence[Paragraph] = (),
        *,
        max_measure: int | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._paragraphs: tuple[Paragraph, ...] = ()
        self._index_of: dict[int, int] = {}
        self._cache: LRUCache[tuple[int, int, int, bool], Strip] = LRUCache(2048)
        self._styles = ArticleStyles(self)
        self._layers = SpanLayers(_PREFIX, MENTION_KINDS, self.LAYER_ORDER)
        self._pad = 0  # blank columns before the text, to centre a capped measure
        self.max_measure = max_measure
        """Longest text line in cells (None: the pane's width); wider panes centre the text."""
        self.set_paragraphs(paragraphs)

    # ------------------------------------------------------------------ data
    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return self._paragraphs

    def paragraph_count(self) -> int:
        return len(self._paragraphs)

    @property
    def gutter_cells(self) -> int:
        """Columns of the paragraph-number gutter (the cursor marker included)."""
        return self._gutter

    def layout_source(self) -> tuple[Sequence[str], Sequence[bool], str]:
        ps = self._paragraphs
        return list(map(_text, ps)), list(map(_truncated, ps)), TRUNCATED_MARKER

    def layout_indents(self) -> Sequence[int]:
        """List items hang behind a bullet: ``• `` on their first line, two spaces after."""
        kinds = list(map(_kind, self._paragraphs))  # (10^4 paragraphs: in C)
        if "item" not in kinds:
            return ()
        return [BULLET_CELLS if kind == "item" else 0 for kind in kinds]

    def set_paragraphs(self, paragraphs: Sequence[Paragraph]) -> None:
        """Show a new article (cursor back to paragraph 1, span layers kept)."""
        self._paragraphs = tuple(paragraphs)
        self._index_of = dict(zip(map(_number, self._paragraphs), count()))  # (in C)
        self._gutter = max(3, len(str(len(self._paragraphs)))) + 2
        styled = list(compress(self._paragraphs, map(_styles, self._paragraphs)))  # (few)
        for style in STYLE_LAYERS:  # bold/italic/code from Markdown, HTML, EPUB
            if style not in self._layers.order:
                continue  # a subclass with its own LAYER_ORDER and no style layers
            spans = {p.n: [(a, b) for a, b, k in p.styles if k == style] for p in styled}
            self._layers.set_layer(style, {n: v for n, v in spans.items() if v})
        self.reset_layout()
        self._invalidate()

    @property
    def span_layers(self) -> SpanLayers:
        """The highlight layers (read them; change them through the ``set_`` methods)."""
        return self._layers

    def set_layer(self, name: str, spans: Mapping[int, Sequence[tuple[int, int]]]) -> None:
        """Replace one highlight layer (paragraph n -> spans); repaints what changed."""
        self._repaint(self._layers.set_layer(name, spans))

    def set_mention_index(
        self, by_paragraph: Mapping[int, Sequence[MentionLike]], kind_of: Mapping[str, str]
    ) -> None:
        """Mentions in the index's shape (paragraph → mentions) with entry id → kind."""
        self._repaint(self._layers.set_mention_index(by_paragraph, kind_of))

    def set_mentions(self, spans: Mapping[int, Sequence[tuple[int, int, str]]]) -> None:
        """Cross-reference mentions: paragraph n -> (start, end, kind); unknown kinds ignored."""
        self._repaint(self._layers.set_mentions(spans))

    def set_selected(self, spans: Mapping[int, Sequence[tuple[int, int]]]) -> None:
        """The selected entry's mentions (strong highlight)."""
        self._repaint(self._layers.set_selected(spans))

    def set_search(
        self, spans: Mapping[int, Sequence[tuple[int, int]]], current: tuple[int, int, int] | None
    ) -> None:
        """Search matches, and the current match as (paragraph, start, end)."""
        self._repaint(self._layers.set_search(spans, current))

    def set_focused_mention(self, span: tuple[int, int, int] | None) -> None:
        """The cross-reference under keyboard focus, as (paragraph, start, end)."""
        self._repaint(self._layers.set_single("xref-focus", span))

    # read-backs: what was last given to the set_* methods above
    @property
    def mention_spans(self) -> Mapping[int, Sequence[tuple[int, int, str]]]:
        return self._layers.mentions

    @property
    def selected_spans(self) -> Mapping[int, Sequence[tuple[int, int]]]:
        return self._layers.selected

    @property
    def search_spans(self) -> Mapping[int, Sequence[tuple[int, int]]]:
        return self._layers.search

    @property
    def search_current(self) -> tuple[int, int, int] | None:
        return self._layers.search_current

    @property
    def focused_mention(self) -> tuple[int, int, int] | None:
        return self._layers.focused

    def position_of(self, paragraph: int, offset: int = 0) -> tuple[int, int]:
        """Widget-relative (x, y) where ``offset`` of ``paragraph`` is drawn (for clicks).

        May lie outside the visible area; ``go_to`` first to bring it into view.
        Raises ``LookupError`` before the first layout or for a missing paragraph.
        """
        layout = self._ensure_layout()
        if layout is None or not 1 <= paragraph <= layout.count:
            raise LookupError(f"paragraph {paragraph} is not laid out")
        column, y = layout.position(paragraph - 1, offset)
        gutter = self.gutter
        return self._left + column + gutter.left, y - self.scroll_offset.y + gutter.top

    # ------------------------------------------------------------- repainting
    @property
    def _left(self) -> int:
        """Columns before the text: the centring pad and the gutter."""
        return self._pad + self._gutter

    def _text_width(self, width: int) -> int:
        available = max(2, width - self.scrollbar_size_vertical - self._gutter)
        measure = min(available, self.max_measure or available)
        self._pad = (available - measure) // 2
        return measure

    def layout_changed(self) -> None:
        self._cache.clear()

    def _invalidate(self) -> None:
        self._cache.clear()
        self.refresh()

    def _repaint(self, paragraphs: Iterable[int]) -> None:
        """Drop the cached lines of these paragraphs (numbers) and repaint their visible rows."""
        if isinstance(paragraphs, (set, frozenset)) and len(paragraphs) > _MANY:
            self._repaint_many(paragraphs)
            return
        indexes = {i for n in paragraphs if (i := self._index_of.get(n)) is not None}
        if not indexes:
            return
        cache = self._cache
        for key in [k for k in cache.keys() if k[0] in indexes]:  # noqa: SIM118 (no __iter__)
            cache.discard(key)
        self._refresh_paragraphs(indexes)

    def _repaint_many(self, paragraphs: set[int] | frozenset[int]) -> None:
        """:meth:`_repaint` of many paragraphs (a long text's whole index arrived): only
        the cached lines and the paragraphs that can be on screen are looked at."""
        own, cache = self._paragraphs, self._cache
        for key in [k for k in cache.keys() if own[k[0]].n in paragraphs]:  # noqa: SIM118
            cache.discard(key)
        layout = self._layout
        if layout is None or not self.is_mounted:
            return
        y0 = self.scroll_offset.y
        first = max(0, bisect_right(layout.tops, y0) - 1)
        stop = bisect_left(layout.tops, y0 + self._viewport_height, lo=first)
        self._refresh_paragraphs([i for i in range(first, stop) if own[i].n in paragraphs])

    def _refresh_paragraphs(self, indexes: Iterable[int]) -> None:
        layout = self._layout
        if layout is None or not self.is_mounted:
            return
        y0 = self.scroll_offset.y
        y1 = y0 + self._viewport_height
        for index in indexes:
            if not 0 <= index < layout.count:
                continue
            top = max(layout.tops[index], y0)
            bottom = min(layout.tops[index] + layout.heights[index], y1)
            if bottom > top:
                self.refresh_lines(top, bottom - top)

    def cursor_changed(self, old: int, new: int) -> None:
        self._refresh_paragraphs(i for i in (old - 1, new - 1) if i >= 0)
        if new:
            self.post_message(self.CursorMoved(self, new))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.focus_restyle and self._styles.same_base():
            self.keep_lines_on_focus()  # focus changed nothing drawn here (no repaint on Tab)
            return
        self._styles.clear()
        self._invalidate()

    # ---------------------------------------------------------------- actions
    def action_cursor_down(self) -> None:
        if self.cursor_overflows(1):  # inside a paragraph taller than the screen: by line
            self.scroll_lines(1)
        else:
            self.cursor += 1

    def action_cursor_up(self) -> None:
        if self.cursor_overflows(-1):
            self.scroll_lines(-1)
        else:
            self.cursor -= 1

    def action_cursor_top(self) -> None:
        self.to_edge(-1)

    def action_cursor_bottom(self) -> None:
        self.to_edge(1)

    def action_page_down(self) -> None:
        self.page(1)

    def action_page_up(self) -> None:
        self.page(-1)

    # ----------------------------------------------------------------- mouse
    def on_click(self, event: events.Click) -> None:
        layout = self._layout
        where = event.get_content_offset(self)
        if layout is None or where is None or not layout.count:
            return
        y = where.y + self.scroll_offset.y
        if where.x >= self._content_width or y >= layout.total:
            return
        index, line = layout.locate(y)
        offset = None
        if line < layout.heights[index]:
            block = layout.block(index, line + 1)
            left = self._left + layout.indent(index)
            if line < len(block.lines) and where.x >= left:
                start, end = block.lines[line]
                text = self._paragraphs[index].text
                offset = column_to_offset(text, start, end, where.x - left)
        with self._quietly():
            self.cursor = index + 1
        self.post_message(self.Clicked(self, index + 1, offset))

    # ---------------------------------------------------------------- render
    def render_lines(self, crop: Region) -> list[Strip]:
        """The visible rows, straight from the line cache when the widget's own styles
        add nothing to a line (:mod:`.plain_lines`; as the reader's CSS has it):
        Textual's per-line styling pass (~30 µs a row) would return the same strips.
        Otherwise, and for any such style, Textual's own path.
        ``tests/ui/test_repaint.py`` checks both give the same lines."""
        if plain_styles(self):
            size = self.size
            layout = self._ensure_layout(size)
            top = self.scroll_offset.y
            lines = plain_render_lines(
                self, crop, lambda y: self._line_at(layout, y + top, size.width)
            )
            if lines is not None:
                return lines
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        size = self.size
        return self._line_at(self._ensure_layout(size), y + self.scroll_offset.y, size.width)

    def _line_at(self, layout: DocLayout | None, y: int, width: int) -> Strip:
        """Row ``y`` of the whole text (not of the viewport), ``width`` cells."""
        if layout is None or not layout.count or y >= layout.total:
            return Strip.blank(width, self._base_style)
        index, line = layout.locate(y)
        if not layout.ready(index, line):  # not prepared yet (e.g. first frame)
            top = self.scroll_offset.y
            if layout.prepare(top, top + self._viewport_height):
                self._sync_virtual_size()
            index, line = layout.locate(y)
        if line >= layout.heights[index]:
            return Strip.blank(width, self._base_style)
        is_cursor = index + 1 == self.cursor
        key = (index, line, width, is_cursor)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._cache[key] = self._render_paragraph_line(index, line, width, is_cursor)
        return strip

    @property
    def _base_style(self) -> Style:
        return self._styles.base

    def _style(self, name: str) -> Style:
        """A component's own style (see :class:`~.article_styles.ArticleStyles`)."""
        return self._styles.component(name)

    def _compose_style(self, base: Style, names: tuple[str, ...]) -> Style:
        return self._styles.compose(base, names)

    def _render_paragraph_line(self, index: int, line: int, width: int, is_cursor: bool) -> Strip:
        assert self._layout is not None
        para = self._paragraphs[index]
        block = self._layout.block(index, line + 1)
        names: tuple[str, ...] = (_PREFIX + para.kind,) if para.kind != "body" else ()
        if is_cursor:
            names += (_PREFIX + "cursor-line",)
        base = self._compose_style(self._base_style, names)
        gutter = self._compose_style(self._base_style, (_PREFIX + "gutter",))
        mark = self._compose_style(gutter, (_PREFIX + "cursor-marker",))
        number = f"{para.n:>{self._gutter - 2}} " if line == 0 else " " * (self._gutter - 1)
        segments = [Segment(" " * self._pad, self._base_style)] if self._pad else []
        segments.append(Segment(CURSOR_MARK, mark) if is_cursor else Segment(" ", gutter))
        segments.append(Segment(number, gutter))
        if self._layout.indent(index):
            segments.append(Segment(BULLET if line == 0 else " " * BULLET_CELLS, base))
        truncated = self._compose_style(base, (_PREFIX + "truncated",))
        if line < len(block.lines):
            start, end = block.lines[line]
            spans = self._layers.line_spans(para.n, start, end)
            segments.extend(self._text_segments(para.text[start:end], spans, base))
            if block.complete and block.inline_marker and line == len(block.lines) - 1:
                segments.append(Segment(" " + TRUNCATED_MARKER, truncated))
        else:
            start, end = block.marker_lines[line - len(block.lines)]
            segments.append(Segment(TRUNCATED_MARKER[start:end], truncated))
        return Strip(segments).adjust_cell_length(width, base)

    def _text_segments(self, text: str, spans: list[LineSpan], base: Style) -> list[Segment]:
        if not spans:
            return [Segment(text, base)]
        compose = self._compose_style
        return [Segment(text[a:b], compose(base, names)) for a, b, names in cut(text, spans)]
