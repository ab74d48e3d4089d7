"""The card's evidence in the whole text: opened from the quiz with ``r``.

A read-only article view scrolled to the first evidence paragraph, the answer's
words highlighted; Esc (or ``r``) goes back to the same card of the same session.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ...core.brief import Brief
from ...study.evidence import EvidenceSpan
from ..widgets.article_view import ArticleView
from ..widgets.key_footer import KeyFooter


class EvidenceScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,r", "back", "Back to the card", tooltip="Back to the same card"),
    ]
    DEFAULT_CSS = """
    EvidenceScreen #evidence-header { dock: top; height: auto; max-height: 3; padding: 0 1;
        background: $panel; }
    EvidenceScreen ArticleView { height: 1fr; }
    """

    def __init__(self, brief: Brief, prompt: str, spans: Sequence[EvidenceSpan]) -> None:
        super().__init__()
        self.brief = brief
        self.prompt = prompt
        self.spans = tuple(spans)

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble(("Evidence for: ", "bold"), self.prompt), id="evidence-header"
        )
        yield ArticleView(self.brief.paragraphs, id="evidence-article")
        yield KeyFooter()

    def on_mount(self) -> None:
        article = self.query_one(ArticleView)
        selected: dict[int, list[tuple[int, int]]] = {}
        for span in self.spans:
            if span.start is not None and span.end is not None:
                selected.setdefault(span.paragraph, []).append((span.start, span.end))
        article.set_selected(selected)
        if self.spans:
            first = self.spans[0]
            article.go_to(first.paragraph, first.start)
        article.focus()

    def action_back(self) -> None:
        self.dismiss(None)
