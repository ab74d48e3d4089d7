"""MediaWiki pages: the wiki's own furniture (edit links, citation marks, the infobox,
the reference list, navigation boxes) is left out; other pages are read as before."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from trafilatura.utils import load_html

from briefreader.core.brief import Article
from briefreader.core.ingest import html as html_reader
from briefreader.core.ingest import load_source, parse_bytes
from briefreader.core.ingest.mediawiki import drop_empty_sections, is_mediawiki, strip_furniture

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "ingest"
WIKI_PAGES = sorted(CORPUS.glob("wikipedia-*.html"))
OTHER_PAGES = sorted(p for p in CORPUS.glob("*.html") if p not in WIKI_PAGES)
MARKS = re.compile(r"\[(?:\d+|edit|citation needed|[a-z])\](?::\s?\d+)?")

LEAD = (
    "The harbour of Piraeus is the largest in Greece and one of the busiest in the "
    "Mediterranean, with a long history of trade and shipping."
)
BODY = (
    "In 2016 the port authority was sold to a shipping company, which has run it since then "
    "and expanded the container terminals considerably over the following years."
)


def wiki_page(generator: bool = True, wrapper: bool = True) -> str:
    meta = '<meta name="generator" content="MediaWiki 1.41.0">' if generator else ""
    wrap = ' class="mw-parser-output"' if wrapper else ""
    return f"""<!doctype html><html><head><title>Piraeus - Wikipedia</title>{meta}</head>
<body><div id="content"><h1>Piraeus</h1><div{wrap}>
<div role="note" class="hatnote navigation-not-searchable">For the football club, see
Olympiacos.</div>
<table class="infobox vcard"><tr><th>Founded</th><td>1835</td></tr>
<tr><th>Country</th><td>Greece</td></tr></table>
<p>{LEAD}<sup class="reference"><a href="#cite-1">[1]</a></sup></p>
<h2><span class="mw-headline">History</span><span class="mw-editsection">
<span class="mw-editsection-bracket">[</span><a href="?action=edit">edit</a>
<span class="mw-editsection-bracket">]</span></span></h2>
<p>{BODY}<sup class="noprint Inline-Template Template-Fact">[<i>citation needed</i>]</sup>
It employs thousands.<sup class="reference">[2]</sup><sup class="reference nowrap"><span
title="Page / location: 12">: 12</span></sup></p>
<table class="wikitable"><tr><th>Year</th><th>Containers</th></tr>
<tr><td>2010</td><td>0.9 million</td></tr><tr><td>2019</td><td>5.6 million</td></tr></table>
<h2><span class="mw-headline">References</span></h2>
<div class="reflist"><ol class="references"><li id="cite-1"><span class="mw-cite-backlink">
^</span> <span class="reference-text">Smith, John. "Ports of Europe". Example Press.</span></li>
</ol></div>
<div role="navigation" class="navbox"><table><tr><td>Ports of Greece: Piraeus, Patras,
Thessaloniki</td></tr></table></div>
</div></div></body></html>"""


def texts(article: Article) -> list[str]:
    return [p.text for p in article.paragraphs]


def test_a_wiki_page_is_read_without_its_furniture() -> None:
    article = parse_bytes(wiki_page().encode(), "piraeus.html")
    got = texts(article)
    assert got[0] == LEAD  # no hatnote, no infobox rows before the lead; no [1]
    assert "History" in got  # the heading, without "[edit]"
    body = next(t for t in got if t.startswith("In 2016"))
    assert body == BODY + " It employs thousands."  # no marks; the text after them stays
    assert any("2019" in t and "5.6 million" in t for t in got)  # a data table is content
    joined = "\n".join(got)
    for gone in ("Founded", "football club", "Ports of Europe", "Thessaloniki", "References"):
        assert gone not in joined, gone  # infobox, hatnote, references, navbox, empty heading
    assert not MARKS.search(joined)


@pytest.mark.parametrize(("generator", "wrapper"), [(True, False), (False, True)])
def test_a_wiki_page_is_known_by_its_generator_or_its_content_wrapper(
    generator: bool, wrapper: bool
) -> None:
    got = texts(parse_bytes(wiki_page(generator, wrapper).encode(), "piraeus.html"))
    assert got[0] == LEAD and "Founded" not in "\n".join(got)


def test_other_sites_classes_mean_nothing() -> None:
    """A page MediaWiki did not make keeps what a wiki would drop: the same classes there
    are that site's own design."""
    page = wiki_page(generator=False, wrapper=False)
    assert not is_mediawiki(load_html(page))
    got = "\n".join(texts(parse_bytes(page.encode(), "piraeus.html")))
    assert "[2]" in got  # the citation marks stay: they may be that page's own text


@pytest.mark.parametrize("path", WIKI_PAGES, ids=lambda p: p.name)
def test_the_corpus_wikipedia_pages_lose_their_furniture(path: Path) -> None:
    article = load_source(path)
    joined = "\n".join(texts(article))
    assert not MARKS.search(joined), MARKS.search(joined)
    assert not any(t.startswith("^") for t in texts(article))  # no reference items
    assert not any(
        " | " in t and t.split(" | ")[0] in ("Founded", "Founder") for t in texts(article)
    )
    assert article.paragraphs[0].kind == "body" and len(article.paragraphs[0].text) > 80


def test_the_corpus_list_page_keeps_its_table() -> None:
    got = texts(load_source(CORPUS / "wikipedia-time-loop-films.html"))
    assert "Film | Year | Description" in got
    assert sum(" | 19" in t or " | 20" in t for t in got) > 50  # the films' rows


@pytest.mark.parametrize("path", OTHER_PAGES, ids=lambda p: p.name)
def test_other_corpus_pages_read_exactly_as_without_the_wiki_step(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not is_mediawiki(load_html(path.read_text(encoding="utf-8")))
    now = load_source(path)
    monkeypatch.setattr(html_reader, "_mediawiki_cleaned", lambda text: (text, False))
    assert load_source(path) == now


def test_the_wiki_step_is_what_changes_the_wikipedia_pages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = CORPUS / "wikipedia-mozilla.html"
    now = texts(load_source(path))
    monkeypatch.setattr(html_reader, "_mediawiki_cleaned", lambda text: (text, False))
    before = texts(load_source(path))
    assert "Founded | February 28, 1998" in before and "History[edit]" in before
    assert "Founded | February 28, 1998" not in now and "History" in now


@pytest.mark.parametrize(
    ("blocks", "kept"),
    [
        ([], []),
        ([("heading", 2)], [False]),
        ([("heading", 2), ("body", 0)], [True, True]),
        ([("heading", 2), ("heading", 2), ("body", 0)], [False, True, True]),
        ([("heading", 2), ("heading", 3), ("body", 0)], [True, True, True]),  # a subsection
        ([("heading", 3), ("heading", 2), ("body", 0)], [False, True, True]),
        ([("heading", 2), ("heading", 3), ("heading", 2)], [False, False, False]),
        ([("body", 0), ("heading", 2), ("item", 0), ("heading", 2)], [True, True, True, False]),
    ],
)
def test_empty_sections_go(blocks: list[tuple[str, int]], kept: list[bool]) -> None:
    assert drop_empty_sections(blocks) == kept


_FURNITURE = st.sampled_from(
    [
        '<sup class="reference">[{n}]</sup>',
        '<span class="mw-editsection">[edit {n}]</span>',
        '<sup class="noprint Inline-Template">[citation needed {n}]</sup>',
        '<span class="x noprint">hidden {n}</span>',
    ]
)
_WORDS = st.text(alphabet="abcdefghij ,.", min_size=1, max_size=12)


@given(st.lists(st.tuples(_WORDS, st.one_of(st.none(), _FURNITURE)), min_size=1, max_size=8))
def test_furniture_goes_and_the_text_around_it_stays(
    parts: list[tuple[str, str | None]],
) -> None:
    inner = "".join(
        text + (mark.format(n=i) if mark else "") for i, (text, mark) in enumerate(parts)
    )
    root = load_html(f"<html><body><div><p>{inner}</p><p>x</p></div></body></html>")
    assert root is not None
    dropped = strip_furniture(root)
    paragraph = root.find(".//p")
    assert paragraph is not None
    assert paragraph.text_content() == "".join(text for text, _ in parts)
    assert dropped == sum(mark is not None for _, mark in parts)


def test_a_wiki_formula_is_text_in_its_place() -> None:
    formula = (
        '<span class="mwe-math-element"><span class="mwe-math-mathml-inline" style="display: '
        'none;"><math xmlns="http://www.w3.org/1998/Math/MathML" alttext="{\\displaystyle x_{i}}">'
        "<semantics><msub><mi>x</mi><mi>i</mi></msub><annotation encoding='application/x-tex'>"
        "x_{i}</annotation></semantics></math></span><img class='mwe-math-fallback-image-inline'"
        ' alt="{\\displaystyle x_{i}}"></span>'
    )
    image_only = (
        '<span class="mwe-math-element"><img class="mwe-math-fallback-image-inline" '
        'alt="{\\displaystyle \\sigma _{i}}"></span>'
    )
    page = wiki_page().replace(
        "It employs thousands.",
        f"Each point {formula}, with its width {image_only}, is kept.",
    )
    body = next(t for t in texts(parse_bytes(page.encode(), "p.html")) if t.startswith("In 2016"))
    assert body.endswith("Each point x_i, with its width \\sigma _{i}, is kept.")


def test_the_corpus_formulas_fill_their_sentences() -> None:
    got = "\n".join(texts(load_source(CORPUS / "wikipedia-tsne.html")))
    assert "high-dimensional objects x_1,…,x_N, t-SNE first computes probabilities p_ij" in got
    assert "KL(P||Q) = ∑_(i≠j) p_ij log(p_ij/q_ij)" in got
    assert " , " not in got and "objects ," not in got  # no holes left


def test_hostile_wiki_pages_are_read_or_refused_in_one_line() -> None:
    """Furniture classes on the page itself, and a formula nested deeper than any parser
    keeps: a result or one BriefError, never a traceback."""
    from briefreader.core.errors import BriefError

    page = (
        wiki_page()
        .replace("<html>", '<html class="noprint">')
        .replace("<body>", '<body class="mediawiki toc">')
    )
    assert texts(parse_bytes(page.encode(), "p.html"))[0] == LEAD
    deep = "<mrow>" * 5000 + "<mi>x</mi>" + "</mrow>" * 5000
    formula = f'<span class="mwe-math-element"><math>{deep}</math></span>'
    page = wiki_page().replace("It employs thousands.", f"It employs {formula} people.")
    try:
        got = "\n".join(texts(parse_bytes(page.encode(), "p.html")))
    except BriefError as exc:
        assert "p.html" in str(exc)
    else:
        assert LEAD in got
