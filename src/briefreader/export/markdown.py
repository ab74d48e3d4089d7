"""The brief as a Markdown study sheet (GitHub-flavoured Markdown).

Title and source note; the outline as nested bullets with each point's stance and
paragraph references; the glossary and the actors; the key-point cards as questions
with the answer in a collapsible ``<details>`` block; the reader's highlights and
notes as quoted passages. Every text from the brief is escaped (:func:`md_escape`),
so nothing in an article becomes a link, a heading or HTML.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..core.brief import Brief, OutlinePoint
from ..study.model import StudyCard
from .common import md_escape, passages, published_label
from .highlights import Annotation, passage_text

STANCE = {"reported": "reported", "author": "the author's claim"}


def _refs(paragraphs: Sequence[int]) -> str:
    return ", ".join(f"¶{n}" for n in paragraphs)


def _outline(point: OutlinePoint, depth: int, out: list[str]) -> None:
    pad = "  " * depth
    refs = _refs(point.paragraphs)
    tail = f" ({refs})" if refs else ""
    stance = STANCE.get(str(point.stance))  # unset on a suggested point
    line = f"{pad}- **{md_escape(point.title)}**" + (f" — *{stance}*" if stance else "") + tail
    if point.summary.strip():  # on its own line: a CommonMark hard break (backslash)
        out += [line + "\\", f"{pad}  {md_escape(point.summary)}"]
    else:
        out.append(line)
    for child in point.children:
        _outline(child, depth + 1, out)


def key_point_cards(deck: Sequence[StudyCard]) -> list[StudyCard]:
    """The curated cards (the brief's own questions on its key points)."""
    return [c for c in deck if c.source == "curated"]


def to_markdown(
    brief: Brief, deck: Sequence[StudyCard], annotations: Sequence[Annotation] = ()
) -> str:
    meta = brief.metadata
    out = [f"# {md_escape(meta.title)}", ""]
    byline = " · ".join(
        md_escape(v) for v in (meta.source, meta.author, published_label(brief)) if v
    )
    if byline:
        out += [f"> {byline}", ">"]
    if meta.original_publication:
        out += [f"> First published by {md_escape(meta.original_publication)}.", ">"]
    if meta.about:
        out += [f"> {md_escape(meta.about)}", ">"]
    for notice in brief.article.notices:
        out += [f"> Note: {md_escape(notice)}", ">"]
    while out and out[-1] == ">":
        out.pop()
    out.append("")
    if brief.outline:
        out += ["## Outline", ""]
        for point in brief.outline:
            _outline(point, 0, out)
        out.append("")
    if brief.glossary:
        out += ["## Glossary", ""]
        for term in brief.glossary:
            aliases = f" (also {', '.join(md_escape(a) for a in term.aliases)})"
            line = f"- **{md_escape(term.term)}**{aliases if term.aliases else ''}: "
            line += md_escape(term.definition)
            if term.note:
                line += f" *Since then:* {md_escape(term.note)}"
            out.append(line)
        out.append("")
    if brief.actors:
        out += ["## Actors", ""]
        for actor in brief.actors:
            line = f"- **{md_escape(actor.name)}** ({actor.kind}) — {md_escape(actor.role)}. "
            line += md_escape(actor.description)
            if actor.note:
                line += f" *Since then:* {md_escape(actor.note)}"
            out.append(line)
        out.append("")
    cards = key_point_cards(deck)
    if cards:
        out += ["## Key points", ""]
        for i, card in enumerate(cards, start=1):
            out += [f"**{i}.** {md_escape(card.prompt)}", ""]
            if card.options:
                out += [f"- {md_escape(o)}" for o in card.options] + [""]
            out += ["<details>", "<summary>Answer</summary>", "", md_escape(card.answer), ""]
            if card.note:
                out += [f"*Note:* {md_escape(card.note)}", ""]
            for passage in passages(card, brief):
                out += [f"> ¶{passage.paragraph}: {passage.markdown()}", ""]
            out += ["</details>", ""]
    if annotations:
        out += ["## Highlights and notes", ""]
        for item in annotations:
            text = passage_text(brief, item)
            out.append(f"> {md_escape(text)} (¶{item.paragraph})")
            out.append("")
            if item.note:
                out += [md_escape(item.note), ""]
    return "\n".join(out).rstrip("\n") + "\n"
