"""The MkDocs adapter: adds the generated pages to the build as files from the page store.

`mkdocs build` and `mkdocs serve` work unchanged; `serve` watches the claims folder
and, because the class defines `on_startup`, keeps one instance (and its claim cache)
across rebuilds.
"""

from __future__ import annotations

import contextlib
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_theme_dir
from mkdocs.utils.templates import TemplateContext

from generator import cards, kinds
from generator.adapters import (
    background_cards,
    beside,
    pagefind,
    pagefind_index,
    preview,
    search_engine,
    serve_watch,
    served_search,
)
from generator.adapters.frame_parts import FramePartMemo
from generator.adapters.mkdocs_config import (
    FactcheckConfig,
    add_policy_links,
    add_repository_link,
    cache_dir_option,
    settings_from,
)
from generator.adapters.output_dirs import UnsafeOutput, check_output_dir
from generator.adapters.page_store import PageStore, StoreBusy
from generator.adapters.ready_page import ReadyPage
from generator.adapters.serve_memo import FileMemo, nav_paths
from generator.adapters.translations import TranslationMemo
from generator.assets import CSS_FILES, JS_FILES
from generator.collector import collect_less_often
from generator.compiled_templates import CompiledTemplates
from generator.pages import HEAD_KEY, Output, embed_path
from generator.pipeline import ClaimCache, generate_iter, published
from generator.pipeline import preview as preview_site
from generator.problems import ClaimsInvalid, Problem
from generator.rules import featured_problems
from generator.settings import Settings

log = get_plugin_logger("factcheck")
EMBED_PATH = re.compile(re.escape(embed_path("@")).replace("@", "[^/]+"))
# Theme overrides printed by both adapters: `<head>` additions, the search dialog's name.
OVERRIDES = Path(__file__).resolve().parent / "overrides"
# A static template among them: the theme's icons, one file instead of inline on every page.
ICON_SPRITE = "assets/factcheck/icons.svg"
# Page meta key of a claim page's Pagefind attributes, which overrides/main.html prints.
PAGEFIND_KEY = "factcheck_pagefind"

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
    search: tuple[tuple[str, str], ...] = ()
    front: str = ""  # a ready page's front-matter, what MkDocs reads of it (~350 bytes)


class FactcheckPlugin(BasePlugin[FactcheckConfig]):
    def __init__(self) -> None:
        """The state of a plain build. MkDocs' CLI then calls `on_startup`; a tool that
        drives `mkdocs.commands.build.build()` itself does not, and builds the same."""
        super().__init__()
        self.serving = False
        self.dirty = False
        self.side_files: beside.BesideFiles | None = None
        # Parsed claims and rendered pieces, kept for the next rebuild of `serve`.
        self.cache = ClaimCache()
        self.store: PageStore | None = None
        self.store_root: Path | None = None  # serve's
        # A build's store when it is not the kept one (see _build_store).
        self._temporary: tempfile.TemporaryDirectory[str] | None = None
        self.engine: search_engine.Engine = "material"  # chosen in on_files, from the claims
        self.generated: dict[str, Generated] = {}
        self._named_in_nav: frozenset[str] = frozenset()  # the paths the site's nav names
        self.cards: background_cards.BackgroundCards | None = None
        self.files: Files | None = None  # every file of the last build (on_env)
        self.written_dests: set[str] = set()  # site files of the last serve build
        self.file_memo = FileMemo()  # serve: generated Files, copied (see FileMemo)
        self.bytecode = CompiledTemplates()  # serve: the theme's compiled templates
        self.search_json = served_search.EntryJson()  # serve: each search entry's JSON

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty
        self.side_files = beside.BesideFiles() if self.serving and dirty else None  # see beside.py
        if self.serving:
            collect_less_often()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        serving = self.serving
        # Drafts are previewed under serve only, never published.
        self.settings: Settings = replace(settings_from(self.config, config), include_drafts=serving)
        add_repository_link(config, self.settings)
        add_policy_links(config, self.settings)
        config.watch.append(str(self.settings.claims_dir))
        config.watch.extend(str(d) for d in self.settings.template_dirs)
        root = self._project_root(config)
        protected = [self.settings.claims_dir, Path(config.docs_dir)]
        try:
            check_output_dir(Path(config.site_dir), option="site_dir", project_root=root, protected=protected)
            if not serving:
                self._drop_build_store()  # a build before this one that never ended
                self.store = self._build_store(root, protected)
            elif self.store is None or self.store_root != self._serve_store_root(config):
                self.store_root = self._serve_store_root(config)
                self.store = PageStore(self.store_root, project_root=root, protected=protected)
        except UnsafeOutput as unsafe:
            raise PluginError(f"factcheck: {unsafe}") from None
        _add_overrides(config)
        if self.settings.share_cards and not cards.fonts_available():
            log.info("share cards are off: their font, DejaVu Sans, is not installed "
                     "(Debian: apt-get install fonts-dejavu-core)")  # fmt: skip
        config.extra_css.extend(CSS_FILES)
        config.extra_javascript.extend(JS_FILES)
        if serving:
            config.extra_javascript.append(preview.SCRIPT)
        self.engine = "material"  # chosen in on_files, from the claims
        if self.config.search_engine == "pagefind":
            pagefind.check_config(config)  # a forced engine fails before any work
        return config

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer | None:
        """Before MkDocs schedules `config.watch`: with native events, our folders are
        not polled (see serve_watch.py)."""
        if not self.config.enabled:
            return None
        folders = (self.settings.claims_dir, *self.settings.template_dirs)
        watcher = serve_watch.choose(self.config.serve_watch, folders)
        if watcher == "native":
            observer = serve_watch.NativeFolders(server.observer, on_fallback=_polling_instead)
            server.observer = observer  # type: ignore[assignment]
            if observer.refused is not None:
                return server  # said by _polling_instead
        log.info(f"claim edits are noticed by {serve_watch.DESCRIBED[watcher]} "
                 f"(serve_watch: {self.config.serve_watch})")  # fmt: skip
        return server

    @staticmethod
    def _project_root(config: MkDocsConfig) -> Path:
        return Path(config.config_file_path or ".").resolve().parent

    def _serve_store_root(self, config: MkDocsConfig) -> Path:
        """A fixed folder, so pages survive rebuilds."""
        return self._project_root(config) / self.config.serve_cache_dir

    def _build_store(self, root: Path, protected: list[Path]) -> PageStore:
        """The store kept in the digest cache, so a warm build writes only the pages
        that changed (page_store.py); a temporary one without a cache, while another
        build holds the kept one, and for `build --dirty` (MkDocs would skip every
        page whose stored file kept its date, though its navigation may have moved)."""
        cache = self.settings.cache_dir
        if cache is not None and not self.dirty:
            try:
                return PageStore(cache / "pages", option=cache_dir_option(), project_root=root,
                                 protected=protected, kept=True)  # fmt: skip
            except StoreBusy as busy:
                log.info(f"factcheck: {busy}; this build stores its pages in a temporary folder")
        # Removed when the build ends or fails, and otherwise when Python exits: a build
        # stopped by Ctrl-C reaches neither `on_post_build` nor `on_build_error`.
        self._temporary = tempfile.TemporaryDirectory(
            prefix="factcheck-pages-", ignore_cleanup_errors=True
        )
        return PageStore(Path(self._temporary.name), option="temporary page store",
                         project_root=root, protected=protected)  # fmt: skip

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        assert self.store is not None
        if self.serving:
            # Never fail a serve rebuild over a claim: MkDocs' dev server marks a rebuild
            # as wanted before running it and as visible only when it succeeds, and every
            # request waits (without a timeout) until the two agree, so one failed rebuild
            # froze the preview until the next successful one. The preview shows the
            # problems instead (see preview.py).
            outputs, problems = preview_site(self.settings, self.cache)
        else:
            # The cards come after, drawn beside MkDocs' rendering: _start_cards.
            outputs, problems = _build_outputs(self.settings, self.cache), []
        written_before = self.store.written
        self.generated = {}
        self._named_in_nav = nav_paths(config.nav)
        claim_ids: list[str] = []
        copied = self.side_files
        if copied is not None:
            copied.start()
        for output in outputs:  # each output goes to disk (a build keeps none in memory)
            if copied is not None and beside.is_per_claim_file(output):
                copied.add(output, self.store)
            else:
                self._add(output, files, config)
            if EMBED_PATH.fullmatch(output.path):  # one embed per claim
                claim_ids.append(output.path.split("/")[1])
        if self.serving:
            self._add_preview_files(problems, files, config)
            self.file_memo.keep_only(files)
        else:
            self.store.keep(prune=True)
            self._start_cards(config)
        self._choose_search_engine(len(claim_ids), config)
        if self._pagefind:
            pagefind.add_asset_files(files, config)
        self._report_lint()
        self._report_featured(claim_ids, config)
        changed = f", {self.store.written - written_before} written" if self.serving else ""
        log.info(f"generated {len(self.generated)} pages from {self.settings.claims_dir}{changed}")
        return files

    def _choose_search_engine(self, claims: int, config: MkDocsConfig) -> None:
        """`search_engine` (auto by default) from the number of published claims, logged."""
        choice = search_engine.choose(
            self.config.search_engine, claims, threshold=self.config.search_auto_threshold,
            serving=self.serving,
            has_search_plugin="material/search" in config.plugins,
        )
        self.engine = choice.engine
        log.info(choice.message())
        if self._pagefind:
            pagefind.check_config(config)
            pagefind.register_script(config)

    def _start_cards(self, config: MkDocsConfig) -> None:
        """`build`: the share cards, drawn by a second process while MkDocs renders the
        pages (MkDocs has cleaned site_dir by now); `on_post_build` waits for them."""
        # The claims the pages were made from, as on_files loaded them moments ago.
        claims = published(list(self.cache.loaded), self.settings)
        self.cards = background_cards.start(claims, self.settings, Path(config.site_dir))

    def _finish_cards(self) -> None:
        running, self.cards = self.cards, None
        if running is not None and (why := running.finish()) is not None:
            raise PluginError(f"factcheck: the share cards could not be written: {why}")

    def _add(self, output: Output, files: Files, config: MkDocsConfig) -> None:
        assert self.store is not None
        memo = self.file_memo if self.serving else None
        files.append(_as_file(output, files, config, self.store, memo, self._named_in_nav))
        if output.is_markdown:
            front = output.meta if output.ready_html else ""
            self.generated[output.path] = Generated(output.head, output.ready_html, output.search, front)

    def _add_preview_files(self, problems: list[Problem], files: Files, config: MkDocsConfig) -> None:
        """Under serve: each problem in the terminal, an error page per invalid claim,
        and the list the overlay script shows on every page (empty once all is fixed)."""
        for problem in problems:
            log.warning(str(problem))
        for page in preview.problem_pages(problems, set(self.generated)):
            self._add(page, files, config)
        files.append(File.generated(config, preview.PROBLEMS_JSON, content=preview.problems_json(problems)))
        files.append(File.generated(config, preview.SCRIPT, abs_src_path=str(preview.SCRIPT_SOURCE)))

    def on_page_read_source(self, /, *, page: MkDocsPage, config: MkDocsConfig) -> str | None:
        """A ready page's front-matter alone: MkDocs reads its meta from it, and its
        body (the HTML) only once, in `on_page_context`, where it read the whole stored
        file here too and threw the body away (12,000 pages at 10,000 claims)."""
        generated = self._generated_page(page)
        return generated.front if generated is not None and generated.ready_html else None

    def on_page_markdown(
        self, markdown: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Generated pages have their HTML ready (see generator/headings.py): give
        Python-Markdown nothing to parse."""
        self._keep_out_of_material_search(page)
        return "" if self._has_ready_html(page) else None

    def on_page_content(
        self, html: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Only the table of contents now, as the page store saved it: MkDocs reads every
        page before it writes any, so holding each page's HTML from here on would keep
        the whole site in memory."""
        toc = self._store_toc(page) if self._has_ready_html(page) else None
        if toc is None:
            return None
        page.toc = get_toc(list(toc))  # type: ignore[arg-type]
        return ""

    @event_priority(100)  # before the search plugin reads page.content
    def _page_context_first(
        self, context: TemplateContext, /, *, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """The page's `<head>` additions for the theme override and, with Material's
        search, its HTML as the page store saved it when the page was generated (the
        stored markdown is never parsed again)."""
        generated = self._generated_page(page)
        if generated is None:
            return None
        if generated.head:
            page.meta[HEAD_KEY] = generated.head
        if self._pagefind and generated.search and pagefind.is_claim_page(page.file.src_uri):
            page.meta[PAGEFIND_KEY] = pagefind.claim_attributes(dict(generated.search), self.settings)
        if not self._pagefind:
            self._fill_content(page, generated)
        return None

    @event_priority(-100)  # after the search plugin
    def _page_context_last(
        self, context: TemplateContext, /, *, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """With Pagefind, the page's HTML only once Material's search plugin is done
        with it: every page is left out of that plugin's index then, yet it scans each
        page's HTML for attributes to strip (~2 s over 12,000 pages at 10,000 claims),
        none of which the generated pages carry (`data-search-*` with a value)."""
        generated = self._generated_page(page) if self._pagefind else None
        if generated is not None:
            self._fill_content(page, generated)
        return None

    on_page_context = CombinedEvent(_page_context_first, _page_context_last)

    def _generated_page(self, page: MkDocsPage) -> Generated | None:
        if page.file.generated_by != "factcheck":
            return None
        return self.generated.get(page.file.src_uri)

    def _fill_content(self, page: MkDocsPage, generated: Generated) -> None:
        ready = self.store.ready(page.file.abs_src_path) if self.store and page.file.abs_src_path else None
        if generated.ready_html and ready is not None:
            page.content = ready[0]

    def _store_toc(self, page: MkDocsPage) -> tuple[dict[str, Any], ...] | None:
        if self.store is None or not page.file.abs_src_path:
            return None
        return self.store.toc(page.file.abs_src_path)

    def on_build_error(self, *, error: Exception) -> None:
        if self.store is not None and not self.serving:
            with contextlib.suppress(OSError):  # the build's own error is the one to report
                self.store.keep(prune=False)  # what it stored stays usable
        self._drop_build_store()
        running, self.cards = self.cards, None
        if running is not None:
            running.cancel()

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment | None:
        self.files = files  # every file of this build, other plugins' included
        # Jinja's own whitespace control on the theme's templates: Material's indented
        # block tags otherwise leave ~7 kB of blank lines on every page (issue #14).
        env.trim_blocks = env.lstrip_blocks = True
        env.globals["fc_translation"] = TranslationMemo()  # one a build: templates may change
        if self.config.share_frame:  # one a build: the nav and templates may change
            frame_parts = env.globals["fc_frame_part"] = FramePartMemo(_frame_folders(config))
            frame_parts.watch(env)
        if self.serving:  # compiled once per template source, not per rebuild
            self.bytecode.attach(env)
        return None

    def on_post_page(self, output: str, /, *, page: MkDocsPage, config: MkDocsConfig) -> str | None:
        """Let a written page's HTML go."""
        if not self.config.enabled:
            return None
        generated = self.generated.get(page.file.src_uri)
        if generated is not None and generated.ready_html:
            page.content = None  # written: let it go
        return None

    def _report_featured(self, claim_ids: list[str], config: MkDocsConfig) -> None:
        """Each `featured` id that is no claim, in the log. Info, not a warning: the
        home page simply skips it, and a trimmed claim set (a preview, the test
        fixtures) must still build with --strict; `factcheck check` warns."""
        path = config.config_file_path or "mkdocs.yml"
        for problem in featured_problems(claim_ids, self.settings.featured, path):
            log.info(str(problem))

    def _report_lint(self) -> None:
        """ClaimReview lint: broken markup fails --strict; Google's length advice is info."""
        lint = self.cache.lint
        if not lint:
            return
        for problem in lint.errors:
            log.warning(str(problem))
        if lint.advice:
            log.info(f"{len(lint.advice)} of {lint.checked} claims have a claimReviewed longer than "
                     "75 characters (Google's advice; `factcheck check` lists them)")  # fmt: skip

    def _has_ready_html(self, page: MkDocsPage) -> bool:
        generated = self._generated_page(page)
        return generated is not None and generated.ready_html

    def _drop_build_store(self) -> None:
        """A kept store released for the next build, a temporary one removed."""
        if self.store is not None and not self.serving:
            self.store.release()
            if self._temporary is not None:
                self._temporary.cleanup()
                self._temporary = None
            self.store = None

    @event_priority(50)  # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """build: wait for the share cards; serve: remove what deleted or renamed pages
        left; pagefind: index the claims."""
        self._drop_build_store()
        self._finish_cards()
        if self.serving and self.files is not None:
            copied = self.side_files
            if copied is not None and self.store is not None:
                copied.copy_into(config.site_dir, self.store)
            self._remove_stale_files(config, self.files)
            served_search.prune(config, self.files)
            self.search_json.serialise_with_memo(config)
            self.file_memo.delivered(self.files)
        if self.config.enabled and self._pagefind:
            pagefind_index.run_pagefind(Path(config.site_dir), self.config.search_batch_size,
                                        self.settings.cache_dir)  # fmt: skip

    def _remove_stale_files(self, config: MkDocsConfig, files: Files) -> None:
        """`serve --dirty` never cleans the site folder: a page whose source is gone
        would stay served. Remove each file the previous build wrote and this one did not."""
        site = Path(config.site_dir).resolve()
        now = {f.abs_dest_path for f in files}
        copied = self.side_files
        if copied is not None:
            now |= copied.site_paths(config.site_dir)
        for path in sorted(self.written_dests - now):
            target = Path(path).resolve()
            if site in target.parents and target.is_file():
                target.unlink()
                _remove_empty_parents(target.parent, site)
        self.written_dests = now

    @property
    def _pagefind(self) -> bool:
        return self.engine == "pagefind"

    def _keep_out_of_material_search(self, page: MkDocsPage) -> None:
        """In pagefind mode, every page stays out of Material's search_index.json."""
        if self.config.enabled and self._pagefind:
            pagefind.exclude_from_material_search(page.meta)


def _build_outputs(settings: Settings, cache: ClaimCache) -> Any:
    """`mkdocs build` fails on any problem, naming each one. No cards: the plugin draws
    them beside MkDocs' rendering (`_start_cards`)."""
    try:
        return generate_iter(settings, cache, cards=False)
    except ClaimsInvalid as invalid:
        for problem in invalid.problems:
            log.error(str(problem))
        count = len(invalid.problems)
        raise PluginError(f"{count} problem{'s' * (count != 1)} in claim files") from None


def _frame_folders(config: MkDocsConfig) -> list[str]:
    """The theme folders whose templates FramePartMemo may trust: Material's and ours."""
    folders = [str(OVERRIDES)]
    if config.theme.name:
        folders.append(get_theme_dir(config.theme.name))
    return folders


def _add_overrides(config: MkDocsConfig) -> None:
    """The plugin's theme overrides, after the site's own `custom_dir` (which wins)."""
    dirs = config.theme.dirs
    # The icon sprite the overrides' partials reference (overrides/partials/fc-icon.html).
    config.theme.static_templates.add(ICON_SPRITE)
    if str(OVERRIDES) in dirs:
        return
    dirs.insert(1 if config.theme.custom_dir else 0, str(OVERRIDES))


def _remove_empty_parents(folder: Path, site: Path) -> None:
    while folder != site and site in folder.parents and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _polling_instead(error: OSError) -> None:
    log.info(f"native file events refused ({error}): "
             "claim edits are noticed by MkDocs' polling instead")  # fmt: skip


def _as_file(
    output: Output, files: Files, config: MkDocsConfig, store: PageStore, made: FileMemo | None,
    named: frozenset[str],
) -> File:
    """The page or file MkDocs gets for `output` (`named`: the paths the site's nav names)."""
    existing = files.src_uris.get(output.path)  # output paths are POSIX already
    if existing is not None and existing.generated_by is None:
        raise PluginError(
            f"factcheck: '{output.path}' is both a hand-written page in docs/ and a generated "
            "page; rename or remove the hand-written one"
        )
    nav = not output.is_markdown or output.path in NAV_PAGES
    inclusion = InclusionLevel.UNDEFINED if nav else InclusionLevel.NOT_IN_NAV
    # A page outside the nav gets its Page now, ready to render without Python-Markdown;
    # one the nav names gets its title there, so MkDocs makes its Page.
    ready = output.ready_html and not nav and output.path not in named
    if made is None:
        file = File.generated(config, output.path, abs_src_path=store.save(output), inclusion=inclusion)
        if ready:
            ReadyPage(None, file, config)  # sets file.page
        return file
    stored = store.save(output)
    return made.file(config, output.path, stored, inclusion, store.stamp(output.path), ready=ready)
