"""Draft annotations for any article: glossary terms, actors and an outline (pure).

``suggest(article)`` returns :class:`~briefreader.annotate.model.Suggestions`; the
default backend is rule-based and offline (bundled gazetteer data only). See
:mod:`briefreader.annotate.backend` for the optional spaCy backend.
"""

from __future__ import annotations

from .model import PointSuggestion, Suggestion, Suggestions

__all__ = ["PointSuggestion", "Suggestion", "Suggestions", "suggest"]


def suggest(article: object, *, backend: str = "auto") -> Suggestions:
    from .backend import suggest as run

    return run(article, backend=backend)  # type: ignore[arg-type]
