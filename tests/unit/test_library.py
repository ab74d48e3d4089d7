"""Importing into the library: briefs/<slug>/, once per source, replace in place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefreader.cli import main
from briefreader.core.brief import Article, Metadata, Paragraph
from briefreader.core.errors import BriefError
from briefreader.core.ingest import load_source, parse_bytes
from briefreader.core.library import (
    BRIEF_FILE,
    brief_hooks,
    import_article,
    library_entries,
    slugify,
)
from briefreader.core.loader import check_brief, load_brief
from briefreader.core.paths import resolve
from briefreader.core.state import State
from briefreader.core.writer import article_markdown

from ..conftest import SEED
from .ingest_fixtures import make_epub, make_pdf

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "ingest"


def sources(tmp_path: Path) -> dict[str, Path]:
    page = tmp_path / "page.html"
    page.write_text(
        "<!doctype html><html><head><title>A page</title></head><body><article>"
        "<h1>A page</h1><p>" + "A sentence of the page that says something. " * 8 + "</p>"
        "<p>" + "Another sentence follows it here. " * 8 + "</p></article></body></html>",
        encoding="utf-8",
    )
    return {
        "text": SEED,
        "markdown": CORPUS / "fact-sheet-heerf-2023.md",
        "html": page,
        "pdf": make_pdf(tmp_path / "report.pdf"),
        "epub": make_epub(tmp_path / "book.epub"),
    }


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "pdf", "epub"])
def test_import_check_and_read_back_every_format(tmp_path: Path, fmt: str) -> None:
    source = sources(tmp_path)[fmt]
    result = import_article(source)
    assert result.status == "imported"
    assert result.folder == resolve(result.slug).parent
    check = check_brief(result.brief_path)
    assert check.errors == [] and check.brief is not None
    original = load_source(source)
    back = load_brief(result.brief_path).article
    assert back.paragraphs == original.paragraphs  # same numbering, kinds, styles
    assert back.metadata == original.metadata
    assert back.dropped == original.dropped
    assert back.format == original.format == fmt
    info = json.loads((result.folder / "source.json").read_text(encoding="utf-8"))
    assert info["format"] == fmt and info["source"] == str(source.resolve())


def test_same_source_twice_and_replace_keeps_slug_and_position(tmp_path: Path) -> None:
    source = tmp_path / "note.txt"
    source.write_text("A note\n\nFirst version of the text.", encoding="utf-8")
    first = import_article(source)
    again = import_article(source)
    assert (again.status, again.slug) == ("exists", first.slug)
    from briefreader.core.state_keys import article_key, saved_position

    state = State.load()
    state.positions[article_key(load_brief(first.brief_path))] = 1  # as the reader saves it
    state.save()
    source.write_text("A note\n\nSecond version.\n\nWith more text.", encoding="utf-8")
    assert import_article(source).status == "exists"  # same path: already there
    replaced = import_article(source, replace=True)
    assert (replaced.status, replaced.slug) == ("replaced", first.slug)
    assert len(load_brief(replaced.brief_path).paragraphs) == 2
    assert saved_position(State.load().positions, load_brief(replaced.brief_path)) == 1
    assert [e.slug for e in library_entries()] == [first.slug]


def test_slugs(tmp_path: Path) -> None:
    assert slugify("Three challenges to NATO’s Asian-Pacific expansion!") == (
        "three-challenges-to-natos-asian-pacific-expansion"
    )
    assert slugify("…") == "article"
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Same title\n\nOne.", encoding="utf-8")
    b.write_text("Same title\n\nTwo.", encoding="utf-8")
    assert import_article(a).slug == "same-title"
    assert import_article(b).slug == "same-title-2"
    with pytest.raises(BriefError, match="taken"):
        import_article(_write(tmp_path / "c.txt", "C\n\nThree."), slug="same-title")
    with pytest.raises(BriefError, match="not a valid slug"):
        import_article(a, slug="../evil")
    bundled = _write(tmp_path / "d.txt", "D\n\nFour.")
    with pytest.raises(BriefError, match="taken"):
        import_article(bundled, slug="nato-asian-pacific-expansion")


def _write(target: Path, text: str) -> Path:
    target.write_text(text, encoding="utf-8")
    return target


def test_keep_a_dropped_line(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Title\n\nBody one.\n\nRead more\n\nBody two.", encoding="utf-8")
    result = import_article(source, keep=["Read more"])
    brief = load_brief(result.brief_path)
    assert [p.text for p in brief.paragraphs] == ["Body one.", "Read more", "Body two."]
    assert "keep:" in result.brief_path.read_text(encoding="utf-8")


def test_hooks_turn_the_imported_brief_into_brief_yaml(tmp_path: Path) -> None:
    from dataclasses import replace

    from briefreader.core.brief import Term

    def suggest(brief):  # type: ignore[no-untyped-def]
        term = Term("ap4", "AP4", "NATO's four Asia-Pacific partners.")
        return replace(brief, glossary=(term,))

    saved = list(brief_hooks)  # only this hook (the annotator may have registered its own)
    brief_hooks[:] = [suggest]
    try:
        source = tmp_path / "a.txt"
        source.write_text("Title\n\nThe AP4 met.", encoding="utf-8")
        result = import_article(source)
    finally:
        brief_hooks[:] = saved
    brief = load_brief(result.brief_path)
    assert [t.term for t in brief.glossary] == ["AP4"]


MD_TEXT = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=60
).filter(lambda s: s.strip(" \t") == s and s.strip())


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["body", "heading", "item"]), MD_TEXT), min_size=1, max_size=6
    )
)
def test_canonical_markdown_round_trips(paras: list[tuple[str, str]]) -> None:
    paragraphs = tuple(
        Paragraph(n, kind, " ".join(text.split()) or "x", False, 2 if kind == "heading" else 0)  # type: ignore[arg-type]
        for n, (kind, text) in enumerate(paras, 1)
    )
    article = Article(Metadata(title="T"), paragraphs, format="markdown")
    back = parse_bytes(article_markdown(article).encode(), "article.md")
    assert [(p.kind, p.text, p.level) for p in back.paragraphs] == [
        (p.kind, p.text, p.level) for p in paragraphs
    ]


# -- the command --------------------------------------------------------------------------


def test_import_command_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(SEED)]) == 0
    out = capsys.readouterr().out.splitlines()
    slug, path = out[0].split("\t")
    assert slug == "three-challenges-to-natos-asian-pacific-expansion"  # from the title
    assert Path(path).name == BRIEF_FILE and "open it with: briefreader open" in out[1]
    assert main(["import", str(SEED)]) == 0
    assert "already imported" in capsys.readouterr().out
    assert main(["check", path]) == 0
    capsys.readouterr()
    assert main(["show", slug, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["format"] == "text" and shown["slug"] == slug
    assert [d["text"] for d in shown["dropped"]] == ["Related News", "Continue..."]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bad.pdf", b"%PDF-1.4 broken", "PDF"),
        ("bad.epub", b"PK\x03\x04 broken", "corrupt EPUB"),
        ("bad.html", b"<!doctype html><html><body><a href=x>x</a></body></html>", "no article"),
        ("bad.md", b"---\ntitle: [x\n---\n\ntext", "front matter"),
        ("bad.txt", b"\x00\x01\x02 binary", "not a text file"),
        ("empty.txt", b"   \n", "empty file"),
    ],
)
def test_bad_files_give_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    for command in (
        ["import", str(path)],
        ["show", str(path)],
        ["check", str(path)],
        ["open", str(path)],
    ):
        assert main(command) == 1
        captured = capsys.readouterr()
        lines = (captured.err or captured.out).strip().splitlines()
        assert len(lines) == 1 and str(path) in lines[0] and message in lines[0], command
