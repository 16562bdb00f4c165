"""Rendering every generated page as markdown with front-matter, from Jinja2 templates.

Pages are mostly HTML blocks inside markdown: claim values are escaped by Jinja's
autoescaping and cannot be read as markdown syntax (a claimant named `[x](javascript:)`
stays text). Front-matter values are HTML-escaped too, because themes print
`page.meta.title` unescaped.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import quote, urlencode

import jinja2
import yaml
from markupsafe import Markup, escape

from generator.analysis import AnalysisRenderer
from generator.badges import verdict_badge, verdict_tag
from generator.claimreview_lint import LintResult
from generator.compiled_templates import CompiledTemplates
from generator.corrections import LOG_PATH, all_corrections, claim_corrections, describe
from generator.dates import long_date, time_tag
from generator.exports import CSV_COLUMNS
from generator.feeds import feed_link
from generator.headings import RenderedBody, render_headings
from generator.history import History, read_history
from generator.indexes import KINDS, Indexes
from generator.kinds import HEADINGS, LISTED
from generator.model import Claim, ClaimFrontMatter, Source
from generator.pagination import Pager, day_chunks
from generator.render_memo import RenderMemo
from generator.settings import Settings
from generator.stats import graph_context, stats_context
from generator.structured_data import claim_head, home_head
from generator.trace import Question, TracedIndexes
from generator.transparency import FOOTER_PAGES, TRANSPARENCY_PATH, audit
from generator.urls import claim_url, page_url, relative_url

TEMPLATES = Path(__file__).parent / "templates"
# Every environment `template_environment` makes shares compiled code: a build makes
# one for the reserved-ids probe (rules.generated_paths) and one for the site.
_COMPILED = CompiledTemplates()
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# Front-matter key holding ready-made `<head>` HTML for the adapters to insert.
HEAD_KEY = "factcheck_head"
T = TypeVar("T")
# A job (see reuse.py): its name, the arguments its pages are made from, and how to make them.
Job = tuple[Hashable, tuple[Any, ...], Callable[[], list["Output"]]]
Days = list[tuple[dt.date, tuple[Claim, ...]]]  # days and their claims, oldest first



@dataclass(frozen=True)
class Output:
    """One generated output: a markdown page (`claims/x.md`) or a static file
    (`claims.json`, `claims.csv`, `assets/factcheck/factcheck.css`), as text or bytes.

    `content` is the portable form (markdown with its whole front-matter). Markdown
    pages also carry the pieces an adapter can use directly: `meta` (front-matter
    without `head`), `head` (HTML for `<head>`), and `body` (`html` + `toc`) when the
    template is built-in, i.e. HTML blocks and headings only.
    """

    path: str
    data: str | bytes  # the markdown body of a page; the whole of a static file
    meta: str = ""
    head: str | None = None
    ready_html: bool = False  # built-in template: `body()` can skip Python-Markdown
    # A claim page's facts for search engines, from the claim itself (not its HTML).
    search: tuple[tuple[str, str], ...] = ()

    @property
    def content(self) -> str | bytes:
        """Built on demand: holding it too would double a large build's memory."""
        if not self.is_markdown:
            return self.data
        return with_head(self.meta, self.head) + str(self.data)

    def body(self) -> RenderedBody | None:
        """The body as HTML and its table of contents, when the template allows it."""
        return render_headings(str(self.data)) if self.ready_html else None

    @property
    def url(self) -> str:
        return page_url(self.path)

    @property
    def is_markdown(self) -> bool:
        return self.path.endswith(".md")


def verdict_counts(claims: Iterable[Claim]) -> Counter[str]:
    """How many of `claims` have each verdict: one pass for a scorecard, where a
    filter per verdict walked a prolific outlet's thousands of claims three times."""
    return Counter(claim.verdict for claim in claims)


def line_safe(value: Any) -> Any:
    """Every `{{ value }}` in a template, before autoescaping.

    A page's structure is the template's lines: a `##` line is a heading (to
    Python-Markdown and to headings.py alike), a blank line ends an HTML block. So a
    value may never start a line: text gets its line breaks as `&#10;` (the same text
    in HTML), ready-made HTML (an analysis, with code blocks) gets `&#35;` for a `#`
    that starts a line (the same character in HTML, `<pre>` included)."""
    if isinstance(value, Markup):
        return Markup(_html_line_safe(value)) if "\n#" in value else value
    if isinstance(value, str):
        text = escape(value)
        if "\n" in text or "\r" in text:
            return Markup(str(text).replace("\r", "&#13;").replace("\n", "&#10;"))
        return text
    return value


def _html_line_safe(html: str) -> str:
    """`line_safe` of ready-made HTML, as a plain string (Markup's own `replace` would
    escape the `&`)."""
    return str(html).replace("\n#", "\n&#35;")


def template_environment(extra_dirs: tuple[Path, ...] = (), *, html: bool = True) -> jinja2.Environment:
    """Templates in `extra_dirs` override the built-in ones of the same name. `html`:
    pages (autoescaped, values kept off the start of a line); otherwise plain text such
    as the YAML of a new claim file, whose values the template quotes itself."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*extra_dirs, TEMPLATES]),
        autoescape=html,
        finalize=line_safe if html else None,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # A build renders each template thousands of times and never edits one; under
        # `serve` an edited template folder gets a new environment (`ClaimCache`).
        auto_reload=False,
    )
    env.filters["long_date"] = long_date
    env.filters["time_tag"] = time_tag
    _COMPILED.attach(env)
    return env


class PageBuilder:
    """Renders the page set for one site; one instance per build."""

    def __init__(
        self,
        settings: Settings,
        indexes: Indexes,
        env: jinja2.Environment | None = None,
        analysis: AnalysisRenderer | None = None,
        memo: RenderMemo | None = None,
        tracing: bool = False,
    ) -> None:
        self.settings = settings
        self.ix = indexes
        self.tracing = tracing
        self.env = env or template_environment(settings.template_dirs)
        self.analysis = analysis or AnalysisRenderer(trust_html=settings.trust_html)
        # Overridden templates may use any markdown, so only built-in ones skip it.
        self.builtin_templates = not settings.template_dirs
        self.memo = memo or RenderMemo()
        # A listed claim's verdict, and a page's own (generator/badges.py).
        self.badges = {v.name: verdict_tag(v) for v in settings.verdicts}
        self.marks = {v.name: verdict_badge(v) for v in settings.verdicts}
        self.history = read_history(settings.claims_dir) if settings.git_history else History()
        self.common = {
            "settings": settings,
            "verdict": settings.verdict,
            "badges": self.badges,
            "marks": self.marks,
            "claim_cells": self.claim_cells,
            "claim_rows": self.claim_rows,
            "entry_links": self.entry_links,
            "verdict_counts": verdict_counts,
            "listed_kinds": LISTED,
        }

    def all_pages(self) -> Iterator[Output]:
        yield from self.site_pages()
        for claim in self.ix.claims:
            yield self.claim_page(claim)

    def site_pages(self) -> Iterator[Output]:
        """Every page but the claim pages (which the pipeline may render on every core)."""
        for _, _, make in self.site_jobs():
            yield from make()

    def site_jobs(self) -> Iterator[Job]:
        """The pages of `site_pages` as jobs: a name, the arguments, how to make them."""
        yield ("page", "home"), (), lambda: [self.home()]
        yield ("page", "data"), (), lambda: [self.data_page()]
        yield ("page", "corrections"), (), lambda: [self.corrections_log()]
        yield ("page", "stats"), (), lambda: [self.stats_page()]
        yield ("page", "graph"), (), lambda: [self.graph_page()]
        # One job a listing page, so an edit re-renders the pages whose claims changed.
        total = len(self.ix.claims)
        for pager, claims in self._pages_of("claims/", self.ix.claims):
            make = lambda p=pager, c=claims: [self.claims_page(p, c, total)]
            yield ("page", pager.path), (pager, claims, total), make
        for args in self.timeline_pages():
            yield ("page", args[0].path), args, lambda a=args: [self.timeline_page(*a)]
        kinds = [("verdicts", self.ix.verdicts)] + [(kind, self.ix.entries[kind]) for kind in KINDS]
        for kind, entries in kinds:
            yield ("index", kind), (entries,), lambda k=kind, e=entries: [self.kind_index(k, e)]
            for entry in entries:
                yield ("entry", entry.url), (entry,), lambda k=kind, e=entry: list(self.entry_page(k, e))

    def traced(self, make: Callable[[], T]) -> tuple[T, frozenset[Question]]:
        """`make()`, and (when tracing, under `serve`) every question it asked of the
        indexes (see trace.py). `make` reads the indexes as `self.ix`, and makes all its
        outputs before it returns."""
        if not self.tracing:
            return make(), frozenset()
        plain, asked = self.ix, set[Question]()
        self.ix = cast(Indexes, TracedIndexes(plain, asked))  # it answers as the indexes do
        try:
            return make(), frozenset(asked)
        finally:
            self.ix = plain

    def claim_cells(self, claim: Claim, root: str) -> Markup:
        """A claim's cells in a listing (title link, verdict, claimant, date), for
        pages whose link to the site root is `root`."""
        start = _html_line_safe(escape(root))
        return Markup(f'<td><a href="{start}{self._cells_after_root(claim)}')

    def claim_rows(
        self, claims: Iterable[Claim], root: str, notes: Mapping[str, Any] | None = None
    ) -> Markup:
        """The rows of a claim table (`claim_table` in _macros.html.j2), each a line:
        `claim_cells` and, with `notes`, a cell of the claim's note, escaped as a
        template's `{{ }}` escapes. At 10,000 claims the listings hold ~150,000 rows;
        with the loop in the macro their 1,902 pages took 1.78 s instead of 1.52 s."""
        start, cells = f'<tr><td><a href="{_html_line_safe(escape(root))}', self._cells_after_root
        if notes is None:
            return Markup("".join([f"{start}{cells(claim)}</tr>\n" for claim in claims]))
        return Markup("".join([
            f"{start}{cells(claim)}<td>{escape(line_safe(notes.get(claim.id, '')))}</td></tr>\n"
            for claim in claims
        ]))

    def _cells_after_root(self, claim: Claim) -> str:
        """`claim_cells` from the link's path on, escaped and line-safe: the same in each
        of a claim's ~15 listings, whose roots differ. Made once a claim with escape()
        and an f-string (Markup.format is 4x slower): made once a claim and root, the
        1,902 listing pages at 10,000 claims took 1.65 s of CPU instead of 1.2 s."""
        hit = self.memo.rows.get(id(claim))
        if hit is None or hit[0] is not claim:
            cells = (
                f'claims/{escape(claim.id)}/">{escape(claim.title)}</a></td>'
                f"<td>{escape(self.badges[claim.verdict])}</td><td>{escape(claim.claimant)}</td>"
                f"<td>{escape(time_tag(claim.claim_date))}</td>"
            )
            hit = self.memo.rows[id(claim)] = (claim, _html_line_safe(cells))
        return hit[1]

    def entry_links(self, kind: str, names: Iterable[str], url: Callable[[str], str]) -> Markup:
        """Links to the entry pages of `names` (of `kind`), comma-separated, for a page
        whose links `url` makes. A claim page has a dozen: built here, its render took
        ~0.8 ms instead of ~0.9 ms with a macro and its loop (both with the fonts check
        below). Each URL is asked of `self.ix`, so `serve` notes it."""
        return Markup(", ").join(
            Markup(f'<a href="{line_safe(url(self.ix.entry_url(kind, name)))}">{line_safe(name)}</a>')
            for name in names
        )

    def claim_page(self, claim: Claim) -> Output:
        """A page reads other claims too (related claims, entry URLs, a claimant type
        inferred from other claims), all through `self.ix`, and the git history only
        through `claim_history`: so `serve` (reuse.py) and a build with a digest cache
        (page_cache.py) can keep it while the answers it got and its file's history
        are the same."""
        return self._claim_page(claim, self.ix.related_of(claim.id))

    def _claim_page(self, claim: Claim, related: tuple[Claim, ...]) -> Output:
        verdict = self.settings.verdict(claim.verdict)
        meta = {
            "title": claim.title,
            "description": f"{verdict.label}: {claim.claim}",
        }
        return self._render(
            f"claims/{claim.id}.md",
            "claim.md.j2",
            meta,
            head=claim_head(claim, self.ix, self.settings, image=self.card_image(claim)),
            search=(("claimant", claim.claimant), ("verdict", claim.verdict)),
            # The verdict as a chip in Material's search results, not as snippet text.
            tags=[f"{verdict.icon} {verdict.label}".strip()],
            claim=claim,
            related=related,
            analysis_html=Markup(self.analysis.render(claim.body)),
            embed_code=self.embed_code(claim),
            **self.trust_context(claim),
        )

    def embed_page(self, claim: Claim) -> Output:
        """`claims/<id>/embed/`: a standalone HTML card for other sites' iframes, linking
        back to the canonical fact-check (absolute with `site_url`)."""
        path = embed_path(claim.id)
        here = f"claims/{claim.id}/embed/"
        canonical, home = (
            (self.settings.absolute(claim_url(claim.id)), self.settings.absolute(""))
            if self.settings.site_url
            else (relative_url(here, claim_url(claim.id)), relative_url(here, ""))
        )
        html = self.env.get_template("embed.html.j2").render(
            **self.common, ix=self.ix, claim=claim, canonical=canonical, home=home
        )
        return Output(path, html)

    def embed_code(self, claim: Claim) -> str:
        """The `<iframe>` another site pastes; relative without `site_url` (the claim
        page's script then makes it absolute from the address it was read at)."""
        target = f"claims/{claim.id}/embed/"
        src = self.settings.absolute(target) if self.settings.site_url else relative_url(claim_url(claim.id), target)
        title = f"Fact-check: {claim.title}".replace('"', "&quot;").replace("<", "&lt;")
        return (f'<iframe src="{src}" title="{title}" width="100%" height="340" '
                'loading="lazy" style="border:0"></iframe>')  # fmt: skip

    @cached_property
    def cards(self) -> bool:
        """Whether claim pages name a share card: asked once a build, where each page
        asking looked for the fonts again (four `stat` calls a page)."""
        from generator.cards import cards_enabled

        return cards_enabled(self.settings)

    def card_image(self, claim: Claim) -> str:
        """The share card's URL for og:image (absolute with `site_url`), or ""."""
        from generator.cards import card_path

        if not self.cards:
            return ""
        path = card_path(claim.id)
        return self.settings.absolute(path) if self.settings.site_url else relative_url(page_url(f"claims/{claim.id}.md"), path)

    def claim_history(self, claim: Claim) -> tuple[str | None, tuple[dt.date, ...]]:
        """The claim file's path in the repository and the dates it changed: all that a
        claim page reads of the git history, so the page cache keys each page by its
        own (page_cache.py), and a commit to one file re-renders that file's page."""
        if not claim.source_path:
            return None, ()
        source = Path(claim.source_path)
        return self.history.repo_path(source), self.history.changes(source)

    def trust_context(self, claim: Claim) -> dict[str, Any]:
        """Corrections, git history and the prefilled report link for a claim page."""
        repo_path, changed = self.claim_history(claim)
        history_url = (self.settings.history_url.replace("{path}", quote(repo_path))
                       if self.settings.history_url and repo_path else "")  # fmt: skip
        report = self.settings.report_error_url
        if report and self.settings.report_error_prefill:
            target = self.settings.absolute(claim_url(claim.id))
            report += ("&" if "?" in report else "?") + urlencode({self.settings.report_error_prefill: target})
        return {
            "corrections": [(u, describe(u, self.settings)) for u in claim_corrections(claim)],
            "changed": changed,
            "history_url": history_url,
            "report_url": report,
        }

    def corrections_log(self) -> Output:
        meta = {"title": "Corrections log",
                "description": "Every correction and verdict change, newest first."}  # fmt: skip
        found = all_corrections(self.ix.corrected)  # not every claim: see reuse.py
        return self._render(LOG_PATH, "corrections_log.md.j2", meta, listing=True, corrections=found,
                            describe=lambda u: describe(u, self.settings))  # fmt: skip

    def transparency_page(self, lint: LintResult, claims: Sequence[Claim]) -> Output:
        """Built last: it reports the ClaimReview lint over every claim page. `claims`
        with their analyses (it counts the written ones; the indexes' claims have none)."""
        meta = {"title": "Transparency self-audit",
                "description": "Each IFCN commitment and Google fact-check rule, and where this site meets it."}  # fmt: skip
        items = audit(claims, self.settings, len(lint.errors))
        return self._render(TRANSPARENCY_PATH, "transparency.md.j2", meta, items=items, lint=lint,
                            footer_pages=FOOTER_PAGES)  # fmt: skip

    def home(self) -> Output:
        meta = {"title": self.settings.site_name, "description": self.settings.site_description}
        # Narrow questions (see reuse.py): an edit of a claim shown nowhere here keeps the page.
        latest = self.ix.newest(self.settings.latest_count)
        featured = self.ix.claims_of(self.settings.featured)
        glance = stats_context(self.ix, self.settings, lambda t: relative_url("", t))
        return self._render(
            "index.md", "home.md.j2", meta,
            head=home_head(self.settings), latest=latest, featured=featured, listing=True,
            hide=["navigation", "toc"], **glance,
        )  # fmt: skip

    def data_page(self) -> Output:
        meta = {"title": "Open data", "description": "The claims as JSON, CSV and ClaimReview."}
        fields = [(name, f.description or "") for name, f in ClaimFrontMatter.model_fields.items()]
        source_fields = [(name, f.description or "") for name, f in Source.model_fields.items()]
        return self._render(
            "data/index.md", "data.md.j2", meta,
            fields=fields, source_fields=source_fields, csv_columns=CSV_COLUMNS,
        )  # fmt: skip

    def stats_page(self) -> Output:
        meta = {"title": "Statistics", "description": "Claims per verdict, per outlet and per day."}
        here = page_url("stats/index.md")
        extra = stats_context(self.ix, self.settings, lambda t: relative_url(here, t))
        return self._render("stats/index.md", "stats.md.j2", meta, listing=True, **extra)

    def graph_page(self) -> Output:
        meta = {"title": "Relations", "description": "Claims and the people and outlets they connect."}
        here = page_url("graph/index.md")
        extra = graph_context(self.ix, self.settings, lambda t: relative_url(here, t))
        return self._render("graph/index.md", "graph.md.j2", meta, listing=True, **extra)

    def claims_page(self, pager: Pager, claims: tuple[Claim, ...], total: int) -> Output:
        """One page of `/claims/`, every claim newest first."""
        meta = {"title": "All claims", "description": "Every claim checked, newest first."}
        return self._render(
            pager.path, "claims_index.md.j2", pager.meta(meta),
            listing=True, claims=claims, pager=pager, total=total,
        )  # fmt: skip

    def timeline_pages(self) -> list[tuple[Pager, Days, dict[dt.date, str], list[tuple[str, dt.date]]]]:
        """What each page of the timeline is made from: its pager, its days, the page of
        every day, the first day of every month. Days stay whole on one page."""
        chunks = day_chunks(self.ix.days, self.settings.page_size)
        pagers = Pager.series("timeline/", len(chunks))
        day_page = {day: pager.url for pager, chunk in zip(pagers, chunks) for day, _ in chunk}
        # Each page lists its own days; a month index (not every day) links the others,
        # so a page's size does not grow with the length of the whole timeline.
        months: dict[str, dt.date] = {}
        for day, _ in self.ix.days:
            months.setdefault(day.strftime("%Y-%m"), day)
        return [(pager, days, day_page, list(months.items())) for pager, days in zip(pagers, chunks)]

    def timeline_page(self, pager: Pager, days: Days, day_page: dict[dt.date, str],
                      months: list[tuple[str, dt.date]]) -> Output:  # fmt: skip
        meta = {"title": "Timeline", "description": "Claims by the day they were made."}
        return self._render(
            pager.path, "timeline.md.j2", pager.meta(meta),
            listing=True, days=days, day_page=day_page, months=months, pager=pager,
        )  # fmt: skip

    def _pages_of(
        self, base: str, claims: tuple[Claim, ...]
    ) -> Iterator[tuple[Pager, tuple[Claim, ...]]]:
        size = self.settings.page_size
        chunks = [claims[i : i + size] for i in range(0, len(claims), size)] or [()]
        yield from zip(Pager.series(base, len(chunks)), chunks)

    def kind_index(self, kind: str, entries: tuple[Any, ...]) -> Output:
        heading = HEADINGS[kind]
        meta = {"title": heading, "description": f"Claims by {heading.lower()}."}
        return self._render(
            f"{kind}/index.md", "kind_index.md.j2", meta,
            listing=True, kind=kind, heading=heading, entries=entries,
        )  # fmt: skip

    def entry_page(self, kind: str, entry: Any) -> Iterator[Output]:
        name = self.settings.verdict(entry.name).label if kind == "verdicts" else entry.name
        meta = {"title": name, "description": f"Claims filed under {name}."}
        for pager, claims in self._pages_of(entry.url, entry.claims):
            yield self._render(
                pager.path, "entry.md.j2", pager.meta(meta),
                listing=True, kind=kind, heading=HEADINGS[kind], entry=entry,
                claims=claims, pager=pager, head=feed_link(entry, pager.url, self.settings),
            )  # fmt: skip

    def _render(
        self,
        path: str,
        template: str,
        meta: dict[str, str],
        *,
        listing: bool = False,
        hide: list[str] | None = None,
        head: str | None = None,
        search: tuple[tuple[str, str], ...] = (),
        tags: list[str] | None = None,
        **context: Any,
    ) -> Output:
        here = page_url(path)
        url: Callable[[str], str] = lambda target: relative_url(here, target)  # noqa: E731
        body = self.env.get_template(template).render(**self.common, ix=self.ix, **context, url=url)
        light = front_matter(meta, listing=listing, hide=hide, tags=tags)
        return Output(path, body, meta=light, head=head, ready_html=self.builtin_templates, search=search)


def embed_path(claim_id: str) -> str:
    return f"claims/{claim_id}/embed/index.html"


def with_head(front: str, head: str | None) -> str:
    """`front` with the `head` key added: HTML for the page's `<head>` that the core
    built safely (JSON-LD, meta tags), which adapters print as it is."""
    if not head:
        return front
    line = yaml.dump({HEAD_KEY: head}, Dumper=_Dumper, allow_unicode=True, width=1_000_000_000)
    return front[: -len("---\n\n")] + line + "---\n\n"


def front_matter(
    meta: dict[str, str], *, listing: bool, hide: list[str] | None, tags: list[str] | None = None
) -> str:
    """YAML front-matter with HTML-escaped text values (see the module docstring).
    `tags` show as chips in Material's search results (and nowhere on the page
    without Material's tags plugin)."""
    data: dict[str, Any] = {key: str(escape(value)) for key, value in meta.items() if value}
    if tags:
        data["tags"] = [str(escape(tag)) for tag in tags]
    if listing:
        data["search"] = {"exclude": True}
    if hide:
        data["hide"] = hide
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000_000)
    return "---\n" + text + "---\n\n"
