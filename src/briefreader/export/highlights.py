"""The reader's highlights and notes as exports see them, and the Readwise CSV.

Exporters depend only on :class:`Annotation` (a highlighted passage and/or a note on
a paragraph); :func:`briefreader.cmds.export.load_annotations` turns whatever the
store keeps into these. The Readwise layout is the one its CSV import documents:
``Highlight, Title, Author, URL, Note, Location, Date`` (Location: the paragraph
number; Date: ``YYYY-MM-DD HH:MM:SS`` in UTC).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from ..core.brief import Brief
from .common import one_line

READWISE_HEADER = ("Highlight", "Title", "Author", "URL", "Note", "Location", "Date")


@dataclass(frozen=True)
class Annotation:
    """A highlight (``quote`` non-empty) or a note on a paragraph (``note``), or both."""

    paragraph: int
    quote: str
    note: str | None = None
    created: datetime | None = None
    start: int | None = None
    end: int | None = None


def passage_text(brief: Brief, item: Annotation) -> str:
    """What was highlighted: the quote, else the whole paragraph (a note on it)."""
    if item.quote.strip():
        return one_line(item.quote)
    if 1 <= item.paragraph <= len(brief.paragraphs):
        return brief.paragraphs[item.paragraph - 1].text
    return ""


def _date(value: datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%d %H:%M:%S")


def to_readwise_csv(brief: Brief, items: Sequence[Annotation]) -> str:
    meta = brief.metadata
    url = getattr(meta, "url", None) or ""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(READWISE_HEADER)
    for item in items:
        writer.writerow(
            [
                passage_text(brief, item),
                one_line(meta.title),
                one_line(meta.author or meta.source or ""),
                url,
                one_line(item.note or ""),
                str(item.paragraph),
                _date(item.created),
            ]
        )
    return buffer.getvalue()


def annotation_json(item: Annotation) -> dict[str, object]:
    return {
        "paragraph": item.paragraph,
        "start": item.start,
        "end": item.end,
        "quote": item.quote,
        "note": item.note,
        "created": item.created.isoformat() if item.created else None,
    }
