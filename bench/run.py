"""The benchmark behind `make bench`: how fast and how big the site is at 1k-20k claims.

For each size it synthesises a claim set (bench/synth.py) into build/bench/ and takes
the median of --runs runs of:

  (a)   load + validate + generate with no MkDocs: generator.pipeline.generate(settings)
        in a fresh interpreter (bench/child.py), timed around that call only;
  parse the reference for (a): libyaml (yaml.CSafeLoader) parsing the same front-matters;
  (b)   the full site: `python -m mkdocs build -q` of the factcheck project, wall time;
  (c)   the baseline: `mkdocs build -q` of as many plain 300-word pages, same theme,
        search plugin only, a small explicit nav;
  (d)   peak memory (max RSS) of the (b) process, from wait4();
  (e)   site size and search/search_index.json size of (b) and (c).

It prints a table, the ratios and the issue's targets, and writes BENCHMARKS.md.
Progress goes to stderr, one line per step, and is silent when CI is set.

    .venv/bin/python bench/run.py                          # what `make bench` runs
    .venv/bin/python bench/run.py --sizes 1000 --runs 1    # a quick check
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import gzip
import importlib.metadata
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402

REPO = synth.REPO
CHILD = Path(__file__).resolve().parent / "child.py"
PACKAGES = (
    "mkdocs", "mkdocs-material", "pymdown-extensions", "Markdown", "Jinja2", "pydantic",
    "pydantic_core", "PyYAML", "python-frontmatter", "nh3",
)  # fmt: skip
MB = 1_000_000
MIB = 1024 * 1024

# The targets.
PARSE_RATIO_MAX = 1.5  # (a) within 1.5x of libyaml parse time at 10,000 claims
BUILD_RATIO_MAX = 1.25  # (b)/(c) at 10,000 claims
SCALING_MAX = 2.1  # t(20k)/t(10k) for (a) and (b)
PEAK_MAX = 1.5e9  # peak memory of (b) at 20,000 claims, bytes (1.5 GB)
SEARCH_MAX = 1 * MB  # first search query payload at 10,000 claims


def progress(message: str, *, end: str = "\n") -> None:
    if not os.environ.get("CI"):
        print(message, end=end, file=sys.stderr, flush=True)


@dataclass
class Run:
    seconds: float  # wall
    cpu: float  # user + system seconds of the measured part
    max_rss: int  # bytes
    others: float  # cores other processes kept busy on average meanwhile
    extra: dict[str, object] = field(default_factory=dict)


@dataclass
class Result:
    size: int
    a: list[Run] = field(default_factory=list)
    parse: list[Run] = field(default_factory=list)
    b: list[Run] = field(default_factory=list)
    c: list[Run] = field(default_factory=list)

    def t(self, kind: str) -> float:
        return statistics.median(r.seconds for r in getattr(self, kind))

    def cpu(self, kind: str) -> float:
        return statistics.median(r.cpu for r in getattr(self, kind))

    def peak(self, kind: str) -> int:
        return max(r.max_rss for r in getattr(self, kind))

    def last(self, kind: str, key: str) -> int:
        return int(getattr(self, kind)[-1].extra[key])  # type: ignore[call-overload]


def cpu_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of the whole machine, from /proc/stat."""
    with open("/proc/stat", encoding="ascii") as f:
        values = [int(v) for v in f.readline().split()[1:9]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


TICK = os.sysconf("SC_CLK_TCK")


def wait_for_idle(limit: float) -> None:
    """Wait up to `limit` seconds for other processes to leave the CPUs alone."""
    deadline = time.monotonic() + limit
    waited = False
    while True:
        busy, _ = cpu_ticks()
        time.sleep(2)
        cores = (cpu_ticks()[0] - busy) / TICK / 2
        if cores < 0.25 or time.monotonic() >= deadline:
            break
        if not waited:
            progress(f"(machine busy: {cores:.1f} cores in use; waiting up to {limit:.0f} s)", end=" ")
            waited = True
        time.sleep(3)


RETRIES = 1  # set from --retries


class ChildFailed(Exception):
    pass


def timed(
    command: list[str], cwd: Path, env: dict[str, str]
) -> tuple[float, float, int, float, str]:
    """Wall seconds, CPU seconds, max RSS in bytes, cores used by other processes
    meanwhile and stdout of one child. A failure is retried after a pause (generator/
    may have been caught mid-edit), then ends the benchmark."""
    for attempt in range(RETRIES + 1):
        try:
            return _timed_once(command, cwd, env)
        except ChildFailed as failure:
            if attempt == RETRIES:
                sys.exit(str(failure))
            lines = str(failure).strip().splitlines()
            why = lines[-1] if len(lines) > 1 else f"exit status {lines[0].split()[1].strip('():')}"
            progress(f"failed ({why[:200]}); retrying in 30 s", end=" ")
            time.sleep(30)
    raise AssertionError("unreachable")


def _timed_once(
    command: list[str], cwd: Path, env: dict[str, str]
) -> tuple[float, float, int, float, str]:
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
            raise ChildFailed(f"\nfailed ({proc.returncode}): {shlex.join(command)}\n{stderr[-4000:]}")
    return seconds, cpu, usage.ru_maxrss * 1024, others, stdout


def tree_size(folder: Path) -> tuple[int, int]:
    """Bytes and number of HTML files under `folder`."""
    total = pages = 0
    for root, _, files in os.walk(folder):
        for name in files:
            total += os.stat(os.path.join(root, name)).st_size
            pages += name.endswith(".html")
    return total, pages


def build(config: Path, site: Path, env: dict[str, str]) -> Run:
    if site.exists():
        shutil.rmtree(site)
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
    seconds, cpu, rss, others, _ = timed(command, config.parent, env)
    index = site / "search" / "search_index.json"
    site_bytes, html = tree_size(site)
    raw = index.read_bytes() if index.is_file() else b""
    extra = {
        "site_bytes": site_bytes,
        "html_files": html,
        "search_bytes": len(raw),
        "search_gzip_bytes": len(gzip.compress(raw, 6)) if raw else 0,
    }
    return Run(seconds, cpu, rss, others, extra)


def child(kind: str, target: Path, cwd: Path, env: dict[str, str]) -> Run:
    _, _, rss, others, stdout = timed([sys.executable, str(CHILD), kind, str(target)], cwd, env)
    data = json.loads(stdout.strip().splitlines()[-1])
    return Run(float(data.pop("seconds")), float(data.pop("cpu_seconds")), rss, others, data)


def measure(size: int, runs: int, seed: int, out: Path, keep_sites: bool, idle: float) -> Result:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    progress(f"bench: {size:,} claims: synthesising into {os.path.relpath(out)}/ ...", end=" ")
    start = time.perf_counter()
    factcheck_yml, plain_yml = synth.make_sets(out, size, seed)
    progress(f"{time.perf_counter() - start:.1f} s")
    claims_dir = factcheck_yml.parent / str(
        synth.factcheck_options(synth.repo_config()).get("claims_dir") or "content/claims"
    )
    result = Result(size)
    sites = {"b": out / f"site-claims-{size}", "c": out / f"site-plain-{size}"}
    # Interleaved, so a slow spell of the machine touches every measure alike.
    for run in range(1, runs + 1):
        tag = f"bench: {size:,} claims, run {run}/{runs}:"
        progress(f"{tag} (a) generate ...", end=" ")
        wait_for_idle(idle)
        r = child("generate", factcheck_yml, factcheck_yml.parent, env)
        result.a.append(r)
        progress(f"{r.seconds:.2f} s, {r.extra['pages']:,} pages + {r.extra['other_files']} files{_busy(r)}")
        progress(f"{tag} libyaml parse ...", end=" ")
        wait_for_idle(idle)
        r = child("parse", claims_dir, factcheck_yml.parent, env)
        result.parse.append(r)
        progress(f"{r.seconds:.2f} s{_busy(r)}")
        progress(f"{tag} (b) mkdocs build ...", end=" ")
        wait_for_idle(idle)
        r = build(factcheck_yml, sites["b"], env)
        result.b.append(r)
        progress(f"{r.seconds:.1f} s, peak {r.max_rss / MIB:,.0f} MiB, {r.extra['html_files']:,} pages{_busy(r)}")
        progress(f"{tag} (c) baseline build ...", end=" ")
        wait_for_idle(idle)
        r = build(plain_yml, sites["c"], env)
        result.c.append(r)
        progress(f"{r.seconds:.1f} s, peak {r.max_rss / MIB:,.0f} MiB, {r.extra['html_files']:,} pages{_busy(r)}")
    if not keep_sites:
        for site in sites.values():
            shutil.rmtree(site, ignore_errors=True)
    return result


def _busy(run: Run) -> str:
    return f" (others used {run.others:.1f} cores meanwhile)" if run.others >= 0.25 else ""


# ---------------------------------------------------------------- reporting


def machine() -> dict[str, str]:
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "unknown"
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
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "CPU": cpu,
        "nproc": str(len(os.sched_getaffinity(0))),
        "Memory": mem,
        "OS": f"{platform.system()} {platform.release()}",
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "Packages": ", ".join(versions) + f"; libyaml {libyaml}",
        "Load average at start": load,
        "Code": _git_revision(),
    }


def _git(*args: str) -> str:
    result = subprocess.run(
        ["git", "--no-optional-locks", *args], cwd=REPO, capture_output=True, text=True, check=False
    )
    return result.stdout.rstrip("\n")  # porcelain lines start with a space: keep it


def dirty_paths() -> list[str]:
    """Tracked files changed since the last commit (the report itself aside): figures
    taken on such a tree cannot be reproduced from a commit."""
    changed = [line[3:] for line in _git("status", "--porcelain", "--untracked-files=no").splitlines()]
    return [p for p in changed if p != "BENCHMARKS.md"]


def _git_revision() -> str:
    head = _git("rev-parse", "--short", "HEAD").strip()
    if not head:
        return "not a git checkout"
    dirty = dirty_paths()
    note = f" — DIRTY TREE, not reproducible: uncommitted changes in {', '.join(dirty)}" if dirty else ""
    return f"commit {head}{note}"


def code_fingerprint() -> str:
    """A hash of every file under generator/, to tell whether the code moved mid-run."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((REPO / "generator").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _mb(n: float) -> str:
    return f"{n / MB:,.1f} MB"


def _kb(n: float) -> str:
    return f"{n / 1000:,.0f} kB"


def _table(header: list[str], rows: list[list[str]]) -> str:
    align = [":---" if not rows or not rows[0][i][:1].isdigit() else "---:" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def tables(results: list[Result]) -> str:
    times = _table(
        ["claims", "(a) generate", "libyaml parse", "(a)/parse", "(b) full build",
         "(c) baseline", "(b)/(c)", "(d) peak RSS of (b)"],  # fmt: skip
        [
            [f"{r.size:,}", f"{r.t('a'):.2f} s", f"{r.t('parse'):.3f} s",
             f"{r.t('a') / r.t('parse'):.1f}x", f"{r.t('b'):.1f} s", f"{r.t('c'):.1f} s",
             f"{r.t('b') / r.t('c'):.2f}", f"{r.peak('b') / MIB:,.0f} MiB"]  # fmt: skip
            for r in results
        ],
    )
    cpu = _table(
        ["claims", "(a) generate", "libyaml parse", "(a)/parse", "(b) full build",
         "(c) baseline", "(b)/(c)"],  # fmt: skip
        [
            [f"{r.size:,}", f"{r.cpu('a'):.2f} s", f"{r.cpu('parse'):.3f} s",
             f"{r.cpu('a') / r.cpu('parse'):.1f}x", f"{r.cpu('b'):.1f} s", f"{r.cpu('c'):.1f} s",
             f"{r.cpu('b') / r.cpu('c'):.2f}"]  # fmt: skip
            for r in results
        ],
    )
    sizes = _table(
        ["claims", "pages (b)", "site (b)", "search index (b)", "gzip", "pages (c)",
         "site (c)", "search index (c)", "gzip", "peak RSS (a)", "peak RSS (c)"],  # fmt: skip
        [
            [f"{r.size:,}", f"{r.last('b', 'html_files'):,}", _mb(r.last("b", "site_bytes")),
             _mb(r.last("b", "search_bytes")), _mb(r.last("b", "search_gzip_bytes")),
             f"{r.last('c', 'html_files'):,}", _mb(r.last("c", "site_bytes")),
             _mb(r.last("c", "search_bytes")), _mb(r.last("c", "search_gzip_bytes")),
             f"{r.peak('a') / MIB:,.0f} MiB", f"{r.peak('c') / MIB:,.0f} MiB"]  # fmt: skip
            for r in results
        ],
    )
    return (
        f"Wall time (median of the runs) and peak memory:\n\n{times}\n\n"
        f"CPU time, user + system (median of the runs; steadier than wall time when "
        f"other processes share the machine):\n\n{cpu}\n\nOutput (e):\n\n{sizes}"
    )


def _scaling(by: dict[int, Result], kind: str, measure: str = "t") -> float | None:
    if 10_000 not in by or 20_000 not in by:
        return None
    return getattr(by[20_000], measure)(kind) / getattr(by[10_000], measure)(kind)


def ratios(results: list[Result]) -> list[str]:
    by = {r.size: r for r in results}
    lines = [
        f"(b)/(c) at {r.size:,} claims: {r.t('b') / r.t('c'):.2f} (CPU time: {r.cpu('b') / r.cpu('c'):.2f})"
        for r in results
    ]
    lines += [
        f"(a)/libyaml parse at {r.size:,} claims: {r.t('a') / r.t('parse'):.2f} "
        f"(CPU time: {r.cpu('a') / r.cpu('parse'):.2f})"
        for r in results
    ]
    for kind in ("a", "b", "c"):
        wall, cpu = _scaling(by, kind), _scaling(by, kind, "cpu")
        if wall is not None and cpu is not None:
            lines.append(f"t(20k)/t(10k) for ({kind}): {wall:.2f} (CPU time: {cpu:.2f})")
    return lines


def targets(results: list[Result]) -> list[tuple[str, str, str, str]]:
    """(target, measured, status by wall time, status by CPU time)."""
    by = {r.size: r for r in results}
    ten, twenty = by.get(10_000), by.get(20_000)
    rows: list[tuple[str, str, str, str]] = []

    def status(value: float | None, limit: float, strict: bool) -> str:
        if value is None:
            return "not measured"
        return "met" if (value < limit if strict else value <= limit) else "not met"

    def add(target: str, wall: float | None, cpu: float | None, limit: float, shown: str,
            strict: bool = False) -> None:  # fmt: skip
        rows.append((target, shown if wall is not None else "-", status(wall, limit, strict),
                     status(cpu, limit, strict)))  # fmt: skip

    if ten:
        wall, cpu = ten.t("a") / ten.t("parse"), ten.cpu("a") / ten.cpu("parse")
        shown = f"{wall:.1f}x ({ten.t('a'):.2f} s vs {ten.t('parse'):.3f} s); CPU {cpu:.1f}x"
    else:
        wall = cpu = None
        shown = ""
    add("(a) at 10,000 claims within 1.5x of libyaml parse time", wall, cpu, PARSE_RATIO_MAX, shown)
    if ten:
        wall, cpu = ten.t("b") / ten.t("c"), ten.cpu("b") / ten.cpu("c")
        shown = f"{wall:.2f} ({ten.t('b'):.1f} s vs {ten.t('c'):.1f} s); CPU {cpu:.2f}"
    add("(b)/(c) at most 1.25 at 10,000 claims", wall, cpu, BUILD_RATIO_MAX, shown)
    for kind in ("a", "b"):
        wall, cpu = _scaling(by, kind), _scaling(by, kind, "cpu")
        shown = (
            f"{wall:.2f} ({twenty.t(kind):.2f} s vs {ten.t(kind):.2f} s); CPU {cpu:.2f}"
            if ten and twenty and wall is not None and cpu is not None
            else ""
        )
        add(f"t(20k)/t(10k) at most 2.1 for ({kind})", wall, cpu, SCALING_MAX, shown)
    peak = twenty.peak("b") if twenty else None
    shown = f"{peak / 1e9:.2f} GB ({peak / MIB:,.0f} MiB)" if peak else ""
    add("peak memory of (b) at 20,000 claims under 1.5 GB", peak, peak, PEAK_MAX, shown, True)
    size = ten.last("b", "search_bytes") if ten else None
    shown = f"{size / MB:.1f} MB ({_mb(ten.last('b', 'search_gzip_bytes'))} gzipped)" if ten and size else ""
    add("first search query at 10,000 claims under 1 MB (search_index.json, which Material's "
        "search downloads whole)", size, size, SEARCH_MAX, shown, True)  # fmt: skip
    return rows


def raw_runs(results: list[Result]) -> str:
    rows = []
    for r in results:
        for kind in ("a", "parse", "b", "c"):
            runs = getattr(r, kind)
            rows.append([
                f"{r.size:,}", kind,
                ", ".join(f"{x.seconds:.3f}" for x in runs),
                ", ".join(f"{x.cpu:.3f}" for x in runs),
                ", ".join(f"{x.max_rss / MIB:,.0f}" for x in runs),
                ", ".join(f"{x.others:.2f}" for x in runs),
            ])  # fmt: skip
    return _table(
        ["claims", "measure", "wall s per run", "CPU s per run", "max RSS per run (MiB)",
         "cores used by other processes"],  # fmt: skip
        rows,
    )


def contention(results: list[Result]) -> str:
    runs = [x for r in results for kind in ("a", "parse", "b", "c") for x in getattr(r, kind)]
    busy = [x for x in runs if x.others >= 0.25]
    worst = max((x.others for x in runs), default=0.0)
    if not busy:
        return "Other processes used under a quarter of a core during every run."
    return (
        f"Other processes kept at least a quarter of a core busy during {len(busy)} of "
        f"{len(runs)} runs (up to {worst:.1f} cores on this {os.cpu_count()}-core machine), so "
        "wall times are inflated there; the CPU times and the medians are the steadier figures."
    )


def command_line() -> str:
    python = os.path.relpath(sys.executable, REPO) if sys.executable.startswith(str(REPO)) else sys.executable
    direct = shlex.join([python, "bench/run.py", *sys.argv[1:]])
    return f"make bench   # runs: {direct}" if os.environ.get("MAKELEVEL") else direct


def report(results: list[Result], info: dict[str, str], args: argparse.Namespace, took: float) -> str:
    target_rows = _table(
        ["target", "measured", "status (wall time)", "status (CPU time)"],
        [list(t) for t in targets(results)],
    )
    machine_rows = "\n".join(f"- {k}: {v}" for k, v in info.items())
    return f"""# Benchmarks

Measured by `bench/run.py` ({dt.date.today().isoformat()}, {took / 60:.1f} minutes in all).
Each claim set is synthesised by `bench/synth.py` with seed {args.seed} into `build/bench/`:
per claim 3 sources (outlet, title, date, quote, stance; some relayed `via` another
outlet), 3 of 300 people, 1-3 places, organisations and tags from pools (50 tags),
1-3 `related` ids, a 300-word analysis, claim dates over 2021. Each set is a full
project: the repo's `mkdocs.yml` and `docs/`. The baseline (c) has the same pages'
title and analysis as plain markdown, the same theme and markdown extensions, the
search plugin only and a two-page nav (`not_in_nav: /pages/`).

- (a) `generator.pipeline.generate(settings)` in a fresh interpreter, settings from
  `generator.cli.load_settings(project/'mkdocs.yml')`, timed around that call only;
  "libyaml parse" reads the same files, splits at the `---` lines and runs
  `yaml.load(..., Loader=yaml.CSafeLoader)`.
- (b) `python -m mkdocs build -q -f <project>/mkdocs.yml -d <tmp>`, wall time.
- (c) the same command on the baseline project.
- (d) max RSS of the (b) process (`wait4`).
- (e) bytes of the output folder and of `search/search_index.json` (gzip -6 beside it).

Times are the median of {args.runs} run(s); CPU time is user + system time of the
measured part (of the whole process for (b) and (c)). Sizes are in MB = 10^6 bytes.
{contention(results)}

## Machine

{machine_rows}

## Command

```sh
{command_line()}
```

## Results

{tables(results)}

## Ratios

{chr(10).join(f"- {line}" for line in ratios(results))}

## Targets (from the issue)

{target_rows}

To see where the time goes: `.venv/bin/python bench/where.py --size 10000` (cProfile of
(a)) and `... --build` (of (b)); see bench/README.md.

## Every run

{raw_runs(results)}
"""


KEEP_MARKER = "<!-- make bench rewrites everything above this line and keeps what follows -->"


def write_report(path: Path, text: str) -> None:
    """Write the report, keeping hand-written notes below KEEP_MARKER in the old file."""
    kept = ""
    if path.is_file():
        old = path.read_text(encoding="utf-8")
        if KEEP_MARKER in old:
            kept = old.split(KEEP_MARKER, 1)[1]
    kept = kept.lstrip("\n")
    path.write_text(f"{text.rstrip()}\n\n{KEEP_MARKER}\n" + (f"\n{kept}" if kept else ""), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Benchmark factcheck-site at several claim counts.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sizes", default="1000,10000,20000",
                        help="claim counts, comma-separated (default: %(default)s)")  # fmt: skip
    parser.add_argument("--runs", type=int, default=3, help="runs per measure (default: 3)")
    parser.add_argument("--seed", type=int, default=20210905, help="synthesis seed")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "bench",
                        help="where claim sets and sites go (default: build/bench)")  # fmt: skip
    parser.add_argument("--report", type=Path, default=REPO / "BENCHMARKS.md",
                        help="the report to write (default: BENCHMARKS.md)")  # fmt: skip
    parser.add_argument("--no-report", action="store_true", help="print only; write no report")
    parser.add_argument("--keep-sites", action="store_true", help="keep the built sites")
    parser.add_argument("--allow-dirty", action="store_true",
                        help="write the report from a tree with uncommitted changes (it says so)")  # fmt: skip
    parser.add_argument("--retries", type=int, default=1,
                        help="retries of a failed run, 30 s apart (default: %(default)s)")  # fmt: skip
    parser.add_argument("--wait-idle", type=float, default=60, metavar="SECONDS",
                        help="before each step, wait up to this long for other processes "
                             "to go quiet (default: %(default)s; 0 to never wait)")  # fmt: skip
    args = parser.parse_args()
    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    if not sizes or min(sizes) < 2 or args.runs < 1:
        parser.error("need sizes of at least 2 claims and at least one run")

    dirty = dirty_paths()
    if dirty and not args.no_report and not args.allow_dirty:
        parser.error(
            f"uncommitted changes in {', '.join(dirty)}: commit them first, so the report's "
            "figures can be reproduced from its commit (or --no-report, or --allow-dirty)"
        )

    global RETRIES
    RETRIES = max(0, args.retries)
    args.out.mkdir(parents=True, exist_ok=True)
    lock = open(args.out / ".lock", "w")  # noqa: SIM115 - held until exit
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        progress(f"another bench/run.py is using {os.path.relpath(args.out)}/; waiting for it")
        fcntl.flock(lock, fcntl.LOCK_EX)

    info = machine()
    before = code_fingerprint()
    start = time.perf_counter()
    results = [
        measure(size, args.runs, args.seed, args.out, args.keep_sites, args.wait_idle)
        for size in sizes
    ]
    took = time.perf_counter() - start
    after = code_fingerprint()
    info["Code"] += f"; generator/ fingerprint {before}"
    if after != before:
        info["Code"] += (
            f", which changed to {after} during the run: later runs measured newer code"
        )
        print(f"note: generator/ changed during the run ({before} -> {after})", file=sys.stderr)

    print(tables(results))
    print("\nRatios:\n" + "\n".join(f"  {line}" for line in ratios(results)))
    print("\nTargets (status by wall time / by CPU time):")
    for target, measured, wall, cpu in targets(results):
        print(f"  [{wall} / {cpu}] {target}: {measured or '-'}")
    print("\n" + contention(results))
    if not args.no_report:
        write_report(args.report, report(results, info, args, took))
        print(f"\nwrote {os.path.relpath(args.report)}")


if __name__ == "__main__":
    main()
