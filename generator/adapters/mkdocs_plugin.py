"""The MkDocs adapter: adds the generated pages to the build as in-memory files.

`mkdocs build` and `mkdocs serve` work unchanged; `serve` watches the claims folder
and, because the class defines `on_startup`, keeps one instance (and its claim cache)
across rebuilds.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from generator import kinds
from generator.adapters import pagefind
from generator.adapters.mkdocs_config import FactcheckConfig, add_repository_link, settings_from
from generator.adapters.page_store import PageStore
from generator.assets import CSS_FILES, JS_FILES
from generator.feed import FEED_PATH
from generator.headings import render_headings
from generator.pages import Page
from generator.pipeline import ClaimCache, generate_iter
from generator.problems import ClaimsInvalid
from generator.settings import Settings
from generator.transparency import footer_links

log = get_plugin_logger("factcheck")

# Listing pages a small explicit `nav` may name; every other generated page stays out.
NAV_PAGES = frozenset(
    f"{k}/index.md"
    for k in ("claims", "timeline", *kinds.FOLDERS, "data", "stats", "graph")
) | {"index.md", "corrections/log.md", "transparency/index.md"}


@dataclass(frozen=True)
class Generated:
    """What the plugin remembers of a generated page between events (the page itself
    is on disk, in the page store)."""

    head: str | None
    ready_html: bool


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
        add_repository_link(config, self.settings)
        config.watch.append(str(self.settings.claims_dir))
        if self.store is None or not getattr(self, "serving", False):
            self.store = PageStore(self._store_root(config))
        config.extra_css.extend(CSS_FILES)
        config.extra_javascript.extend(JS_FILES)
        if self._pagefind:
            pagefind.check_config(config)
            pagefind.register_script(config)
        return config

    def _store_root(self, config: MkDocsConfig) -> Path:
        """serve: a fixed folder, so pages survive rebuilds; build: a temporary one."""
        if getattr(self, "serving", False):
            return Path(config.config_file_path or ".").resolve().parent / self.config.serve_cache_dir
        return Path(tempfile.mkdtemp(prefix="factcheck-pages-"))

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        assert self.store is not None
        try:
            outputs = generate_iter(self.settings, getattr(self, "cache", None))
        except ClaimsInvalid as invalid:
            for problem in invalid.problems:
                log.error(str(problem))
            count = len(invalid.problems)
            raise PluginError(f"{count} problem{'s' * (count != 1)} in claim files") from None
        written_before = self.store.written
        self.generated: dict[str, Generated] = {}
        self.tocs: dict[str, list[dict[str, Any]]] = {}
        for output in outputs:  # each output goes to disk; none is kept in memory
            files.append(_as_file(output, files, config, self.store))
            if output.is_markdown:
                self.generated[output.path] = Generated(output.head, output.ready_html)
        for file in pagefind.asset_files(config) if self._pagefind else ():
            files.append(file)
        self._report_lint()
        changed = f", {self.store.written - written_before} written" if self.serving else ""
        log.info(f"generated {len(self.generated)} pages from {self.settings.claims_dir}{changed}")
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Generated pages have their HTML ready (see generator/headings.py): give
        Python-Markdown nothing to parse, keep only their table of contents."""
        self._keep_out_of_material_search(page)
        if not self._has_ready_html(page):
            return None
        self.tocs[page.file.src_uri] = [h.token() for h in render_headings(markdown).toc]
        return ""

    def on_page_content(
        self, html: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        """No HTML yet: MkDocs reads every page before it writes any, so holding each
        page's HTML from here on would keep the whole site in memory."""
        toc = getattr(self, "tocs", {}).pop(page.file.src_uri, None)
        if toc is None:
            return None
        page.toc = get_toc(toc)  # type: ignore[arg-type]
        return ""

    @event_priority(100)  # before the search plugin reads page.content
    def on_page_context(
        self, context: TemplateContext, /, *, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        if self._has_ready_html(page) and page.file.abs_src_path:
            stored = Path(page.file.abs_src_path).read_text(encoding="utf-8")
            page.content = render_headings(stored.split("---\n", 2)[2]).html
        return None

    def on_build_error(self, *, error: Exception) -> None:
        self._drop_temporary_store()

    def on_post_page(self, output: str, /, *, page: MkDocsPage, config: MkDocsConfig) -> str | None:
        """Add the feed link to every page and the core's JSON-LD and meta tags to its own."""
        if not self.config.enabled:
            return None
        feed = get_relative_url(FEED_PATH, page.url)
        extra = Markup('<link rel="alternate" type="application/atom+xml" title="{}" href="{}">').format(
            config.site_name, feed
        )
        generated = getattr(self, "generated", {}).get(page.file.src_uri)
        if generated is not None and generated.head:
            extra += Markup("\n") + Markup(generated.head)
        if generated is not None and generated.ready_html:
            page.content = None  # written: let it go
        html = name_search_dialog(output.replace("</head>", f"{extra}\n</head>", 1))
        html = add_footer_links(html, footer_links(self.settings, page.url))
        return self._pagefind_page(html, page) if self._pagefind else html

    def _report_lint(self) -> None:
        """ClaimReview lint: broken markup fails --strict; Google's length advice is info."""
        lint = getattr(self, "cache", None) and self.cache.lint
        if not lint:
            return
        for problem in lint.errors:
            log.warning(str(problem))
        if lint.advice:
            log.info(f"{len(lint.advice)} of {lint.checked} claims have a claimReviewed longer than "
                     "75 characters (Google's advice; `factcheck check` lists them)")  # fmt: skip

    def _has_ready_html(self, page: MkDocsPage) -> bool:
        if page.file.generated_by != "factcheck":
            return False
        generated = getattr(self, "generated", {}).get(page.file.src_uri)
        return generated is not None and generated.ready_html

    def _drop_temporary_store(self) -> None:
        if self.store is not None and not getattr(self, "serving", False):
            self.store.remove()
            self.store = None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """In pagefind mode, index the built claim pages into site/pagefind/."""
        self._drop_temporary_store()
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


_COPYRIGHT = '<div class="md-copyright">'


def add_footer_links(html: str, links: str) -> str:
    """Material's footer, with the transparency pages linked above the copyright line."""
    return html.replace(_COPYRIGHT, _COPYRIGHT + links, 1) if links else html


def _as_file(output: Page, files: Files, config: MkDocsConfig, store: PageStore) -> File:
    existing = files.get_file_from_path(output.path)
    if existing is not None and existing.generated_by is None:
        raise PluginError(
            f"factcheck: '{output.path}' is both a hand-written page in docs/ and a generated "
            "page; rename or remove the hand-written one"
        )
    nav = not output.is_markdown or output.path in NAV_PAGES
    inclusion = InclusionLevel.UNDEFINED if nav else InclusionLevel.NOT_IN_NAV
    return File.generated(config, output.path, abs_src_path=store.save(output), inclusion=inclusion)
