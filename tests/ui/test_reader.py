"""The reader screen, driven with Pilot as a user would: keys, clicks, sizes, state."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefreader.core.brief import Brief
from briefreader.core.loader import load_brief
from briefreader.core.state import State
from briefreader.core.state_keys import article_key
from briefreader.core.xref import index_brief
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.keys import key_groups
from briefreader.tui.screens.help import HelpScreen
from briefreader.tui.screens.reader import ReaderScreen
from briefreader.tui.widgets.article_view import ArticleView
from briefreader.tui.widgets.details import EntryDetails
from briefreader.tui.widgets.entry_list import EntryList
from briefreader.tui.widgets.outline_tree import OutlineTree

from .screens import NARROW, TINY, WIDE, article, palette_shows, reader, started


async def test_wide_layout_shows_three_panes(brief: Brief) -> None:
    app = BriefReaderApp(brief)
    async with started(app, WIDE):
        screen = reader(app)
        assert screen.has_class("-wide")
        for pane in ("glossary", "actors", "outline"):
            assert screen.query_one(f"#{pane}").display
            assert screen.query_one(f"#{pane}").region.height > 0
        assert not [t for t in screen.query("#side-tabs") if t.display]  # built only when narrow
        assert app.focused is article(app)


async def test_narrow_layout_uses_tabs(brief: Brief) -> None:
    app = BriefReaderApp(brief)
    async with started(app, NARROW) as pilot:
        screen = reader(app)
        assert screen.has_class("-narrow")
        assert screen.query_one("#side-tabs").display
        shown = [p for p in ("glossary", "actors", "outline") if screen.query_one(f"#{p}").region]
        assert shown == ["glossary"]
        await pilot.press("3")
        await pilot.pause()
        assert app.focused is screen.query_one("#actors")
        shown = [p for p in ("glossary", "actors", "outline") if screen.query_one(f"#{p}").region]
        assert shown == ["actors"]


async def test_resizing_from_wide_to_narrow_builds_the_tabs(brief: Brief) -> None:
    app = BriefReaderApp(brief)
    async with started(app, WIDE) as pilot:
        screen = reader(app)
        await pilot.resize_terminal(*NARROW)
        await pilot.pause()
        assert screen.has_class("-narrow")
        assert screen.query_one("#side-tabs").display
        await pilot.press("4")
        await pilot.pause()
        assert screen.query_one("#outline").region.height > 0
        assert not screen.query_one("#glossary").region


async def test_tiny_layout_toggles_side_area(brief: Brief) -> None:
    app = BriefReaderApp(brief)
    async with started(app, TINY) as pilot:
        screen = reader(app)
        assert screen.has_class("-tiny")
        assert not screen.query_one("#glossary").region
        assert article(app).region.width == TINY[0]
        await pilot.press("s")
        await pilot.pause()
        assert screen.query_one("#glossary").region.width > 0
        assert not article(app).region
        await pilot.press("s")
        await pilot.pause()
        assert article(app).region.width == TINY[0]


@pytest.mark.parametrize("size", [(40, 12), (300, 80), (20, 5), (80, 24), (120, 40)])
async def test_any_size_renders(brief: Brief, size: tuple[int, int]) -> None:
    app = BriefReaderApp(brief)
    async with started(app, size) as pilot:
        for key in ("j", "space", "G", "tab", "tab", "s", "s", "g"):
            await pilot.press(key)
        await pilot.pause()
        view = article(app)  # still the reader, a valid position, nothing beyond the screen
        assert 1 <= view.cursor <= len(brief.paragraphs)
        assert app.screen.region.size == size
        for widget in (view, *app.screen.children):
            if widget.display and widget.region:
                assert widget.region.right <= size[0] and widget.region.bottom <= size[1]
        if view.region.width and view.region.height:
            lines = [view.render_line(y) for y in range(view.size.height)]
            assert all(strip.cell_length == view.size.width for strip in lines)
            assert brief.paragraphs[0].text.split()[0] in "".join(s.text for s in lines)


async def test_panes_follow_the_reading_position(brief: Brief) -> None:
    index = index_brief(brief)
    app = BriefReaderApp(brief)
    async with started(app, WIDE) as pilot:
        view = article(app)
        for _ in range(6):
            await pilot.press("j")
        await pilot.pause()
        assert view.cursor == 7
        glossary = reader(app).query_one("#glossary", EntryList)
        actors = reader(app).query_one("#actors", EntryList)
        here = set(index.entries_in(7))
        assert set(glossary.current_ids) == {t.id for t in brief.glossary} & here
        assert set(actors.current_ids) == {a.id for a in brief.actors} & here
        outline = reader(app).query_one("#outline", OutlineTree)
        anchored = {p.id for p in brief.outline_points() if 7 in p.paragraphs}
        assert anchored and set(outline.marked_ids) == anchored
        await pilot.press("k")
        await pilot.pause()
        assert view.cursor == 6


async def test_select_entry_highlights_all_mentions_and_n_jumps(brief: Brief) -> None:
    index = index_brief(brief)
    app = BriefReaderApp(brief)
    async with started(app, WIDE) as pilot:
        screen = reader(app)
        await pilot.press("3")  # actors pane
        actors = screen.query_one("#actors", EntryList)
        target = "nato"
        for _ in range(len(brief.actors)):  # bounded: fails instead of hanging if absent
            if actors.selected_id == target:
                break
            await pilot.press("j")
        assert actors.selected_id == target
        await pilot.press("enter")
        await pilot.pause()
        assert screen.selected == target
        details = screen.query_one("#details", EntryDetails)
        assert details.shown == ("entry", target)
        view = article(app)
        mentions = index.mentions_of(target)
        expected: dict[int, list[tuple[int, int]]] = {}
        for m in mentions:
            expected.setdefault(m.paragraph, []).append((m.start, m.end))
        assert {k: list(v) for k, v in view.selected_spans.items()} == expected
        paragraphs = sorted({m.paragraph for m in mentions})
        await pilot.press("1")
        view.go_to(1)
        await pilot.pause()
        visited = []
        for _ in range(len(mentions)):
            await pilot.press("n")
            await pilot.pause()
            visited.append(view.cursor)
        assert sorted(set(visited)) == paragraphs
        assert visited == sorted(visited)  # forward through the text
        await pilot.press("N")
        await pilot.pause()
        assert view.cursor == visited[-2]
        await pilot.press("escape")
        await pilot.pause()
        assert screen.selected is None
        assert not view.selected_spans
        assert details.shown is None


async def test_outline_enter_jumps_to_paragraph(brief: Brief) -> None:
    app = BriefReaderApp(brief)
    async with started(app, WIDE) as pilot:
        screen = reader(app)
        await pilot.press("4")
        tree = screen.query_one("#outline", OutlineTree)
        for _ in range(200):
            if tree.selected_id == "challenge-management":
                break
            await pilot.press("j")
        assert tree.selected_id == "challenge-management"
        await pilot.press("enter")
        await pilot.pause()
        assert article(app).cursor == 7
        assert screen.query_one("#details", EntryDetails).shown == ("point", "challenge-management")


async def test_cross_reference_cycling_and_open(brief: Brief) -> None:
    index = index_brief(brief)
    here = index.by_paragraph[1]
    app = BriefReaderApp(brief)
    async with started(app, WIDE) as pilot:
        screen = reader(app)
        await pilot.press("x")
        assert article(app).focused_mention == (1, here[0].start, here[0].end)
        await pilot.press("x")
        assert article(app).focused_mention == (1, here[1].start, here[1].end)
        await pilot.press("X")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.selected == here[0].entry_id


async def test_click_on_highlighted_word_selects_it(brief: Brief) -> None:
    app = BriefReaderApp(brief)
    async with started(app, WIDE) as pilot:
        view = article(app)
        target = next(m for m in index_brief(brief).by_paragraph[1] if m.entry_id == "rok")
        x, y = view.position_of(1, target.start + 1)
        await pilot.click(ArticleView, offset=(x, y))
        await pilot.pause()
        assert reader(app).selected == "rok"


async def test_incremental_search(brief: Brief) -> None:
    app = BriefReaderApp(brief)
    total = sum(p.text.lower().count("cooperation") for p in brief.paragraphs)
    async with started(app, WIDE) as pilot:
        screen = reader(app)
        await pilot.press("slash")
        for ch in "cooperation":
            await pilot.press(ch)
        await pilot.pause()
        assert len(screen.hits) == total
        first = screen.hits[0][0]
        assert article(app).cursor == first
        await pilot.press("enter")  # keep matches, back to the text
        await pilot.pause()
        assert app.focused is article(app)
        await pilot.press("n")
        await pilot.pause()
        assert screen.hit_index == 1
        assert article(app).cursor == screen.hits[1][0]
        await pilot.press("escape")
        await pilot.pause()
        assert screen.hits == [] and not article(app).search_spans


async def test_help_screen_lists_every_binding(brief: Brief) -> None:
    app = BriefReaderApp(brief)
    async with started(app, WIDE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        for _title, rows in key_groups():
            for row in rows:
                assert row.description in text
        for needle in ("Next paragraph", "Search", "Command palette", "Open entry"):
            assert needle in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)


async def test_palette_goes_to_an_entry(brief: Brief) -> None:
    app = BriefReaderApp(brief)
    async with started(app, WIDE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        for ch in "kishida":
            await pilot.press(ch)
        await palette_shows(pilot, "Kishida")
        await pilot.press("enter")
        await pilot.pause()
        screen = reader(app)
        assert screen.selected == "kishida"
        assert app.focused is screen.query_one("#actors")


async def test_reading_position_is_restored(brief: Brief, briefreader_home: Path) -> None:
    app = BriefReaderApp(brief)
    async with started(app, WIDE) as pilot:
        for _ in range(4):
            await pilot.press("j")
        await pilot.press("q")
    assert State.load().position(article_key(brief)) == 5
    again = BriefReaderApp(brief)
    async with started(again, WIDE) as pilot:
        assert article(again).cursor == 5


async def test_theme_is_applied_and_remembered(brief: Brief) -> None:
    app = BriefReaderApp(brief, theme="textual-light")
    async with started(app, WIDE) as pilot:
        assert app.theme == "textual-light"
        await pilot.press("q")
    assert State.load().theme == "textual-light"
    again = BriefReaderApp(brief)
    async with started(again, WIDE) as pilot:
        assert again.theme == "textual-light"


async def test_quit_is_clean(brief: Brief) -> None:
    app = BriefReaderApp(brief)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("q")
    assert app.return_code == 0


async def test_markup_and_escapes_in_an_article_show_literally(tmp_path: Path) -> None:
    path = tmp_path / "evil.txt"
    path.write_text(
        "Evil [bold]title[/]\n\n"
        "Body with [bold]not bold[/] and [@click=app.quit]click[/] and :warning: here.\n\n"
        "Escape \x1b[2J\x1b]0;pwned\x07 and OSC 52 \x1b]52;c;aGk=\x07 end.\n",
        encoding="utf-8",
    )
    brief = load_brief(path)
    app = BriefReaderApp(brief)
    async with started(app, WIDE) as pilot:
        view = article(app)
        rendered = "\n".join(view.render_line(y).text for y in range(8))
        assert "[bold]not bold[/]" in rendered
        assert "[@click=app.quit]click[/]" in rendered
        assert ":warning:" in rendered
        assert "\x1b" not in rendered and "\x07" not in rendered
        assert "␛[2J" in rendered
        header = str(reader(app).query_one("#header").render())
        assert "Evil [bold]title[/]" in header
        offset = brief.paragraphs[0].text.find("click]")
        await pilot.click(ArticleView, offset=view.position_of(1, offset))
        await pilot.pause()
        assert app.is_running
