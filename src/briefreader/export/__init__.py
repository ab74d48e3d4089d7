"""Exports of a brief and its deck to other tools (pure: no Textual, no terminal).

Formats (:data:`FORMATS`): ``apkg`` (Anki package), ``csv``, ``tsv`` (Anki's text
importer), ``md`` (a Markdown study sheet), ``highlights-csv`` (Readwise) and
``json`` (``show --json`` plus the deck and the highlights/notes). Text formats are
rendered to a string by :func:`render_text`; ``apkg`` is written by
:func:`briefreader.export.anki.build_package`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..core.brief import Brief
from ..study.model import StudyCard
from .highlights import Annotation

FORMATS: dict[str, str] = {
    "apkg": ".apkg",
    "csv": ".csv",
    "tsv": ".tsv",
    "md": ".md",
    "highlights-csv": ".highlights.csv",
    "json": ".json",
}
BINARY_FORMATS = frozenset({"apkg"})


def render_text(
    fmt: str,
    brief: Brief,
    deck: Sequence[StudyCard],
    annotations: Sequence[Annotation] = (),
) -> str:
    """The export in a text format (not ``apkg``)."""
    if fmt == "csv":
        from .tabular import to_csv

        return to_csv(brief, deck)
    if fmt == "tsv":
        from .tabular import to_anki_tsv

        return to_anki_tsv(brief, deck)
    if fmt == "md":
        from .markdown import to_markdown

        return to_markdown(brief, deck, annotations)
    if fmt == "highlights-csv":
        from .highlights import to_readwise_csv

        return to_readwise_csv(brief, annotations)
    if fmt == "json":
        from .jsondata import export_json

        return (
            json.dumps(export_json(brief, deck, annotations), ensure_ascii=False, indent=2) + "\n"
        )
    raise ValueError(f"not a text format: {fmt}")
