"""The benchmark behind `make bench`: how fast and how big the site is at 1k-20k claims,
and whether each target of issue #14 is met.

For each size it synthesises a claim set (bench/synth.py) into build/bench/ and takes,
interleaved, --runs runs of each timed measure (bench/measures.py): (a) generate cold
and warm, the libyaml floor, `factcheck check` cold and warm, (b) the full build cold,
warm and warm with one claim edited, (c) the plain-MkDocs baseline and, at the --extras
sizes, `factcheck generate --out` and (d') a plain `mkdocs build` of that folder. Then,
once per size (bench/extras.py): the weight of the (b) site; at the --extras sizes
Zensical's build of the --out folder; at the --search sizes the search payload of the
(b) site (100 claims gets a set of its own); at the --preview sizes the edit-preview
latency; at the --profile sizes MkDocs' time per page kind.

It prints the targets and writes BENCHMARKS.md (bench/report.py), refusing a dirty tree
unless --allow-dirty. Progress goes to stderr, one line per step, silent when CI is set.

    .venv/bin/python bench/run.py                          # what `make bench` runs
    .venv/bin/python bench/run.py --sizes 1000 --runs 1 --no-report   # a quick check
"""

from __future__ import annotations

import argparse
import fcntl
import os
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import extras
import measures
import provenance
import report
import synth
import timing
from model import LABELS, Result, Run
from targets import targets
from timing import busy_note, progress, wait_for_idle

REPO = synth.REPO
MIB = 1024 * 1024


@dataclass
class Plan:
    """What to measure where (from the command line)."""

    runs: int
    seed: int
    out: Path
    idle: float
    keep_sites: bool
    extras: set[int]  # sizes with generate --out, (d') and Zensical
    search: set[int]
    preview: set[int]
    profile: set[int]
    edits: int
    zensical_venv: Path


class Sets:
    """The folders of one size's claim set and its sites."""

    def __init__(self, out: Path, size: int, seed: int) -> None:
        self.factcheck_yml, self.plain_yml = synth.make_sets(out, size, seed)
        options = synth.factcheck_options(synth.repo_config())
        self.claims_dir = self.factcheck_yml.parent / str(
            options.get("claims_dir") or "content/claims"
        )
        self.b, self.c = out / f"site-claims-{size}", out / f"site-plain-{size}"
        self.folder, self.dprime = out / f"out-{size}", out / f"site-out-{size}"
        self.cache = out / f"cache-{size}"
        self.cards = card_cache(self.factcheck_yml.parent, options)

    def sites(self) -> list[Path]:
        return [self.b, self.c, self.folder, self.dprime, self.cache]

    def cold_or_warm(self, env: dict[str, str], name: str, fresh: bool) -> dict[str, str]:
        """`env` for a run on cache `name`: emptied first, cards too, when `fresh`."""
        return measures.with_cache(env, self.cache / name, fresh, self.cards)


def card_cache(project: Path, options: dict) -> Path | None:
    """The project's share-card cache (`card_cache_dir`, relative to its mkdocs.yml)."""
    from generator.adapters.mkdocs_config import FactcheckConfig

    folder = options.get("card_cache_dir", FactcheckConfig.card_cache_dir.default)
    return project / str(folder) if folder else None


def _step(result: Result, kind: str, tag: str, idle: float, measure: Callable[[], Run]) -> None:
    """One timed step, with its progress line."""
    progress(f"{tag} {LABELS[kind]} ...", end=" ")
    wait_for_idle(idle)
    run = measure()
    result.add(kind, run)
    pages = f", {run.extra['html_files']:,} pages" if "html_files" in run.extra else ""
    progress(f"{run.seconds:.2f} s, peak {run.max_rss / MIB:,.0f} MiB{pages}{busy_note(run)}")


def timed_runs(size: int, sets: Sets, plan: Plan, env: dict[str, str]) -> Result:
    """--runs interleaved runs of every timed measure, so a slow spell of the machine
    touches every measure alike."""
    result = Result(size)
    cache = lambda name, fresh: sets.cold_or_warm(env, name, fresh)
    fc, project = sets.factcheck_yml, sets.factcheck_yml.parent
    for run in range(1, plan.runs + 1):
        tag = f"bench: {size:,} claims, run {run}/{plan.runs}:"
        _step(
            result,
            "a",
            tag,
            plan.idle,
            lambda: measures.child("generate", fc, project, cache("a", True)),
        )
        _step(
            result,
            "a_warm",
            tag,
            plan.idle,
            lambda: measures.child("generate", fc, project, cache("a", False)),
        )
        _step(
            result,
            "parse",
            tag,
            plan.idle,
            lambda: measures.child("parse", sets.claims_dir, project, env),
        )
        _step(
            result, "check_cold", tag, plan.idle, lambda: measures.check(fc, cache("check", True))
        )
        _step(
            result, "check_warm", tag, plan.idle, lambda: measures.check(fc, cache("check", False))
        )
        _step(result, "b", tag, plan.idle, lambda: measures.build(fc, sets.b, cache("b", True)))
        _step(
            result, "b_warm", tag, plan.idle, lambda: measures.build(fc, sets.b, cache("b", False))
        )
        _step(
            result,
            "b_edit",
            tag,
            plan.idle,
            lambda: measures.build_edited(fc, sets.b, cache("b", False), sets.claims_dir, tag),
        )
        _step(result, "c", tag, plan.idle, lambda: measures.build(sets.plain_yml, sets.c, env))
        if size in plan.extras:
            _step(
                result,
                "gen_out",
                tag,
                plan.idle,
                lambda: measures.generate_out(fc, sets.folder, cache("out", True)),
            )
            _step(
                result,
                "dprime",
                tag,
                plan.idle,
                lambda: measures.build(sets.folder / "mkdocs.yml", sets.dprime, env),
            )
    return result


def once(result: Result, sets: Sets, plan: Plan, env: dict[str, str]) -> None:
    """The measures taken once per size, each by its own tool."""
    size = result.size
    progress(f"bench: {size:,} claims: weight of the (b) site ...", end=" ")
    result.weight = extras.weight(sets.b, env)
    progress(
        result.weight.get("error") or f"{result.weight['bytes_per_claim'] / 1000:.1f} kB per claim"
    )
    if size in plan.search:
        _search(result, sets.b, plan, env)
    if size in plan.extras:
        progress(
            f"bench: {size:,} claims: Zensical build of the --out folder x{plan.runs} ...", end=" "
        )
        result.zensical = extras.zensical_side(
            sets.folder, sets.dprime, plan.zensical_venv, plan.runs, env
        )
        progress((result.zensical.get("error") or "done").splitlines()[-1])
    if size in plan.preview:
        progress(f"bench: {size:,} claims: edit preview, {plan.edits} edits ...", end=" ")
        # Cards as the timed runs left them: a desk previews after `make site` drew them,
        # and cards drawn in the background would slow the edits being timed.
        serve_env = measures.with_cache(env, sets.cache / "serve", True)
        result.preview = extras.preview(sets.factcheck_yml.parent, plan.edits, serve_env)
        progress(
            result.preview.get("error") or ", ".join(f"{s:.2f} s" for s in result.preview["edits"])
        )
    if size in plan.profile:
        progress(f"bench: {size:,} claims: MkDocs' time per page kind ...", end=" ")
        result.profile = extras.profile(
            size, plan.out, measures.with_cache(env, sets.cache / "p", True)
        )
        progress(result.profile.get("error") or f"{result.profile['build_seconds']:.1f} s")


def _search(result: Result, site: Path, plan: Plan, env: dict[str, str]) -> None:
    progress(f"bench: {result.size:,} claims: search payload x{plan.runs} ...", end=" ")
    result.search = extras.search(site, plan.out / f"search-{result.size}.json", plan.runs, env)
    runs = result.search.get("runs") or []
    done = ", ".join(f"{r['bytes'] / 1e6:.2f} MB" for r in runs)
    progress("; ".join(x for x in (done, result.search.get("error")) if x))


def measure(size: int, plan: Plan) -> Result:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    progress(f"bench: {size:,} claims: synthesising into {os.path.relpath(plan.out)}/ ...", end=" ")
    start = time.perf_counter()
    sets = Sets(plan.out, size, plan.seed)
    progress(f"{time.perf_counter() - start:.1f} s")
    result = timed_runs(size, sets, plan, env)
    once(result, sets, plan, env)
    if not plan.keep_sites:
        for site in sets.sites():
            shutil.rmtree(site, ignore_errors=True)
    return result


def search_only(size: int, plan: Plan) -> Result:
    """A size measured for search alone (100 claims): one (b) build, then the payload."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    progress(f"bench: {size:,} claims (search only): synthesising and building ...", end=" ")
    sets = Sets(plan.out, size, plan.seed)
    build = measures.build(sets.factcheck_yml, sets.b, sets.cold_or_warm(env, "b", True))
    progress(f"{build.seconds:.1f} s")
    result = Result(size, notes=["search only"])
    _search(result, sets.b, plan, env)
    if not plan.keep_sites:
        shutil.rmtree(sets.b, ignore_errors=True)
    return result


def _sizes(text: str) -> set[int]:
    return {int(s.replace("_", "")) for s in text.split(",") if s.strip()}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark factcheck-site at several claim counts."
    )
    add = parser.add_argument
    add(
        "--sizes",
        default="1000,10000,20000",
        help="claim counts, comma-separated (default: %(default)s)",
    )
    add("--runs", type=int, default=3, help="runs per measure (default: 3)")
    add("--seed", type=int, default=20210905, help="synthesis seed")
    add("--out", type=Path, default=REPO / "build" / "bench", help="where claim sets and sites go")
    add("--report", type=Path, default=REPO / "BENCHMARKS.md", help="the report to write")
    add("--no-report", action="store_true", help="print only; write no report")
    add("--keep-sites", action="store_true", help="keep the built sites")
    add(
        "--allow-dirty",
        action="store_true",
        help="write the report from a tree with uncommitted changes (it says so loudly)",
    )
    add(
        "--retries",
        type=int,
        default=1,
        help="retries of a failed run, 30 s apart (default: %(default)s)",
    )
    add(
        "--wait-idle",
        type=float,
        default=60,
        metavar="SECONDS",
        help="before each step, wait up to this long for other processes to go quiet (0: never)",
    )
    add(
        "--extras",
        default="1000,10000",
        help="sizes with generate --out, (d') and Zensical (default: %(default)s; '' for none)",
    )
    add(
        "--search",
        default="100,1000,10000",
        help="sizes with the search payload (default: %(default)s)",
    )
    add("--preview", default="10000", help="sizes with the edit preview (default: %(default)s)")
    add(
        "--profile",
        default="1000",
        help="sizes with MkDocs' time per page kind (default: %(default)s)",
    )
    add("--edits", type=int, default=5, help="edits timed by the edit preview (default: 5)")
    add(
        "--zensical-venv",
        type=Path,
        default=REPO / "build" / "zensical-venv",
        help="the venv Zensical is installed in (made when missing)",
    )
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    sizes = sorted(_sizes(args.sizes))
    if not sizes or min(sizes) < 2 or args.runs < 1:
        sys.exit("need sizes of at least 2 claims and at least one run")
    dirty = provenance.dirty_paths()
    if dirty and not args.no_report and not args.allow_dirty:
        sys.exit(
            f"uncommitted changes in {', '.join(dirty)}: commit them first, so the report's "
            "figures can be reproduced from its commit (or --no-report, or --allow-dirty)"
        )
    timing.RETRIES = max(0, args.retries)
    plan = Plan(
        args.runs,
        args.seed,
        args.out,
        args.wait_idle,
        args.keep_sites,
        _sizes(args.extras),
        _sizes(args.search),
        _sizes(args.preview),
        _sizes(args.profile),
        args.edits,
        args.zensical_venv,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    lock = open(args.out / ".lock", "w")  # noqa: SIM115 - held until exit
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        progress(f"another bench/run.py is using {os.path.relpath(args.out)}/; waiting for it")
        fcntl.flock(lock, fcntl.LOCK_EX)

    info = provenance.machine()
    before = provenance.code_fingerprint()
    speed_before = provenance.core_speed()
    progress(f"bench: {provenance.SPEED_LOOP:,} additions in a pure-Python loop took "
             f"{speed_before:.2f} s (best of {provenance.SPEED_TRIES} tries)")
    start = time.perf_counter()
    # A --search size below every --sizes one gets a set of its own (100 claims); larger
    # ones are only measured where their (b) site is built anyway.
    extra_search = sorted(s for s in plan.search if s < sizes[0])
    results = [search_only(size, plan) for size in extra_search]
    results += [measure(size, plan) for size in sizes]
    took = time.perf_counter() - start
    after = provenance.code_fingerprint()
    info["Single-core speed"] = provenance.speed_note(speed_before, provenance.core_speed())
    info["Code"] += f"; generator/ fingerprint {before}"
    if after != before:
        info["Code"] += f", which changed to {after} during the run: later runs measured newer code"
        print(f"note: generator/ changed during the run ({before} -> {after})", file=sys.stderr)

    print("Targets (status by wall time / by CPU time):")
    for target, measured, wall, cpu in targets(results):
        print(f"  [{wall} / {cpu}] {target}: {measured}")
    print("\n" + report.contention(results))
    if not args.no_report:
        report.write_report(args.report, report.report(results, info, args.runs, args.seed, took))
        print(f"\nwrote {os.path.relpath(args.report)}")


if __name__ == "__main__":
    main()
