"""The timed measures of one claim set, each a Run of a child process:

  (a)      generate() in a fresh interpreter (bench/child.py), cold or warm cache;
  parse    the libyaml floor, same files (bench/child.py);
  check    `factcheck check`, the CLI as a user runs it, cold or warm cache;
  (b)/(c)  `mkdocs build` of the factcheck project / of the plain baseline; (b) also
           warm with one claim edited, as CI builds a contributor's change;
  gen_out  `factcheck generate --out DIR`;
  (d')     a plain `mkdocs build` of DIR.

Cold and warm: the engine's persistent cache lives where FACTCHECK_CACHE_DIR points, and
its share cards in the project's `card_cache_dir`; a cold run starts with both empty, a
warm one finds them as the run before left them. Every measure that is not about
warmth runs cold, so no run leans on another's cache (until 4 December 2026 the card
cache was left alone, so every cold run but a size's first read the cards back).
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from model import Run
from timing import process_run, timed

HERE = Path(__file__).resolve().parent
CHILD = HERE / "child.py"


def with_cache(
    env: dict[str, str], cache: Path, fresh: bool, cards: Path | None = None
) -> dict[str, str]:
    """`env` with FACTCHECK_CACHE_DIR at `cache`. When `fresh` (cold), `cache` and the
    project's share-card cache `cards` (which FACTCHECK_CACHE_DIR does not cover) are
    emptied first."""
    if fresh:
        for folder in (cache, cards):
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)
    return {**env, "FACTCHECK_CACHE_DIR": str(cache)}


@contextlib.contextmanager
def one_claim_edited(claims_dir: Path, mark: str) -> Iterator[Path]:
    """The first claim file (by name) with a paragraph added to its analysis, as a
    contributor's pull request edits one claim; put back byte for byte afterwards. A
    warm build then remakes that claim's page and the exports, and indexes again the
    Pagefind batch that holds it."""
    path = min(claims_dir.glob("*.md"))
    original = path.read_bytes()
    path.write_bytes(original.rstrip(b"\n") + f"\n\nEdited for the benchmark ({mark}).\n".encode())
    try:
        yield path
    finally:
        path.write_bytes(original)


def build_edited(config: Path, site: Path, env: dict[str, str], claims_dir: Path, mark: str) -> Run:
    """`build` with one claim edited (`one_claim_edited`)."""
    with one_claim_edited(claims_dir, mark):
        return build(config, site, env)


def tree_size(folder: Path) -> tuple[int, int]:
    """Bytes and number of HTML files under `folder`."""
    total = pages = 0
    for root, _, files in os.walk(folder):
        for name in files:
            total += os.stat(os.path.join(root, name)).st_size
            pages += name.endswith(".html")
    return total, pages


def build(config: Path, site: Path, env: dict[str, str]) -> Run:
    """`mkdocs build -q` of `config` into `site`, with what it wrote."""
    if site.exists():
        shutil.rmtree(site)
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
    run = timed(command, config.parent, env)
    index = site / "search" / "search_index.json"
    site_bytes, html = tree_size(site)
    raw = index.read_bytes() if index.is_file() else b""
    extra = {
        "site_bytes": site_bytes,
        "html_files": html,
        "search_bytes": len(raw),
        "search_gzip_bytes": len(gzip.compress(raw, 6)) if raw else 0,
    }
    return run.run(extra)


def child(kind: str, target: Path, cwd: Path, env: dict[str, str]) -> Run:
    """A bench/child.py run: seconds and CPU of the timed part; the whole process's
    wall time kept as `process_seconds`."""
    process = timed([sys.executable, str(CHILD), kind, str(target)], cwd, env)
    data = json.loads(process.stdout.strip().splitlines()[-1])
    data["process_seconds"] = process.seconds
    return Run(float(data.pop("seconds")), float(data.pop("cpu_seconds")), process.max_rss,
               process.others, data, io_stall=process.io_stall)  # fmt: skip


def factcheck_command() -> list[str]:
    """The `factcheck` console script of this interpreter's venv, as a user runs it."""
    script = Path(sys.executable).parent / "factcheck"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "generator.cli"]


def check(config: Path, env: dict[str, str]) -> Run:
    """`factcheck check -f CONFIG`, the whole process (start-up and imports included)."""
    run = process_run([*factcheck_command(), "check", "-f", str(config)], config.parent, env)
    run.extra["process_seconds"] = run.seconds
    return run


def generate_out(config: Path, folder: Path, env: dict[str, str]) -> Run:
    """`factcheck generate --out FOLDER -f CONFIG`, the whole process."""
    command = [*factcheck_command(), "generate", "--out", str(folder), "-f", str(config)]
    return process_run(command, config.parent, env)
