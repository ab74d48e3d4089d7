"""Articles from files: the entry point the loader and the commands use.

:func:`load_article` reads any supported file (plain text, Markdown, HTML, PDF,
EPUB; see :mod:`briefreader.core.ingest`) into an
:class:`~briefreader.core.brief.Article`; :func:`parse_article` parses plain text
already in memory. The plain-text rules (paragraphs, header, boilerplate anywhere,
truncation) live in :mod:`briefreader.core.ingest.plain` and its helpers and are
described in the README, section "Articles".
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from .brief import Article
from .ingest import fallback_title, load_source
from .ingest.assemble import Source, keep_set
from .ingest.dates import parse_iso
from .ingest.plain import read_plain

__all__ = ["humanize_stem", "load_article", "parse_article", "parse_published"]


def parse_published(value: str) -> datetime | None:
    """An ISO-like date or date-time as a naive datetime (wall-clock time as
    written; any UTC offset is dropped), else None."""
    return parse_iso(value)


def parse_article(
    text: str,
    *,
    fallback_title: str,
    notices: Iterable[str] = (),
    path: str | os.PathLike[str] = "<text>",
    keep: Iterable[str] = (),
) -> Article:
    """Parse cleaned plain text (see :func:`~briefreader.core.text.load_text`).

    ``fallback_title`` is used when the text has no title; ``path`` only names
    the source in errors; ``keep`` lists lines the rules would drop but the
    brief keeps. Raises :class:`BriefError` ``no paragraphs`` when nothing but a
    header (or nothing at all) is left.
    """
    source = Source(os.fspath(path), fallback_title, tuple(notices), keep_set(keep))
    return read_plain(text, source)


def humanize_stem(stem: str) -> str:
    """A file-name stem as a title: ``nato-asian_pacific`` -> ``Nato asian pacific``."""
    return fallback_title(stem + ".txt")


def load_article(
    path: str | os.PathLike[str], *, max_bytes: int | None = None, keep: Iterable[str] = ()
) -> Article:
    """Read ``path`` (any supported format) and parse it; errors are BriefErrors."""
    return load_source(Path(path), keep=keep, max_bytes=max_bytes)
