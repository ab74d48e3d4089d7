"""The brief model: an article plus its study annotations.

Everything here is a frozen dataclass (:func:`~.frozen.frozen`: the same classes as
``@dataclass(frozen=True)`` makes, for less start-up) built by
:mod:`briefreader.core.loader`; nothing in this module reads files or imports Textual.
"""

from __future__ import annotations

import re
from dataclasses import field, fields
from datetime import datetime
from typing import Any, Literal

from .frozen import frozen

ParagraphKind = Literal["body", "bio", "note", "heading", "standfirst", "item"]
#: kinds that are never flagged truncated and never treated as prose by the rules
STRUCTURAL_KINDS: frozenset[str] = frozenset({"heading", "standfirst", "item"})
StyleName = Literal["bold", "italic", "code"]
ActorKind = Literal["person", "state", "place", "organisation", "group"]
# "unset": a suggested outline point whose stance the reader has not set yet
Stance = Literal["reported", "author", "unset"]
EntryKind = Literal["term", "person", "state", "place", "organisation", "group"]

#: A cloze gap: ``{{c1::answer}}``, or ``{{c1::answer|also right|...}}`` with accepted
#: alternatives after ``|`` (the sentence shows the first).
CLOZE_RE = re.compile(r"\{\{c(\d{1,2})::(.*?)\}\}")

ACTOR_KINDS: tuple[ActorKind, ...] = ("person", "state", "place", "organisation", "group")
STANCES: tuple[Stance, ...] = ("reported", "author")  # what a brief's YAML may say
SUGGESTED = "suggested"  # the only ``status:`` value; no status means accepted


@frozen
class Paragraph:
    """One paragraph of the cleaned article text.

    ``n`` numbers paragraphs 1..N in document order; ``text`` is the paragraph's
    lines joined by single spaces (offsets elsewhere are into this string).
    """

    n: int
    kind: ParagraphKind
    text: str
    truncated: bool = False
    level: int = 0  # heading level 1..6 (0 for other kinds)
    styles: tuple[tuple[int, int, StyleName], ...] = ()  # (start, end, style) spans in text


@frozen
class Dropped:
    """A line the ingest rules left out of the article, and why (shown, never silent)."""

    text: str
    reason: str


@frozen
class Metadata:
    title: str
    source: str | None = None
    editor: str | None = None
    published: datetime | None = None  # wall-clock time as written, naive (offset dropped)
    published_text: str | None = None
    author: str | None = None
    original_publication: str | None = None
    about: str | None = None
    url: str | None = None
    author_role: str | None = None  # "Director General of ..." from a long byline


@frozen
class Article:
    """A parsed plain-text article."""

    metadata: Metadata
    paragraphs: tuple[Paragraph, ...]
    notices: tuple[str, ...] = ()  # e.g. "decoded as cp1252", "3 control characters replaced"
    dropped: tuple[Dropped, ...] = ()  # boilerplate and header lines the rules left out
    format: str = "text"  # text, markdown, html, pdf or epub: the reader that made it

    @property
    def title(self) -> str:
        return self.metadata.title

    def paragraph(self, n: int) -> Paragraph:
        return self.paragraphs[n - 1]


@frozen
class Anchor:
    """A resolved pointer into the article: a paragraph, optionally a span in it."""

    paragraph: int
    start: int | None = None
    end: int | None = None
    quote: str | None = None


@frozen
class Term:
    id: str
    term: str
    definition: str
    aliases: tuple[str, ...] = ()
    note: str | None = None
    suggested: bool = False  # ``status: suggested``: a draft, no cards until accepted
    confidence: float | None = None

    @property
    def name(self) -> str:
        return self.term

    @property
    def kind(self) -> EntryKind:
        return "term"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)


@frozen
class Actor:
    id: str
    name: str
    kind: ActorKind
    role: str
    description: str
    aliases: tuple[str, ...] = ()
    note: str | None = None
    suggested: bool = False
    confidence: float | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


Entry = Term | Actor


@frozen
class OutlinePoint:
    id: str
    title: str
    summary: str
    stance: Stance
    anchors: tuple[Anchor, ...] = ()
    children: tuple[OutlinePoint, ...] = ()
    suggested: bool = False
    confidence: float | None = None

    @property
    def paragraphs(self) -> tuple[int, ...]:
        return tuple(sorted({a.paragraph for a in self.anchors}))

    def walk(self) -> tuple[OutlinePoint, ...]:
        """This point and all its descendants, depth first."""
        out: list[OutlinePoint] = [self]
        for child in self.children:
            out.extend(child.walk())
        return tuple(out)


@frozen
class Card:
    id: str
    prompt: str
    answer: str
    accept: tuple[str, ...] = ()
    distractors: tuple[str, ...] = ()
    evidence: tuple[Anchor, ...] = ()
    point: str | None = None  # id of the outline point this card tests

    @property
    def paragraphs(self) -> tuple[int, ...]:
        return tuple(sorted({a.paragraph for a in self.evidence}))


@frozen
class Cloze:
    """A key sentence with gaps: ``text`` has ``{{c1::30}}``-style markers.

    ``plain`` is the sentence without markers; it occurs verbatim in the article
    at ``anchor``. ``gaps`` lists (gap number, answer) in order of appearance;
    ``accept`` (gap number, alternative) the alternatives written after ``|``.
    """

    id: str
    text: str
    plain: str
    gaps: tuple[tuple[int, str], ...]
    anchor: Anchor
    point: str | None = None
    accept: tuple[tuple[int, str], ...] = ()


def cloze_gap(marker_text: str) -> tuple[str, tuple[str, ...]]:
    """A gap's inside (``answer|alt|alt``) as (answer, alternatives)."""
    answer, *alternatives = (part.strip() for part in marker_text.split("|"))
    return answer, tuple(a for a in alternatives if a)


@frozen
class Brief:
    slug: str
    article: Article
    glossary: tuple[Term, ...] = ()
    actors: tuple[Actor, ...] = ()
    outline: tuple[OutlinePoint, ...] = ()
    cards: tuple[Card, ...] = ()
    cloze: tuple[Cloze, ...] = ()
    path: str | None = None  # the YAML file (or bare .txt) it came from
    article_path: str | None = None
    _by_id: dict[str, Entry] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        entries: tuple[Entry, ...] = (*self.glossary, *self.actors)
        for entry in entries:
            self._by_id.setdefault(entry.id, entry)

    @property
    def title(self) -> str:
        return self.article.metadata.title

    @property
    def metadata(self) -> Metadata:
        return self.article.metadata

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return self.article.paragraphs

    @property
    def entries(self) -> tuple[Entry, ...]:
        """Glossary terms then actors: everything the cross-reference index matches."""
        return (*self.glossary, *self.actors)

    def entry(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def accepted(self) -> Brief:
        """This brief without its suggestions (what the study deck is built from)."""
        if not any(e.suggested for e in self.entries) and not any(
            p.suggested for p in self.outline_points()
        ):
            return self
        return self.evolve(
            glossary=tuple(t for t in self.glossary if not t.suggested),
            actors=tuple(a for a in self.actors if not a.suggested),
            outline=_accepted_points(self.outline),
        )

    def evolve(self, **changes: Any) -> Brief:
        """A copy with some fields changed (the id lookup is rebuilt)."""
        values = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "_by_id"}
        values.update(changes)
        return Brief(**values)

    def outline_points(self) -> tuple[OutlinePoint, ...]:
        out: list[OutlinePoint] = []
        for point in self.outline:
            out.extend(point.walk())
        return tuple(out)


def _accepted_points(points: tuple[OutlinePoint, ...]) -> tuple[OutlinePoint, ...]:
    out = []
    for p in points:
        if p.suggested:
            continue
        kept = _accepted_points(p.children)
        out.append(
            p
            if kept == p.children
            else OutlinePoint(
                p.id, p.title, p.summary, p.stance, p.anchors, kept, p.suggested, p.confidence
            )
        )
    return tuple(out)


def entry_kind(entry: Entry) -> EntryKind:
    """``term`` for glossary terms, the actor kind for actors."""
    return "term" if isinstance(entry, Term) else entry.kind


def entry_name(entry: Entry) -> str:
    return entry.term if isinstance(entry, Term) else entry.name
