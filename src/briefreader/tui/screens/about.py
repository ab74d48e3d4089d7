"""About this source: the brief's metadata and the note on the outlet."""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...core.brief import Brief
from ...core.errors import one_line
from ...core.paths import article_outside
from ..widgets.key_footer import KeyFooter


def article_label(brief: Brief) -> str | None:
    """The article's file name, or its resolved path when it lies outside the brief's folder
    (escaped: a file name may hold control characters)."""
    if not brief.article_path:
        return None
    if (
        brief.path
        and brief.path != brief.article_path
        and article_outside(brief.path, brief.article_path)
    ):
        real = os.path.realpath(brief.article_path)
        return one_line(f"{real} (outside the brief's folder)")
    return one_line(Path(brief.article_path).name)


MAX_DROPPED_SHOWN = 50


def about_content(brief: Brief) -> Content:
    meta = brief.metadata
    rows: list[tuple[str, str | None]] = [
        ("Title", meta.title),
        ("Source", meta.source),
        ("Author", meta.author),
        ("Author's role", meta.author_role),
        ("Editor", meta.editor),
        ("Published", meta.published_text),
        ("First published in", meta.original_publication),
        ("Address", meta.url),
        ("Brief", brief.slug),
        ("Article file", article_label(brief)),
    ]
    parts: list[Content] = [Content.styled("About this source\n\n", "bold")]
    for label, value in rows:
        if value:
            parts.append(Content.assemble((f"{label}: ", "bold"), value, "\n"))
    if meta.about:
        parts.append(Content("\n"))
        parts.append(Content(meta.about))
        parts.append(Content("\n"))
    for notice in brief.article.notices:
        parts.append(Content.assemble(("\nNotice: ", "bold $warning"), notice))
    if brief.article.dropped:
        parts.append(Content.styled("\nLeft out by the article rules\n", "bold"))
        for dropped in brief.article.dropped[:MAX_DROPPED_SHOWN]:
            parts.append(
                Content.assemble(
                    ("  • ", "dim"), dropped.text, (f"  ({dropped.reason})", "dim"), "\n"
                )
            )
        more = len(brief.article.dropped) - MAX_DROPPED_SHOWN
        if more > 0:
            parts.append(Content.styled(f"  … and {more} more (briefreader show --json)\n", "dim"))
    counts = (
        f"\n\n{len(brief.paragraphs)} paragraphs · {len(brief.glossary)} terms · "
        f"{len(brief.actors)} actors · {len(brief.outline_points())} outline points · "
        f"{len(brief.cards)} curated cards (the quiz adds generated ones)"
    )
    parts.append(Content.styled(counts, "dim"))
    return Content("").join(parts)


class AboutScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,i", "dismiss", "Close", tooltip="Back to the reader"),
    ]

    def __init__(self, brief: Brief) -> None:
        super().__init__()
        self.brief = brief

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="about-box"):
            yield Static(about_content(self.brief), id="about-text")
        yield KeyFooter()
