"""WCAG contrast between two colours (for checking highlight colours in every theme).

Pure: colours are ``(r, g, b)`` triplets of 0-255 (Rich's ``ColorTriplet`` fits).
"""

from __future__ import annotations

from collections.abc import Sequence

AA = 4.5
"""The minimum ratio for normal text (WCAG 2 level AA)."""


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: Sequence[int]) -> float:
    """Relative luminance (0 black .. 1 white)."""
    r, g, b = (_channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: Sequence[int], b: Sequence[int]) -> float:
    """(lighter + 0.05) / (darker + 0.05): 1 (same) .. 21 (black on white)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
