"""The cross-reference index: matching rules, the Index views, and properties."""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefreader.core import xref, xref_bulk, xref_scan, xref_trie
from briefreader.core.brief import Actor, Article, Brief, Metadata, Paragraph, Term
from briefreader.core.xref import (
    Index,
    Mention,
    alias_problem,
    build_index,
    compile_matcher,
    index_brief,
    is_case_sensitive,
    unmatched_names,
)

SEED = Path(__file__).parents[2] / "seeds" / "nato-asian-pacific-expansion.txt"

Entries = list[tuple[str, list[str]]]


def para(n: int, text: str) -> Paragraph:
    return Paragraph(n, "body", text)


def found(text: str, entries: Entries) -> list[tuple[str, tuple[str, ...]]]:
    """(matched text, entry ids) for each mention span in ``text``."""
    return [(text[s:e], ids) for s, e, ids in compile_matcher(entries).find(text)]


def words(text: str, *names: str) -> list[str]:
    """The matched texts when every name belongs to its own entry."""
    return [t for t, _ in found(text, [(f"e{i}", [n]) for i, n in enumerate(names)])]


def is_word(ch: str) -> bool:
    return bool(re.match(r"\w", ch))


# -- whole words ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["aquiferous", "subaquifer", "aquifer_", "aquifer2", "2aquifer", "aquiferé", "çaquifer"],
)
def test_no_match_inside_a_word(text: str) -> None:
    assert words(text, "aquifer") == []


@pytest.mark.parametrize(
    "text",
    ["aquifer", "an aquifer.", "(aquifer)", "aquifer-fed", "“aquifer”", "sub-aquifer", "x/aquifer"],
)
def test_whole_word_matches(text: str) -> None:
    assert words(text, "aquifer") == ["aquifer"]


def test_unicode_word_characters_count() -> None:
    assert words("Москвариум", "Москва") == []
    assert words("в Москве и Москва", "Москва") == ["Москва"]
    assert words("北约组织", "北约") == []  # no spaces in CJK: the run is one word
    assert words("北约 组织", "北约") == ["北约"]


def test_hyphen_is_a_boundary() -> None:
    text = "the current Japan-NATO cooperation"
    assert found(text, [("japan", ["Japan"]), ("nato", ["NATO"])]) == [
        ("Japan", ("japan",)),
        ("NATO", ("nato",)),
    ]


# -- possessives ------------------------------------------------------------------


def test_possessives_match_the_name_only() -> None:
    text = "NATO's summit, NATO’s command, NATOs, NATO"
    spans = compile_matcher([("nato", ["NATO"])]).find(text)
    assert [(s, e) for s, e, _ in spans] == [(0, 4), (15, 19), (38, 42)]
    assert all(text[s:e] == "NATO" for s, e, _ in spans)


def test_other_word_forms_only_as_aliases() -> None:
    assert words("NATOs and NATO-ish", "NATO") == ["NATO"]
    assert found("two NATOs", [("nato", ["NATO", "NATOs"])]) == [("NATOs", ("nato",))]


# -- case -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("NATO", True),
        ("AP4", True),
        ("ROK", True),
        ("US", True),
        ("the ROK", True),
        ("U.S.", True),
        ("ΝΑΤΟ", True),  # Greek capitals
        ("NATO Secretary General", True),
        ("decoupling", False),
        ("Decoupling", False),
        ("U", False),  # one letter
        ("A4", False),
        ("x86", False),
        ("ROK's", False),  # the token has a lower-case letter
        ("Japan-NATO", False),  # one whitespace-separated token, mixed case
        ("北约", False),  # letters without case
        ("123", False),
    ],
)
def test_case_rule(alias: str, expected: bool) -> None:
    assert is_case_sensitive(alias) is expected


def test_acronyms_are_case_sensitive() -> None:
    assert words("us and US", "US") == ["US"]
    assert words("nato, Nato, NATO", "NATO") == ["NATO"]
    assert words("ap4 AP4 Ap4", "AP4") == ["AP4"]
    assert words("visit to the ROK, The ROK, the rok", "the ROK") == ["the ROK"]


def test_other_names_ignore_case() -> None:
    assert words("Decoupling, decoupling, DECOUPLING", "decoupling") == [
        "Decoupling",
        "decoupling",
        "DECOUPLING",
    ]
    assert words("jens stoltenberg", "Jens Stoltenberg") == ["jens stoltenberg"]


# -- offsets with case folding that changes length -----------------------------------


def test_dotted_capital_i_keeps_offsets() -> None:
    # "İ".lower() is two characters; matching must not shift offsets
    text = "İSTANBUL x"
    assert compile_matcher([("ist", ["istanbul"])]).find(text) == [(0, 8, ("ist",))]
    text = "İİ İstanbul and decoupling"
    spans = compile_matcher([("ist", ["istanbul"]), ("d", ["decoupling"])]).find(text)
    assert [text[s:e] for s, e, _ in spans] == ["İstanbul", "decoupling"]
    assert spans[0][:2] == (3, 11)


def test_sharp_s_never_shifts() -> None:
    assert words("STRASSE", "straße") == []  # ß is one character, SS two
    assert words("Straße", "straße") == ["Straße"]
    assert words("STRAẞE", "straße") == ["STRAẞE"]  # capital sharp s
    text = "Große Straße, STRASSE; strasse"
    spans = compile_matcher([("s", ["straße"]), ("t", ["strasse"])]).find(text)
    assert [(text[s:e], ids) for s, e, ids in spans] == [
        ("Straße", ("s",)),
        ("STRASSE", ("t",)),
        ("strasse", ("t",)),
    ]
    assert [(s, e) for s, e, _ in spans] == [(6, 12), (14, 21), (23, 30)]


def test_ligature_is_not_expanded() -> None:
    assert words("ﬁle", "file") == []
    assert words("ﬁle file", "file") == ["file"]
    text = "ﬁ ﬁ decoupling"
    assert compile_matcher([("d", ["Decoupling"])]).find(text) == [(4, 14, ("d",))]


def test_special_case_pairs() -> None:
    assert words("KELVIN", "kelvin") == ["KELVIN"]
    assert words("\u212aelvin", "kelvin") == ["\u212aelvin"]  # Kelvin sign
    assert words("ſtate", "state") == ["ſtate"]  # long s
    assert words("ΣΟΦΙΑ σοφια σοφιας", "σοφια") == ["ΣΟΦΙΑ", "σοφια"]


# -- literal names ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "hit", "misses"),
    [
        ("a.b", "a.b", ["axb", "a b"]),
        ("C++", "C++", ["C", "Cpp", "C+"]),
        ("(x)", "(x)", ["x", "((x"]),
        ("[bold]", "[bold]", ["b", "bold", "[b]"]),
        (r"\d+", r"\d+", ["12", "d+", "dd"]),
        ("a|b", "a|b", ["a", "b"]),
        ("^x$", "^x$", ["x"]),
        ("a*", "a*", ["aaa", "a"]),
        ("(?i)x", "(?i)x", ["X", "x"]),
    ],
)
def test_names_are_literal(alias: str, hit: str, misses: list[str]) -> None:
    for miss in misses:
        assert words(f"see {miss} here", alias) == [], miss
    assert words(f"see {hit} here", alias) == [hit]


def test_regex_only_aliases_are_ignored() -> None:
    for alias in [".*", ".+", "\\W", "()", "[]", "|", "^$"]:
        if alias_problem(alias) is None:  # "\\W" has a letter: it is literal
            assert words("any text at all", alias) == []
        else:
            assert compile_matcher([("e", [alias])]).find("any text ... at all") == []


def test_non_word_edges_need_no_boundary() -> None:
    # a name ending (starting) in punctuation cannot split a word at that end
    assert words("C++x", "C++") == ["C++"]
    assert words("f(x)", "(x)") == ["(x)"]
    assert words("ASP.NET", ".NET") == [".NET"]
    assert words("ASP.NETwork", ".NET") == []


# -- whitespace -------------------------------------------------------------------


def test_whitespace_in_a_name_matches_any_run() -> None:
    name = "NATO Secretary General"
    for text in [
        "NATO Secretary General",
        "NATO  Secretary General",
        "NATO\u00a0Secretary\u00a0General",
        "NATO\nSecretary\tGeneral",
    ]:
        assert words(text, name) == [text]
    assert words("NATOSecretary General", name) == []
    assert words("NATO Secretary-General", name) == []


def test_whitespace_in_names_is_normalised() -> None:
    assert words("NATO Secretary General", "  NATO   Secretary\tGeneral ") == [
        "NATO Secretary General"
    ]
    assert words("the NATO head", "the\u00a0NATO head") == ["the NATO head"]


# -- longest match, no overlaps ---------------------------------------------------


def test_longest_match_wins() -> None:
    entries: Entries = [
        ("nato", ["NATO"]),
        ("sg", ["Secretary General"]),
        ("sgn", ["NATO Secretary General"]),
        ("jens", ["Jens Stoltenberg", "Stoltenberg"]),
    ]
    text = "NATO Secretary General Jens Stoltenberg met the Secretary General of NATO"
    assert found(text, entries) == [
        ("NATO Secretary General", ("sgn",)),
        ("Jens Stoltenberg", ("jens",)),
        ("Secretary General", ("sg",)),
        ("NATO", ("nato",)),
    ]


def test_leftmost_beats_longer_later() -> None:
    entries: Entries = [("ny", ["New York"]), ("ych", ["York City Hall"])]
    assert found("New York City Hall", entries) == [("New York", ("ny",))]
    assert found("old York City Hall", entries) == [("York City Hall", ("ych",))]


def test_longest_across_case_rules() -> None:
    # case-sensitive "NATO" versus case-insensitive "nato summit": the longer wins
    entries: Entries = [("nato", ["NATO"]), ("summit", ["Nato summit"])]
    assert found("the NATO summit", entries) == [("NATO summit", ("summit",))]
    assert found("the NATO meeting", entries) == [("NATO", ("nato",))]
    # case-insensitive "ukraine" versus case-sensitive "Ukraine NATO talks"
    entries = [("ua", ["ukraine"]), ("talks", ["Ukraine NATO talks"])]
    assert found("Ukraine NATO talks", entries) == [("Ukraine NATO talks", ("talks",))]
    assert found("ukraine NATO talks", entries) == [("ukraine", ("ua",))]


def test_shorter_name_after_a_longer_one_fails() -> None:
    # the trie backs off to the shorter name when the longer one is cut short
    entries: Entries = [("sg", ["Secretary General"]), ("s", ["Secretary"])]
    assert found("Secretary Generalissimo", entries) == [("Secretary", ("s",))]
    assert found("Secretary Generals", entries) == [("Secretary", ("s",))]


def test_same_name_on_two_entries_gives_two_mentions() -> None:
    entries: Entries = [
        ("b", ["NATO"]),
        ("a", ["NATO"]),
        ("c", ["Decoupling"]),
        ("d", ["decoupling"]),
    ]
    assert found("NATO decoupling", entries) == [("NATO", ("a", "b")), ("decoupling", ("c", "d"))]
    index = build_index([para(1, "NATO decoupling")], entries)
    assert index.mentions == (
        Mention(1, 0, 4, "a"),
        Mention(1, 0, 4, "b"),
        Mention(1, 5, 15, "c"),
        Mention(1, 5, 15, "d"),
    )


def test_shared_name_across_case_rules() -> None:
    entries: Entries = [("org", ["NATO"]), ("word", ["Nato"])]
    assert found("NATO", entries) == [("NATO", ("org", "word"))]
    assert found("nato", entries) == [("nato", ("word",))]


def test_one_entry_with_equivalent_names_mentions_once() -> None:
    entries: Entries = [("d", ["decoupling", "Decoupling", "DECOUPLING "])]
    index = build_index([para(1, "Decoupling")], entries)
    assert index.mentions == (Mention(1, 0, 10, "d"),)


def test_mentions_never_overlap() -> None:
    entries: Entries = [("a", ["a b"]), ("b", ["b c"]), ("c", ["c d"]), ("d", ["d"])]
    assert found("a b c d", entries) == [("a b", ("a",)), ("c d", ("c",))]
    assert found("b c d", entries) == [("b c", ("b",)), ("d", ("d",))]


# -- problem names ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "problem"),
    [
        ("", "empty alias"),
        ("   ", "empty alias"),
        ("\t\n\u00a0", "empty alias"),
        ("...", "alias has no letters or digits"),
        ("-", "alias has no letters or digits"),
        ("&", "alias has no letters or digits"),
        ("— ’", "alias has no letters or digits"),
        ("_", "alias has no letters or digits"),
        ("NATO", None),
        ("a", None),
        ("7", None),
        ("é", None),
        ("北约", None),
        ("C++", None),
        (" x ", None),
    ],
)
def test_alias_problem(alias: str, problem: str | None) -> None:
    assert alias_problem(alias) == problem


def test_problem_names_are_ignored() -> None:
    entries: Entries = [("bad", ["", " ", "...", "-", ".*"]), ("ok", ["NATO", ""])]
    index = build_index([para(1, "... - NATO .* '' ")], entries)
    assert index.mentions == (Mention(1, 6, 10, "ok"),)
    assert index.by_entry["bad"] == ()
    assert compile_matcher([("bad", ["", "&"])]).find("& & &") == []
    assert compile_matcher([]).find("anything") == []


# -- the Index --------------------------------------------------------------------


@pytest.fixture
def small_index() -> Index:
    paragraphs = [
        para(1, "NATO and Japan."),
        para(2, "Nothing here."),
        para(3, "Japan, then NATO, then Japan-NATO talks with the ROK."),
    ]
    entries: Entries = [
        ("nato", ["NATO"]),
        ("japan", ["Japan"]),
        ("rok", ["ROK", "the ROK"]),
        ("korea", ["the ROK"]),
        ("unused", ["Atlantis"]),
    ]
    return build_index(paragraphs, entries)


def test_index_views(small_index: Index) -> None:
    index = small_index
    assert list(index.by_entry) == ["nato", "japan", "rok", "korea", "unused"]
    assert index.by_entry["unused"] == ()
    assert index.mentions_of("unused") == ()
    assert index.mentions_of("no-such-entry") == ()
    assert sorted(index.by_paragraph) == [1, 3]  # only paragraphs with mentions
    assert index.mentions_of("nato") == (
        Mention(1, 0, 4, "nato"),
        Mention(3, 12, 16, "nato"),
        Mention(3, 29, 33, "nato"),
    )
    assert index.entries_in(3) == ("japan", "nato", "korea", "rok")
    assert index.entries_in(1) == ("nato", "japan")
    assert index.entries_in(2) == ()
    assert index.mentions == tuple(sorted(index.mentions))
    assert [m.start for m in index.by_paragraph[3]] == sorted(
        m.start for m in index.by_paragraph[3]
    )


def test_index_at(small_index: Index) -> None:
    index = small_index
    assert index.at(1, 0) == (Mention(1, 0, 4, "nato"),)
    assert index.at(1, 3) == (Mention(1, 0, 4, "nato"),)
    assert index.at(1, 4) == ()  # end is exclusive
    assert index.at(1, 9) == (Mention(1, 9, 14, "japan"),)
    assert index.at(1, 14) == ()
    assert index.at(1, -1) == ()
    assert index.at(2, 0) == ()
    assert index.at(99, 0) == ()
    text = "Japan, then NATO, then Japan-NATO talks with the ROK."
    start = text.index("the ROK")
    both = (Mention(3, start, start + 7, "korea"), Mention(3, start, start + 7, "rok"))
    assert index.at(3, start) == both
    assert index.at(3, start + 6) == both
    assert index.at(3, start + 7) == ()


def test_index_is_immutable_and_hashable(small_index: Index) -> None:
    with pytest.raises(TypeError):
        small_index.by_entry["x"] = ()  # type: ignore[index]
    assert hash(small_index) == hash(small_index)
    assert small_index == Index.from_mentions(small_index.mentions, small_index.by_entry)


def test_from_mentions_sorts() -> None:
    ms = [
        Mention(2, 0, 1, "b"),
        Mention(1, 5, 6, "a"),
        Mention(1, 0, 2, "b"),
        Mention(1, 0, 2, "a"),
    ]
    index = Index.from_mentions(ms, ["c"])
    assert index.mentions == tuple(sorted(ms))
    assert list(index.by_entry) == ["c", "a", "b"]
    assert index.by_paragraph[1] == tuple(sorted(ms)[:3])


def test_paragraph_order_and_duplicates() -> None:
    entries: Entries = [("n", ["NATO"])]
    forward = build_index([para(1, "NATO"), para(2, "x NATO")], entries)
    backward = build_index([para(2, "x NATO"), para(1, "NATO")], entries)
    assert forward == backward
    twice = build_index([para(1, "x NATO"), para(1, "NATO")], entries)
    assert twice.mentions == (Mention(1, 0, 4, "n"), Mention(1, 2, 6, "n"))


def test_index_brief() -> None:
    article = Article(
        Metadata(title="t"),
        (para(1, "NATO's Jens Stoltenberg met Kishida."), para(2, "Decoupling: NATO.")),
    )
    brief = Brief(
        slug="s",
        article=article,
        glossary=(Term("decoupling", "decoupling", "def"),),
        actors=(
            Actor("nato", "NATO", "organisation", "r", "d"),
            Actor("stoltenberg", "Jens Stoltenberg", "person", "r", "d", ("Stoltenberg",)),
            Actor("kishida", "Fumio Kishida", "person", "r", "d", ("Kishida",)),
        ),
    )
    index = index_brief(brief)
    assert list(index.by_entry) == ["decoupling", "nato", "stoltenberg", "kishida"]
    assert index == build_index(brief.paragraphs, xref.brief_entries(brief))
    assert [(m.paragraph, m.entry_id) for m in index.mentions] == [
        (1, "nato"),
        (1, "stoltenberg"),
        (1, "kishida"),
        (2, "decoupling"),
        (2, "nato"),
    ]


# -- unmatched names ----------------------------------------------------------------


def test_unmatched_names() -> None:
    paragraphs = [para(1, "NATO Secretary General Jens Stoltenberg"), para(2, "the ROK")]
    entries: Entries = [
        ("nato", ["NATO", "North Atlantic Treaty Organization", "NATO"]),
        ("sg", ["NATO Secretary General", "Secretary General"]),  # second always shadowed
        ("jens", ["Jens Stoltenberg", "Stoltenberg", "stoltenberg", "Jens"]),
        ("rok", ["the ROK", "ROK", "THE ROK", "", "..."]),
        ("none", ["Atlantis", "atlantis"]),
    ]
    assert unmatched_names(paragraphs, entries) == [
        ("nato", "North Atlantic Treaty Organization"),
        ("rok", "THE ROK"),
        ("none", "Atlantis"),
        ("none", "atlantis"),
    ]
    assert unmatched_names([], [("a", ["A"])]) == [("a", "A")]
    assert unmatched_names(paragraphs, []) == []


# -- the matcher ---------------------------------------------------------------------


def test_matcher_is_cached() -> None:
    a = compile_matcher([("nato", ["NATO"]), ("j", ("Japan",))])
    b = compile_matcher((("nato", ("NATO",)), ("j", ["Japan"])))
    assert a is b
    assert compile_matcher([("nato", ["NATO"])]) is not a


def test_deep_tries_compile() -> None:
    # every prefix of a long name is a name too: the trie nests 400 deep
    names = ["x" * k for k in range(1, 401)]
    matcher = xref.Matcher([("x", names)])
    assert matcher.find("y " + "x" * 400 + " " + "x" * 401) == [(2, 402, ("x",))]
    spaced = [" ".join("x" * k) for k in range(1, 401)]
    assert xref.Matcher([("x", spaced)]).find("x x x.") == [(0, 5, ("x",))]


def test_fold_agrees_with_re() -> None:
    # the folded key of a matched text must identify the names `re` matched: every
    # cased character is equal (ignoring case) to its key, distinct keys never are,
    # and the only non-ASCII characters folding to ASCII are the known ones
    cased = [
        c
        for c in map(chr, range(0x110000))
        if c.lower() != c or c.upper() != c or c.casefold() != c
    ]
    classes: dict[str, set[str]] = defaultdict(set)
    for c in cased:
        classes[xref._fold_char(c)].add(c)
    for key, members in classes.items():
        assert xref._fold_char(key) == key
        for c in members:
            assert re.fullmatch(re.escape(key), c, re.IGNORECASE), (key, c)
        if key.isascii():
            assert members | {key} == {key, key.lower(), *xref_trie.ASCII_FOLD_EXTRA.get(key, "")}
    by_casefold: dict[str, list[str]] = defaultdict(list)
    for key in classes:
        by_casefold[key.casefold()].append(key)
    for keys in by_casefold.values():
        for x in keys:
            for y in keys:
                assert x == y or not re.fullmatch(re.escape(x), y, re.IGNORECASE), (x, y)


# -- the seed article ---------------------------------------------------------------


def seed_paragraphs() -> list[Paragraph]:
    blocks = [b for b in re.split(r"\n\s*\n", SEED.read_text(encoding="utf-8")) if b.strip()]
    return [para(n, " ".join(block.split())) for n, block in enumerate(blocks, 1)]


SEED_ENTRIES: Entries = [
    ("nato", ["NATO", "North Atlantic Treaty Organization"]),
    ("stoltenberg", ["Jens Stoltenberg", "Stoltenberg", "the NATO head"]),
    ("rok", ["ROK", "the ROK", "Republic of Korea"]),
    ("japan", ["Japan"]),
    ("ap4", ["AP4", "Asia-Pacific Four"]),
    ("kishida", ["Fumio Kishida", "Kishida"]),
    ("decoupling", ["decoupling"]),
    ("indo-pacific", ["Indo-Pacific"]),
]


def test_seed_article() -> None:
    paragraphs = seed_paragraphs()
    index = build_index(paragraphs, SEED_ENTRIES)
    text = {p.n: p.text for p in paragraphs}

    def texts(entry_id: str) -> list[str]:
        return [text[m.paragraph][m.start : m.end] for m in index.mentions_of(entry_id)]

    nato = index.mentions_of("nato")
    following = {text[m.paragraph][m.end : m.end + 2] for m in nato}
    assert {"'s", "’s"} <= following  # possessives of both kinds
    assert sum(text[m.paragraph][m.end : m.end + 2] == "’s" for m in nato) == 1
    assert set(texts("nato")) == {"NATO"}
    assert texts("stoltenberg") == [
        "Jens Stoltenberg",
        "Stoltenberg",
        "the NATO head",
        "Stoltenberg",
        "Stoltenberg",
    ]
    assert texts("ap4") == ["AP4", "AP4"]
    assert texts("kishida") == ["Fumio Kishida"]
    assert texts("decoupling") == ["decoupling"]
    assert texts("indo-pacific") == ["Indo-Pacific", "Indo-Pacific"]
    assert "the ROK" in texts("rok") and "ROK" in texts("rok")
    # "Japan-NATO": both names, side by side
    p5 = text[5]
    i = p5.index("Japan-NATO")
    assert index.at(5, i)[0].entry_id == "japan"
    assert index.at(5, i + 6)[0].entry_id == "nato"
    # "the NATO head" is Stoltenberg, not NATO
    p8 = text[8]
    head = p8.index("the NATO head")
    assert [m.entry_id for m in index.at(8, head + 5)] == ["stoltenberg"]
    assert index.mentions == reference_index(paragraphs, SEED_ENTRIES).mentions
    assert unmatched_names(paragraphs, SEED_ENTRIES) == [
        ("nato", "North Atlantic Treaty Organization"),
        ("rok", "Republic of Korea"),
        ("ap4", "Asia-Pacific Four"),
    ]


# -- speed ----------------------------------------------------------------------------


def test_many_names_on_a_long_text_stay_fast() -> None:
    # guards against accidental per-name scanning; the real benchmark is in the report
    paragraphs = seed_paragraphs() * 60  # about 320 KB
    paragraphs = [para(n, p.text) for n, p in enumerate(paragraphs, 1)]
    vocab = sorted({w for p in paragraphs[:20] for w in re.findall(r"\w+", p.text)})
    rng = random.Random(7)
    names = set(vocab)
    while len(names) < 3000:
        names.add(rng.choice(vocab) + " " + "".join(rng.choices("abcdefghij", k=5)))
    entries = [(f"e{i}", [n]) for i, n in enumerate(sorted(names))]
    index = build_index(paragraphs, entries)  # timing: benchmarks/core_bench.py
    assert len(index.mentions) > 10_000


# -- properties -----------------------------------------------------------------------


def reference_find(
    text: str, entries: Sequence[tuple[str, Sequence[str]]]
) -> list[tuple[int, int, tuple[str, ...]]]:
    """Leftmost-longest by brute force: every name tried at every position."""
    best: dict[int, tuple[int, set[str]]] = {}
    for entry_id, names in entries:
        for name in names:
            if alias_problem(name) is not None:
                continue
            tokens = name.split()
            body = r"\s+".join(map(re.escape, tokens))
            before = r"(?<!\w)" if is_word(tokens[0][0]) else ""
            after = r"(?!\w)" if is_word(tokens[-1][-1]) else ""
            rx = re.compile(before + body + after, 0 if is_case_sensitive(name) else re.I)
            for start in range(len(text)):
                m = rx.match(text, start)
                if m is None:
                    continue
                end, ids = best.get(start, (0, set()))
                if m.end() > end:
                    best[start] = (m.end(), {entry_id})
                elif m.end() == end:
                    ids.add(entry_id)
    out: list[tuple[int, int, tuple[str, ...]]] = []
    for start in sorted(best):
        if not out or start >= out[-1][1]:
            end, ids = best[start]
            out.append((start, end, tuple(sorted(ids))))
    return out


def reference_index(paragraphs: Sequence[Paragraph], entries: Entries) -> Index:
    return Index.from_mentions(
        [
            Mention(p.n, s, e, i)
            for p in paragraphs
            for s, e, ids in reference_find(p.text, entries)
            for i in ids
        ],
        [entry_id for entry_id, _ in entries],
    )


# letters with tricky case behaviour (U+0345, which folds with a word character but
# is not one itself, is left out: there the matcher is deliberately conservative)
ALPHABET = "aAbBnNoOsS  ,.-'’()+*/_0123\u00a0\téÉßẞİıiIK\u212akſςσΣﬁǅǆǄΐ\u1fd3中"
WORDS = [
    "NATO",
    "nato",
    "Nato",
    "US",
    "us",
    "the",
    "ROK",
    "ſtate",
    "State",
    "STRAẞE",
    "straße",
    "İs",
]
SEPARATORS = [" ", "  ", "-", "'s ", "’s ", ", ", "\u00a0", "", "(", ")"]
text_st = st.one_of(
    st.text(alphabet=ALPHABET, max_size=40),
    st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=8).map(
        lambda parts: "".join(w + sep for w, sep in parts)
    ),
)


@st.composite
def scenario(draw: st.DrawFn) -> tuple[list[Paragraph], Entries]:
    texts = draw(st.lists(text_st, min_size=1, max_size=3))
    names: list[str] = []
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["substring", "upper", "lower", "tokens", "random"]))
        source = draw(st.sampled_from(texts))
        tokens = re.split(r"[\s\W]+", source)
        if kind == "random" or not source:
            names.append(draw(st.text(alphabet=ALPHABET, min_size=0, max_size=6)))
            continue
        if kind == "tokens":  # whole words, often several: many real matches
            i = draw(st.integers(0, len(tokens) - 1))
            names.append(" ".join(tokens[i : i + draw(st.integers(1, 3))]))
            continue
        i = draw(st.integers(0, len(source) - 1))
        j = draw(st.integers(i + 1, min(len(source), i + 10)))
        sub = source[i:j]
        names.append(sub.upper() if kind == "upper" else sub.lower() if kind == "lower" else sub)
    ids = ["a", "b", "c", "d"]
    entries: dict[str, list[str]] = {i: [] for i in ids[: draw(st.integers(1, 4))]}
    for name in names:
        entries[draw(st.sampled_from(sorted(entries)))].append(name)
    return [para(n, t) for n, t in enumerate(texts, 1)], list(entries.items())


PROPS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(scenario())
def test_property_matches_reference(case: tuple[list[Paragraph], Entries]) -> None:
    paragraphs, entries = case
    for p in paragraphs:
        assert compile_matcher(entries).find(p.text) == reference_find(p.text, entries)


@PROPS
@given(scenario())
def test_property_mentions_are_sound(case: tuple[list[Paragraph], Entries]) -> None:
    paragraphs, entries = case
    names = dict(entries)
    text = {p.n: p.text for p in paragraphs}
    index = build_index(paragraphs, entries)
    spans = sorted({(m.paragraph, m.start, m.end) for m in index.mentions})
    for (p1, _, e1), (p2, s2, _) in pairwise(spans):
        assert p1 != p2 or e1 <= s2  # no overlaps: shared spans are identical
    for m in index.mentions:
        t = text[m.paragraph]
        assert 0 <= m.start < m.end <= len(t)
        matched = t[m.start : m.end]
        assert any(
            re.fullmatch(
                r"\s+".join(map(re.escape, name.split())),
                matched,
                0 if is_case_sensitive(name) else re.IGNORECASE,
            )
            for name in names[m.entry_id]
            if alias_problem(name) is None
        )
        assert not (m.start > 0 and is_word(t[m.start - 1]) and is_word(t[m.start]))
        assert not (m.end < len(t) and is_word(t[m.end - 1]) and is_word(t[m.end]))


@PROPS
@given(scenario(), st.randoms(use_true_random=False))
def test_property_independent_of_order(
    case: tuple[list[Paragraph], Entries], rnd: random.Random
) -> None:
    paragraphs, entries = case
    shuffled = [(i, rnd.sample(ns, len(ns))) for i, ns in rnd.sample(entries, len(entries))]
    a = build_index(paragraphs, entries)
    b = build_index(paragraphs, shuffled)
    assert a.mentions == b.mentions
    assert dict(a.by_entry) == dict(b.by_entry)
    assert a == build_index(list(paragraphs), [(i, list(ns)) for i, ns in entries])


@PROPS
@given(scenario())
def test_property_views_are_consistent(case: tuple[list[Paragraph], Entries]) -> None:
    paragraphs, entries = case
    index = build_index(paragraphs, entries)
    assert list(index.mentions) == sorted(
        index.mentions, key=lambda m: (m.paragraph, m.start, m.entry_id)
    )
    assert len(set(index.mentions)) == len(index.mentions)
    assert set(index.by_entry) == {i for i, _ in entries}
    assert sorted(m for ms in index.by_entry.values() for m in ms) == sorted(index.mentions)
    assert sorted(m for ms in index.by_paragraph.values() for m in ms) == sorted(index.mentions)
    assert set(index.by_paragraph) == {m.paragraph for m in index.mentions}
    for entry_id, ms in index.by_entry.items():
        assert all(m.entry_id == entry_id for m in ms)
        assert index.mentions_of(entry_id) == ms
    for n, ms in index.by_paragraph.items():
        assert all(m.paragraph == n for m in ms)
        assert [m.start for m in ms] == sorted(m.start for m in ms)
        assert index.entries_in(n) == tuple(dict.fromkeys(m.entry_id for m in ms))
        for m in ms:
            for offset in (m.start, m.end - 1):
                here = index.at(n, offset)
                assert m in here
                assert all(h.start == m.start and h.end == m.end for h in here)
            assert all(h.end <= m.start or h.start >= m.end for h in index.at(n, m.end))


# -- the fast path (dictionary look-ups, no regex) equals the regex path --------------

PLAIN_ALPHABET = "aAbBnNoOsS  ,.-'’()+*/_0123\u00a0\t\néÉ中ǅ—“”#"


@PROPS
@given(scenario())
def test_property_fast_path_equals_the_regex(case: tuple[list[Paragraph], Entries]) -> None:
    paragraphs, entries = case
    matcher = xref.Matcher(entries)
    for p in paragraphs:
        assert matcher.find(p.text) == matcher.find(p.text, fast=False)


plain_text_st = st.text(alphabet=PLAIN_ALPHABET, max_size=60)


@PROPS
@given(
    st.lists(plain_text_st, min_size=1, max_size=3),
    st.lists(st.text(alphabet=PLAIN_ALPHABET, min_size=1, max_size=8), max_size=8),
    st.randoms(use_true_random=False),
)
def test_property_fast_path_on_plain_text(
    texts: list[str], extra: list[str], rnd: random.Random
) -> None:
    """Names cut from the texts (so they match), on texts the fast path takes."""
    names = list(extra)
    for text in texts:
        for _ in range(3):
            if text:
                i = rnd.randrange(len(text))
                names.append(text[i : i + rnd.randint(1, 12)])
    entries = [(f"e{k % 3}", [n]) for k, n in enumerate(names)]
    matcher = xref.Matcher(entries)
    for text in texts:
        assert xref_scan.plain(text, xref._fold_char)
        assert matcher.find(text) == matcher.find(text, fast=False)
        assert matcher.find(text) == reference_find(text, entries)


@pytest.mark.parametrize("text", ["straße", "İSTANBUL", "ſtate", "\u212aelvin", "βϐ", "ΐ", "ﬁ"])
def test_texts_that_fold_unusually_take_the_regex(text: str) -> None:
    assert not xref_scan.plain(text, xref._fold_char)


def test_name_after_a_line_break_is_found_when_some_name_starts_with_punctuation() -> None:
    """The regex path's look-behind once used ``.``, which skips a line break."""
    entries: Entries = [("e1", ["0"]), ("e2", ["/0"])]
    for fast in (True, False):
        assert xref.Matcher(entries).find("x\n0", fast=fast) == [(2, 3, ("e1",))]


# -- the bulk path (all paragraphs in one pass) equals the per-paragraph paths ---------


def bulk_equals_per_text(texts: list[str], entries: Entries) -> None:
    matcher = xref.Matcher(entries)
    one_pass = matcher.find_many(texts, bulk=True)
    assert one_pass == [matcher.find(t, fast=False) for t in texts]
    assert one_pass == matcher.find_many(texts, bulk=False)


@PROPS
@given(scenario())
def test_property_bulk_equals_the_regex(case: tuple[list[Paragraph], Entries]) -> None:
    paragraphs, entries = case
    bulk_equals_per_text([p.text for p in paragraphs], entries)


@PROPS
@given(
    st.lists(plain_text_st, min_size=1, max_size=4),
    st.lists(st.text(alphabet=PLAIN_ALPHABET, min_size=1, max_size=8), max_size=8),
    st.randoms(use_true_random=False),
)
def test_property_bulk_on_plain_text(
    texts: list[str], extra: list[str], rnd: random.Random
) -> None:
    """Names cut from the texts (so they match, often at paragraph edges), some
    case-sensitive, some starting or ending with punctuation: all four streams."""
    names = list(extra)
    for text in texts:
        for _ in range(4):
            if text:
                i = rnd.randrange(len(text))
                cut = text[i : i + rnd.randint(1, 12)]
                names.append(cut.upper() if rnd.random() < 0.3 else cut)
    entries = [(f"e{k % 3}", [n]) for k, n in enumerate(names)]
    matcher = xref.Matcher(entries)
    one_pass = matcher.find_many(texts, bulk=True)
    assert one_pass == [reference_find(t, entries) for t in texts]
    assert one_pass == [matcher.find(t) for t in texts]


@pytest.mark.parametrize(
    ("texts", "names"),
    [
        (["U.S.NATO and U.S. NATO"], ["U.S.", "NATO"]),  # a name right after one ending in "."
        (["the US army, US Army", "us army"], ["US", "us army"]),  # sensitive vs longer
        (["US", "Us us US"], ["US", "Us"]),  # equal spans from two streams: both entries
        (["a #tag#tag .NET x.NET"], ["#tag", ".NET", "tag"]),  # names starting with punctuation
        (["New\nYork and New  York", "New", "York"], ["New York", "York"]),  # whitespace runs
        (["Babrerk", "Babrerk Babrerk", "", "xBabrerk Babrerk_"], ["babrerk"]),  # paragraph edges
        (["ab\x00ab", "ab"], ["ab"]),  # the separator in a text: per paragraph instead
        (["Straße STRASSE", "straße"], ["straße"]),  # not plain: per paragraph instead
    ],
)
def test_bulk_cases(texts: list[str], names: list[str]) -> None:
    entries: Entries = [(f"e{i}", [n]) for i, n in enumerate(names)]
    bulk_equals_per_text(texts, entries)
    assert xref.Matcher(entries).find_many(texts, bulk=True) == [
        reference_find(t, entries) for t in texts
    ]


def test_build_index_takes_the_bulk_path_for_long_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    names = [f"Name{i}" for i in range(20)] + ["NATO", "U.S."]
    texts = [
        " ".join(names[(i * 7 + j) % len(names)] + " and" for j in range(30)) for i in range(150)
    ]
    paragraphs = [para(n, t) for n, t in enumerate(texts, 1)]
    entries: Entries = [(f"e{i}", [n]) for i, n in enumerate(names)]
    assert xref_bulk.worth_it(sum(map(len, texts)), len(names))
    calls: list[int] = []
    real = xref_bulk.BulkScanner.find_matches  # (the index takes the matches as columns)

    def spy(self: xref_bulk.BulkScanner, *args: object) -> object:
        calls.append(1)
        return real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(xref_bulk.BulkScanner, "find_matches", spy)
    index = build_index(paragraphs, entries)
    assert calls == [1]
    assert index == reference_index(paragraphs, entries)
    assert len(index.mentions) == 150 * 30


@PROPS
@given(scenario())
def test_property_names_found_in_one_pass(case: tuple[list[Paragraph], Entries]) -> None:
    paragraphs, entries = case
    matcher = xref.Matcher(entries)
    texts = [p.text for p in paragraphs]
    each: set[tuple[bool, str]] = set()
    for text in texts:
        each |= matcher.names_found(text)
    assert matcher.names_found_many(texts, bulk=True) == each
    assert matcher.names_found_many(texts, bulk=False) == each
