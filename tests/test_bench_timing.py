"""bench/timing.py: a child's wall and CPU time, and how long the disk kept processes
waiting meanwhile (Linux's I/O pressure), which the report shows beside every run."""

from __future__ import annotations

import sys
from pathlib import Path

import bench_support  # noqa: F401
import pytest
import timing
from hypothesis import given
from hypothesis import strategies as st
from model import Run

PSI = (
    "some avg10=1.95 avg60=2.40 avg300=2.53 total={some}\n"
    "full avg10=1.03 avg60=1.30 avg300=1.55 total={full}\n"
)


def test_the_waits_are_read_from_the_some_line_not_the_full_one(tmp_path: Path) -> None:
    source = tmp_path / "io"
    source.write_text(PSI.format(some=1306211347, full=945498015))
    assert timing.io_stalled_microseconds(source) == 1306211347


@pytest.mark.parametrize("text", [None, "", "full avg10=0.00 avg60=0.00 avg300=0.00 total=5\n"])
def test_without_pressure_information_the_waits_are_not_measured(
    tmp_path: Path, text: str | None
) -> None:
    source = tmp_path / "io"
    if text is not None:
        source.write_text(text)
    assert timing.io_stalled_microseconds(source) is None
    assert timing.stalled_share(None, 5, 1.0) is None and timing.stalled_share(5, None, 1.0) is None


@given(
    before=st.integers(0, 10**12),
    waited=st.integers(0, 10**9),
    seconds=st.floats(0.001, 10_000, allow_nan=False),
)
def test_the_share_is_the_microseconds_waited_over_the_wall_time(
    before: int, waited: int, seconds: float
) -> None:
    share = timing.stalled_share(before, before + waited, seconds)
    assert share == pytest.approx(waited / 1e6 / seconds)
    assert share is not None and share >= 0


def test_a_timed_child_reports_its_waits_where_the_kernel_measures_them(tmp_path: Path) -> None:
    script = "open('out', 'wb').write(b'x' * 1_000_000)"
    timed = timing.timed([sys.executable, "-c", script], tmp_path, {})
    assert (tmp_path / "out").stat().st_size == 1_000_000
    assert timed.seconds > 0 and timed.cpu >= 0 and timed.max_rss > 0
    if timing.IO_PRESSURE.is_file():
        assert timed.io_stall is not None and timed.io_stall >= 0
    else:
        assert timed.io_stall is None
    run = timed.run({"k": 1})
    assert (run.seconds, run.io_stall, run.extra) == (timed.seconds, timed.io_stall, {"k": 1})


def test_the_progress_line_names_the_waits_and_the_busy_cores() -> None:
    quiet = Run(10.0, 9.0, 1, 0.0)
    assert timing.busy_note(quiet) == ""
    waiting = timing.busy_note(Run(10.0, 9.0, 1, 0.0, io_stall=0.42))
    assert waiting == " (waiting on I/O 42% of the time)"
    both = timing.busy_note(Run(10.0, 9.0, 1, 1.2, io_stall=0.05))
    assert both == " (others used 1.2 cores meanwhile; waiting on I/O 5% of the time)"
