"""Which reader a file needs: its first bytes first, its extension second.

A ``.txt`` that starts with YAML front matter is Markdown, a file that starts
with ``<!doctype html`` is HTML whatever its name, ``%PDF-`` is a PDF and a zip
whose first entry is ``mimetype: application/epub+zip`` is an EPUB.
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["SUFFIXES", "Format", "sniff"]

Format = Literal["text", "markdown", "html", "pdf", "epub"]
SUFFIXES: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".epub": "epub",
}
_HTML_START_RE = re.compile(
    rb"(?is)\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b"
)
_FRONT_MATTER_RE = re.compile(rb"---[ \t]*\r?\n(?:[^\n]*\n){0,60}?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)")
_KEY_RE = re.compile(rb"(?m)^[A-Za-z_][\w -]*:")
_BOM = b"\xef\xbb\xbf"


def sniff(data: bytes, suffix: str) -> Format | Literal["zip"]:
    """The format of file bytes ``data`` named with ``suffix`` (lower case, with the dot)."""
    head = data[:4096]
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if b"mimetypeapplication/epub+zip" in head[:200] or suffix == ".epub":
            return "epub"
        return "zip"
    text = head.removeprefix(_BOM)
    if _HTML_START_RE.match(text):
        return "html"
    stripped = text.lstrip(b" \t\r\n")
    front = _FRONT_MATTER_RE.match(stripped)
    if front is not None and _KEY_RE.search(front.group(0)):
        return "markdown"
    by_name = SUFFIXES.get(suffix, "text")
    if by_name == "html" and b"<" not in text:
        return "text"  # a page saved as text under an .html name
    if by_name in ("pdf", "epub"):
        return "text" if b"\x00" not in head and _looks_textual(head) else by_name
    return by_name


def _looks_textual(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > len(head) - 4  # cut inside a character at the end
    return True
