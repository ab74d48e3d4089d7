"""The quiz: one card at a time, four kinds, evidence after every answer.

The screen is a small state machine — ``asking`` → ``answered`` (or ``revealed``
for flip cards) → next card — over a :class:`~briefreader.study.scheduler.Session`,
which commits every answer to the progress store the moment it is given.
Dismissed with the paragraph to open in the reader (``r``), or ``None`` (``Esc``).
"""

from __future__ import annotations

import random
import time
from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static

from ...core.brief import Brief
from ...study.evidence import evidence_spans
from ...study.grading import Grade, grade
from ...study.model import StudyCard
from ...study.scheduler import Session, auto_rating
from ..widgets.key_footer import KeyFooter
from ..widgets.quiz_widgets import ChoiceList, EvidenceView, OrderList

Phase = Literal["asking", "revealed", "answered", "done"]
RATINGS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


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


class QuizScreen(Screen[int | None]):
    """Study the brief's key points with spaced repetition."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Reader", tooltip="Back to the reader where you left it"),
        Binding("space", "primary", "Reveal / next", tooltip="Reveal a flip card, or go on"),
        Binding("enter", "primary", "Next", show=False, tooltip="Go on to the next card"),
        Binding("1", "digit(1)", "Again / 1", show=False, tooltip="Rate Again, or option 1"),
        Binding("2", "digit(2)", "Hard / 2", show=False, tooltip="Rate Hard, or option 2"),
        Binding("3", "digit(3)", "Good / 3", show=False, tooltip="Rate Good, or option 3"),
        Binding("4", "digit(4)", "Easy / 4", show=False, tooltip="Rate Easy, or option 4"),
        Binding("a", "option(0)", "Option a", show=False),
        Binding("b", "option(1)", "Option b", show=False),
        Binding("c", "option(2)", "Option c", show=False),
        Binding("d", "option(3)", "Option d", show=False),
        Binding("o", "overrule", "I was right", tooltip="Overrule the grade of a typed answer"),
        Binding("r", "open_evidence", "Open in reader", tooltip="The evidence paragraph"),
        Binding("m", "app.stats", "Stats", tooltip="Progress and mastery"),
    ]

    def __init__(self, brief: Brief, session: Session) -> None:
        super().__init__()
        self.brief = brief
        self.session = session
        self.card: StudyCard | None = None
        self.phase: Phase = "asking"
        self.started = time.monotonic()
        self.last_grade: Grade | None = None
        self.overruled = False

    def compose(self) -> ComposeResult:
        yield Static(id="quiz-header")
        with VerticalScroll(id="quiz-scroll"):
            yield Static(id="quiz-prompt")
            yield Vertical(id="quiz-body")
            yield Static(id="quiz-feedback")
            yield EvidenceView(id="quiz-evidence")
        yield KeyFooter()

    async def on_mount(self) -> None:
        await self.next_card()

    # -- flow -------------------------------------------------------------------------
    def update_header(self) -> None:
        due, new, learning = self.session.remaining()
        mode = "Cram (schedule untouched)" if self.session.mode == "cram" else "Quiz"
        self.query_one("#quiz-header", Static).update(
            Content.assemble(
                (f"{mode} · ", "bold"),
                (self.brief.title, "bold"),
                (f"   due {due} · new {new} · learning {learning}", "dim"),
            )
        )

    async def next_card(self) -> None:
        self.card = self.session.next_card()
        self.last_grade, self.overruled = None, False
        body = self.query_one("#quiz-body", Vertical)
        await body.remove_children()
        self.query_one("#quiz-feedback", Static).update("")
        evidence = self.query_one("#quiz-evidence", EvidenceView)
        evidence.update("")
        evidence.display = False
        self.update_header()
        if self.card is None:
            self.phase = "done"
            self.show_summary()
            self.refresh_bindings()
            return
        card = self.card
        self.phase = "asking"
        self.started = time.monotonic()
        prompt = [Content.styled(card.prompt, "bold")]
        if card.context:
            prompt.append(Content.styled(card.context, "dim"))
        self.query_one("#quiz-prompt", Static).update(Content("\n").join(prompt))
        if card.kind == "flip":
            await body.mount(
                Static(Content.styled("Think of the answer, then press space.", "dim"))
            )
        elif card.kind == "choice":
            choices = ChoiceList(card.options, id="choices")
            await body.mount(choices)
            choices.focus()
        elif card.kind == "typed":
            field = Input(placeholder="Type your answer and press Enter", id="typed")
            await body.mount(field)
            field.focus()
        else:
            items = list(card.items)
            rng = random.Random(card.id)
            while len(items) > 1 and items == list(card.items):
                rng.shuffle(items)
            order = OrderList(items, id="order")
            await body.mount(order)
            await body.mount(Static(Content.styled("shift+↑/↓ or K/J move · Enter checks", "dim")))
            order.focus()
        self.refresh_bindings()

    def elapsed_ms(self) -> int:
        return int((time.monotonic() - self.started) * 1000)

    def record(self, rating: int, *, correct: bool | None, response: str | None) -> None:
        assert self.card is not None
        self.session.answer(
            self.card,
            rating,
            duration_ms=self.elapsed_ms(),
            correct=correct,
            response=response,
            kind=self.card.kind,
        )
        self.app.study_notice()  # type: ignore[attr-defined]  # e.g. "could not save"

    def show_evidence(self) -> None:
        assert self.card is not None
        view = self.query_one("#quiz-evidence", EvidenceView)
        view.show(self.brief, evidence_spans(self.card, self.brief))

    def feedback(self, content: Content) -> None:
        self.query_one("#quiz-feedback", Static).update(content)

    def answered(self) -> None:
        self.phase = "answered"
        self.show_evidence()
        self.update_header()
        self.set_focus(None)
        self.refresh_bindings()

    # -- answering ----------------------------------------------------------------------
    def choose(self, index: int) -> None:
        card = self.card
        if card is None or card.kind != "choice" or self.phase != "asking":
            return
        if not 0 <= index < len(card.options):
            return
        correct_index = card.options.index(card.answer)
        ok = index == correct_index
        rating = auto_rating(ok, exact=True, duration_ms=self.elapsed_ms())
        self.record(int(rating), correct=ok, response=card.options[index])
        self.query_one("#choices", ChoiceList).mark(index, correct_index)
        verdict = ("✔ Correct", "bold $text-success") if ok else ("✘ Not quite", "bold $text-error")
        self.feedback(Content.assemble(verdict, f"   rated {RATINGS[int(rating)]}"))
        self.answered()

    @on(ChoiceList.OptionSelected, "#choices")
    def _choice_selected(self, event: ChoiceList.OptionSelected) -> None:
        event.stop()
        self.choose(event.option_index)

    @on(Input.Submitted, "#typed")
    def _typed(self, event: Input.Submitted) -> None:
        card = self.card
        if card is None or self.phase != "asking":
            return
        response = event.value
        result = grade(response, card.answer, card.accept)
        self.last_grade = result
        rating = auto_rating(
            result.correct, exact=result.verdict == "exact", duration_ms=self.elapsed_ms()
        )
        self.record(int(rating), correct=result.correct, response=response)
        event.input.disabled = True
        lines = [grade_content(result), Content.assemble(("Answer: ", "bold"), card.answer)]
        if not result.correct or result.verdict == "close":
            lines.append(Content.styled("Press o if you were right after all.", "dim"))
        self.feedback(Content("\n").join(lines))
        self.answered()

    @on(OrderList.OptionSelected, "#order")
    def _order_submitted(self, event: OrderList.OptionSelected) -> None:
        event.stop()
        card = self.card
        if card is None or self.phase != "asking":
            return
        order = self.query_one("#order", OrderList)
        ok = list(order.items) == list(card.items)
        rating = auto_rating(ok, exact=True, duration_ms=self.elapsed_ms())
        self.record(int(rating), correct=ok, response=" | ".join(order.items))
        order.mark(card.items)
        correct = Content("\n").join(
            [Content.styled("Correct order:", "bold")]
            + [Content(f"{i + 1}. {t}") for i, t in enumerate(card.items)]
        )
        verdict = ("✔ Correct", "bold $text-success") if ok else ("✘ Not quite", "bold $text-error")
        self.feedback(Content("\n").join([Content.assemble(verdict), correct]))
        self.answered()

    # -- actions ------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        card, phase = self.card, self.phase
        if action == "overrule":
            return (
                card is not None
                and card.kind == "typed"
                and phase == "answered"
                and not self.overruled
                and self.last_grade is not None
                and self.last_grade.verdict != "exact"
            )
        if action == "option":
            return card is not None and card.kind == "choice" and phase == "asking"
        if action == "open_evidence":
            return card is not None and phase in ("answered", "revealed") and bool(card.evidence)
        if action == "primary":
            return phase != "done" or None
        return True

    async def action_primary(self) -> None:
        card = self.card
        if card is None:
            return
        if self.phase == "asking" and card.kind == "flip":
            self.phase = "revealed"
            self.feedback(
                Content("\n").join(
                    [
                        Content.assemble(("Answer: ", "bold"), card.answer),
                        Content.styled(
                            "How well did you know it?  1 Again · 2 Hard · 3 Good · 4 Easy", "dim"
                        ),
                    ]
                )
            )
            self.show_evidence()
            self.refresh_bindings()
        elif self.phase == "answered":
            await self.next_card()

    async def action_digit(self, n: int) -> None:
        card = self.card
        if card is None:
            return
        if card.kind == "choice" and self.phase == "asking":
            self.choose(n - 1)
        elif card.kind == "flip" and self.phase == "revealed":
            self.record(n, correct=None, response=None)
            await self.next_card()

    def action_option(self, index: int) -> None:
        self.choose(index)

    def action_overrule(self) -> None:
        card = self.card
        if card is None or self.last_grade is None or self.overruled:
            return
        self.session.overrule(card, 3)
        self.overruled = True
        self.feedback(
            Content.assemble(("✔ Overruled: ", "bold $text-success"), "counted as right (Good).")
        )
        self.refresh_bindings()

    def action_open_evidence(self) -> None:
        if self.card is not None and self.card.evidence:
            self.dismiss(self.card.evidence[0].paragraph)

    def action_leave(self) -> None:
        self.dismiss(None)

    # -- end of session ----------------------------------------------------------------
    def show_summary(self) -> None:
        s = self.session.summary()
        self.query_one("#quiz-prompt", Static).update(Content.styled("Session complete", "bold"))
        if s.reviewed == 0:
            lines = ["Nothing is due and today's new cards are done.", ""]
        else:
            minutes, seconds = divmod(int(s.seconds), 60)
            lines = [
                f"Reviewed {s.reviewed} card(s) · {s.correct} right · "
                f"accuracy {s.accuracy:.0%} · {minutes} min {seconds} s",
                "",
            ]
        if s.next_due is not None:
            local = s.next_due.astimezone()
            lines.append(f"Next review due: {local:%a %d %b %H:%M}")
        lines.append("Esc: back to the reader · m: stats · or run `briefreader quiz --cram`")
        self.feedback(Content("\n").join(Content(line) for line in lines))
