"""PDF -> Article with pypdf: text in reading order, paragraphs from line geometry.

pypdf lays the text out (its spacing, its line breaks, content order); its text
visitor gives each line's position, size and weight. Lines become paragraphs: a new
paragraph starts after a vertical gap clearly larger than the document's line
spacing, at a first-line indent, after a short line that ends a sentence, or
where the font size changes; larger text is a heading. A paragraph flows across
a page break. Running headers and footers (the same line, digits aside, at the
top or bottom of most pages) and page numbers are dropped and listed; a word
hyphenated at a line end is joined again.

An encrypted PDF that needs a password, a damaged file and a PDF with no text
layer (a scan) each give one error line.
"""

from __future__ import annotations

import io
import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..brief import Article, Dropped
from ..errors import BriefError
from ..text import clean_controls
from ..words import squash
from .assemble import Block, Source, finish

__all__ = ["read_pdf"]

MAX_PAGES = 2000
_PAGE_NUMBER_RE = re.compile(
    r"(?i)(?:page\s+)?[-–—(\[]?\s*(?:\d{1,4}|[ivxlc]{1,7})\s*[-–—)\]]?(?:\s*(?:of|/)\s*\d{1,4})?"
)
_PDF_DATE_RE = re.compile(r"D?:?(\d{4})(\d{2})?(\d{2})?")
_SENTENCE_END = '.!?:"”’)'
_BULLET_RE = re.compile(r"[•●▪■◦‣∙*–-]\s+")
_UNTITLED = re.compile(r"(?i)^(?:untitled|microsoft word|document\d*|.*\.(?:docx?|pdf|indd|rtf))")


@dataclass
class _Line:
    page: int
    y: float
    x: float
    size: float
    text: str
    bold: bool
    top: float  # page height


def _page_lines(page: Any, index: int) -> list[_Line]:
    """The page's lines as pypdf lays them out (its spacing, its line breaks, in content
    order), each with the position, size and weight of its first visible fragment."""
    height = float(page.mediabox.height or 792)
    lines: list[_Line] = []
    parts: list[str] = []
    first: list[_Line] = []

    def flush() -> None:
        text = squash("".join(parts))
        if text and first:
            line = first[0]
            line.text = text
            lines.append(line)
        parts.clear()
        first.clear()

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        for k, piece in enumerate(text.replace("\r", "").split("\n")):
            if k:
                flush()
            if not piece:
                continue
            parts.append(piece)
            if piece.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                scaled = float(size) * (abs(tm[3] * cm[3]) or 1.0)
                name = str(font.get("/BaseFont", "")) if isinstance(font, dict) else ""
                bold = "bold" in name.lower()
                if not first:
                    first.append(_Line(index, y, x, scaled, "", bold, height))
                else:
                    first[0].size = max(first[0].size, scaled)
                    first[0].bold = first[0].bold and bold

    page.extract_text(visitor_text=visit)
    flush()
    return lines


def _edge_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.casefold())


def _edges(lines: list[_Line], body: float) -> list[_Line]:
    """The first and last two lines of a page, when they sit in its outer eighth
    and are not larger than the body text (a heading is never a running header)."""
    return [
        line
        for line in {id(x): x for x in lines[:2] + lines[-2:]}.values()
        if (line.y > 0.875 * line.top or line.y < 0.125 * line.top) and line.size <= body + 0.5
    ]


def _drop_running(pages: list[list[_Line]], dropped: list[Dropped]) -> list[list[_Line]]:
    """Remove running headers/footers and page numbers from the top/bottom lines of pages."""
    sizes = Counter(round(line.size, 1) for lines in pages for line in lines for _ in line.text)
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    edges: Counter[str] = Counter()
    for lines in pages:
        edges.update({_edge_key(line.text) for line in _edges(lines, body)})
    repeated = {k for k, n in edges.items() if n >= 2 and n >= 0.4 * len(pages)}
    out: list[list[_Line]] = []
    for lines in pages:
        edge = {id(line) for line in _edges(lines, body)}
        kept: list[_Line] = []
        for line in lines:
            if id(line) in edge:
                if _PAGE_NUMBER_RE.fullmatch(line.text):
                    dropped.append(Dropped(line.text, "page number"))
                    continue
                if len(pages) > 1 and _edge_key(line.text) in repeated:
                    dropped.append(Dropped(line.text, "running header/footer"))
                    continue
            kept.append(line)
        out.append(kept)
    return out


def _join(prev: str, line: str) -> str:
    if prev.endswith("-") and len(prev) > 1 and prev[-2].isalpha() and line[:1].islower():
        return prev[:-1] + line
    return prev + " " + line


def _paragraphs(pages: list[list[_Line]]) -> list[Block]:
    lines = [line for page in pages for line in page]
    if not lines:
        return []
    sizes = Counter(round(line.size, 1) for line in lines for _ in line.text)
    body = sizes.most_common(1)[0][0]
    gaps = [
        a.y - b.y
        for a, b in itertools.pairwise(lines)
        if a.page == b.page and abs(a.size - body) < 0.5 and abs(b.size - body) < 0.5 and a.y > b.y
    ]
    # the line spacing: a low quantile, so that paragraph gaps do not count
    spacing = sorted(gaps)[len(gaps) // 4] if gaps else body * 1.2
    margin = min((line.x for line in lines if abs(line.size - body) < 0.5), default=0.0)
    width = statistics.median(
        [len(line.text) for line in lines if abs(line.size - body) < 0.5] or [60]
    )
    big = sorted({round(line.size) for line in lines if line.size >= 1.15 * body}, reverse=True)
    blocks: list[Block] = []
    current: list[str] = []
    current_kind = "body"
    prev: _Line | None = None

    def flush() -> None:
        nonlocal current
        if current:
            text = current[0]
            for piece in current[1:]:
                text = _join(text, piece)
            level = 0
            if current_kind == "heading":
                level = 1 + (big.index(round(prev_size)) if round(prev_size) in big else len(big))
            blocks.append(Block(text, current_kind, min(level, 6)))  # type: ignore[arg-type]
        current = []

    prev_size = body
    for line in lines:
        heading = line.size >= 1.15 * body or (line.bold and len(line.text.split()) <= 12)
        bullet = _BULLET_RE.match(line.text)
        kind = "heading" if heading else "item" if bullet else "body"
        if bullet:
            line.text = line.text[bullet.end() :]
        new = (
            prev is None
            or kind == "item"
            or (kind != current_kind and not (kind == "body" and current_kind == "item"))
        )
        new = new or (heading and abs(line.size - prev_size) > 0.5)
        if not new and prev is not None:
            if line.page == prev.page:
                gap = prev.y - line.y
                new = gap > 1.45 * spacing * max(1.0, line.size / body) or gap < 0
            ends = prev.text[-1:] in _SENTENCE_END
            indent = line.x - margin > 0.8 * body and abs(prev.x - margin) < 0.5 * body
            short = ends and len(prev.text) < 0.7 * width
            if kind == "body" and current_kind == "body":
                new = new or indent or short
            elif kind == "body":  # an item's wrapped lines stay in the item
                new = new or short or (line.x - margin < 0.5 * body and abs(prev.x - margin) > body)
        if new:
            flush()
            current_kind = kind
        current.append(line.text)
        prev, prev_size = line, line.size
    flush()
    return blocks


def _meta_text(value: Any) -> str | None:
    if value is None:
        return None
    text = squash(clean_controls(str(value))[0])
    return text or None


def read_pdf(data: bytes, source: Source) -> Article:
    """Read a PDF's text layer into an Article (see the module docstring)."""
    path = source.path
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = bool(reader.decrypt(""))
            except Exception:  # unsupported encryption (e.g. AES without cryptography)
                opened = False
            if not opened:
                raise BriefError(
                    path, "encrypted PDF (it needs a password; save a copy without one)"
                )
        if len(reader.pages) > MAX_PAGES:
            raise BriefError(
                path, f"PDF too long ({len(reader.pages)} pages; the limit is {MAX_PAGES})"
            )
        pages = [_page_lines(page, i) for i, page in enumerate(reader.pages)]
        info = reader.metadata
    except BriefError:
        raise
    except (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        OSError,
    ) as exc:
        raise BriefError(path, f"damaged or unreadable PDF ({type(exc).__name__})") from None
    except RecursionError:
        raise BriefError(path, "damaged or unreadable PDF (nested too deeply)") from None
    if not any(pages):
        raise BriefError(path, "no text in this PDF (a scanned image? it needs OCR first)")
    dropped: list[Dropped] = []
    pages = _drop_running(pages, dropped)
    for lines in pages:
        for line in lines:
            line.text = clean_controls(line.text)[0]
    blocks = _paragraphs(pages)
    fields: dict[str, str] = {}
    if info is not None:
        title = _meta_text(info.get("/Title"))
        if title and not _UNTITLED.match(title):
            fields["title"] = title
        if author := _meta_text(info.get("/Author")):
            fields["author"] = author
        date = _PDF_DATE_RE.match(str(info.get("/CreationDate") or ""))
        if date is not None and date.group(3):
            fields["published"] = f"{date.group(1)}-{date.group(2)}-{date.group(3)}"
    headline = None
    if "title" not in fields and blocks and blocks[0].kind == "heading":
        headline = blocks.pop(0).text
    return finish(blocks, source, fields=fields, headline=headline, fmt="pdf", dropped=dropped)
