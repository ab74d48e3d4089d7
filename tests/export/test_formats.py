"""The text formats: CSV (RFC 4180), the Markdown study sheet (rendered with
markdown-it-py, as GitHub renders CommonMark), the Readwise highlights CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from briefreader.core.brief import Brief
from briefreader.core.export import brief_to_json
from briefreader.core.loader import load_brief
from briefreader.export import render_text
from briefreader.export.highlights import READWISE_HEADER, Annotation
from briefreader.export.tabular import CSV_HEADER
from briefreader.study.cards import build_deck
from briefreader.study.model import StudyCard

Bundled = tuple[Brief, list[StudyCard]]

SAMPLE = [
    Annotation(
        paragraph=1,
        quote="NATO Secretary General Jens Stoltenberg",
        note="Check when his term ended.",
        created=datetime(2026, 11, 30, 9, 15, tzinfo=UTC),
        start=41,
        end=80,
    ),
    Annotation(paragraph=6, quote="", note="The thesis paragraph, <b>bold</b> claim & more"),
]


def _gfm(text: str) -> str:
    """CommonMark plus tables and strikethrough: the GitHub-flavoured subset we use."""
    return str(MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


# --------------------------------------------------------------------------- csv


def test_csv_rows_rfc4180(bundled: Bundled) -> None:
    brief, deck = bundled
    text = render_text("csv", brief, deck)
    assert text.startswith(",".join(CSV_HEADER) + "\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == CSV_HEADER
    assert len(rows) == len(deck) + 1
    by_id = {r[0]: dict(zip(CSV_HEADER, r, strict=True)) for r in rows[1:]}
    who = by_id["gen.who.stoltenberg"]
    card = next(c for c in deck if c.id == "gen.who.stoltenberg")
    assert who["kind"] == "flip" and who["prompt"] == card.prompt
    assert who["evidence paragraph"] == "1"
    assert who["evidence text"] == brief.paragraphs[0].text
    assert "briefreader::category::actor" in who["tags"].split()
    order = next(c for c in deck if c.kind == "order")
    assert by_id[order.id]["options"].split(" | ") == list(order.items)
    assert by_id[order.id]["outline point"] == order.point
    cloze = next(c for c in deck if c.source == "cloze")
    assert by_id[cloze.id]["kind"] == "cloze"
    # every field with a comma, quote or newline is quoted; the rest are not
    assert '"' not in text.split("\r\n")[0]


def test_csv_quotes_commas_quotes_and_newlines(bundled: Bundled) -> None:
    brief, deck = bundled
    text = render_text("csv", brief, deck)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert all(len(r) == len(CSV_HEADER) for r in rows)
    values = [v for row in rows[1:] for v in row]
    quoted = next(v for v in values if '"' in v)
    assert '"' + quoted.replace('"', '""') + '"' in text  # RFC 4180: quotes doubled
    multi = next(v for v in values if "\n" in v)  # several evidence paragraphs
    assert '"' + multi.replace('"', '""') + '"' in text
    comma = next(v for v in values if "," in v and '"' not in v and "\n" not in v)
    assert f'"{comma}"' in text


# --------------------------------------------------------------------------- markdown


def test_markdown_study_sheet_renders(bundled: Bundled) -> None:
    brief, deck = bundled
    text = render_text("md", brief, deck, SAMPLE)
    html = _gfm(text)
    parsed = _parse(html)
    assert html.startswith("<h1>Three challenges to NATO")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Outline",
        "## Glossary",
        "## Actors",
        "## Key points",
        "## Highlights and notes",
    ]
    assert "<blockquote>" in html  # the source note
    assert "China Military Online · Zhong Feiteng · 7 February 2023" in html
    # the outline as nested lists, stance and paragraph references on each point
    assert html.count("<ul>") >= 3 and "<ul>\n<li><strong>A wish for closer" in html
    assert "<em>reported</em> (¶1)" in html and "<em>the author's claim</em>" in html.replace(
        "&#x27;", "'"
    )
    # numbered outline titles stay text, not a nested ordered list
    assert "<ol>" not in html.split("<h2>Glossary</h2>")[0]
    assert "1. Harder management" in html
    # key points: a question, then the answer in a <details> block with the evidence
    curated = [c for c in deck if c.source == "curated"]
    assert parsed.tags.count("details") == len(curated)
    assert "<summary>Answer</summary>" in html
    assert "to <strong>the ROK and Japan</strong>," in html
    # glossary and actors
    assert "<strong>AP4</strong>" in html and "<strong>Jens Stoltenberg</strong>" in html
    assert "Mark Rutte" in html
    # highlights and notes as quoted passages; note text is escaped
    tail = html.split("<h2>Highlights and notes</h2>")[1]
    assert "<blockquote>\n<p>NATO Secretary General Jens Stoltenberg (¶1)</p>" in tail
    assert "&lt;b&gt;bold&lt;/b&gt; claim &amp; more" in tail


def test_markdown_escapes_article_text(brief_copy: Path) -> None:
    seed = next((brief_copy.parent.parent / "seeds").iterdir())
    text = seed.read_text(encoding="utf-8")
    first = "In his recent visit to the ROK and Japan"
    seed.write_text(
        text.replace(first, "<script>alert(1)</script> [x](http://e.test) *a* " + first),
        encoding="utf-8",
    )
    brief = load_brief(brief_copy)
    html = _gfm(render_text("md", brief, build_deck(brief)))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<a " not in html and "<em>a</em>" not in html


# --------------------------------------------------------------------------- highlights


def test_readwise_csv(bundled: Bundled) -> None:
    brief, deck = bundled
    text = render_text("highlights-csv", brief, deck, SAMPLE)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == READWISE_HEADER
    assert rows[0] == {
        "Highlight": "NATO Secretary General Jens Stoltenberg",
        "Title": brief.title,
        "Author": "Zhong Feiteng",
        "URL": "",
        "Note": "Check when his term ended.",
        "Location": "1",
        "Date": "2026-11-30 09:15:00",
    }
    # a note on a paragraph: the paragraph is the highlight
    assert rows[1]["Highlight"] == brief.paragraphs[5].text
    assert rows[1]["Location"] == "6" and rows[1]["Date"] == ""


def test_readwise_csv_without_highlights_is_just_the_header(bundled: Bundled) -> None:
    brief, deck = bundled
    assert render_text("highlights-csv", brief, deck) == ",".join(READWISE_HEADER) + "\r\n"


# --------------------------------------------------------------------------- json


def test_json_is_show_json_plus_deck_and_highlights(bundled: Bundled) -> None:
    brief, deck = bundled
    data = json.loads(render_text("json", brief, deck, SAMPLE))
    shown = brief_to_json(brief)
    assert {k: data[k] for k in shown} == json.loads(json.dumps(shown))
    assert [c["id"] for c in data["deck"]] == [c.id for c in deck]
    who = next(c for c in data["deck"] if c["id"] == "gen.who.stoltenberg")
    assert who["kind"] == "flip" and who["evidence"][0]["paragraph"] == 1
    assert data["highlights"][0]["quote"] == SAMPLE[0].quote
    assert data["highlights"][0]["created"] == "2026-11-30T09:15:00+00:00"


# --------------------------------------------------------------------------- escaping


@example("1. a")
@example("# h")
@example("- x")
@example("> q")
@example("+ y")
@example("===")
@example("***")
@example("`c`")
@example("[a](b)")
@example("<b>x</b>")
@example("&amp;")
@example("a \\")
@example("_a_")
@example("~~s~~")
@example("| a | b |")
@example("1) x")
@example("    indented")
@example("![i](j)")
@example("<!-- c -->")
@example("a  b\\\\")
@example("*")
@example("\\\\*")
@example("2023. Year")
@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=40))
def test_md_escape_renders_as_the_text_itself(text: str) -> None:
    """Whatever an article says, the sheet shows exactly that text: no emphasis,
    link, code, HTML, heading or list comes out of it."""
    import html

    from briefreader.core.words import squash
    from briefreader.export.common import md_escape

    rendered = _gfm(f"- x {md_escape(text)}")
    assert rendered.startswith("<ul>\n<li>x") and rendered.endswith("</li>\n</ul>\n")
    inner = rendered[len("<ul>\n<li>x") : -len("</li>\n</ul>\n")]
    assert "<" not in inner.replace("&lt;", "")
    assert html.unescape(inner).strip() == squash(text)
    alone = _gfm(md_escape(text))  # at the start of a line too
    if squash(text):
        assert alone.startswith("<p>") and alone.endswith("</p>\n"), alone
        assert html.unescape(alone[3:-5]) == squash(text)
