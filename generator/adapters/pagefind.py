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
- `pagefind_index.run_pagefind`: after the build, the pagefind binary from the
  `pagefind[bin]` package indexes the claim pages into `pagefind/` in the site, in
  batches merged in the browser (`search_batch_size`);
- assets/factcheck/pagefind-search.js (`SCRIPT`) drives Material's search box with
  Pagefind, loading Pagefind on the first focus of the box.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from generator.settings import Settings

ASSETS = Path(__file__).resolve().parent.parent / "assets"
SCRIPT = "assets/factcheck/pagefind-search.js"
WORKER_FILE = "search-worker.js"  # in assets/: the stand-in for Material's worker

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
