"""Progress and mastery: counts, 14-day bar charts, retention, mastery per point."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...core.brief import Brief
from ...core.words import squash
from ...study.charts import meter

if TYPE_CHECKING:
    from ...study.clock import Clock
    from ...study.context import StudyContext
    from ...study.model import StudyCard
    from ...study.stats import Stats


def stats_content(brief: Brief, stats: Stats, deck: Sequence[StudyCard]) -> Content:
    """The stats screen's text: counts, two aligned 14-day bar charts, mastery per
    outline point (in outline order, as ``briefreader stats``) and the weakest cards."""
    from ...study.charts import bar_chart
    from ...study.stats import FORECAST_DAYS, HISTORY_DAYS, day_labels, mastery_rows

    lines: list[Content] = [Content.styled(f"Progress — {brief.title}", "bold"), Content("")]
    retention = "—" if stats.retention is None else f"{stats.retention:.0%}"
    lines.append(
        Content(
            f"Cards: {stats.cards_total} — {stats.new_count} not yet studied · "
            f"{stats.learning_count} learning · {stats.review_count} in review"
            + (f" · {stats.suspended} suspended" if stats.suspended else "")
        )
    )
    lines.append(
        Content(
            f"Answers: {stats.reviews_total} in total, {stats.reviews_today} today   "
            f"Due now: {stats.due_now}   Retention (30 days): {retention}"
        )
    )
    for title, values, days in (
        (
            "Answers, last 14 days (day of month)",
            stats.reviews_per_day,
            range(-HISTORY_DAYS + 1, 1),
        ),
        ("Due, next 14 days (day of month)", stats.forecast, range(FORECAST_DAYS)),
    ):
        lines += [Content(""), Content.styled(title, "bold")]
        rows = bar_chart(values, day_labels(stats.as_of, days))
        lines += [
            Content.styled(row, "$accent" if i < len(rows) - 3 else "")
            for i, row in enumerate(rows)
        ]
    lines += [Content(""), Content.styled("Mastery per outline point", "bold")]
    points = mastery_rows(brief, stats.mastery)
    if not points:
        lines.append(Content.styled("  (no outline-linked cards)", "dim"))
    for depth, title, value in points:
        lines.append(
            Content.assemble(
                (f"  {meter(value, 12)} ", "$text-success" if value >= 0.8 else ""),
                (f"{value:4.0%}  ", "bold"),
                "  " * depth,
                title,
            )
        )
    if stats.weakest:
        prompts = {card.id: card.prompt for card in deck}
        lines += [Content(""), Content.styled("Weakest cards", "bold")]
        for card_id in stats.weakest:
            prompt = squash(prompts.get(card_id, card_id))
            lines.append(Content("  • " + (prompt if len(prompt) <= 90 else prompt[:89] + "…")))
    lines += [Content(""), Content.styled("Esc: back · t: quiz", "dim")]
    return Content("\n").join(lines)


class StatsScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,m", "dismiss", "Close", tooltip="Back"),
    ]

    def __init__(self, brief: Brief, study: StudyContext, clock: Clock | None = None) -> None:
        super().__init__()
        self.brief = brief
        self.study = study
        self.clock = clock

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="stats-box"):
            yield Static(id="stats-text")

    def on_mount(self) -> None:
        self.refresh_stats()

    def refresh_stats(self) -> None:
        """Compute and show the figures: at once for a small brief, else in a worker
        (the screen says so meanwhile; the UI never waits on the review log)."""
        from ..deck_loader import is_small

        if is_small(self.study):
            self._show(*self._compute())
            return
        self.query_one("#stats-text", Static).update(
            Content.styled("Computing your progress…", "dim")
        )

        def work() -> None:
            result = self._compute()
            self.app.call_from_thread(self._show, *result)

        self.run_worker(work, thread=True, exclusive=True, group="stats", name="stats")

    def _compute(self) -> tuple[Stats | None, list[StudyCard]]:
        from ...study.clock import SystemClock
        from ...study.stats import compute_stats

        store = self.study.store()
        deck = self.study.deck()
        if store is None:
            return None, deck
        clock = self.clock or SystemClock()
        return compute_stats(deck, store, self.brief.slug, clock=clock), deck

    def _show(self, stats: Stats | None, deck: list[StudyCard]) -> None:
        if stats is not None and self.is_attached:
            self.query_one("#stats-text", Static).update(stats_content(self.brief, stats, deck))
