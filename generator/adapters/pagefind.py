"""Pagefind search for the MkDocs adapter: `search_engine: pagefind`, or `auto` (the
default) from `search_auto_threshold` published claims on (see search_engine.py).

Material's built-in search writes one search/search_index.json that the browser
downloads whole before the first result (about 42 MB, 10.5 MB gzip, at 10,000 claims).
Pagefind splits its index into small compressed chunks, so a first query fetches a few
of them. In pagefind mode the plugin keeps Material's search box and its look, and:

- `exclude_from_material_search`: every page is left out of Material's index, so
  search_index.json holds only Material's search config (a few hundred bytes);
- `add_asset_files`: Material's search worker file is replaced, at its own path, by a
  stand-in that never answers, so Material never sends a query, never renders results
  over Pagefind's, and its 40 kB lunr worker is not downloaded (the pages' `__config`
  is the theme's own, untouched);
- `claim_attributes`: a claim page's `<article>` gets `data-pagefind-body` (Pagefind
  indexes only the claim pages) and its verdict as Pagefind meta and filter, printed
  by the theme override (overrides/main.html) from the claim's data;
- `run_pagefind`: after the build, the pagefind binary from the `pagefind[bin]`
  package indexes the claim pages into `pagefind/` in the site;
- assets/factcheck/pagefind-search.js (`SCRIPT`) drives Material's search box with
  Pagefind, loading Pagefind on the first focus of the box.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from generator.settings import Settings

log = get_plugin_logger("factcheck")

ASSETS = Path(__file__).resolve().parent.parent / "assets"
SCRIPT = "assets/factcheck/pagefind-search.js"
WORKER_FILE = "search-worker.js"  # in assets/: the stand-in for Material's worker
BUNDLE = "pagefind"
# The claim pages, relative to the site: Pagefind reads only these.
CLAIM_GLOB = "claims/*/index.html"
# Boilerplate on every claim page that would only add noise to excerpts, and the
# sections Material's search leaves out too (`data-search-exclude` in claim.md.j2):
# the related claims' titles would match this claim, the embed code ("iframe",
# "width") every claim, and the update log is the desk's, not the claim's.
EXCLUDE_SELECTORS = (".headerlink", ".fc-verdict__why", ".fc-report",
                     "h2[data-search-exclude]", ".fc-claims", ".fc-updates", ".fc-share")  # fmt: skip
TIMEOUT_SECONDS = 1800

_CLAIM_SOURCE = re.compile(r"^claims/(?!index\.md$)[^/]+\.md$")
# Material's search worker (a theme file) and its source map.
_MATERIAL_WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js(\.map)?")


def check_config(config: MkDocsConfig) -> None:
    """Pagefind mode drives Material's search box, which only Material's search plugin renders."""
    if "material/search" not in config.plugins:
        raise PluginError(
            "factcheck: search_engine: pagefind uses Material's search box; add `- search` "
            "to `plugins` in mkdocs.yml (before `factcheck`)"
        )


def register_script(config: MkDocsConfig) -> None:
    """Load pagefind-search.js after the page has been parsed, on every page."""
    script = ExtraScriptValue(SCRIPT)
    script.defer = True
    config.extra_javascript.append(script)


def add_asset_files(files: Files, config: MkDocsConfig) -> None:
    """The search script, and the stand-in worker in place of Material's worker file:
    the theme's `__config` names that file on every page, so it needs no change."""
    workers = [f for f in files if _MATERIAL_WORKER.fullmatch(f.src_uri)]
    scripts = [f for f in workers if not f.src_uri.endswith(".map")]
    if len(scripts) != 1:
        raise PluginError(
            "factcheck: search_engine: pagefind: the theme has "
            f"{len(scripts)} files named assets/javascripts/workers/search.*.min.js; pagefind "
            "mode replaces Material's search worker and needs the theme mkdocs-material 9.x"
        )
    for file in workers:
        files.remove(file)
    for uri, name in ((scripts[0].src_uri, WORKER_FILE), (SCRIPT, SCRIPT.rsplit("/", 1)[1])):
        files.append(File.generated(config, uri, abs_src_path=str(ASSETS / name)))


def is_claim_page(src_uri: str) -> bool:
    """`claims/<id>.md`, not the listing `claims/index.md` nor its `claims/page/N/` pages."""
    return bool(_CLAIM_SOURCE.match(src_uri))


def exclude_from_material_search(meta: dict[str, Any]) -> None:
    """Leave the page out of Material's search_index.json (its `search.exclude` meta)."""
    search = meta.get("search")
    meta["search"] = {**search, "exclude": True} if isinstance(search, dict) else {"exclude": True}


def claim_attributes(search: dict[str, str], settings: Settings) -> list[tuple[str, str]]:
    """The claim page's `<article>` attributes (printed by the theme override): Pagefind
    indexes only `data-pagefind-body`, with the verdict as meta and filter and the
    claimant as meta (searchable, and weighted by pagefind-search.js). From the claim's
    own data, never read back from its HTML."""
    attributes = [("data-fc-claimant", search["claimant"])]
    verdict = settings.verdicts_by_name.get(search.get("verdict", ""))
    metas = ["claimant[data-fc-claimant]"]
    if verdict is not None:
        attributes += [("data-fc-verdict", verdict.label), ("data-fc-verdict-icon", verdict.icon),
                       ("data-fc-verdict-colour", verdict.colour),
                       ("data-pagefind-filter", "verdict[data-fc-verdict]")]  # fmt: skip
        metas += [f"{key}[data-fc-{key.replace('_', '-')}]" for key in ("verdict", "verdict_icon", "verdict_colour")]
    return [*attributes, ("data-pagefind-meta", ", ".join(metas))]


def pagefind_command(site_dir: Path) -> list[str]:
    """The pagefind command line that indexes the claim pages of the built site."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        get_executable = None  # noqa: N806
    executable = get_executable() if get_executable else None
    if executable is None or not Path(executable).is_file():
        raise PluginError(
            "factcheck: search_engine: pagefind needs the pagefind binary, which the "
            "`pagefind[bin]` package ships: pip install 'pagefind[bin]' (or set "
            "PAGEFIND_BINARY_PATH)"
        )
    command = [str(executable), "--site", str(site_dir), "--output-subdir", BUNDLE,
               "--glob", CLAIM_GLOB]  # fmt: skip
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


def run_pagefind(site_dir: Path) -> None:
    """Index the built site's claim pages into `<site_dir>/pagefind/`, or raise PluginError."""
    command = pagefind_command(site_dir)
    if next(site_dir.glob(CLAIM_GLOB), None) is None:
        log.warning("search_engine: pagefind: no claim pages, so the site has no search index")
        return
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise PluginError(f"factcheck: pagefind could not index {site_dir}: {error}") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()[-2000:] or "no output"
        raise PluginError(
            f"factcheck: pagefind failed (exit {result.returncode}) indexing {site_dir}: {detail}"
        )
    for line in result.stdout.splitlines() + result.stderr.splitlines():
        if "warn" in line.lower():
            log.warning(f"pagefind: {line.strip()}")
    indexed = re.search(r"Indexed (\d+) pages?", result.stdout)
    log.info(f"pagefind indexed {indexed.group(1) if indexed else 'the'} claim pages")
    if not (site_dir / BUNDLE / "pagefind.js").is_file():
        raise PluginError(
            f"factcheck: pagefind wrote no {BUNDLE}/pagefind.js into {site_dir}: "
            f"{(result.stderr or result.stdout).strip()[-2000:] or 'no output'}"
        )
