"""Write briefs: an Article as canonical Markdown, a Brief as brief.yaml (files: :mod:`.atomic`).

* :func:`article_markdown` renders an :class:`Article` as the Markdown the
  Markdown reader reads back to the same paragraphs (same numbering, kinds,
  levels and styles): front matter ``briefreader: cleaned`` tells the reader
  the text was cleaned already, so no header or boilerplate rule runs again;
  the lines the rules dropped at import stay listed under ``dropped``.
* :func:`brief_yaml` renders a :class:`Brief` (metadata and any annotations:
  glossary, actors, outline, cards) as a brief YAML that ``briefreader check``
  accepts. This is the one place a Brief becomes the imported ``brief.yaml``.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .brief import Actor, Anchor, Article, Brief, Card, OutlinePoint, Paragraph, Term

__all__ = ["CLEANED_MARK", "article_markdown", "brief_yaml", "escape_markdown"]

CLEANED_MARK = "cleaned"
_INLINE_RE = re.compile(r"([\\`*_\[\]<>&|~])")
_LINE_START_RE = re.compile(r"^([#=+-])|^(\d{1,9})([.)])")
_MARKERS = {"bold": "**", "italic": "*", "code": "`"}


def escape_markdown(text: str) -> str:
    """``text`` as Markdown inline text that renders to exactly ``text``."""
    text = _INLINE_RE.sub(r"\\\1", text)
    return _LINE_START_RE.sub(
        lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", text
    )


def _styled(para: Paragraph) -> str:
    """The paragraph's text with its style spans as Markdown emphasis."""
    text = para.text
    if not para.styles:
        return escape_markdown(text)
    out: list[str] = []
    pos = 0
    for start, end, style in sorted(para.styles):
        if start < pos or end <= start:
            continue  # overlapping spans: keep the first
        inner = text[start:end]
        if inner != inner.strip() or (style == "code" and "`" in inner):
            continue  # emphasis cannot start or end on a space
        out.append(escape_markdown(text[pos:start]))
        mark = _MARKERS[style]
        out.append(mark + (inner if style == "code" else escape_markdown(inner)) + mark)
        pos = end
    out.append(escape_markdown(text[pos:]))
    return "".join(out)


def _edge_spaces(text: str) -> str:
    """Unicode spaces (NBSP...) at either end as numeric entities: Markdown strips them."""
    core = text.strip()
    if core == text or not core:
        return text
    start = len(text) - len(text.lstrip())
    head, tail = text[:start], text[start + len(core) :]
    return _entities(head) + core + _entities(tail)


def _entities(chars: str) -> str:
    return "".join(f"&#x{ord(c):x};" for c in chars)


def _block(para: Paragraph) -> str:
    body = _edge_spaces(_styled(para))
    if para.kind == "heading":
        return "#" * max(1, min(6, para.level or 2)) + " " + body
    if para.kind == "item":
        return "- " + body
    return body


def article_markdown(article: Article) -> str:
    """Canonical Markdown for ``article`` (see the module docstring)."""
    front: dict[str, Any] = {"briefreader": CLEANED_MARK, "title": article.metadata.title}
    front["format"] = article.format  # the reader that made it (text, html, pdf...)
    standfirst = [p.n for p in article.paragraphs if p.kind == "standfirst"]
    if standfirst:
        front["standfirst"] = standfirst
    if article.dropped:
        front["dropped"] = [{"text": d.text, "reason": d.reason} for d in article.dropped]
    head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=100)
    return "---\n" + head + "---\n\n" + "\n\n".join(_block(p) for p in article.paragraphs) + "\n"


def _anchor(anchor: Anchor) -> dict[str, Any]:
    out: dict[str, Any] = {"paragraph": anchor.paragraph}
    if anchor.quote:
        out["quote"] = anchor.quote
    return out


def _status(out: dict[str, Any], item: Term | Actor | OutlinePoint) -> dict[str, Any]:
    """A suggestion's ``status: suggested`` and ``confidence`` (accepted entries: none)."""
    if item.suggested:
        out["status"] = "suggested"
        if item.confidence is not None:
            out["confidence"] = round(item.confidence, 2)
    return out


def _term(term: Term) -> dict[str, Any]:
    out: dict[str, Any] = {"id": term.id, "term": term.term}
    if term.aliases:
        out["aliases"] = list(term.aliases)
    out["definition"] = term.definition
    if term.note:
        out["note"] = term.note
    return _status(out, term)


def _actor(actor: Actor) -> dict[str, Any]:
    out: dict[str, Any] = {"id": actor.id, "name": actor.name, "kind": actor.kind}
    if actor.aliases:
        out["aliases"] = list(actor.aliases)
    out.update(role=actor.role, description=actor.description)
    if actor.note:
        out["note"] = actor.note
    return _status(out, actor)


def _point(point: OutlinePoint) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": point.id,
        "title": point.title,
        "summary": point.summary,
        "stance": point.stance,
        "anchors": [_anchor(a) for a in point.anchors],
    }
    if point.stance == "unset":  # a suggested point: the reader sets the stance
        del out["stance"]
    if point.children:
        out["children"] = [_point(c) for c in point.children]
    return _status(out, point)


def _card(card: Card) -> dict[str, Any]:
    out: dict[str, Any] = {"id": card.id, "prompt": card.prompt, "answer": card.answer}
    if card.accept:
        out["accept"] = list(card.accept)
    if card.distractors:
        out["distractors"] = list(card.distractors)
    if card.point:
        out["point"] = card.point
    out["evidence"] = [_anchor(a) for a in card.evidence]
    return out


def brief_yaml(
    brief: Brief, *, article_file: str, comment: str = "", keep: tuple[str, ...] = ()
) -> str:
    """``brief`` as brief YAML whose ``article:`` is ``article_file`` (relative)."""
    meta = brief.metadata
    metadata: dict[str, Any] = {"title": meta.title}
    for key, value in (
        ("source", meta.source),
        ("editor", meta.editor),
        ("date", meta.published.isoformat(sep=" ") if meta.published else None),
        ("author", meta.author),
        ("author_role", meta.author_role),
        ("url", meta.url),
        ("original_publication", meta.original_publication),
        ("about", meta.about),
    ):
        if value:
            metadata[key] = value.removesuffix(" 00:00:00") if key == "date" else value
    doc: dict[str, Any] = {"format": 1, "slug": brief.slug, "article": article_file}
    doc["metadata"] = metadata
    if keep:
        doc["keep"] = list(keep)
    if brief.glossary:
        doc["glossary"] = [_term(t) for t in brief.glossary]
    if brief.actors:
        doc["actors"] = [_actor(a) for a in brief.actors]
    if brief.outline:
        doc["outline"] = [_point(p) for p in brief.outline]
    if brief.cards:
        doc["cards"] = [_card(c) for c in brief.cards]
    body = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
    lines = "".join(f"# {line}\n" if line else "#\n" for line in comment.splitlines())
    return lines + body
