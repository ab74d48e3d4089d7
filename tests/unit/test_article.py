"""Parsing plain-text articles: briefreader.core.article."""

from __future__ import annotations

import codecs
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefreader.core.article import (
    humanize_stem,
    load_article,
    parse_article,
    parse_published,
)
from briefreader.core.brief import Article
from briefreader.core.errors import BriefError
from briefreader.core.ingest.plain import paragraph_lines as _paragraph_lines
from briefreader.core.text import clean_controls

SEED = Path(__file__).parents[2] / "seeds" / "nato-asian-pacific-expansion.txt"


def parse(text: str, fallback: str = "Fallback") -> Article:
    return parse_article(text, fallback_title=fallback)


def kinds(article: Article) -> list[str]:
    return [p.kind for p in article.paragraphs]


# -- the seed -----------------------------------------------------------------------


def test_seed_article() -> None:
    article = load_article(SEED)
    meta = article.metadata
    assert meta.title == "Three challenges to NATO's Asian Pacific expansion"
    assert meta.source == "China Military Online"
    assert meta.editor == "Lin Congyi"
    assert meta.published == datetime(2023, 2, 7, 17, 10, 24)
    assert meta.published_text == "2023-02-07 17:10:24"
    assert meta.author == "Zhong Feiteng"
    assert article.notices == ()
    assert [p.n for p in article.paragraphs] == list(range(1, 12))
    assert kinds(article) == ["body"] * 9 + ["bio", "note"]
    assert [p.n for p in article.paragraphs if p.truncated] == [4]
    assert article.paragraph(4).text.endswith("Although no joint statement was released after")
    assert article.paragraph(1).text.startswith("In his recent visit to the ROK and Japan")
    assert article.paragraph(2).text.endswith("\u00a0")  # the seed's NBSP is kept
    assert article.paragraph(10).text.startswith("(The author is a researcher")
    assert article.paragraph(11).text.startswith("Editor's note: Originally published")
    assert not any("Related News" in p.text or "Continue" in p.text for p in article.paragraphs)


@pytest.mark.parametrize(
    "variant",
    [
        lambda b: b.replace(b"\n", b"\r\n"),
        lambda b: b.replace(b"\n", b"\r"),
        lambda b: codecs.BOM_UTF8 + b,
        lambda b: codecs.BOM_UTF8 + b.replace(b"\n", b"\r\n"),
    ],
    ids=["crlf", "cr", "bom", "bom-crlf"],
)
def test_seed_variants_parse_identically(tmp_path: Path, variant: object) -> None:
    assert callable(variant)
    path = tmp_path / SEED.name
    path.write_bytes(variant(SEED.read_bytes()))
    assert load_article(path) == load_article(SEED)


# -- paragraphs ---------------------------------------------------------------------


def test_paragraph_joining_and_blank_lines() -> None:
    article = parse("Title\n\n  first line \t\n\tsecond  line\u00a0\n \t \nnext\n\n\n\nlast")
    assert [p.text for p in article.paragraphs] == [
        "first line second  line\u00a0",
        "next",
        "last",
    ]


def test_nbsp_only_line_is_blank() -> None:
    article = parse("Title\n\none\n\u00a0\u00a0\ntwo")
    assert [p.text for p in article.paragraphs] == ["one", "two"]


def test_unicode_line_breaks_do_not_split(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nalpha\u2028beta\x85gamma\x0bdelta\x0cepsilon end", encoding="utf-8")
    article = load_article(path)
    assert [p.text for p in article.paragraphs] == [
        "alpha\u2424beta\ufffdgamma\u240bdelta\u240cepsilon end"
    ]
    assert article.notices == ("replaced 4 control characters with visible symbols",)


def test_kinds_and_numbering() -> None:
    article = parse(
        "Title\n\nOne.\n\n(the WRITER is a fellow.)\n\nEditor’s Note: curly.\n\n"
        "Editor's note: straight.\n\nBody (The author is here) too.\n\n(The author is X)."
    )
    assert kinds(article) == ["body", "bio", "note", "note", "body", "bio"]
    assert [p.n for p in article.paragraphs] == [1, 2, 3, 4, 5, 6]


def test_truncation() -> None:
    """Only a paragraph the document cuts off is flagged (more in test_ingest_plain)."""
    long = "This sentence has plenty of words in it so it counts as prose"
    middle = {
        long + ".": False,
        long: False,  # mid-document, ending in a content word: not evidently cut
        long + ",": False,
        long + " 2023": False,
        long + " \u2014": False,  # speech breaking off with a dash
        long + " after": True,  # ends on a function word: cut mid-sentence
        long + " inter-": True,  # cut mid-word
        long + " [\u2026]": True,  # the source marks the cut
        "CHAPTER I": False,
        "Only seven words here without any stop": False,
    }
    article = parse("Title\n\n" + "\n\n".join(middle) + "\n\nThe end.")
    assert [p.truncated for p in article.paragraphs] == [*middle.values(), False]
    for ending, cut in (
        (long, True),
        (long + ",", True),
        (long + ".", False),
        (long + " \u2014", False),
    ):
        last = parse("Title\n\nFirst paragraph.\n\n" + ending)
        assert last.paragraphs[-1].truncated is cut, ending
    # bio and note paragraphs are never flagged
    note = parse("Title\n\nEditor's note: this note has many words and ends with no stop")
    assert kinds(note) == ["note"] and not note.paragraphs[0].truncated


# -- boilerplate --------------------------------------------------------------------


def test_boilerplate_dropped_anywhere_and_listed() -> None:
    article = parse(
        "Title\n\nOne.\n\nShare\n\nTwo.\n\nRelated Articles\n\nRead more \u00bb\n\n"
        "SHARE\n\nContinue\u2026\n\nEditor: Wang Xin"
    )
    assert [p.text for p in article.paragraphs] == ["One.", "Two."]
    assert article.metadata.editor == "Wang Xin"
    assert [(d.text, d.reason) for d in article.dropped] == [
        ("Related Articles", "related links"),
        ("Read more \u00bb", "related links"),
        ("SHARE", "related links"),
        ("Continue\u2026", "related links"),
        ("Share", "widget"),
    ]


def test_header_editor_wins_over_trailing_editor() -> None:
    article = parse("Title\n\nEditor: Lin\n\nBody.\n\nEditor: Wang")
    assert article.metadata.editor == "Lin"
    assert [p.text for p in article.paragraphs] == ["Body."]
    assert [d.text for d in article.dropped] == ["Editor: Wang"]


# -- header ---------------------------------------------------------------------------


def test_metadata_variants() -> None:
    article = parse(
        "A title\n\nAUTHOR: Jane Roe\nsource:\nThe Daily\n\nDate: 2023-02-07\n\nBody text."
    )
    meta = article.metadata
    assert (meta.title, meta.author, meta.source) == ("A title", "Jane Roe", "The Daily")
    assert meta.published == datetime(2023, 2, 7)
    assert meta.published_text == "2023-02-07"
    assert [p.text for p in article.paragraphs] == ["Body text."]


def test_unparseable_date_is_kept_as_text() -> None:
    meta = parse("T\n\nPublished\nlast Tuesday\n\nBody.").metadata
    assert (meta.published, meta.published_text) == (None, "last Tuesday")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-02-07 17:10:24", datetime(2023, 2, 7, 17, 10, 24)),
        ("2023-02-07", datetime(2023, 2, 7)),
        ("2023-02-07T17:10", datetime(2023, 2, 7, 17, 10)),
        ("2023-02-07T17:10:24+08:00", datetime(2023, 2, 7, 17, 10, 24)),
        ("2023-02-30", None),
        ("07/02/2023", None),
        ("2023-02-07 (Beijing)", None),
    ],
)
def test_parse_published(value: str, expected: datetime | None) -> None:
    parsed = parse_published(value)
    assert parsed == expected
    assert parsed is None or parsed.tzinfo is None


def test_byline_and_not_a_byline() -> None:
    article = parse("Title\n\nBy Zhong Feiteng\n\nBody.")
    assert article.metadata.author == "Zhong Feiteng"
    assert [p.text for p in article.paragraphs] == ["Body."]
    poem = parse("By the river\n\nThe water ran.")
    assert poem.metadata.author is None and poem.metadata.title == "By the river"


def test_bare_text_titles() -> None:
    assert parse("A heading\n\nBody.").title == "A heading"
    assert [p.text for p in parse("A heading\n\nBody.").paragraphs] == ["Body."]
    sentence = parse("It starts with a sentence.\n\nThen more.")
    assert sentence.title == "Fallback"
    assert [p.n for p in sentence.paragraphs] == [1, 2]
    two_lines = parse("Line one\nline two\n\nMore.")
    assert two_lines.title == "Fallback" and len(two_lines.paragraphs) == 2
    long_line = parse("x" * 201 + "\n\nMore.")
    assert long_line.title == "Fallback" and len(long_line.paragraphs) == 2


@pytest.mark.parametrize(
    "text",
    ["Only a title", "Title\n\nSource\nX\n\nBy Y", "Title\n\nRelated News\n\nShare", " \n\t\n"],
)
def test_no_paragraphs(text: str) -> None:
    with pytest.raises(BriefError) as info:
        parse_article(text, fallback_title="F", path="x.txt")
    assert str(info.value) == "x.txt: error: no paragraphs"


def test_load_article_names_path_and_humanises_stem(tmp_path: Path) -> None:
    path = tmp_path / "my_great-article.txt"
    path.write_text("It begins here.\n\nAnd goes on.", encoding="utf-8")
    article = load_article(path)
    assert article.title == "My great article"
    path.write_text("Header only\n\nBy Someone\n", encoding="utf-8")
    with pytest.raises(BriefError) as info:
        load_article(path)
    assert str(info.value) == f"{path}: error: no paragraphs"
    assert humanize_stem("--") == "Untitled"
    assert humanize_stem("evil\x1b[2J") == "Evil\u241b[2J"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b" \n\n\t", "empty file"),
        (b"ab\x00", "not a text file (NUL byte at offset 2)"),
        ("é".encode() + b"\xfe", "not valid UTF-8 (byte offset 2)"),
    ],
)
def test_load_article_bad_bytes(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(BriefError) as info:
        load_article(path)
    assert str(info.value) == f"{path}: error: {message}"


def test_load_article_encodings(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    text = "Caf\u00e9 society\n\nIt\u2019s \u201cfine\u201d \u2013 really.\n"
    path.write_bytes(text.encode("cp1252"))
    article = load_article(path)
    assert article.title == "Caf\u00e9 society"
    assert article.notices == ("decoded as Windows-1252 (not valid UTF-8 at byte offset 3)",)
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    article = load_article(path)
    assert article.paragraphs[0].text == "It\u2019s \u201cfine\u201d \u2013 really."
    assert article.notices == ("decoded as UTF-16 (little-endian), from its byte order mark",)


# -- properties -----------------------------------------------------------------------

LINES = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "Zs", "Cc", "Cf", "Zl", "Zp")),
    max_size=40,
)


@settings(max_examples=300)
@given(st.lists(st.one_of(LINES, st.sampled_from(["", " ", "\t", "By X", "Source", "Share"]))))
def test_parse_properties(lines: list[str]) -> None:
    text, _ = clean_controls("\n".join(lines))
    try:
        article = parse_article(text, fallback_title="F", path="p.txt")
    except BriefError as exc:
        assert exc.message == "no paragraphs" and exc.path == "p.txt"
        return
    assert [p.n for p in article.paragraphs] == list(range(1, len(article.paragraphs) + 1))
    assert article.title
    for p in article.paragraphs:
        assert p.text and not p.text.isspace()
        assert "\n" not in p.text
        assert p.text == p.text.strip(" \t")
        assert not p.truncated or p.kind == "body"


def reference_paragraphs(text: str) -> list[list[str]]:
    """The paragraph rule, line by line: runs of lines that are not all whitespace."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip(" \t")
        if line and not line.isspace():
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    return [*paragraphs, current] if current else paragraphs


@settings(max_examples=500)
@given(st.text(st.sampled_from("ab \t\n\u00a0\u3000")))
def test_paragraph_split_matches_reference(text: str) -> None:
    assert _paragraph_lines(text) == reference_paragraphs(text)


# -- speed ----------------------------------------------------------------------------


def test_parses_4mb_texts() -> None:
    """Large texts parse (the time is measured in benchmarks/ingest_bench.py, not here)."""
    many = "\n\n".join(["A short paragraph of prose, with some words in it."] * 80_000)
    one_line = "word " * 400_000
    assert len(parse_article(many, fallback_title="F").paragraphs) == 80_000
    assert len(parse_article(one_line, fallback_title="F").paragraphs) == 1


def test_note_or_bio_is_never_the_title() -> None:
    article = parse("(The author is Y)\n\nBody.")
    assert article.title == "Fallback"
    assert kinds(article) == ["bio", "body"]
