"""Containers drawn one line at a time draw what Textual draws line by line."""

from __future__ import annotations

import pytest
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from briefreader.core.loader import load_brief
from briefreader.core.paths import resolve
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.widgets.containers import Column, Row, UniformLines, uniform_lines


def segments(strips: list[Strip]) -> list[list[tuple[str, object]]]:
    return [[(seg.text, seg.style) for seg in strip] for strip in strips]


def textuals(widget: Widget, crop: Region) -> list[Strip]:
    """The lines as Textual draws them (each on its own)."""
    lines: list[Strip] = super(UniformLines, widget).render_lines(crop)  # type: ignore[misc]
    return lines


def check(widget: Widget) -> None:
    width, height = widget.size
    for crop in (Region(0, 0, width, height), Region(1, 2, max(1, width - 3), height // 2)):
        if not crop:
            continue
        ours = widget.render_lines(crop)
        assert len(ours) == crop.height
        assert segments(ours) == segments(textuals(widget, crop)), widget


@pytest.mark.parametrize("size", [(140, 40), (100, 30), (60, 20)], ids=["wide", "narrow", "tiny"])
async def test_the_readers_containers_draw_textuals_lines(size: tuple[int, int]) -> None:
    app = BriefReaderApp(load_brief(resolve(None)))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, UniformLines) and uniform_lines(screen)
        containers = [screen, screen.query_one("#main", Row), screen.query_one("#side", Column)]
        for key in ("", "s", "s"):  # as laid out, side area toggled, and back
            if key:
                await pilot.press(key)
                await pilot.pause()
            for widget in containers:
                if widget.display and widget.size.height:
                    assert uniform_lines(widget)
                    check(widget)


async def test_a_container_with_a_top_border_is_drawn_by_textual() -> None:
    app = BriefReaderApp(load_brief(resolve(None)))
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        side = app.screen.query_one("#side", Column)
        side.styles.border_top = ("heavy", "red")
        side.styles.padding = (1, 0, 0, 0)
        await pilot.pause()
        assert not uniform_lines(side)
        check(side)
