"""The quiz: one card at a time, four kinds, evidence after every answer.

The screen is a small state machine over a :class:`~briefreader.study.scheduler.Session`
(which commits every answer the moment it is given): ``phase`` is ``asking`` →
``answered`` (or ``revealed`` for flip cards) → the next card, ``done`` at the end and
``empty`` for a text without cards. ``phase`` is a reactive with ``bindings=True``, so
the footer always shows the keys that work now (``check_action``).

Keys: 1-4 / a-d choose an option, space shows a flip card's answer, 1-4 rate it
(each with its next interval from FSRS), Enter/space go on, ``o`` overrules a typed
grade, ``u`` takes the last answer back, ``B`` buries the card until tomorrow, ``S``
suspends it (capitals: ``a``-``d`` choose options), ``r`` shows the evidence in the
whole text (Esc comes back to the same card), j/k and page keys scroll; at the end
``n`` studies more and ``c`` crams. Dismissed with ``None`` (Esc).
"""

from __future__ import annotations

import time
from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input, Static

from ...core.brief import Brief
from ...study.evidence import evidence_spans
from ...study.grading import Grade, grade
from ...study.model import StudyCard
from ...study.scheduler import Session, auto_rating, format_interval
from ...study.showing import Showing
from ..widgets.key_footer import KeyFooter
from ..widgets.quiz_widgets import ChoiceList, EvidenceView, OrderList, grade_content

Phase = Literal["asking", "revealed", "answered", "done", "empty"]
RATINGS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
MORE_NEW = 10  # "study more" adds this many new cards for today


def _choice_keys(n: int) -> list[Binding]:
    """Option ``n`` (key n and letter) and rating ``n``; only 1 is described (shown as
    1-4 in the footer and the help), the others do the same for their number."""
    first = n == 1
    return [
        Binding(
            str(n),
            f"choose({n - 1})",
            "Choose" if first else "",
            show=first,
            key_display="1-4/a-d",
            tooltip="Pick option 1-4, or a-d",
        ),
        Binding(
            str(n),
            f"rate({n})",
            "Rate" if first else "",
            show=first,
            key_display="1-4",
            tooltip="How well you knew it: 1 Again, 2 Hard, 3 Good, 4 Easy",
        ),
        Binding("abcd"[n - 1], f"choose({n - 1})", show=False),
    ]


class QuizScreen(Screen[None]):
    """Study the brief's key points with spaced repetition."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Reader", tooltip="Back to the reader where you left it"),
        Binding("space", "reveal", "Show answer", tooltip="Reveal a flip card"),
        Binding("enter,space", "next", "Next", tooltip="Go on to the next card"),
        *[b for n in range(1, 5) for b in _choice_keys(n)],
        Binding("o", "overrule", "I was right", tooltip="Overrule the grade of a typed answer"),
        Binding("u", "undo", "Undo", tooltip="Take the last answer back"),
        Binding("r", "read", "In the text", tooltip="The evidence in the whole text"),
        Binding("B", "bury", "Bury", tooltip="Hide this card until tomorrow"),
        Binding("S", "suspend", "Suspend", show=False, tooltip="Hide this card for good"),
        Binding("n", "more", "Study more", tooltip=f"{MORE_NEW} more new cards today"),
        Binding("c", "cram", "Cram", tooltip="Go through every card; the schedule is untouched"),
        Binding("j,down", "scroll(1)", show=False),
        Binding("k,up", "scroll(-1)", show=False),
        Binding("pagedown", "scroll(10)", show=False),
        Binding("pageup", "scroll(-10)", show=False),
        Binding("m", "app.stats", "Stats", tooltip="Progress and mastery"),
    ]

    phase: reactive[Phase] = reactive[Phase]("asking", bindings=True, init=False)

    def __init__(self, brief: Brief, session: Session) -> None:
        super().__init__()
        self.brief = brief
        self.session = session
        self.card: StudyCard | None = None  # as shown: options in this showing's order
        self.showing: Showing | None = None
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
        yield Static(id="quiz-rate")
        yield KeyFooter()

    async def on_mount(self) -> None:
        await self.next_card()

    # -- flow -------------------------------------------------------------------------
    def update_header(self) -> None:
        due, new, learning = self.session.remaining()
        done, total = self.session.progress()
        cram = self.session.mode == "cram"
        at = done if self.phase in ("answered", "done", "empty") else min(done + 1, total)
        counts = (
            f"{at}/{total} · {due} to go · {learning} to retry (schedule untouched)"
            if cram
            else f"{at}/{total} · left today: {due} review · {new} new · {learning} learning"
        )
        self.query_one("#quiz-header", Static).update(
            Content.assemble(
                ("Cram · " if cram else "Quiz · ", "bold"),
                (counts, ""),
                ("   " + self.brief.title, "dim"),
            )
        )

    async def next_card(self, card: StudyCard | None = None) -> None:
        base = card or self.session.next_card()
        self.showing = self.session.showing(base) if base is not None else None
        self.card = self.showing.card if self.showing is not None else None
        self.last_grade, self.overruled = None, False
        body = self.query_one("#quiz-body", Vertical)
        await body.remove_children()
        self.feedback(Content(""))
        self.rate_line(None)
        evidence = self.query_one("#quiz-evidence", EvidenceView)
        evidence.update("")
        evidence.display = False
        self.query_one("#quiz-scroll", VerticalScroll).scroll_home(animate=False)
        if self.card is None or self.showing is None:
            self.phase = "empty" if not self.session.deck else "done"
            self.update_header()
            self.show_summary()
            return
        card = self.card
        self.phase = "asking"
        self.refresh_bindings()  # the phase may not have changed, the option count may
        self.update_header()
        self.started = time.monotonic()
        prompt = [Content.styled(card.prompt, "bold")]
        if card.context:
            prompt.append(Content.styled(card.context, "dim"))
        self.query_one("#quiz-prompt", Static).update(Content("\n").join(prompt))
        if card.kind == "flip":
            hint = "Think of the answer, then press space."
            await body.mount(Static(Content.styled(hint, "dim")))
            self.set_focus(None)
        elif card.kind == "choice":
            choices = ChoiceList(card.options, id="choices")
            await body.mount(choices)
            choices.focus(scroll_visible=False)
        elif card.kind == "typed":
            field = Input(placeholder="Type your answer and press Enter", id="typed")
            await body.mount(field)
            field.focus(scroll_visible=False)
        else:
            order = OrderList(self.showing.start, id="order")
            await body.mount(order)
            await body.mount(Static(Content.styled("shift+↑/↓ or K/J move · Enter checks", "dim")))
            order.focus(scroll_visible=False)

    def elapsed_ms(self) -> int:
        return int((time.monotonic() - self.started) * 1000)

    def record(self, rating: int, *, correct: bool | None, response: str | None) -> str:
        """Save the answer; returns when the card comes back (``10m``)."""
        assert self.card is not None
        after = self.session.answer(
            self.card,
            rating,
            duration_ms=self.elapsed_ms(),
            correct=correct,
            response=response,
            kind=self.card.kind,
        )
        problem = self.session.store.take_problem()  # e.g. "could not save the answer"
        if problem:
            self.notify(problem, title="Progress", severity="warning", markup=False, timeout=10)
        if self.session.mode == "cram":
            return "again this session" if rating == 1 else "schedule untouched"
        return "next in " + format_interval(after.due - self.session.now())

    def show_evidence(self) -> None:
        assert self.card is not None
        view = self.query_one("#quiz-evidence", EvidenceView)
        view.show(self.brief, evidence_spans(self.card, self.brief), self.card.note)

    def feedback(self, content: Content) -> None:
        self.query_one("#quiz-feedback", Static).update(content)

    def rate_line(self, card: StudyCard | None) -> None:
        """The rating keys with their next intervals (flip cards), or nothing."""
        line = self.query_one("#quiz-rate", Static)
        line.display = card is not None
        if card is None:
            return
        parts: list[Content | tuple[str, str] | str] = []
        if self.session.mode == "cram":
            intervals = {n: "" for n in RATINGS}
        else:
            raw = self.session.intervals(card)
            intervals = {int(r): " " + format_interval(d) for r, d in raw.items()}
        for n, label in RATINGS.items():
            if parts:
                parts.append(("  ·  ", "dim"))
            parts += [(f"{n} ", "bold $accent"), f"{label}", (intervals[n], "dim")]
        line.update(Content.assemble(*parts))

    def answered(self) -> None:
        self.phase = "answered"
        self.show_evidence()
        self.update_header()
        self.set_focus(None)

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
        when = self.record(int(rating), correct=ok, response=card.options[index])
        self.query_one("#choices", ChoiceList).mark(index, correct_index)
        verdict = ("✔ Correct", "bold $text-success") if ok else ("✘ Not quite", "bold $text-error")
        self.feedback(
            Content.assemble(verdict, (f"   rated {RATINGS[int(rating)]} · {when}", "dim"))
        )
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
        when = self.record(int(rating), correct=result.correct, response=response)
        event.input.disabled = True
        lines = [
            Content.assemble(grade_content(result), (f"   {when}", "dim")),
            Content.assemble(("Answer: ", "bold"), card.answer),
        ]
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
        when = self.record(int(rating), correct=ok, response=" | ".join(order.items))
        order.mark(card.items)
        correct = Content("\n").join(
            [Content.styled("Correct order:", "bold")]
            + [Content(f"{i + 1}. {t}") for i, t in enumerate(card.items)]
        )
        verdict = ("✔ Correct", "bold $text-success") if ok else ("✘ Not quite", "bold $text-error")
        self.feedback(
            Content("\n").join([Content.assemble(verdict, (f"   {when}", "dim")), correct])
        )
        self.answered()

    # -- actions ------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        card, phase = self.card, self.phase
        kind = card.kind if card is not None else None
        if action == "choose":
            index = parameters[0] if parameters else 0
            return (
                card is not None
                and kind == "choice"
                and phase == "asking"
                and isinstance(index, int)
                and index < len(card.options)
            )
        if action == "rate":
            return kind == "flip" and phase == "revealed"
        if action == "reveal":
            return kind == "flip" and phase == "asking"
        if action == "next":
            return phase == "answered"
        if action == "overrule":
            return (
                kind == "typed"
                and phase == "answered"
                and not self.overruled
                and self.last_grade is not None
                and self.last_grade.verdict != "exact"
            )
        if action == "undo":
            return self.session.can_undo() and phase != "revealed"
        if action == "read":
            return card is not None and phase in ("answered", "revealed") and bool(card.evidence)
        if action in ("bury", "suspend"):
            return card is not None and phase in ("asking", "answered", "revealed")
        if action in ("more", "cram"):
            return phase == "done" and (action == "cram" or self.session.mode == "normal")
        return True

    def key_display_for(self, binding: Binding) -> str | None:
        """The footer's text for the option keys: as many keys as this card has options
        ("1-2/a-b" on a two-option card), the declared "1-4/a-d" otherwise."""
        card = self.card
        if not binding.action.startswith("choose(") or card is None or card.kind != "choice":
            return None
        n = len(card.options)
        if not 1 <= n < 4:
            return None
        return "1/a" if n == 1 else f"1-{n}/a-{'abcd'[n - 1]}"

    def action_reveal(self) -> None:
        card = self.card
        if card is None or card.kind != "flip" or self.phase != "asking":
            return
        self.phase = "revealed"
        self.feedback(Content.assemble(("Answer: ", "bold"), card.answer))
        self.show_evidence()
        self.rate_line(card)

    async def action_next(self) -> None:
        if self.phase == "answered":
            await self.next_card()

    def action_choose(self, index: int) -> None:
        self.choose(index)

    async def action_rate(self, n: int) -> None:
        if self.card is not None and self.card.kind == "flip" and self.phase == "revealed":
            self.record(n, correct=None, response=None)
            await self.next_card()

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

    async def action_undo(self) -> None:
        card = self.session.undo()
        if card is not None:
            self.notify("Last answer taken back.", title="Undo", markup=False, timeout=3)
            await self.next_card(card)

    async def action_bury(self) -> None:
        if self.card is not None:
            self.session.bury(self.card)
            self.notify("Buried until tomorrow.", markup=False, timeout=3)
            await self.next_card()

    async def action_suspend(self) -> None:
        if self.card is not None:
            self.session.suspend(self.card)
            self.notify("Suspended: it will not come again.", markup=False, timeout=3)
            await self.next_card()

    def action_read(self) -> None:
        from .evidence import EvidenceScreen

        if self.card is not None and self.card.evidence:
            spans = evidence_spans(self.card, self.brief)
            self.app.push_screen(EvidenceScreen(self.brief, self.card.prompt, spans))

    def action_scroll(self, lines: int) -> None:
        scroll = self.query_one("#quiz-scroll", VerticalScroll)
        scroll.scroll_relative(y=lines, animate=False)

    async def action_more(self) -> None:
        self.session.new_per_day += MORE_NEW
        self.session.bury_siblings = False
        await self.next_card()

    async def action_cram(self) -> None:
        s = self.session
        self.session = Session(s.deck, s.store, s.slug, clock=s.clock, mode="cram", tz=s.tz)
        await self.next_card()

    def action_leave(self) -> None:
        self.dismiss(None)

    # -- end of session ----------------------------------------------------------------
    def show_summary(self) -> None:
        title = self.query_one("#quiz-prompt", Static)
        if self.phase == "empty":
            title.update(Content.styled("No study cards", "bold"))
            self.feedback(
                Content(
                    "This text has no study cards yet: a brief's glossary, actors, outline "
                    "and cards make them.\nEsc: back to the reader"
                )
            )
            return
        s = self.session.summary()
        lines: list[Content] = []
        if s.reviewed == 0:
            title.update(Content.styled("Nothing to study now", "bold"))
            lines.append(Content("Nothing is due and today's new cards are done."))
        else:
            title.update(Content.styled("Session complete", "bold"))
            minutes, seconds = divmod(int(s.seconds), 60)
            accuracy = f"{s.accuracy:.0%}" if s.accuracy is not None else "—"
            lines.append(
                Content(
                    f"Studied {s.cards} card{'s' * (s.cards != 1)} · {s.reviewed} "
                    f"answer{'s' * (s.reviewed != 1)} · {s.correct} right ({accuracy}) · "
                    f"{minutes} min {seconds} s"
                )
            )
        if s.next_due is not None:
            local = s.next_due.astimezone()
            lines.append(Content(f"Next review due: {local:%a %d %b %H:%M}"))
        lines.append(Content(""))
        if self.session.mode == "normal":
            lines.append(
                Content.assemble(("n", "bold $accent"), f"  study {MORE_NEW} more new cards")
            )
        lines.append(
            Content.assemble(("c", "bold $accent"), "  cram every card (schedule untouched)")
        )
        lines.append(
            Content.assemble(
                ("m", "bold $accent"), "  stats · ", ("Esc", "bold $accent"), "  reader"
            )
        )
        self.feedback(Content("\n").join(lines))
