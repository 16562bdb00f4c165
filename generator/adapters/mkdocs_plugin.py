"""The MkDocs adapter: adds the generated pages to the build as in-memory files.

`mkdocs build` and `mkdocs serve` work unchanged; `serve` watches the claims folder
and, because the class defines `on_startup`, keeps one instance (and its claim cache)
across rebuilds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.adapters.mkdocs_config import FactcheckConfig, settings_from
from generator.pages import Page
from generator.pipeline import ClaimCache, generate
from generator.problems import ClaimsInvalid
from generator.settings import Settings

log = get_plugin_logger("factcheck")

ASSETS = Path(__file__).parent.parent / "assets"
CSS_URI = "assets/factcheck/factcheck.css"
# Listing pages a small explicit `nav` may name; every other generated page stays out.
NAV_PAGES = frozenset(
    f"{k}/index.md"
    for k in ("claims", "timeline", "verdicts", "outlets", "people", "places", "organisations", "tags")
) | {"index.md"}


class FactcheckPlugin(BasePlugin[FactcheckConfig]):
    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.cache = ClaimCache()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.settings: Settings = settings_from(self.config, config)
        config.watch.append(str(self.settings.claims_dir))
        config.extra_css.append(CSS_URI)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        try:
            pages = generate(self.settings, getattr(self, "cache", None))
        except ClaimsInvalid as invalid:
            for problem in invalid.problems:
                log.error(str(problem))
            count = len(invalid.problems)
            raise PluginError(f"{count} problem{'s' * (count != 1)} in claim files") from None
        for page in pages:
            files.append(_as_file(page, files, config))
        files.append(File.generated(config, CSS_URI, content=(ASSETS / "factcheck.css").read_bytes()))
        log.info(f"generated {len(pages)} pages from {self.settings.claims_dir}")
        return files


def _as_file(page: Page, files: Files, config: MkDocsConfig) -> File:
    existing = files.get_file_from_path(page.path)
    if existing is not None and existing.generated_by is None:
        raise PluginError(
            f"factcheck: '{page.path}' is both a hand-written page in docs/ and a generated "
            "page; rename or remove the hand-written one"
        )
    inclusion = InclusionLevel.UNDEFINED if page.path in NAV_PAGES else InclusionLevel.NOT_IN_NAV
    return File.generated(config, page.path, content=page.markdown, inclusion=inclusion)
