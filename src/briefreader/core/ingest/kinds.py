"""Paragraph kinds read from the text itself: an author's bio and an editor's note."""

from __future__ import annotations

import re

from ..brief import ParagraphKind

__all__ = ["paragraph_kind"]

_BIO_RE = re.compile(r"(?is)\(\s*the\s+(?:author|writer)s?\b.*\)\W*")
_NOTE_RE = re.compile(r"(?i)editor['’‘`]?s\s+note\s*[:：]")


def paragraph_kind(text: str) -> ParagraphKind:
    """``bio`` for ``(The author is ...)``, ``note`` for ``Editor's note: ...``, else ``body``."""
    head = text.lstrip()
    if head[:1] not in ("(", "E", "e"):
        return "body"
    if head.startswith("(") and _BIO_RE.fullmatch(head.rstrip()):
        return "bio"
    if _NOTE_RE.match(head):
        return "note"
    return "body"
