"""The rule-based annotator: candidates from every paragraph, merged into entries.

One pass over the paragraphs collects acronyms (with their expansions), capitalised
runs cut into candidates (:mod:`runs`) and quoted terms (:mod:`quoted`); a second
step merges what names one entity (``Biden`` into ``Joseph R. Biden, Jr.``,
``Kishida Fumio`` with ``Fumio Kishida``, ``U.S.`` with ``the United States`` and
``American``, ``Nato`` with ``NATO``) and writes a draft definition taken from the
text: an expansion, a member list, an apposition, or the first sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..core.brief import Article, Paragraph
from . import acronyms as acr
from .capsnames import caps_names, positions
from .evidence import NameEvidence
from .gazetteer import lookup
from .headline import (
    confirmed_words,
    title_case_spans,
)
from .lexicon import KNOWN_GROUPS, KNOWN_ORGS, ORG_HEADS, TITLES, common_words
from .model import NOT_EXPANDED, ROLE_UNKNOWN, Category, Suggestion, SuggestionKind, Suggestions
from .outline import outline_draft
from .paragraphs import clean_text, reference, usable
from .quoted import quoted_terms
from .runs import Candidate, Scanner, build_runs
from .text import (
    Token,
    fold,
    sentence_spans,
    strip_possessive,
    tokens,
)

MAX_DEFINITION = 280
LONE_MIN = 2  # lone mentions that make a one-word name a term
_NUMBERISH = re.compile(r"^[\d\W]+$")


@dataclass
class _Entity:
    kind: SuggestionKind
    category: Category
    forms: dict[str, int] = field(default_factory=dict)  # surface -> count (first seen first)
    first: tuple[int, int] = (10**9, 0)
    first_body: tuple[int, int] | None = None  # the first mention outside the title
    confidence: float = 0.0
    role: str | None = None
    definition: str | None = None
    acronym: str | None = None
    canonical: str | None = None
    preferred: str | None = None  # a name chosen by a rule (an expansion)
    demonyms: set[str] = field(default_factory=set)

    def add(self, surface: str, paragraph: int, start: int, confidence: float) -> None:
        self.forms[surface] = self.forms.get(surface, 0) + 1
        self.first = min(self.first, (paragraph, start))
        if paragraph > 0 and (self.first_body is None or (paragraph, start) < self.first_body):
            self.first_body = (paragraph, start)
        self.confidence = max(self.confidence, confidence)


class Annotator(NameEvidence):
    def __init__(self, article: Article) -> None:
        self.article = article
        title = Paragraph(0, "body", article.metadata.title)  # the header is text too
        self.paragraphs = [
            Paragraph(p.n, p.kind, clean_text(p.text))
            for p in (title, *article.paragraphs)
            if usable(p)
        ]
        self.entities: dict[str, _Entity] = {}
        self.toks = {p.n: tokens(p.text) for p in self.paragraphs}
        self.lower = {
            fold(t.text) for toks in self.toks.values() for t in toks if t.text[:1].islower()
        }
        self.headline = {
            p.n: title_case_spans(p.text, p.n == 0 or p.kind == "heading", self.lower)
            for p in self.paragraphs
        }
        self.confirmed = confirmed_words(
            (self.toks[p.n], self.headline[p.n]) for p in self.paragraphs
        )

    # -- entity table -----------------------------------------------------------
    def entity(self, key: str, kind: SuggestionKind, category: Category) -> _Entity:
        found = self.entities.get(key)
        if found is None:
            found = self.entities[key] = _Entity(kind, category)
        return found

    def run(self) -> Suggestions:
        self.runs = {p.n: build_runs(p.text, self.toks[p.n]) for p in self.paragraphs}
        alone = self.alone()
        scanner = Scanner(self.lower, alone, self.brands)
        candidates: list[Candidate] = []
        for p in self.paragraphs:
            for r in self.runs[p.n]:
                found = scanner.scan(p.text, p.n, r)
                if p.n == 0:  # a title: only gazetteer hits and titled people
                    found = [c for c in found if c.place is not None or c.role is not None]
                spans = self.headline[p.n]
                if spans:
                    found = [h for c in found if (h := self.headline_name(c, spans))]
                candidates.extend(found)
        runs_text = [c.text for c in candidates if c.shape in ("organisation", "term", "person")]
        runs_text += [" ".join(t.text for t in r) for p in self.paragraphs for r in self.runs[p.n]]
        candidates += self.bylines()
        signed = [c for p in self.paragraphs for c in caps_names(p.text, p.n, self.toks[p.n])]
        self.not_acronyms = positions(signed)
        candidates += signed
        candidates = self.given_names(candidates)
        self.acronyms(runs_text)
        self.places(candidates)
        self.shaped(candidates)
        self.people(candidates)
        self.quoted()
        self.case_variants()
        return Suggestions(tuple(self.suggestions()), outline_draft(self.article.paragraphs))

    def bylines(self) -> list[Candidate]:
        """The header's author and editor are people (their role is the header's label)."""
        meta = self.article.metadata
        out = []
        for value, role in ((meta.author, "author"), (meta.editor, "editor")):
            words = (value or "").split()
            if 2 <= len(words) <= 4 and all(
                w[:1].isupper() and (w.isalpha() or re.fullmatch(r"[A-Z]\.", w)) for w in words
            ):  # "Dwight D. Eisenhower"
                out.append(Candidate(value or "", "person", 0, 0, 0, 0.85, role=role))
        return out

    # -- acronyms -----------------------------------------------------------------
    def acronyms(self, runs_text: Sequence[str]) -> None:
        expansions: dict[str, acr.Expansion] = {}
        seen: dict[str, list[tuple[str, int, int]]] = {}
        for p in self.paragraphs:
            for e in acr.in_parentheses(p.text, p.n):
                expansions.setdefault(acr.normalise_acronym(e.short), e)
            toks = self.toks[p.n]
            for i, t in enumerate(toks):
                word = strip_possessive(t.text)
                if (
                    acr.is_acronym(word)
                    and not self.shouted(p.text, toks, i)
                    and not reference(p.text, t)
                    and (p.n, t.start) not in self.not_acronyms
                ):
                    seen.setdefault(acr.normalise_acronym(word), []).append(
                        (acr.written(word), p.n, t.start)
                    )
                elif "-" in word and not reference(p.text, t):
                    # "GPL-compatible", "NATO-led": an acronym starting a compound
                    head = word.split("-", 1)[0]
                    if acr.is_acronym(head) and not any(ch.isdigit() for ch in word):
                        seen.setdefault(acr.normalise_acronym(head), []).append(
                            (acr.written(head), p.n, t.start)
                        )
        for key, hits in seen.items():
            exp = expansions.get(key)
            long = exp.long if exp else None
            if exp is None:
                long = acr.expansion_in_runs(key, runs_text)
            written = [w for w, _, _ in hits]
            place = lookup(written[0]) or (lookup(long) if long else None)
            if place is not None and place.kind == "state":
                ent = self.entity(f"state:{place.key}", "state", "place")
                ent.canonical = place.canonical
                if long and lookup(long) is not None:
                    ent.preferred = long
            elif long and (key in KNOWN_ORGS or fold(long).split()[-1] in ORG_HEADS):
                ent = self.entity(f"org:{fold(long)}", "organisation", "organisation")
                ent.preferred = long
            elif key in KNOWN_ORGS and not long:
                ent = self.entity(f"org:{fold(key)}", "organisation", "organisation")
            elif key in KNOWN_GROUPS and not exp:
                ent = self.entity(f"acr:{key}", "group", "acronym")
            else:
                ent = self.entity(f"acr:{key}", "term", "acronym")
                ent.preferred = written[0]
                if exp and exp.members:
                    ent.definition = f"The text lists: {exp.members} (from the text)."
                elif long:
                    ent.definition = f"Stands for {long} (from the text)."
                else:
                    ent.definition = NOT_EXPANDED
            ent.acronym = written[0]
            conf = 0.95 if long or (exp and exp.members) else 0.75
            for w, n, start in hits:
                ent.add(w, n, start, conf)
            if long:
                pos = self.find(long)
                if pos:
                    ent.add(long, pos[0], pos[1], conf)

    def shouted(self, text: str, toks: Sequence[Token], i: int) -> bool:
        """Part of an all-caps stretch of ordinary words (``FACT SHEET``), not an acronym."""
        lo, hi = i, i
        while lo > 0 and toks[lo - 1].is_upper and text[toks[lo - 1].end : toks[lo].start] == " ":
            lo -= 1
        while (
            hi + 1 < len(toks)
            and toks[hi + 1].is_upper
            and (text[toks[hi].end : toks[hi + 1].start] == " ")
        ):
            hi += 1
        if hi == lo:
            return False
        known = common_words()
        return any(
            len(t.text) >= 4 and (fold(t.text) in self.lower or fold(t.text) in known)
            for t in toks[lo : hi + 1]
        )

    def find(self, surface: str) -> tuple[int, int] | None:
        for p in self.paragraphs:
            i = p.text.find(surface)
            if i >= 0:
                return p.n, i
        return None

    # -- states and places ----------------------------------------------------------
    def compounds(self) -> list[Candidate]:
        """``U.S.-Mongolia-Japan``, ``Japan-NATO``: states inside hyphenated compounds."""
        out = []
        for p in self.paragraphs:
            for t in self.toks[p.n]:
                if "-" not in t.text or lookup(t.text) is not None:
                    continue
                offset = t.start
                for part in t.text.split("-"):
                    word = strip_possessive(part)
                    place = lookup(word) if word[:1].isupper() else None
                    if place is not None and place.kind == "state":
                        out.append(
                            Candidate(
                                word, "state", p.n, offset, offset + len(word), 0.8, place=place
                            )
                        )
                    offset += len(part) + 1
        return out

    def places(self, candidates: Sequence[Candidate]) -> None:
        for c in [*candidates, *self.compounds()]:
            if c.place is None or c.shape not in ("state", "place"):
                continue
            place = c.place
            if place.kind == "state":
                ent = self.entity(f"state:{place.key}", "state", "place")
                ent.canonical = place.canonical
                if place.form == "demonym":
                    ent.demonyms.add(c.text)
            else:
                ent = self.entity(f"place:{fold(place.canonical)}", "place", "place")
                ent.canonical = place.canonical
            ent.add(c.text, c.paragraph, c.start, 0.9 if place.form != "demonym" else 0.8)

    # -- organisations, shaped places, named terms -------------------------------------
    def shaped(self, candidates: Sequence[Candidate]) -> None:
        for c in candidates:
            if c.shape == "organisation":
                key = f"org:{fold(c.text.removeprefix('the ').removeprefix('The '))}"
                ent = self.entity(key, "organisation", "organisation")
            elif c.shape == "place" and c.place is None:
                ent = self.entity(f"place:{fold(c.text)}", "place", "place")
            elif c.shape == "term":
                ent = self.entity(f"term:{fold(c.text)}", "term", "term")
            else:
                continue
            ent.add(c.text, c.paragraph, c.start, c.confidence)

    # -- people -------------------------------------------------------------------
    def people(self, candidates: Sequence[Candidate]) -> None:
        people: dict[str, _Entity] = {}
        tokens_of: dict[str, list[str]] = {}
        lone: dict[str, list[Candidate]] = {}  # one-word names that are nobody's
        org_first = {fold(c.text.split()[0]) for c in candidates if c.shape == "organisation"}
        common = common_words()
        brands = self.brands | {
            fold(c.text.split()[0])
            for c in candidates
            if c.shape in ("organisation", "term") and self.solo.get(fold(c.text.split()[0]), 0)
        }
        for c in candidates:
            if c.shape != "person":
                continue
            words = self._name_tokens(c.text)
            if len(words) < 2:
                continue
            if c.role is None and (words[0] in brands or words[-1] in self.brands):
                self.named_thing(c)  # "Mozilla Firefox", "Air Mozilla": a product, no person
                continue
            if c.role is None and all(w in common for w in words) and words[-1] not in self.single:
                self.named_thing(c)  # "Red Hat", "Game Creator Challenge": no surname
                continue
            key = " ".join(sorted(words))
            match = next(
                (
                    k
                    for k, ws in tokens_of.items()
                    if k != key
                    and ws[-1] == words[-1]
                    and ws[0][0] == words[0][0]
                    and len(ws) != len(words)
                ),
                None,
            )
            key = match or key
            ent = people.get(key)
            if ent is None:
                ent = people[key] = _Entity("person", "person")
                tokens_of[key] = words
            ent.add(c.text, c.paragraph, c.start, c.confidence)
            if c.role and not ent.role:
                ent.role = c.role
        for c in candidates:
            if c.shape != "surname":
                continue
            word = fold(c.text)
            owners = [k for k, ws in tokens_of.items() if word in (ws[0], ws[-1])]
            if len(owners) == 1:
                ent = people[owners[0]]
                ent.add(c.text, c.paragraph, c.start, c.confidence)
                if c.role and not ent.role:
                    ent.role = c.role
            elif not owners and c.role and any(fold(w) in TITLES for w in c.role.split()):
                if lookup(c.text) is not None or word in self.lower:
                    continue
                key = word
                ent = people.get(key) or _Entity("person", "person")
                people[key] = ent
                tokens_of.setdefault(key, [word])
                ent.add(c.text, c.paragraph, c.start, 0.8)
                ent.role = ent.role or c.role
            elif not owners and not c.role:
                lone.setdefault(word, []).append(c)
        for word, mentions in lone.items():
            if (
                self.solo.get(word, 0) >= LONE_MIN
                and len(word) >= 2
                and word not in common
                and lookup(word) is None
            ):
                if word in org_first:  # "Mozilla" beside "Mozilla Foundation"
                    ent = self.entity(f"org:{word}", "organisation", "organisation")
                else:
                    ent = self.entity(f"term:{word}", "term", "term")  # "Firefox", "Gecko"
                for c in mentions:
                    ent.add(c.text, c.paragraph, c.start, 0.5)
        for key, ent in people.items():
            self.entities[f"person:{key}"] = ent

    def named_thing(self, c: Candidate) -> None:
        """A capitalised name that is not a person's: a named term (product, company,
        event) for the reader to type."""
        self.entity(f"term:{fold(c.text)}", "term", "term").add(c.text, c.paragraph, c.start, 0.45)

    # -- quoted terms ----------------------------------------------------------------
    def quoted(self) -> None:
        index = {fold(f): e for e in self.entities.values() for f in e.forms}
        for p in self.paragraphs:
            for q in quoted_terms(p.text):
                text = q.text
                m = re.search(r"\s*\(([^()]+)\)$", text)
                if m:
                    text = text[: m.start()]
                if _NUMBERISH.match(text):
                    continue
                ent = index.get(fold(text))
                if ent is None:
                    ent = self.entity(f"term:{fold(text)}", "term", "quoted")
                    index[fold(text)] = ent
                ent.add(text, p.n, q.start, 0.7)

    def case_variants(self) -> None:
        """``Nato`` is ``NATO``: a capitalised word equal to an acronym but for case."""
        by_acronym = {fold(e.acronym): e for e in self.entities.values() if e.acronym is not None}
        for p in self.paragraphs:
            for t in self.toks[p.n]:
                word = strip_possessive(t.text)
                ent = by_acronym.get(fold(word))
                if (
                    ent is not None
                    and word not in ent.forms
                    and not word.isupper()
                    and (word[:1].isupper())
                ):
                    ent.add(word, p.n, t.start, ent.confidence)

    # -- output ---------------------------------------------------------------------
    def sentence_at(self, paragraph: int, offset: int) -> str:
        text = next((p.text for p in self.paragraphs if p.n == paragraph), "")
        for s, e in sentence_spans(text):
            if s <= offset < e:
                sentence = text[s:e].strip()
                break
        else:
            sentence = text.strip()
        if len(sentence) > MAX_DEFINITION:
            sentence = sentence[:MAX_DEFINITION].rsplit(" ", 1)[0] + " …"
        return f"From the text: “{sentence}”"

    def suggestions(self) -> list[Suggestion]:
        out: list[Suggestion] = []
        for ent in sorted(self.entities.values(), key=lambda e: e.first):
            if not ent.forms:
                continue
            forms = list(ent.forms)
            if ent.kind == "state":
                plain = [
                    f
                    for f in forms
                    if f not in ent.demonyms and ((pl := lookup(f)) is None or pl.form != "capital")
                ]
                name = (
                    ent.preferred
                    if ent.preferred in forms
                    else (
                        max(plain, key=lambda f: ent.forms[f])
                        if plain
                        else ent.canonical or forms[0]
                    )
                )
            elif ent.kind == "person":
                name = max(forms, key=lambda f: (len(self._name_tokens(f)), ent.forms[f]))
            elif ent.preferred and ent.preferred in forms:
                name = ent.preferred
            else:
                name = max(forms, key=lambda f: (ent.forms[f], -forms.index(f)))
            name = name.strip()
            if _NUMBERISH.match(name):
                continue
            seen = {fold(name)}
            aliases = []
            for f in forms:
                new = fold(f) not in seen or f.isupper() != name.isupper()
                if new and f != name and f not in aliases:
                    aliases.append(f)
                    seen.add(fold(f))
            count = sum(ent.forms.values())
            confidence = round(min(0.99, ent.confidence + 0.03 * (count - 1)), 2)
            if ent.kind == "term":
                definition = ent.definition or self.sentence_at(*(ent.first_body or ent.first))
                role = ROLE_UNKNOWN
            else:
                definition = ent.definition or self.sentence_at(*(ent.first_body or ent.first))
                role = ent.role or {"state": "country", "place": "place"}.get(
                    ent.kind, ROLE_UNKNOWN
                )
            out.append(
                Suggestion(
                    name=name,
                    kind=ent.kind,
                    category=ent.category,
                    definition=definition,
                    confidence=confidence,
                    aliases=tuple(aliases),
                    role=role,
                    acronym=ent.acronym,
                    first=ent.first,
                )
            )
        return out


def annotate(article: Article) -> Suggestions:
    """Suggest glossary terms, actors and an outline draft for an article."""
    return Annotator(article).run()
