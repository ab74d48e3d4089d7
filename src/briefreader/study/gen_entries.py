"""Generated cards from the glossary and the actors (category ``term`` / ``actor``).

Only entries mentioned in the body of the text get cards (the author's bio and the
editor's note are trivia); every card's evidence is the entry's first body mention.

* ``gen.term-def.<id>`` (flip, *What does ‘AP4’ mean?*): only for common terms,
  not for proper names (two or more words starting with a capital, or a web
  address: *Keio University*, *Madrid summit*, *huanqiu.com*), whose "meaning" is
  nonsense to ask; the entry's later-change ``note`` is shown after the answer.
* ``gen.def-term.<id>`` (choice: *Which term does this define?*): the definition
  with the term's words, its aliases and its abbreviations masked (``___``); the
  options are 3 other terms of the same category (:func:`term_category`: place,
  institution, event, concept) and form (proper name or not), those sharing words
  with the term first; ``typed`` when fewer than 3 exist. Skipped when a curated
  card already has the term as its answer, or when the masked prompt would still
  give the answer away.
* actors: states get no generated cards (*What is Japan?* is vague and their roles
  are tested by curated cards). People, organisations and groups get
  ``gen.who.<id>`` (flip: *Who was Jens Stoltenberg at the time of the article
  (February 2023)?*, the role then the description unless it repeats the role;
  the later-change note after the answer) and ``gen.actor-role.<id>`` (choice
  among 3 roles of other actors of the same kind), skipped when the role merely
  spells out the name (*NATO* → *North Atlantic Treaty Organization*), is longer
  than :data:`MAX_OPTION` characters, or there are fewer than 3 such roles.

Distractor choice is linear in the number of entries: candidates come from an
index of words and from neighbours in a fixed pseudo-random order, never from a
scan of the whole glossary per term.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..core.brief import Actor, Anchor, Brief, Term
from ..core.xref import Index
from .grading import normalize
from .masking import _is_abbreviation, content_words, gives_away, mask
from .model import CardKind, StudyCard

MAX_OPTION = 100  # longest role (characters) used as a choice option
NEIGHBOURS = 12  # candidates taken from the pseudo-random order, per card
PER_WORD = 24  # candidates taken per shared word, per card

_PLACE = {"sea", "ocean", "region", "pacific", "atlantic", "asia", "europe", "strait", "island"}
_INSTITUTION = {
    "university", "institute", "academy", "center", "centre", "college", "school", "agency",
    "command", "mission", "office", "ministry", "council", "organization", "organisation",
    "committee", "com", "website", "newspaper", "institution", "foundation",
}  # fmt: skip
_EVENT = {"summit", "meeting", "conference", "statement", "exercise", "visit", "treaty", "talks"}


def sha(*parts: str) -> str:
    return hashlib.sha1("\x00".join(parts).encode("utf-8")).hexdigest()


def shuffled(card_id: str, options: Iterable[str]) -> tuple[str, ...]:
    """``options`` in a fixed pseudo-random order: sorted by sha1(card id + option)."""
    return tuple(sorted(options, key=lambda option: sha(card_id, option)))


def distinct(options: Iterable[str], *, exclude: Iterable[str] = ()) -> list[str]:
    """Options with those equal (normalised) to an earlier one or to ``exclude`` dropped."""
    seen = {normalize(o) for o in exclude}
    out: list[str] = []
    for option in options:
        key = normalize(option)
        if key and key not in seen:
            seen.add(key)
            out.append(option)
    return out


def first_body_mention(index: Index, brief: Brief, entry_id: str) -> tuple[Anchor, ...]:
    for m in index.mentions_of(entry_id):
        paragraph = brief.paragraphs[m.paragraph - 1]
        if paragraph.kind == "body":
            return (Anchor(m.paragraph, m.start, m.end, paragraph.text[m.start : m.end]),)
    return ()


def is_proper_name(term: str) -> bool:
    """Two or more words, each content word capitalised (*Keio University*,
    *Madrid summit* counts: its first word is a name), or a web address."""
    if "." in term.strip(".") and " " not in term:
        return True
    words = term.split()
    return len(words) >= 2 and words[0][:1].isupper() and not words[0].isupper()


def term_category(term: Term) -> str:
    """``place``, ``institution``, ``event`` or ``concept``, from the term's head noun
    (its last word before ``of``/``to``/``for``: *Mission to NATO* → mission)."""
    words = term.term.casefold().replace(".com", " com").split()
    for i, word in enumerate(words):
        if i and word in ("of", "to", "for"):
            words = words[:i]
            break
    head = {w.strip("'’\"") for w in words[-1:]}
    if head & _INSTITUTION:
        return "institution"
    if head & _EVENT:
        return "event"
    if set(content_words(term.term)) & _PLACE:
        return "place"
    return "concept"


@dataclass(frozen=True)
class _Pool:
    """Candidates for distractors: an index of words and a fixed pseudo-random order."""

    order: tuple[str, ...]  # ids, by sha
    position: dict[str, int]
    by_word: dict[str, tuple[str, ...]]

    @classmethod
    def build(cls, items: Sequence[tuple[str, Iterable[str]]]) -> _Pool:
        order = tuple(sorted((i for i, _ in items), key=lambda i: sha("pool", i)))
        by_word: dict[str, list[str]] = {}
        for item_id, words in items:
            for word in set(words):
                bucket = by_word.setdefault(word, [])
                if len(bucket) < PER_WORD * 4:
                    bucket.append(item_id)
        return cls(
            order, {i: n for n, i in enumerate(order)}, {w: tuple(b) for w, b in by_word.items()}
        )

    def candidates(self, item_id: str, words: Iterable[str]) -> list[str]:
        """Items sharing a word first (bounded), then the neighbours in the order."""
        out: dict[str, None] = {}
        for word in words:
            for other in self.by_word.get(word, ())[:PER_WORD]:
                out.setdefault(other, None)
        n, size = self.position.get(item_id, 0), len(self.order)
        for k in range(1, min(size, NEIGHBOURS * 8)):
            out.setdefault(self.order[(n + k) % size], None)
        out.pop(item_id, None)
        return list(out)


def _pick(key: str, ranked: Sequence[tuple[tuple[object, ...], str]], answer: str) -> list[str]:
    """The first 3 distinct labels of ``ranked`` ((sort key, label) pairs), ties
    broken by a hash of the card id, the answer excluded."""
    ordered = sorted(ranked, key=lambda r: (r[0], sha(key, r[1])))
    return distinct((label for _, label in ordered), exclude=(answer,))[:3]


def glossary_cards(
    brief: Brief, index: Index, terms: Sequence[Term], curated_answers: set[str]
) -> list[StudyCard]:
    """Term → definition (flip, common terms) and definition → term (choice)."""
    by_id = {t.id: t for t in terms}
    names = {t.id: {normalize(n) for n in t.names} for t in terms}
    words = {t.id: set().union(*(content_words(n) for n in t.names)) for t in terms}
    kind_of = {t.id: (term_category(t), is_proper_name(t.term)) for t in terms}
    pool = _Pool.build([(t.id, words[t.id]) for t in terms])
    out: list[StudyCard] = []
    for term in terms:
        evidence = first_body_mention(index, brief, term.id)
        if not evidence:
            continue
        definition = " ".join(term.definition.split())
        note = " ".join(term.note.split()) if term.note else None
        siblings = (f"entry:{term.id}",)
        if not is_proper_name(term.term):
            out.append(
                StudyCard(
                    id=f"gen.term-def.{term.id}",
                    kind="flip",
                    prompt=f"What does ‘{term.term}’ mean?",
                    answer=definition,
                    source="generated",
                    category="term",
                    evidence=evidence,
                    note=note,
                    siblings=siblings,
                )
            )
        if names[term.id] & curated_answers:
            continue  # a curated card already asks for this term
        prompt = mask(definition, term.names)
        if gives_away(prompt, term.names):
            continue
        card_id = f"gen.def-term.{term.id}"
        own = names[term.id]
        in_prompt = set(content_words(prompt))
        category, proper = kind_of[term.id]
        ranked = [
            ((-len(words[i] & words[term.id]), kind_of[i][1] != proper), by_id[i].term)
            for i in pool.candidates(term.id, words[term.id])
            if kind_of[i][0] == category
            and not own & names[i]
            and not words[i] & in_prompt  # named in the definition: easy to rule out
        ]
        others = _pick(card_id, ranked, term.term)
        kind: CardKind = "choice" if len(others) >= 3 else "typed"
        out.append(
            StudyCard(
                id=card_id,
                kind=kind,
                prompt=prompt,
                answer=term.term,
                source="generated",
                category="term",
                accept=term.aliases,
                options=shuffled(card_id, [term.term, *others]) if kind == "choice" else (),
                evidence=evidence,
                context="Which term does this define?",
                note=note,
                siblings=siblings,
            )
        )
    return out


def _role(actor: Actor) -> str:
    return " ".join(actor.role.split())


def spells_out(name: str, role: str) -> bool:
    """True if the role starts by expanding the name (*ROK* → *Republic of Korea*)."""
    letters = "".join(ch for ch in name if ch.isalpha())
    if not letters.isupper() or len(letters) < 2:
        return False
    head = role.split(";")[0].split(",")[0].split("(")[0]
    return _is_abbreviation(letters.casefold(), [w.casefold() for w in head.split()])


def _who_answer(actor: Actor) -> str:
    role = _role(actor)
    description = " ".join(actor.description.split())
    if set(content_words(role)) <= set(content_words(description.split(".")[0])):
        return description  # the description already says it
    sep = " " if role.endswith((".", "!", "?")) else ". "
    return role + sep + description


def actor_cards(brief: Brief, index: Index, actors: Sequence[Actor], as_of: str) -> list[StudyCard]:
    """ "Who was X at the time of the article?" (flip) and X → role (choice)."""
    studied = [a for a in actors if a.kind != "state"]
    by_id = {a.id: a for a in actors}
    role_of = {a.id: _role(a) for a in actors}
    pool = _Pool.build([(a.id, ()) for a in actors if a.kind != "state"])
    out: list[StudyCard] = []
    for actor in studied:
        evidence = first_body_mention(index, brief, actor.id)
        if not evidence:
            continue
        note = " ".join(actor.note.split()) if actor.note else None
        siblings = (f"entry:{actor.id}",)
        role = _role(actor)
        who = "Who was" if actor.kind == "person" else "What was"
        out.append(
            StudyCard(
                id=f"gen.who.{actor.id}",
                kind="flip",
                prompt=f"{who} {actor.name} at the time of the article ({as_of})?",
                answer=_who_answer(actor),
                source="generated",
                category="actor",
                evidence=evidence,
                note=note,
                siblings=siblings,
            )
        )
        if len(role) > MAX_OPTION or spells_out(actor.name, role):
            continue
        answer_words = set(content_words(role))
        card_id = f"gen.actor-role.{actor.id}"
        ranked = [
            ((), role_of[i])
            for i in pool.candidates(actor.id, ())
            if by_id[i].kind == actor.kind
            and len(role_of[i]) <= MAX_OPTION
            and not set(content_words(role_of[i])) <= answer_words
        ]
        distractors = _pick(card_id, ranked, role)
        if len(distractors) < 3 or gives_away(actor.name, [role]):
            continue
        out.append(
            StudyCard(
                id=card_id,
                kind="choice",
                prompt=f"Which description fits {actor.name} at the time of the article ({as_of})?",
                answer=role,
                source="generated",
                category="actor",
                options=shuffled(card_id, [role, *distractors]),
                evidence=evidence,
                note=note,
                siblings=siblings,
            )
        )
    return out
