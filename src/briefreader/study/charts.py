"""Tiny text charts shared by the stats screen and ``briefreader stats``."""

from __future__ import annotations

from collections.abc import Sequence

BARS = " ▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[int]) -> str:
    """One cell per value, scaled to the largest (``·`` for zero)."""
    top = max(values, default=0)
    if top <= 0:
        return "·" * len(values)
    return "".join(
        "·" if v <= 0 else BARS[max(1, round(v / top * (len(BARS) - 1)))] for v in values
    )


def meter(value: float, width: int = 20) -> str:
    """A bar of ``width`` cells, ``value`` (0..1) of it filled."""
    filled = round(max(0.0, min(1.0, value)) * width)
    return "█" * filled + "░" * (width - filled)


_EIGHTHS = " ▁▂▃▄▅▆▇█"
COLUMN = 3  # cells per day: a 2-cell bar and a gap


def bar_chart(values: Sequence[int], labels: Sequence[str], height: int = 4) -> list[str]:
    """A vertical bar chart as text rows: a y axis labelled with the top value and 0,
    one 2-cell bar per value (eighth blocks for the top), and under each bar its
    value and its label, aligned. ``labels`` are at most 2 characters each."""
    top = max(values, default=0)
    width = len(str(top))
    rows: list[str] = []
    for level in range(height, 0, -1):
        cells = []
        for value in values:
            filled = 0.0 if top <= 0 else value / top * height
            part = max(0.0, min(1.0, filled - (level - 1)))
            glyph = _EIGHTHS[round(part * 8)] if value > 0 else " "
            if value > 0 and level == 1 and glyph == " ":
                glyph = _EIGHTHS[1]  # a non-zero day always shows
            cells.append(glyph * 2 + " ")
        axis = str(top).rjust(width) if level == height else " " * width
        rows.append(f"{axis} ┤{''.join(cells)}".rstrip())
    rows.append(f"{'0'.rjust(width)} └" + "─" * (COLUMN * len(values)))
    rows.append(" " * (width + 2) + "".join(str(v).rjust(2) + " " for v in values).rstrip())
    rows.append(" " * (width + 2) + "".join(label.rjust(2)[:2] + " " for label in labels).rstrip())
    return rows
