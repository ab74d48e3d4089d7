"""Backends behind one interface: the rules (default), or spaCy when a model is installed.

The spaCy backend is optional: it is used only if ``spacy`` and an English model
(``en_core_web_sm`` or the name in ``BRIEFREADER_SPACY_MODEL``) are installed; it adds
the model's PERSON/ORG/GPE/LOC entities that the rules missed. Nothing is downloaded.
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Literal

from ..core.brief import Article
from .model import ROLE_UNKNOWN, Suggestion, SuggestionKind, Suggestions
from .text import fold

Backend = Literal["auto", "rules", "spacy"]
_SPACY_KINDS: dict[str, SuggestionKind] = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "state",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}


def _spacy_model() -> object | None:
    try:
        import spacy  # type: ignore[import-not-found]
    except ImportError:
        return None
    name = os.environ.get("BRIEFREADER_SPACY_MODEL", "en_core_web_sm")
    if not spacy.util.is_package(name):
        return None
    model: object = spacy.load(name)
    return model


def suggest(article: Article, *, backend: Backend = "auto") -> Suggestions:
    from .engine import annotate

    found = annotate(article)
    if backend == "rules":
        return found
    nlp = _spacy_model() if backend in ("auto", "spacy") else None
    if nlp is None:
        return found
    known = {fold(n) for s in found.entries for n in s.names}
    extra: list[Suggestion] = []
    for p in article.paragraphs:
        for ent in nlp(p.text).ents:  # type: ignore[operator]
            kind = _SPACY_KINDS.get(ent.label_)
            if kind is None or fold(ent.text) in known:
                continue
            known.add(fold(ent.text))
            extra.append(
                Suggestion(
                    ent.text,
                    kind,
                    "person"
                    if kind == "person"
                    else "organisation"
                    if kind == "organisation"
                    else "place",
                    f"From the text: “{ent.sent.text}”",
                    0.5,
                    role=ROLE_UNKNOWN,
                    first=(p.n, ent.start_char),
                )
            )
    return replace(found, entries=(*found.entries, *extra), backend="spacy")
