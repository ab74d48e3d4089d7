"""The brief YAML loader and validator: every rule, with its exact message and line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from briefreader.core.errors import BriefError
from briefreader.core.loader import check_brief, load_brief

ARTICLE = """\
A small test article

Source
Test Wire
Time
2024-05-01 09:30:00

By Ada Writer

NATO leaders met in Madrid. The NATO Secretary General spoke about decoupling.

Japan's prime minister said "rules-based order" twice: rules-based order.

(The author is a researcher.)
"""

HEADER = """\
format: 1
article: article.txt
"""

GOOD = (
    HEADER
    + """\
glossary:
  - id: decoupling
    term: decoupling
    definition: Cutting economic ties.
actors:
  - id: nato
    name: NATO
    kind: organisation
    role: An alliance.
    description: The North Atlantic Treaty Organization.
  - id: japan
    name: Japan
    kind: state
    role: A state.
    description: An island state.
outline:
  - id: meeting
    title: The meeting
    summary: Leaders met.
    stance: reported
    anchors:
      - paragraph: 1
      - quote: The NATO Secretary General spoke
    children:
      - id: speech
        title: The speech
        summary: About decoupling.
        stance: author
        anchors: [{paragraph: 1, quote: decoupling}]
cards:
  - id: where
    prompt: Where did leaders meet?
    answer: Madrid
    accept: [in Madrid]
    distractors: [Paris, Rome, Berlin]
    point: meeting
    evidence:
      - quote: met in Madrid
"""
)


def write(tmp_path: Path, yaml_text: str, article: str = ARTICLE, name: str = "b.yaml") -> Path:
    (tmp_path / "article.txt").write_text(article, encoding="utf-8")
    path = tmp_path / name
    path.write_text(yaml_text, encoding="utf-8")
    return path


def lines(tmp_path: Path, yaml_text: str) -> list[str]:
    """The diagnostics as printed, with the temp dir stripped."""
    result = check_brief(write(tmp_path, yaml_text))
    return [str(d).replace(str(tmp_path) + "/", "") for d in result.diagnostics]


def test_good_brief_loads(tmp_path: Path) -> None:
    result = check_brief(write(tmp_path, GOOD))
    assert result.diagnostics == []
    brief = result.brief
    assert brief is not None
    assert brief.slug == "b"
    assert brief.title == "A small test article"
    assert brief.metadata.source == "Test Wire"
    assert [t.id for t in brief.glossary] == ["decoupling"]
    assert brief.actors[0].kind == "organisation"
    meeting = brief.outline[0]
    assert meeting.paragraphs == (1,)
    assert meeting.anchors[1].quote == "The NATO Secretary General spoke"
    assert meeting.children[0].stance == "author"
    card = brief.cards[0]
    assert (card.answer, card.accept, card.point) == ("Madrid", ("in Madrid",), "meeting")
    anchor = card.evidence[0]
    text = brief.paragraphs[0].text
    assert anchor.start is not None and anchor.end is not None
    assert text[anchor.start : anchor.end] == "met in Madrid"


def test_metadata_overrides_keep_source_spelling(tmp_path: Path) -> None:
    yaml_text = HEADER + "metadata:\n  title: NO\n  date: 2023-02-07\n  author: 3.10\n"
    brief = load_brief(write(tmp_path, yaml_text))
    assert brief.title == "NO"
    assert brief.metadata.published_text == "2023-02-07"
    assert brief.metadata.published is not None and brief.metadata.published.year == 2023
    assert brief.metadata.author == "3.10"


def test_text_fields_never_become_booleans_or_dates(tmp_path: Path) -> None:
    yaml_text = (
        HEADER
        + "glossary:\n  - id: no\n    term: NO\n    aliases: [yes, 2031-02-30, 3.10, '1:20']\n"
        "    definition: off\n"
    )
    result = check_brief(write(tmp_path, yaml_text))
    assert result.brief is not None
    term = result.brief.glossary[0]
    assert term.term == "NO"
    assert term.aliases == ("yes", "2031-02-30", "3.10", "1:20")
    assert term.definition == "off"


def test_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    out = lines(tmp_path, HEADER + "glossary: [\n")
    assert len(out) == 1
    assert out[0].startswith("b.yaml:4:1: error: YAML syntax: while parsing a flow")


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        (
            "glossary:\n  - id: x\n    term: Madrid\n    defintion: A city.\n",
            [
                "b.yaml:4:5: error: glossary entry is missing required key 'definition'",
                "b.yaml:6:5: error: unknown key 'defintion' in glossary entry "
                "(did you mean 'definition'?)",
            ],
        ),
        (
            "glosary: []\n",
            ["b.yaml:3:1: error: unknown key 'glosary' in the brief (did you mean 'glossary'?)"],
        ),
        (
            "glossary:\n  - id: x\n    term: [Madrid]\n    definition: A city.\n",
            ["b.yaml:5:11: error: glossary term must be text, not a list"],
        ),
        (
            "glossary: {id: x}\n",
            ["b.yaml:3:11: error: glossary must be a list, not a mapping"],
        ),
        (
            "actors:\n  - id: nato\n    name: NATO\n    kind: organization\n"
            "    role: r\n    description: d\n",
            [
                "b.yaml:6:11: error: actor kind must be one of person, state, place, organisation, "
                "group, not 'organization' (did you mean 'organisation'?)"
            ],
        ),
        (
            "glossary:\n  - id: Bad Id\n    term: Madrid\n    definition: d\n",
            [
                "b.yaml:4:9: error: glossary id 'Bad Id' must be lowercase letters, digits, '.', "
                "'-' or '_' (at most 64, starting with a letter or digit)"
            ],
        ),
    ],
)
def test_schema_errors(tmp_path: Path, snippet: str, expected: list[str]) -> None:
    assert lines(tmp_path, HEADER + snippet) == expected


def test_missing_required_top_level(tmp_path: Path) -> None:
    assert lines(tmp_path, "format: 1\n") == [
        "b.yaml:1:1: error: the brief is missing required key 'article'"
    ]


def test_unsupported_format(tmp_path: Path) -> None:
    assert lines(tmp_path, "format: 2\narticle: article.txt\n") == [
        "b.yaml:1:9: error: unsupported format '2' (this version reads format 1)"
    ]


def test_duplicate_yaml_key_names_both_lines(tmp_path: Path) -> None:
    out = lines(tmp_path, HEADER + "glossary: []\nglossary: []\n")
    assert out == ["b.yaml:4:1: error: duplicate key 'glossary' (first defined at line 3)"]


def test_duplicate_ids_across_sections(tmp_path: Path) -> None:
    yaml_text = (
        HEADER
        + "glossary:\n  - id: madrid\n    term: Madrid\n    definition: d\n"
        + "actors:\n  - id: madrid\n    name: NATO\n    kind: group\n    role: r\n"
        + "    description: d\n"
    )
    assert lines(tmp_path, yaml_text) == [
        "b.yaml:8:9: error: duplicate id 'madrid' (first used at line 4)"
    ]


@pytest.mark.parametrize("bad", ["0", "-1", "true", "1.5", "'3'", "[1]", "1e3"])
def test_paragraph_anchor_must_be_positive_integer(tmp_path: Path, bad: str) -> None:
    yaml_text = (
        HEADER
        + "outline:\n  - id: p\n    title: t\n    summary: s\n    stance: reported\n"
        + f"    anchors:\n      - paragraph: {bad}\n"
    )
    out = lines(tmp_path, yaml_text)
    assert len(out) == 1
    assert out[0].startswith("b.yaml:9:20: error: paragraph must be a positive whole number")


def test_paragraph_anchor_out_of_range_never_wraps(tmp_path: Path) -> None:
    yaml_text = (
        HEADER
        + "outline:\n  - id: p\n    title: t\n    summary: s\n    stance: reported\n"
        + "    anchors:\n      - paragraph: 4\n"
    )
    assert lines(tmp_path, yaml_text) == [
        "b.yaml:9:20: error: paragraph 4 does not exist (the article has 3 paragraphs)"
    ]


def test_quote_not_found_with_hint(tmp_path: Path) -> None:
    yaml_text = (
        HEADER
        + "cards:\n  - id: c\n    prompt: p\n    answer: a\n    evidence:\n"
        + "      - quote: Japan’s prime minister\n"
        + "      - {paragraph: 1, quote: rules-based order}\n"
        + "      - quote: not in the text at all\n"
    )
    assert lines(tmp_path, yaml_text) == [
        "b.yaml:8:16: error: quote 'Japan’s prime minister' not found in the article; "
        "paragraph 2 has it with different quote marks, dashes or spaces (copy it exactly)",
        "b.yaml:9:31: error: quote 'rules-based order' not found in paragraph 1; "
        "it is in paragraph 2",
        "b.yaml:10:16: error: quote 'not in the text at all' not found in the article",
    ]


def test_quote_in_two_paragraphs_warns_and_uses_the_first(tmp_path: Path) -> None:
    article = "Title line\n\nNATO met here.\n\nLater NATO met again.\n"
    yaml_text = (
        HEADER
        + "cards:\n  - id: c\n    prompt: p\n    answer: a\n    evidence:\n"
        + "      - quote: NATO met\n"
    )
    result = check_brief(write(tmp_path, yaml_text, article=article))
    assert result.brief is not None  # a warning, not an error
    assert [str(d).replace(str(tmp_path) + "/", "") for d in result.diagnostics] == [
        "b.yaml:8:16: warning: quote 'NATO met' occurs in paragraphs 1, 2; "
        "add 'paragraph:' to choose (using the first)"
    ]
    assert result.brief.cards[0].evidence[0].paragraph == 1


def test_quote_twice_in_one_paragraph_is_not_ambiguous(tmp_path: Path) -> None:
    yaml_text = (
        HEADER
        + "cards:\n  - id: c\n    prompt: p\n    answer: a\n    evidence:\n"
        + "      - quote: rules-based order\n"
    )
    result = check_brief(write(tmp_path, yaml_text))
    assert result.brief is not None and result.diagnostics == []
    anchor = result.brief.cards[0].evidence[0]
    assert (anchor.paragraph, result.brief.paragraphs[1].text.find("rules-based")) == (
        2,
        anchor.start,
    )


def test_unknown_card_point(tmp_path: Path) -> None:
    yaml_text = (
        HEADER
        + "cards:\n  - id: c\n    prompt: p\n    answer: a\n    point: meetng\n"
        + "    evidence: [{paragraph: 1}]\n"
    )
    (out,) = lines(tmp_path, yaml_text)
    assert out == "b.yaml:7:12: error: card point 'meetng' is not an outline point id"


def test_distractor_equal_to_answer(tmp_path: Path) -> None:
    yaml_text = (
        HEADER
        + "cards:\n  - id: c\n    prompt: p\n    answer: Madrid\n"
        + "    distractors: [Paris, madrid]\n    evidence: [{paragraph: 1}]\n"
    )
    assert lines(tmp_path, yaml_text) == [
        "b.yaml:7:26: error: a distractor must differ from the answer"
    ]


def test_empty_anchor_list(tmp_path: Path) -> None:
    yaml_text = HEADER + "cards:\n  - id: c\n    prompt: p\n    answer: a\n    evidence: []\n"
    assert lines(tmp_path, yaml_text) == [
        "b.yaml:7:15: error: evidence needs at least one anchor (paragraph or quote)"
    ]


@pytest.mark.parametrize("alias", ["''", "'   '", "'...'", "'&'"])
def test_bad_alias_rejected(tmp_path: Path, alias: str) -> None:
    yaml_text = (
        HEADER
        + f"glossary:\n  - id: x\n    term: Madrid\n    aliases: [{alias}]\n    definition: d\n"
    )
    out = lines(tmp_path, yaml_text)
    assert len(out) == 1
    assert "b.yaml:6:15: error:" in out[0]


def test_alias_never_in_text_is_a_warning(tmp_path: Path) -> None:
    yaml_text = (
        HEADER
        + "glossary:\n  - id: x\n    term: Madrid\n    aliases: [Lisbon]\n    definition: d\n"
    )
    result = check_brief(write(tmp_path, yaml_text))
    assert result.brief is not None
    assert [str(d).replace(str(tmp_path) + "/", "") for d in result.diagnostics] == [
        "b.yaml:4:9: warning: glossary term 'x': 'Lisbon' never occurs in the article text"
    ]


@pytest.mark.parametrize(
    ("snippet", "tag"),
    [
        ("x: !!python/object/apply:os.system [echo hacked]\n", "'!!python/object/apply:os.system'"),
        ("x: !!python/name:os.system\n", "'!!python/name:os.system'"),
        ("x: !foo bar\n", "'!foo'"),
        ("x: !!binary aGVsbG8=\n", "'!!binary'"),
        ("x: !!set {a, b}\n", "'!!set'"),
    ],
)
def test_tags_are_refused_never_constructed(tmp_path: Path, snippet: str, tag: str) -> None:
    marker = tmp_path / "hacked"
    snippet = snippet.replace("echo hacked", f"touch {marker}")
    (out,) = lines(tmp_path, HEADER + snippet)
    assert out.startswith(f"b.yaml:3:4: error: YAML tag {tag}")
    assert not marker.exists()


def test_explicit_str_tag_is_fine(tmp_path: Path) -> None:
    brief = load_brief(write(tmp_path, HEADER + "metadata:\n  title: !!str 3.10\n"))
    assert brief.title == "3.10"


def test_alias_bomb_refused_quickly(tmp_path: Path) -> None:
    bomb = HEADER + 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(ord("b"), ord("j")):
        prev = chr(i - 1)
        bomb += f"{chr(i)}: &{chr(i)} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
    out = lines(tmp_path, bomb)  # refused before expansion (timing: benchmarks/core_bench.py)
    assert out == ["b.yaml:3:4: error: YAML anchors (&a) are not allowed in a brief"]


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        ("x: &a text\n", "b.yaml:3:4: error: YAML anchors (&a) are not allowed in a brief"),
        ("x: &a !!str text\n", "b.yaml:3:4: error: YAML anchors (&a) are not allowed in a brief"),
        ("x: !!str &a text\n", "b.yaml:3:4: error: YAML anchors (&a) are not allowed in a brief"),
    ],
)
def test_an_anchored_scalar_is_refused(tmp_path: Path, snippet: str, message: str) -> None:
    """A scalar with an anchor is refused, with or without an allowed tag (the builder's
    short path for scalars must not let it through)."""
    assert lines(tmp_path, HEADER + snippet) == [message]


@pytest.mark.parametrize("depth", [100, 100_000])
def test_deep_nesting_refused(tmp_path: Path, depth: int) -> None:
    deep = HEADER + "x: " + "[" * depth + "]" * depth + "\n"
    (out,) = lines(tmp_path, deep)  # refused, no RecursionError (timing: benchmarks/core_bench.py)
    if depth == 100:
        assert out == "b.yaml:3:67: error: YAML nested deeper than 64 levels"
    else:  # libyaml stops even earlier, with its own located message
        assert out.startswith("b.yaml:3:") and "nesting depth" in out


def test_deep_block_nesting_refused(tmp_path: Path) -> None:
    deep = HEADER + "".join(f"{'  ' * i}k{i}:\n" for i in range(80)) + "  " * 80 + "v\n"
    (out,) = lines(tmp_path, deep)
    assert out.startswith("b.yaml:") and out.endswith("error: YAML nested deeper than 64 levels")


def test_big_glossary_is_not_too_many_nodes(tmp_path: Path) -> None:
    """10,000 terms and 10,000 cards (issue 7 item 8: the deck must handle them) load."""
    from briefreader.core.yamlsafe import MAX_NODES, parse_yaml

    terms = "".join(
        f"  - id: t{i}\n    term: Term {i}\n    aliases: [T{i}, Tee {i}]\n"
        f"    definition: Definition number {i}, in a few words.\n"
        for i in range(10_000)
    )
    cards = "".join(
        f"  - id: c{i}\n    kind: flip\n    prompt: What is Term {i}?\n"
        f"    answer: Definition number {i}\n    accept: [def {i}, number {i}]\n"
        for i in range(10_000)
    )
    text = HEADER + "glossary:\n" + terms + "cards:\n" + cards
    assert parse_yaml(text, "b.yaml") is not None
    node_events = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)
    nodes = sum(isinstance(e, node_events) for e in yaml.parse(text, Loader=yaml.CSafeLoader))
    assert 200_000 < nodes < MAX_NODES  # well past the old limit (200,000)


def test_too_many_nodes_refused_with_the_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("briefreader.core.yamlsafe.MAX_NODES", 50)
    (out,) = lines(tmp_path, HEADER + "x: [" + ", ".join(["1"] * 60) + "]\n")
    assert out.startswith("b.yaml:3:") and out.endswith("too many YAML nodes (over 50)")


def test_second_document_refused(tmp_path: Path) -> None:
    assert lines(tmp_path, HEADER + "---\nformat: 1\n") == [
        "b.yaml:3:1: error: a brief is one YAML document; found a second '---'"
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "b.yaml:1:1: error: empty brief: expected a mapping with 'format' and 'article'"),
        ("- a\n- b\n", "b.yaml:1:1: error: the brief must be a mapping, not a list"),
        ("just text\n", "b.yaml:1:1: error: the brief must be a mapping, not the text 'just text'"),
    ],
)
def test_top_level_shape(tmp_path: Path, content: str, expected: str) -> None:
    assert lines(tmp_path, content) == [expected]


def test_control_character_in_yaml_is_not_passed_on(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "metadata:\n  title: a\x1b[2Jb\n")
    result = check_brief(path)
    assert result.brief is not None
    assert "\x1b" not in result.brief.title
    assert result.brief.title == "a\u241b[2Jb"
    assert [d.severity for d in result.diagnostics] == ["warning"]


def test_not_utf8_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    data = HEADER.encode() + b"metadata:\n  title: caf\xe9\n"
    path.write_bytes(data)
    offset = data.index(b"\xe9")
    assert [str(d).replace(str(tmp_path) + "/", "") for d in check_brief(path).diagnostics] == [
        f"b.yaml:4:13: error: not valid UTF-8 (byte offset {offset})"
    ]


def test_missing_article_is_located(tmp_path: Path) -> None:
    out = lines(tmp_path, "format: 1\narticle: nowhere.txt\n")
    assert len(out) == 1
    assert out[0].startswith("b.yaml:2:10: error: article 'nowhere.txt': ")


def test_long_values_are_cut_in_messages(tmp_path: Path) -> None:
    huge = "x" * 10_000
    (out,) = lines(tmp_path, HEADER + f"{huge}: 1\n")
    assert len(out) < 200


def test_load_brief_raises_first_error(tmp_path: Path) -> None:
    with pytest.raises(BriefError) as info:
        load_brief(write(tmp_path, "format: 1\n"))
    assert str(info.value).endswith(
        "b.yaml:1:1: error: the brief is missing required key 'article'"
    )


def test_bare_article_is_a_brief(tmp_path: Path) -> None:
    path = tmp_path / "My Article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    brief = load_brief(path)
    assert brief.slug == "my-article"
    assert brief.glossary == () and brief.cards == ()
    assert len(brief.paragraphs) == 3


def test_cloze_sentences(tmp_path: Path) -> None:
    yaml_text = (
        HEADER
        + "cloze:\n  - id: where\n    text: NATO leaders met in {{c1::Madrid}}.\n"
        + "  - id: two\n    text: '{{c1::NATO}} leaders met in {{c2::Madrid}}'\n"
    )
    brief = load_brief(write(tmp_path, yaml_text))
    first, second = brief.cloze
    assert first.plain == "NATO leaders met in Madrid."
    assert first.gaps == ((1, "Madrid"),)
    assert (first.anchor.paragraph, first.anchor.start) == (1, 0)
    assert second.gaps == ((1, "NATO"), (2, "Madrid"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("NATO leaders met in Madrid.", "cloze text has no gaps; mark them like {{c1::30}}"),
        ("NATO leaders met in {{c1::}}.", "malformed cloze marker; write {{c1::answer}}"),
        ("NATO met in {{c1::Paris}}.", "quote 'NATO met in Paris.' not found in the article"),
    ],
)
def test_cloze_errors(tmp_path: Path, text: str, message: str) -> None:
    yaml_text = HEADER + f"cloze:\n  - id: c\n    text: '{text}'\n"
    assert lines(tmp_path, yaml_text) == [f"b.yaml:5:11: error: {message}"]


def test_one_reading_of_published_dates() -> None:
    """A brief's ``date:`` and an article's header date mean the same thing: the
    wall-clock time as written, naive, any UTC offset dropped."""
    from datetime import datetime

    from briefreader.core.article import parse_published
    from briefreader.core.loader import parse_datetime

    for value in ("2023-02-07T17:10:24+08:00", "2023-02-07 17:10:24", "2023-02-07"):
        assert parse_datetime(value) == parse_published(value)
        parsed = parse_datetime(value)
        assert parsed is not None and parsed.tzinfo is None
    assert parse_datetime("2023-02-07T17:10:24+08:00") == datetime(2023, 2, 7, 17, 10, 24)
    assert parse_datetime("7 Feb") is None and parse_published("7 Feb") is None
