"""The study deck: generation rules, invariants and stable ids."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from typing import Any

import pytest

from briefreader.core.brief import (
    Actor,
    Anchor,
    Article,
    Brief,
    Card,
    Cloze,
    Metadata,
    OutlinePoint,
    Paragraph,
    Term,
)
from briefreader.core.loader import load_brief
from briefreader.core.xref import index_brief
from briefreader.study import cards as cards_mod
from briefreader.study.cards import GAP, PER_POINT, build_deck, study_order
from briefreader.study.gen_entries import is_proper_name, spells_out, term_category
from briefreader.study.gen_outline import AUTHOR, REPORTED
from briefreader.study.masking import gives_away, mask, mask_names
from briefreader.study.model import StudyCard

from ..conftest import BUNDLED

CHALLENGES = ("Harder management", 'An unpopular "New Cold War"', "A values-based line")


@pytest.fixture(scope="module")
def brief() -> Brief:
    return load_brief(BUNDLED)


@pytest.fixture(scope="module")
def deck(brief: Brief) -> list[StudyCard]:
    return build_deck(brief)


def family(card: StudyCard) -> str:
    """``gen.term-def``, ``cloze``, ``curated`` ..."""
    if card.source in ("curated", "user"):
        return card.source
    return card.id.split(".")[0] if card.source == "cloze" else ".".join(card.id.split(".")[:2])


def normalize_option(option: str) -> str:
    return " ".join(option.casefold().split())


def by_id(deck: list[StudyCard]) -> dict[str, StudyCard]:
    return {card.id: card for card in deck}


# --------------------------------------------------------------------------- bundled brief


def test_size_and_sources(brief: Brief, deck: list[StudyCard]) -> None:
    families = Counter(family(c) for c in deck)
    assert 100 <= len(deck) <= 150, len(deck)  # a 9-paragraph article: not 190 cards
    assert families["curated"] == len(brief.cards)
    assert {"gen.stance", "gen.term-def", "gen.def-term", "gen.who", "gen.order"} <= set(families)
    trivia = [c for c in deck if any(brief.paragraphs[n - 1].kind != "body" for n in c.paragraphs)]
    assert len(trivia) <= 6  # author and outlet: the exception
    assert [c.source for c in deck] == sorted(
        (c.source for c in deck), key=("curated", "generated", "cloze", "user").index
    )


def test_no_giveaways(deck: list[StudyCard]) -> None:
    """No generated or cloze prompt contains its answer's words or abbreviation."""
    for card in deck:
        if card.source == "curated" or card.category == "stance":
            continue
        if family(card) in ("gen.term-def", "gen.who"):  # the prompt *is* the name
            continue
        answers = [card.answer, *card.accept]
        assert gives_away(card.prompt, answers) is None, (card.id, card.prompt)


def test_no_duplicate_prompts(deck: list[StudyCard]) -> None:
    prompts = Counter(normalize_option(c.prompt) for c in deck)
    assert [p for p, n in prompts.items() if n > 1] == []


def test_every_card_has_evidence_in_the_text(brief: Brief, deck: list[StudyCard]) -> None:
    for card in deck:
        assert card.evidence, card.id
        for anchor in card.evidence:
            assert 1 <= anchor.paragraph <= len(brief.paragraphs), card.id
            if anchor.start is not None and anchor.end is not None and anchor.quote:
                text = brief.paragraphs[anchor.paragraph - 1].text
                assert text[anchor.start : anchor.end] == anchor.quote, card.id


def test_every_outline_point_covered(brief: Brief, deck: list[StudyCard]) -> None:
    on_point = Counter(c.point for c in deck if c.point)
    for point in brief.outline_points():
        assert on_point[point.id] <= PER_POINT, point.id
        covered = sum(on_point[p.id] for p in point.walk())
        truncated = all(brief.paragraphs[a.paragraph - 1].truncated for a in point.anchors)
        if not truncated:
            assert covered >= 1, point.id
    assert on_point["rok-truncated"] == 0  # the sentence the source cuts off


def test_key_points_introduced_first(brief: Brief, deck: list[StudyCard]) -> None:
    ordered = study_order(deck, brief)
    assert sorted(c.id for c in ordered) == sorted(c.id for c in deck)
    last_point = max(i for i, c in enumerate(ordered) if c.point is not None)
    first_entry = min(i for i, c in enumerate(ordered) if c.category in ("term", "actor"))
    assert last_point < first_entry
    assert ordered[0].source == "curated"
    assert study_order(deck, brief) == ordered


def test_no_nonsense_cards(brief: Brief, deck: list[StudyCard]) -> None:
    cards = by_id(deck)
    for term in brief.glossary:  # "What does 'Keio University' mean?"
        if is_proper_name(term.term):
            assert f"gen.term-def.{term.id}" not in cards, term.id
    assert "gen.term-def.keio-university" not in cards
    assert not any(c.prompt in ("What is US?", "What is Japan?") for c in deck)
    for actor in brief.actors:
        role_card = cards.get(f"gen.actor-role.{actor.id}")
        if role_card is not None:
            assert not spells_out(actor.name, role_card.answer), actor.id
    assert spells_out("ROK", "Republic of Korea (South Korea); NATO partner country")
    assert spells_out("NATO", "North Atlantic Treaty Organization, an alliance")
    for card in deck:
        if family(card) == "gen.who":
            first, *rest = card.answer.split(". ")
            assert first not in ". ".join(rest), card.id  # "NATO member. A NATO member."


def test_dating(deck: list[StudyCard]) -> None:
    cards = by_id(deck)
    who = cards["gen.who.stoltenberg"]
    assert who.prompt == "Who was Jens Stoltenberg at the time of the article (February 2023)?"
    assert "October 2014 – October 2024" in cards["gen.actor-role.stoltenberg"].answer
    assert who.note and "1 October 2024" in who.note and "4 February 2025" in who.note
    assert all("at the time of the article" in c.prompt for c in deck if family(c) == "gen.who")


def test_distractors_plausible(brief: Brief, deck: list[StudyCard]) -> None:
    terms = {t.term: t for t in brief.glossary}
    for card in deck:
        if family(card) == "gen.def-term" and card.kind == "choice":
            category = term_category(terms[card.answer])
            assert {term_category(terms[o]) for o in card.options} == {category}, card.id
        if family(card) == "gen.actor-role":
            kinds = {a.kind for a in brief.actors if " ".join(a.role.split()) in card.options}
            assert len(kinds) == 1, card.id
        if family(card) in ("gen.nth", "gen.evidence"):
            assert set(card.options) <= set(CHALLENGES), card.id
    smearing = by_id(deck)["card-js-smearing"]
    assert not {"praising", "ignoring", "welcoming"} & set(smearing.options)


def test_stance_cards(brief: Brief, deck: list[StudyCard]) -> None:
    points = {p.id: p for p in brief.outline_points()}
    stance = [c for c in deck if c.category == "stance"]
    assert len(stance) >= 10
    for card in stance:
        assert card.kind == "choice" and set(card.options) == {REPORTED, AUTHOR}, card.id
        if card.source == "generated":
            assert card.options == (REPORTED, AUTHOR)  # always in this order
            point = points[card.point or ""]
            assert card.answer == (AUTHOR if point.stance == "author" else REPORTED)
            assert card.note and card.evidence[0].quote and card.evidence[0].quote in card.prompt
    ids = {c.id for c in stance}
    for point_id in ("context-framing", "joint-statement-smear", "management-aukus-motive"):
        assert f"gen.stance.{point_id}" in ids
    cards = by_id(deck)
    assert cards["gen.stance.speeches-china-agenda"].answer == AUTHOR  # "never appeared"
    assert cards["card-had-to-admit"].answer == AUTHOR


def test_new_key_point_cards(deck: list[StudyCard]) -> None:
    answers = {normalize_option(c.answer) for c in deck}
    for wanted in (
        "new heights",
        "subtle yet insinuating",
        "a europe-focused security architecture",
    ):
        assert wanted in answers
    assert "card-rok-truncated" not in by_id(deck)


def test_cloze_cards(brief: Brief, deck: list[StudyCard]) -> None:
    cloze = {c.id: c for c in brief.cloze}
    for card in deck:
        if card.source != "cloze":
            continue
        _, cloze_id, gap = card.id.split(".")
        sentence = cloze[cloze_id]
        assert card.prompt.count(GAP) == 1
        assert card.prompt.replace(GAP, card.answer) == " ".join(sentence.plain.split())
        assert card.answer == dict(sentence.gaps)[int(gap[1:])]
        assert card.evidence == (sentence.anchor,) and card.point == sentence.point
    cards = by_id(deck)
    assert "cloze.cloze-nato-size.c1" not in cards  # "30": a curated card asks it already
    aukus = cards["cloze.cloze-aukus.c2"]
    assert aukus.answer == "Australia and Britain"
    assert {"Australia and the UK", "Australia and the United Kingdom"} <= set(aukus.accept)


def test_masking() -> None:
    cass = "China's academy for the social sciences (CASS), founded in 1977."
    assert mask(cass, ["Chinese Academy of Social Sciences"]) == (
        "China's ___ for the ___ ___ (___), founded in 1977."
    ).replace("___ ___", "___")
    assert gives_away("NATO's Allied Maritime Command (MARCOM)", ["allied maritime command"])
    assert gives_away("at Northwood (MARCOM)", ["allied maritime command"]) == "MARCOM"
    assert mask("The NATO summit held in Madrid, Spain", ["Madrid summit"]) == (
        "The NATO ___ held in ___, Spain"
    )
    assert gives_away("A statement issued jointly", ["joint statement"]) == "statement"
    assert gives_away("The website of the Global Times", ["huanqiu.com"]) is None
    assert mask_names("The AP4 and ap4's partners; AP45", ["AP4"]) == (
        "The ___ and ___'s partners; AP45"
    )
    assert mask_names("text", []) == "text"


def test_build_deck_takes_an_existing_index(
    brief: Brief, deck: list[StudyCard], monkeypatch: pytest.MonkeyPatch
) -> None:
    index = index_brief(brief)

    def no(_: Brief) -> None:
        raise AssertionError("index built again")

    monkeypatch.setattr(cards_mod, "index_brief", no)
    assert build_deck(brief, index=index) == deck


def test_ids_unique_and_well_formed(deck: list[StudyCard]) -> None:
    ids = [c.id for c in deck]
    assert len(ids) == len(set(ids))
    pattern = re.compile(
        r"gen\.(term-def|def-term|actor-role|who|nth|evidence|order|stance)\.[a-z0-9._-]+"
        r"|cloze\.[a-z0-9._-]+\.c\d+"
    )
    for card in deck:
        if card.source not in ("curated", "user"):
            assert pattern.fullmatch(card.id), card.id
        assert card.siblings, card.id


def test_deterministic(brief: Brief, deck: list[StudyCard]) -> None:
    assert build_deck(brief) == deck
    assert build_deck(load_brief(BUNDLED)) == deck  # a fresh load, too


def test_ids_stable_when_a_definition_changes(brief: Brief, deck: list[StudyCard]) -> None:
    glossary = tuple(
        dataclasses.replace(t, definition="Something else entirely.") if t.id == "ap4" else t
        for t in brief.glossary
    )
    edited = build_deck(dataclasses.replace(brief, glossary=glossary, _by_id={}))
    assert [c.id for c in edited] == [c.id for c in deck]
    changed = {a.id for a, b in zip(deck, edited, strict=True) if a != b}
    assert changed == {"gen.term-def.ap4", "gen.def-term.ap4"}


def test_ids_stable_when_a_description_changes(brief: Brief, deck: list[StudyCard]) -> None:
    actors = tuple(
        dataclasses.replace(a, description="Changed.") if a.id == "kishida" else a
        for a in brief.actors
    )
    edited = build_deck(dataclasses.replace(brief, actors=actors, _by_id={}))
    changed = {a.id for a, b in zip(deck, edited, strict=True) if a != b}
    assert [c.id for c in edited] == [c.id for c in deck]
    assert changed == {"gen.who.kishida"}


# --------------------------------------------------------------------------- tiny briefs

TEXT = ("Alice met Bob in Paris. The summit was short.", "Bob said nothing.")


def tiny(**annotations: Any) -> Brief:
    """A two-paragraph brief with the given glossary/actors/outline/cards/cloze."""
    article = Article(
        Metadata(title="Tiny"), tuple(Paragraph(i, "body", t) for i, t in enumerate(TEXT, 1))
    )
    return dataclasses.replace(Brief(slug="tiny", article=article), **annotations)


def test_empty_brief_has_empty_deck() -> None:
    assert build_deck(tiny()) == []


def test_one_actor_no_glossary_no_outline() -> None:
    bob = Actor("bob", "Bob", "person", "A man", "Bob met Alice.", note="Later: gone.")
    deck = build_deck(
        tiny(
            actors=(bob,),
            cards=(
                Card("c-typed", "Where?", "Paris", evidence=(Anchor(1),)),
                Card("c-two", "Who?", "Alice", distractors=("Carol",), evidence=(Anchor(1),)),
                Card("c-long", "What?", "a very long answer of many words", evidence=(Anchor(2),)),
            ),
            cloze=(
                Cloze(
                    "met",
                    "{{c1::Alice}} met {{c2::Bob}} in {{c1::Paris}}",
                    "Alice met Bob in Paris",
                    ((1, "Alice"), (2, "Bob"), (1, "Paris")),
                    Anchor(1, 0, 22, "Alice met Bob in Paris"),
                ),
            ),
        )
    )
    cards = by_id(deck)
    assert [c.id for c in deck] == [
        "c-typed",
        "c-two",
        "c-long",
        "gen.who.bob",  # no role card: no distractor roles to offer
        "cloze.met.c1",
        "cloze.met.c2",
    ]
    assert [cards[i].kind for i in ("c-typed", "c-two", "c-long")] == ["typed", "choice", "flip"]
    assert cards["c-two"].options in (("Alice", "Carol"), ("Carol", "Alice"))
    assert cards["gen.who.bob"].answer == "A man. Bob met Alice."
    assert cards["gen.who.bob"].note == "Later: gone."
    assert (
        cards["gen.who.bob"].prompt
        == "Who was Bob at the time of the article (when it was written)?"
    )
    assert cards["gen.who.bob"].evidence == (Anchor(1, 10, 13, "Bob"),)
    assert cards["cloze.met.c1"].prompt == f"{GAP} met Bob in {GAP}"
    assert cards["cloze.met.c1"].answer == "Alice … Paris"
    assert cards["cloze.met.c2"].prompt == f"Alice met {GAP} in Paris"


def test_small_glossary_and_two_step_sequence() -> None:
    def point(pid: str, title: str, *children: OutlinePoint) -> OutlinePoint:
        return OutlinePoint(pid, title, "S.", "author", (Anchor(1),), children)

    outline = (
        point("steps", "The argument", point("s1", "1. First step"), point("s2", "2. Next step")),
        point("odd", "Two things", point("x", "X")),  # the count does not match: ignored
    )
    glossary = (
        Term("summit", "summit", "A meeting of leaders."),
        Term("paris", "Paris", "A city; Paris is in France.", aliases=("City of Light",)),
    )
    deck = build_deck(tiny(outline=outline, glossary=glossary))
    cards = by_id(deck)
    assert cards["gen.def-term.paris"].kind == "typed"  # too few terms for a choice
    assert cards["gen.def-term.paris"].prompt == "A ___; ___ is in France."  # "City" of an alias
    assert "gen.term-def.paris" in cards  # one word: not a proper name by the rule
    assert cards["gen.def-term.paris"].accept == ("City of Light",)
    assert cards["gen.term-def.summit"].evidence == (Anchor(1, 28, 34, "summit"),)
    assert cards["gen.order.steps"].items == ("First step", "Next step")
    assert cards["gen.order.steps"].prompt == "Put the two points in order"
    nth = cards["gen.nth.s2"]  # 2 steps only: fewer than 3 options, a flip card
    assert nth.kind == "flip" and nth.prompt == "What is the second point?"
    assert "gen.evidence.s1" not in cards  # no quotes to show
    assert not any(c.id.endswith((".odd", ".x")) for c in deck)
