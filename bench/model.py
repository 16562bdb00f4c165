"""What one benchmark run measured: plain data, filled by bench/run.py and its
measures, read by bench/report.py and bench/targets.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from stats import median

# Timed measures kept as lists of runs, in the order the report shows them.
KINDS = ("a", "a_warm", "parse", "check_cold", "check_warm", "b", "b_warm", "b_edit", "c",
         "gen_out", "dprime")  # fmt: skip
LABELS = {
    "a": "(a) generate, cold cache",
    "a_warm": "(a) generate, warm cache",
    "parse": "libyaml parse (floor)",
    "check_cold": "factcheck check, cold cache",
    "check_warm": "factcheck check, warm cache",
    "b": "(b) full build",
    "b_warm": "(b) full build, warm cache",
    "b_edit": "(b) full build, warm cache, one claim edited",
    "c": "(c) baseline build",
    "gen_out": "factcheck generate --out",
    "dprime": "(d') mkdocs build of the --out folder",
}


@dataclass
class Run:
    seconds: float  # wall
    cpu: float  # user + system seconds of the measured part
    max_rss: int  # bytes
    others: float  # cores other processes kept busy on average meanwhile
    extra: dict[str, Any] = field(default_factory=dict)
    # The share of the wall time some process waited on I/O (None: not measured).
    io_stall: float | None = None


@dataclass
class Result:
    size: int
    runs: dict[str, list[Run]] = field(default_factory=dict)
    weight: dict[str, Any] | None = None  # bench/weight.py --json of the (b) site
    search: dict[str, Any] | None = None  # {"runs": [{"bytes", "seconds"}], "error"}
    preview: dict[str, Any] | None = None  # {"edits": [s, ...], "title_edits": [s, ...], "first": s, "error"}
    zensical: dict[str, Any] | None = None  # see bench/zensical.py
    profile: dict[str, Any] | None = None  # see bench/pagekinds.py
    notes: list[str] = field(default_factory=list)

    def add(self, kind: str, run: Run) -> None:
        self.runs.setdefault(kind, []).append(run)

    def has(self, kind: str) -> bool:
        return bool(self.runs.get(kind))

    def walls(self, kind: str) -> list[float]:
        return [r.seconds for r in self.runs.get(kind, [])]

    def cpus(self, kind: str) -> list[float]:
        return [r.cpu for r in self.runs.get(kind, [])]

    def process_walls(self, kind: str) -> list[float]:
        """Wall time of the whole child process (interpreter start and imports too)."""
        return [float(r.extra.get("process_seconds", r.seconds)) for r in self.runs.get(kind, [])]

    def t(self, kind: str) -> float:
        return median(self.walls(kind))

    def cpu(self, kind: str) -> float:
        return median(self.cpus(kind))

    def peak(self, kind: str) -> int:
        return max(r.max_rss for r in self.runs[kind])

    def last(self, kind: str, key: str) -> int:
        return int(self.runs[kind][-1].extra[key])
