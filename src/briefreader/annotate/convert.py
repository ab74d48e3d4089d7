"""Suggestions as brief entries: the model objects the reader shows and the import writes.

They become YAML like every brief, through :mod:`briefreader.core.writer`.

Ids are slugs of the names, unique against the brief's existing ids; a suggestion
whose name (or an alias) is already a name of an entry in the brief is left out, so
suggestions never duplicate what the author wrote.
"""

from __future__ import annotations

from collections.abc import Iterable

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


MAX_SUGGEST_CHARS = 400_000  # ~65,000 words: longer texts (books) get no suggestions


def suggested_if_bare(brief: Brief) -> Brief:
    """A bare article (no brief YAML) with the annotator's suggestions; others unchanged."""
    if brief.path is None or brief.path.lower().endswith((".yaml", ".yml")) or brief.entries:
        return brief
    if sum(len(p.text) for p in brief.paragraphs) > MAX_SUGGEST_CHARS:
        return brief
    from . import suggest

    return with_suggestions(brief, suggest(brief.article))
