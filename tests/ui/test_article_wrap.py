"""Plain tests for the pure wrapping / offset helpers behind ArticleView."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from briefreader.tui.widgets.spans import SpanIndex, SpanLayers, cut
from briefreader.tui.widgets.wrap import (
    Block,
    DocLayout,
    column_to_offset,
    grapheme_starts,
    is_narrow,
    wrap,
    wrap_from,
)

PIECES = [*"abcdefghij   ", "\u4e2d", "\u6587", "\U0001f600", "e\u0301", "\u2764\ufe0f"]
PIECES += ["“", "—", "\u0301", "\U0001f469\u200d\U0001f52c", "\u4e2d\u4e2d\u4e2d\u4e2d"]
ALPHABET = st.sampled_from(PIECES)
texts = st.lists(ALPHABET, max_size=120).map("".join)
ascii_texts = st.text(alphabet="ab cdefg  hij", max_size=200)


def check_wrap(text: str, width: int, lines: list[tuple[int, int]]) -> None:
    assert lines
    pos = 0
    for index, (start, end) in enumerate(lines):
        assert set(text[pos:start]) <= {" "}, (text, lines)
        if index:
            assert start > pos or text[pos:start] == ""
        assert end >= start
        line = text[start:end]
        if cell_len(line) > width:
            starts = grapheme_starts(line)
            assert len(starts) == 1, (line, width)  # only one over-wide grapheme
        pos = end
    assert set(text[pos:]) <= {" "}
    # no grapheme is split: every break is a grapheme boundary of the whole text
    boundaries = set(grapheme_starts(text)) | {len(text)}
    for start, end in lines:
        assert start in boundaries or start == len(text)
        assert end in boundaries


@given(texts, st.integers(min_value=1, max_value=30))
@settings(max_examples=400)
def test_wrap_reassembles_and_fits(text: str, width: int) -> None:
    check_wrap(text, width, wrap(text, width))


@given(
    st.lists(st.sampled_from(["ab", " ", "\u4e2d", "e\u0301", "“x”", "cdefgh"]), max_size=60).map(
        "".join
    ),
    st.integers(min_value=1, max_value=30),
)
@settings(max_examples=400)
def test_fast_path_matches_grapheme_path_without_zwj(text: str, width: int) -> None:
    assert wrap(text, width) == wrap(text, width, fast=False)


@given(ascii_texts, st.integers(min_value=1, max_value=40))
@settings(max_examples=400)
def test_fast_path_matches_grapheme_path(text: str, width: int) -> None:
    lines = wrap(text, width)
    check_wrap(text, width, lines)
    assert lines == wrap(text, width, fast=False)


def test_wrap_examples() -> None:
    assert wrap("", 10) == [(0, 0)]
    assert wrap("hello world", 5) == [(0, 5), (6, 11)]
    assert wrap("hello   world", 7) == [(0, 5), (8, 13)]
    assert wrap("abcdefghij", 4) == [(0, 4), (4, 8), (8, 10)]
    # a wide character that does not fit goes to the next line
    assert wrap("abc\u4e2d", 4) == [(0, 3), (3, 4)]
    assert wrap("\u4e2d\u6587\u4e2d", 3) == [(0, 1), (1, 2), (2, 3)]
    # combining marks stay with their base
    assert wrap("abce\u0301f", 4) == [(0, 5), (5, 6)]
    assert wrap("abcde\u0301", 4) == [(0, 4), (4, 6)]
    zalgo = "a" + "\u0301" * 200 + "b c"
    assert wrap(zalgo, 2) == [(0, 202), (203, 204)]


def test_is_narrow() -> None:
    assert is_narrow("plain ASCII")
    assert is_narrow("curly “quotes” and — dashes")
    assert not is_narrow("wide \u4e2d")
    assert not is_narrow("e\u0301")
    assert not is_narrow("tab\there")


def test_column_to_offset_with_wide_chars() -> None:
    text = "a\u4e2db"
    assert column_to_offset(text, 0, 3, 0) == 0
    assert column_to_offset(text, 0, 3, 1) == 1
    assert column_to_offset(text, 0, 3, 2) == 1
    assert column_to_offset(text, 0, 3, 3) == 2
    assert column_to_offset(text, 0, 3, 4) is None
    assert column_to_offset("xx hello", 3, 8, 2) == 5


def test_span_index_overlapping() -> None:
    index = SpanIndex([(0, 3, "a"), (5, 9, "b"), (1, 20, "c"), (30, 31, "d")])
    assert [s[2] for s in index.overlapping(4, 6)] == ["c", "b"]
    assert [s[2] for s in index.overlapping(20, 30)] == []
    assert [s[2] for s in index.overlapping(0, 1)] == ["a"]


def test_doc_layout_lazy_and_consistent() -> None:
    texts = ["word " * 50, "short", "x" * 7, "tail " * 9]
    layout = DocLayout(texts, [False, False, True, False], 20, "⟨cut⟩")
    assert layout.pending == 4
    layout.prepare(0, 3)
    assert layout.blocks[0] is not None and layout.blocks[1] is None
    while not layout.done:
        layout.wrap_some(0.01)
    assert layout.pending == 0
    expected_tops = [0]
    for h in layout.heights[:-1]:
        expected_tops.append(expected_tops[-1] + h + 1)
    assert layout.tops == expected_tops
    assert layout.total == expected_tops[-1] + layout.heights[-1]
    block = layout.blocks[2]
    assert isinstance(block, Block) and block.inline_marker
    assert layout.locate(layout.tops[1]) == (1, 0)
    assert layout.locate(layout.tops[1] - 1) == (0, layout.heights[0])
    first = layout.block(0)
    assert first.line_of(0) == 0 and first.line_of(len(texts[0]) - 1) == len(first.lines) - 1


def test_huge_paragraph_is_wrapped_incrementally() -> None:
    text = "lorem ipsum dolor sit amet " * 20000
    layout = DocLayout([text, "after"], [True, False], 40, "⟨cut⟩")
    layout.prepare(0, 30)
    block = layout.blocks[0]
    assert block is not None and not block.complete
    assert 30 <= len(block.lines) < 2000
    estimate = layout.heights[0]
    assert abs(estimate - len(wrap(text, 40))) <= len(wrap(text, 40)) // 20
    assert layout.line_of(0, len(text) - 3) == len(wrap(text, 40)) - 1
    while not layout.done:
        layout.wrap_some(0.01)
    assert block.complete and block.lines == wrap(text, 40)
    assert block.inline_marker and layout.heights[0] == len(block.lines)
    assert layout.tops[1] == layout.heights[0] + 1


def test_cut_snaps_to_graphemes() -> None:
    assert cut("abcdef", [(1, 3, "x"), (2, 5, "y")]) == [
        (0, 1, ()),
        (1, 2, ("x",)),
        (2, 3, ("x", "y")),
        (3, 5, ("y",)),
        (5, 6, ()),
    ]
    # an edge inside "e\u0301" or "❤\ufe0f" moves to the grapheme start
    assert cut("ae\u0301b", [(2, 4, "x")]) == [(0, 1, ()), (1, 4, ("x",))]
    assert cut("\u2764\ufe0fz", [(1, 3, "x")]) == [(0, 3, ("x",))]


def test_span_layers_order_and_clipping() -> None:
    layers = SpanLayers("p--", ["term", "person"])
    layers.set_mentions({1: [(0, 4, "term"), (6, 9, "bogus"), (10, 20, "person")]})
    layers.set_selected({1: [(2, 12)]})
    layers.set_search({1: [(11, 13)], 2: [(0, 1)]}, (1, 11, 13))
    layers.focused = (1, 0, 2)
    assert layers.line_spans(1, 5, 15) == [
        (5, 10, "p--person"),
        (0, 7, "p--selected"),
        (6, 8, "p--search"),
        (6, 8, "p--search-current"),
    ]
    assert layers.line_spans(1, 0, 3)[-1] == (0, 2, "p--xref-focus")
    assert layers.line_spans(3, 0, 10) == []
    assert layers.selected == {1: [(2, 12)]} and layers.search_current == (1, 11, 13)


@given(
    st.lists(
        st.sampled_from(["ab", " ", "  ", "cdefghijkl", "x", ".", "mnopqrstuvwxyz012"]), max_size=80
    ).map("".join),
    st.integers(min_value=1, max_value=30),
    st.integers(min_value=0, max_value=5),
)
@settings(max_examples=400)
def test_narrow_shortcut_matches_the_general_path(text: str, width: int, limit: int) -> None:
    """Narrow text (one cell, one grapheme per character) takes a shortcut (no
    per-character checks): the same lines, also a few lines at a time."""
    assert wrap(text, width) == wrap(text, width, fast=False)
    pos, lines = 0, []
    while pos < len(text):
        some, pos = wrap_from(text, width, pos, limit or 1)
        lines += some
    assert lines == wrap_from(text, width, 0, None, fast=False)[0]
