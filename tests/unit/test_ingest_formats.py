"""One reader per format: Markdown, HTML, PDF, EPUB, and the sniffing that picks it."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from briefreader.core.errors import BriefError
from briefreader.core.ingest import load_source, parse_bytes, sniff

from .ingest_fixtures import make_epub, make_pdf

ARTICLE_HTML = """<!doctype html><html><head><title>Allies agree a plan - The Gazette</title>
<meta property="og:site_name" content="The Gazette"><meta name="author" content="By Jane Roe">
<meta property="article:published_time" content="2023-02-07T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Allies agree a plan</h1>
<p>The leaders of the alliance met in Brussels on Tuesday and agreed a plan that commits
every member to spend <b>more</b> on defence over the coming decade.</p>
<h2>What the plan says</h2><ul><li>Spending rises to two per cent.</li><li>New forces.</li></ul>
<p>The plan will be reviewed at the next summit, the ministers said, after a year of work
by the staff of the alliance &amp; its members.</p><p>Read more</p></article>
<footer>Copyright The Gazette. <a href="/share">Share</a></footer>
<script>alert("x")</script></body></html>"""


# -- sniffing -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "suffix", "fmt"),
    [
        (b"%PDF-1.7 ...", ".txt", "pdf"),
        (b"PK\x03\x04....mimetypeapplication/epub+zip", ".zip", "epub"),
        (b"PK\x03\x04....", ".zip", "zip"),
        (b"<!DOCTYPE html><html>", ".txt", "html"),
        (b"\xef\xbb\xbf  <html lang=en>", ".md", "html"),
        (b"---\ntitle: X\n---\n\nBody", ".txt", "markdown"),
        (b"---\n\nA rule, not front matter.", ".txt", "text"),
        (b"# Heading\n\nText", ".md", "markdown"),
        (b"Plain words about <b> tags", ".txt", "text"),
        (b"No tags at all", ".html", "text"),
        (b"Plain text in a PDF's name", ".pdf", "text"),
    ],
)
def test_sniff(data: bytes, suffix: str, fmt: str) -> None:
    assert sniff(data, suffix) == fmt


# -- Markdown -------------------------------------------------------------------------


def test_markdown_front_matter_headings_styles_items() -> None:
    text = (
        "---\ntitle: \"Fact sheet: the plan\"\ndate: '2023-02-07'\nauthor: [Jane Roe, John Doe]\n"
        "source_url: https://example.gov/a\n---\n\n# Fact sheet: the plan\n\n"
        "Some **bold** and *italic* text with a [link](http://x) &amp; `code`.\n\n"
        "**Background**\n\n- first item\n- second *item*\n\n1. ordered\n\n"
        "<div>raw html</div>\n\n![a picture](p.png)\n\n***\n"
    )
    article = parse_bytes(text.encode(), "a.md")
    meta = article.metadata
    assert (meta.title, meta.author, meta.url) == (
        "Fact sheet: the plan",
        "Jane Roe, John Doe",
        "https://example.gov/a",
    )
    assert meta.published == datetime(2023, 2, 7)
    kinds = [(p.kind, p.text) for p in article.paragraphs]
    assert kinds == [
        ("body", "Some bold and italic text with a link & code."),
        ("heading", "Background"),
        ("item", "first item"),
        ("item", "second item"),
        ("item", "ordered"),
    ]
    first = article.paragraphs[0]
    assert [(first.text[s:e], style) for s, e, style in first.styles] == [
        ("bold", "bold"),
        ("italic", "italic"),
        ("code", "code"),
    ]
    assert {d.reason for d in article.dropped} >= {"html markup", "rule", "headline repeated"}


def test_markdown_without_front_matter_takes_the_first_heading_and_header_rules() -> None:
    article = parse_bytes(b"# The title\n\nBy Jane Roe\n\nThe text.", "x.md")
    assert (article.title, article.metadata.author) == ("The title", "Jane Roe")
    assert [p.text for p in article.paragraphs] == ["The text."]
    plain = parse_bytes(b"Just text here.\n\nAnd more.", "some-notes.md")
    assert plain.title == "Some notes"


def test_markdown_bad_front_matter_is_one_located_error() -> None:
    with pytest.raises(BriefError) as info:
        parse_bytes(b"---\ntitle: [unclosed\n---\n\nBody", "bad.md")
    message = str(info.value)
    assert message.startswith("bad.md:") and "front matter" in message and "\n" not in message


# -- HTML -----------------------------------------------------------------------------


def test_html_article_structure_and_metadata() -> None:
    article = parse_bytes(ARTICLE_HTML.encode(), "page.html")
    meta = article.metadata
    assert (meta.title, meta.author, meta.source) == (
        "Allies agree a plan",
        "Jane Roe",
        "The Gazette",
    )
    assert meta.published is not None and meta.published.date() == datetime(2023, 2, 7).date()
    assert [p.kind for p in article.paragraphs] == ["body", "heading", "item", "item", "body"]
    assert "alert" not in " ".join(p.text for p in article.paragraphs)
    assert "& its members" in article.paragraphs[-1].text
    assert [d.text for d in article.dropped] == ["Allies agree a plan", "Read more"]


@pytest.mark.parametrize(
    "page",
    [
        b"<!doctype html><html><body><nav><a href='/'>Home</a></nav></body></html>",
        b"<!doctype html><html><body><ul><li><a href=a>One</a></li>"
        b"<li><a href=b>Two</a></li></ul></body></html>",
    ],
)
def test_html_without_an_article_is_an_error(page: bytes) -> None:
    with pytest.raises(BriefError) as info:
        parse_bytes(page, "links.html")
    assert str(info.value) == "links.html: error: no article found in this page (no main text)"


# -- PDF ------------------------------------------------------------------------------


def test_pdf_paragraphs_headings_and_running_lines(tmp_path: Path) -> None:
    article = load_source(make_pdf(tmp_path / "report.pdf"))
    assert article.title == "Annual Report on Examples"
    assert article.metadata.author == "Ministry of Examples"
    assert [(p.kind, p.level) for p in article.paragraphs] == [
        ("heading", 1),
        ("body", 0),
        ("body", 0),
        ("item", 0),
    ] * 2
    body = article.paragraphs[1].text
    assert body.startswith("Paragraph 1 of page 1") and body.endswith("with a full stop.")
    assert {(d.text, d.reason) for d in article.dropped} == {
        ("Ministry of Examples - Annual Report 2023", "running header/footer"),
        ("1", "page number"),
        ("2", "page number"),
    }


def test_pdf_errors(tmp_path: Path) -> None:
    locked = make_pdf(tmp_path / "locked.pdf", password="secret")
    with pytest.raises(BriefError, match="encrypted PDF"):
        load_source(locked)
    blank = make_pdf(tmp_path / "scan.pdf", text=False)
    with pytest.raises(BriefError, match="no text in this PDF"):
        load_source(blank)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage")
    with pytest.raises(BriefError) as info:
        load_source(broken)
    assert str(info.value).startswith(f"{broken}: error:")


# -- EPUB -----------------------------------------------------------------------------


def test_epub_spine_order_chapters_as_headings(tmp_path: Path) -> None:
    article = load_source(make_epub(tmp_path / "book.epub"))
    meta = article.metadata
    assert (meta.title, meta.author, meta.source) == ("A Small Book", "Jane Roe", "Test Press")
    assert [(p.kind, p.level, p.text) for p in article.paragraphs] == [
        ("heading", 1, "Chapter One"),
        ("body", 0, "It was a dark night."),
        ("body", 0, "Then morning."),
        ("heading", 1, "Chapter Two"),
        ("heading", 2, "A part"),
        ("item", 0, "First"),
        ("body", 0, "The end of the story is here."),
    ]
    assert [d.reason for d in article.dropped] == ["front/back matter (titlepage)"]


def test_epub_errors(tmp_path: Path) -> None:
    drm = make_epub(tmp_path / "drm.epub", encrypted=True)
    with pytest.raises(BriefError, match="encrypted EPUB"):
        load_source(drm)
    not_zip = tmp_path / "notzip.epub"
    not_zip.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(BriefError, match="corrupt EPUB"):
        load_source(not_zip)
    empty = tmp_path / "empty.epub"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
    with pytest.raises(BriefError) as info:
        load_source(empty)
    assert str(info.value) == f"{empty}: error: corrupt EPUB (missing META-INF/container.xml)"


def test_zip_that_is_not_an_epub(tmp_path: Path) -> None:
    path = tmp_path / "archive.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "hello")
    with pytest.raises(BriefError, match="a zip archive, not an article"):
        load_source(path)


@pytest.mark.parametrize("name", ["pipe.pdf", "pipe.epub", "pipe.html", "pipe.md"])
def test_every_reader_reads_regular_files_only(tmp_path: Path, name: str) -> None:
    import os

    fifo = tmp_path / name
    os.mkfifo(fifo)
    with pytest.raises(BriefError) as info:
        load_source(fifo)  # never blocks waiting for a writer
    assert str(info.value) == f"{fifo}: error: not a regular file (a named pipe)"


def test_html_table_rows_are_content_not_tag_lines() -> None:
    page = (
        b"<!doctype html><html><body><article><p>"
        + b"The table below lists the results of the survey in each region. " * 4
        + b"</p><table><tr><th>Region</th><th>Share</th><th>Change</th></tr>"
        b"<tr><td>North</td><td>40%</td><td>+2</td></tr></table><p>"
        + b"The survey will be repeated next year with a larger sample. " * 4
        + b"</p></article></body></html>"
    )
    article = parse_bytes(page, "survey.html")
    assert "Region | Share | Change" in [p.text for p in article.paragraphs]
    assert article.dropped == ()


def test_html_in_a_declared_charset() -> None:
    body = "東京で会議が開かれ、各国の代表が新しい計画について話し合いました。" * 6
    page = (
        '<!doctype html><html><head><meta charset="shift_jis"><title>会議</title></head>'
        f"<body><article><h1>会議</h1><p>{body}</p><p>{body}</p></article></body></html>"
    ).encode("shift_jis")
    article = parse_bytes(page, "kaigi.html")
    assert article.paragraphs[0].text.startswith("東京で会議")
    assert article.notices == ("decoded as shift_jis, as the page declares",)


def test_pdf_two_columns_read_column_by_column(tmp_path: Path) -> None:
    from fpdf import FPDF

    left = "The left column starts the story and wraps over several short lines here. It ends."
    right = "The right column goes on with the story and wraps over several lines too. The end."
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.set_xy(20, 30)
    pdf.multi_cell(80, 5, left)
    pdf.set_xy(110, 30)
    pdf.multi_cell(80, 5, right)
    path = tmp_path / "columns.pdf"
    pdf.output(str(path))
    assert [p.text for p in load_source(path).paragraphs] == [left, right]
