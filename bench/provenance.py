"""Which machine and which code a report's figures come from: the commit, whether the
tree was dirty, a fingerprint of generator/ to tell if it moved during the run, and how
fast one core was at the start and the end."""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import platform
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "pymdown-extensions",
    "Markdown",
    "Jinja2",
    "pydantic",
    "pydantic_core",
    "PyYAML",
    "python-frontmatter",
    "nh3",
)
# The bench's machine built the 1,000-claim baseline (c) in 2.80-2.97 s one morning and
# in 10.5-11.7 s after a restart (5 December 2026): two reports' seconds compare only
# where this probe does. On the idle machine one try of the loop took 0.36 s to 1.43 s
# from one second to the next (presumably the host's other guests), so it keeps the best
# of tries spread over several seconds.
SPEED_LOOP = 5_000_000
SPEED_TRIES = 15
SPEED_CHANGE = 1.25  # start and end further apart than this: the machine's speed moved


def _git(*args: str) -> str:
    result = subprocess.run(
        ["git", "--no-optional-locks", *args], cwd=REPO, capture_output=True, text=True, check=False
    )
    return result.stdout.rstrip("\n")  # porcelain lines start with a space: keep it


def dirty_paths() -> list[str]:
    """Tracked files changed since the last commit (the report itself aside): figures
    taken on such a tree cannot be reproduced from a commit."""
    changed = [
        line[3:] for line in _git("status", "--porcelain", "--untracked-files=no").splitlines()
    ]
    return [p for p in changed if p != "BENCHMARKS.md"]


def git_revision() -> str:
    head = _git("rev-parse", "--short", "HEAD").strip()
    if not head:
        return "not a git checkout"
    dirty = dirty_paths()
    note = (
        f" — DIRTY TREE, not reproducible: uncommitted changes in {', '.join(dirty)}"
        if dirty
        else ""
    )
    return f"commit {head}{note}"


def code_fingerprint() -> str:
    """A hash of every file under generator/, to tell whether the code moved mid-run."""
    digest = hashlib.sha256()
    for path in sorted((REPO / "generator").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def machine() -> dict[str, str]:
    cpu = mem = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    import yaml

    libyaml = yaml._yaml.get_version_string() if yaml.__with_libyaml__ else "absent"  # type: ignore[attr-defined]
    return {
        "CPU": cpu,
        "nproc": str(len(os.sched_getaffinity(0))),
        "Memory": mem,
        "OS": f"{platform.system()} {platform.release()}",
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "Packages": ", ".join(versions) + f"; libyaml {libyaml}",
        "Engine workers": os.environ.get("FACTCHECK_WORKERS")
        or f"default (os.cpu_count() = {os.cpu_count()})",
        "Load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "Code": git_revision(),
    }


def core_speed(additions: int = SPEED_LOOP, tries: int = SPEED_TRIES) -> float:
    """Seconds one core takes for `additions` additions in a pure-Python loop, best of
    `tries`: the same work on every machine, so two reports' seconds can be compared."""
    best = float("inf")
    for _ in range(tries):
        start = time.perf_counter()
        total = 0
        for i in range(additions):
            total += i
        best = min(best, time.perf_counter() - start)
    return best


def speed_note(start: float, end: float, additions: int = SPEED_LOOP) -> str:
    """The probe's result at the start and end of a run, flagged where they differ."""
    said = f"{additions:,} additions in a pure-Python loop took {start:.2f} s at the start"
    said += f" and {end:.2f} s at the end (best of {SPEED_TRIES} tries)"
    if max(start, end) > SPEED_CHANGE * min(start, end):
        said += ": THE MACHINE'S SPEED CHANGED DURING THE RUN, its wall times mix two speeds"
    return said + "; compare it before comparing two reports' seconds"
