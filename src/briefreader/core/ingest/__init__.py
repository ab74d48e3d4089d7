"""One reader per format, each producing the same :class:`~briefreader.core.brief.Article`.

:func:`load_source` reads a file safely (regular files only, size caps), sniffs
its format (:mod:`.sniff`) and hands it to the reader for that format; every
failure is one :class:`~briefreader.core.errors.BriefError` naming the file.
The format readers (and their third-party libraries) are imported only when a
file of that format is opened, so the reader's start-up never pays for them.

Readers: :mod:`.plain` (text), :mod:`.markdown`, :mod:`.html`, :mod:`.pdf`,
:mod:`.epub`; shared rules in :mod:`.header`, :mod:`.boilerplate`,
:mod:`.assemble`, :mod:`.dates`.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterable
from pathlib import Path

from ..brief import Article
from ..errors import BriefError
from ..text import MAX_ARTICLE_BYTES, clean_controls, decode_text, normalize_newlines, read_bytes
from ..words import squash
from .assemble import Source, keep_set
from .sniff import SUFFIXES, Format, sniff

__all__ = [
    "MAX_BINARY_BYTES",
    "SUFFIXES",
    "Format",
    "fallback_title",
    "load_bytes_for_import",
    "load_source",
    "parse_bytes",
    "sniff",
]

MAX_BINARY_BYTES = 64 * 1024 * 1024  # PDF and EPUB files
MAX_HTML_BYTES = 16 * 1024 * 1024


def fallback_title(path: str | os.PathLike[str]) -> str:
    """The file name without its extension, words spaced: ``nato-asian_pacific.md`` ->
    ``Nato asian pacific``."""
    name = Path(path).name
    suffix = Path(name).suffix.lower()
    if suffix in SUFFIXES:
        name = name[: -len(suffix)]
    words = squash(re.sub(r"[-_]+", " ", name))
    words, _ = clean_controls(words)
    return words[:1].upper() + words[1:] if words else "Untitled"


def decode(data: bytes, path: str | os.PathLike[str]) -> tuple[str, list[str]]:
    """Bytes -> clean text and notices (encoding, newlines, control characters)."""
    text, notices = decode_text(data, path)
    text, replaced = clean_controls(normalize_newlines(text))
    if replaced:
        noun = "character" if replaced == 1 else "characters"
        notices.append(f"replaced {replaced} control {noun} with visible symbols")
    return text, notices


_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def _decode_html(data: bytes, path: str) -> tuple[str, list[str]]:
    """HTML in UTF-8 (or Windows-1252), else in the charset its ``<meta>`` declares."""
    try:
        return decode(data, path)
    except BriefError as exc:
        declared = _CHARSET_RE.search(data[:4096])
        if declared is None or "UTF-8" not in exc.message:
            raise
        charset = declared.group(1).decode("ascii")
        try:
            text = data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            raise exc from None
        cleaned, replaced = clean_controls(normalize_newlines(text))
        notices = [f"decoded as {charset}, as the page declares"]
        if replaced:
            notices.append(f"replaced {replaced} control characters with visible symbols")
        return cleaned, notices


def parse_bytes(data: bytes, path: str | os.PathLike[str], *, keep: Iterable[str] = ()) -> Article:
    """Sniff ``data`` (the contents of ``path``) and parse it with the right reader."""
    name = os.fspath(path)
    fmt = sniff(data, Path(name).suffix.lower())
    source = Source(name, fallback_title(name), keep=keep_set(keep))
    if fmt == "zip":
        raise BriefError(name, "a zip archive, not an article (EPUB files are read)")
    if fmt == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, source)
    if fmt == "epub":
        from .epub import read_epub

        return read_epub(data, source)
    if fmt == "html" and len(data) > MAX_HTML_BYTES:
        raise BriefError(name, f"HTML page too large (the limit is {MAX_HTML_BYTES:,} bytes)")
    if fmt == "html":
        text, notices = _decode_html(data, name)
    else:
        text, notices = decode(data, name)
    source = dataclasses.replace(source, notices=tuple(notices))
    if fmt == "html":
        from .html import read_html

        return read_html(text, source)
    if fmt == "markdown":
        from .markdown import read_markdown

        return read_markdown(text, source)
    from .plain import read_plain

    return read_plain(text, source)


def _cap(path: str) -> int:
    suffix = Path(path).suffix.lower()
    return MAX_BINARY_BYTES if SUFFIXES.get(suffix) in ("pdf", "epub") else MAX_ARTICLE_BYTES


def load_bytes_for_import(path: str | os.PathLike[str]) -> bytes:
    """The bytes of an article file, with the same caps as :func:`load_source`."""
    name = os.fspath(path)
    return read_bytes(name, max_bytes=_cap(name))


def load_source(
    path: str | os.PathLike[str], *, keep: Iterable[str] = (), max_bytes: int | None = None
) -> Article:
    """Read any supported article file (see the module docstring)."""
    name = os.fspath(path)
    data = read_bytes(name, max_bytes=max_bytes if max_bytes is not None else _cap(name))
    return parse_bytes(data, name, keep=keep)
