"""Partial repaints are correct: what a key leaves on screen is what a full repaint draws.

The reader repaints only what a key changed (the article's cursor paragraphs, the entry
rows and outline lines whose mark changed, the focused and blurred panes): the text's
change in the key's first frame, the panes in the next. These tests pin the behaviour,
not the timing (that is in ``benchmarks/key_bench.py``): the text moves first and the
panes follow a frame later, a Tab needs no layout pass, and after any key the composed
screen equals a from-scratch repaint.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from typing import Any

import pytest
from rich.cells import cell_len
from textual._compositor import ChopsUpdate, LayoutUpdate
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import OptionList, Tree

from briefreader.core.brief import Brief
from briefreader.core.loader import load_brief
from briefreader.core.paths import resolve
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.reader import ReaderScreen
from briefreader.tui.textual_private import option_render_cache, tree_line_cache
from briefreader.tui.widgets.entry_list import EntryList
from briefreader.tui.widgets.key_footer import KeyFooter
from briefreader.tui.widgets.outline_tree import OutlineTree
from briefreader.tui.widgets.plain_lines import plain_styles

WIDE = (140, 40)


@pytest.fixture(scope="module")
def brief() -> Brief:
    return load_brief(resolve(None))


def reader(app: BriefReaderApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def composed(app: BriefReaderApp) -> list[list[tuple[str, object]]]:
    """The screen as the compositor holds it: text and style of every segment."""
    strips = app.screen._compositor.render_strips()
    return [[(seg.text, seg.style) for seg in strip.discard_meta()] for strip in strips]


async def from_scratch(app: BriefReaderApp, pause: Callable[[], object]) -> None:
    """Drop every cache (styles, lines, rows) and repaint everything."""
    app.refresh_css(animate=False)
    for widget in app.screen.walk_children():
        if isinstance(widget, OptionList):  # a restyle keeps its rendered options
            option_render_cache(widget).clear()
        if isinstance(widget, Tree):
            tree_line_cache(widget).clear()
        widget.refresh()
    await pause()  # type: ignore[misc]


def record_frames(app: BriefReaderApp) -> list[set[str]]:
    """From now on, per frame the app writes: the ids of the widgets it repaints."""
    frames: list[set[str]] = []
    display = app._display

    def recorded(screen: Screen[object], update: object) -> None:
        if update is not None:
            frames.append({w.id or type(w).__name__ for w in screen._dirty_widgets})
        display(screen, update)  # type: ignore[arg-type]

    app._display = recorded  # type: ignore[method-assign,assignment]
    return frames


async def test_the_text_moves_first_and_the_panes_follow_in_the_next_frame(
    brief: Brief,
) -> None:
    app = BriefReaderApp(brief)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = reader(app)
        glossary = screen.query_one("#glossary", EntryList)
        outline = screen.query_one("#outline", OutlineTree)
        assert screen.index is not None
        paragraph = next(  # a paragraph that marks entries and outline points
            n
            for n in range(2, len(brief.paragraphs) + 1)
            if set(screen.index.entries_in(n)) & set(glossary.entry_ids)
            and screen.session.data.points_by_paragraph.get(n)
        )
        frames = record_frames(app)
        screen.article.cursor = paragraph
        assert screen.current == paragraph  # the reader's state: at once
        assert glossary.current_paragraph == outline.current_paragraph == 1  # the panes: later
        await pilot.pause()
        panes = {"glossary", "actors", "outline", "notes", "details"}
        assert "article" in frames[0] and not frames[0] & panes  # the text's change alone
        assert {"glossary", "outline"} <= frames[1]  # the panes in the next one
        assert glossary.current_paragraph == outline.current_paragraph == paragraph
        assert screen.panes_at == paragraph
        assert glossary.current_ids == frozenset(screen.index.entries_in(paragraph)) & set(
            glossary.entry_ids
        )
        assert outline.marked_ids == set(screen.session.data.points_by_paragraph[paragraph])


async def test_keys_in_between_move_the_panes_once_to_the_last(brief: Brief) -> None:
    app = BriefReaderApp(brief)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = reader(app)
        glossary = screen.query_one("#glossary", EntryList)
        seen: list[int | None] = []

        def moved(paragraph: int | None) -> None:
            seen.append(paragraph)

        screen.watch(glossary, "current_paragraph", moved, init=False)
        for n in (2, 3, 4):  # no frame in between
            screen.article.cursor = n
        await pilot.pause()
        assert seen == [4]
        assert glossary.current_paragraph == 4


@pytest.mark.parametrize("size", [WIDE, (100, 30), (60, 20)], ids=["wide", "narrow", "tiny"])
async def test_keys_leave_what_a_full_repaint_draws(brief: Brief, size: tuple[int, int]) -> None:
    app = BriefReaderApp(brief)
    keys = ["j", "j", "j", "k", "space", "b", "G", "k", "g", "tab", "j", "tab", "tab", "j"]
    keys += ["shift+tab", "tab", "tab", "1", "j", "j", "2", "j", "4", "k", "s", "s", "1"]
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            after_key = composed(app)
            await from_scratch(app, pilot.pause)
            assert composed(app) == after_key, f"stale lines on screen after {key!r}"


Cell = tuple[str, object]


def cells(strips: Iterable[Strip]) -> list[Cell]:
    """A row of the terminal: (character, style) per cell ("" after a wide character)."""
    row: list[Cell] = []
    for strip in strips:
        for segment in strip.discard_meta():
            for char in segment.text:
                row.append((char, segment.style))
                row.extend([("", segment.style)] * (cell_len(char) - 1))
    return row


class Terminal:
    """What the frames wrote, replayed on a grid of cells as a terminal applies them."""

    def __init__(self, app: BriefReaderApp) -> None:
        self.grid = [cells([strip]) for strip in app.screen._compositor.render_strips()]
        display = app._display

        def written(screen: Screen[object], update: object) -> None:
            display(screen, update)  # type: ignore[arg-type]
            if isinstance(update, LayoutUpdate):
                for y, line in enumerate(update.strips, update.region.y):
                    self.grid[y] = cells(line)
            elif isinstance(update, ChopsUpdate):
                for y, x1, x2 in update.spans:
                    row = self.grid[y]
                    for end, (x, strip) in zip(
                        update.chop_ends[y], update.chops[y].items(), strict=True
                    ):
                        if strip is None:
                            continue
                        for offset, cell in enumerate(cells([strip])):
                            if x1 <= x + offset < min(x2, end):
                                row[x + offset] = cell

        app._display = written  # type: ignore[method-assign,assignment]


@pytest.mark.parametrize("size", [WIDE, (100, 30), (60, 20)], ids=["wide", "narrow", "tiny"])
async def test_what_the_frames_write_is_the_screen(brief: Brief, size: tuple[int, int]) -> None:
    """The partial updates (the text's frame, the panes' frame, each rendering only the
    widgets and rows it writes) leave the terminal as a full render draws the screen."""
    app = BriefReaderApp(brief)
    keys = ["j", "j", "j", "k", "space", "b", "G", "k", "g", "tab", "j", "tab", "tab", "j"]
    keys += ["shift+tab", "tab", "tab", "1", "j", "j", "2", "j", "4", "k", "s", "s", "1"]
    keys += ["slash", "n", "a", "t", "o", "enter", "n", "n", "escape", "escape", "x", "x"]
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        terminal = Terminal(app)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            full = [cells([strip]) for strip in app.screen._compositor.render_strips()]
            assert terminal.grid == full, f"the terminal differs from the screen after {key!r}"


async def test_a_key_asks_only_the_widgets_it_changes_for_lines(brief: Brief) -> None:
    """A ``j`` (no scroll): the text's frame asks the article for the rows of the two
    cursor paragraphs, not all its rows; the footer, the header and the notes pane, which
    it does not change, are not asked at all (Textual's own partial update asks every
    widget under a touched container for all its lines)."""
    app = BriefReaderApp(brief)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause(0.3)
        screen = reader(app)
        asked: dict[str, list[int]] = {}
        for widget in screen.query(Widget):
            if widget.id in ("article", "header", "notes") or isinstance(widget, KeyFooter):
                render_lines = widget.render_lines

                def counted(
                    crop: Region, name: str = widget.id or "footer", f: Any = render_lines
                ) -> list[Strip]:
                    asked.setdefault(name, []).append(crop.height)
                    lines: list[Strip] = f(crop)
                    return lines

                widget.render_lines = counted  # type: ignore[method-assign]
        await pilot.press("j")
        await pilot.pause()
        assert set(asked) == {"article"}
        assert sum(asked["article"]) < screen.article.size.height


async def test_lines_kept_across_keys_are_what_a_fresh_app_draws(brief: Brief) -> None:
    """Lines kept aside for a state and put back when the cursor returns to it (outline
    marks, entry rows) and the cached scrollbars: after each key, with no cache ever
    dropped in between, the screen equals that of an app repainted from scratch."""
    keys = ["j", "j", "k", "k", "j", "j", "j", "k", "k", "j", "space", "b", "G", "g"]
    keys += ["tab", "j", "k", "shift+tab", "j", "k", "k", "tab", "tab", "j", "tab", "k"]
    keys += ["tab", "tab", "j", "tab", "tab", "tab", "j", "j", "tab", "tab", "k", "tab"]
    seen: list[list[list[tuple[str, object]]]] = []
    app = BriefReaderApp(brief)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            seen.append(composed(app))
    fresh = BriefReaderApp(brief)
    async with fresh.run_test(size=WIDE) as pilot:
        await pilot.pause()
        for key, screen in zip(keys, seen, strict=True):
            await pilot.press(key)
            await pilot.pause()
            await from_scratch(fresh, pilot.pause)
            assert composed(fresh) == screen, f"stale lines on screen after {key!r}"


async def test_article_lines_are_textuals_own(brief: Brief) -> None:
    """The article hands the compositor its cached lines without Textual's per-line
    styling pass when its styles add nothing: the same lines as that pass gives."""
    app = BriefReaderApp(brief)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        article = reader(app).article
        for key in ["j", "space", "G", "k"]:
            await pilot.press(key)
            await pilot.pause()
            width, height = article.size
            for crop in (Region(0, 0, width, height), Region(3, 2, 20, 5)):
                ours = article.render_lines(crop)
                article.refresh()  # drops Textual's styled lines
                assert ours == Widget.render_lines(article, crop), key
        assert plain_styles(article)
        article.styles.tint = "red 20%"
        await pilot.pause()
        assert not plain_styles(article)  # a tint: Textual's own styling


async def test_tab_needs_no_layout_pass(brief: Brief) -> None:
    app = BriefReaderApp(brief)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause(0.5)  # first paint, scrollbars styled, start-up timers done
        screen = reader(app)
        layouts: list[object] = []
        refresh_layout = screen._refresh_layout

        def counted(*args: object, **kwargs: object) -> None:
            layouts.append(args)
            refresh_layout(*args, **kwargs)  # type: ignore[arg-type]

        screen._refresh_layout = counted  # type: ignore[method-assign]
        focused = []
        for _ in range(6):  # article, glossary, actors, outline and around again
            await pilot.press("tab")
            await pilot.pause()
            focused.append(screen.pane_of(app.focused))
        assert focused[:4] == ["glossary", "actors", "outline", "article"]
        assert layouts == []


async def test_focus_restyle_keeps_the_other_component_styles(brief: Brief) -> None:
    app = BriefReaderApp(brief)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        glossary = reader(app).query_one("#glossary", EntryList)
        before = dict(glossary._component_styles)
        blurred = glossary.get_component_rich_style("option-list--option-highlighted")
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is glossary
        focused = glossary.get_component_rich_style("option-list--option-highlighted")
        assert focused != blurred  # the focused list's cursor row is bright
        assert set(glossary._component_styles) == set(before)  # cue styles kept
        await pilot.press("tab")
        await pilot.pause()
        assert glossary.get_component_rich_style("option-list--option-highlighted") == blurred


async def test_loaded_text_is_exempt_from_the_cyclic_gc_while_read(brief: Brief) -> None:
    gc.unfreeze()
    app = BriefReaderApp(brief)
    async with app.run_test(size=WIDE) as pilot:
        for _ in range(50):  # bounded: the index and layout of the bundled brief are ready
            await pilot.pause(0.02)
            if gc.get_freeze_count():
                break
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0  # the reader went: collectable again
