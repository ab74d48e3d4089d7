"""What the annotator suggests: plain frozen records, independent of the brief model.

A :class:`Suggestion` is a draft glossary term or actor; :class:`PointSuggestion` a
draft outline point. Every name and alias is a form that occurs in the text, and
every definition, role or description is either a span of the text (an expansion,
a member list, an apposition, a sentence) marked as such, or a fixed placeholder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SuggestionKind = Literal["term", "person", "state", "place", "organisation", "group"]
Category = Literal["acronym", "person", "place", "organisation", "quoted", "term"]

ROLE_UNKNOWN = "role not given in the text"
NOT_EXPANDED = "Acronym not expanded in the text."


@dataclass(frozen=True)
class Suggestion:
    """One suggested entry: ``kind`` ``term`` goes to the glossary, others are actors."""

    name: str
    kind: SuggestionKind
    category: Category
    definition: str  # glossary definition, or actor description
    confidence: float
    aliases: tuple[str, ...] = ()
    role: str = ROLE_UNKNOWN
    acronym: str | None = None  # the short form when this entry is (also) an acronym
    first: tuple[int, int] = (0, 0)  # (paragraph, offset) of the first mention

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class PointSuggestion:
    title: str
    summary: str
    paragraphs: tuple[int, ...]
    confidence: float
    children: tuple[PointSuggestion, ...] = ()


@dataclass(frozen=True)
class Suggestions:
    entries: tuple[Suggestion, ...] = ()
    outline: tuple[PointSuggestion, ...] = ()
    backend: str = "rules"
    notes: tuple[str, ...] = field(default=())

    @property
    def glossary(self) -> tuple[Suggestion, ...]:
        return tuple(s for s in self.entries if s.kind == "term")

    @property
    def actors(self) -> tuple[Suggestion, ...]:
        return tuple(s for s in self.entries if s.kind != "term")
