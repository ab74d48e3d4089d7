"""An entry row drawn straight to its strip is what Textual's Content path draws.

:class:`~briefreader.tui.widgets.entry_row.RowPainter` replaces Textual's generic path
(``Visual.to_strips`` → ``Content.render_strips`` → ``apply_meta``) for the entry
lists' rows. Here every row is rendered both ways, in every state (current, unmentioned,
suggested, each kind, names cut or wide), under each option style (plain, highlighted,
hover, disabled), focused and not, at many widths, and the strips must be equal segment
by segment: text, style and meta (the option index a click reads, the offsets text
selection reads).
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.strip import Strip
from textual.style import Style
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from briefreader.core.brief import Actor, Term
from briefreader.core.loader import load_brief
from briefreader.core.paths import resolve
from briefreader.core.xref import Index, Mention
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.textual_private import option_render_cache
from briefreader.tui.widgets.article_view import ArticleView
from briefreader.tui.widgets.entry_list import EntryList
from briefreader.tui.widgets.entry_row import EntryRow, RowPainter, RowVisual

from .conftest import unfocused_then_focused

ENTRIES = (
    Term("ap4", "AP4", "Partners."),
    Term("long", "A rather long entry name that has to be cut to fit the list", "Long."),
    Term("wide", "日本語の名前はとても長いです", "Wide characters."),
    Actor("nato", "NATO", "organisation", "Alliance", "An alliance."),
    Actor("jens", "Jens Stoltenberg", "person", "Secretary General", "Norwegian."),
    Actor("japan", "Japan", "state", "Partner", "A state."),
    Actor("brussels", "Brussels", "place", "City", "A city."),
    Actor("quit", "[@click=app.quit]", "group", "Trap", "Markup is text."),
    Term("draft", "A suggested term", "Draft.", suggested=True),
    Term("none", "Never mentioned", "Nothing."),
)
MENTIONS = {"ap4": [1, 3, 3], "long": [2], "wide": [5], "nato": [1, 2, 3, 4, 5, 6], "jens": [2]}
MENTIONS |= {"japan": [2, 5], "brussels": [1], "quit": [4], "draft": [6]}
STATES = ("", "option-list--option-highlighted", "option-list--option-hover")


def index_of(mentions: dict[str, list[int]]) -> Index:
    found = [Mention(p, i, i + 1, e) for e, ps in mentions.items() for i, p in enumerate(ps)]
    return Index.from_mentions(found)


class ListApp(App[None]):
    CSS = "EntryList { height: 14; width: 60; }"

    def compose(self) -> ComposeResult:
        yield EntryList(ENTRIES, index_of(MENTIONS), 6)


def segments(strips: list[Strip]) -> list[list[tuple[str, object]]]:
    return [[(seg.text, seg.style) for seg in strip] for strip in strips]


def compare_all(entries: EntryList) -> int:
    """Every option both ways under every state style; returns how many rows the painter drew."""
    painted = 0
    cache = option_render_cache(entries)
    for index in range(entries.option_count):
        option = entries.get_option_at_index(index)
        for state in STATES:
            names = ("option-list--option", state) if state else ("option-list--option",)
            style = entries.get_visual_style(*names)
            cache.clear()
            entries._row_strips.clear()
            ours = entries._get_option_render(option, style)
            cache.clear()
            theirs = OptionList._get_option_render(entries, option, style)
            assert segments(ours) == segments(theirs), (option.id, state, entries.size)
            assert [s.cell_length for s in ours] == [s.cell_length for s in theirs]
            painted += entries._row_strips != {}
    cache.clear()
    return painted


async def test_rows_drawn_directly_equal_textuals_content_path() -> None:
    app = ListApp()
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        entries = app.query_one(EntryList)
        entries.current_paragraph = 3  # ap4 and nato marked
        await pilot.pause()
        seen = 0
        for width in (8, 11, 12, 15, 19, 24, 30, 41, 60, 88):
            entries.styles.width = width
            await pilot.pause()
            async for _ in unfocused_then_focused(pilot, entries):
                seen += compare_all(entries)
        # the painter drew every row at every width but the three narrowest (less than a
        # row's fixed cells once the border is taken: left to Textual's path)
        assert seen == len(ENTRIES) * len(STATES) * 2 * 7


class PendingApp(App[None]):
    CSS = "EntryList { height: 14; width: 60; }"

    def compose(self) -> ComposeResult:
        yield EntryList(ENTRIES, None, 6)  # no index yet: rows not counted


async def test_rows_not_counted_yet_drawn_directly_equal_textuals() -> None:
    app = PendingApp()
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        entries = app.query_one(EntryList)
        assert not any(row.counted for row in entries._entry_rows.values())
        seen = 0
        for width in (15, 30, 60):
            entries.styles.width = width
            await pilot.pause()
            async for _ in unfocused_then_focused(pilot, entries):
                seen += compare_all(entries)
        assert seen == len(ENTRIES) * len(STATES) * 2 * 3


def test_a_row_not_counted_yet_has_no_strip_no_count_and_is_not_dimmed() -> None:
    counted = EntryRow("x", "Name", "term", (), 9)
    pending = EntryRow("x", "Name", "term", (), 9, counted=False)
    row = RowPainter().strip(pending, 40, Style(), 0, plain)
    assert row is not None
    assert row.text.endswith("   …") and "·" not in row.text  # (a counted one: "···  0×")
    done = RowPainter().strip(counted, 40, Style(), 0, plain)
    assert done is not None and done.text.endswith("  0×") and "·" in done.text

    def name_dim(strip: Strip) -> bool:
        (seg,) = [seg for seg in strip if "Name" in seg.text]
        return seg.style is not None and bool(seg.style.dim)

    assert not name_dim(row) and name_dim(done)  # unmentioned is dimmed, unknown is not


async def test_the_readers_rows_equal_textuals_in_both_themes() -> None:
    app = BriefReaderApp(load_brief(resolve(None)))
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        lists = list(app.screen.query(EntryList))
        assert len(lists) == 2
        app.screen.query_one("#article", ArticleView).cursor = 4  # some rows marked
        await pilot.pause()
        for theme in ("textual-dark", "textual-light"):
            app.theme = theme
            await pilot.pause()
            for entries in lists:
                async for _ in unfocused_then_focused(pilot, entries):
                    assert compare_all(entries) == entries.option_count * len(STATES)


async def test_the_list_shows_the_painted_rows() -> None:
    app = ListApp()
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        entries = app.query_one(EntryList)
        first = entries.render_line(0)
        assert first.text.startswith("  T  AP4")
        assert entries._row_strips  # drawn by the painter
        assert [seg.style.meta["option"] for seg in first if seg.style is not None] == [0] * 4


def plain(name: str) -> Style:
    return Style() if name.startswith(".") else Style.parse(name)


def test_the_painter_leaves_rows_narrower_than_their_fixed_cells() -> None:
    row = EntryRow("x", "Name", "term", (1,), 3)
    assert RowPainter().strip(row, 10, Style(), 0, plain) is None
    strip = RowPainter().strip(row, 30, Style(), 0, plain)
    assert strip is not None and strip.cell_length == 30


def test_an_option_that_is_not_a_row_takes_textuals_path() -> None:
    entries = EntryList((), None, 1)
    entries.add_option(Option("plain text"))
    prompt = entries.get_option_at_index(0).prompt
    assert not isinstance(prompt, RowVisual)
