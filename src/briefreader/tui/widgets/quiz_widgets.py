"""Widgets of the quiz: options, an orderable list, the evidence and a grade line.

Everything shown is built as :class:`Content` from plain strings (card text comes
from files and is never markup).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...core.brief import Brief
from ...study.evidence import EvidenceSpan
from ...study.grading import Grade

LETTERS = "abcd"


def grade_content(result: Grade) -> Content:
    """The verdict line plus what differed (a ``changed`` piece reads "typed→expected")."""
    label = {
        "exact": ("✔ Correct", "bold $text-success"),
        "close": ("≈ Close enough", "bold $text-warning"),
        "wrong": ("✘ Not quite", "bold $text-error"),
    }[result.verdict]
    parts: list[Content | tuple[str, str] | str] = [label, "   "]
    for op, text in result.diff:
        style = {
            "same": "",
            "missing": "bold underline $text-success",
            "extra": "strike $text-error",
            "changed": "bold $text-warning",
        }.get(op, "")
        parts.append((text, style))
    return Content.assemble(*parts)


class ChoiceList(OptionList):
    """Multiple-choice options, numbered 1-4 and lettered a-d; as wide as they are."""

    DEFAULT_CSS = """
    ChoiceList { width: auto; max-width: 100%; height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Next option", show=False),
        Binding("k", "cursor_up", "Previous option", show=False),
    ]

    def __init__(self, options: Sequence[str], *, id: str | None = None) -> None:
        self.choices = tuple(options)
        self.answered = False
        super().__init__(
            *[
                Option(Content.assemble((f"{i + 1} {LETTERS[i]})  ", "bold"), text), id=str(i))
                for i, text in enumerate(self.choices)
            ],
            id=id,
            markup=False,
        )

    def mark(self, chosen: int, correct: int) -> None:
        """After answering: the right option in green with ✔, a wrong choice in red with
        ✘, the others dimmed; the chosen row stays highlighted and options stay put."""
        self.answered = True
        for i, text in enumerate(self.choices):
            if i == correct:
                tag, style = ("✔ ", "bold $text-success"), "bold $text-success"
            elif i == chosen:
                tag, style = ("✘ ", "bold $text-error"), "$text-error"
            else:
                tag, style = ("  ", ""), "dim"
            mine = ("  ← your answer", "italic") if i == chosen else ""
            self.replace_option_prompt_at_index(
                i,
                Content.assemble(tag, (f"{i + 1} {LETTERS[i]})  ", "bold"), (text, style), mine),
            )
        self.highlighted = chosen

    def action_select(self) -> None:
        if not self.answered:
            super().action_select()


class OrderList(OptionList):
    """Items to put in order: move the highlighted one with shift+arrows or J/K."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Next item", show=False),
        Binding("k", "cursor_up", "Previous item", show=False),
        Binding("shift+down,J", "move(1)", "Move item down", tooltip="Also shift+↓"),
        Binding("shift+up,K", "move(-1)", "Move item up", tooltip="Also shift+↑"),
    ]

    def __init__(self, items: Sequence[str], *, id: str | None = None) -> None:
        self.items = list(items)
        super().__init__(*self._item_options(), id=id, markup=False)

    def _item_options(self) -> list[Option]:
        return [
            Option(Content.assemble((f"{i + 1}.  ", "bold"), text))
            for i, text in enumerate(self.items)
        ]

    def action_move(self, delta: int) -> None:
        i = self.highlighted
        if i is None or self.disabled:
            return
        j = i + delta
        if not 0 <= j < len(self.items):
            return
        self.items[i], self.items[j] = self.items[j], self.items[i]
        self.clear_options()
        self.add_options(self._item_options())
        self.highlighted = j

    def mark(self, correct: Sequence[str]) -> None:
        for i, text in enumerate(self.items):
            ok = i < len(correct) and correct[i] == text
            tag = ("✔ ", "bold $text-success") if ok else ("✘ ", "bold $text-error")
            self.replace_option_prompt_at_index(
                i, Content.assemble(tag, (f"{i + 1}.  ", "bold"), text)
            )
        self.disabled = True


def evidence_content(brief: Brief, spans: Sequence[EvidenceSpan]) -> Content:
    """The evidence paragraphs, the answer's words highlighted."""
    parts: list[Content] = [Content.styled("Evidence in the text\n", "bold")]
    seen: dict[int, list[EvidenceSpan]] = {}
    for span in spans:
        seen.setdefault(span.paragraph, []).append(span)
    if not seen:
        parts.append(Content.styled("(this card has no anchor in the text)", "dim"))
    for n, group in seen.items():
        text = brief.paragraphs[n - 1].text
        body = Content(text)
        for span in group:
            if span.start is not None and span.end is not None:
                body = body.stylize("reverse bold", span.start, span.end)
        parts.append(Content.assemble((f"¶ {n}  ", "bold $accent"), body, "\n"))
    return Content("\n").join(parts)


class EvidenceView(Static):
    """Shows where the answer comes from (and the card's note, first)."""

    DEFAULT_CSS = """
    EvidenceView { height: auto; padding: 1 0 0 0; }
    """

    def show(self, brief: Brief, spans: Sequence[EvidenceSpan], note: str | None = None) -> None:
        body = evidence_content(brief, spans)
        if note:
            body = Content("\n").join(
                [Content.assemble(("Note: ", "bold $text-warning"), note), Content(""), body]
            )
        self.update(body)
        self.display = True
