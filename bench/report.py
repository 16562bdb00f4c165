"""BENCHMARKS.md's generated part: tables of medians with their spread, the extras
(weight, search, edit preview, Zensical, time per page kind) and the targets of #14.
Pure functions of the Results, tested on made-up figures."""

from __future__ import annotations

import datetime as dt
import os
import shlex
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pagekinds
from model import KINDS, LABELS, Result, Run
from stats import median, ratio_spread, seconds, spread
from targets import UNLISTED, Row, not_met, one_line, targets, topic

REPO = Path(__file__).resolve().parent.parent
MB, MIB = 1_000_000, 1024 * 1024
NOT_MET = Path(__file__).resolve().parent / "not_met.md"
KEEP_MARKER = "<!-- make bench rewrites everything above this line and keeps what follows -->"
NA = "-"


def _mb(n: float) -> str:
    return f"{n / MB:,.1f} MB"


def _kb(n: float) -> str:
    return f"{n / 1000:,.1f} kB"


def table(header: list[str], rows: list[list[str]]) -> str:
    def numeric(i: int) -> bool:
        return bool(rows) and rows[0][i][:1].isdigit()

    align = ["---:" if numeric(i) else ":---" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _cell(r: Result, kind: str, values: Callable[[str], list[float]]) -> str:
    return spread(values(kind), seconds) if r.has(kind) else NA


def _ratio(r: Result, top: str, bottom: str, values: Callable[[str], list[float]]) -> str:
    if not (r.has(top) and r.has(bottom)):
        return NA
    return ratio_spread(values(top), values(bottom))[1]


def floor_table(results: Sequence[Result], cpu: bool = False) -> str:
    """Check and generate against the libyaml floor, cold and warm."""
    rows = []
    for r in results:
        v = r.cpus if cpu else r.walls
        p = r.cpus if cpu else r.process_walls
        rows.append(
            [
                f"{r.size:,}",
                _cell(r, "parse", v),
                _cell(r, "a", v),
                _ratio(r, "a", "parse", v),
                _cell(r, "a_warm", v),
                _ratio(r, "a_warm", "parse", v),
                _cell(r, "parse", p),
                _cell(r, "check_cold", p),
                _ratio(r, "check_cold", "parse", p),
                _cell(r, "check_warm", p),
                _ratio(r, "check_warm", "parse", p),
            ]
        )
    return table(
        [
            "claims",
            "libyaml parse",
            "(a) cold",
            "/parse",
            "(a) warm",
            "/parse",
            "parse process",
            "check cold",
            "/parse process",
            "check warm",
            "/parse process",
        ],
        rows,
    )


def build_table(results: Sequence[Result], cpu: bool = False) -> str:
    """The full build against the baseline and against a plain build of the --out folder."""
    rows = []
    for r in results:
        v = r.cpus if cpu else r.walls
        peak = f"{r.peak('b') / MIB:,.0f} MiB" if r.has("b") else NA
        rows.append(
            [
                f"{r.size:,}",
                _cell(r, "b", v),
                _cell(r, "b_warm", v),
                _cell(r, "b_edit", v),
                _cell(r, "c", v),
                _ratio(r, "b", "c", v),
                _ratio(r, "b_warm", "c", v),
                _ratio(r, "b_edit", "c", v),
                _cell(r, "gen_out", v),
                _cell(r, "dprime", v),
                _ratio(r, "dprime", "b", v),
                peak,
            ]
        )
    return table(
        [
            "claims",
            "(b) full build",
            "(b) warm",
            "(b) warm, one claim edited",
            "(c) baseline",
            "(b)/(c)",
            "(b) warm/(c)",
            "(b) edited/(c)",
            "generate --out",
            "(d') mkdocs build of --out",
            "(d')/(b)",
            "peak RSS of (b)",
        ],
        rows,
    )


def output_table(results: Sequence[Result]) -> str:
    rows = []
    for r in results:
        if not (r.has("b") and r.has("c")):
            continue
        rows.append(
            [
                f"{r.size:,}",
                f"{r.last('b', 'html_files'):,}",
                _mb(r.last("b", "site_bytes")),
                _mb(r.last("b", "search_bytes")),
                _mb(r.last("b", "search_gzip_bytes")),
                f"{r.last('c', 'html_files'):,}",
                _mb(r.last("c", "site_bytes")),
                _mb(r.last("c", "search_bytes")),
                _mb(r.last("c", "search_gzip_bytes")),
                f"{r.peak('a') / MIB:,.0f} MiB" if r.has("a") else NA,
                f"{r.peak('c') / MIB:,.0f} MiB",
            ]
        )
    return table(
        [
            "claims",
            "pages (b)",
            "site (b)",
            "search index (b)",
            "gzip",
            "pages (c)",
            "site (c)",
            "search index (c)",
            "gzip",
            "peak RSS (a)",
            "peak RSS (c)",
        ],
        rows,
    )


def weight_section(results: Sequence[Result]) -> str:
    """Bytes per claim of the (b) site, in all and per page kind, at each size."""
    weighed = [r for r in results if r.weight]
    errors = [
        f"- {r.size:,} claims: {one_line(r.weight['error'], 600)}"
        for r in weighed
        if "error" in r.weight
    ]  # type: ignore[index]
    good = [r for r in weighed if "error" not in r.weight]  # type: ignore[operator]
    if not good:
        return "\n".join(errors) or "Not measured."
    kinds = sorted(
        {k for r in good for k in r.weight["kinds"]},  # type: ignore[index]
        key=lambda k: -max(r.weight["kinds"].get(k, {}).get("bytes", 0) for r in good),
    )  # type: ignore[index]
    header = ["page kind", *[f"{r.size:,} claims: files, kB per claim" for r in good]]
    rows = [
        [
            "**whole site**",
            *[
                f"{r.weight['total_bytes'] / MB:,.1f} MB, "  # type: ignore[index]
                f"{r.weight['bytes_per_claim'] / 1000:.1f} kB"
                for r in good
            ],
        ]
    ]  # type: ignore[index]
    for kind in kinds:
        cells = []
        for r in good:
            k = r.weight["kinds"].get(kind)  # type: ignore[index]
            cells.append(f"{k['files']:,}, {k['bytes_per_claim'] / 1000:.2f} kB" if k else NA)
        rows.append([kind, *cells])
    return table(header, rows) + ("\n\n" + "\n".join(errors) if errors else "")


def search_section(results: Sequence[Result]) -> str:
    rows, errors = [], []
    for r in results:
        if r.search is None:
            continue
        runs = r.search.get("runs") or []
        if r.search.get("error"):
            errors.append(f"- {r.size:,} claims: {one_line(r.search['error'], 600)}")
        if not runs:
            continue
        payload = [float(x["bytes"]) for x in runs]
        gz = [float(x["gzip_bytes"]) for x in runs if x.get("gzip_bytes") is not None]
        secs = [float(x["seconds"]) for x in runs if x.get("seconds") is not None]
        rows.append(
            [
                f"{r.size:,}",
                spread(payload, _mb),
                spread(gz, _mb) if gz else NA,
                spread(secs, seconds) if secs else NA,
                str(runs[-1].get("requests") or NA),
            ]
        )
    text = (
        table(
            [
                "claims",
                "bytes before the first result, uncompressed",
                "as sent (gzip for text, as GitHub Pages sends it)",
                "first result after navigation",
                "requests",
            ],
            rows,
        )
        if rows
        else "Not measured."
    )
    return text + ("\n\n" + "\n".join(errors) if errors else "")


def preview_section(results: Sequence[Result]) -> str:
    lines = []
    for r in results:
        p = r.preview
        if p is None:
            continue
        first = f"; first build served after {p['first']:.1f} s" if p.get("first") else ""
        for key, what in (("edits", "an analysis"), ("title_edits", "a title")):
            if p.get(key):
                lines.append(
                    f"- {r.size:,} claims, {what}: {spread(p[key], seconds)} from saving the "
                    f"claim to its new page being served (median (min–max) of {len(p[key])} "
                    f"edits: {', '.join(f'{s:.2f}' for s in p[key])}){first}"
                )
        if p.get("error"):
            lines.append(f"- {r.size:,} claims: {one_line(p['error'], 600)}")
    return "\n".join(lines) or "Not measured."


def zensical_section(results: Sequence[Result]) -> str:
    rows, notes = [], []
    for r in results:
        z = r.zensical
        if z is None:
            continue
        if z.get("error") and not z.get("runs"):
            notes.append(f"- {r.size:,} claims: not built.\n\n```text\n{z['error']}\n```")
            continue
        runs = z["runs"]
        c = z.get("compare") or {}
        mk = r.walls("dprime")
        rows.append(
            [
                f"{r.size:,}",
                spread(mk, seconds) if mk else NA,
                spread([x["seconds"] for x in runs], seconds),
                f"{r.peak('dprime') / MIB:,.0f} MiB" if r.has("dprime") else NA,
                f"{max(x['max_rss'] for x in runs) / MIB:,.0f} MiB",
                _paths(c),
                _texts(c),
            ]
        )
        if c.get("example_diff"):
            notes.append(
                f"- {r.size:,} claims, first claim page whose text differs:\n\n"
                f"```diff\n{c['example_diff']}\n```"
            )
        if z.get("error"):
            notes.append(f"- {r.size:,} claims: {z['error']}")
    text = (
        table(
            [
                "claims",
                "MkDocs (d')",
                "Zensical",
                "peak RSS MkDocs",
                "peak RSS Zensical",
                "same HTML paths",
                "claim pages: same article text",
            ],
            rows,
        )
        if rows
        else ""
    )
    return "\n\n".join(x for x in [text, *notes] if x) or "Not measured."


def _paths(c: dict[str, Any]) -> str:
    if not c:
        return NA
    if c["same_paths"]:
        return f"yes ({c['paths_common']:,})"
    return (
        f"no: {c['paths_common']:,} common, {c['paths_only_mkdocs']:,} only MkDocs "
        f"(e.g. {', '.join(c['only_mkdocs_examples']) or NA}), {c['paths_only_other']:,} only "
        f"Zensical (e.g. {', '.join(c['only_other_examples']) or NA})"
    )


def _texts(c: dict[str, Any]) -> str:
    if not c:
        return NA
    return f"{c['claim_text_matches']:,} match, {c['claim_text_mismatches']:,} differ"


def profile_section(results: Sequence[Result]) -> str:
    parts = []
    for r in results:
        if r.profile is None:
            continue
        if r.profile.get("error"):
            parts.append(f"{r.size:,} claims: {one_line(r.profile['error'], 600)}")
        else:
            parts.append(
                f"At {r.size:,} claims (one instrumented build, seconds):\n\n"
                + pagekinds.table(r.profile, top=8)
            )
    return "\n\n".join(parts) or "Not measured."


def raw_runs(results: Sequence[Result]) -> str:
    rows = []
    for r in results:
        for kind in KINDS:
            runs = r.runs.get(kind) or []
            if not runs:
                continue
            rows.append(
                [
                    f"{r.size:,}",
                    LABELS[kind],
                    ", ".join(f"{x.seconds:.3f}" for x in runs),
                    ", ".join(f"{x.cpu:.3f}" for x in runs),
                    ", ".join(f"{x.max_rss / MIB:,.0f}" for x in runs),
                    ", ".join(f"{x.others:.2f}" for x in runs),
                    ", ".join(_share(x.io_stall) for x in runs),
                ]
            )
    return table(
        [
            "claims",
            "measure",
            "wall s per run",
            "CPU s per run",
            "max RSS per run (MiB)",
            "cores used by other processes",
            "share of the run waiting on I/O",
        ],
        rows,
    )


def _share(value: float | None) -> str:
    return NA if value is None else f"{value:.0%}"


def contention(results: Sequence[Result]) -> str:
    runs = [x for r in results for kind in KINDS for x in r.runs.get(kind, [])]
    busy = [x for x in runs if x.others >= 0.25]
    worst = max((x.others for x in runs), default=0.0)
    if not busy:
        said = "Other processes used under a quarter of a core during every run."
    else:
        said = (
            f"Other processes kept at least a quarter of a core busy during {len(busy)} of "
            f"{len(runs)} runs (up to {worst:.1f} cores on this {os.cpu_count()}-core machine), "
            "so wall times are inflated there; the CPU times and the medians are the steadier "
            "figures."
        )
    return said + io_waits(runs)


def io_waits(runs: Sequence[Run]) -> str:
    """How long the disk kept processes waiting, run by run: it tells a run slowed by
    the disk from one slowed in the CPU, where the kernel's file-system work counts."""
    shares = sorted(x.io_stall for x in runs if x.io_stall is not None)
    if not shares:
        return " The disk's waits were not measured (no /proc/pressure/io)."
    return (
        f" Some process was waiting on I/O during {shares[0]:.0%} to {shares[-1]:.0%} of a "
        f"run's wall time (median {median(shares):.0%}; Linux's I/O pressure, "
        "/proc/pressure/io, column \"share of the run waiting on I/O\" in the raw runs): "
        "where it is high, a run's wall time is the disk's more than the build's."
    )


def targets_table(results: Sequence[Result]) -> str:
    return table(
        ["target", "measured", "status (wall time)", "status (CPU time)"],
        [list(t) for t in targets(results)],
    )


def read_reasons(text: str) -> dict[str, tuple[str, str]]:
    """bench/not_met.md by topic: `## topic: Heading` and the text below it."""
    reasons = {}
    for part in text.split("\n## ")[1:]:
        heading, _, body = part.partition("\n")
        name, _, title = heading.partition(":")
        reasons[name.strip()] = (title.strip() or name.strip(), body.strip())
    return reasons


def not_met_section(results: Sequence[Result], reasons: dict[str, tuple[str, str]]) -> str:
    """Each topic with a target not met: those targets, then why and what it would take
    (bench/not_met.md). A topic with no text there is said loudly: the issue is done
    only when every target is met or explained."""
    missed: dict[str, list[Row]] = {}
    for row in targets(results):
        if not_met(row):
            missed.setdefault(topic(row[0]), []).append(row)
    if not missed:
        return "Every target above is met."
    parts = []
    for name, rows in missed.items():
        title, why = reasons.get(name, (name, ""))
        listed = "\n".join(f"- {row[0]}: {row[1]}{_by(row)}" for row in rows)
        why = why or _no_reason(name)
        parts.append(f"### {title}\n\n{listed}\n\n{why}")
    return "\n\n".join(parts)


def _no_reason(name: str) -> str:
    if name == UNLISTED:
        return ("**No reason on file**: these targets have no topic; add them to `TOPICS` "
                "in `bench/targets.py` and their section to `bench/not_met.md`.")
    return f"**No reason on file**: write section `## {name}:` of `bench/not_met.md`."


def _by(row: Row) -> str:
    """Which times miss the target, for a target timed both ways (a size has no CPU time)."""
    if row[3] == NA:
        return ""
    wall, cpu = (row[i] == "not met" for i in (2, 3))
    times = "wall and CPU time" if wall and cpu else "wall time" if wall else "CPU time"
    return f" (not met by {times})"


def command_line() -> str:
    python = (
        os.path.relpath(sys.executable, REPO)
        if sys.executable.startswith(str(REPO))
        else sys.executable
    )
    direct = shlex.join([python, "bench/run.py", *sys.argv[1:]])
    return f"make bench   # runs: {direct}" if os.environ.get("MAKELEVEL") else direct


def report(
    results: Sequence[Result], info: dict[str, str], runs: int, seed: int, took: float,
    reasons: dict[str, tuple[str, str]] | None = None,
) -> str:
    """The generated part of BENCHMARKS.md; `reasons` default to bench/not_met.md's."""
    if reasons is None:  # without the file, every target not met says it has no reason
        reasons = read_reasons(NOT_MET.read_text(encoding="utf-8") if NOT_MET.is_file() else "")
    timed = [r for r in results if r.runs]  # sizes measured for search alone have none
    machine_rows = "\n".join(f"- {k}: {v}" for k, v in info.items())
    return f"""# Benchmarks

Measured by `bench/run.py` ({dt.date.today().isoformat()}, {took / 60:.1f} minutes in all).
Each claim set is synthesised by `bench/synth.py` with seed {seed} into `build/bench/`:
per claim 3 sources (outlet, title, date, quote, stance; some relayed `via` another
outlet), 3 of 300 people, 1-3 places, organisations and tags from pools (50 tags),
1-3 `related` ids, a 300-word analysis, claim dates over 2021. Each set is a full
project: the repo's `mkdocs.yml` and `docs/`. The baseline (c) has the same pages'
title and analysis as plain markdown, the same theme and markdown extensions, the
search plugin only and a two-page nav (`not_in_nav: /pages/`).

- (a) `generator.pipeline.generate(settings)` in a fresh interpreter (`bench/child.py`),
  timed around that call only; cold: `FACTCHECK_CACHE_DIR` a fresh empty folder and
  the project's share-card cache emptied (every card drawn); warm: both again right
  after.
- libyaml parse (the floor): reads the same files, splits at the `---` lines and runs
  `yaml.load(..., Loader=yaml.CSafeLoader)`; "parse process" is the whole process.
- check: `factcheck check -f <project>/mkdocs.yml`, the whole process, cold and warm as
  for (a); compared with the whole parse process (both start Python and import).
- (b) `python -m mkdocs build -q -f <project>/mkdocs.yml -d <tmp>`, cold and warm as for
  (a); warm is a CI build with its `actions/cache` folders restored; "one claim
  edited" is that build after a paragraph is added to the first claim's analysis (a
  contributor's change; the file is put back after).
- (c) the same command on the baseline project.
- (d') `factcheck generate --out DIR`, then `python -m mkdocs build -q -f DIR/mkdocs.yml`:
  a plain MkDocs build of the very pages the plugin builds.
- peak RSS: max RSS of the process (`wait4`).

Each time is the median of {runs} run(s), shown as median (lowest–highest); a ratio is
the ratio of the medians with the range of run-by-run ratios (runs are interleaved).
CPU time is user + system time of the measured part, worker processes included. Sizes
in MB = 10^6 bytes. {contention(timed)}

## Machine

{machine_rows}

## Command

```sh
{command_line()}
```

## Targets (issue #14)

{targets_table(results)}

## Not met: why, and what it would take (`bench/not_met.md`)

{not_met_section(results, reasons)}

## Check and generate against the libyaml floor

Wall time:

{floor_table(timed)}

CPU time:

{floor_table(timed, cpu=True)}

## Builds

Wall time:

{build_table(timed)}

CPU time:

{build_table(timed, cpu=True)}

Output:

{output_table(timed)}

## Weight of the (b) site (`bench/weight.py`)

{weight_section(results)}

## Search: what a reader downloads before the first result (`tools/search_payload.py --site`)

{search_section(results)}

## Edit preview under `mkdocs serve --dirty` (`tools/serve_latency.py`)

{preview_section(results)}

## Where MkDocs' time goes, per page kind (`bench/where.py --build --by-kind`)

{profile_section(results)}

## Zensical side by side (`bench/zensical.py`, the `generate --out` folder)

{zensical_section(results)}

## Every run

{raw_runs(timed)}
"""


def write_report(path: Path, text: str) -> None:
    """Write the report, keeping hand-written notes below KEEP_MARKER in the old file."""
    kept = ""
    if path.is_file():
        old = path.read_text(encoding="utf-8")
        if KEEP_MARKER in old:
            kept = old.split(KEEP_MARKER, 1)[1]
    kept = kept.lstrip("\n")
    path.write_text(
        f"{text.rstrip()}\n\n{KEEP_MARKER}\n" + (f"\n{kept}" if kept else ""), encoding="utf-8"
    )
