"""Running the pagefind binary over the built site's claim pages, in batches.

Pagefind's indexer holds every page it reads, with each word's positions, until it has
written the index: about 190 kB per claim page whatever the page's size (at 10,000
synthetic claims: 1.8 GB; at 20,000: 3.3 GB, the build's peak by far). So the claim
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
a single batch is indexed in place.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import tempfile
from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

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
TIMEOUT_SECONDS = 1800

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
    return BUNDLE if number == 1 else f"{BUNDLE}/batch-{number}"


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
    command = [binary, "--site", str(site), "--output-path", str(output), "--glob", CLAIM_GLOB]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


def run_pagefind(site_dir: Path, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
    """Index the claim pages of a site already written (`mkdocs serve`, `build --dirty`)
    into `<site_dir>/pagefind/` and its batch folders, or raise PluginError."""
    pages = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.glob(CLAIM_GLOB))
    indexer = Indexer(site_dir, batch_size, expected=len(pages))
    for page in pages:
        indexer.written(page)
    indexer.finish()


class Indexer:
    """Pagefind over one build's claim pages, a batch at a time.

    `written` is told of each claim page once it is on disk, and a full batch starts
    indexing at once in a pagefind process of its own while MkDocs writes the rest of
    the site: MkDocs renders on one core, Pagefind indexes on the other (at 20,000
    claims its four batches took 39 s after the pages were written). One process at a
    time, so memory stays that of one batch. `finish` indexes what is left, waits for
    the last process and writes the list of batches; `cancel` ends a failed build's."""

    def __init__(self, site_dir: Path, batch_size: int, *, expected: int) -> None:
        self.site_dir, self.batch_size = site_dir, batch_size
        self._binary = executable()
        self._sizes = deque(len(part) for part in batches(range(expected), batch_size))
        self._pending: list[str] = []  # written, in no batch yet
        self._ready: deque[list[str]] = deque()  # full batches waiting for the process
        self._running: _Batch | None = None
        self._started = 0
        self._pages = 0
        shutil.rmtree(site_dir / BUNDLE, ignore_errors=True)  # no batch folder of a larger site

    def written(self, page: str) -> None:
        """`page` (site-relative) is on disk."""
        self._pending.append(page)
        if self._sizes and len(self._pending) >= self._sizes[0]:
            self._sizes.popleft()
            self._ready.append(self._pending)
            self._pending = []
        self._advance(wait=False)

    def finish(self) -> None:
        """Index the pages left, wait for every batch, write the list; PluginError if any failed."""
        self._ready.extend(list(part) for part in batches(self._pending, self.batch_size))
        self._pending = []
        while self._running is not None or self._ready:
            self._advance(wait=True)
        if not self._started:
            log.warning("search_engine: pagefind: no claim pages, so the site has no search index")
            return
        others = [f"{bundle_dir(n)[len(BUNDLE) + 1 :]}/" for n in range(2, self._started + 1)]
        manifest = json.dumps({"batches": others}, separators=(",", ":"))
        (self.site_dir / BUNDLE / BATCHES_FILE).write_text(manifest + "\n", encoding="utf-8")
        several = f" in {self._started} batches of at most {self.batch_size:,}" if others else ""
        log.info(f"pagefind indexed {self._pages:,} claim pages{several}")

    def cancel(self) -> None:
        running, self._running = self._running, None
        if running is not None:
            running.stop()

    def _advance(self, *, wait: bool) -> None:
        """Check the running batch when it is done (or wait for it), then start the next."""
        if self._running is not None:
            if not wait and not self._running.done():
                return
            running, self._running = self._running, None
            running.check()
        if self._ready:
            pages = self._ready.popleft()
            self._started += 1
            self._pages += len(pages)
            output = self.site_dir / bundle_dir(self._started)
            self._running = _Batch(self._binary, self.site_dir, pages, output)


class _Batch:
    """One pagefind process over some claim pages, linked into a temporary folder (the
    URLs it records are the site's own), its output in files there too: a pipe nobody
    reads until the end could fill up and stall it."""

    def __init__(self, binary: str, site_dir: Path, pages: Sequence[str], output: Path) -> None:
        self.site_dir, self.output = site_dir, output
        self._staging = tempfile.TemporaryDirectory(prefix="factcheck-pagefind-")
        folder = Path(self._staging.name)
        _link_pages(site_dir, pages, folder / "site")
        self._log = folder / "pagefind.log"
        with open(self._log, "wb") as log_file:
            command = pagefind_command(binary, folder / "site", output)
            try:
                self._process = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT)
            except OSError as error:
                self._staging.cleanup()
                raise PluginError(f"factcheck: pagefind could not start: {error}") from None

    def done(self) -> bool:
        return self._process.poll() is not None

    def check(self) -> None:
        """Wait for the process; PluginError when it failed or wrote no index."""
        try:
            code = self._process.wait(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.stop()
            raise PluginError(f"factcheck: pagefind took over {TIMEOUT_SECONDS} s") from None
        try:
            output = self._log.read_text("utf-8", errors="replace")
        finally:
            self._staging.cleanup()
        where = self.output.relative_to(self.site_dir).as_posix()
        detail = output.strip()[-2000:] or "no output"
        if code != 0:
            raise PluginError(f"factcheck: pagefind failed (exit {code}) indexing {where}/: {detail}")
        for line in output.splitlines():
            if "warn" in line.lower():
                log.warning(f"pagefind: {line.strip()}")
        if not (self.output / "pagefind-entry.json").is_file():
            raise PluginError(f"factcheck: pagefind wrote no index into {where}/: {detail}")

    def stop(self) -> None:
        self._process.kill()
        self._process.wait()
        self._staging.cleanup()


def _link_pages(site_dir: Path, pages: Sequence[str], staging: Path) -> None:
    """Each page at its site path under `staging`: a link, or a copy where links are
    not allowed (Windows without the right)."""
    for page in pages:
        target = staging / page
        target.parent.mkdir(parents=True, exist_ok=True)
        source = site_dir / page
        try:
            os.symlink(source.resolve(), target)
        except OSError:
            shutil.copyfile(source, target)
