"""The header line: title, source, author, editor and date — plain text, never markup.

Names in it are cross-referenced like the article's text (the byline is indexed
as paragraph 0 by :class:`~briefreader.study.derived.BriefData`): mentions get
their kind's style and the selected entry's mentions are lit up here too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from ...core.brief import Metadata
from ...core.xref import Mention
from ...study.derived import byline_parts


def header_content(meta: Metadata) -> Content:
    title, details = byline_parts(meta)
    return Content.assemble(
        (title, "bold"),
        ("  —  " if details else "", "dim"),
        (details, "dim"),
    )


class BriefHeader(Static):
    DEFAULT_CSS = """
    BriefHeader { dock: top; height: 1; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    selected: reactive[str | None] = reactive(None, init=False)
    """The selected entry: its mentions in the header are highlighted."""

    def __init__(self, meta: Metadata, *, id: str | None = None) -> None:
        self._base = header_content(meta)
        self._mentions: Sequence[Mention] = ()
        super().__init__(self._base, id=id, markup=False)

    def set_mentions(self, mentions: Sequence[Mention], kinds: Mapping[str, str]) -> None:
        """Mentions of entries in the header text (offsets into its plain text)."""
        self._mentions = mentions  # kinds: the article's colours stay in the article
        self._paint()

    def watch_selected(self) -> None:
        self._paint()

    def _paint(self) -> None:
        content = self._base
        for m in self._mentions:
            style = "bold reverse" if m.entry_id == self.selected else "underline"
            content = content.stylize(style, m.start, m.end)
        self.update(content, layout=False)  # (one docked line: only styles change, never the size)
