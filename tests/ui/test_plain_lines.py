"""Scrollbars drawn without Textual's per-line styling pass draw Textual's lines."""

from __future__ import annotations

import pytest
from textual.geometry import Region
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.widget import Widget

from briefreader.core.loader import load_brief
from briefreader.core.paths import resolve
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.widgets.plain_lines import PlainRows, plain_rows, plain_styles
from briefreader.tui.widgets.scrollbar_render import render_scrollbar_lines


def segments(strips: list[Strip]) -> list[list[tuple[str, object]]]:
    return [[(seg.text, seg.style) for seg in strip] for strip in strips]


def shown_scrollbars(app: BriefReaderApp) -> list[ScrollBar]:
    bars = []
    for widget in app.screen.walk_children(Widget):
        if widget.show_vertical_scrollbar and widget.size:
            bars.append(widget.vertical_scrollbar)
        if widget.show_horizontal_scrollbar and widget.size:
            bars.append(widget.horizontal_scrollbar)
    return [bar for bar in bars if bar.size]


@pytest.mark.parametrize("size", [(140, 40), (100, 30)], ids=["wide", "narrow"])
async def test_scrollbar_lines_are_textuals_own(size: tuple[int, int]) -> None:
    app = BriefReaderApp(load_brief(resolve(None)))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert ScrollBar.render_lines is render_scrollbar_lines  # installed by the app
        checked = 0
        for key in ["", "space", "G", "tab", "j", "tab", "G"]:
            if key:
                await pilot.press(key)
                await pilot.pause()
            for bar in shown_scrollbars(app):
                assert plain_styles(bar)
                width, height = bar.size
                for crop in (Region(0, 0, width, height), Region(0, 1, width, height // 2)):
                    ours = bar.render_lines(crop)
                    bar.refresh()  # drops Textual's styled lines
                    assert segments(ours) == segments(Widget.render_lines(bar, crop)), key
                    checked += 1
        assert checked >= 7 * 2 * 2


async def test_a_styled_scrollbar_is_drawn_by_textual() -> None:
    app = BriefReaderApp(load_brief(resolve(None)))
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        bar = shown_scrollbars(app)[0]
        bar.styles.tint = "red 30%"
        await pilot.pause()
        assert not plain_styles(bar)
        crop = Region(0, 0, *bar.size)
        assert segments(bar.render_lines(crop)) == segments(Widget.render_lines(bar, crop))


def textual_rows(widget: Widget, crop: Region) -> list[Strip]:
    """The widget's lines through Textual's per-line styling pass."""
    lines: list[Strip] = super(PlainRows, widget).render_lines(crop)  # type: ignore[misc]
    return lines


@pytest.mark.parametrize("size", [(140, 40), (100, 30)], ids=["wide", "narrow"])
async def test_pane_rows_are_textuals_own(size: tuple[int, int]) -> None:
    app = BriefReaderApp(load_brief(resolve(None)))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        checked = 0
        for key in ["", "j", "tab", "j", "G", "tab", "tab", "j", "2"]:
            if key:
                await pilot.press(key)
                await pilot.pause()
            for widget in app.screen.walk_children(Widget):
                if not (isinstance(widget, PlainRows) and widget.display and widget.size):
                    continue
                rows = plain_rows(widget)
                assert rows is not None  # (wide: the top border row is Textual's)
                width, height = widget.size
                for crop in (Region(0, 0, width, height), Region(2, 1, width - 4, height - 2)):
                    ours = widget.render_lines(crop)
                    widget.refresh()  # drops Textual's styled lines
                    assert segments(ours) == segments(textual_rows(widget, crop)), (widget, key)
                    checked += 1
        assert checked >= 9 * 2  # (narrow: one pane shown at a time)


async def test_a_pane_with_side_borders_is_drawn_by_textual() -> None:
    app = BriefReaderApp(load_brief(resolve(None)))
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        glossary = app.screen.query_one("#glossary")
        assert isinstance(glossary, PlainRows)
        glossary.styles.border_left = ("tall", "red")
        await pilot.pause()
        assert plain_rows(glossary) is None
        crop = Region(0, 0, *glossary.size)
        assert segments(glossary.render_lines(crop)) == segments(textual_rows(glossary, crop))
