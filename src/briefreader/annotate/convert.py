"""Suggestions as brief entries: model objects for the reader, YAML mappings for files.

Ids are slugs of the names, unique against the brief's existing ids; a suggestion
whose name (or an alias) is already a name of an entry in the brief is left out, so
suggestions never duplicate what the author wrote.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..core.brief import Actor, Anchor, Brief, OutlinePoint, Term
from .model import PointSuggestion, Suggestion, Suggestions
from .text import fold, slugify


class _Ids:
    def __init__(self, taken: Iterable[str]) -> None:
        self.taken = set(taken)

    def new(self, base: str) -> str:
        base = base[:60] or "entry"
        candidate, n = base, 2
        while candidate in self.taken:
            candidate, n = f"{base}-{n}", n + 1
        self.taken.add(candidate)
        return candidate


def _existing_names(brief: Brief) -> set[str]:
    return {fold(n) for e in brief.entries for n in e.names}


def _brief_ids(brief: Brief) -> set[str]:
    ids = {e.id for e in brief.entries}
    ids |= {p.id for p in brief.outline_points()}
    ids |= {c.id for c in brief.cards} | {z.id for z in brief.cloze}
    return ids


def new_suggestions(brief: Brief, found: Suggestions) -> list[Suggestion]:
    """The suggestions not already covered by an entry of ``brief``."""
    known = _existing_names(brief)
    out = []
    for s in found.entries:
        if any(fold(n) in known for n in s.names):
            continue
        out.append(s)
        known.update(fold(n) for n in s.names)
    return out


def to_entries(
    brief: Brief, found: Suggestions
) -> tuple[list[Term], list[Actor], list[OutlinePoint]]:
    """Model objects (``suggested=True``) for the new suggestions and outline draft."""
    ids = _Ids(_brief_ids(brief))
    terms: list[Term] = []
    actors: list[Actor] = []
    for s in new_suggestions(brief, found):
        entry_id = ids.new(slugify(s.name))
        if s.kind == "term":
            terms.append(Term(entry_id, s.name, s.definition, s.aliases, None, True, s.confidence))
        else:
            actors.append(
                Actor(
                    entry_id,
                    s.name,
                    s.kind,
                    s.role,
                    s.definition,
                    s.aliases,
                    None,
                    True,
                    s.confidence,
                )
            )
    points: list[OutlinePoint] = []
    if not brief.outline:
        points = [_point(p, ids, len(brief.paragraphs)) for p in found.outline]
    return terms, actors, points


def _point(p: PointSuggestion, ids: _Ids, total: int) -> OutlinePoint:
    anchors = tuple(Anchor(n) for n in p.paragraphs if 1 <= n <= total) or (Anchor(1),)
    children = tuple(_point(c, ids, total) for c in p.children)
    return OutlinePoint(
        ids.new("pt-" + slugify(p.title)[:40]),
        p.title,
        p.summary,
        "unset",
        anchors,
        children,
        True,
        p.confidence,
    )


def with_suggestions(brief: Brief, found: Suggestions) -> Brief:
    """``brief`` with the suggestions added after its own entries."""
    terms, actors, points = to_entries(brief, found)
    if not (terms or actors or points):
        return brief
    return brief.evolve(
        glossary=(*brief.glossary, *terms),
        actors=(*brief.actors, *actors),
        outline=(*brief.outline, *points),
    )


# -- YAML mappings ------------------------------------------------------------------


def term_mapping(t: Term) -> dict[str, Any]:
    out: dict[str, Any] = {"id": t.id, "term": t.term}
    if t.aliases:
        out["aliases"] = list(t.aliases)
    out["definition"] = t.definition
    if t.note:
        out["note"] = t.note
    _status(out, t.suggested, t.confidence)
    return out


def actor_mapping(a: Actor) -> dict[str, Any]:
    out: dict[str, Any] = {"id": a.id, "name": a.name, "kind": a.kind}
    if a.aliases:
        out["aliases"] = list(a.aliases)
    out["role"] = a.role
    out["description"] = a.description
    if a.note:
        out["note"] = a.note
    _status(out, a.suggested, a.confidence)
    return out


def point_mapping(p: OutlinePoint) -> dict[str, Any]:
    out: dict[str, Any] = {"id": p.id, "title": p.title, "summary": p.summary}
    if p.stance != "unset":
        out["stance"] = p.stance
    out["anchors"] = [{"paragraph": a.paragraph} for a in p.anchors]
    if p.children:
        out["children"] = [point_mapping(c) for c in p.children]
    _status(out, p.suggested, p.confidence)
    return out


def _status(out: dict[str, Any], suggested: bool, confidence: float | None) -> None:
    if suggested:
        out["status"] = "suggested"
        if confidence is not None:
            out["confidence"] = round(confidence, 2)


def mappings(
    terms: Sequence[Term], actors: Sequence[Actor], points: Sequence[OutlinePoint]
) -> dict[str, list[dict[str, Any]]]:
    return {
        "glossary": [term_mapping(t) for t in terms],
        "actors": [actor_mapping(a) for a in actors],
        "outline": [point_mapping(p) for p in points],
    }


MAX_SUGGEST_CHARS = 400_000  # ~65,000 words: longer texts (books) get no suggestions


def suggested_if_bare(brief: Brief) -> Brief:
    """A bare article (no brief YAML) with the annotator's suggestions; others unchanged."""
    if brief.path is None or brief.path.lower().endswith((".yaml", ".yml")) or brief.entries:
        return brief
    if sum(len(p.text) for p in brief.paragraphs) > MAX_SUGGEST_CHARS:
        return brief
    from . import suggest

    return with_suggestions(brief, suggest(brief.article))
