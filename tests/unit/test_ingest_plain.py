"""The plain-text rules, one by one, each with the cases it must leave alone."""

from __future__ import annotations

from datetime import datetime

import pytest

from briefreader.core.article import parse_article
from briefreader.core.brief import Article
from briefreader.core.ingest.boilerplate import boilerplate_reason
from briefreader.core.ingest.dates import date_line, parse_date
from briefreader.core.ingest.header import byline, labelled

LONG = "This sentence has plenty of words in it so that it reads as prose"


def parse(text: str, keep: tuple[str, ...] = ()) -> Article:
    return parse_article(text, fallback_title="Fallback title", keep=keep)


def texts(article: Article) -> list[str]:
    return [p.text for p in article.paragraphs]


# -- paragraphs ---------------------------------------------------------------------


def test_unicode_space_lines_are_blank() -> None:
    article = parse("Title\n\nOne.\n\u2003\u00a0\u3000\nTwo.\n\u2009\nThree.")
    assert texts(article) == ["One.", "Two.", "Three."]


def test_no_blank_lines_long_or_sentence_lines_are_paragraphs() -> None:
    wire = "\n".join(f"{LONG}, line {n}." for n in range(5))
    article = parse("Headline Of The Wire Story\n" + wire)
    assert article.title == "Headline Of The Wire Story"
    assert len(article.paragraphs) == 5
    verses = "\n".join(f"1:{n} And it was so, verse number {n}." for n in range(1, 6))
    assert len(parse(verses).paragraphs) == 5


def test_hard_wrapped_prose_is_joined_back() -> None:
    wrapped = (
        "The committee met on Tuesday to consider the evidence that had been\n"
        "gathered over the previous six months by the staff of the inquiry and\n"
        "by the witnesses who had come forward after the first hearings. The\n"
        "chairman opened the session.\n"
        "Members then asked whether the minister would appear before them in\n"
        "person, and the clerk read out the letter that had arrived that day\n"
        "from the department, which said the minister would attend in May.\n"
    )
    article = parse(wrapped)
    assert len(article.paragraphs) == 2
    assert article.paragraphs[0].text.endswith("The chairman opened the session.")
    assert "\n" not in article.paragraphs[0].text


def test_short_lines_without_blank_lines_stay_separate_lines() -> None:
    poem = "Roses are red\nViolets are blue\nSugar is sweet\nAnd so are you"
    assert len(parse("A poem\n\n" + poem).paragraphs) == 4


def test_markdown_hard_breaks_are_line_ends_not_paragraphs() -> None:
    article = parse("Title\n\nThe first line  \nthe same paragraph.\n\nNext.")
    assert texts(article) == ["The first line the same paragraph.", "Next."]


def test_underlined_lines_are_headings_but_a_lone_rule_is_not() -> None:
    article = parse("Title\n\nBackground\n==========\n\nText here.\n\nNot a heading\nbut text.")
    assert [(p.kind, p.text) for p in article.paragraphs][:2] == [
        ("heading", "Background"),
        ("body", "Text here."),
    ]
    assert article.paragraphs[2].kind == "body"


# -- header ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "Source\nMinistry of National Defense\nEditor\nZhang Tao\nTime\n2017-06-30 00:55:12",
        "Source: Ministry of National Defense\nEditor: Zhang Tao\nDate: 2017-06-30 00:55:12",
        "source:Ministry of National Defense\neditor:Zhang Tao\ntime:2017-06-30 00:55:12",
        "Source:Ministry of National Defense Editor:Zhang Tao 2017-06-30 00:55:12",
        "Ministry of National Defense\nZhang Tao\n2017-06-30 00:55:12",
    ],
)
def test_header_fields_in_every_form(header: str) -> None:
    article = parse(f"China and US hold talks\n\n{header}\n\nThe talks began.")
    meta = article.metadata
    assert meta.title == "China and US hold talks"
    assert (meta.source, meta.editor) == ("Ministry of National Defense", "Zhang Tao")
    assert meta.published == datetime(2017, 6, 30, 0, 55, 12)
    assert texts(article) == ["The talks began."]


def test_author_and_source_on_one_line() -> None:
    meta = parse("Title\n\nAuthor: Jane Roe / Source: The Daily\n\nBody.").metadata
    assert (meta.author, meta.source) == ("Jane Roe", "The Daily")
    assert labelled("Author: Jane Roe | Source: The Daily") == [
        ("author", "Jane Roe"),
        ("source", "The Daily"),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Zhong Feiteng", ("Zhong Feiteng", None)),
        ("BY JANE ROE", ("JANE ROE", None)),
        (
            "by Antony Blinken at the Munich Security Conference",
            ("Antony Blinken", "at the Munich Security Conference"),
        ),
        (
            "By Senior Colonel Wu Qian, Director General of the Information Bureau of "
            "the MND and Spokesperson for the MND",
            (
                "Wu Qian",
                "Director General of the Information Bureau of the MND "
                "and Spokesperson for the MND",
            ),
        ),
        ("By the river", None),
        ("By 2030 the population will double.", None),
        ("by and large, things went well", None),
    ],
)
def test_bylines(line: str, expected: tuple[str, str | None] | None) -> None:
    assert byline(line) == expected


def test_long_byline_keeps_the_role() -> None:
    article = parse(
        "Defense ministry briefing\n\nBy Senior Colonel Wu Qian, Director General of the "
        "Information Bureau and Spokesperson for the MND\n\nThe briefing began at ten."
    )
    assert article.metadata.author == "Wu Qian"
    assert (
        article.metadata.author_role
        == "Director General of the Information Bureau and Spokesperson for the MND"
    )


def test_standfirst_between_headline_and_byline() -> None:
    article = parse(
        "Allies agree on a new plan\n\nThe plan commits members to spend more on defence.\n\n"
        "By Jane Roe\n\n21 Apr. 2023\n\nThe leaders met in Brussels."
    )
    assert [(p.kind, p.text) for p in article.paragraphs] == [
        ("standfirst", "The plan commits members to spend more on defence."),
        ("body", "The leaders met in Brussels."),
    ]
    assert article.metadata.author == "Jane Roe"
    assert article.metadata.published == datetime(2023, 4, 21)


def test_first_paragraph_without_a_byline_after_it_is_not_a_standfirst() -> None:
    article = parse("Allies agree on a plan\n\nThe plan commits members.\n\nThey met.")
    assert [p.kind for p in article.paragraphs] == ["body", "body"]


@pytest.mark.parametrize(
    "line",
    [
        "• 21 Apr. 2023 -",
        "Last updated: 21 April 2023",
        "Mis à jour le 21 avril 2023",
        "Aktualisiert am 21. April 2023",
        "最終更新日：2023年4月21日",
        "Updated April 21, 2023 10:30 AM",
    ],
)
def test_date_lines(line: str) -> None:
    found = date_line(line)
    assert found is not None and found[1].date() == datetime(2023, 4, 21).date()
    meta = parse(f"A headline\n\n{line}\n\nText.").metadata
    assert meta.published is not None and meta.published.date() == datetime(2023, 4, 21).date()


@pytest.mark.parametrize("value", ["April", "2023", "21/04/2023", "the 21st", "May be"])
def test_not_dates(value: str) -> None:
    assert parse_date(value) is None


def test_label_lines_in_the_body_are_text() -> None:
    body = (
        "The first paragraph of the article.\n\nProblem Statement:\n\nQuestion: What now?\n\n"
        "PRESIDENT BIDEN: Thank you.\n\nDate: the meeting was on a Tuesday in May, they said."
    )
    article = parse("A title\n\n" + body)
    assert texts(article) == [
        "The first paragraph of the article.",
        "Problem Statement:",
        "Question: What now?",
        "PRESIDENT BIDEN: Thank you.",
        "Date: the meeting was on a Tuesday in May, they said.",
    ]
    assert article.metadata.published is None


def test_rfc822_header_block() -> None:
    article = parse(
        "PEP: 257\nTitle: Docstring Conventions\nAuthor: David Goodger <goodger@python.org>\n"
        "Status: Active\nCreated: 29-May-2001\n\nAbstract text."
    )
    meta = article.metadata
    assert (meta.title, meta.author) == ("Docstring Conventions", "David Goodger")
    assert meta.published == datetime(2001, 5, 29)
    assert {d.text for d in article.dropped} == {"PEP: 257", "Status: Active"}


# -- title ----------------------------------------------------------------------------


def test_title_rules() -> None:
    assert parse("A headline here\n\nBody.").title == "A headline here"
    # a category-tag line is not the title, and it is dropped
    tags = parse("Asia Pacific,  Australia news,  Japan,  Nato\n\nThe real headline\n\nBody.")
    assert tags.title == "The real headline"
    assert [d.reason for d in tags.dropped] == ["category tags"]
    # a site name (a domain, or the value of the Source field) is not the title
    assert parse("eng.chinamil.com.cn\n\nReal headline\n\nBody.").title == "Real headline"
    site = parse("China Military Online\n\nReal headline\n\nSource: China Military Online\n\nBody.")
    assert (site.title, site.metadata.source) == ("Real headline", "China Military Online")
    assert [(d.text, d.reason) for d in site.dropped] == [("China Military Online", "site name")]
    # ...but a headline is a headline when nothing says it is the site
    assert parse("China Military Online\n\nBody text here.").title == "China Military Online"
    # a label line is not a headline; a sentence is not either: the file name is used
    assert parse("President: George Washington\n\nFellow citizens.").title == "Fallback title"
    assert parse("It begins with a sentence.\n\nMore.").title == "Fallback title"


# -- boilerplate -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Asia Pacific,  Australia news,  Japan,  Nato", "category tags"),
        ("Home > World > Asia", "category tags"),
        ("UPDATES WITH COMMENTS FROM MINISTRY; CHANGES HEADER", "wire note"),
        ("Continue reading…", "widget"),
        ("Read more »", "widget"),
        ("PAGE TOP", "widget"),
        ("最新情報をチェック", "widget"),
        ("コメントを受け付けていません", "widget"),
        ("Share on Facebook, Twitter", "widget"),
        ("\\###", "rule"),
        ("* * *", "rule"),
        ("eng.chinamil.com.cn", "site name"),
    ],
)
def test_boilerplate_lines(line: str, reason: str) -> None:
    assert boilerplate_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "Britain, France, Germany and Italy signed.",
        "Britain, France and Germany",
        "PRESIDENT BIDEN:",
        "CHAPTER I",
        "Question:",
        "Readers shared the article widely.",
        "More than 70 officials were there.",
    ],
)
def test_not_boilerplate(line: str) -> None:
    assert boilerplate_reason(line, title="Some title") is None


def test_boilerplate_anywhere_is_listed_and_can_be_kept() -> None:
    text = (
        "Minister visits Japan\n\nThe minister arrived on Monday.\n\nRead more\n\n"
        "Minister visits Japan\n\nShe met her counterpart.\n\n\\###"
    )
    article = parse(text)
    assert texts(article) == ["The minister arrived on Monday.", "She met her counterpart."]
    assert [(d.text, d.reason) for d in article.dropped] == [
        ("Read more", "widget"),
        ("Minister visits Japan", "headline repeated"),
        ("\\###", "rule"),
    ]
    kept = parse(text, keep=("Read more",))
    assert "Read more" in texts(kept)
    assert "Read more" not in [d.text for d in kept.dropped]


def test_related_links_at_the_end_are_dropped() -> None:
    article = parse("T\n\nBody text.\n\nRelated News\n\nAnother story\n\nA third story")
    assert texts(article) == ["Body text."]
    assert [d.reason for d in article.dropped] == ["related links"] * 3


# -- truncation --------------------------------------------------------------------------


def test_truncation_only_where_the_document_cuts_off() -> None:
    article = parse(
        "T\n\n"
        f"{LONG} and the talks were held after\n\n"  # cut mid-sentence: flagged
        f"{LONG} here\n\n"  # a complete thought without a full stop: not flagged
        "Background\n==========\n\n"
        f"I told them — and I — we meet \u2014\n\n"  # speech breaking off
        f"{LONG} which is where the text stops"
    )
    assert [p.truncated for p in article.paragraphs] == [True, False, False, False, True]


def test_headings_items_and_short_lines_are_never_truncated() -> None:
    article = parse("T\n\nA short line\n\nAnother short one")
    assert not any(p.truncated for p in article.paragraphs)
