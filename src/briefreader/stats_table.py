"""``briefreader stats``: progress as a Rich table (text from files never as markup)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .core.brief import Brief
from .study.charts import meter, sparkline

if TYPE_CHECKING:
    from .study.model import StudyCard
    from .study.stats import Stats


def print_stats(brief: Brief, deck: Sequence[StudyCard], stats: Stats, out: TextIO) -> None:
    console = Console(file=out, highlight=False, markup=False, emoji=False)
    console.print(Text(f"Progress — {brief.title}", style="bold"))
    summary = Table(show_header=False, box=None, pad_edge=False)
    summary.add_column(style="bold")
    summary.add_column()
    retention = "—" if stats.retention is None else f"{stats.retention:.0%}"
    for label, value in (
        (
            "Cards",
            f"{len(deck)} ({stats.new_count} new, {stats.learning_count} learning, "
            f"{stats.review_count} in review)",
        ),
        ("Reviews", f"{stats.reviews_total} in total, {stats.reviews_today} today"),
        ("Due now", str(stats.due_now)),
        ("Retention (30 days)", retention),
        ("Due, next 14 days", f"{sparkline(stats.forecast)}  {' '.join(map(str, stats.forecast))}"),
        ("Reviews, last 14 days", sparkline(stats.reviews_per_day)),
    ):
        summary.add_row(Text(label), Text(value))
    console.print(summary)
    titles = {p.id: p.title for p in brief.outline_points()}
    if stats.mastery:
        table = Table(title="Mastery per outline point", title_justify="left")
        table.add_column("point")
        table.add_column("mastery")
        table.add_column("", justify="right")
        for point_id, level in stats.mastery.items():
            table.add_row(
                Text(titles.get(point_id, point_id)), Text(meter(level, 16)), f"{level:.0%}"
            )
        console.print(table)
    if stats.weakest:
        console.print(Text("Weakest cards: " + ", ".join(stats.weakest)))
