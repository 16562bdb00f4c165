"""Medians with their spread: every figure in BENCHMARKS.md is shown as the median of
its runs and the lowest-highest run beside it, so a reader sees how steady it is."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence


def median(values: Sequence[float]) -> float:
    """The median; ValueError on no values (a figure that was not measured)."""
    if not values:
        raise ValueError("no values")
    return float(statistics.median(values))


def spread(values: Sequence[float], show: Callable[[float], str]) -> str:
    """`median (min-max)` with each number formatted by `show`; just the value for one
    run, since a range of one says nothing."""
    middle = show(median(values))
    if len(values) < 2:
        return middle
    low, high = show(min(values)), show(max(values))
    if low == high:
        return f"{middle} (±0)"
    unit = _unit(middle)
    if unit and _unit(low) == unit and _unit(high) == unit:  # "1.2 s (1.1–1.3)", not "s" thrice
        low, high = low[: -len(unit)], high[: -len(unit)]
    return f"{middle} ({low}–{high})"


def _unit(text: str) -> str:
    """The trailing ' unit' of a formatted figure ('' when there is none)."""
    head, space, tail = text.rpartition(" ")
    return f"{space}{tail}" if head and not tail[:1].isdigit() else ""


def ratio_spread(top: Sequence[float], bottom: Sequence[float]) -> tuple[float, str]:
    """Ratio of the medians, and the range of run-by-run ratios (runs are interleaved,
    so run i of one measure ran beside run i of the other)."""
    value = median(top) / median(bottom)
    pairs = [t / b for t, b in zip(top, bottom) if b]
    if len(pairs) < 2:
        return value, f"{value:.2f}x"
    return value, f"{value:.2f}x ({min(pairs):.2f}–{max(pairs):.2f})"


def seconds(value: float) -> str:
    """Seconds with the precision that matters at that scale."""
    if value < 1:
        return f"{value:.3f} s"
    if value < 10:
        return f"{value:.2f} s"
    return f"{value:.1f} s"
