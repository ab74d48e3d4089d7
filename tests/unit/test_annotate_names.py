"""Name rules for text outside the White House corpus: headlines, venues, given names
that are cities, numerals in names, compass words, citation lines (each with negatives)."""

from __future__ import annotations

from pathlib import Path

from briefreader.annotate.engine import annotate
from briefreader.annotate.headline import is_citation, is_title_case
from briefreader.annotate.model import Suggestions
from briefreader.annotate.text import fold
from briefreader.core.article import load_article, parse_article


def run(*paragraphs: str, title: str = "A test article") -> Suggestions:
    text = title + "\n\n" + "\n\n".join(paragraphs) + "\n"
    return annotate(parse_article(text, fallback_title="test"))


def kinds(found: Suggestions) -> dict[str, str]:
    """Every name and alias (folded) -> the kind of its suggestion."""
    return {fold(n): s.kind for s in found.entries for n in s.names}


# -- headline words glued to a name ----------------------------------------------------


def test_a_title_case_title_does_not_glue_headline_words_to_a_name() -> None:
    found = kinds(
        run(
            "Okonkwo spoke of the war. Leaders met in the capital.",
            title="Remarks by President Okonkwo Ahead of the Anniversary of the Invasion",
        )
    )
    assert found.get("okonkwo") == "person"
    assert "okonkwo ahead" not in found


def test_a_titled_full_name_in_a_title_is_kept_whole() -> None:
    found = kinds(run("Details follow.", title="Statement from Spokesperson Adrienne Watson"))
    assert found.get("adrienne watson") == "person"


def test_a_heading_keeps_only_the_name_words_running_text_confirms(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        "# Mozilla history\n\n## Brendan Eich Steps Down as Chief\n\n"
        "Later that week Brendan Eich resigned. Colleagues said Eich took the steps "
        "down from the office himself.\n",
        encoding="utf-8",
    )
    found = kinds(annotate(load_article(path)))
    assert found.get("brendan eich") == "person"
    assert not any(n.startswith("brendan eich s") for n in found)


def test_quoted_headline_in_running_text() -> None:
    found = kinds(
        run(
            'Critics cited "Netscape Announces Bold Plans for Navigator" in their letter; '
            "the plans were bold, they said, and the announcement late."
        )
    )
    assert not any("announces" in n for n in found)


def test_ordinary_sentences_with_two_names_are_not_headlines() -> None:
    found = kinds(run("Maria Lopez met Anna Schmidt in Lisbon."))
    assert found.get("maria lopez") == found.get("anna schmidt") == "person"
    assert not is_title_case("Maria Lopez met Anna Schmidt in Lisbon.", set())
    assert is_title_case("Brendan Eich Steps Down as Chief", {"steps", "down", "chief"})


def test_sentence_initial_adverbs_are_not_given_names() -> None:
    found = kinds(run("President Putin spoke. Later Putin said no."))
    assert "later putin" not in found
    assert found.get("putin") == "person"


def test_all_caps_headlines_suggest_nothing() -> None:
    found = kinds(run("BRENDAN EICH STEPS DOWN AS CHIEF", "The board met on Monday."))
    assert not any("steps" in n for n in found)


# -- citation lines ----------------------------------------------------------------------


def test_citation_lines_are_skipped() -> None:
    found = kinds(
        run(
            "The browser was released in 2004.",
            '^ "Mozilla Releases Test Version of Firefox OS". PC Magazine. Retrieved 2012-08-18.',
            'Baker, Mitchell (3 April 2014). "Brendan Eich Steps Down". Retrieved 4 April 2014.',
        )
    )
    assert not any("releases" in n or "eich" in n or "magazine" in n for n in found)
    assert is_citation("Archived from the original on October 4, 2002.")
    assert not is_citation("Rescuers retrieved 12 people from the river near Kyiv.")
    assert not is_citation("The retrieved documents were returned in 2012.")


# -- venues and buildings -----------------------------------------------------------


def test_venues_are_places_not_people() -> None:
    found = kinds(
        run(
            "He spoke at the Royal Castle in Warsaw, then at Wembley Stadium and Osaka Castle.",
            "Stuart Hall wrote about the White House and Camp David.",
        )
    )
    assert found["royal castle"] == found["wembley stadium"] == found["osaka castle"] == "place"
    assert found["camp david"] == "place"
    assert found["white house"] == "organisation"
    assert found["stuart hall"] == "person"  # "Hall" is a surname, not a venue word


# -- a given name that is also a city -------------------------------------------------


def test_a_city_before_a_surname_the_text_uses_alone_is_a_given_name() -> None:
    found = run(
        "Vladimir Putin spoke in the morning. President Putin said no.",
        "Paris Hilton arrived, and Hilton waved.",
    )
    names = kinds(found)
    assert names["vladimir putin"] == names["putin"] == "person"
    assert names["paris hilton"] == "person"
    assert "vladimir" not in names and "paris" not in names
    putin = next(s for s in found.entries if "Putin" in s.names)
    assert putin.name == "Vladimir Putin"


def test_cities_stay_places_when_no_name_follows() -> None:
    found = kinds(
        run(
            "They travelled to Vladimir and Suzdal by train. The Paris Agreement holds.",
            "Tokyo Governor Yuriko Koike met Moscow Mayor Sergei Sobyanin in Florence Hall.",
        )
    )
    assert found["vladimir"] == "place"
    assert found["paris agreement"] == "term"
    assert found["tokyo"] == found["moscow"] == "state"  # capitals stand for governments
    assert found["yuriko koike"] == found["sergei sobyanin"] == "person"


def test_a_city_that_is_a_word_of_a_persons_name_is_that_person() -> None:
    found = run(
        "George Washington took the oath. Then Washington spoke to the Senate.",
        title="First inaugural address",
    )
    names = kinds(found)
    assert names["washington"] == "person"
    assert not any(s.kind == "state" for s in found.entries)
    # negative: without the person, Washington is the US government
    assert kinds(run("Washington and Seoul agreed on the plan."))["washington"] == "state"


# -- numerals and ordinals in names ---------------------------------------------------


def test_numerals_and_ordinals_stay_in_names() -> None:
    found = kinds(
        run(
            "Since the First World War and World War II, the largest war in Europe since "
            "World War Two had begun.",
            "Queen Elizabeth II reigned for decades; Louis XIV ruled France.",
        )
    )
    for name in ("first world war", "world war ii", "world war two"):
        assert found[name] == "term", name
    assert "world war" not in found
    assert found["elizabeth ii"] == found["louis xiv"] == "person"


def test_numbers_do_not_join_names_across_sentences_or_as_single_letters() -> None:
    found = kinds(
        run(
            "Prime Minister Kishida spoke. Two days later Prime Minister Kishida left.",
            "Phase I ended when Charles I was king.",
        )
    )
    assert "kishida two" not in found
    assert found["kishida"] == "person"
    assert not any(n.endswith(" i") for n in found)


# -- compass words --------------------------------------------------------------------


def test_compass_words_are_regions_or_nothing_never_people() -> None:
    found = run("Instability in the Mid East and Western European capitals worried Far East.")
    names = kinds(found)
    assert names["mid east"] == "place"
    assert names["far east"] == "place"
    assert "western european" not in names
    assert not any(s.kind == "person" for s in found.entries)


# -- acronyms and organisations in statements ------------------------------------------


def test_possessive_before_the_parenthesis_is_not_part_of_the_expansion() -> None:
    found = run("We support the International Atomic Energy Agency’s (IAEA) efforts.")
    iaea = [s for s in found.entries if "IAEA" in s.names]
    assert len(iaea) == 1
    assert iaea[0].name == "International Atomic Energy Agency"
    assert not any(n.endswith("’s") for s in found.entries for n in s.names)


def test_a_final_digit_may_stand_for_a_number_word() -> None:
    found = run("We, the Leaders of the Group of Seven (G7), met today. The G7 agreed.")
    g7 = [s for s in found.entries if "G7" in s.names]
    assert len(g7) == 1 and g7[0].name == "Group of Seven"
    assert not any(fold(n).startswith("leaders") for s in found.entries for n in s.names)
    # negative: a digit is not a letter of an unrelated phrase
    other = run("The Group of Friends (G7) met.")
    assert not any(s.name == "Group of Friends" and "G7" in s.names for s in other.entries)


def test_slash_joined_document_references_are_not_acronyms() -> None:
    found = kinds(run("We welcome the resolution A/ES-11/L.7 adopted by the UN."))
    assert not any("l.7" in n or n == "es" for n in found)
    assert "un" in found
    assert "u.s." in kinds(run("The U.S./Japan alliance holds."))  # no digits: still names


# -- products, brands and ordinary words are not people ---------------------------------


def test_a_brand_word_that_starts_many_names_is_not_a_given_name() -> None:
    found = kinds(
        run(
            "The Mozilla Foundation owns the Mozilla Corporation. Mozilla Firefox and "
            "Mozilla Persona were made there; the software is by Mozilla, and Mozilla "
            "hosts Air Mozilla.",
            "Brendan Eich founded it; Eich left.",
        )
    )
    # products: named terms for the reader to type, never people
    assert found["mozilla firefox"] == "term"
    assert found.get("mozilla persona", "term") == "term"
    assert found["air mozilla"] == "term"
    assert found["mozilla foundation"] == "organisation"
    assert found["brendan eich"] == "person"


def test_two_people_with_one_given_name_are_still_people() -> None:
    found = kinds(run("Joe Biden met Joe Manchin. Later Joe called, and Biden spoke to Joe."))
    assert found["joe biden"] == found["joe manchin"] == "person"


def test_camel_case_words_are_products_not_names() -> None:
    found = kinds(run("It ships Apache OpenOffice and the SeaMonkey suite; Paul McCartney sang."))
    assert "apache openoffice" not in found
    assert found["paul mccartney"] == "person"


def test_a_name_of_ordinary_words_is_a_person_only_with_a_surname_mention() -> None:
    found = kinds(
        run(
            "Developers at Red Hat and the Game Creator Challenge judges met Mark Rice.",
            "Rice said the work was good.",
        )
    )
    assert found["red hat"] == found["game creator challenge"] == "term"  # not people
    assert found["mark rice"] == "person"  # "Rice" is also used alone: a surname


def test_capitalised_surname_after_initials_is_a_person_not_an_acronym() -> None:
    found = run("Done at the city of Washington.", "Wm. M. EVARTS, Secretary of State.")
    evarts = [s for s in found.entries if "EVARTS" in s.names]
    assert len(evarts) == 1 and evarts[0].kind == "person"
    assert evarts[0].role == "Secretary of State"
    # negative: an acronym after an ordinary word stays an acronym
    nato = [s for s in run("Leaders of NATO met.").entries if "NATO" in s.names]
    assert nato and nato[0].kind != "person"


def test_plural_people_nouns_before_of_are_not_part_of_the_organisation() -> None:
    found = kinds(
        run(
            "Fellow Citizens of the Senate and of the House of Representatives met.",
            "The Members of the Security Council voted.",
        )
    )
    assert found["senate"] == "organisation"
    assert found["house of representatives"] == "organisation"
    assert found["security council"] == "organisation"
    assert not any(n.startswith(("fellow", "citizens", "members")) for n in found)
    # negative: a singular title before "of" is still a title (a person follows)
    assert kinds(run("Secretary of State Antony Blinken spoke."))["antony blinken"] == "person"


def test_titles_with_of_give_the_role() -> None:
    found = run("Minister of Foreign Affairs Yoko Kamikawa met Secretary of State Antony Blinken.")
    roles = {s.name: s.role for s in found.entries if s.kind == "person"}
    assert roles == {
        "Yoko Kamikawa": "Minister of Foreign Affairs",
        "Antony Blinken": "Secretary of State",
    }
    assert not any(s.kind == "person" for s in run("The Secretary of State said no.").entries)


def test_an_expansion_in_running_text_is_a_whole_name_not_a_part() -> None:
    found = run("It uses the GNU Lesser General Public License. LG phones run it.")
    lg = [s for s in found.entries if "LG" in s.names]
    assert lg and "Lesser General" not in lg[0].names
    nato = run("The North Atlantic Treaty Organization met. NATO agreed.")
    assert any("North Atlantic Treaty Organization" in s.names for s in nato.entries)


def test_quoted_fragments_with_a_negation_or_verb_are_not_terms() -> None:
    found = kinds(
        run(
            'He called it "not a complete solution" and "a point of personal privilege"; '
            'the "rules-based international order" holds.'
        )
    )
    assert "not a complete solution" not in found
    assert "a point of personal privilege" in found
    assert "rules based international order" in found  # folded: hyphens as spaces


def test_a_place_repeated_across_a_line_break_is_not_a_name() -> None:
    found = run("The Royal Castle in Warsaw\nWarsaw, Poland", "Warsaw welcomed the guests.")
    assert not any(s.kind == "person" for s in found.entries)
    assert kinds(found)["warsaw"] == "state"  # the capital, an alias of Poland


def test_former_states_plural_demonyms_and_territories() -> None:
    found = run(
        "The Soviet Union and the Soviets pressed the Baltic; Americans and Yugoslavia "
        "watched the Indian Territory.",
    )
    names = kinds(found)
    assert names["soviet union"] == names["soviets"] == "state"
    assert names["americans"] == names["yugoslavia"] == "state"
    assert names["indian territory"] == "place" and names["baltic"] == "place"
    soviet = next(s for s in found.entries if "Soviets" in s.names)
    assert soviet.name == "Soviet Union"
    # negative: a plural that is not a demonym is not a state
    assert "panamas" not in kinds(run("They wore Panamas and Chinos."))


def test_company_words_and_number_words_are_not_person_names() -> None:
    found = kinds(
        run("Sun Microsystems and Netscape Communications sold the Alcatel One Touch Fire.")
    )
    assert found["sun microsystems"] == found["netscape communications"] == "organisation"
    assert not any(v == "person" for v in found.values())
    assert kinds(run("Dave Hyatt and Joe Hewitt wrote it."))["dave hyatt"] == "person"


def test_names_ending_like_english_words_are_still_names() -> None:
    found = kinds(run("Putin met Xi Jinping, and Deng Xiaoping was recalled."))
    assert found["xi jinping"] == found["deng xiaoping"] == "person"
    # negative: an English -ing word ends no name
    assert not any(v == "person" for v in kinds(run("The Strategic Meeting ended.")).values())


def test_all_caps_stretches_of_ordinary_words_are_not_acronyms() -> None:
    found = kinds(run("BREAKING NEWS: leaders met in MOSCOW TODAY. NATO AUKUS partners agreed."))
    assert not {"breaking", "news", "today"} & set(found)
    assert found["moscow"] == "state"
    assert found["nato"] == "organisation" and "aukus" in found


def test_a_one_word_name_used_alone_often_is_a_term() -> None:
    found = kinds(
        run(
            "The engine is called Servo. Work on Servo began in 2012, and Servo is written "
            "in Rust, but Servo was never shipped.",
            "Tom went home, and later Tom left.",
        )
    )
    assert found["servo"] == "term"
    assert "tom" not in found and "rust" not in found  # fewer than three lone mentions


def test_one_title_word_before_an_organisation_word_is_an_organisation() -> None:
    found = kinds(run("A provision for the Executive Department was made."))
    assert found["executive department"] == "organisation"
    people = run("Prime Minister Kishida met Defense Minister Kihara.").entries
    assert {s.name for s in people if s.kind == "person"} == {"Kishida", "Kihara"}


def test_sentence_initial_adverbs_before_a_known_name_are_dropped() -> None:
    found = kinds(run("President Zelenskyy spoke. Thankfully Zelenskyy came. Emily Watson sang."))
    assert "thankfully zelenskyy" not in found and found["zelenskyy"] == "person"
    assert found["emily watson"] == "person"  # a given name ending in -ly stays


def test_events_orders_and_plural_words_before_of_leave_the_organisation() -> None:
    found = kinds(
        run(
            "It was adopted at the Emergency Special Session of the UN General Assembly.",
            "The Executive Order on Addressing Investments In Certain Technologies was signed.",
            "They upheld the Principles of the Charter of the United Nations.",
            "Phoenix Technologies and Cisco Systems agreed.",
        )
    )
    assert found["un general assembly"] == "organisation"
    assert found["executive order"] == "term"
    assert "charter of the united nations" in found
    assert not any(n.startswith(("emergency", "principles")) for n in found)
    assert found["phoenix technologies"] == found["cisco systems"] == "organisation"


def test_signature_blocks_in_capitals_are_people_not_acronyms() -> None:
    found = run("Done at the city of Washington.", "RUTHERFORD B. HAYES", "By the President:")
    assert [s.kind for s in found.entries if "RUTHERFORD B. HAYES" in s.names] == ["person"]
    assert not any(s.category == "acronym" for s in found.entries)


def test_acronyms_in_compounds_and_lists_of_acronyms() -> None:
    found = kinds(run("The GPL-compatible licence and NATO-led forces.", "GNU GPL", "F-16 jets."))
    assert "gpl" in found and found["nato"] == "organisation" and "gnu" in found
    assert not any(n.startswith("f") for n in found)
    # negative: an all-caps headline of ordinary words is still no acronym
    assert not kinds(run("FACT SHEET ON THE SUMMIT", "The summit met."))


def test_a_byline_with_initials_is_a_person(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: A message\nauthor: Dwight D. Eisenhower\n---\n\nThe message follows.\n",
        encoding="utf-8",
    )
    found = kinds(annotate(load_article(path)))
    assert found["dwight d. eisenhower"] == "person"


def test_a_lower_case_slogan_ending_a_sentence_inside_quotes_is_a_term() -> None:
    found = kinds(run('The mantra of the Festival is "less yack, more hack." Coders came.'))
    assert "less yack, more hack" in found
    # negative: a quoted clause with a verb or a capital start is a quotation
    said = kinds(run('She said "we will never give up on it." Then she left.'))
    assert not any("give up" in n for n in said)


def test_one_word_organisations_used_alone_twice_are_suggested() -> None:
    found = kinds(run("It runs on Samsung phones, so Samsung sells it, and Novell joined."))
    assert "samsung" in found
    assert "novell" not in found  # once


def test_acronym_titles_and_names_after_and() -> None:
    found = run("OkCupid co-founder and CEO Sam Yagan donated. Joe Hewitt and Blake Ross met.")
    roles = {s.name: s.role for s in found.entries if s.kind == "person"}
    assert roles["Sam Yagan"] == "CEO"
    assert "Joe Hewitt" in roles and "Blake Ross" in roles
    # negative: after "of the", a run is not a new person
    assert not any(
        s.kind == "person"
        for s in run("The Department of the Treasury and Federal Reserve met.").entries
    )


def test_supreme_soviet_is_an_organisation_and_single_letters_no_terms() -> None:
    found = kinds(run("The Supreme Soviet met; the Soviet Foreign Minister spoke.", "C and C ran."))
    assert found["supreme soviet"] == "organisation" and found["soviet union"] == "state"
    assert "c" not in found


def test_brand_words_lead_to_organisations_and_drop_sentence_initial_verbs() -> None:
    found = kinds(
        run(
            "The Mozilla Foundation and the Mozilla Corporation run Mozilla Firefox. Code "
            "by Mozilla ships, and Mozilla says so.",
            "Represent Mozilla at events.",
        )
    )
    assert found["mozilla"] == "organisation"
    assert "represent mozilla" not in found


def test_a_city_never_named_alone_before_a_surname_is_a_given_name() -> None:
    assert kinds(run("Mary Smith said hello."))["mary smith"] == "person"
    assert kinds(run("Florence Nightingale nursed them."))["florence nightingale"] == "person"
    # negatives: a capital before an ordinary word, a city named alone, a city alone
    assert "berlin wall" not in kinds(run("The Berlin Wall fell."))
    found = kinds(run("They met in Mary. The Mary Bazaar is large."))
    assert found["mary"] == "place" and "mary bazaar" not in found
    assert kinds(run("They flew to Mary."))["mary"] == "place"
