"""HTML -> Article: trafilatura finds the main text, this module keeps its structure.

:func:`read_html` runs trafilatura in precision mode with its metadata (title,
author, date, site name, URL) and turns its XML (``head``, ``p``, ``list/item``,
``quote``, ``table``, ``hi``) into blocks: headings stay headings, list items
stay items, bold/italic become styles. A page where trafilatura finds no main
text is not an article: one error line, never an empty reader.

:func:`element_blocks` walks ordinary (X)HTML elements the same way; the EPUB
reader sends each chapter through it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..brief import Article, StyleName
from ..errors import BriefError
from ..words import squash
from .assemble import Block, Source, finish

__all__ = ["element_blocks", "read_html"]

_REND_STYLE: dict[str, StyleName] = {"#b": "bold", "#i": "italic", "#t": "code", "#u": "italic"}
_TAG_STYLE: dict[str, StyleName] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "cite": "italic",
    "code": "code",
}
_HEADING_RE = re.compile(r"h([1-6])")
_SPACES_RE = re.compile(r"\s+")
_AUTHOR_LABEL_RE = re.compile(r"(?i)^(?:by|autor(?:in)?|author|von|par|por|di)\s*[:：]?\s+")
_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
_SKIP = frozenset({"script", "style", "nav", "noscript", "template", "svg", "head", "figure"})


def _local(tag: Any) -> str:
    if not isinstance(tag, str):
        return ""  # comments, processing instructions
    return tag.rsplit("}", 1)[-1].lower()


class _Text:
    """Inline text with style spans, whitespace collapsed."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.styles: list[tuple[int, int, StyleName]] = []
        self.size = 0

    def add(self, text: str | None) -> None:
        if not text:
            return
        piece = _SPACES_RE.sub(" ", text)
        if piece.startswith(" ") and (not self.parts or self.parts[-1].endswith(" ")):
            piece = piece[1:]
        if piece:
            self.parts.append(piece)
            self.size += len(piece)

    def block(self, kind: str = "body", level: int = 0) -> Block | None:
        raw = "".join(self.parts)
        text = raw.strip(" \t\n\r")
        if not text:
            return None
        shift = len(raw) - len(raw.lstrip(" \t\n\r"))
        styles = tuple(
            (max(0, s - shift), min(len(text), e - shift), name)
            for s, e, name in sorted(self.styles)
            if min(len(text), e - shift) > max(0, s - shift)
        )
        return Block(text, kind, level, styles)  # type: ignore[arg-type]


def _inline(node: Any, out: _Text, style_of: dict[str, StyleName], rend: bool) -> None:
    out.add(node.text)
    for child in node:
        tag = _local(child.tag)
        if tag in _SKIP or tag == "":
            out.add(child.tail)
            continue
        if tag in ("lb", "br"):
            out.add(" ")
        else:
            style = _REND_STYLE.get(child.get("rend", "")) if rend else style_of.get(tag)
            start = out.size
            _inline(child, out, style_of, rend)
            if style is not None and out.size > start:
                out.styles.append((start, out.size, style))
        out.add(child.tail)


def _trafilatura_blocks(node: Any) -> Iterator[Block]:
    for child in node:
        tag = _local(child.tag)
        if tag == "head":
            text = _Text()
            _inline(child, text, {}, True)
            match = _HEADING_RE.fullmatch(child.get("rend", "h2"))
            level = int(match.group(1)) if match else 2
            if (block := text.block("heading", level)) is not None:
                yield block
        elif tag == "list":
            for item in child:
                if _local(item.tag) != "item":
                    continue
                text = _Text()
                text.add(item.text)
                for sub in item:
                    if _local(sub.tag) == "list":
                        break
                    if _local(sub.tag) == "hi":
                        start = text.size
                        _inline(sub, text, {}, True)
                        style = _REND_STYLE.get(sub.get("rend", ""))
                        if style is not None and text.size > start:
                            text.styles.append((start, text.size, style))
                    else:
                        _inline(sub, text, {}, True)
                    text.add(sub.tail)
                if (block := text.block("item")) is not None:
                    yield block
                yield from _trafilatura_blocks([s for s in item if _local(s.tag) == "list"])
        elif tag == "table":
            for row in child.iter("row"):
                cells = [squash("".join(c.itertext())) for c in row]
                line = " | ".join(c for c in cells if c)
                if line:
                    yield Block(line, boilerplate_rules=False)
        elif (
            tag in ("quote", "div") and len(child) and _local(child[0].tag) in ("p", "head", "list")
        ):
            yield from _trafilatura_blocks(child)
        elif tag in ("p", "quote", "code", "div"):
            text = _Text()
            _inline(child, text, {}, True)
            if (block := text.block()) is not None:
                if tag == "code":
                    block.styles = ((0, len(block.text), "code"),)
                yield block


def element_blocks(root: Any) -> list[Block]:
    """Blocks from ordinary (X)HTML elements: headings, paragraphs, list items."""
    blocks: list[Block] = []

    def walk(node: Any) -> None:
        for child in node:
            tag = _local(child.tag)
            if tag in _SKIP or tag == "":
                continue
            heading = _HEADING_RE.fullmatch(tag)
            if tag == "hgroup":
                parts, levels = [], []
                for sub in child:
                    text = _Text()
                    _inline_until_block(sub, text)
                    if (piece := text.block()) is not None:
                        parts.append(piece.text)
                    if found := _HEADING_RE.fullmatch(_local(sub.tag)):
                        levels.append(int(found.group(1)))
                if parts:
                    blocks.append(Block(": ".join(parts), "heading", min(levels or [2])))
                continue
            if heading or tag in ("p", "li", "dt", "dd", "figcaption", "pre", "td", "th"):
                text = _Text()
                _inline_until_block(child, text)
                kind = "heading" if heading else "item" if tag == "li" else "body"
                block = text.block(kind, int(heading.group(1)) if heading else 0)
                if block is not None:
                    blocks.append(block)
                for sub in child:
                    if _local(sub.tag) in ("ul", "ol", "p", "div", "blockquote", "table"):
                        walk([sub])
            else:
                if (
                    child.text
                    and child.text.strip()
                    and tag in ("div", "section", "blockquote", "body")
                ):
                    text = _Text()
                    text.add(child.text)
                    if (block := text.block()) is not None:
                        blocks.append(block)
                walk(child)

    walk([root])
    return blocks


def _is_noteref(node: Any) -> bool:
    """A footnote/endnote reference (``epub:type="noteref"``, ``role="doc-noteref"``)."""
    kinds = f"{node.get(_EPUB_TYPE) or ''} {node.get('role') or ''}"
    return "noteref" in kinds


def _inline_until_block(node: Any, out: _Text) -> None:
    out.add(node.text)
    for child in node:
        tag = _local(child.tag)
        if tag in ("ul", "ol", "p", "div", "blockquote", "table") or tag in _SKIP or tag == "":
            if tag == "":
                out.add(child.tail)
            continue
        if _is_noteref(child):
            out.add(child.tail)
            continue
        if tag == "br":
            out.add(" ")
        else:
            style = _TAG_STYLE.get(tag)
            start = out.size
            _inline_until_block(child, out)
            if style is not None and out.size > start:
                out.styles.append((start, out.size, style))
        out.add(child.tail)


def strip_site(title: str, site: str) -> str:
    """``What we do - Creative Commons`` -> ``What we do`` (the site name is not the title)."""
    for sep in (" - ", " | ", " – ", " — ", " :: ", " · "):
        head, found, tail = title.rpartition(sep)
        if found and head.strip() and tail.strip().casefold() == site.strip().casefold():
            return head.strip()
    return title


def read_html(text: str, source: Source) -> Article:
    """Extract the article of an HTML page (see the module docstring)."""
    document, wiki = extract(text, source.path)
    fields: dict[str, str] = {}
    for name, value in (
        ("title", document.title),
        ("author", document.author),
        ("published", document.date),
        ("site", document.sitename),
        ("url", document.url),
    ):
        if isinstance(value, str) and value.strip():
            fields[name] = value.strip()
    if fields.get("author"):
        authors = [_AUTHOR_LABEL_RE.sub("", a).strip() for a in fields["author"].split(";")]
        fields["author"] = ", ".join(a for a in authors if a)
    if fields.get("title") and fields.get("site"):
        fields["title"] = strip_site(fields["title"], fields["site"])
    blocks = list(_trafilatura_blocks(document.body))
    if wiki:
        from .mediawiki import drop_empty_sections

        keep = drop_empty_sections([(b.kind, b.level) for b in blocks])
        blocks = [b for b, kept in zip(blocks, keep, strict=True) if kept]
    if not blocks:
        raise BriefError(source.path, "no article found in this page (no main text)")
    return finish(blocks, source, fields=fields, headline=None, fmt="html")


def extract(text: str, path: str) -> tuple[Any, bool]:
    """trafilatura's document for the page, and whether MediaWiki made it; a BriefError
    when there is no article."""
    import logging

    from trafilatura import bare_extraction

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        page, wiki = _mediawiki_cleaned(text)
        document = bare_extraction(
            page,
            fast=True,  # no fallback extractors: half the time, same result on the corpus
            favor_precision=True,
            include_formatting=True,
            include_comments=False,
            include_images=False,
            include_tables=True,
            with_metadata=True,
        )
    except Exception as exc:  # trafilatura/lxml failures are bad input, not our bug
        raise BriefError(path, f"cannot read this HTML page ({type(exc).__name__})") from None
    body = getattr(document, "body", None)
    if document is None or body is None or not len(body):
        raise BriefError(path, "no article found in this page (no main text)")
    return document, wiki


def _mediawiki_cleaned(text: str) -> tuple[Any, bool]:
    """The page as trafilatura will read it: a MediaWiki page parsed, with the wiki's
    furniture dropped (see :mod:`.mediawiki`), and whether it was one. Parsed once: the
    tree goes on to trafilatura. A page that is not HTML goes on as it is (trafilatura
    says why)."""
    from trafilatura.utils import load_html

    from .mediawiki import formulas_as_text, is_mediawiki, strip_furniture

    tree = load_html(text)
    if tree is None:
        return text, False
    if not is_mediawiki(tree):
        return tree, False
    formulas_as_text(tree)
    strip_furniture(tree)
    return tree, True
