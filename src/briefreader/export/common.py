"""What every export format says about a card: its source line, evidence, tags and the
later-change note, computed once from the brief and the deck (no Textual, no I/O).

Text from the article or the brief is data: :func:`evidence_html` and
:func:`html_text` escape it for HTML fields; the plain variants return it as is.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..core.brief import Brief, OutlinePoint
from ..core.words import squash
from ..study.evidence import evidence_spans
from ..study.model import StudyCard

_TAG_UNSAFE = re.compile(r"[^\w.-]+")


one_line = squash  # every run of whitespace (newlines included) as one space


def html_text(text: str) -> str:
    """Plain text as HTML: escaped, whitespace runs folded."""
    return html.escape(one_line(text), quote=False)


def published_label(brief: Brief) -> str | None:
    """The publication date as people write it (``7 February 2023``), else as written."""
    meta = brief.metadata
    if meta.published is not None:
        return f"{meta.published.day} {meta.published:%B %Y}"
    return meta.published_text


def source_line(brief: Brief, paragraphs: Sequence[int] = ()) -> str:
    """``Title — Outlet, Author, 7 February 2023, ¶3, ¶5``."""
    meta = brief.metadata
    parts = [p for p in (meta.source, meta.author, published_label(brief)) if p]
    refs = ", ".join(f"¶{n}" for n in paragraphs)
    tail = ", ".join([*parts, refs] if refs else parts)
    return f"{one_line(meta.title)} — {tail}" if tail else one_line(meta.title)


def deck_name(brief: Brief) -> str:
    """The Anki deck: ``briefreader::<title>`` (``::`` in a title would nest decks)."""
    return "briefreader::" + one_line(brief.title).replace("::", ":")


def card_paragraphs(card: StudyCard) -> tuple[int, ...]:
    return tuple(dict.fromkeys(a.paragraph for a in card.evidence))


@dataclass(frozen=True)
class Passage:
    """One evidence paragraph, with the answer's words (if found) at ``start:end``."""

    paragraph: int
    text: str
    start: int | None
    end: int | None

    def html(self) -> str:
        if self.start is None or self.end is None:
            return html.escape(self.text, quote=False)
        before, marked, after = (
            self.text[: self.start],
            self.text[self.start : self.end],
            self.text[self.end :],
        )
        return "".join(
            (
                html.escape(before, quote=False),
                "<mark>",
                html.escape(marked, quote=False),
                "</mark>",
                html.escape(after, quote=False),
            )
        )

    def markdown(self) -> str:
        """The paragraph with the answer's words in bold (Markdown-escaped)."""
        if self.start is None or self.end is None or not self.text[self.start : self.end].strip():
            return md_escape(self.text)
        marked = self.text[self.start : self.end]
        lead = marked[: len(marked) - len(marked.lstrip())]
        trail = marked[len(marked.rstrip()) :]
        # placeholders (cleaned text has no control characters) survive the escaping
        text = (
            f"{self.text[: self.start]}{lead}\x00{marked.strip()}\x01{trail}{self.text[self.end :]}"
        )
        return md_escape(text).replace("\x00", "**").replace("\x01", "**")


def passages(card: StudyCard, brief: Brief) -> list[Passage]:
    """The card's evidence paragraphs (each once, first span wins)."""
    out: dict[int, Passage] = {}
    for span in evidence_spans(card, brief):
        if span.paragraph in out:
            continue
        text = brief.paragraphs[span.paragraph - 1].text
        out[span.paragraph] = Passage(span.paragraph, text, span.start, span.end)
    return list(out.values())


def evidence_html(card: StudyCard, brief: Brief) -> str:
    return "<br><br>".join(f"<b>¶{p.paragraph}</b> {p.html()}" for p in passages(card, brief))


def later_change(card: StudyCard, brief: Brief) -> str | None:
    """What the quiz shows after the answer: the card's own note (a later change, or
    why a statement is the author's claim), else the brief's "since then" note on the
    entry a generated card is about."""
    if card.note and card.note.strip():
        return one_line(card.note)
    if card.category not in ("term", "actor"):
        return None
    parts = card.id.split(".", 2)
    entry = brief.entry(parts[2]) if len(parts) == 3 else None
    if entry is None or not entry.note:
        return None
    return f"Since then: {one_line(entry.note)}"


def point_paths(brief: Brief) -> dict[str, tuple[str, ...]]:
    """Each outline point's id path from the top (``("challenges", "challenge-1")``)."""
    paths: dict[str, tuple[str, ...]] = {}

    def walk(point: OutlinePoint, above: tuple[str, ...]) -> None:
        path = (*above, point.id)
        paths[point.id] = path
        for child in point.children:
            walk(child, path)

    for top in brief.outline:
        walk(top, ())
    return paths


def tag_part(text: str) -> str:
    """One component of an Anki tag: no spaces, no ``::``."""
    return _TAG_UNSAFE.sub("-", text).strip("-") or "x"


def card_tags(
    card: StudyCard, brief: Brief, paths: dict[str, tuple[str, ...]] | None = None
) -> list[str]:
    """Hierarchical tags: ``briefreader::<slug>``, the outline point's path under
    ``briefreader::<slug>::point::``, and ``briefreader::kind::<kind>`` /
    ``briefreader::category::<category>``."""
    paths = point_paths(brief) if paths is None else paths
    slug = tag_part(brief.slug)
    tags = [f"briefreader::{slug}"]
    if card.point is not None:
        path = paths.get(card.point, (card.point,))
        tags.append(f"briefreader::{slug}::point::" + "::".join(tag_part(p) for p in path))
    kind = "cloze" if card.source == "cloze" else card.kind
    tags.append(f"briefreader::kind::{tag_part(kind)}")
    tags.append(f"briefreader::category::{tag_part(card.category)}")
    return tags


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>~|])")
_MD_LEADING = re.compile(r"^(\s*)(\d*)([-+=#>.)])")
_SPACES = re.compile(r"\s+")


def md_inline(text: str) -> str:
    """Plain text for inline Markdown (whitespace runs folded, ends kept): every
    character that could start emphasis, code, a link or HTML is escaped (``<`` too,
    so an article's ``<script>`` shows as text)."""
    return _MD_SPECIAL.sub(r"\\\1", _SPACES.sub(" ", text).replace("&", "&amp;"))


def md_escape(text: str) -> str:
    """:func:`md_inline` on one stripped line, which also never starts a list, a
    heading or a quote (``1. ``, ``- ``, ``# `` at the start are escaped)."""
    escaped = md_inline(one_line(text))
    return _MD_LEADING.sub(lambda m: m.group(1) + m.group(2) + "\\" + m.group(3), escaped, count=1)
