"""Progress and mastery: counts, a 14-day forecast, retention, mastery per point."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...core.brief import Brief, OutlinePoint
from ...study.charts import meter, sparkline

if TYPE_CHECKING:
    from ...study.context import StudyContext
    from ...study.stats import Stats


def stats_content(brief: Brief, stats: Stats, titles: dict[str, str]) -> Content:
    lines: list[Content] = [Content.styled(f"Progress — {brief.title}", "bold"), Content("")]
    retention = "—" if stats.retention is None else f"{stats.retention:.0%}"
    lines.append(
        Content(
            f"Reviews: {stats.reviews_total} in total, {stats.reviews_today} today   "
            f"Due now: {stats.due_now}   Retention (30 days): {retention}"
        )
    )
    lines.append(
        Content(
            f"Cards: {stats.new_count} new · {stats.learning_count} learning · "
            f"{stats.review_count} in review"
        )
    )
    lines.append(Content(""))
    lines.append(Content.assemble(("Due, next 14 days   ", "bold"), sparkline(stats.forecast)))
    lines.append(Content.styled("                    " + " ".join(map(str, stats.forecast)), "dim"))
    lines.append(
        Content.assemble(("Reviews, last 14 days ", "bold"), sparkline(stats.reviews_per_day))
    )
    lines.append(Content(""))
    lines.append(Content.styled("Mastery per outline point", "bold"))
    if not stats.mastery:
        lines.append(Content.styled("  (no outline-linked cards)", "dim"))
    for point_id, value in stats.mastery.items():
        title = titles.get(point_id, point_id)
        lines.append(
            Content.assemble(
                (f"  {meter(value, 16)} ", "$text-success" if value >= 0.8 else ""),
                (f"{value:4.0%}  ", "bold"),
                title,
            )
        )
    if stats.weakest:
        lines.append(Content(""))
        lines.append(Content.styled("Weakest cards", "bold"))
        for card_id in stats.weakest:
            lines.append(Content(f"  {card_id}"))
    lines.append(Content(""))
    lines.append(Content.styled("Esc: back · t: quiz", "dim"))
    return Content("\n").join(lines)


def point_titles(points: Sequence[OutlinePoint]) -> dict[str, str]:
    return {p.id: p.title for p in points}


class StatsScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,m", "dismiss", "Close", tooltip="Back"),
    ]

    def __init__(self, brief: Brief, study: StudyContext) -> None:
        super().__init__()
        self.brief = brief
        self.study = study

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="stats-box"):
            yield Static(id="stats-text")

    def on_mount(self) -> None:
        self.refresh_stats()

    def refresh_stats(self) -> None:
        from ...study.scheduler import SystemClock
        from ...study.stats import compute_stats

        store = self.study.store()
        if store is None:
            return
        stats = compute_stats(self.study.deck(), store, self.brief.slug, clock=SystemClock())
        titles = point_titles(self.brief.outline_points())
        self.query_one("#stats-text", Static).update(stats_content(self.brief, stats, titles))
