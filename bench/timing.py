"""Timing one child process: wall and CPU time, peak memory, and how busy the rest of
the machine was meanwhile (other engineers share it), with one retry on failure."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from model import Run

TICK = os.sysconf("SC_CLK_TCK")
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


Timed = tuple[float, float, int, float, str]  # wall s, CPU s, max RSS bytes, others, stdout


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
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        cpu = usage.ru_utime + usage.ru_stime
        others = max(0.0, ((cpu_ticks()[0] - busy) / TICK - cpu) / seconds)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        if proc.returncode != 0:
            stderr = err.read().decode("utf-8", "replace")
            raise ChildFailed(
                f"\nfailed ({proc.returncode}): {shlex.join(command)}\n{stderr[-4000:]}"
            )
    return seconds, cpu, usage.ru_maxrss * 1024, others, stdout


def process_run(command: list[str], cwd: Path, env: dict[str, str], *, fatal: bool = True) -> Run:
    """A Run of a whole child process."""
    seconds, cpu, rss, others, stdout = timed(command, cwd, env, fatal=fatal)
    return Run(seconds, cpu, rss, others, {"stdout": stdout[-2000:]})


def busy_note(run: Run) -> str:
    return f" (others used {run.others:.1f} cores meanwhile)" if run.others >= 0.25 else ""
