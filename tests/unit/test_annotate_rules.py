"""The annotator's rules, one behaviour at a time (and a few properties with hypothesis)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from briefreader.annotate.acronyms import best_long_form, in_parentheses, is_acronym
from briefreader.annotate.engine import annotate
from briefreader.annotate.model import NOT_EXPANDED, Suggestion, Suggestions
from briefreader.annotate.quoted import quoted_terms
from briefreader.annotate.text import fold, sentence_spans
from briefreader.core.article import parse_article


def run(*paragraphs: str, title: str = "A test article") -> Suggestions:
    text = title + "\n\n" + "\n\n".join(paragraphs) + "\n"
    return annotate(parse_article(text, fallback_title="test"))


def named(found: Suggestions, name: str) -> Suggestion:
    key = fold(name)
    hits = [s for s in found.entries if key in {fold(n) for n in s.names}]
    assert len(hits) == 1, (name, [s.names for s in found.entries])
    return hits[0]


def has(found: Suggestions, name: str) -> bool:
    return any(fold(name) in {fold(n) for n in s.names} for s in found.entries)


# -- acronyms -------------------------------------------------------------------------


def test_expansion_before_and_after_the_parenthesis() -> None:
    found = run(
        "The Comprehensive Test Ban Treaty Organisation (CTBTO) met. The envoy said the IAEA "
        "(International Atomic Energy Agency) agreed."
    )
    assert "CTBTO" in named(found, "Comprehensive Test Ban Treaty Organisation").names
    assert named(found, "IAEA").name == "International Atomic Energy Agency"


def test_expansion_elsewhere_in_running_text() -> None:
    found = run(
        "The North Atlantic Treaty Organization was founded in 1949.",
        "Today NATO has more members than ever.",
    )
    assert named(found, "NATO").name == "North Atlantic Treaty Organization"


def test_quoted_term_acronym_and_possessive_after_parenthesis() -> None:
    found = run(
        "Manila adopted the “Comprehensive Archipelagic Defense Concept (CADC)” last year.",
        "The People’s Republic of China (PRC)’s coast guard sailed near the shoal.",
    )
    assert "Comprehensive Archipelagic Defense Concept" in named(found, "CADC").definition
    assert "PRC" in named(found, "People’s Republic of China").names


def test_member_list_is_the_definition() -> None:
    found = run("Leaders of the AP4 (ROK, Japan, Australia and New Zealand) attended.")
    assert named(found, "AP4").definition.startswith(
        "The text lists: ROK, Japan, Australia and New Zealand"
    )


def test_unexpanded_acronym_is_listed_as_such() -> None:
    found = run("Officials said the ZZQX programme would continue next year.")
    assert named(found, "ZZQX").definition == NOT_EXPANDED


def test_dotted_forms_are_the_same_state() -> None:
    found = run(
        "The U.S. and Japan met. The United States said America would help.",
        "American officials agreed; the US Navy sailed.",
    )
    us = named(found, "U.S.")
    assert {"United States", "America", "American", "US"} <= set(us.names)


def test_acronym_negatives() -> None:
    found = run(
        "See the annex (TIP0013) and Chapter XII of the report by Mr. A. Smith.",
        "BREAKING NEWS FROM THE CAPITAL TODAY",
        "The meeting began at 3:00 P.M. EDT on Monday.",
    )
    for word in ("TIP0013", "XII", "A", "BREAKING", "NEWS", "EDT"):
        assert not has(found, word), word


@given(st.text(alphabet="abcdefghij ", min_size=1, max_size=40))
def test_lower_case_words_are_never_acronyms(word: str) -> None:
    assert not is_acronym(word)


@given(st.lists(st.sampled_from(["Alpha", "Beta", "Gamma", "of", "the", "Delta"]), max_size=8))
def test_long_form_is_a_suffix_of_the_window(words: list[str]) -> None:
    window = " ".join(words)
    found = best_long_form("AGD", window)
    assert found is None or window.endswith(found)


def test_parentheses_without_an_acronym_are_ignored() -> None:
    assert in_parentheses("He left (quietly) and came back (in 2020).", 1) == []


# -- people -------------------------------------------------------------------------------


def test_title_and_apposition_give_the_role() -> None:
    found = run("NATO Secretary General Jens Stoltenberg visited Seoul. Stoltenberg spoke.")
    person = named(found, "Jens Stoltenberg")
    assert person.kind == "person"
    assert person.role == "NATO Secretary General"
    assert "Stoltenberg" in person.aliases


def test_family_name_first_and_hyphenated_given_names_are_one_person() -> None:
    found = run(
        "Prime Minister Kishida Fumio met President Yoon Suk-yeol.",
        "Later, Fumio Kishida and Yoon Suk Yeol signed. President Yoon left first.",
    )
    kishida = named(found, "Kishida Fumio")
    assert "Fumio Kishida" in kishida.names
    yoon = named(found, "Yoon Suk Yeol")
    assert {"Yoon Suk-yeol", "Yoon"} <= set(yoon.names)


def test_diacritics_and_names_without_them() -> None:
    found = run("Deputy Secretary General Mircea Geoană spoke in Türkiye. Geoana thanked Turkey.")
    assert named(found, "Mircea Geoană").kind == "person"
    assert {"Türkiye", "Turkey"} <= set(named(found, "Turkey").names)


def test_honorifics_and_initials() -> None:
    found = run("Ms. Jane Okafor met President Joseph R. Biden, Jr. in the morning.")
    assert named(found, "Jane Okafor").kind == "person"
    assert named(found, "Joseph R. Biden, Jr.").kind == "person"


# -- states, places, organisations ---------------------------------------------------------


def test_capitals_stand_for_governments() -> None:
    found = run("China said Beijing would respond. Japan and Tokyo disagreed with Pyongyang.")
    assert "Beijing" in named(found, "China").names
    assert "Tokyo" in named(found, "Japan").names
    assert named(found, "Pyongyang").kind == "state"


def test_places_seas_and_venues() -> None:
    found = run("Ships crossed the South China Sea to Camp David and then to Shanghai.")
    for name in ("South China Sea", "Camp David", "Shanghai"):
        assert named(found, name).kind == "place"


def test_organisations_from_shape_words() -> None:
    found = run(
        "The Ministry of Foreign Affairs, the Keio University and the Xinhua News agency "
        "joined the Security Council debate."
    )
    for name in ("Ministry of Foreign Affairs", "Keio University", "Security Council"):
        assert named(found, name).kind == "organisation"


def test_case_variants_are_one_entry() -> None:
    found = run("NATO leaders met. Nato said the alliance would grow.")
    assert {"NATO", "Nato"} <= set(named(found, "NATO").names)


# -- quoted terms -------------------------------------------------------------------------


def test_quoted_terms_in_all_quote_styles() -> None:
    text = (
        'They pushed the “Indo-Pacific Strategy”, the ‘alliance’ and the "One-Belt, One Road" '
        "plan, and the 'new normal'."
    )
    assert [q.text for q in quoted_terms(text)] == [
        "Indo-Pacific Strategy",
        "alliance",
        "One-Belt, One Road",
        "new normal",
    ]


def test_long_quotations_are_not_terms() -> None:
    text = "He said “we will never accept this kind of pressure from anyone.” and left."
    assert quoted_terms(text) == []


def test_apostrophes_are_not_quotes() -> None:
    assert quoted_terms("NATO's members and the allies' plan, the Parties' view") == []


# -- precision ------------------------------------------------------------------------------


def test_no_sentence_start_words_dates_numbers_or_duplicates() -> None:
    found = run(
        "However, the talks on 7 February 2023 went well. Moreover, 30 countries joined.",
        "Meanwhile, Japan and Japan's partners met in March. Japan agreed.",
        "Read more here",
    )
    for word in ("However", "Moreover", "Meanwhile", "February", "March", "30", "Read"):
        assert not has(found, word), word
    names = [fold(n) for s in found.entries for n in s.names]
    assert len(names) == len(set(names))
    assert [s.name for s in found.entries] == ["Japan"]


@given(
    st.lists(
        st.sampled_from(
            [
                "Japan",
                "met",
                "the",
                "Prime",
                "Minister",
                "Kishida",
                "and",
                "NATO",
                "in",
                "Seoul",
                ".",
                ",",
                "“new",
                "era”",
                "Mr.",
            ]
        ),
        max_size=30,
    )
)
def test_every_name_occurs_in_the_text(words: list[str]) -> None:
    text = "Some words here. " + " ".join(words)
    found = run(text)
    folded = fold(text)
    for s in found.entries:
        for n in s.aliases if s.kind == "state" else s.names:  # a state may take its usual
            assert fold(n) in folded  # name when the text only has its capital/demonym


# -- definitions and outline ---------------------------------------------------------------


def test_definitions_are_marked_as_taken_from_the_text() -> None:
    found = run("Officials from Mongolia met in the capital. Nothing else happened.")
    assert named(found, "Mongolia").definition == (
        "From the text: “Officials from Mongolia met in the capital.”"
    )


def test_enumeration_becomes_an_outline_draft() -> None:
    found = run(
        "But NATO faces three challenges in Asia.",
        "First, its management will become complicated. More text.",
        "Second, a new cold war is unpopular.",
        "Third, values-based lines divide the region.",
    )
    (point,) = found.outline
    assert point.title == "But NATO faces three challenges in Asia"
    assert [c.paragraphs for c in point.children] == [(2,), (3,), (4,)]
    assert point.children[0].title == "its management will become complicated"


def test_headings_become_outline_points() -> None:
    found = run(
        "Intro paragraph here.",
        "## Deepening Economic Cooperation",
        "The two sides agreed on trade.",
        "## Security Cooperation",
        "They agreed on defence.",
    )
    assert [p.title for p in found.outline] == [
        "Deepening Economic Cooperation",
        "Security Cooperation",
    ]


def test_sentences_keep_abbreviations() -> None:
    text = "Mr. Smith met the U.S. envoy. They left."
    assert len(sentence_spans(text)) == 2
