"""The MkDocs adapter: adds the generated pages to the build as in-memory files.

`mkdocs build` and `mkdocs serve` work unchanged; `serve` watches the claims folder
and, because the class defines `on_startup`, keeps one instance (and its claim cache)
across rebuilds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from generator.adapters import pagefind
from generator.adapters.mkdocs_config import FactcheckConfig, settings_from
from generator.adapters.page_store import PageStore
from generator.assets import CSS_FILES, JS_FILES
from generator.feed import FEED_PATH
from generator.pages import Page
from generator.pipeline import ClaimCache, generate
from generator.problems import ClaimsInvalid
from generator.settings import Settings

log = get_plugin_logger("factcheck")

# Listing pages a small explicit `nav` may name; every other generated page stays out.
NAV_PAGES = frozenset(
    f"{k}/index.md"
    for k in ("claims", "timeline", "verdicts", "outlets", "people", "places", "organisations",
              "tags", "data", "stats", "graph")  # fmt: skip
) | {"index.md"}


class FactcheckPlugin(BasePlugin[FactcheckConfig]):
    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.serving = command == "serve"
        # Rendered pages are worth keeping only for the next rebuild of `serve`.
        self.cache = ClaimCache(reuse_pages=self.serving)
        self.store: PageStore | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.settings: Settings = settings_from(self.config, config)
        config.watch.append(str(self.settings.claims_dir))
        if getattr(self, "serving", False) and self.store is None:
            root = Path(config.config_file_path or ".").resolve().parent
            self.store = PageStore(root / self.config.serve_cache_dir)
        config.extra_css.extend(CSS_FILES)
        config.extra_javascript.extend(JS_FILES)
        if self._pagefind:
            pagefind.check_config(config)
            pagefind.register_script(config)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        try:
            outputs = generate(self.settings, getattr(self, "cache", None))
        except ClaimsInvalid as invalid:
            for problem in invalid.problems:
                log.error(str(problem))
            count = len(invalid.problems)
            raise PluginError(f"{count} problem{'s' * (count != 1)} in claim files") from None
        store = getattr(self, "store", None)
        written_before = store.written if store else 0
        self.generated = {o.path: o for o in outputs if o.is_markdown}
        for output in outputs:
            files.append(_as_file(output, files, config, store))
        for file in pagefind.asset_files(config) if self._pagefind else ():
            files.append(file)
        pages = sum(o.is_markdown for o in outputs)
        changed = f", {store.written - written_before} changed" if store else ""
        log.info(f"generated {pages} pages from {self.settings.claims_dir}{changed}")
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Generated pages arrive as ready HTML (see generator/headings.py): give
        Python-Markdown nothing to parse."""
        self._keep_out_of_material_search(page)
        return "" if self._has_ready_html(page) else None  # HTML arrives in on_page_content

    def on_page_content(
        self, html: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        generated = self._generated_page(page)
        body = generated.body() if generated else None
        if body is None:
            return None
        page.toc = get_toc([h.token() for h in body.toc])  # type: ignore[arg-type]
        return body.html

    def on_post_page(self, output: str, /, *, page: MkDocsPage, config: MkDocsConfig) -> str | None:
        """Add the feed link to every page and the core's JSON-LD and meta tags to its own."""
        if not self.config.enabled:
            return None
        feed = get_relative_url(FEED_PATH, page.url)
        extra = Markup('<link rel="alternate" type="application/atom+xml" title="{}" href="{}">').format(
            config.site_name, feed
        )
        generated = getattr(self, "generated", {}).pop(page.file.src_uri, None)  # done with it
        if generated is not None and generated.head:
            extra += Markup("\n") + Markup(generated.head)
        html = name_search_dialog(output.replace("</head>", f"{extra}\n</head>", 1))
        return self._pagefind_page(html, page) if self._pagefind else html

    def _generated_page(self, page: MkDocsPage) -> Page | None:
        if page.file.generated_by != "factcheck":
            return None
        return getattr(self, "generated", {}).get(page.file.src_uri)

    def _has_ready_html(self, page: MkDocsPage) -> bool:
        generated = self._generated_page(page)
        return generated is not None and generated.ready_html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """In pagefind mode, index the built claim pages into site/pagefind/."""
        if self.config.enabled and self._pagefind:
            pagefind.run_pagefind(Path(config.site_dir))

    @property
    def _pagefind(self) -> bool:
        return self.config.search_engine == "pagefind"

    def _keep_out_of_material_search(self, page: MkDocsPage) -> None:
        """In pagefind mode, every page stays out of Material's search_index.json."""
        if self.config.enabled and self._pagefind:
            pagefind.exclude_from_material_search(page.meta)

    def _pagefind_page(self, html: str, page: MkDocsPage) -> str:
        """Swap Material's search worker for the stand-in; mark a claim page for Pagefind."""
        html = pagefind.use_stand_in_worker(html, page.url)
        if page.file.generated_by == "factcheck" and pagefind.is_claim_page(page.file.src_uri):
            html, has_verdict = pagefind.mark_claim_page(html, page.url, self.settings)
            if not has_verdict:
                log.warning(f"{page.url}: no verdict badge; its search result shows no verdict")
        return html


_UNNAMED_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def name_search_dialog(html: str) -> str:
    """Material 9.8's search dialog has no accessible name (axe: aria-dialog-name)."""
    named = _UNNAMED_SEARCH_DIALOG[:-1] + ' aria-label="Search">'
    return html.replace(_UNNAMED_SEARCH_DIALOG, named, 1)


def _as_file(output: Page, files: Files, config: MkDocsConfig, store: PageStore | None) -> File:
    existing = files.get_file_from_path(output.path)
    if existing is not None and existing.generated_by is None:
        raise PluginError(
            f"factcheck: '{output.path}' is both a hand-written page in docs/ and a generated "
            "page; rename or remove the hand-written one"
        )
    nav = not output.is_markdown or output.path in NAV_PAGES
    inclusion = InclusionLevel.UNDEFINED if nav else InclusionLevel.NOT_IN_NAV
    if store is not None:  # the whole page on disk, so its mtime follows any change
        return File.generated(config, output.path, abs_src_path=store.save(output), inclusion=inclusion)
    # In memory, MkDocs only needs the front-matter when the body arrives as HTML.
    content = output.meta if output.ready_html else output.content
    return File.generated(config, output.path, content=content, inclusion=inclusion)
