"""Two small text rules used everywhere, defined once.

* :func:`squash`: every run of whitespace (newlines, tabs, Unicode spaces) becomes
  one space and the ends are trimmed -- how a YAML value, a name or a prompt is
  compared and shown on one line.
* :func:`literal_words`: a phrase as a regular expression that matches it
  *literally* (never as a pattern), with any run of whitespace between its words
  -- how search, evidence spans, anchors and name masking find a phrase in a
  paragraph whose line breaks differ from the phrase's.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["literal_words", "literal_words_source", "squash"]


def squash(text: str) -> str:
    """``text`` on one line: whitespace runs as single spaces, no space at the ends."""
    return " ".join(text.split())


def literal_words_source(phrase: str) -> str:
    """The pattern source for ``phrase`` (empty when it has no words)."""
    return r"\s+".join(map(re.escape, phrase.split()))


@lru_cache(maxsize=1024)
def literal_words(phrase: str, flags: int = 0) -> re.Pattern[str] | None:
    """``phrase`` as a compiled literal pattern (see the module docstring), or None
    when it has no words."""
    source = literal_words_source(phrase)
    return re.compile(source, flags) if source else None
