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
