"""Running the pagefind binary over the built site's claim pages, in batches.

Pagefind's indexer holds every page it reads, with each word's positions, until it has
written the index: about 190 kB per claim page whatever the page's size (at 10,000
synthetic claims: 1.9 GB; at 20,000: 3.6 GB, the build's peak by far). So the claim
pages are indexed in batches of at most `search_batch_size` pages, one after the
other, each into an index of its own: the first into the site's `pagefind/` (with
Pagefind's script, worker and wasm), batch n into `pagefind/batch-n/`. The file
`pagefind/factcheck-batches.json` lists the other batches, and pagefind-search.js
merges them into the first one in the reader's browser (Pagefind's `mergeIndex`), so a
query searches every claim. The indexer's peak then stays that of one batch however
many claims there are. A merged batch costs a reader its entry file and its share of
the index: at 10,000 claims, two batches of 5,000 sent 0.61 MB before the first result
against 0.60 MB for one index (the wasm is fetched once; tools/search_payload.py).

Each batch's pages are linked into a temporary folder (`claims/<id>/index.html`, so the
URLs Pagefind records are the site's own) that Pagefind reads as its site; a site with
a single batch is indexed in place. The folder holds only folders and links, so it is
made in RAM (`/dev/shm`) where the machine has one: linking a batch of 5,000 pages and
removing the links took 4.2-5.5 s on the bench machine's disk, 0.2 s there (5 December
2026). With a cache folder, a batch whose pages did not change since an earlier build
gets that build's index back (pagefind_cache.py).
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from generator.adapters.pagefind_cache import IndexCache

log = get_plugin_logger("factcheck")

BUNDLE = "pagefind"
# The claim pages, relative to the site: Pagefind reads only these.
CLAIM_GLOB = "claims/*/index.html"
# In BUNDLE: the other batches' folders, relative to BUNDLE, read by pagefind-search.js.
BATCHES_FILE = "factcheck-batches.json"
DEFAULT_BATCH_SIZE = 5_000  # claim pages: ~0.95 GB for Pagefind's indexer
# Boilerplate on every claim page that would only add noise to excerpts, and the
# sections Material's search leaves out too (`data-search-exclude` in claim.md.j2):
# the related claims' titles would match this claim, the embed code ("iframe",
# "width") every claim, and the update log is the desk's, not the claim's.
EXCLUDE_SELECTORS = (".headerlink", ".fc-verdict__why", ".fc-report",
                     "h2[data-search-exclude]", ".fc-claims", ".fc-updates", ".fc-share")  # fmt: skip
# Pagefind parses only the element that main.html marks as a claim page's body
# (`<article data-pagefind-body>`), not Material's frame around it: a batch of 5,000
# claim pages took 6.3-6.7 s instead of 7.0-7.4 s (7.6-8.0 s of CPU instead of 9.0-9.4)
# and made the same fragments and index chunks (5 December 2026); it indexed only that
# element before too. A batch where no page has it fails with the reason (`_index`),
# where Pagefind would have indexed each page's whole body, Material's frame included.
ROOT_SELECTOR = "[data-pagefind-body]"
TIMEOUT_SECONDS = 1800
# Where a batch's staging folder of links is made when it can be: a RAM file system.
RAM_FOLDER = Path("/dev/shm")

T = TypeVar("T")


def batches(pages: Sequence[T], size: int) -> list[Sequence[T]]:
    """`pages` in order, cut into the fewest batches of at most `size` pages, of lengths
    differing by one at most: a last batch of a few pages would cost a reader's first
    query as much to merge as a full one."""
    if not pages:
        return []
    count = -(-len(pages) // max(size, 1))
    each, longer = divmod(len(pages), count)
    cuts = [0]
    for number in range(count):
        cuts.append(cuts[-1] + each + (number < longer))
    return [pages[start:end] for start, end in itertools.pairwise(cuts)]


def bundle_dir(number: int) -> str:
    """The site-relative folder of batch `number` (from 1)."""
    return BUNDLE if number == 1 else f"{BUNDLE}/{batch_folder(number)}"


def batch_folder(number: int) -> str:
    """The folder of batch `number` (from 2) inside the first batch's, as the manifest
    lists it for pagefind-search.js."""
    return f"batch-{number}"


def executable() -> str:
    """The pagefind binary that the `pagefind[bin]` package ships, or PluginError."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        get_executable = None
    found = get_executable() if get_executable else None
    if found is None or not Path(found).is_file():
        raise PluginError(
            "factcheck: search_engine: pagefind needs the pagefind binary, which the "
            "`pagefind[bin]` package ships: pip install 'pagefind[bin]' (or set "
            "PAGEFIND_BINARY_PATH)"
        )
    return str(found)


def pagefind_command(binary: str, site: Path, output: Path) -> list[str]:
    """The command line that indexes the claim pages under `site` into `output`."""
    return [binary, "--site", str(site), "--output-path", str(output), *pagefind_options()]


def pagefind_options() -> list[str]:
    """The command line's options other than its folders: the same for every batch."""
    options = ["--glob", CLAIM_GLOB, "--root-selector", ROOT_SELECTOR]
    for selector in EXCLUDE_SELECTORS:
        options += ["--exclude-selectors", selector]
    return options


def run_pagefind(site_dir: Path, batch_size: int = DEFAULT_BATCH_SIZE,
                 cache: Path | None = None) -> None:  # fmt: skip
    """Index the built site's claim pages into `<site_dir>/pagefind/` (and its batch
    folders), or raise PluginError. With a `cache` folder, a batch whose pages and
    settings hash as a kept one's is linked back from it (pagefind_cache.py)."""
    binary = executable()
    pages = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.glob(CLAIM_GLOB))
    if not pages:
        log.warning("search_engine: pagefind: no claim pages, so the site has no search index")
        return
    shutil.rmtree(site_dir / BUNDLE, ignore_errors=True)  # no batch folder of a larger site
    parts = batches(pages, batch_size)
    kept = IndexCache(cache, binary, pagefind_options())
    reused = 0
    for number, part in enumerate(parts, 1):
        output = site_dir / bundle_dir(number)
        key = kept.key(site_dir, part)
        if kept.restore(key, output):
            reused += 1
            continue
        if len(parts) == 1:
            _index(pagefind_command(binary, site_dir, output), site_dir, output)
        else:
            parent = staging_parent()
            with tempfile.TemporaryDirectory(prefix="factcheck-pagefind-", dir=parent) as staging:
                _link_pages(site_dir, part, Path(staging))
                _index(pagefind_command(binary, Path(staging), output), site_dir, output)
        kept.keep(key, output)
    kept.prune()
    others = [f"{batch_folder(n)}/" for n in range(2, len(parts) + 1)]
    manifest = json.dumps({"batches": others}, separators=(",", ":"))
    (site_dir / BUNDLE / BATCHES_FILE).write_text(manifest + "\n", encoding="utf-8")
    log.info(f"pagefind indexed {len(pages):,} claim pages{_how(len(parts), batch_size, reused)}")


def _how(count: int, batch_size: int, reused: int) -> str:
    """How the pages were indexed, for the build's log."""
    said = f" in {count} batches of at most {batch_size:,}" if count > 1 else ""
    if reused:
        said += f" ({reused} of them kept from an earlier build)" if count > 1 else \
            " (kept from an earlier build)"
    return said


def staging_parent() -> str | None:
    """The RAM folder for the staging links where there is one we may write, else None
    (the system's temporary folder)."""
    if RAM_FOLDER.is_dir() and os.access(RAM_FOLDER, os.W_OK | os.X_OK):
        return str(RAM_FOLDER)
    return None


def _link_pages(site_dir: Path, pages: Sequence[str], staging: Path) -> None:
    """Each page at its site path under `staging`: a link, or a copy where links are
    not allowed (Windows without the right). The site's folder is resolved once, not
    per page: linking 10,000 pages took 0.64 s against 0.73 s."""
    root = site_dir.resolve()
    for page in pages:
        target = staging / page
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.symlink(root / page, target)
        except OSError:
            shutil.copyfile(root / page, target)


def _index(command: list[str], site_dir: Path, output: Path) -> None:
    """One pagefind run; PluginError, naming the batch's folder, when it fails or writes
    no index."""
    where = f"{output.relative_to(site_dir).as_posix()}/ in {site_dir}"
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise PluginError(f"factcheck: pagefind could not index {where}: {error}") from None
    detail = (result.stderr or result.stdout).strip()[-2000:] or "no output"
    if result.returncode != 0:
        raise PluginError(
            f"factcheck: pagefind failed (exit {result.returncode}) indexing {where}: "
            f"{detail}{_unmarked_hint(detail)}"
        )
    for line in result.stdout.splitlines() + result.stderr.splitlines():
        if "warn" in line.lower():
            log.warning(f"pagefind: {line.strip()}")
    if not (output / "pagefind-entry.json").is_file():
        raise PluginError(f"factcheck: pagefind wrote no index into {where}: {detail}")


def _unmarked_hint(detail: str) -> str:
    """Why Pagefind found nothing to index in a batch of claim pages: none of them has
    the element it reads (a theme's own main.html that drops the mark)."""
    if "not able to build an index" not in detail:
        return ""
    return (f" (none of the batch's claim pages has an element matching {ROOT_SELECTOR}, "
            "which the plugin's main.html puts on the claim's <article>: a theme override "
            "of main.html must keep it)")
