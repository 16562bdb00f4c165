"""Where the time goes: cProfile of (a) generate() or of (b) the MkDocs build.

    .venv/bin/python bench/where.py --size 10000            # (a), top 15 by cumulative
    .venv/bin/python bench/where.py --size 10000 --build    # (b), in this process
    .venv/bin/python bench/where.py --size 1000 --build --by-kind   # (b) per page kind

--by-kind times MkDocs' per-page work (markdown, theme template, search indexing, other
plugins' page events) per page kind with bench/pagekinds.py instead of cProfile, so
the seconds are real; --json OUT writes that table's data (make bench reads it).

Uses the claim set bench/run.py left in build/bench/ (synthesises it when missing)
and writes the full profile to build/bench/profile-<a|b>-<size>.prof for snakeviz or
`python -m pstats`. cProfile slows Python code down, so read shares, not seconds.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pagekinds  # noqa: E402
import synth  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description="cProfile of (a) or (b).")
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20210905)
    parser.add_argument("--out", type=Path, default=synth.REPO / "build" / "bench")
    parser.add_argument("--build", action="store_true", help="profile the MkDocs build (b)")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--sort", default="cumulative", help="pstats sort key")
    parser.add_argument("--by-kind", action="store_true",
                        help="with --build: time per page kind instead of cProfile")
    parser.add_argument("--json", type=Path, help="with --by-kind: also write the data here")
    args = parser.parse_args()

    config = args.out / f"claims-{args.size}" / "mkdocs.yml"
    if not config.is_file():
        config, _ = synth.make_sets(args.out, args.size, args.seed)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.chdir(config.parent)
    if args.build and args.by_kind:
        by_kind(config, args.json)
        return
    profiler = cProfile.Profile()
    if args.build:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        with tempfile.TemporaryDirectory() as site:
            mkdocs_config = load_config(str(config), site_dir=site)
            profiler.enable()
            mkdocs_config.plugins.on_startup(command="build", dirty=False)
            build(mkdocs_config)
            mkdocs_config.plugins.on_shutdown()
            profiler.disable()
    else:
        from generator.cli import load_settings
        from generator.pipeline import generate

        settings = load_settings(config)
        profiler.enable()
        generate(settings)
        profiler.disable()
    out = args.out / f"profile-{'b' if args.build else 'a'}-{args.size}.prof"
    profiler.dump_stats(out)
    stats = pstats.Stats(profiler)
    stats.strip_dirs().sort_stats(args.sort).print_stats(args.top)
    print(f"full profile: {out}")


def by_kind(config: Path, out: Path | None) -> None:
    """One instrumented build: MkDocs' time per page kind and step."""
    import time

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with tempfile.TemporaryDirectory() as site:
        mkdocs_config = load_config(str(config), site_dir=site)
        start = time.perf_counter()
        mkdocs_config.plugins.on_startup(command="build", dirty=False)
        with pagekinds.instrumented(mkdocs_config) as clock:
            build(mkdocs_config)
        mkdocs_config.plugins.on_shutdown()
        data = pagekinds.summary(clock, time.perf_counter() - start)
    print(pagekinds.table(data))
    if out:
        out.write_text(json.dumps(data, indent=1), "utf-8")


if __name__ == "__main__":
    main()
