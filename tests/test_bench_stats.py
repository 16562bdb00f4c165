"""bench/stats.py: every figure is a median shown with its spread."""

from __future__ import annotations

import bench_support  # noqa: F401
import pytest
import stats
from hypothesis import given
from hypothesis import strategies as st

runs = st.lists(st.floats(min_value=0.001, max_value=1e5, allow_nan=False), min_size=1, max_size=9)


@given(runs)
def test_spread_shows_the_median_first_and_the_range_in_order(values: list[float]) -> None:
    shown = stats.spread(values, lambda v: f"{v:.3f}")
    assert shown.startswith(f"{stats.median(values):.3f}")
    if len(values) > 1 and f"{min(values):.3f}" != f"{max(values):.3f}":
        assert shown.endswith(f"({min(values):.3f}–{max(values):.3f})")


def test_one_run_has_no_range_and_equal_runs_say_so() -> None:
    assert stats.spread([2.0], stats.seconds) == "2.00 s"
    assert stats.spread([2.0, 2.0], stats.seconds) == "2.00 s (±0)"


def test_the_unit_is_written_once() -> None:
    assert stats.spread([1.5, 1.2, 1.9], stats.seconds) == "1.50 s (1.20–1.90)"
    assert stats.spread([0.5, 0.9, 12.0], stats.seconds) == "0.900 s (0.500–12.0)"
    assert stats.spread([1.0, 2.0], lambda v: f"{v:.0f}") == "2 (1–2)"  # no unit to strip


@given(runs, runs)
def test_ratio_is_of_the_medians_and_its_range_holds_every_pair(
    top: list[float], bottom: list[float]
) -> None:
    value, shown = stats.ratio_spread(top, bottom)
    assert value == pytest.approx(stats.median(top) / stats.median(bottom))
    assert shown.startswith(f"{value:.2f}x")


def test_no_runs_is_an_error_not_a_zero() -> None:
    with pytest.raises(ValueError):
        stats.median([])
