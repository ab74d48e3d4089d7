"""The article pane: numbered, word-wrapped paragraphs with a paragraph cursor.

A Line API widget: one ``render_line`` per visible row, Strips cached in an LRU
keyed by ``(paragraph, line, width, style generation, is cursor)``; never one
widget per paragraph. Text is cut into plain :class:`rich.segment.Segment` objects,
never parsed as markup: ``[bold]`` or ``[@click=app.quit]`` shows literally and a
click on it runs nothing. Wrapping is lazy (:class:`.wrap.DocLayout`): what the
viewport shows is wrapped before it is drawn, the rest in ~8 ms batches on a
timer, with estimated heights meanwhile (scroll offset adjusted so nothing moves).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from operator import attrgetter
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size, clamp
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from briefreader.core.brief import Paragraph
from briefreader.tui.widgets.wrap import (
    DocLayout,
    SpanLayers,
    column_to_offset,
    cut,
)

__all__ = ["MENTION_KINDS", "TRUNCATED_MARKER", "ArticleView"]

TRUNCATED_MARKER = "⟨source text ends here — truncated⟩"
MENTION_KINDS = ("term", "person", "state", "place", "organisation", "group", "suggested")
CURSOR_MARK = "▌"
EAGER_WRAP_CHARS = 100_000  # texts up to this size are wrapped in full on the first layout
_PREFIX = "article-view--"

_PARTS = ("gutter", "cursor-marker", "cursor-line", "bio", "note", "truncated")
_LAYERS = ("selected", "search", "search-current", "xref-focus")
LineSpan = tuple[int, int, str]
_text, _truncated = attrgetter("text"), attrgetter("truncated")


class _ArticleMessage(Message):
    def __init__(self, article_view: ArticleView, paragraph: int) -> None:
        super().__init__()
        self.article_view = article_view
        self.paragraph = paragraph

    @property
    def control(self) -> ArticleView:
        return self.article_view


class ArticleView(ScrollView, can_focus=True):
    """Scrollable, numbered article text with a paragraph cursor and span highlights.

    Component classes (the app's ``.tcss`` sets colours; defaults below keep a
    non-colour cue for every mention kind):

    * ``article-view--gutter`` paragraph numbers; ``--cursor-marker`` the ``▌``
      drawn in the gutter on every line of the cursor paragraph;
      ``--cursor-line`` the (subtle background) of the cursor paragraph's lines.
    * ``article-view--bio`` / ``--note`` paragraph kinds (default dim italic).
    * ``article-view--truncated`` the end marker of a truncated paragraph.
    * mentions: ``--term`` underline, ``--person`` bold, ``--state`` italic,
      ``--organisation`` bold underline, ``--group`` italic underline.
    * ``--selected`` (reverse bold), ``--search`` (underline + tint),
      ``--search-current`` (bold on warning), ``--xref-focus`` (bold underline on accent).

    Layers compose in that order (later wins on conflicting attributes):
    paragraph kind/cursor line < mention < selected < search < search-current <
    xref-focus.
    """

    ALLOW_SELECT = False
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
    ArticleView > .article-view--term { text-style: underline; }
    ArticleView > .article-view--person { text-style: bold; }
    ArticleView > .article-view--state { text-style: italic; }
    ArticleView > .article-view--organisation { text-style: bold underline; }
    ArticleView > .article-view--group { text-style: italic underline; }
    ArticleView > .article-view--place { text-style: italic; }
    ArticleView > .article-view--suggested { text-style: dim underline; }
    ArticleView > .article-view--selected { text-style: reverse bold; }
    ArticleView > .article-view--search { background: $warning 35%; text-style: underline; }
    ArticleView > .article-view--search-current {
        background: $warning; color: $background; text-style: bold;
    }
    ArticleView > .article-view--xref-focus {
        background: $accent; color: $background; text-style: bold underline;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        _PREFIX + name for name in (*_PARTS, *MENTION_KINDS, *_LAYERS)
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Next paragraph", show=False),
        Binding("k,up", "cursor_up", "Previous paragraph", show=False),
        Binding(
            "space,pagedown", "page_down", "Page down", show=False, tooltip="Cursor to the new top"
        ),
        Binding("b,pageup", "page_up", "Page up", show=False, tooltip="Cursor to the new top"),
        Binding("g,home", "cursor_top", "First paragraph", show=False),
        Binding("G,end", "cursor_bottom", "Last paragraph", show=False),
    ]

    cursor: reactive[int] = reactive(1, init=False)
    """The cursor paragraph (``Paragraph.n``, 1-based; 0 only when there are no paragraphs)."""

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
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._paragraphs: tuple[Paragraph, ...] = ()
        self._layout: DocLayout | None = None
        self._cache: LRUCache[tuple[int, int, int, int, bool], Strip] = LRUCache(2048)
        self._generation = 0
        self._styles: dict[object, Style] = {}
        self._layers = SpanLayers(_PREFIX, MENTION_KINDS)
        self._quiet = 0  # >0: cursor changes don't scroll, scroll changes don't move the cursor
        self._timer: Timer | None = None
        self._pending_go_to: tuple[int, int | None] | None = None
        self.set_paragraphs(paragraphs)

    # ------------------------------------------------------------------ data
    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return self._paragraphs

    def set_paragraphs(self, paragraphs: Sequence[Paragraph]) -> None:
        """Show a new article (cursor back to paragraph 1, span layers kept)."""
        self._paragraphs = tuple(paragraphs)
        self._layout = None
        self._gutter = max(3, len(str(len(self._paragraphs)))) + 2
        with self._quietly():
            self.cursor = 1 if self._paragraphs else 0
        self._invalidate()
        if self.is_mounted:
            self.scroll_to(y=0, animate=False, force=True)

    def set_mentions(self, spans: Mapping[int, Sequence[tuple[int, int, str]]]) -> None:
        """Cross-reference mentions: paragraph n -> (start, end, kind); unknown kinds ignored."""
        self._layers.set_mentions(spans)
        self._invalidate()

    def set_selected(self, spans: Mapping[int, Sequence[tuple[int, int]]]) -> None:
        """The selected entry's mentions (strong highlight)."""
        self._layers.set_selected(spans)
        self._invalidate()

    def set_search(
        self, spans: Mapping[int, Sequence[tuple[int, int]]], current: tuple[int, int, int] | None
    ) -> None:
        """Search matches, and the current match as (paragraph, start, end)."""
        self._layers.set_search(spans, current)
        self._invalidate()

    def set_focused_mention(self, span: tuple[int, int, int] | None) -> None:
        """The cross-reference under keyboard focus, as (paragraph, start, end)."""
        self._layers.focused = span
        self._invalidate()

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
        return self._gutter + column + gutter.left, y - self.scroll_offset.y + gutter.top

    def _invalidate(self) -> None:
        self._generation += 1
        self._cache.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._invalidate()

    # ---------------------------------------------------------------- layout
    @property
    def _viewport_height(self) -> int:
        return max(1, self.size.height - self.scrollbar_size_horizontal)

    @property
    def _content_width(self) -> int:
        return max(0, self.size.width - self.scrollbar_size_vertical)

    def _ensure_layout(self, size: Size | None = None) -> DocLayout | None:
        """The layout for the current width, re-wrapping (lazily) if the width changed."""
        width, height = size or self.size
        if not width or not height:
            return self._layout
        width = max(2, width - self.scrollbar_size_vertical - self._gutter)
        layout = self._layout
        if layout is not None and layout.width == width:
            return layout
        old_rel: int | None = None  # the cursor paragraph's row, or -(text offset at the top)
        if layout is not None and self.cursor:
            index = self.cursor - 1
            old_rel = layout.tops[index] - self.scroll_offset.y
            block = layout.blocks[index]
            if old_rel < 0 and block is not None and -old_rel < len(block.lines):
                old_rel = -block.lines[-old_rel][0]  # reading inside a tall paragraph
        ps = self._paragraphs
        self._layout = layout = DocLayout(
            list(map(_text, ps)), list(map(_truncated, ps)), width, TRUNCATED_MARKER
        )
        self._cache.clear()
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if sum(map(len, layout.texts)) <= EAGER_WRAP_CHARS:
            while not layout.done:  # a short text: wrap it all now, so nothing moves later
                layout.wrap_some(1.0)
        elif ps:
            self._timer = self.set_interval(0.005, self._background_step)
        if self.cursor and old_rel is not None:
            # keep the cursor paragraph's start on the same row, or the top line's text on top
            index, rel = self.cursor - 1, min(old_rel, self._viewport_height - 1)
            line = layout.line_of(index, -rel) if rel < 0 else -rel
            self._settle(lambda lay: lay.tops[index] + line)
        elif self.cursor:  # first layout: honour a go_to() or cursor set before it
            self._settle(lambda lay: self.scroll_offset.y)
            pending, self._pending_go_to = self._pending_go_to, None
            if pending is not None:
                self.go_to(*pending)
            elif not self._cursor_visible():
                self._scroll_to_cursor()
        self._sync_virtual_size()
        return layout

    def _sync_virtual_size(self) -> None:
        if self._layout is not None:
            self.virtual_size = Size(self._content_width, self._layout.total)

    def _settle(self, target: Callable[[DocLayout], int]) -> None:
        """Scroll to ``target(layout)`` after wrapping what that viewport shows (to a fixpoint)."""
        layout = self._layout
        if layout is None:
            return
        height = self._viewport_height
        y = 0
        for _ in range(8):
            y = clamp(target(layout), 0, max(0, layout.total - height))
            if not layout.prepare(y, y + height):
                break
        self._sync_virtual_size()
        with self._quietly():
            self.scroll_to(y=y, animate=False, force=True)

    def _background_step(self) -> None:
        layout = self._layout
        if layout is None or layout.done:
            if self._timer is not None:
                self._timer.stop()
                self._timer = None
            return
        y0 = self.scroll_offset.y
        anchor, offset = layout.locate(y0)
        first = layout.wrap_some(0.008)
        if first is None:
            return
        self._sync_virtual_size()
        if first < anchor:
            with self._quietly():
                self.scroll_to(y=layout.tops[anchor] + offset, animate=False, force=True)
        if first <= layout.paragraph_at(y0 + self._viewport_height):
            self.refresh()

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def on_resize(self, event: events.Resize) -> None:
        self._ensure_layout()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        layout = self._layout
        if layout is None or not layout.count:
            return
        y = round(new_value)
        if layout.prepare(y, y + self._viewport_height):
            self._sync_virtual_size()
        if not self._quiet and not self._cursor_visible():
            self._follow_top()

    # ---------------------------------------------------------------- cursor
    def validate_cursor(self, value: int) -> int:
        return clamp(value, 1, len(self._paragraphs)) if self._paragraphs else 0

    def watch_cursor(self, old_value: int, new_value: int) -> None:
        self.refresh()
        if not new_value:
            return
        self.post_message(self.CursorMoved(self, new_value))
        if not self._quiet and self._ensure_layout() is not None:
            self._scroll_to_cursor()

    def _cursor_visible(self) -> bool:
        layout = self._layout
        if layout is None or not self.cursor:
            return True
        y0, top = self.scroll_offset.y, layout.tops[self.cursor - 1]
        return top < y0 + self._viewport_height and top + layout.heights[self.cursor - 1] > y0

    def _top_paragraph(self) -> int:
        """Number of the first paragraph at least partly visible at the top."""
        assert self._layout is not None
        index, line = self._layout.locate(self.scroll_offset.y)
        if line >= self._layout.heights[index] and index + 1 < self._layout.count:
            index += 1
        return index + 1

    def _follow_top(self) -> None:
        if self._layout is not None and self._layout.count:
            with self._quietly():
                self.cursor = self._top_paragraph()

    def _scroll_to_cursor(self) -> None:
        index, height = self.cursor - 1, self._viewport_height
        y0 = self.scroll_offset.y

        def target(layout: DocLayout) -> int:
            top, lines = layout.tops[index], layout.heights[index]
            if top < y0 or (lines > height and top >= y0 + height):
                return top
            if top + lines > y0 + height:
                return top if lines > height else top + lines - height
            return y0

        self._settle(target)

    def go_to(self, paragraph: int, offset: int | None = None) -> None:
        """Move the cursor to ``paragraph``; if the line (with ``offset``) or paragraph
        start is not on screen, scroll it to about a third down the viewport."""
        if not self._paragraphs:
            return
        with self._quietly():
            self.cursor = paragraph
        layout = self._ensure_layout()
        if layout is None:
            self._pending_go_to = (self.cursor, offset)
            return
        index, height, y0 = self.cursor - 1, self._viewport_height, self.scroll_offset.y
        line = layout.line_of(index, offset) if offset is not None else 0

        def target(lay: DocLayout) -> int:
            y = lay.tops[index] + line
            return y0 if y0 <= y < y0 + height else y - height // 3

        self._settle(target)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_top(self) -> None:
        self.cursor = 1

    def action_cursor_bottom(self) -> None:
        self.cursor = len(self._paragraphs)

    def _page(self, direction: int) -> None:
        layout = self._ensure_layout()
        if layout is None or not layout.count:
            return
        height, y0 = self._viewport_height, self.scroll_offset.y
        if (direction < 0 and y0 <= 0) or (direction > 0 and y0 >= self.max_scroll_y):
            self.cursor = 1 if direction < 0 else layout.count
            return
        anchor, offset = layout.locate(y0)
        self._settle(lambda lay: lay.tops[anchor] + offset + direction * height)
        self._follow_top()

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    # ----------------------------------------------------------------- mouse
    def _on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._wheel(event, 1)

    def _on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._wheel(event, -1)

    def _wheel(self, event: events.MouseEvent, direction: int) -> None:
        """Scroll like Textual does, then move the cursor to the paragraph at the top."""
        if event.ctrl or event.shift:
            return
        event.prevent_default()
        before = self.scroll_offset.y
        target = self.scroll_target_y + direction * self.app.scroll_sensitivity_y
        with self._quietly():
            self.scroll_to(y=target, animate=False)
        if self.scroll_offset.y != before:
            event.stop()
            self._follow_top()

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
            if line < len(block.lines) and where.x >= self._gutter:
                start, end = block.lines[line]
                text = self._paragraphs[index].text
                offset = column_to_offset(text, start, end, where.x - self._gutter)
        with self._quietly():
            self.cursor = index + 1
        self.post_message(self.Clicked(self, index + 1, offset))

    # ---------------------------------------------------------------- render
    def render_line(self, y: int) -> Strip:
        size = self.size
        width = size.width
        layout = self._ensure_layout(size)
        blank = Strip.blank(width, self._base_style)
        if layout is None or not layout.count:
            return blank
        y += self.scroll_offset.y
        if y >= layout.total:
            return blank
        index, line = layout.locate(y)
        if not layout.ready(index, line):  # not prepared yet (e.g. first frame)
            top = self.scroll_offset.y
            if layout.prepare(top, top + self._viewport_height):
                self._sync_virtual_size()
            index, line = layout.locate(y)
        if line >= layout.heights[index]:
            return blank
        is_cursor = index + 1 == self.cursor
        key = (index, line, width, self._generation, is_cursor)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._cache[key] = self._render_paragraph_line(index, line, width, is_cursor)
        return strip

    @property
    def _base_style(self) -> Style:
        style = self._styles.get(None)
        if style is None:
            style = self._styles[None] = self.rich_style
        return style

    def _style(self, name: str) -> Style:
        """A component's own style, with colours resolved (alpha blended) where it sets them."""
        style = self._styles.get(name)
        if style is None:
            partial = self.get_component_rich_style(name, partial=True)
            full = self.get_component_rich_style(name)
            style = partial + Style(
                color=full.color if partial.color else None,
                bgcolor=full.bgcolor if partial.bgcolor else None,
            )
            self._styles[name] = style
        return style

    def _compose_style(self, base: Style, names: tuple[str, ...]) -> Style:
        key = (base, names)
        style = self._styles.get(key)
        if style is None:
            style = Style.combine([base, *map(self._style, names)])
            self._styles[key] = style
        return style

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
        segments = [Segment(CURSOR_MARK, mark) if is_cursor else Segment(" ", gutter)]
        segments.append(Segment(number, gutter))
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
