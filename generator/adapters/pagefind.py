"""Pagefind search for the MkDocs adapter: `search_engine: pagefind`, or `auto` (the
default) from `search_auto_threshold` published claims on (see search_engine.py).

Material's built-in search writes one search/search_index.json that the browser
downloads whole before the first result (about 42 MB, 10.5 MB gzip, at 10,000 claims).
Pagefind splits its index into small compressed chunks, so a first query fetches a few
of them. In pagefind mode the plugin keeps Material's search box and its look, and:

- `exclude_from_material_search`: every page is left out of Material's index, so
  search_index.json holds only Material's search config (a few hundred bytes);
- `use_stand_in_worker`: each page's `__config` names a stand-in for Material's search
  worker that never answers, so Material never sends a query, never renders results
  over Pagefind's, and its 40 kB lunr worker is not downloaded;
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
from mkdocs.structure.files import File

from generator.settings import Settings

log = get_plugin_logger("factcheck")

ASSETS = Path(__file__).resolve().parent.parent / "assets"
SCRIPT = "assets/factcheck/pagefind-search.js"
WORKER = "assets/factcheck/search-worker.js"
BUNDLE = "pagefind"
# The claim pages, relative to the site: Pagefind reads only these.
CLAIM_GLOB = "claims/*/index.html"
# Boilerplate on every claim page that would only add noise to excerpts.
EXCLUDE_SELECTORS = (".headerlink", ".fc-verdict__why", ".fc-report")
TIMEOUT_SECONDS = 1800

_CLAIM_SOURCE = re.compile(r"^claims/(?!index\.md$)[^/]+\.md$")
_WORKER_REF = re.compile(
    r'("search":\s*")((?:[^"]*/)?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js(")'
)
# Adjacent cells and description-list items: Pagefind 1.5 joins their text into one word.
_ADJACENT_CELLS = re.compile(r"</(dt|dd|th)><(dt|dd|th)\b")


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


def asset_files(config: MkDocsConfig) -> list[File]:
    """The search script and the stand-in worker, copied into the site."""
    return [
        File.generated(config, uri, abs_src_path=str(ASSETS / uri.rsplit("/", 1)[1]))
        for uri in (SCRIPT, WORKER)
    ]


def is_claim_page(src_uri: str) -> bool:
    """`claims/<id>.md`, not the listing `claims/index.md` nor its `claims/page/N/` pages."""
    return bool(_CLAIM_SOURCE.match(src_uri))


def exclude_from_material_search(meta: dict[str, Any]) -> None:
    """Leave the page out of Material's search_index.json (its `search.exclude` meta)."""
    search = meta.get("search")
    meta["search"] = {**search, "exclude": True} if isinstance(search, dict) else {"exclude": True}


def use_stand_in_worker(output: str, url: str) -> str:
    """Point Material's `__config.search` (its worker's URL) at the stand-in worker."""
    replaced, count = _WORKER_REF.subn(rf"\g<1>\g<2>{WORKER}\g<3>", output, count=1)
    if not count:
        raise PluginError(
            f"factcheck: search_engine: pagefind: the page '{url or '/'}' does not name "
            "Material's search worker in its __config; pagefind mode needs the theme "
            "mkdocs-material 9.x without an override of its __config block"
        )
    return replaced


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


def separate_adjacent_cells(output: str) -> str:
    """A space between adjacent `dt`/`dd`/`th` elements (invisible in a grid or a
    table), or Pagefind 1.5 would index "Claimant" and the claimant's name as one word."""
    return _ADJACENT_CELLS.sub(r"</\1> <\2", output)


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
