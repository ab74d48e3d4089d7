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

import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter

from ..core.brief import Actor, Anchor, Brief, Term
from ..core.words import squash
from ..core.xref import Index
from .masking import _is_abbreviation, content_words, fold, gives_away, mask_and_words
from .model import CardKind, StudyCard

MAX_OPTION = 100  # longest role (characters) used as a choice option
PER_WORD = 12  # candidates taken per shared word, per card

_PLACE = {"sea", "ocean", "region", "pacific", "atlantic", "asia", "europe", "strait", "island"}
_INSTITUTION = {
    "university", "institute", "academy", "center", "centre", "college", "school", "agency",
    "command", "mission", "office", "ministry", "council", "organization", "organisation",
    "committee", "com", "website", "newspaper", "institution", "foundation",
}  # fmt: skip
_EVENT = {"summit", "meeting", "conference", "statement", "exercise", "visit", "treaty", "talks"}


def sha(*parts: str) -> int:
    """A fast, stable hash for pseudo-random but fixed orders (CRC-32; not security)."""
    return zlib.crc32("\x00".join(parts).encode("utf-8"))


def shuffled(card_id: str, options: Iterable[str]) -> tuple[str, ...]:
    """``options`` in a fixed pseudo-random order (the answer's place depends on the
    card id). The quiz shuffles them again for every showing (:mod:`.showing`)."""
    items = list(options)
    if len(items) < 2:
        return tuple(items)
    first = sha(card_id) % len(items)
    return tuple(items[first:] + items[:first])


def _key(text: str) -> str:
    return squash(text.casefold())


def distinct(options: Iterable[str], *, exclude: Iterable[str] = ()) -> list[str]:
    """Options with those equal (ignoring case and spacing) to an earlier one or to
    ``exclude`` dropped."""
    seen = {_key(o) for o in exclude}
    out: list[str] = []
    for option in options:
        key = _key(option)
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


def term_category(term: Term, content: set[str] | None = None) -> str:
    """``place``, ``institution``, ``event`` or ``concept``, from the term's head noun
    (its last word before ``of``/``to``/``for``: *Mission to NATO* → mission).
    ``content``: the term's :func:`content_words` as a set, if the caller has them."""
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
    if (content if content is not None else set(content_words(term.term))) & _PLACE:
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

    def candidates(
        self, item_id: str, words: Iterable[str], ok: Callable[[str], bool], want: int = 6
    ) -> list[str]:
        """Usable items (``ok``): those sharing a word with the item first (a bounded
        number per word), then its neighbours in the fixed order until ``want`` usable
        ones are found -- a few checks per card, however big the pool."""
        out: dict[str, None] = {}
        for word in sorted(words):  # a fixed order (a set's depends on the hash seed)
            for other in self.by_word.get(word, ())[:PER_WORD]:
                if other != item_id and other not in out and ok(other):
                    out[other] = None
        n, size = self.position.get(item_id, 0), len(self.order)
        found = 0
        for k in range(1, size):
            other = self.order[(n + k) % size]
            if other not in out and ok(other):
                out[other] = None
                found += 1
                if found >= want:
                    break
        return list(out)


def _pick(
    ranked: Sequence[tuple[tuple[object, ...], str]],
    answer: str,
    keys: Mapping[str, str] | None = None,
) -> list[str]:
    """The first 3 distinct labels of ``ranked`` ((sort key, label) pairs; the pool's
    pseudo-random candidate order breaks ties: sorting is stable), the answer excluded.
    ``keys`` may hold the labels' :func:`_key` already."""
    seen = {_key(answer)}
    out: list[str] = []
    for _, label in sorted(ranked, key=itemgetter(0)):
        folded = keys[label] if keys is not None and label in keys else _key(label)
        if folded and folded not in seen:
            seen.add(folded)
            out.append(label)
            if len(out) == 3:
                break
    return out


_TermTables = tuple[
    Mapping[str, tuple[str, bool]], Mapping[str, set[str]], Mapping[str, set[str]]
]  # (category and proper-name flag, folded names, content words) by term id


def _term_candidates(
    pool: _Pool,
    term_id: str,
    mine: set[str],
    category: str,
    own: set[str],
    seen: set[str],
    tables: _TermTables,
    want: int = 6,
) -> list[str]:
    """:meth:`_Pool.candidates` for a glossary term, with its test written in (one
    call per term instead of one per candidate; same candidates, same order): terms
    of the same category, sharing none of its names and none of the words ``seen``
    in its definition (named there: easy to rule out)."""
    kind_of, names, words = tables
    out: dict[str, None] = {}
    for word in sorted(mine):  # a fixed order (a set's depends on the hash seed)
        for other in pool.by_word.get(word, ())[:PER_WORD]:
            if (
                other != term_id
                and other not in out
                and kind_of[other][0] == category
                and own.isdisjoint(names[other])
                and words[other].isdisjoint(seen)
            ):
                out[other] = None
    order = pool.order
    n, size = pool.position.get(term_id, 0), len(order)
    found = 0
    for k in range(1, size):
        other = order[(n + k) % size]
        if (
            other not in out
            and kind_of[other][0] == category
            and own.isdisjoint(names[other])
            and words[other].isdisjoint(seen)
        ):
            out[other] = None
            found += 1
            if found >= want:
                break
    return list(out)


def glossary_cards(
    brief: Brief, index: Index, terms: Sequence[Term], curated_answers: set[str]
) -> list[StudyCard]:
    """Term → definition (flip, common terms) and definition → term (choice)."""
    by_id = {t.id: t for t in terms}
    names = {t.id: {fold(n) for n in t.names} for t in terms}
    words: dict[str, set[str]] = {}
    kind_of: dict[str, tuple[str, bool]] = {}
    for t in terms:
        own = words[t.id] = set(content_words(t.term))
        kind_of[t.id] = (term_category(t, own), is_proper_name(t.term))  # before aliases
        for alias in t.aliases:
            own.update(content_words(alias))
    label_key = {t.term: _key(t.term) for t in terms}
    pool = _Pool.build([(t.id, words[t.id]) for t in terms])
    tables = (kind_of, names, words)
    out: list[StudyCard] = []
    for term in terms:
        evidence = first_body_mention(index, brief, term.id)
        if not evidence:
            continue
        definition = squash(term.definition)
        note = squash(term.note) if term.note else None
        siblings = (f"entry:{term.id}",)
        category, proper = kind_of[term.id]
        if not proper:
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
        own = names[term.id]
        if not own.isdisjoint(curated_answers):
            continue  # a curated card already asks for this term
        mine = words[term.id]
        # hides all that gives_away() finds; in_prompt: the words of what is left
        prompt, in_prompt = mask_and_words(definition, term.names, mine)
        card_id = f"gen.def-term.{term.id}"

        ranked = [
            ((-len(mine.intersection(words[i])), kind_of[i][1] != proper), by_id[i].term)
            for i in _term_candidates(pool, term.id, mine, category, own, in_prompt, tables)
        ]
        others = _pick(ranked, term.term, label_key)
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
    return squash(actor.role)


def spells_out(name: str, role: str) -> bool:
    """True if the role starts by expanding the name (*ROK* → *Republic of Korea*)."""
    letters = "".join(ch for ch in name if ch.isalpha())
    if not letters.isupper() or len(letters) < 2:
        return False
    head = role.split(";")[0].split(",")[0].split("(")[0]
    return _is_abbreviation(letters.casefold(), [w.casefold() for w in head.split()])


def _who_answer(actor: Actor) -> str:
    role = _role(actor)
    description = squash(actor.description)
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
        note = squash(actor.note) if actor.note else None
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

        def fits(i: str, kind: str = actor.kind, answer_words: set[str] = answer_words) -> bool:
            return (
                by_id[i].kind == kind
                and len(role_of[i]) <= MAX_OPTION
                and not set(content_words(role_of[i])) <= answer_words
            )

        ranked = [((), role_of[i]) for i in pool.candidates(actor.id, (), fits)]
        distractors = _pick(ranked, role)
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
