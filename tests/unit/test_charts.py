"""The text charts used by stats."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from briefreader.study.charts import meter, sparkline


def test_sparkline_scales_to_the_largest() -> None:
    assert sparkline([0, 1, 8]) == "·▁█"
    assert sparkline([0, 0]) == "··"
    assert sparkline([]) == ""


@given(st.lists(st.integers(min_value=0, max_value=10_000), max_size=30))
def test_sparkline_one_cell_per_value(values: list[int]) -> None:
    line = sparkline(values)
    assert len(line) == len(values)
    assert all((c == "·") == (v == 0) for c, v in zip(line, values, strict=True))


def test_meter() -> None:
    assert meter(0.5, 4) == "██░░"
    assert meter(2.0, 3) == "███"
    assert meter(-1, 3) == "░░░"
