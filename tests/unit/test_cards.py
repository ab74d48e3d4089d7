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
from briefreader.study.cards import GAP, build_deck
from briefreader.study.gen_outline import sequence_points
from briefreader.study.masking import mask_names
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
    if card.source == "curated":
        return "curated"
    return card.id.split(".")[0] if card.source == "cloze" else ".".join(card.id.split(".")[:2])


def by_id(deck: list[StudyCard]) -> dict[str, StudyCard]:
    return {card.id: card for card in deck}


# --------------------------------------------------------------------------- bundled brief


def test_counts_per_source_and_kind(brief: Brief, deck: list[StudyCard]) -> None:
    families = Counter(family(c) for c in deck)
    gaps = sum(len({n for n, _ in cloze.gaps}) for cloze in brief.cloze)
    assert families == {
        "curated": len(brief.cards),  # 61
        "gen.term-def": len(brief.glossary),  # 34
        "gen.def-term": len(brief.glossary),
        "gen.who": len(brief.actors),  # 19
        "gen.actor-role": len(brief.actors) - 2,  # NATO's and the author's roles are too long
        "gen.nth": 3,
        "gen.evidence": 3,
        "gen.order": 1,
        "cloze": gaps,  # 18
    }
    assert len(brief.cloze) >= 6
    kinds = Counter((c.source, c.kind) for c in deck)
    assert kinds[("curated", "choice")] == sum(len(c.distractors) >= 3 for c in brief.cards)
    assert kinds[("cloze", "typed")] == gaps
    assert kinds[("generated", "order")] == 1
    assert all(c.kind == "flip" for c in deck if family(c) in ("gen.term-def", "gen.who"))
    assert all(c.kind == "choice" for c in deck if family(c) in ("gen.def-term", "gen.nth"))
    curated = by_id(deck)
    assert curated["card-rok-truncated"].kind == "typed"  # short answer, no distractors
    assert curated["card-visit-wish"].kind == "flip"  # long answer, no distractors
    assert curated["card-nuclear-baits-stance"].kind == "flip"  # only one distractor


def test_choice_cards_have_one_right_option(deck: list[StudyCard]) -> None:
    for card in deck:
        if card.kind != "choice":
            assert card.options == (), card.id
            continue
        assert 3 <= len(card.options) <= 4, card.id
        assert card.options.count(card.answer) == 1, card.id
        folded = [normalize_option(o) for o in card.options]
        assert len(set(folded)) == len(folded), card.id
        if not card.id.startswith("gen.evidence."):
            assert len(card.options) == 4, card.id


def normalize_option(option: str) -> str:
    return " ".join(option.casefold().split())


def test_ids_unique_and_well_formed(deck: list[StudyCard]) -> None:
    ids = [c.id for c in deck]
    assert len(ids) == len(set(ids))
    pattern = re.compile(
        r"gen\.(term-def|def-term|actor-role|who|nth|evidence|order)\.[a-z0-9._-]+"
        r"|cloze\.[a-z0-9._-]+\.c\d+"
    )
    for card in deck:
        if card.source != "curated":
            assert pattern.fullmatch(card.id), card.id


def test_deterministic(brief: Brief, deck: list[StudyCard]) -> None:
    assert build_deck(brief) == deck
    assert build_deck(load_brief(BUNDLED)) == deck  # a fresh load, too


def test_challenges(brief: Brief, deck: list[StudyCard]) -> None:
    assert [p.id for p in sequence_points(brief)] == ["challenges"]
    cards = by_id(deck)
    order = cards["gen.order.challenges"]
    assert order.kind == "order" and order.items == CHALLENGES
    assert order.prompt == "Put the three challenges in order"
    for i, child in enumerate(
        ("challenge-management", "challenge-new-cold-war", "challenge-values")
    ):
        nth = cards[f"gen.nth.{child}"]
        assert nth.answer == CHALLENGES[i] and nth.point == child
        assert nth.prompt == f"What is the {('first', 'second', 'third')[i]} challenge?"
        assert set(CHALLENGES) <= set(nth.options)  # the three plus one other point
        evidence = cards[f"gen.evidence.{child}"]
        assert sorted(evidence.options) == sorted(CHALLENGES)  # 3 options: no fake ones
        assert evidence.answer == CHALLENGES[i]
        quote = evidence.evidence[0].quote
        assert quote and quote in evidence.prompt
        assert not quote.startswith(("First", "Second", "Third"))  # not a giveaway


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
    size = by_id(deck)["cloze.cloze-nato-size.c2"]
    assert size.answer == "one billion"
    assert size.prompt == f"NATO currently has 30 members with a total population of {GAP}"


def test_evidence_points_into_the_text(brief: Brief, deck: list[StudyCard]) -> None:
    index = index_brief(brief)
    paragraphs = brief.paragraphs
    for card in deck:
        for anchor in card.evidence:
            assert 1 <= anchor.paragraph <= len(paragraphs), card.id
            if anchor.start is not None and anchor.end is not None and anchor.quote:
                text = paragraphs[anchor.paragraph - 1].text
                assert text[anchor.start : anchor.end] == anchor.quote, card.id
        entry_id = card.id.rsplit(".", 1)[-1]
        unmentioned = family(card) in (
            "gen.term-def",
            "gen.def-term",
            "gen.who",
            "gen.actor-role",
        ) and not index.mentions_of(entry_id)
        assert card.evidence or unmentioned, card.id
    # the author and the editor are only named in the header, not the paragraphs
    assert {c.id for c in deck if not c.evidence} == {
        "gen.who.zhong-feiteng",
        "gen.who.lin-congyi",
        "gen.actor-role.lin-congyi",
    }


def test_definition_cards_hide_the_term(brief: Brief, deck: list[StudyCard]) -> None:
    cards = by_id(deck)
    for term in brief.glossary:
        card = cards[f"gen.def-term.{term.id}"]
        for name in term.names:
            assert not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", card.prompt, re.I), name
        aliases = {normalize_option(n) for n in term.names}
        others = [o for o in card.options if o != card.answer]
        assert not aliases & {normalize_option(o) for o in others}
    assert cards["gen.def-term.nuclear-sharing"].options  # similar names preferred:
    assert {"nuclear deterrence", "nuclear alliance"} <= set(
        cards["gen.def-term.nuclear-sharing"].options
    )
    assert cards["gen.term-def.ap4"].prompt == "What does ‘AP4’ mean?"


def test_actor_roles_are_false_of_the_actor(deck: list[StudyCard]) -> None:
    cards = by_id(deck)
    britain = cards["gen.actor-role.britain"]
    assert britain.answer == "United Kingdom; NATO member; member of AUKUS"
    assert "NATO member" not in britain.options  # true of Britain too
    persons = cards["gen.actor-role.stoltenberg"].options  # >= 3 other persons: same kind
    assert "Prime Minister of Japan (since October 2021)" in persons
    assert all(len(o) <= 100 for c in deck if c.id.startswith("gen.actor-role.") for o in c.options)


def test_ids_stable_when_a_definition_changes(brief: Brief, deck: list[StudyCard]) -> None:
    glossary = tuple(
        dataclasses.replace(t, definition="Something else entirely.") if t.id == "ap4" else t
        for t in brief.glossary
    )
    edited = build_deck(dataclasses.replace(brief, glossary=glossary, _by_id={}))
    assert [c.id for c in edited] == [c.id for c in deck]
    changed = {a.id for a, b in zip(deck, edited, strict=True) if a != b}
    assert changed == {"gen.term-def.ap4", "gen.def-term.ap4"}


def test_ids_stable_when_a_description_or_title_changes(
    brief: Brief, deck: list[StudyCard]
) -> None:
    actors = tuple(
        dataclasses.replace(a, description="Changed.") if a.id == "kishida" else a
        for a in brief.actors
    )
    edited = build_deck(dataclasses.replace(brief, actors=actors, _by_id={}))
    changed = {a.id for a, b in zip(deck, edited, strict=True) if a != b}
    assert [c.id for c in edited] == [c.id for c in deck]
    assert changed == {"gen.who.kishida"}
    cards = dataclasses.replace(brief, cards=brief.cards[1:])  # a removed card: others stay
    assert {c.id for c in build_deck(cards)} == {c.id for c in deck} - {brief.cards[0].id}


def test_mask_names() -> None:
    assert (
        mask_names("The AP4 and ap4's partners; AP45", ["AP4"])
        == "The ___ and ___'s partners; AP45"
    )
    assert (
        mask_names(
            "nuclear  sharing arrangement", ["nuclear sharing", "nuclear sharing arrangement"]
        )
        == "___"
    )
    assert mask_names("text", []) == "text"


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
    bob = Actor("bob", "Bob", "person", "A man", "Bob met Alice.")
    deck = build_deck(
        tiny(
            actors=(bob,),
            cards=(
                Card("c-typed", "Where?", "Paris", evidence=(Anchor(1),)),
                Card("c-flip", "Who?", "Alice", distractors=("Carol",), evidence=(Anchor(1),)),
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
        "c-flip",
        "c-long",
        "gen.who.bob",  # no role card: no distractor roles to offer
        "cloze.met.c1",
        "cloze.met.c2",
    ]
    assert [cards[i].kind for i in ("c-typed", "c-flip", "c-long")] == ["typed", "flip", "flip"]
    assert cards["gen.who.bob"].answer == "A man. Bob met Alice."
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
    assert cards["gen.def-term.paris"].prompt == "A city; ___ is in France."
    assert cards["gen.def-term.paris"].accept == ("City of Light",)
    assert cards["gen.term-def.summit"].evidence == (Anchor(1, 28, 34, "summit"),)
    assert cards["gen.order.steps"].items == ("First step", "Next step")
    assert cards["gen.order.steps"].prompt == "Put the two points in order"
    nth = cards["gen.nth.s2"]  # 2 steps + 2 titles from outside the sequence
    assert nth.kind == "choice" and nth.prompt == "What is the second point?"
    assert sorted(nth.options) == ["First step", "Next step", "Two things", "X"]
    assert "gen.evidence.s1" not in cards  # no quotes to show
    assert not any(c.id.endswith((".odd", ".x")) for c in deck)


def test_study_order_interleaves_groups_and_keeps_every_card() -> None:
    from briefreader.core.loader import load_brief
    from briefreader.core.paths import resolve
    from briefreader.study.cards import build_deck, study_order

    deck = build_deck(load_brief(resolve(None)))
    ordered = study_order(deck)
    assert sorted(c.id for c in ordered) == sorted(c.id for c in deck)
    first_day = ordered[:20]
    assert len({c.source for c in first_day}) == 3  # curated, generated and cloze
    assert len({c.kind for c in first_day}) >= 3
    assert study_order(deck) == ordered
