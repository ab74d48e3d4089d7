"""End to end for every format: import -> check -> open in the reader (Pilot)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefreader.cli import main
from briefreader.core.loader import load_brief
from briefreader.core.paths import resolve
from briefreader.tui.app import BriefReaderApp
from briefreader.tui.screens.about import AboutScreen
from briefreader.tui.screens.reader import ReaderScreen
from briefreader.tui.widgets.article_view import ArticleView

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "ingest"
SOURCES = {
    "text": "johnson-press-conference-1965.txt",
    "markdown": "g7-leaders-statement-2023.md",
    "html": "creativecommons-what-we-do.html",
    "pdf": "fact-sheet-heerf-2023.pdf",
    "epub": "bierce-devils-dictionary.epub",
}


@pytest.mark.parametrize("fmt", sorted(SOURCES))
async def test_import_check_open(
    fmt: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["import", str(CORPUS / SOURCES[fmt])]) == 0
    slug, brief_path = capsys.readouterr().out.splitlines()[0].split("\t")
    assert main(["check", brief_path]) == 0
    assert "ok (" in capsys.readouterr().out
    brief = load_brief(resolve(slug))
    assert brief.article.format == fmt
    app = BriefReaderApp(brief)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.query_one("#article", ArticleView)
        assert view.virtual_size.height > 0
        await pilot.press("i")  # the About screen lists what was dropped
        await pilot.pause()
        assert isinstance(app.screen, AboutScreen)


def test_about_lists_the_dropped_lines() -> None:
    from briefreader.tui.screens.about import about_content

    brief = load_brief(resolve(None))  # the bundled brief's article ends in boilerplate
    plain = about_content(brief).plain
    assert "Left out by the article rules" in plain
    assert "Related News" in plain and "(related links)" in plain


def test_reader_paints_bold_and_italic_from_the_source() -> None:
    from briefreader.core.ingest import load_source

    article = load_source(CORPUS / "fact-sheet-heerf-2023.md")
    view = ArticleView(article.paragraphs)
    bold = view.span_layers.layer("bold")
    item = article.paragraphs[3]
    assert item.kind == "item" and bold[item.n]
    start, end = bold[item.n][0]
    assert item.text[start:end].startswith("18 million college students")
