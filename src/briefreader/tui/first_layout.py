"""Scrollbars decided before the first layout, so that the first paint is the last.

Textual decides whether a widget shows its vertical scrollbar only once the widget has
a size, i.e. during the first layout; when the answer is "yes", the scrollbar's
reactive asks for a second layout, and the screen is painted twice: the second time
with the scrollbars and every pane re-rendered one column narrower (measured on the
bundled brief: one more full frame, its visible change 50-100 ms after the first).
A list's scrollbar thumb has the same problem: ``OptionList`` learns how many lines it
has only on its first resize, so the thumb is drawn a frame late.

The reader knows enough about its own layout before that: the terminal's size, which
side panes are shown (their CSS has been applied by the time the screen mounts), how
many rows each list has, how long the text is. :func:`presize_scrollbars` predicts, for
each scrolling widget of the reader, whether it will overflow, and sets
``show_vertical_scrollbar`` (and a list's ``virtual_size``) before the first layout.
When the prediction holds, the first layout is final. A case too close to call is left
alone, and a wrong prediction is corrected by Textual exactly as before (its second
layout): a prediction can cost a frame, never what is shown.

The estimates only read public style values (``height``/``width`` scalars, ``display``);
anything they do not understand (``auto`` heights, percentages of unknown sizes) makes
them give up for that widget.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.css.scalar import Scalar, Unit
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import OptionList, Tree

MARGIN = 2
"""Rows of doubt: content within this many rows of the viewport is not predicted."""

ARTICLE_DOUBT = 1.5
"""The text's wrapped height is an estimate: predicted only beyond this factor."""


def predict(content_rows: int, viewport_rows: int | None, margin: float = MARGIN) -> bool | None:
    """Will ``content_rows`` overflow ``viewport_rows``? None when too close to call."""
    if viewport_rows is None or viewport_rows <= 0:
        return None
    if content_rows > viewport_rows + margin:
        return True
    if content_rows < viewport_rows - margin:
        return False
    return None


def _cells(scalar: Scalar | None, whole: int, along: Unit = Unit.WIDTH) -> int | None:
    """A fixed-size scalar in cells, or a percentage of ``whole``, the container's size
    ``along`` its axis (CSS ``%`` parses as ``w`` for widths, ``h`` for heights); None
    for anything else (``vw``/``vh``, the other axis, ``fr``, ``auto``)."""
    if scalar is None:
        return None
    if scalar.unit == Unit.CELLS:
        return int(scalar.value)
    if scalar.unit in (Unit.PERCENT, along):
        return int(whole * scalar.value / 100)
    return None


def split_rows(children: Iterable[Widget], rows: int) -> dict[Widget, int] | None:
    """Rows each displayed child of a vertical container gets: fixed heights first, the
    rest shared by the ``fr`` children (by their weights). None for an ``auto`` height
    or any other unit this does not model."""
    shown = [child for child in children if child.display]
    fixed: dict[Widget, int] = {}
    weights: dict[Widget, float] = {}
    for child in shown:
        height = child.styles.height
        if height is not None and height.unit == Unit.FRACTION:
            weights[child] = height.value
            continue
        cells = _cells(height, rows, Unit.HEIGHT)
        if cells is None:
            return None
        fixed[child] = cells
    left = rows - sum(fixed.values())
    total = sum(weights.values())
    out = dict(fixed)
    for child, weight in weights.items():
        out[child] = int(left * weight / total) if total else 0
    return out


def side_width(side: Widget, width: int) -> int | None:
    """The side area's width in cells, its border included (its CSS: a percentage of the
    screen clamped by ``min-width``/``max-width``)."""
    styles = side.styles
    cells = _cells(styles.width, width)
    if cells is None:
        return None
    low, high = _cells(styles.min_width, width), _cells(styles.max_width, width)
    if high is not None:
        cells = min(cells, high)
    if low is not None:
        cells = max(cells, low)
    return cells


def text_rows(texts: Iterable[str], measure: int, limit: int | None = None) -> int:
    """About how many rows ``texts`` wrap to at ``measure`` cells, a blank row between
    paragraphs (word wrapping fills a line to ~85 % on average). Counting stops once
    past ``limit`` (a long text needs only its first paragraphs to be known too long)."""
    per_line = max(1, int(measure * 0.85))
    rows = -1
    for text in texts:
        rows += max(1, -(-len(text) // per_line)) + 1
        if limit is not None and rows > limit:
            break
    return max(rows, 0)


def tree_rows(tree: Tree[object]) -> int:
    """Lines a tree shows: every node whose ancestors are all expanded (root hidden)."""
    count = 0
    stack = list(tree.root.children) if not tree.show_root else [tree.root]
    while stack:
        node = stack.pop()
        count += 1
        if node.is_expanded:
            stack.extend(node.children)
    return count


def guess(widget: Widget, content_rows: int, viewport_rows: int | None, **kw: float) -> None:
    """Set the widget's vertical scrollbar to the prediction (when there is one)."""
    verdict = predict(content_rows, viewport_rows, **kw)
    if verdict is not None and widget.styles.overflow_y == "auto":
        widget.show_vertical_scrollbar = verdict


def presize_list(widget: OptionList, viewport_rows: int | None) -> None:
    """An option list of one-line rows: its virtual height is known before layout (so
    the scrollbar's thumb is right in the first frame) and its scrollbar predicted."""
    rows = widget.option_count
    if widget.virtual_size.height == 0:
        widget.virtual_size = Size(0, rows)
    guess(widget, rows, viewport_rows)


def presize_scrollbars(
    screen_size: Size,
    *,
    main_rows: int,
    article: Widget,
    article_texts: Iterable[str],
    article_gutter: int,
    max_measure: int | None,
    side: Widget | None,
) -> None:
    """Predict the scrollbars of the reader's text and side panes (see the module).

    ``main_rows``: the height of the area below the header and above the footer;
    ``side``: the side area (a vertical stack of lists, each with its title in its top
    border), None or hidden when the text has the whole width."""
    width = screen_size.width
    side_cells = side_width(side, width) if side is not None and side.display else 0
    if side_cells is not None:
        available = width - side_cells - article.styles.scrollbar_size_vertical - article_gutter
        measure = min(available, max_measure or available)
        if measure > 0:
            doubt = main_rows * (ARTICLE_DOUBT - 1)
            rows = text_rows(article_texts, measure, limit=int(main_rows + doubt) + 1)
            guess(article, rows, main_rows, margin=doubt)
    if side is None or not side.display:
        return
    _presize_stack(side, main_rows)


def _presize_stack(stack: Widget, rows: int) -> None:
    """Predict the lists in a vertical stack of ``rows`` rows: each list gets its share
    less its border (where its title is) and padding."""
    shares = split_rows(stack.children, rows)
    for child, share in (shares or {}).items():
        viewport = share - child.styles.gutter.height
        if isinstance(child, OptionList):
            presize_list(child, viewport)
        elif isinstance(child, Tree):
            guess(child, tree_rows(child), viewport)
