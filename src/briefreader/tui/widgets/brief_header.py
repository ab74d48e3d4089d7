"""The header line: title, source, author and date — always plain text, never markup."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ...core.brief import Metadata


def header_content(meta: Metadata) -> Content:
    details = " · ".join(v for v in (meta.source, meta.author, meta.published_text) if v)
    return Content.assemble(
        (meta.title, "bold"),
        ("  —  " if details else "", "dim"),
        (details, "dim"),
    )


class BriefHeader(Static):
    DEFAULT_CSS = """
    BriefHeader { dock: top; height: 1; padding: 0 1; }
    """

    def __init__(self, meta: Metadata, *, id: str | None = None) -> None:
        super().__init__(header_content(meta), id=id)
