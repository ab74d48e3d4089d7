"""Which paragraphs the annotator reads, and spans inside them it does not.

Boilerplate (``###``, wire credits, "read more here"), citation lines and all-caps
headlines of ordinary words are skipped; transcript speaker labels are blanked with
their offsets kept; slash-joined document references are not acronyms.
"""

from __future__ import annotations

import re

from ..core.brief import Paragraph
from .headline import is_citation
from .lexicon import common_words
from .text import STOP_CAPS, WORD_RE, Token

_SPEAKER_LABEL_RE = re.compile(r"^[A-Z][A-Z.'’\- ]{1,40}:\s")
_WIRE_RE = re.compile(
    r"^\(?(?:reporting|writing|editing|additional reporting|compiled|photo|image|source)\b.*\bby\b",
    re.IGNORECASE,
)
_READ_MORE_RE = re.compile(
    r"^(?:read|click|watch|see|view|follow|download|learn more|sign up)\b"
    r".{0,120}\b(?:here|below)\W*$",
    re.IGNORECASE,
)
_BOILER = frozenset({"###", "# # #", "-30-", "ends", "end", "share", "read more", "related news"})


def usable(paragraph: Paragraph) -> bool:
    text = paragraph.text.strip()
    letters = [c for c in text if c.isalpha()]
    if (
        len(letters) < 2
        or text.lower() in _BOILER
        or _WIRE_RE.match(text)
        or _READ_MORE_RE.match(text)
        or is_citation(text)
    ):
        return False
    upper = sum(c.isupper() for c in letters)
    if len(text.split()) >= 2 and upper / len(letters) > 0.7:  # an all-caps headline …
        known = common_words()
        # … of ordinary words ("FACT SHEET"); "GNU GPL" is a list of acronyms
        return not any(
            len(w) >= 4 and (w.lower() in known or w.lower() in STOP_CAPS)
            for w in WORD_RE.findall(text)
        )
    return True


def clean_text(text: str) -> str:
    """Speaker labels of transcripts (``MR. SULLIVAN:``) blanked, offsets kept."""
    m = _SPEAKER_LABEL_RE.match(text)
    return " " * m.end() + text[m.end() :] if m else text


def reference(text: str, tok: Token) -> bool:
    """Part of a slash-joined document reference with numbers (``A/ES-11/L.7``)."""
    lo = text.rfind(" ", 0, tok.start) + 1
    hi = text.find(" ", tok.end)
    chunk = text[lo : hi if hi >= 0 else len(text)]
    return "/" in chunk and any(ch.isdigit() for ch in chunk)
