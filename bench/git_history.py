"""Cost of reading claim history from git, and bytes the trust outputs add.

Builds a synthetic project of `--size` claims (bench/synth.py) as its own git repository
with one dated commit per `--per-commit` files, plus `--edits` later commits that each
touch `--per-commit` existing files, then times `read_history` (one `git log` over the
claims folder) and the per-entity/JSON feeds. Run:

    .venv/bin/python bench/git_history.py --size 10000 --out build/bench
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import synth_claims, write_claims_project  # noqa: E402

from generator.cli import load_settings  # noqa: E402
from generator.feeds import entry_feeds, json_feed  # noqa: E402
from generator.history import read_history  # noqa: E402
from generator.indexes import build_indexes  # noqa: E402
from generator.loader import load_claims  # noqa: E402


def _git(repo: Path, *args: str, day: dt.date | None = None) -> None:
    stamp = f"{(day or dt.date(2021, 9, 1)).isoformat()}T12:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp,
           "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}  # fmt: skip
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)


def make_repo(out: Path, size: int, per_commit: int, edits: int) -> Path:
    """The project as a git repository; returns its claims folder."""
    config = write_claims_project(out / f"history-{size}", synth_claims(size, 20210905))
    root = config.parent
    claims = sorted((root / "content" / "claims").glob("*.md"))
    _git(root, "init", "-q")
    _git(root, "add", "mkdocs.yml", "docs")
    _git(root, "commit", "-q", "-m", "site")
    day = dt.date(2021, 9, 1)
    for start in range(0, len(claims), per_commit):
        _git(root, "add", *(str(p) for p in claims[start : start + per_commit]))
        _git(root, "commit", "-q", "-m", f"claims {start}", day=day)
        day += dt.timedelta(days=1)
    for edit in range(edits):
        for path in claims[edit * per_commit : (edit + 1) * per_commit]:
            path.write_text(path.read_text("utf-8") + f"\nEdit {edit}.\n", encoding="utf-8")
        _git(root, "commit", "-q", "-am", f"edit {edit}", day=day)
        day += dt.timedelta(days=1)
    return root / "content" / "claims"


def _timed(runs: int, call) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--per-commit", type=int, default=100)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("build/bench"))
    args = parser.parse_args()
    start = time.perf_counter()
    claims_dir = make_repo(args.out.resolve(), args.size, args.per_commit, args.edits)
    print(f"repo: {args.size} claims, {args.size // args.per_commit + args.edits + 1} commits, "
          f"made in {time.perf_counter() - start:.1f} s")  # fmt: skip
    seconds, history = _timed(args.runs, lambda: read_history(claims_dir))
    print(f"read_history: {seconds:.3f} s (median of {args.runs}), {len(history.dates)} files dated")
    settings = load_settings(claims_dir.parent.parent / "mkdocs.yml")
    ix = build_indexes(load_claims(settings).claims, settings)
    seconds, feeds = _timed(args.runs, lambda: list(entry_feeds(ix, settings)))
    size = sum(len(xml) for _, xml in feeds)
    print(f"entity feeds: {len(feeds)} files, {size:,} bytes, {seconds:.2f} s")
    seconds, data = _timed(args.runs, lambda: json_feed(ix.claims, settings))
    print(f"feed.json: {len(data):,} bytes, {seconds:.2f} s")


if __name__ == "__main__":
    main()
