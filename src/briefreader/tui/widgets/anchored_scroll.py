"""The scroll-anchoring engine under the article view: lazy layout, cursor, scrolling.

:class:`AnchoredScroll` is a :class:`~textual.scroll_view.ScrollView` over a
:class:`~.wrap.DocLayout` of paragraphs with a paragraph cursor. It keeps what the
reader looks at in place while the layout changes under it:

* the layout is wrapped lazily — what the viewport shows before it is drawn, the
  rest in ~8 ms batches on a timer, with estimated heights meanwhile (the scroll
  offset is adjusted so nothing on screen moves when an estimate becomes exact);
* on a width change the cursor paragraph's start (or the text at the top, when
  reading inside a tall paragraph) stays on the same row;
* the cursor follows the top of the viewport when scrolling hides it, and
  scrolling follows the cursor when it moves out of view.

Subclasses supply the text (:meth:`layout_source`) and draw the lines; they are
told of cursor moves by :meth:`cursor_changed`. Nothing here draws.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from textual import events
from textual.geometry import Size, clamp
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.timer import Timer

from ..textual_private import scroll_update
from .wrap import DocLayout

__all__ = ["EAGER_WRAP_CHARS", "AnchoredScroll"]

EAGER_WRAP_CHARS = 100_000  # texts up to this size are wrapped in full on the first layout


class AnchoredScroll(ScrollView):
    cursor: var[int] = var(1, init=False)
    """The cursor paragraph (1-based; 0 only when there are no paragraphs). A ``var``: a
    move repaints only the lines of the old and new cursor paragraph (cursor_changed)."""

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._layout: DocLayout | None = None
        self._gutter = 0  # columns left of the text (set by the subclass)
        self._quiet = 0  # >0: cursor changes don't scroll, scroll changes don't move the cursor
        self._timer: Timer | None = None
        self._held = False  # hold_background(): the background wrap waits
        self._pending_go_to: tuple[int, int | None] | None = None

    # -- for subclasses --------------------------------------------------------------
    def layout_source(self) -> tuple[Sequence[str], Sequence[bool], str]:
        """(paragraph texts, truncated flags, truncation marker) to lay out."""
        return (), (), ""

    def layout_indents(self) -> Sequence[int]:
        """Cells before each paragraph's text on every line (empty: none anywhere)."""
        return ()

    def paragraph_count(self) -> int:
        return 0

    def cursor_changed(self, old: int, new: int) -> None:
        """The cursor moved (repaint, tell others); called before any scrolling."""

    def layout_changed(self) -> None:
        """A new layout replaced the old one (cached lines are stale)."""

    def reset_layout(self) -> None:
        """Forget the layout (new text): the next draw lays it out again, from the top."""
        self._layout = None
        with self._quietly():
            self.cursor = 1 if self.paragraph_count() else 0
        if self.is_mounted:
            self.scroll_to(y=0, animate=False, force=True)

    # -- layout ------------------------------------------------------------------------
    @property
    def laid_out(self) -> bool:
        """Whether the whole text is wrapped (long texts are wrapped in the background)."""
        return self._layout is not None and self._layout.done

    @property
    def _viewport_height(self) -> int:
        return max(1, self.size.height - self.scrollbar_size_horizontal)

    @property
    def _content_width(self) -> int:
        return max(0, self.size.width - self.scrollbar_size_vertical)

    def _text_width(self, width: int) -> int:
        return max(2, width - self.scrollbar_size_vertical - self._gutter)

    def _ensure_layout(self, size: Size | None = None) -> DocLayout | None:
        """The layout for the current width, re-wrapping (lazily) if the width changed."""
        width, height = size or self.size
        if not width or not height:
            return self._layout
        width = self._text_width(width)
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
        texts, truncated, marker = self.layout_source()
        self._layout = layout = DocLayout(texts, truncated, width, marker, self.layout_indents())
        self.layout_changed()
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if sum(map(len, layout.texts)) <= EAGER_WRAP_CHARS:
            while not layout.done:  # a short text: wrap it all now, so nothing moves later
                layout.wrap_some(1.0)
        elif layout.count:
            self._timer = self.set_interval(0.005, self._background_step, pause=self._held)
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

    def hold_background(self, held: bool) -> None:
        """Hold (or go on with) wrapping the rest of a long text in the background: it
        takes the UI thread for ~0.3 s, while e.g. a worker must decode data that the
        first screen still lacks (what is on screen, or scrolled to, is wrapped anyway)."""
        self._held = held
        if self._timer is not None:
            if held:
                self._timer.pause()
            else:
                self._timer.resume()

    def _background_step(self) -> None:
        """Wrap the next batch. The virtual size (each change is a layout pass of the
        whole screen and a repaint, ~15 ms) is updated only when the batch moved the
        text on screen, when the scroll offset needs it, and once at the end."""
        layout = self._layout
        if layout is None or layout.done:
            if self._timer is not None:
                self._timer.stop()
                self._timer = None
                self._sync_virtual_size()
            return
        y0 = self.scroll_offset.y
        anchor, offset = layout.locate(y0)
        first = layout.wrap_some(0.008)
        if first is None:
            return
        if first < anchor or layout.done or self.virtual_size.height < y0 + self.size.height:
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

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        """On the first layout, lay the text out at once (not on the Resize event that
        follows), so the scrollbar shows in the next frame with the side panes' ones
        instead of two frames later (one repaint less at start-up). Overrides a private
        Textual method (see tui/textual_private.py)."""
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        if self._layout is None and size.width and size.height:
            self._ensure_layout()
            scroll_update(self, self.virtual_size)
        return changed

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

    # -- cursor ------------------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        count = self.paragraph_count()
        return clamp(value, 1, count) if count else 0

    def watch_cursor(self, old_value: int, new_value: int) -> None:
        self.cursor_changed(old_value, new_value)
        if new_value and not self._quiet and self._ensure_layout() is not None:
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
        if not self.paragraph_count():
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

    def scroll_lines(self, lines: int) -> bool:
        """Scroll by ``lines`` rows (the cursor follows the top); False at either end."""
        layout = self._ensure_layout()
        if layout is None or not layout.count:
            return False
        y0 = self.scroll_offset.y
        self._settle(lambda lay: y0 + lines)
        moved = self.scroll_offset.y != y0
        if moved:
            self._follow_top()
        return moved

    def cursor_overflows(self, direction: int) -> bool:
        """Whether the cursor paragraph goes on past the bottom (``1``) / top (``-1``)."""
        layout = self._layout
        if layout is None or not self.cursor:
            return False
        index, y0, height = self.cursor - 1, self.scroll_offset.y, self._viewport_height
        top, lines = layout.tops[index], layout.heights[index]
        if direction > 0:
            return top < y0 + height and top + lines > y0 + height
        return top < y0 < top + lines

    def to_edge(self, direction: int) -> None:
        """The very start (``-1``) or end (``1``) of the text, even inside one paragraph."""
        layout = self._ensure_layout()
        if layout is None or not layout.count:
            return
        with self._quietly():
            self.cursor = 1 if direction < 0 else layout.count
        if direction < 0:
            self._settle(lambda lay: 0)
        else:
            self._settle(lambda lay: lay.total)

    def page(self, direction: int) -> None:
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

    # -- mouse ---------------------------------------------------------------------------
    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._wheel(event, 1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._wheel(event, -1)

    def _wheel(self, event: events.MouseEvent, direction: int) -> None:
        """Scroll like Textual does, then move the cursor to the paragraph at the top.

        ``prevent_default()`` stops Textual's own wheel handler (which would scroll
        again, animated); at either end the event is not stopped, so it bubbles.
        """
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
