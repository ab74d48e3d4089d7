"""Pilot tests for the article pane (ArticleView)."""

from __future__ import annotations

import random

from rich.cells import cell_len
from rich.style import Style
from textual import events
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.strip import Strip

from briefreader.core.brief import Paragraph
from briefreader.tui.widgets.article_view import TRUNCATED_MARKER, ArticleView

WORDS = ["the", "alliance", "security", "statement", "joint", "order", "region", "expansion"]


def make_paragraphs(count: int, seed: int = 1) -> list[Paragraph]:
    rng = random.Random(seed)
    return [
        Paragraph(n, "body", " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 60))))
        for n in range(1, count + 1)
    ]


class ViewApp(App[None]):
    def __init__(self, paragraphs: list[Paragraph]) -> None:
        super().__init__()
        self.paragraphs = paragraphs
        self.moved: list[int] = []
        self.clicked: list[tuple[int, int | None]] = []

    def compose(self) -> ComposeResult:
        yield ArticleView(self.paragraphs, id="article")

    def on_mount(self) -> None:
        self.query_one(ArticleView).focus()

    def on_article_view_cursor_moved(self, message: ArticleView.CursorMoved) -> None:
        self.moved.append(message.paragraph)

    def on_article_view_clicked(self, message: ArticleView.Clicked) -> None:
        self.clicked.append((message.paragraph, message.offset))


def view_of(app: App[None]) -> ArticleView:
    return app.query_one(ArticleView)


def rows(view: ArticleView) -> list[Strip]:
    return [view.render_line(y) for y in range(view.size.height)]


def screen_text(view: ArticleView) -> str:
    return "\n".join(strip.text for strip in rows(view))


def style_of(strip: Strip, needle: str) -> Style:
    """The style of the segment that contains ``needle`` (segments are never markup)."""
    for segment in strip:
        if needle in segment.text:
            assert segment.style is not None
            return segment.style
    raise AssertionError(f"{needle!r} not in {strip.text!r}")


def line_with(view: ArticleView, needle: str) -> Strip:
    for strip in rows(view):
        if needle in strip.text:
            return strip
    raise AssertionError(f"{needle!r} not on screen:\n{screen_text(view)}")


async def wrapped_in_background(view: ArticleView, pilot: Pilot[None]) -> int:
    """Pause until the background wrap has finished (at most ~30 s, then fail instead
    of hanging); how many pauses it took."""
    for pauses in range(1500):
        if view.laid_out:
            return pauses
        await pilot.pause(0.02)
    raise AssertionError("the background wrap never finished")


def cursor_visible(view: ArticleView) -> bool:
    layout = view._layout
    assert layout is not None
    top, height = layout.tops[view.cursor - 1], layout.heights[view.cursor - 1]
    y0, rows_ = view.scroll_offset.y, view.size.height - view.scrollbar_size_horizontal
    return top < y0 + rows_ and top + height > y0


async def test_gutter_numbers_and_cursor_marker() -> None:
    app = ViewApp(make_paragraphs(5))
    async with app.run_test(size=(80, 24)):
        view = view_of(app)
        lines = [strip.text for strip in rows(view)]
        assert lines[0].startswith("▌  1 the") or lines[0].startswith("▌  1 ")
        numbered = [line[:5] for line in lines if line[1:5].strip()]
        assert numbered[:3] == ["▌  1 ", "   2 ", "   3 "]
        continuation = [line for line in lines[1:] if line.startswith("▌")]
        assert all(line[1:5] == "    " for line in continuation)


async def test_wrapping_never_exceeds_width_with_wide_and_combining_text() -> None:
    rng = random.Random(5)
    pieces = ["word", "中文", "漢字かな", "😀", "e\u0301", "👩\u200d🔬", "❤\ufe0f", " ", " ", "ab"]
    paragraphs = [
        Paragraph(n, "body", "".join(rng.choice(pieces) for _ in range(rng.randint(1, 120))))
        for n in range(1, 41)
    ]
    paragraphs.append(Paragraph(41, "body", "中" * 500))
    for size in ((80, 24), (41, 12), (23, 7)):
        app = ViewApp(paragraphs)
        async with app.run_test(size=size):
            view = view_of(app)
            text_width = view.size.width - view.scrollbar_size_vertical
            layout = view._layout
            assert layout is not None
            top = 0
            while top < layout.total:
                view.scroll_to(y=top, animate=False)
                for strip in rows(view):
                    assert strip.cell_length == view.size.width
                    assert cell_len(strip.text.rstrip()) <= text_width, strip.text
                top += view.size.height


async def test_cursor_keys_clamp_and_post_messages() -> None:
    app = ViewApp(make_paragraphs(60))
    async with app.run_test(size=(80, 24)) as pilot:
        view = view_of(app)
        assert view.cursor == 1
        await pilot.press("j", "j", "down")
        assert view.cursor == 4
        await pilot.press("k", "up")
        assert view.cursor == 2
        await pilot.press("k", "k", "k")
        assert view.cursor == 1
        await pilot.press("G")
        assert view.cursor == 60
        assert cursor_visible(view)
        await pilot.press("j", "end")
        assert view.cursor == 60
        await pilot.press("g")
        assert view.cursor == 1 and view.scroll_offset.y == 0
        await pilot.press("space")
        assert view.scroll_offset.y == view.size.height
        assert view.cursor == view._top_paragraph() > 1
        paged = view.cursor
        await pilot.press("pagedown")
        assert view.cursor > paged
        await pilot.press("b", "pageup")
        assert view.scroll_offset.y == 0 and view.cursor == 1
        await pilot.press("b")
        assert view.cursor == 1
        await pilot.press("home", "G")
        await pilot.pause()
        assert app.moved[:5] == [2, 3, 4, 3, 2]
        assert app.moved[5] == 1 and 60 in app.moved
        assert app.moved[-2:] == [1, 60]
        for previous, current in zip(app.moved, app.moved[1:], strict=False):
            assert previous != current


async def test_markup_is_literal_and_clicking_it_runs_nothing() -> None:
    text = "Look [bold]here[/] :warning: [@click=app.quit]quit[/] [link=x]y[/link] \\[z]"
    app = ViewApp([Paragraph(1, "body", text)])
    async with app.run_test(size=(120, 10)) as pilot:
        view = view_of(app)
        assert text in screen_text(view)
        column = 5 + text.index("[@click")
        await pilot.click(view, offset=(column + 3, 0))
        await pilot.pause()
        assert app.is_running
        assert app.clicked == [(1, text.index("[@click") + 3)]
        for segment in rows(view)[0]:
            assert segment.style is None or not segment.style.meta


async def test_kinds_and_truncated_marker() -> None:
    paragraphs = [
        Paragraph(1, "body", "Body text."),
        Paragraph(2, "bio", "The author is a researcher."),
        Paragraph(3, "note", "Editor's note here.", truncated=True),
        Paragraph(4, "body", "abc " * 18 + "z", truncated=True),  # exactly one full line
    ]
    app = ViewApp(paragraphs)
    async with app.run_test(size=(80, 20)):
        view = view_of(app)
        assert style_of(line_with(view, "researcher"), "researcher").italic
        assert not style_of(line_with(view, "Body"), "Body").italic
        note_line = line_with(view, "Editor")
        assert "Editor's note here. " + TRUNCATED_MARKER in note_line.text
        marker = style_of(note_line, TRUNCATED_MARKER)
        assert marker.bold and marker.italic
        # a marker that does not fit gets lines of its own, outside the text offsets
        text = screen_text(view)
        assert text.count("⟨source text ends here") == 2
        layout = view._layout
        assert layout is not None and layout.blocks[3] is not None
        assert layout.blocks[3].marker_lines


async def test_span_layers_are_styled_and_compose() -> None:
    text = "NATO met Japan and China in Brussels with AP4 today"
    app = ViewApp([Paragraph(1, "body", text), *make_paragraphs(3)[1:]])
    async with app.run_test(size=(80, 12)) as pilot:
        view = view_of(app)

        def span(word: str) -> tuple[int, int]:
            return (text.index(word), text.index(word) + len(word))

        view.set_mentions(
            {
                1: [
                    (*span("NATO"), "organisation"),
                    (*span("Japan"), "state"),
                    (*span("AP4"), "term"),
                    (*span("Brussels"), "person"),
                    (*span("China"), "group"),
                ]
            }
        )
        await pilot.pause()
        line = rows(view)[0]
        assert style_of(line, "AP4").underline
        assert style_of(line, "Brussels").bold
        assert style_of(line, "Japan").italic
        assert style_of(line, "NATO").bold and style_of(line, "NATO").underline
        assert style_of(line, "China").italic and style_of(line, "China").underline
        assert not style_of(line, " met ").underline

        view.set_selected({1: [span("Japan")]})
        await pilot.pause()
        selected = style_of(rows(view)[0], "Japan")
        assert selected.bgcolor is not None and selected.bold and selected.italic  # on the mention

        view.set_search({1: [span("met"), span("today")]}, (1, *span("today")))
        view.set_focused_mention((1, *span("AP4")))
        await pilot.pause()
        assert view.selected_spans == {1: [span("Japan")]}
        assert view.search_spans == {1: [span("met"), span("today")]}
        assert view.search_current == (1, *span("today"))
        assert view.focused_mention == (1, *span("AP4"))
        assert len(view.mention_spans[1]) == 5
        line = rows(view)[0]
        assert style_of(line, "met").underline
        current = style_of(line, "today")
        assert current.bold and current.bgcolor is not None
        assert current.bgcolor != style_of(line, "met").bgcolor
        focus = style_of(line, "AP4")
        assert focus.bold and focus.underline and focus.bgcolor is not None
        # a span cutting through a wide char or a combining sequence never splits it
        view.set_paragraphs([Paragraph(1, "body", "ab中文e\u0301xy")])
        view.set_selected({1: [(3, 5)]})
        await pilot.pause()
        assert rows(view)[0].cell_length == view.size.width

        view.set_selected({})
        view.set_search({}, None)
        view.set_focused_mention(None)
        view.set_mentions({})
        await pilot.pause()
        text_segments = [s for s in rows(view)[0] if s.text != "▌" and not s.text.strip().isdigit()]
        assert all(not (s.style and s.style.bold) for s in text_segments)
        assert not view.selected_spans and not view.search_spans and view.focused_mention is None


async def test_click_maps_to_paragraph_and_offset_with_wide_chars() -> None:
    paragraphs = [Paragraph(1, "body", "中文 abc def"), Paragraph(2, "body", "plain text")]
    app = ViewApp(paragraphs)
    async with app.run_test(size=(40, 10)) as pilot:
        view = view_of(app)
        gutter = 5
        await pilot.click(view, offset=(gutter + 0, 0))
        await pilot.click(view, offset=(gutter + 1, 0))  # second cell of 中
        await pilot.click(view, offset=(gutter + 2, 0))
        await pilot.click(view, offset=(gutter + 5, 0))  # "a", after two wide chars
        await pilot.click(view, offset=(2, 0))  # gutter
        await pilot.click(view, offset=(gutter + 30, 0))  # past the end of the line
        await pilot.click(view, offset=(gutter + 3, 2))  # paragraph 2 "i"
        await pilot.click(view, offset=(gutter, 1))  # blank separator line
        await pilot.pause()
        assert app.clicked == [
            (1, 0),
            (1, 0),
            (1, 1),
            (1, 3),
            (1, None),
            (1, None),
            (2, 3),
            (1, None),
        ]
        assert view.cursor == 1
        assert app.moved == [2, 1]
        assert view.position_of(1, 3) == (gutter + 5, 0)
        assert view.position_of(2, 3) == (gutter + 3, 2)
        app.clicked.clear()
        await pilot.click(view, offset=view.position_of(1, 1))
        assert app.clicked == [(1, 1)]


async def test_go_to_and_wheel_scroll() -> None:
    app = ViewApp(make_paragraphs(80))
    async with app.run_test(size=(80, 24)) as pilot:
        view = view_of(app)
        view.go_to(50)
        await pilot.pause()
        layout = view._layout
        assert layout is not None
        assert view.cursor == 50
        row = layout.tops[49] - view.scroll_offset.y
        assert 0 < row <= view.size.height // 2
        # the offset's line is shown, not just the paragraph start
        view.go_to(70, len(view.paragraphs[69].text) - 1)
        await pilot.pause()
        assert view.cursor == 70 and cursor_visible(view)
        view.go_to(1)
        await pilot.pause()
        assert view.scroll_offset.y == 0
        for _ in range(5):
            view.post_message(events.MouseScrollDown(view, 5, 5, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert view.scroll_offset.y > 0
        assert view.cursor == view._top_paragraph()
        assert cursor_visible(view)
        assert app.moved[-1] == view.cursor


async def test_go_to_before_the_first_layout_is_honoured() -> None:
    class EarlyApp(ViewApp):
        def on_mount(self) -> None:
            view = self.query_one(ArticleView)
            view.go_to(40)
            view.focus()

    app = EarlyApp(make_paragraphs(80))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = view_of(app)
        assert view.cursor == 40 and cursor_visible(view)
        assert "▌ 40 " in screen_text(view)


async def test_resize_rewraps_and_keeps_cursor_visible() -> None:
    app = ViewApp(make_paragraphs(120))
    async with app.run_test(size=(120, 30)) as pilot:
        view = view_of(app)
        view.go_to(90)
        await pilot.pause()
        assert view._layout is not None
        wide = view._layout.width
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert view._layout is not None and view._layout.width < wide
        assert view.cursor == 90 and cursor_visible(view)
        for strip in rows(view):
            assert strip.cell_length == view.size.width
        await pilot.resize_terminal(300, 80)
        await pilot.pause()
        assert view.cursor == 90 and cursor_visible(view)


async def test_resize_inside_a_tall_paragraph_keeps_the_reading_position() -> None:
    words = [f"w{i:04d}" for i in range(3000)]
    app = ViewApp([Paragraph(1, "body", "intro"), Paragraph(2, "body", " ".join(words))])
    async with app.run_test(size=(80, 24)) as pilot:
        view = view_of(app)
        for _ in range(40):
            view.post_message(events.MouseScrollDown(view, 5, 5, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert view.cursor == 2
        top_word = rows(view)[0].text.split()[0]
        await pilot.resize_terminal(50, 20)
        await pilot.pause()
        assert view.cursor == 2
        assert top_word in rows(view)[0].text.split()


async def test_huge_single_paragraph_opens_fast_and_pages() -> None:
    text = ("lorem ipsum dolor sit amet consectetur " * 52000)[:2_000_000]
    app = ViewApp([Paragraph(1, "body", text)])
    async with app.run_test(size=(80, 24)) as pilot:
        view = view_of(app)
        await pilot.pause()
        assert "▌  1 lorem ipsum" in rows(view)[0].text
        await pilot.press("space")
        assert view.scroll_offset.y == view.size.height
        assert rows(view)[0].text.strip()
        for _ in range(10):
            await pilot.press("space")
        assert view.scroll_offset.y == 11 * view.size.height
        view.go_to(1, len(text) - 5)
        await pilot.pause()
        assert "amet" in screen_text(view) or "lorem" in screen_text(view)


async def test_many_paragraphs_layout_is_lazy() -> None:
    paragraphs = make_paragraphs(20000)
    app = ViewApp(paragraphs)
    async with app.run_test(size=(80, 24)) as pilot:
        view = view_of(app)
        layout = view._layout
        assert layout is not None
        await pilot.press("G")
        assert view.cursor == 20000 and cursor_visible(view)
        assert "20000" in screen_text(view)
        await pilot.press("g")
        assert view.scroll_offset.y == 0


async def test_background_wrap_sets_the_virtual_size_rarely_and_keeps_the_text_in_place() -> None:
    """Each virtual-size change is a layout pass of the whole screen: the background
    wrap makes one at the end (and when the text on screen moved), not one a batch."""
    paragraphs = make_paragraphs(100_000)
    app = ViewApp(paragraphs)
    async with app.run_test(size=(80, 24)) as pilot:
        view = view_of(app)
        view.go_to(50_000)
        await pilot.pause()
        assert not view.laid_out
        top = view.render_line(0).text
        sizes: list[int] = []
        view.watch(view, "virtual_size", lambda size: sizes.append(size.height), init=False)
        batches = await wrapped_in_background(view, pilot)
        await pilot.pause(0.05)
        layout = view._layout
        assert layout is not None
        assert view.virtual_size.height == layout.total
        assert view.render_line(0).text == top  # nothing on screen moved
        assert view.cursor == 50_000 and cursor_visible(view)
        await pilot.press("G")
        assert view.cursor == 100_000 and "100000" in screen_text(view)
    assert batches > 3 and sizes


async def test_background_wrap_from_the_top_changes_the_virtual_size_once() -> None:
    app = ViewApp(make_paragraphs(100_000))
    async with app.run_test(size=(80, 24)) as pilot:
        view = view_of(app)
        await pilot.pause()
        assert not view.laid_out  # wrapped in the background, batch after batch
        top = screen_text(view)
        sizes: list[int] = []
        view.watch(view, "virtual_size", lambda size: sizes.append(size.height), init=False)
        batches = await wrapped_in_background(view, pilot)
        await pilot.pause(0.05)
        layout = view._layout
        assert layout is not None
        assert batches > 3
        assert sizes == [layout.total] and view.virtual_size.height == layout.total
        assert screen_text(view) == top


async def test_small_and_large_terminals_do_not_crash() -> None:
    paragraphs = [*make_paragraphs(30), Paragraph(31, "note", "中" * 200, truncated=True)]
    for size in ((40, 12), (300, 80), (12, 4)):
        app = ViewApp(paragraphs)
        async with app.run_test(size=size) as pilot:
            view = view_of(app)
            await pilot.press("j", "space", "G", "b", "k", "g")
            for strip in rows(view):
                assert strip.cell_length == view.size.width


async def test_empty_article_and_set_paragraphs() -> None:
    app = ViewApp([])
    async with app.run_test(size=(40, 10)) as pilot:
        view = view_of(app)
        await pilot.press("j", "space", "G")
        assert view.cursor == 0
        assert all(not strip.text.strip() for strip in rows(view))
        view.set_paragraphs(make_paragraphs(3))
        await pilot.pause()
        assert view.cursor == 1
        assert "   2 " in screen_text(view)


def test_bindings_are_declared_with_descriptions() -> None:
    bound = {}
    for binding in ArticleView.BINDINGS:
        assert not isinstance(binding, tuple)
        assert binding.description
        for key in binding.key.split(","):
            bound[key] = binding.action
    assert bound == {
        "j": "cursor_down",
        "down": "cursor_down",
        "k": "cursor_up",
        "up": "cursor_up",
        "space": "page_down",
        "pagedown": "page_down",
        "b": "page_up",
        "pageup": "page_up",
        "g": "cursor_top",
        "home": "cursor_top",
        "G": "cursor_bottom",
        "end": "cursor_bottom",
    }


class HighlightView(ArticleView):
    """The extension point: one more span layer (e.g. the user's highlights)."""

    LAYER_ORDER = (*ArticleView.LAYER_ORDER[:2], "highlight", *ArticleView.LAYER_ORDER[2:])
    COMPONENT_CLASSES = ArticleView.COMPONENT_CLASSES | {"article-view--highlight"}
    DEFAULT_CSS = "HighlightView > .article-view--highlight { text-style: strike; }"


class HighlightApp(App[None]):
    def compose(self) -> ComposeResult:
        yield HighlightView([Paragraph(1, "body", "alpha beta gamma"), Paragraph(2, "body", "z")])


async def test_an_extra_span_layer_paints_in_its_place() -> None:
    app = HighlightApp()
    async with app.run_test(size=(40, 6)) as pilot:
        view = app.query_one(HighlightView)
        view.set_layer("highlight", {1: [(6, 10)]})
        await pilot.pause()
        assert style_of(rows(view)[0], "beta").strike
        assert not style_of(rows(view)[0], "alpha").strike
        assert view.span_layers.layer("highlight") == {1: [(6, 10)]}
        view.set_layer("highlight", {})
        await pilot.pause()
        assert not style_of(rows(view)[0], "beta").strike


async def test_a_highlight_change_drops_only_its_paragraphs_lines() -> None:
    app = ViewApp(make_paragraphs(6))
    async with app.run_test(size=(60, 30)) as pilot:
        await pilot.pause()
        view = view_of(app)
        rows(view)  # fill the line cache
        cached = set(view._cache.keys())
        assert {key[0] for key in cached} >= {0, 1, 2}
        view.set_selected({2: [(0, 3)]})
        after = set(view._cache.keys())
        assert {key[0] for key in cached - after} == {1}  # paragraph 2 is index 1


async def test_list_items_hang_behind_a_bullet() -> None:
    item = "apples and pears and plums and cherries and figs and dates and limes"
    paragraphs = [
        Paragraph(1, "body", "Fruit we sell:"),
        Paragraph(2, "item", item),
        Paragraph(3, "item", "nuts"),
    ]
    app = ViewApp(paragraphs)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        view = view_of(app)
        lines = [strip.text.rstrip() for strip in rows(view)]
        gutter = view._left
        assert "• " not in lines[0]  # a body paragraph has no bullet
        assert lines[2][gutter:].startswith("• apples")
        assert lines[3][gutter:].startswith("  ") and lines[3][gutter + 2] != " "  # hangs
        assert max(cell_len(line) for line in lines) <= view.size.width
        text = "".join(line[gutter + 2 :].strip() + " " for line in lines[2:4]).strip()
        assert item.startswith(text)  # nothing lost or doubled by the indent
        assert any(line[gutter:].startswith("• nuts") for line in lines)
        x, y = view.position_of(2, item.index("pears"))
        assert (x, y) == (gutter + 2 + item.index("pears"), 2)
        await pilot.click(view, offset=(x, y))
        await pilot.click(view, offset=(gutter, 2))  # on the bullet: as in the gutter
        await pilot.pause()
        assert app.clicked == [(2, item.index("pears")), (2, None)]
