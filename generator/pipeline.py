"""The whole core in three calls: check the claims, index them, render the pages.

`ClaimCache` keeps parsed claims between `mkdocs serve` rebuilds and re-reads only
files whose size or modification time changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from generator import exports
from generator.analysis import AnalysisRenderer
from generator.assets import asset_outputs
from generator.cards import card_outputs
from generator.digest_cache import DigestStore
from generator.claimreview_lint import LintResult, lint_claim_page
from generator.feed import FEED_PATH, atom_feed
from generator.feeds import JSON_FEED_PATH, entry_feeds, json_feed
from generator.indexes import Indexes, build_indexes
from generator.loader import FileCache, load_claims
from generator.model import Claim
from generator.pages import Output, PageBuilder
from generator.pool import Stream
from generator.problems import ClaimsInvalid, Problem
from generator.progress import counted
from generator.render_memo import RenderMemo
from generator.rules import check_claims
from generator.settings import Settings

ANALYSIS_STORE = "analyses"  # the digest cache's file of rendered analyses


@dataclass
class ClaimCache:
    """What `mkdocs serve` keeps between rebuilds: parsed claims by (mtime, size), and
    the renderers whose memos are valid while the settings are unchanged."""

    files: FileCache = field(default_factory=FileCache)
    _settings: Settings | None = None
    analysis: AnalysisRenderer | None = None
    memo: RenderMemo | None = None
    lint: LintResult | None = None  # the ClaimReview lint of the last build

    @property
    def reread(self) -> int:
        """How many claim files the last load read from disk."""
        return self.files.reread

    def load(self, settings: Settings) -> tuple[list[Claim], list[Problem]]:
        if settings != self._settings:
            self._settings = settings
            self.analysis = analysis_renderer(settings, memo=True)
            self.memo = RenderMemo()
        result = load_claims(settings, cache=self.files)
        return list(result.claims), list(result.problems)


def check(settings: Settings, cache: ClaimCache | None = None) -> tuple[list[Claim], list[Problem]]:
    """Valid claims and every problem, per file and across files, sorted by place.

    Drafts are checked on their own but, unless `settings.include_drafts`, are not
    among the claims: nothing published may list, link or count them."""
    claims, problems = (cache or ClaimCache()).load(settings)
    claims = published(claims, settings)
    problems = problems + check_claims(claims, settings)
    return claims, sorted(problems, key=lambda p: (p.path, p.line or 0, p.field))


def published(claims: list[Claim], settings: Settings) -> list[Claim]:
    """The claims a site shows: drafts only in a preview."""
    return claims if settings.include_drafts else [c for c in claims if not c.draft]


def preview(settings: Settings, cache: ClaimCache | None = None) -> tuple[Iterator[Output], list[Problem]]:
    """For `mkdocs serve`: the site of the claims without problems, and every problem.

    A preview must keep answering while a contributor fixes a file, so instead of
    refusing the whole site it leaves out each claim a problem names (and, in turn,
    any claim that then breaks a cross-file rule, e.g. a `related` link to it)."""
    claims, problems = (cache or ClaimCache()).load(settings)
    claims = published(claims, settings)
    found = list(problems)
    while True:  # ends: each round either stops or leaves out at least one more claim
        named = {p.path for p in found}
        kept = [c for c in claims if c.source_path not in named]
        more = [p for p in check_claims(kept, settings) if p not in found]
        found += more
        claims = kept
        if not {p.path for p in more} & {c.source_path for c in kept}:
            break
    found = sorted(set(found), key=lambda p: (p.path, p.line or 0, p.field, p.message))
    return _outputs(build_indexes(claims, settings), settings, cache), found


def generate(settings: Settings, cache: ClaimCache | None = None) -> list[Output]:
    """Every generated page and static file, or ClaimsInvalid listing every problem."""
    return list(generate_iter(settings, cache))


def generate_iter(
    settings: Settings, cache: ClaimCache | None = None, *, cards: bool = True
) -> Iterator[Output]:
    """Like `generate`, one output at a time, so an adapter that writes each one away
    needs no more memory for 20,000 claims than for 20. The claims are checked before
    the first output is yielded. `cards=False` leaves the share cards to the caller
    (the MkDocs build draws them beside its page rendering: adapters/background_cards)."""
    claims, problems = check(settings, cache)
    if problems:
        raise ClaimsInvalid(problems)
    return _outputs(build_indexes(claims, settings), settings, cache, cards=cards)


def analysis_renderer(settings: Settings, *, memo: bool = False) -> AnalysisRenderer:
    """The renderer of analyses, backed by the digest cache when one is configured."""
    store = DigestStore(settings.cache_dir, ANALYSIS_STORE)
    return AnalysisRenderer(trust_html=settings.trust_html, memo=memo, store=store)


def _outputs(
    ix: Indexes, settings: Settings, cache: ClaimCache | None, *, cards: bool = True
) -> Iterator[Output]:
    analysis = cache.analysis if cache and cache.analysis else analysis_renderer(settings)
    analysis.prepare(claim.body for claim in ix.claims)  # on every core, before the pages
    memo = cache.memo if cache and cache.memo else RenderMemo()
    builder = PageBuilder(settings, ix, analysis=analysis, memo=memo)
    lint = LintResult()
    claim_stream = claim_pages(builder)  # the processes start on the claim pages now
    try:
        yield from linted(counted(builder.site_pages(), "pages generated"), ix, settings, lint)
        pages = counted(claim_stream.results(), "claim pages generated", total=len(ix.claims))
        yield from _add_lint(pages, lint)
    finally:
        claim_stream.close()
        _set_builder(None)
    yield builder.transparency_page(lint)
    if cache is not None:
        cache.lint = lint
    analysis.forget_unused()
    memo.forget_except(ix.claims)
    yield from asset_outputs(settings.brand_colour)
    yield from data_outputs(ix, settings)
    yield from (builder.embed_page(claim) for claim in ix.claims)
    if cards:
        yield from card_outputs(ix.claims, settings)


# The builder the forked processes of `claim_pages` render with (set before they fork).
_BUILDER: PageBuilder | None = None
ClaimPage = tuple[Output, list[Problem], list[Problem]]  # a page, its lint errors and advice


def claim_pages(builder: PageBuilder) -> Stream[str, ClaimPage]:
    """Each claim's page and its ClaimReview lint, in claim order, rendered on every core
    while the caller renders the other pages: the processes fork with the builder, so
    only claim ids go out and finished pages come back, exactly those of one process."""
    _set_builder(builder)
    return Stream(_claim_chunk, [c.id for c in builder.ix.claims])


def _set_builder(builder: PageBuilder | None) -> None:
    global _BUILDER
    _BUILDER = builder


def _add_lint(pages: Iterator[ClaimPage], lint: LintResult) -> Iterator[Output]:
    for page, errors, advice in pages:
        lint.checked += 1
        lint.errors += errors
        lint.advice += advice
        yield page


def _claim_chunk(ids: list[str]) -> list[ClaimPage]:
    builder = _BUILDER
    assert builder is not None
    done = []
    for claim_id in ids:
        claim = builder.ix.by_id[claim_id]
        page = builder.claim_page(claim)
        errors, advice = lint_claim_page(claim, page.head or "", str(page.data), builder.settings)
        done.append((page, errors, advice))
    return done


def data_outputs(ix: Indexes, settings: Settings) -> list[Output]:
    """Exports and feeds, from the same indexes as the pages."""
    return [
        Output(exports.CLAIMS_JSON, exports.claims_json(ix, settings)),
        Output(exports.CLAIMS_CSV, exports.claims_csv(ix, settings)),
        Output(exports.CLAIMREVIEW_FEED, exports.claimreview_feed(ix, settings)),
        Output(exports.EXPLORER_JSON, exports.explorer_json(ix, settings)),
        Output(FEED_PATH, atom_feed(ix.claims, settings)),
        Output(JSON_FEED_PATH, json_feed(ix.claims, settings)),
        *(Output(path, xml) for path, xml in entry_feeds(ix, settings)),
    ]


def linted(
    pages: Iterator[Output], ix: Indexes, settings: Settings, lint: LintResult
) -> Iterator[Output]:
    """Pass pages through, checking each claim page's ClaimReview as it goes by (the
    pages stream on: none is kept)."""
    for page in pages:
        claim = _claim_of(page, ix)
        if claim is not None:
            errors, advice = lint_claim_page(claim, page.head or "", str(page.data), settings)
            lint.checked += 1
            lint.errors += errors
            lint.advice += advice
        yield page


def _claim_of(page: Output, ix: Indexes) -> Claim | None:
    """The claim whose own page this is (`claims/<id>.md`), if any."""
    if not page.path.startswith("claims/") or not page.path.endswith(".md"):
        return None
    return ix.by_id.get(page.path[len("claims/") : -len(".md")])
