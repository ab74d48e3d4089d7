"""Issue 12: what a new user tripped over in the reader, one Pilot test per bug."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.style import Style
from textual.widgets import Static

from briefreader.core.brief import Brief
from briefreader.core.loader import load_brief
from briefreader.core.paths import resolve
from briefreader.core.xref import index_brief
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.help import HelpScreen
from briefreader.tui.widgets.article_view import ArticleView
from briefreader.tui.widgets.entry_list import EntryList
from briefreader.tui.widgets.outline_tree import OutlineTree

from .screens import article, palette_shows, reader, started


def style_at(view: ArticleView, paragraph: int, offset: int) -> Style:
    """The style drawn at ``offset`` of ``paragraph`` (which must be on screen)."""
    x, y = view.position_of(paragraph, offset)
    cells = 0
    for segment in view.render_line(y):
        cells += segment.cell_length
        if cells > x:
            return segment.style or Style()
    raise AssertionError("offset not drawn")


# 1 -------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_long_details_can_be_focused_and_scrolled(
    brief: Brief, size: tuple[int, int]
) -> None:
    app = BriefReaderApp(brief)
    async with started(app, size) as pilot:
        screen = reader(app)
        screen.select_entry("nato")
        await pilot.pause()
        pane = screen.query_one("#details-pane")
        assert pane.region.height > 0
        assert pane.max_scroll_y > 0  # NATO's details are longer than the box
        for _ in range(6):  # Tab reaches the details pane
            if app.focused is pane:
                break
            await pilot.press("tab")
        assert app.focused is pane
        await pilot.press("j")
        await pilot.pause()
        assert pane.scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert pane.scroll_y == pane.max_scroll_y
        assert "Mentioned in" in str(screen.details.render())


# 2 -------------------------------------------------------------------------------
async def test_below_80_columns_a_selected_entry_opens_a_sheet(brief: Brief) -> None:
    app = BriefReaderApp(brief)
    async with started(app, (70, 24)) as pilot:
        screen = reader(app)
        await pilot.press("x", "enter")
        await pilot.pause()
        assert screen.selected is not None
        pane = screen.query_one("#details-pane")
        assert pane.region.height > 2 and pane.region.width > 60
        assert article(app).region.height > 0  # over the text, not instead of it
        await pilot.press("escape")
        await pilot.pause()
        assert not pane.region
        assert screen.selected is None


# 3 -------------------------------------------------------------------------------
async def test_palette_go_to_moves_the_text_to_the_mention(brief: Brief) -> None:
    app = BriefReaderApp(brief)
    async with started(app, (140, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        for ch in "Chinese Academy of Social":
            await pilot.press("space" if ch == " " else ch)
        await palette_shows(pilot, "Chinese Academy of Social")
        await pilot.press("enter")
        await pilot.pause()
        assert reader(app).selected == "cass"
        assert article(app).cursor == 10  # its only mention: the author's bio


# 4 -------------------------------------------------------------------------------
@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_focused_mention_is_the_strongest_highlight(brief: Brief, theme: str) -> None:
    from briefreader.tui.contrast import contrast_ratio

    app = BriefReaderApp(brief, theme=theme)
    async with started(app, (140, 40)) as pilot:
        await pilot.press("x", "enter")
        await pilot.pause()
        view = article(app)
        focused = view.focused_mention
        assert focused is not None
        p, start, _end = focused
        focus = style_at(view, p, start)
        others = [
            style_at(view, p, m.start)
            for m in index_brief(brief).mentions_of(reader(app).selected or "")
            if m.paragraph == p and m.start != start
        ]
        assert focus.bgcolor is not None and focus.bold and not focus.reverse  # a real fill
        assert all(o.bgcolor != focus.bgcolor for o in others)  # selected ones look different
        fg, bg = focus.color, focus.bgcolor
        assert fg is not None and contrast_ratio(fg.get_truecolor(), bg.get_truecolor()) >= 7


# 5 -------------------------------------------------------------------------------
async def test_outline_keeps_the_marked_point_and_children_in_view(brief: Brief) -> None:
    app = BriefReaderApp(brief)
    async with started(app, (100, 30)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        article(app).go_to(8)
        await pilot.pause()
        await pilot.pause()
        tree = reader(app).query_one("#outline", OutlineTree)
        top, height = tree.scroll_offset.y, tree.scrollable_content_region.height
        point = tree._point_nodes["challenge-new-cold-war"]
        lines = [point.line, *(child.line for child in point.children)]
        assert all(top <= line < top + height for line in lines), (top, height, lines)
        # after "go to outline point" the details pane opens: the point stays visible
        reader(app).open_point("challenge-new-cold-war")
        await pilot.pause()
        await pilot.pause()
        top, height = tree.scroll_offset.y, tree.scrollable_content_region.height
        assert top <= point.line < top + height


# 6 -------------------------------------------------------------------------------
async def test_n_walks_the_anchors_of_an_outline_point(brief: Brief) -> None:
    point = next(p for p in brief.outline_points() if len(set(p.paragraphs)) >= 2)
    app = BriefReaderApp(brief)
    async with started(app, (140, 40)) as pilot:
        screen = reader(app)
        screen.select_point(point.id)
        await pilot.pause()
        visited = []
        for _ in range(len(point.anchors)):
            await pilot.press("n")
            await pilot.pause()
            visited.append(article(app).cursor)
        assert set(visited) == set(point.paragraphs)
        assert not any("No mentions" in n.message for n in app._notifications)


# 7 -------------------------------------------------------------------------------
async def test_movement_keys_work_inside_one_huge_paragraph(tmp_path: Path) -> None:
    verses = [f"{n}:1 And verse number {n} says something or other here." for n in range(3000)]
    path = tmp_path / "verses.txt"  # one line: a single paragraph however it is cut
    path.write_text("Verses\n\n" + " ".join(verses) + "\n", encoding="utf-8")
    app = BriefReaderApp(load_brief(path))
    async with started(app, (80, 24)) as pilot:
        view = article(app)
        assert len(view.paragraphs) == 1
        await pilot.press("j")
        await pilot.pause()
        assert view.scroll_offset.y == 1
        await pilot.press("k")
        await pilot.pause()
        assert view.scroll_offset.y == 0
        await pilot.press("G")
        await pilot.pause()
        assert view.scroll_offset.y > 1000 and view.scroll_offset.y == view.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert view.scroll_offset.y == 0
        await pilot.press("end")
        await pilot.pause()
        assert view.scroll_offset.y == view.max_scroll_y
        await pilot.press("home")
        await pilot.pause()
        assert view.scroll_offset.y == 0


# 9 -------------------------------------------------------------------------------
async def test_byline_names_are_cross_referenced(brief: Brief) -> None:
    app = BriefReaderApp(brief)
    async with started(app, (140, 40)) as pilot:
        screen = reader(app)
        actors = screen.query_one("#actors", EntryList)
        rows = {row.entry_id: row for row in actors._entry_rows.values()}
        assert rows["zhong-feiteng"].count >= 1
        assert rows["lin-congyi"].count >= 1
        screen.select_entry("lin-congyi")
        await pilot.pause()
        assert "byline" in str(screen.details.render())
        header = screen.query_one("#header", Static)
        text = header.render()
        plain = str(text)
        assert "Lin Congyi" in plain and "Zhong Feiteng" in plain


# 10 ------------------------------------------------------------------------------
async def test_help_scrolls_with_j_k_space_and_separates_columns(brief: Brief) -> None:
    app = BriefReaderApp(brief)
    async with started(app, (100, 30)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.query_one("#help-box")
        await pilot.press("j")
        await pilot.pause()
        assert box.scroll_y == 1
        await pilot.press("space")
        await pilot.pause()
        assert box.scroll_y > 5
        await pilot.press("k")
        before = box.scroll_y
        await pilot.pause()
        assert box.scroll_y <= before
        text = str(app.screen.query_one("#help-text").render())
        line = next(line for line in text.splitlines() if "Next paragraph" in line)
        assert "Next paragraph " in line and "  Or the next line" not in line.replace("   ", "")
        assert line.index("Or the next line") - line.index("Next paragraph") > len("Next paragraph")
        assert "Legend" in text and "P person" in text


# 11 ------------------------------------------------------------------------------
async def test_screenshot_goes_to_a_folder_that_exists(
    brief: Brief, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, briefreader_home: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/Downloads here
    monkeypatch.setenv("XDG_DOWNLOAD_DIR", str(tmp_path / "Downloads"))
    app = BriefReaderApp(brief)
    async with started(app, (100, 30)) as pilot:
        app.deliver_screenshot()
        await pilot.pause()
        saved = list((briefreader_home / "screenshots").glob("*.svg"))
        assert len(saved) == 1
        messages = [n.message for n in app._notifications]
        assert any(str(saved[0]) in m for m in messages), messages


# 8 -------------------------------------------------------------------------------
async def test_same_named_files_keep_their_own_reading_position(
    tmp_path: Path, briefreader_home: Path
) -> None:
    from briefreader.core.state import State
    from briefreader.core.state_keys import article_key

    texts = {}
    for folder in ("a", "b"):
        path = tmp_path / folder / "notes.txt"
        path.parent.mkdir()
        path.write_text("Notes\n\n" + "\n\n".join(f"{folder} {n}." for n in range(30)))
        texts[folder] = load_brief(path)
    assert texts["a"].slug == texts["b"].slug  # the collision the issue is about
    assert article_key(texts["a"]) != article_key(texts["b"])
    app = BriefReaderApp(texts["a"])
    async with started(app, (100, 30)) as pilot:
        await pilot.press("j", "j", "j", "q")
    other = BriefReaderApp(texts["b"])
    async with started(other, (100, 30)) as pilot:
        assert article(other).cursor == 1  # b was never read
        await pilot.press("j", "q")
    positions = State.load().positions
    assert positions[article_key(texts["a"])] == 4
    assert positions[article_key(texts["b"])] == 2


async def test_old_slug_keyed_positions_are_still_read(briefreader_home: Path) -> None:
    brief = load_brief(resolve(None))
    old = {"version": 1, "positions": {brief.slug: 6}}
    (briefreader_home / "state.json").write_text(json.dumps(old), encoding="utf-8")
    app = BriefReaderApp(brief)
    async with started(app, (100, 30)):
        assert article(app).cursor == 6


async def test_hidden_side_panes_are_remembered(brief: Brief) -> None:
    app = BriefReaderApp(brief)
    async with started(app, (140, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert not reader(app).query_one("#side").display
        await pilot.press("q")
    again = BriefReaderApp(brief)
    async with started(again, (140, 40)) as pilot:
        assert reader(again).side_hidden
        assert not reader(again).query_one("#side").region
