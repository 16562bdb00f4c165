"""bench/provenance.py: which machine a report's figures come from, and how fast one of
its cores was at the start and the end of the run (the same host has built the same
pages four times slower after a restart)."""

from __future__ import annotations

import bench_support  # noqa: F401
import provenance
import pytest
from hypothesis import given
from hypothesis import strategies as st

SECONDS = st.floats(0.01, 100, allow_nan=False)


def test_the_probe_times_the_loop_and_grows_with_its_work() -> None:
    small = provenance.core_speed(additions=10_000, tries=3)
    large = provenance.core_speed(additions=2_000_000, tries=1)
    assert 0 < small < large


@given(start=SECONDS, end=SECONDS)
def test_the_note_flags_a_speed_change_exactly_beyond_the_threshold(
    start: float, end: float
) -> None:
    note = provenance.speed_note(start, end)
    assert f"{start:.2f} s at the start and {end:.2f} s at the end" in note
    changed = max(start, end) > provenance.SPEED_CHANGE * min(start, end)
    assert ("SPEED CHANGED" in note) == changed


@pytest.mark.parametrize(("start", "end", "flagged"), [(0.8, 0.8, False), (0.8, 2.4, True)])
def test_a_run_whose_machine_slowed_down_says_so(start: float, end: float, flagged: bool) -> None:
    note = provenance.speed_note(start, end, additions=5_000_000)
    assert note.startswith("5,000,000 additions in a pure-Python loop took")
    assert ("THE MACHINE'S SPEED CHANGED DURING THE RUN" in note) is flagged
