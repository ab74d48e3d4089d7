"""Markdown -> Article, with markdown-it-py (CommonMark) and the project's safe YAML.

* YAML front matter (``---`` ... ``---``, read by :mod:`briefreader.core.yamlsafe`,
  never constructing anything) gives title, date, author, source and URL.
* Headings become ``heading`` paragraphs (with their level); a paragraph that is
  all bold (``**Background**``) is a heading too.
* ``**bold**`` / ``*italic*`` / ```code``` become style spans, never asterisks;
  links keep their text; images and raw HTML are dropped (and listed); entities
  are decoded; list items stay ``item`` paragraphs.
* Without a title in the front matter, a first heading is the title; otherwise
  the plain-text header rules read the first paragraphs (byline, labelled fields).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..brief import Article, Dropped, StyleName
from ..errors import BriefError
from ..words import squash
from ..yamlsafe import Map, Node, Scalar, Seq, parse_yaml
from .assemble import Block, Source, finish
from .header import Line, read_header

__all__ = ["front_matter", "read_markdown"]

_FRONT_RE = re.compile(r"\A\ufeff?[ \t\n]*---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FIELD_KEYS = {
    "title": "title",
    "headline": "title",
    "date": "published",
    "published": "published",
    "published_time": "published",
    "pubdate": "published",
    "author": "author",
    "authors": "author",
    "byline": "author",
    "source": "source",
    "publisher": "source",
    "site": "source",
    "site_name": "source",
    "source_url": "url",
    "url": "url",
    "link": "url",
    "canonical_url": "url",
    "editor": "editor",
}
_FORMATS = frozenset({"text", "markdown", "html", "pdf", "epub"})
_STYLE_OF = {"strong_open": "bold", "em_open": "italic"}


def _scalar_text(node: Node | None) -> str | None:
    if isinstance(node, Scalar):
        return None if node.is_null else node.value
    if isinstance(node, Seq):
        names = [v for item in node.items if (v := _scalar_text(item))]
        return ", ".join(names) or None
    if isinstance(node, Map):
        return _scalar_text(node.get("name"))
    return None


def front_matter(text: str, path: str) -> tuple[dict[str, str], str, Map | None]:
    """``(fields, body, front matter node)`` of a Markdown text with YAML front matter."""
    match = _FRONT_RE.match(text)
    if match is None:
        return {}, text, None
    offset = text.count("\n", 0, match.start(1) if match.group(1) else match.end())
    try:
        root = parse_yaml(match.group(1) or "", path)
    except BriefError as exc:
        line = exc.line + offset if exc.line is not None else None
        raise BriefError(path, f"front matter: {exc.message}", line, exc.column) from None
    fields: dict[str, str] = {}
    if isinstance(root, Map):
        for key, value in root.pairs:
            name = _FIELD_KEYS.get(key.value.lower())
            scalar = _scalar_text(value)
            if name and scalar and scalar.strip():
                fields.setdefault(name, squash(scalar))
    return fields, text[match.end() :], root if isinstance(root, Map) else None


def _cleaned(root: Map | None) -> tuple[bool, list[Dropped], set[int], str]:
    """Front matter written by :mod:`briefreader.core.writer`:
    (cleaned?, dropped lines, standfirst paragraph numbers, original format)."""
    if root is None or _scalar_text(root.get("briefreader")) != "cleaned":
        return False, [], set(), "markdown"
    dropped: list[Dropped] = []
    node = root.get("dropped")
    for item in node.items if isinstance(node, Seq) else ():
        if isinstance(item, Map):
            text, reason = _scalar_text(item.get("text")), _scalar_text(item.get("reason"))
            if text:
                dropped.append(Dropped(text, reason or "dropped"))
    numbers: set[int] = set()
    node = root.get("standfirst")
    for item in node.items if isinstance(node, Seq) else ():
        value = _scalar_text(item)
        if value and value.isdigit():
            numbers.add(int(value))
    fmt = _scalar_text(root.get("format")) or "markdown"
    return True, dropped, numbers, fmt if fmt in _FORMATS else "markdown"


class _Inline:
    """Renders an inline token's children to text + style spans + line breaks."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.styles: list[tuple[int, int, StyleName]] = []
        self.open: dict[str, list[int]] = {}
        self.breaks: list[int] = []
        self.images: list[str] = []

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def run(self, children: Iterable[Any]) -> None:
        for child in children:
            kind = child.type
            if kind == "text":
                self.add(child.content)
            elif kind in ("softbreak", "hardbreak"):
                self.breaks.append(self.length)
                self.add(" ")
            elif kind == "code_inline":
                start = self.length
                self.add(child.content)
                self.styles.append((start, self.length, "code"))
            elif kind in _STYLE_OF:
                self.open.setdefault(kind, []).append(self.length)
            elif kind in ("strong_close", "em_close"):
                opener = kind.replace("close", "open")
                if self.open.get(opener):
                    start = self.open[opener].pop()
                    if self.length > start:
                        self.styles.append((start, self.length, _STYLE_OF[opener]))  # type: ignore[arg-type]
            elif kind == "image":
                self.images.append(child.content or child.attrs.get("src", "") or "image")
            # html_inline, link_open/close: markup only, the link text is a text child

    def result(self) -> tuple[str, tuple[tuple[int, int, StyleName], ...], list[str]]:
        raw = "".join(self.parts)
        text = raw.strip(" \t\n\r")
        shift = len(raw) - len(raw.lstrip(" \t\n\r"))
        styles = tuple(
            (max(0, s - shift), min(len(text), e - shift), name)
            for s, e, name in sorted(self.styles)
            if min(len(text), e - shift) > max(0, s - shift)
        )
        lines = [piece.strip() for piece in _split_at(raw, self.breaks)]
        return text, styles, [x for x in lines if x]


def _split_at(text: str, points: list[int]) -> list[str]:
    out, last = [], 0
    for p in points:
        out.append(text[last:p])
        last = p
    out.append(text[last:])
    return out


def _tokens_to_blocks(
    tokens: list[Any], dropped: list[Dropped], *, bold_headings: bool = True
) -> list[tuple[Block, list[str]]]:
    blocks: list[tuple[Block, list[str]]] = []
    depth_item = 0
    heading_level = 0
    for token in tokens:
        kind = token.type
        if kind == "list_item_open":
            depth_item += 1
        elif kind == "list_item_close":
            depth_item -= 1
        elif kind == "heading_open":
            heading_level = int(token.tag[1:])
        elif kind == "heading_close":
            heading_level = 0
        elif kind == "inline":
            inline = _Inline()
            inline.run(token.children or ())
            text, styles, lines = inline.result()
            dropped.extend(Dropped(alt, "image") for alt in inline.images)
            if not text:
                continue
            if heading_level:
                blocks.append((Block(text, "heading", heading_level, styles), lines))
            elif depth_item:
                blocks.append((Block(text, "item", 0, styles), lines))
            elif (
                bold_headings
                and len(styles) == 1
                and styles[0][:2] == (0, len(text))
                and styles[0][2] == "bold"
                and len(text.split()) <= 20
            ):
                blocks.append((Block(text, "heading", 3, styles), lines))
            else:
                blocks.append((Block(text, "body", 0, styles), lines))
        elif kind in ("fence", "code_block"):
            code = squash(token.content)
            if code:
                blocks.append((Block(code, "body", 0, ((0, len(code), "code"),)), [code]))
        elif kind == "html_block":
            snippet = squash(token.content)
            if snippet:
                dropped.append(Dropped(snippet[:200], "html markup"))
        elif kind == "hr":
            dropped.append(Dropped(token.markup, "rule"))
    return blocks


def read_markdown(text: str, source: Source) -> Article:
    """Parse cleaned Markdown text (see the module docstring)."""
    from markdown_it import MarkdownIt

    fields, body, root = front_matter(text, source.path)
    cleaned, dropped, standfirst, original = _cleaned(root)
    md = MarkdownIt("commonmark").enable("table")
    pairs = _tokens_to_blocks(md.parse(body), dropped, bold_headings=not cleaned)
    if cleaned:  # written by briefreader import: read back exactly, no rules again
        blocks = [b for b, _ in pairs]
        for n in standfirst:
            if 0 < n <= len(blocks):
                blocks[n - 1].kind = "standfirst"
        return finish(
            blocks, source, fields=fields, headline=None, fmt=original, dropped=dropped, rules=False
        )
    headline: str | None = None
    if "title" not in fields and pairs and pairs[0][0].kind == "heading":
        headline = pairs.pop(0)[0].text
    # the plain-text header rules on the first body paragraphs
    lead = []
    for block, lines in pairs[:8]:
        if block.kind != "body":
            break
        lead.append((block, lines))
    if lead:
        header_lines = [
            Line(x, j == 0 and k > 0) for k, (_, ls) in enumerate(lead) for j, x in enumerate(ls)
        ]
        head = read_header(
            header_lines, one_chunk=False, want_title=headline is None and "title" not in fields
        )
        if headline is None and "title" not in fields and head.title:
            headline = head.title
        for name, value in head.fields.items():
            fields.setdefault(name, value)
        dropped.extend(head.dropped)
        used = head.end
        new_lead: list[Block] = []
        if head.standfirst is not None:
            s, e = head.standfirst
            new_lead.append(Block(" ".join(x.text for x in header_lines[s:e]), "standfirst"))
        pos = 0
        for block, lines in lead:
            first, pos = pos, pos + len(lines)
            if pos <= used:
                continue
            if first >= used:
                new_lead.append(block)
            else:
                new_lead.append(Block(" ".join(lines[used - first :])))
        rest = [b for b, _ in pairs[len(lead) :]]
        blocks = new_lead + rest
    else:
        blocks = [b for b, _ in pairs]
    return finish(blocks, source, fields=fields, headline=headline, fmt="markdown", dropped=dropped)
