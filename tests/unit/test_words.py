"""The one whitespace rule and the one literal-phrase pattern."""

from __future__ import annotations

import re

from briefreader.core.words import literal_words, literal_words_source, squash


def test_squash() -> None:
    assert squash("  a\n\tb\u00a0 c  ") == "a b c"
    assert squash("") == "" and squash(" \n ") == ""


def test_literal_words_matches_across_whitespace_and_never_as_a_pattern() -> None:
    pattern = literal_words("the (ROK) and\nJapan.*", re.IGNORECASE)
    assert pattern is not None
    match = pattern.search("visit to The (ROK)   and Japan.* now")
    assert match is not None and match.group() == "The (ROK)   and Japan.*"
    assert pattern.search("the ROK and Japan") is None
    assert literal_words("   ") is None and literal_words_source("") == ""
    assert literal_words("a b") is literal_words("a b")  # built once
