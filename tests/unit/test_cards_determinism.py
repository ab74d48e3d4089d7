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


def test_study_card_init_matches_its_fields() -> None:
    """StudyCard's hand-written __init__ (fast) takes exactly the dataclass fields, in
    order, with the same defaults, and the card stays frozen, equal and hashable."""
    import dataclasses
    import inspect

    import pytest

    from briefreader.study.model import StudyCard

    params = list(inspect.signature(StudyCard.__init__).parameters.values())[1:]
    fields = dataclasses.fields(StudyCard)
    assert [p.name for p in params] == [f.name for f in fields]
    for param, f in zip(params, fields, strict=True):
        expected = inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
        assert param.default == expected, f.name
    card = StudyCard("a", "flip", "p", "x", "curated", "fact", siblings=("s",))
    assert card == StudyCard("a", "flip", "p", "x", "curated", "fact", siblings=("s",))
    assert hash(card) == hash(dataclasses.replace(card))
    assert dataclasses.asdict(card)["siblings"] == ("s",)
    with pytest.raises(dataclasses.FrozenInstanceError):
        card.id = "b"  # type: ignore[misc]
