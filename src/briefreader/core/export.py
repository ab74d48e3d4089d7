"""The brief as plain JSON-ready data: the documented ``show --json`` shape.

Offsets (``start``/``end``) are character offsets into the paragraph's ``text``.
Keys are only ever added to this shape, never renamed or removed.
"""

from __future__ import annotations

from typing import Any

from .brief import Anchor, Brief, Card, OutlinePoint
from .xref import Index, Mention, index_brief

SCHEMA_VERSION = 1


def _mentions(mentions: tuple[Mention, ...]) -> list[dict[str, int]]:
    return [{"paragraph": m.paragraph, "start": m.start, "end": m.end} for m in mentions]


def _anchor(anchor: Anchor) -> dict[str, Any]:
    out: dict[str, Any] = {"paragraph": anchor.paragraph}
    if anchor.quote is not None:
        out.update(start=anchor.start, end=anchor.end, quote=anchor.quote)
    return out


def _point(point: OutlinePoint) -> dict[str, Any]:
    return {
        "id": point.id,
        "title": point.title,
        "summary": point.summary,
        "stance": point.stance,
        "paragraphs": list(point.paragraphs),
        "anchors": [_anchor(a) for a in point.anchors],
        "children": [_point(c) for c in point.children],
        "suggested": point.suggested,
        "confidence": point.confidence,
    }


def _card(card: Card) -> dict[str, Any]:
    return {
        "id": card.id,
        "prompt": card.prompt,
        "answer": card.answer,
        "accept": list(card.accept),
        "distractors": list(card.distractors),
        "point": card.point,
        "evidence": list(card.paragraphs),
        "anchors": [_anchor(a) for a in card.evidence],
    }


def brief_to_json(brief: Brief, index: Index | None = None) -> dict[str, Any]:
    index = index if index is not None else index_brief(brief)
    meta = brief.metadata
    return {
        "schema": SCHEMA_VERSION,
        "slug": brief.slug,
        "title": meta.title,
        "metadata": {
            "source": meta.source,
            "editor": meta.editor,
            "published": meta.published.isoformat() if meta.published else None,
            "published_text": meta.published_text,
            "author": meta.author,
            "original_publication": meta.original_publication,
            "about": meta.about,
            "author_role": meta.author_role,
            "url": meta.url,
        },
        "notices": list(brief.article.notices),
        "format": brief.article.format,
        "paragraphs": [
            {
                "n": p.n,
                "kind": p.kind,
                "text": p.text,
                "truncated": p.truncated,
                "level": p.level,
                "styles": [{"start": a, "end": b, "style": c} for a, b, c in p.styles],
            }
            for p in brief.paragraphs
        ],
        "dropped": [{"text": d.text, "reason": d.reason} for d in brief.article.dropped],
        "glossary": [
            {
                "id": t.id,
                "term": t.term,
                "aliases": list(t.aliases),
                "definition": t.definition,
                "note": t.note,
                "mentions": _mentions(index.mentions_of(t.id)),
                "suggested": t.suggested,
                "confidence": t.confidence,
            }
            for t in brief.glossary
        ],
        "actors": [
            {
                "id": a.id,
                "name": a.name,
                "kind": a.kind,
                "role": a.role,
                "aliases": list(a.aliases),
                "description": a.description,
                "note": a.note,
                "mentions": _mentions(index.mentions_of(a.id)),
                "suggested": a.suggested,
                "confidence": a.confidence,
            }
            for a in brief.actors
        ],
        "outline": [_point(p) for p in brief.outline],
        "cards": [_card(c) for c in brief.cards],
        "cloze": [
            {
                "id": c.id,
                "text": c.text,
                "plain": c.plain,
                "gaps": [{"n": n, "answer": a} for n, a in c.gaps],
                "point": c.point,
                "anchor": _anchor(c.anchor),
            }
            for c in brief.cloze
        ],
    }
