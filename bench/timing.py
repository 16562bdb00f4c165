"""Timing one child process: wall and CPU time, peak memory, how busy the rest of the
machine was meanwhile (other engineers share it) and how long the disk kept processes
waiting, with one retry on failure."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from model import Run

TICK = os.sysconf("SC_CLK_TCK")
# Linux's pressure stall information for I/O: how long some process was waiting on the
# disk (https://docs.kernel.org/accounting/psi.html). It tells a run slowed by the disk
# from one slowed in the CPU: making a build's 20,000 folders and files is kernel CPU
# time (counted in the run's CPU), deleting them waits on the disk (5 December 2026).
IO_PRESSURE = Path("/proc/pressure/io")
RETRIES = 1  # set from run.py's --retries


def progress(message: str, *, end: str = "\n") -> None:
    if not os.environ.get("CI"):
        print(message, end=end, file=sys.stderr, flush=True)


def cpu_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of the whole machine, from /proc/stat."""
    with open("/proc/stat", encoding="ascii") as f:
        values = [int(v) for v in f.readline().split()[1:9]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def io_stalled_microseconds(source: Path = IO_PRESSURE) -> int | None:
    """Microseconds some process has waited on I/O since boot, or None without PSI."""
    try:
        text = source.read_text("ascii")
    except OSError:
        return None
    for line in text.splitlines():
        kind, _, fields = line.partition(" ")
        if kind == "some":
            values = dict(field.split("=", 1) for field in fields.split())
            return int(values["total"])
    return None


def stalled_share(before: int | None, after: int | None, seconds: float) -> float | None:
    """The share of `seconds` during which some process waited on I/O."""
    if before is None or after is None or seconds <= 0:
        return None
    return max(0.0, (after - before) / 1e6 / seconds)


def wait_for_idle(limit: float) -> None:
    """Wait up to `limit` seconds for other processes to leave the CPUs alone."""
    deadline = time.monotonic() + limit
    waited = False
    while limit > 0:
        busy, _ = cpu_ticks()
        time.sleep(2)
        cores = (cpu_ticks()[0] - busy) / TICK / 2
        if cores < 0.25 or time.monotonic() >= deadline:
            break
        if not waited:
            progress(
                f"(machine busy: {cores:.1f} cores in use; waiting up to {limit:.0f} s)", end=" "
            )
            waited = True
        time.sleep(3)


class ChildFailed(Exception):
    pass


class Timed(NamedTuple):
    seconds: float  # wall
    cpu: float
    max_rss: int  # bytes
    others: float  # cores other processes kept busy on average meanwhile
    io_stall: float | None  # share of the wall time some process waited on I/O
    stdout: str

    def run(self, extra: dict[str, object] | None = None) -> Run:
        return Run(self.seconds, self.cpu, self.max_rss, self.others, extra or {},
                   io_stall=self.io_stall)  # fmt: skip


def timed(command: list[str], cwd: Path, env: dict[str, str], *, fatal: bool = True) -> Timed:
    """Wall seconds, CPU seconds, max RSS in bytes, cores used by other processes
    meanwhile and stdout of one child. A failure is retried after a pause (generator/
    may have been caught mid-edit), then ends the benchmark, or raises ChildFailed
    when not `fatal` (for the extras, which report a failure rather than stop)."""
    for attempt in range(RETRIES + 1):
        try:
            return _timed_once(command, cwd, env)
        except ChildFailed as failure:
            if attempt == RETRIES:
                if fatal:
                    sys.exit(str(failure))
                raise
            lines = str(failure).strip().splitlines()
            why = lines[-1] if len(lines) > 1 else f"exit status {lines[0].split()[1].strip('():')}"
            progress(f"failed ({why[:200]}); retrying in 30 s", end=" ")
            time.sleep(30)
    raise AssertionError("unreachable")


def _timed_once(command: list[str], cwd: Path, env: dict[str, str]) -> Timed:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        busy = cpu_ticks()[0]
        stalled = io_stalled_microseconds()
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        cpu = usage.ru_utime + usage.ru_stime
        others = max(0.0, ((cpu_ticks()[0] - busy) / TICK - cpu) / seconds)
        io_stall = stalled_share(stalled, io_stalled_microseconds(), seconds)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        if proc.returncode != 0:
            stderr = err.read().decode("utf-8", "replace")
            raise ChildFailed(
                f"\nfailed ({proc.returncode}): {shlex.join(command)}\n{stderr[-4000:]}"
            )
    return Timed(seconds, cpu, usage.ru_maxrss * 1024, others, io_stall, stdout)


def process_run(command: list[str], cwd: Path, env: dict[str, str], *, fatal: bool = True) -> Run:
    """A Run of a whole child process."""
    run = timed(command, cwd, env, fatal=fatal)
    return run.run({"stdout": run.stdout[-2000:]})


def busy_note(run: Run) -> str:
    notes = [f"others used {run.others:.1f} cores meanwhile"] if run.others >= 0.25 else []
    if run.io_stall is not None:
        notes.append(f"waiting on I/O {run.io_stall:.0%} of the time")
    return f" ({'; '.join(notes)})" if notes else ""
