"""``briefreader stats``: progress as a Rich table (text from files never as markup)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .core.brief import Brief
from .study.charts import meter, sparkline
from .study.stats import mastery_rows

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
            f"{len(deck)} ({stats.new_count} not yet studied, {stats.learning_count} learning, "
            f"{stats.review_count} in review"
            + (f", {stats.suspended} suspended)" if stats.suspended else ")"),
        ),
        ("Answers", f"{stats.reviews_total} in total, {stats.reviews_today} today"),
        ("Due now", str(stats.due_now)),
        ("Retention (30 days)", retention),
        ("Due, next 14 days", f"{sparkline(stats.forecast)}  {' '.join(map(str, stats.forecast))}"),
        ("Reviews, last 14 days", sparkline(stats.reviews_per_day)),
    ):
        summary.add_row(Text(label), Text(value))
    console.print(summary)
    rows = mastery_rows(brief, stats.mastery)
    if rows:
        table = Table(title="Mastery per outline point", title_justify="left")
        table.add_column("point")
        table.add_column("mastery")
        table.add_column("", justify="right")
        for depth, title, level in rows:
            table.add_row(Text("  " * depth + title), Text(meter(level, 16)), f"{level:.0%}")
        console.print(table)
    if stats.weakest:
        prompts = {card.id: " ".join(card.prompt.split()) for card in deck}
        console.print(Text("Weakest cards", style="bold"))
        for card_id in stats.weakest:
            console.print(Text(f"  {prompts.get(card_id, card_id)}  ({card_id})"))
