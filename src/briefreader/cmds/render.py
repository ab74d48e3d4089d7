"""All terminal rendering of the command line, in one place.

Every printing command (``show``, ``stats``, ``cards``, ``list``, ``notes``) goes
through :func:`console` or :func:`plain_wanted`:

* no escape bytes when stdout is not a terminal, or when ``NO_COLOR`` is set (to any
  non-empty value, https://no-color.org), or with ``--plain``;
* ``--plain`` also switches tables, meters and sparklines to linear text: one
  ``label: value`` line each, no box-drawing or block characters (for screen
  readers and pipes).

Text from files is never markup here: Rich renders it as :class:`~rich.text.Text`.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from ..core.words import squash

if TYPE_CHECKING:
    from rich.console import Console

    from ..core.brief import Brief
    from ..study.model import StudyCard
    from ..study.stats import Stats


def add_plain_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--plain",
        action="store_true",
        default=argparse.SUPPRESS,
        help="linear text without colours, tables or box drawing (screen readers, pipes)",
    )


def no_color() -> bool:
    return bool(os.environ.get("NO_COLOR"))


def _is_terminal(out: TextIO) -> bool:
    isatty = getattr(out, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # closed
        return False


def plain_wanted(args: object = None) -> bool:
    """``--plain`` was given (on the command or before it)."""
    return bool(getattr(args, "plain", False))


def styles_allowed(out: TextIO) -> bool:
    """Colours and bold only on a terminal without ``NO_COLOR``."""
    return _is_terminal(out) and not no_color()


def console(out: TextIO, *, plain: bool = False) -> Console:
    """A Rich console on ``out`` that writes escape bytes only where allowed."""
    from rich.console import Console

    styled = styles_allowed(out) and not plain
    options: dict[str, Any] = {
        "file": out,
        "highlight": False,
        "markup": False,
        "emoji": False,
        "no_color": not styled,
    }
    if not styled:
        options["color_system"] = None  # no SGR at all: not even bold or italic
        options["force_terminal"] = False
    return Console(**options)


# --------------------------------------------------------------------------- stats


def print_stats(
    brief: Brief, deck: Sequence[StudyCard], stats: Stats, out: TextIO, *, plain: bool = False
) -> None:
    """``briefreader stats``: a summary and the mastery per outline point."""
    if plain:
        _print_stats_plain(brief, deck, stats, out)
        return
    from rich.table import Table
    from rich.text import Text

    from ..study.charts import meter, sparkline

    con = console(out)
    con.print(Text(f"Progress — {brief.title}", style="bold"))
    summary = Table(show_header=False, box=None, pad_edge=False)
    summary.add_column(style="bold")
    summary.add_column()
    for label, value in _summary_rows(deck, stats):
        summary.add_row(Text(label), Text(value))
    summary.add_row(
        Text("Due, next 14 days"),
        Text(f"{sparkline(stats.forecast)}  {' '.join(map(str, stats.forecast))}"),
    )
    summary.add_row(Text("Answers, last 14 days"), Text(sparkline(stats.reviews_per_day)))
    con.print(summary)
    from ..study.stats import mastery_rows

    rows = mastery_rows(brief, stats.mastery)  # outline order, as on the stats screen
    if rows:
        table = Table(title="Mastery per outline point", title_justify="left")
        table.add_column("point")
        table.add_column("mastery")
        table.add_column("", justify="right")
        for depth, title, level in rows:
            table.add_row(Text("  " * depth + title), Text(meter(level, 16)), f"{level:.0%}")
        con.print(table)
    if stats.weakest:
        con.print(Text("Weakest cards", style="bold"))
        for line in _weakest(deck, stats):
            con.print(Text("  " + line))


def _weakest(deck: Sequence[StudyCard], stats: Stats) -> list[str]:
    """The weakest cards by prompt (and id, to find them in ``briefreader cards``)."""
    prompts = {card.id: squash(card.prompt) for card in deck}
    return [f"{prompts.get(cid, cid)} ({cid})" for cid in stats.weakest]


def _summary_rows(deck: Sequence[StudyCard], stats: Stats) -> list[tuple[str, str]]:
    retention = "—" if stats.retention is None else f"{stats.retention:.0%}"
    return [
        (
            "Cards",
            f"{len(deck)} ({stats.new_count} not yet studied, {stats.learning_count} learning, "
            f"{stats.review_count} in review"
            + (f", {stats.suspended} suspended)" if stats.suspended else ")"),
        ),
        ("Answers", f"{stats.reviews_total} in total, {stats.reviews_today} today"),
        ("Due now", str(stats.due_now)),
        ("Retention (30 days)", retention),
    ]


def _print_stats_plain(brief: Brief, deck: Sequence[StudyCard], stats: Stats, out: TextIO) -> None:
    lines = [f"Progress: {brief.title}"]
    lines += [
        f"{label}: {'none yet' if value == '—' else value}"
        for label, value in _summary_rows(deck, stats)
    ]
    lines.append("Due, next 14 days: " + ", ".join(map(str, stats.forecast)))
    lines.append("Answers, last 14 days: " + ", ".join(map(str, stats.reviews_per_day)))
    from ..study.stats import mastery_rows

    rows = mastery_rows(brief, stats.mastery)
    if rows:
        lines.append("Mastery per outline point:")
        lines += [f"  {'  ' * depth}{title}: {level:.0%}" for depth, title, level in rows]
    if stats.weakest:
        lines.append("Weakest cards:")
        lines += ["  " + line for line in _weakest(deck, stats)]
    out.write("\n".join(lines) + "\n")
