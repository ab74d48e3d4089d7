"""NO_COLOR in the reader: Textual drops colour (monochrome), and every kind of
highlight in the article still differs by its text style (underline, bold, italic,
reverse), so nothing depended on colour alone."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter, Monochrome, NoColor

from briefreader.core.loader import load_brief
from briefreader.core.paths import resolve
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.reader import ReaderScreen
from briefreader.tui.widgets.article_view import ArticleView

from .screens import until

Attrs = tuple[bool, bool, bool, bool]


def _attrs(style: Style) -> Attrs:
    return (bool(style.bold), bool(style.italic), bool(style.underline), bool(style.reverse))


def _style_at(view: ArticleView, needle: str, filters: Sequence[LineFilter]) -> Style:
    for y in range(view.size.height):
        strip = view.render_line(y)
        if needle not in strip.text:
            continue
        segments = list(strip)
        for f in filters:
            segments = f.apply(segments, Color(0, 0, 0))
        for segment in segments:
            if isinstance(segment, Segment) and needle in segment.text:
                assert segment.style is not None
                return segment.style
    raise AssertionError(f"{needle!r} not on screen")


async def test_no_color_keeps_highlights_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    brief = load_brief(resolve(None))
    app = BriefReaderApp(brief)
    async with app.run_test(size=(140, 50)) as pilot:
        await pilot.pause()
        assert app.no_color
        filters = [f for f in app._filters if isinstance(f, Monochrome | NoColor)]
        assert filters, "Textual did not switch to monochrome"
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.query_one("#article", ArticleView)
        first: dict[str, tuple[int, int, str]] = {}
        for n, spans in sorted(view.mention_spans.items()):
            for start, end, kind in spans:
                word = brief.paragraphs[n - 1].text[start:end].split()[0]
                first.setdefault(kind, (n, start, word))
        assert {"term", "person", "state", "organisation"} <= set(first)
        styles = {}
        for kind, (n, start, word) in first.items():
            view.go_to(n, start)
            await pilot.pause()
            styles[kind] = _style_at(view, word, filters)
        for style in styles.values():  # no colour is left, only grey
            for color in (style.color, style.bgcolor):
                if color is not None and color.triplet is not None:
                    r, g, b = color.triplet
                    assert r == g == b
        seen = {kind: _attrs(style) for kind, style in styles.items()}
        assert len(set(seen.values())) == len(seen), seen  # each kind its own text style
        assert all(any(a) for a in seen.values())  # and never plain text


async def test_no_color_keeps_user_highlights_visible(monkeypatch: pytest.MonkeyPatch) -> None:
    """A highlight is a coloured background; without colour it is shown reversed."""
    from briefreader.core.anchoring import make_anchor
    from briefreader.study.annotations import Annotations
    from briefreader.study.store import Store
    from briefreader.tui.widgets.annotated_article import AnnotatedArticleView

    monkeypatch.setenv("NO_COLOR", "1")
    brief = load_brief(resolve(None))
    text = brief.paragraphs[0].text
    start = text.index("expressed his wish")
    with Store.open() as store:
        anchor = make_anchor(brief.paragraphs, 1, start, start + len("expressed his wish"))
        Annotations(store).add_highlight(brief.slug, anchor)
    app = BriefReaderApp(brief)
    async with app.run_test(size=(140, 50)) as pilot:
        view = app.screen.query_one(AnnotatedArticleView)
        await until(pilot, lambda: view.layer_spans("highlight"))  # loaded after the first paint
        assert dict(view.layer_spans("highlight")) == {1: [(start, start + 18)]}
        filters = [f for f in app._filters if isinstance(f, Monochrome | NoColor)]
        marked = _style_at(view, "expressed", filters)
        plain = _style_at(view, "recent", filters)
        assert _attrs(marked) != _attrs(plain) and marked.reverse
