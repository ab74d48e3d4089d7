"""Every highlight colour is readable: WCAG contrast >= 4.5:1 in the dark and light themes."""

from __future__ import annotations

import pytest
from rich.color import Color
from rich.style import Style

from briefreader.core.loader import load_brief
from briefreader.core.paths import resolve
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.contrast import AA, contrast_ratio
from briefreader.tui.screens.reader import ReaderScreen
from briefreader.tui.widgets.article_view import MENTION_KINDS, ArticleView
from briefreader.tui.widgets.entry_list import KIND_CUES, EntryList
from briefreader.tui.widgets.outline_tree import OutlineTree


def test_contrast_ratio_known_values() -> None:
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast_ratio((119, 119, 119), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio((10, 20, 30), (10, 20, 30)) == pytest.approx(1.0)


def rgb(color: Color | None, fallback: Color | None) -> tuple[int, int, int]:
    chosen = color or fallback
    assert chosen is not None
    triplet = chosen.get_truecolor()
    return (triplet.red, triplet.green, triplet.blue)


def pair(style: Style, base: Style) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    return rgb(style.color, base.color), rgb(style.bgcolor, base.bgcolor)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_highlight_colours_have_enough_contrast(theme: str) -> None:
    app = BriefReaderApp(load_brief(resolve(None)), theme=theme)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.query_one(ArticleView)
        base = view.rich_style
        checked: dict[str, float] = {}
        names = [*MENTION_KINDS, "selected", "search", "search-current", "xref-focus", "gutter"]
        for name in names:
            style = base + view._style(f"article-view--{name}")
            checked[f"article {name}"] = contrast_ratio(*pair(style, base))
        for name in ("cursor-line",):  # text on the cursor paragraph's background
            style = base + view._style(f"article-view--{name}")
            for kind in MENTION_KINDS:
                mention = style + view._style(f"article-view--{kind}")
                checked[f"article {kind} on {name}"] = contrast_ratio(*pair(mention, style))
        entries = screen.query_one("#actors", EntryList)
        list_base = entries.rich_style
        for kind in KIND_CUES:
            cue = entries.get_component_rich_style(f"entry-list--{kind}")
            checked[f"list cue {kind}"] = contrast_ratio(*pair(cue, list_base))
        tree = screen.query_one(OutlineTree)
        for stance in ("reported", "author"):
            tag = tree.rich_style + tree.get_component_rich_style(f"outline-tree--{stance}")
            checked[f"outline {stance}"] = contrast_ratio(*pair(tag, tree.rich_style))
        low = {name: round(ratio, 2) for name, ratio in checked.items() if ratio < AA}
        assert not low, f"{theme}: below {AA}:1: {low}"
