"""Pure text-layout helpers for :class:`~briefreader.tui.widgets.article_view.ArticleView`.

Nothing here imports Textual. Widths are terminal cells as Rich measures them
(wide CJK/emoji characters count 2, combining marks 0, ZWJ sequences and VS16
are kept in one grapheme), and offsets are indices into the paragraph string.

* :func:`wrap` word-wraps one paragraph into ``(start, end)`` spans. Breaks are
  at ASCII spaces, which are dropped at the break; a word longer than the line
  is hard-broken between graphemes. Only a single grapheme wider than the whole
  line can make a line wider than ``width``.
* :class:`DocLayout` is the lazily wrapped document: paragraphs are wrapped on
  demand (around the viewport) or in time-boxed background batches; until then
  their height is an estimate, so the virtual height is available immediately.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate, islice
from operator import itemgetter
from time import perf_counter
from typing import TypeVar

from rich.cells import cell_len, get_character_cell_size, split_graphemes

Span = tuple[int, int]
T = TypeVar("T")

# Characters known to be exactly one cell and one grapheme on their own (grows lazily).
_NARROW: set[str] = {chr(c) for c in range(0x20, 0x7F)}
_first = itemgetter(0)
_plus_one = (1).__add__


class _Widths(dict[str, int]):
    """Rich's per-character cell width, memoised."""

    def __missing__(self, char: str) -> int:
        width = self[char] = get_character_cell_size(char)
        if width == 1 and char.isprintable():
            _NARROW.add(char)
        return width


_WIDTH = _Widths()
_width_of = _WIDTH.__getitem__


def is_narrow(text: str) -> bool:
    """True if every character of ``text`` is one cell wide and a grapheme of its own."""
    if text.isascii():
        return text.isprintable()
    if _NARROW.issuperset(text):
        return True
    for char in set(text).difference(_NARROW):
        if _WIDTH[char] != 1 or char not in _NARROW:
            return False
    return True


def _fit(text: str, pos: int, width: int) -> int:
    """How many characters from ``pos`` fit in ``width`` cells, or -1 if graphemes are needed.

    Zero-width characters (combining marks, controls) simply join the previous
    character, as in Rich; only ZWJ and VS16 need the grapheme path. The result
    is at least 1 and never stops just before a zero-width character.
    """
    n = len(text)
    size = width + 1
    while True:
        chunk = text[pos : pos + size]
        if (chunk.isascii() and chunk.isprintable()) or _NARROW.issuperset(chunk):
            return min(width, len(chunk))
        if "\u200d" in chunk or "\ufe0f" in chunk:
            return -1
        fit = bisect_right(list(accumulate(map(_width_of, chunk))), width)
        if fit < len(chunk) or pos + len(chunk) >= n:
            break
        size *= 2
    if not fit:  # a single character wider than the line: it goes alone
        fit = 1
        while pos + fit < n and not _WIDTH[text[pos + fit]]:
            fit += 1
    return fit


def _breakable(text: str, index: int) -> bool:
    """A space at ``index`` that is not the base of a combining sequence."""
    return text[index] == " " and (index + 1 >= len(text) or _WIDTH[text[index + 1]] > 0)


def _skip_spaces(text: str, pos: int) -> int:
    n = len(text)
    while pos < n and _breakable(text, pos):
        pos += 1
    return pos


def _trim_end(text: str, start: int, end: int) -> int:
    """Move ``end`` back over spaces, keeping at least one character in the line."""
    while end > start + 1 and text[end - 1] == " ":
        end -= 1
    return end


def _slow_line(text: str, pos: int, width: int) -> tuple[int, int]:
    """Wrap one line starting at ``pos`` grapheme by grapheme: ``(end, next_start)``."""
    n = len(text)
    size = width + 16
    while True:
        chunk = text[pos : pos + size]
        complete = pos + size >= n
        spans, _ = split_graphemes(chunk)
        if not complete:
            spans.pop()  # the last grapheme may continue past the chunk
        cells = 0
        last_space = -1
        for index, (start, end, cell_width) in enumerate(spans):
            space = chunk[start] == " " and end == start + 1
            if index and cells + cell_width > width:
                brk = index if space else last_space
                if brk <= 0:
                    return pos + start, pos + start
                break_at = spans[brk][0]
                return pos + _trim_end(chunk, 0, break_at), pos + break_at
            if space and index:
                last_space = index
            cells += cell_width
        if complete:
            return n, n
        size *= 4


def wrap(text: str, width: int, *, fast: bool = True) -> list[Span]:
    """Word-wrap ``text`` to ``width`` cells; returns ``(start, end)`` spans, at least one.

    Between consecutive spans there are only spaces (the break); concatenating the
    spans and gaps gives back ``text`` except spaces trailing the last line.
    ``fast=False`` forces the grapheme path (for testing the fast path).
    """
    return wrap_from(text, width, 0, None, fast=fast)[0] if text else [(0, 0)]


def wrap_from(
    text: str, width: int, pos: int, limit: int | None, *, fast: bool = True
) -> tuple[list[Span], int]:
    """Wrap at most ``limit`` lines starting at offset ``pos`` (a line start).

    Returns the lines and where the next line starts (``len(text)`` when done).
    """
    width = max(1, width)
    if fast and (is_narrow(text) or ("\xa0" in text and is_narrow(text.replace("\xa0", "x")))):
        return _wrap_narrow(text, width, pos, limit)  # (NBSP: one cell, never a break)
    n = len(text)
    lines: list[Span] = []
    rfind = text.rfind
    while pos < n and (limit is None or len(lines) < limit):
        fit = _fit(text, pos, width) if fast else -1
        if fit < 0:
            end, nxt = _slow_line(text, pos, width)
        elif pos + fit >= n:
            end = nxt = n
        else:
            brk = pos + fit
            if not _breakable(text, brk):
                brk = rfind(" ", pos + 1, brk)
                while brk > pos and not _breakable(text, brk):
                    brk = rfind(" ", pos + 1, brk)
            if brk <= pos:
                end = nxt = pos + fit
            else:
                end, nxt = _trim_end(text, pos, brk), brk
        lines.append((pos, end))
        pos = _skip_spaces(text, nxt)
    return lines, pos


def _wrap_narrow(text: str, width: int, pos: int, limit: int | None) -> tuple[list[Span], int]:
    """:func:`wrap_from` for narrow text (:func:`is_narrow`: every character one cell and
    a grapheme of its own, so every space is a break): the same lines, without the
    per-character checks (~2x faster)."""
    n = len(text)
    lines: list[Span] = []
    append, rfind = lines.append, text.rfind
    left = n if limit is None else limit
    while pos < n and left > 0:
        left -= 1
        brk = pos + width
        if brk >= n:
            append((pos, n))
            pos = n
            break
        if text[brk] != " ":
            brk = rfind(" ", pos + 1, brk)
        if brk <= pos:  # one word longer than the line: cut it
            end = nxt = pos + width
        else:
            end = brk
            while end > pos + 1 and text[end - 1] == " ":
                end -= 1
            nxt = brk
        append((pos, end))
        pos = nxt
        while pos < n and text[pos] == " ":
            pos += 1
    return lines, pos


def grapheme_starts(text: str) -> list[int]:
    """Start offsets of the graphemes of ``text`` (every index for narrow text)."""
    if is_narrow(text):
        return list(range(len(text)))
    return [start for start, _end, _w in split_graphemes(text)[0]]


def column_to_offset(text: str, start: int, end: int, column: int) -> int | None:
    """Offset of the character drawn at cell ``column`` of line ``text[start:end]``.

    A column in the second cell of a wide character maps to that character; a
    column past the end of the line gives ``None``.
    """
    if column < 0:
        return None
    line = text[start:end]
    if is_narrow(line):
        return start + column if column < len(line) else None
    cells = 0
    for g_start, _g_end, cell_width in split_graphemes(line)[0]:
        cells += cell_width
        if column < cells:
            return start + g_start
    return None


def offset_to_column(text: str, start: int, offset: int) -> int:
    """Cell column at which ``text[offset]`` is drawn on a line starting at ``start``."""
    return cell_len(text[start:offset])


class Block:
    """One paragraph's wrapped lines so far; truncation-marker lines once complete."""

    __slots__ = ("complete", "inline_marker", "lines", "marker_lines", "next")

    def __init__(self) -> None:
        self.lines: list[Span] = []
        self.marker_lines: list[Span] = []
        self.inline_marker = False
        self.next = 0  # where the next line starts
        self.complete = False

    @property
    def height(self) -> int:
        return len(self.lines) + len(self.marker_lines)

    def line_of(self, offset: int) -> int:
        """Index of the text line that shows (or, at a break, precedes) ``offset``."""
        return max(0, bisect_right(self.lines, offset, key=_first) - 1)


class DocLayout:
    """All paragraphs at one text width, wrapped lazily.

    Paragraph ``i`` (0-based) occupies virtual lines ``tops[i] .. tops[i] +
    heights[i] - 1``, followed by one blank separator line (not after the last).
    ``heights[i]`` is exact once ``blocks[i].complete``, an estimate before (a
    huge paragraph is wrapped a few hundred lines at a time, from its start).
    Wrapping more of paragraph ``i`` only moves lines *after* those already
    wrapped, so the caller keeps its scroll anchor by re-reading ``tops`` of the
    paragraph at the top of the viewport.
    """

    STEP = 256  # lines wrapped at least per call into an unfinished paragraph

    def __init__(
        self,
        texts: Sequence[str],
        truncated: Sequence[bool],
        width: int,
        marker: str,
        indents: Sequence[int] = (),
    ) -> None:
        self.width = w = max(1, width)
        self.texts = texts
        self.indents = indents  # cells before paragraph i's text (a list item's bullet)
        self.truncated = truncated
        self.marker = marker
        self.count = len(texts)
        self.blocks: list[Block | None] = [None] * self.count
        # estimate (C-speed, no Python loop): len // width + 1 lines
        self.heights = list(map(_plus_one, map(w.__rfloordiv__, map(len, texts))))
        self.tops: list[int] = [0] * self.count
        self.pending = self.count
        self._background = 0
        self._rebuild(0)

    @property
    def total(self) -> int:
        """Number of virtual lines."""
        return self.tops[-1] + self.heights[-1] if self.count else 0

    @property
    def done(self) -> bool:
        return not self.pending

    def _rebuild(self, start: int) -> None:
        if start < self.count:
            first = self.tops[start]
            tail = map(_plus_one, islice(self.heights, start, self.count - 1))
            self.tops[start:] = accumulate(tail, initial=first)

    def ensure(self, index: int, lines: int | None = None) -> bool:
        """Wrap paragraph ``index`` completely, or at least its first ``lines`` lines.

        True if its height changed (``tops`` after it are then stale: see :meth:`block`).
        """
        block = self.blocks[index]
        if block is None:
            block = self.blocks[index] = Block()
        if block.complete or (lines is not None and len(block.lines) >= lines):
            return False
        text, width = self.texts[index], max(1, self.width - self.indent(index))
        limit = None if lines is None else max(lines - len(block.lines), self.STEP)
        new, block.next = wrap_from(text, width, block.next, limit)
        block.lines.extend(new)
        if block.next >= len(text):
            block.complete = True
            self.pending -= 1
            if not block.lines:
                block.lines.append((0, 0))
            if self.truncated[index]:
                start, end = block.lines[-1]
                if cell_len(text[start:end]) + 1 + cell_len(self.marker) <= width:
                    block.inline_marker = True
                else:
                    block.marker_lines = wrap(self.marker, width)
            height = block.height
        else:
            done, rest = len(block.lines), len(text) - block.next
            height = done + (rest * done + block.next - 1) // block.next
        old, self.heights[index] = self.heights[index], height
        return old != height

    def indent(self, index: int) -> int:
        """Cells left of paragraph ``index``'s text on every line (0 for most)."""
        return self.indents[index] if self.indents else 0

    def block(self, index: int, lines: int | None = None) -> Block:
        """Paragraph ``index`` wrapped (at least ``lines`` lines), ``tops`` kept consistent."""
        if self.ensure(index, lines):
            self._rebuild(index)
        block = self.blocks[index]
        assert block is not None
        return block

    def line_of(self, index: int, offset: int) -> int:
        """The line of paragraph ``index`` showing ``offset`` (wrapping up to it)."""
        block = self.block(index, 1)
        while not block.complete and block.next <= offset:
            block = self.block(index, len(block.lines) + self.STEP)
        return block.line_of(offset)

    def position(self, index: int, offset: int) -> tuple[int, int]:
        """(cell column in the text area, virtual line) where ``offset`` is drawn."""
        text = self.texts[index]
        offset = min(max(offset, 0), len(text))
        line = self.line_of(index, offset)
        block = self.blocks[index]
        assert block is not None
        start = block.lines[line][0]
        column = offset_to_column(text, start, max(start, offset)) + self.indent(index)
        return column, self.tops[index] + line

    def ready(self, index: int, line: int) -> bool:
        """Whether line ``line`` of paragraph ``index`` is wrapped (exactly placed)."""
        block = self.blocks[index]
        return block is not None and (block.complete or line < len(block.lines))

    def paragraph_at(self, y: int) -> int:
        """Index of the paragraph whose lines (or following separator) contain line ``y``."""
        return max(0, bisect_right(self.tops, y) - 1)

    def locate(self, y: int) -> tuple[int, int]:
        """``(paragraph index, line within it)``; line >= height means separator/past end."""
        index = self.paragraph_at(y)
        return index, y - self.tops[index]

    def prepare(self, y0: int, y1: int) -> bool:
        """Wrap every paragraph line in ``[y0, y1)``; True if tops moved."""
        if not self.count:
            return False
        index = self.paragraph_at(max(0, y0))
        y = self.tops[index]
        first_changed: int | None = None
        while index < self.count and y < y1:
            if self.ensure(index, y1 - y) and first_changed is None:
                first_changed = index
            y += self.heights[index] + 1
            index += 1
        if first_changed is not None:
            self._rebuild(first_changed)
        return first_changed is not None

    def wrap_some(self, budget: float) -> int | None:
        """Background step: wrap paragraphs in order for about ``budget`` seconds.

        Returns the first paragraph whose height changed (tops already rebuilt), or None.
        """
        deadline = perf_counter() + budget
        first_changed: int | None = None
        index = self._background
        while index < self.count and perf_counter() < deadline:
            block = self.blocks[index]
            wrapped = 0 if block is None else len(block.lines)
            if self.ensure(index, wrapped + 8 * self.STEP) and first_changed is None:
                first_changed = index
            block = self.blocks[index]
            if block is not None and block.complete:
                index += 1
        self._background = index
        if first_changed is not None:
            self._rebuild(first_changed)
        return first_changed
