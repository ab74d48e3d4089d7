"""Building a brief's study deck: curated cards plus cards generated from the
glossary, the actors, the outline's numbered sequences and the cloze sentences.

:func:`build_deck` is deterministic (no randomness, no clock): the same brief gives
the same cards in the same order. Card ids depend only on entry ids, so editing a
definition, role or title changes the content of that entry's cards but no id.
Where options have to be shuffled they are sorted by ``sha1(card id + option)``.

Order of the deck and the rules, by source:

* **curated** (``brief.cards``, id = YAML id, category ``fact``): ``choice`` when the
  card has 3 or more distractors (the answer and the first 3 distractors),
  ``typed`` when it has none and the answer is at most 5 words, else ``flip``.
* **glossary** (category ``term``): ``gen.term-def.<id>`` (flip: *What does ‘AP4’
  mean?*) and ``gen.def-term.<id>`` (choice: the definition with the term's names
  masked as ``___``; the term and 3 other terms, preferring ones whose names share
  words with it, then ones of the same form — a capitalised name or not — and never
  an alias of the answer; ``typed`` when the glossary has fewer than 4 terms).
  Evidence: the term's first mention in the text, if any.
* **actors** (category ``actor``): ``gen.actor-role.<id>`` (choice among the roles
  of 3 other actors of the same kind, or of any kind when the kind has fewer than 4
  usable roles; skipped when the role is longer than :data:`MAX_OPTION` characters
  or fewer than 3 distractors exist; a distractor is never the same role, nor one
  whose words are all in the answer, e.g. ``NATO member`` for Britain) and
  ``gen.who.<id>`` (flip: role and description). Evidence: the first mention.
* **sequences** (category ``outline``): see :func:`sequence_points`. Per child:
  ``gen.nth.<child>`` (choice: *What is the second challenge?*, the sibling titles
  plus other outline titles up to 4 options), ``gen.evidence.<child>`` (choice
  among the sibling titles only, so 3 options with 3 siblings: a quote from the
  child's sub-points, else from the child), and per sequence ``gen.order.<parent>``
  (``order``: the child titles in order). Leading numbers (``1. ``) are stripped;
  a step card with fewer than 3 possible options becomes a ``flip`` card.
* **cloze** (category ``fact``): ``cloze.<id>.c<n>`` per gap number (``typed``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from functools import partial

from ..core.brief import Actor, Anchor, Brief, Card, Cloze, OutlinePoint, Term
from ..core.loader import CLOZE_RE
from ..core.xref import Index, index_brief
from .grading import normalize
from .model import CardKind, StudyCard

MAX_OPTION = 100  # longest role (characters) used as a choice option
MAX_QUOTE = 140  # longest anchor quote shown in a "which challenge" prompt
TYPED_WORDS = 5  # curated answers up to this many words are typed when there are no options
GAP = "[...]"
MASK = "___"

_NUMBER_WORDS = ("two", "three", "four", "five", "six")
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")
_TITLE_NUMBER = re.compile(r"^\s*(\d+)[.)]\s+")
_WORD = re.compile(r"\w+")
_STOP = frozenset(
    {"a", "an", "the", "of", "and", "or", "in", "on", "to", "for", "with", "by", "at", "from"}
)


def _sha(*parts: str) -> str:
    return hashlib.sha1("\x00".join(parts).encode("utf-8")).hexdigest()


def shuffled(card_id: str, options: Iterable[str]) -> tuple[str, ...]:
    """``options`` in a fixed pseudo-random order: sorted by sha1(card id + option)."""
    return tuple(sorted(options, key=lambda option: _sha(card_id, option)))


def _distinct(options: Iterable[str], *, exclude: Iterable[str] = ()) -> list[str]:
    """Options with those equal (casefolded) to an earlier one or to ``exclude`` dropped."""
    seen = {o.casefold().strip() for o in exclude}
    out: list[str] = []
    for option in options:
        key = option.casefold().strip()
        if key and key not in seen:
            seen.add(key)
            out.append(option)
    return out


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if w not in _STOP}


def _first_mention(index: Index, brief: Brief, entry_id: str) -> tuple[Anchor, ...]:
    mentions = index.mentions_of(entry_id)
    if not mentions:
        return ()
    m = mentions[0]
    quote = brief.paragraphs[m.paragraph - 1].text[m.start : m.end]
    return (Anchor(m.paragraph, m.start, m.end, quote),)


# --------------------------------------------------------------------------- curated


def curated_card(card: Card) -> StudyCard:
    """A YAML card as a study card (kind by its distractors and answer length)."""
    distractors = _distinct(card.distractors, exclude=(card.answer,))
    options: tuple[str, ...] = ()
    kind: CardKind
    if len(distractors) >= 3:
        kind, options = "choice", shuffled(card.id, [card.answer, *distractors[:3]])
    elif not card.distractors and len(card.answer.split()) <= TYPED_WORDS:
        kind = "typed"
    else:
        kind = "flip"
    return StudyCard(
        id=card.id,
        kind=kind,
        prompt=card.prompt,
        answer=card.answer,
        source="curated",
        category="fact",
        accept=card.accept,
        options=options,
        evidence=card.evidence,
        point=card.point,
    )


# --------------------------------------------------------------------------- glossary


def mask_names(text: str, names: Iterable[str]) -> str:
    """``text`` with each name (whole word, any case, longest first) replaced by ``___``."""
    parts = sorted({n.strip() for n in names if n.strip()}, key=lambda n: (-len(n), n))
    if not parts:
        return text
    alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in parts)
    return re.sub(rf"(?<!\w)(?:{alternatives})(?!\w)", MASK, text, flags=re.IGNORECASE)


def _term_distractors(term: Term, glossary: Sequence[Term]) -> list[str]:
    """Up to 3 other terms, most similar first: sharing words with the term's names,
    not named in its definition, capitalised like it. Only names and the term's own
    definition count, so editing another term's definition never changes its cards."""
    own = {normalize(n) for n in term.names}
    own_words = set().union(*(_words(n) for n in term.names))
    proper = term.term[:1].isupper()

    def rank(other: Term) -> tuple[int, bool, bool, str]:
        shared = len(own_words & set().union(*(_words(n) for n in other.names)))
        named = mask_names(term.definition, other.names) != term.definition  # gives it away
        return (-shared, named, other.term[:1].isupper() != proper, _sha(term.id, other.id))

    others = [o for o in glossary if o.id != term.id and not own & {normalize(n) for n in o.names}]
    return _distinct((o.term for o in sorted(others, key=rank)), exclude=(term.term,))[:3]


def glossary_cards(brief: Brief, index: Index) -> list[StudyCard]:
    """Term → definition (flip) and definition → term (choice) for every term."""
    out: list[StudyCard] = []
    for term in brief.glossary:
        evidence = _first_mention(index, brief, term.id)
        definition = " ".join(term.definition.split())
        out.append(
            StudyCard(
                id=f"gen.term-def.{term.id}",
                kind="flip",
                prompt=f"What does ‘{term.term}’ mean?",
                answer=definition,
                source="generated",
                category="term",
                evidence=evidence,
            )
        )
        card_id = f"gen.def-term.{term.id}"
        others = _term_distractors(term, brief.glossary)
        kind: CardKind = "choice" if len(others) >= 3 else "typed"
        out.append(
            StudyCard(
                id=card_id,
                kind=kind,
                prompt=mask_names(definition, term.names),
                answer=term.term,
                source="generated",
                category="term",
                accept=term.aliases,
                options=shuffled(card_id, [term.term, *others]) if kind == "choice" else (),
                evidence=evidence,
                context="Which glossary term does this define?",
            )
        )
    return out


# --------------------------------------------------------------------------- actors


def _role(actor: Actor) -> str:
    return " ".join(actor.role.split())


def _role_distractors(actor: Actor, actors: Sequence[Actor]) -> list[str]:
    """3 roles of other actors that are false of ``actor``: same kind when possible."""
    answer = _role(actor)
    answer_words = set(normalize(answer).split())

    def usable(other: Actor) -> bool:
        role = _role(other)
        words = set(normalize(role).split())
        return other.id != actor.id and len(role) <= MAX_OPTION and not words <= answer_words

    pool = [o for o in actors if usable(o)]
    same_kind = [o for o in pool if o.kind == actor.kind]
    for group in (same_kind, pool):
        ordered = sorted(group, key=lambda o: _sha(actor.id, o.id))
        roles = _distinct((_role(o) for o in ordered), exclude=(answer,))
        if len(roles) >= 3:
            return roles[:3]
    return []


def actor_cards(brief: Brief, index: Index) -> list[StudyCard]:
    """Actor → role (choice, when there are readable options) and "Who is X?" (flip)."""
    out: list[StudyCard] = []
    for actor in brief.actors:
        evidence = _first_mention(index, brief, actor.id)
        role = _role(actor)
        distractors = _role_distractors(actor, brief.actors) if len(role) <= MAX_OPTION else []
        if distractors:
            card_id = f"gen.actor-role.{actor.id}"
            out.append(
                StudyCard(
                    id=card_id,
                    kind="choice",
                    prompt=f"Which description fits {actor.name}, as of the article?",
                    answer=role,
                    source="generated",
                    category="actor",
                    options=shuffled(card_id, [role, *distractors]),
                    evidence=evidence,
                )
            )
        who = "Who" if actor.kind == "person" else "What"
        sep = " " if role.endswith((".", "!", "?")) else ". "
        out.append(
            StudyCard(
                id=f"gen.who.{actor.id}",
                kind="flip",
                prompt=f"{who} is {actor.name}?",
                answer=role + sep + " ".join(actor.description.split()),
                source="generated",
                category="actor",
                evidence=evidence,
            )
        )
    return out


# --------------------------------------------------------------------------- outline


def _sequence_noun(point: OutlinePoint) -> tuple[str, str] | None:
    """``(count word, plural noun)`` when the title says how many children it has,
    e.g. ("three", "challenges") for "Three challenges" with 3 children."""
    n = len(point.children)
    count_words = {_NUMBER_WORDS[n - 2], str(n)}
    words = point.title.split()
    for i, word in enumerate(words[:-1]):
        if word.casefold() in count_words:
            return _NUMBER_WORDS[n - 2], re.sub(r"\W+$", "", words[i + 1])
    return None


def _numbered(children: Sequence[OutlinePoint]) -> bool:
    numbers = [_TITLE_NUMBER.match(c.title) for c in children]
    return all(m is not None and int(m.group(1)) == i for i, m in enumerate(numbers, start=1))


def sequence_points(brief: Brief) -> list[OutlinePoint]:
    """Outline points whose children form a numbered sequence: 2 to 6 children, and
    either the children's titles are numbered ``1.``, ``2.``, ... in order or the
    point's title states their count (``Three challenges`` with 3 children).
    In the bundled brief this picks ``challenges`` and nothing else."""
    return [
        p
        for p in brief.outline_points()
        if 2 <= len(p.children) <= 6 and (_numbered(p.children) or _sequence_noun(p))
    ]


def step_title(point: OutlinePoint) -> str:
    """An outline title without its leading ``1.``-style number."""
    return _TITLE_NUMBER.sub("", point.title, count=1).strip()


def _quote_for(child: OutlinePoint) -> Anchor | None:
    """A short quote supporting ``child``: from its sub-points first (the child's
    own first anchor usually names the step, "First, ..."), else its later anchors."""
    candidates = [a for sub in child.children for a in sub.anchors]
    candidates += list(child.anchors[1:]) + list(child.anchors[:1])
    for anchor in candidates:
        if anchor.quote and len(anchor.quote) <= MAX_QUOTE:
            return anchor
    return None


def _step_choice(
    card_id: str, answer: str, titles: Sequence[str], extras: Sequence[str] = ()
) -> tuple[CardKind, tuple[str, ...]]:
    """Options: the answer, up to 3 sibling titles, then titles from ``extras`` up to 4
    (no extras: just the siblings, so 3 options for a sequence of 3); ``flip`` with no
    options when that makes fewer than 3."""
    pick = sorted(_distinct(titles, exclude=(answer,)), key=lambda t: _sha(card_id, t))[:3]
    fill = sorted(_distinct(extras, exclude=titles), key=lambda t: _sha(card_id, t))
    options = shuffled(card_id, [answer, *pick, *fill][:4])
    return ("choice", options) if len(options) >= 3 else ("flip", ())


def sequence_cards(brief: Brief) -> list[StudyCard]:
    """Cards on each numbered sequence of the outline (see :func:`sequence_points`)."""
    out: list[StudyCard] = []
    all_titles = [(p.id, step_title(p)) for p in brief.outline_points()]
    for parent in sequence_points(brief):
        noun = _sequence_noun(parent)
        count, plural = noun if noun else (_NUMBER_WORDS[len(parent.children) - 2], "points")
        singular = plural[:-1] if plural.endswith("s") and len(plural) > 3 else plural
        titles = _distinct(step_title(c) for c in parent.children)
        if len(titles) != len(parent.children):
            continue  # two steps with the same title cannot be told apart
        inside = {p.id for p in parent.walk()}
        extras = [t for pid, t in all_titles if pid not in inside]
        for i, child in enumerate(parent.children):
            title = step_title(child)
            card_id = f"gen.nth.{child.id}"
            kind, options = _step_choice(card_id, title, titles, extras)
            out.append(
                StudyCard(
                    id=card_id,
                    kind=kind,
                    prompt=f"What is the {_ORDINALS[i]} {singular}?",
                    answer=title,
                    source="generated",
                    category="outline",
                    options=options,
                    evidence=child.anchors,
                    point=child.id,
                    context=" ".join(parent.summary.split()),
                )
            )
            quote = _quote_for(child)
            if quote is not None:
                card_id = f"gen.evidence.{child.id}"
                kind, options = _step_choice(card_id, title, titles)
                out.append(
                    StudyCard(
                        id=card_id,
                        kind=kind,
                        prompt=f"“{quote.quote}” — which {singular} does this passage support?",
                        answer=title,
                        source="generated",
                        category="outline",
                        options=options,
                        evidence=(quote,),
                        point=child.id,
                    )
                )
        out.append(
            StudyCard(
                id=f"gen.order.{parent.id}",
                kind="order",
                prompt=f"Put the {count} {plural} in order",
                answer="; ".join(titles),
                source="generated",
                category="outline",
                items=tuple(titles),
                evidence=parent.anchors + tuple(c.anchors[0] for c in parent.children if c.anchors),
                point=parent.id,
                context=" ".join(parent.summary.split()),
            )
        )
    return out


# --------------------------------------------------------------------------- cloze


def _fill_gap(hidden: int, match: re.Match[str]) -> str:
    return GAP if int(match.group(1)) == hidden else match.group(2)


def cloze_cards(cloze: Cloze) -> list[StudyCard]:
    """One typed card per gap number: that gap shown as ``[...]``, the others filled."""
    out: list[StudyCard] = []
    numbers = list(dict.fromkeys(n for n, _ in cloze.gaps))
    for n in numbers:
        prompt = CLOZE_RE.sub(partial(_fill_gap, n), cloze.text)
        answers = [a for k, a in cloze.gaps if k == n]
        out.append(
            StudyCard(
                id=f"cloze.{cloze.id}.c{n}",
                kind="typed",
                prompt=" ".join(prompt.split()),
                answer=" … ".join(answers),
                source="cloze",
                category="fact",
                evidence=(cloze.anchor,),
                point=cloze.point,
            )
        )
    return out


# --------------------------------------------------------------------------- deck


def build_deck(brief: Brief) -> list[StudyCard]:
    """The brief's whole deck: curated, glossary, actor, sequence, then cloze cards."""
    brief = brief.accepted()  # suggestions make no cards until accepted
    index = index_brief(brief)
    deck = [curated_card(card) for card in brief.cards]
    deck += glossary_cards(brief, index)
    deck += actor_cards(brief, index)
    deck += sequence_cards(brief)
    for cloze in brief.cloze:
        deck += cloze_cards(cloze)
    return deck


def study_order(deck: Sequence[StudyCard]) -> list[StudyCard]:
    """The deck in the order new cards are introduced: round-robin over its groups
    (curated facts, glossary, actors, the argument's sequence, cloze), so a day's
    new cards mix kinds instead of starting with sixty curated ones. Deterministic;
    within a group the deck order is kept."""
    groups: dict[str, list[StudyCard]] = {}
    for card in deck:
        key = card.source if card.source != "generated" else card.id.split(".")[1]
        groups.setdefault(key, []).append(card)
    queues = list(groups.values())
    out: list[StudyCard] = []
    while queues:
        for queue in queues:
            out.append(queue.pop(0))
        queues = [q for q in queues if q]
    return out
