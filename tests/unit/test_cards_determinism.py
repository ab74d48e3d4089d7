"""The deck is the same in every process: no order may depend on Python's string
hash seed (distractor candidates once followed a set's iteration order)."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = r"""
import hashlib
from briefreader.core.brief import Article, Brief, Metadata, Paragraph, Term
from briefreader.study.cards import build_deck

words = ["maritime", "command", "joint", "force", "naval", "air", "defence", "staff"]
names = [f"{a} {b}" for a in words for b in words if a != b][:40]
text = " ".join(f"The {n} met." for n in names)
glossary = tuple(Term(f"t{i}", n, f"A body of the {i % 5} kind.") for i, n in enumerate(names))
brief = Brief(
    slug="seeds",
    article=Article(Metadata(title="Seeds"), (Paragraph(1, "body", text),)),
    glossary=glossary,
)
deck = build_deck(brief)
print(hashlib.sha256(repr(deck).encode()).hexdigest())
"""


def deck_digest(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def test_deck_does_not_depend_on_the_hash_seed() -> None:
    digests = {deck_digest(seed) for seed in ("1", "2", "3", "4")}
    assert len(digests) == 1
