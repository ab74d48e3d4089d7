"""The mention strip: a pure function from paragraph numbers to one line of cells."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from briefreader.tui.widgets.mention_strip import (
    BLANK,
    FULL,
    RAMP,
    cells_for_paragraph,
    mention_strip,
)

totals = st.integers(min_value=1, max_value=400)
widths = st.integers(min_value=1, max_value=120)


@st.composite
def strip_args(draw: st.DrawFn) -> tuple[list[int], int, int]:
    total = draw(totals)
    width = draw(widths)
    mentions = draw(st.lists(st.integers(min_value=-3, max_value=total + 3), max_size=40))
    return mentions, total, width


def first_mark(strip: str) -> int:
    return next(i for i, ch in enumerate(strip) if ch != BLANK)


def test_examples() -> None:
    assert mention_strip([], 10, 5) == "·····"
    assert mention_strip([1], 10, 5) == "█····"
    assert mention_strip([10], 10, 5) == "····█"
    assert mention_strip([3, 8], 10, 10) == "··█····█··"
    # Fewer paragraphs than cells: a paragraph covers a run of cells.
    assert mention_strip([1], 2, 6) == "███···"
    assert mention_strip([2], 2, 6) == "···███"
    # Density: the busiest cell is full, lighter ones are lower bars.
    assert mention_strip([1, 1, 1, 1, 5], 5, 5) == "█···▂"
    assert mention_strip([1, 1, 1, 1, 5], 5, 5, dense=False) == "█···█"


def test_degenerate_sizes() -> None:
    assert mention_strip([1, 2], 3, 0) == ""
    assert mention_strip([1, 2], 3, -4) == ""
    assert mention_strip([1, 2], 0, 4) == BLANK * 4
    assert mention_strip([0, 99], 5, 4) == BLANK * 4


@given(strip_args())
def test_length_is_width(args: tuple[list[int], int, int]) -> None:
    mentions, total, width = args
    strip = mention_strip(mentions, total, width)
    assert len(strip) == width
    assert set(strip) <= {BLANK, *RAMP}


@given(totals, widths)
def test_blank_without_mentions(total: int, width: int) -> None:
    assert mention_strip([], total, width) == BLANK * width


@given(strip_args())
def test_marked_iff_a_valid_mention(args: tuple[list[int], int, int]) -> None:
    mentions, total, width = args
    strip = mention_strip(mentions, total, width)
    valid = [p for p in mentions if 1 <= p <= total]
    assert (strip != BLANK * width) == bool(valid)
    if valid:
        assert FULL in strip


@given(totals, widths)
def test_first_and_last_paragraph_map_to_end_cells(total: int, width: int) -> None:
    assert mention_strip([1], total, width)[0] == FULL
    assert mention_strip([total], total, width)[-1] == FULL


@given(totals, widths, st.data())
def test_monotone(total: int, width: int, data: st.DataObject) -> None:
    p = data.draw(st.integers(min_value=1, max_value=total))
    q = data.draw(st.integers(min_value=p, max_value=total))
    assert first_mark(mention_strip([p], total, width)) <= first_mark(
        mention_strip([q], total, width)
    )


@given(totals, widths)
def test_cells_partition_or_sample(total: int, width: int) -> None:
    runs = [cells_for_paragraph(p, total, width) for p in range(1, total + 1)]
    assert all(len(r) >= 1 for r in runs)
    flat = [c for r in runs for c in r]
    assert flat == sorted(flat)
    assert flat[0] == 0 and flat[-1] == width - 1
    if width >= total:
        # every cell belongs to exactly one paragraph
        assert flat == list(range(width))
    else:
        assert all(len(r) == 1 for r in runs)


def counted_one_at_a_time(paragraphs: list[int], total: int, width: int, dense: bool) -> str:
    counts: Counter[int] = Counter()
    for p in paragraphs:
        for cell in cells_for_paragraph(p, total, width):
            counts[cell] += 1
    busiest = max(counts.values(), default=0)
    return "".join(
        BLANK
        if not counts[c]
        else FULL
        if not dense
        else RAMP[-(-len(RAMP) * counts[c] // busiest) - 1]
        for c in range(width)
    )


@given(strip_args(), st.booleans())
def test_equals_counting_cells_one_paragraph_at_a_time(
    args: tuple[list[int], int, int], dense: bool
) -> None:
    """The one-cell-per-paragraph shortcut counts as cells_for_paragraph does."""
    paragraphs, total, width = args
    expected = counted_one_at_a_time(paragraphs, total, width, dense)
    assert mention_strip(paragraphs, total, width, dense=dense) == expected


@given(totals, widths, st.data(), st.booleans())
def test_many_sorted_mentions_counted_by_bisection_as_one_at_a_time(
    total: int, width: int, data: st.DataObject, dense: bool
) -> None:
    """An index's paragraphs come sorted: cells' runs found by bisection, same strip."""
    some = st.integers(min_value=-3, max_value=total + 3)
    paragraphs = sorted(data.draw(st.lists(some, min_size=4 * width + 1, max_size=600)))
    expected = counted_one_at_a_time(paragraphs, total, width, dense)
    assert mention_strip(tuple(paragraphs), total, width, dense=dense) == expected
