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
from generator.pages import TEMPLATES, Output, PageBuilder
from generator.pool import Stream
from generator.problems import ClaimsInvalid, Problem
from generator.progress import counted
from generator.render_memo import RenderMemo
from generator.reuse import Reuse, folder_digest, part
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
    # Each claim id's claim and its copy without the analysis (see `without_analyses`).
    stripped: dict[str, tuple[Claim, Claim]] = field(default_factory=dict)
    indexes: tuple[tuple[Claim, ...], Settings, Indexes] | None = None  # the last, and what it was made from
    # What the last preview rendered, for the next (see reuse.py); `preview` only.
    reuse: Reuse[ClaimPage] = field(default_factory=Reuse)

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
    return _outputs(claims, settings, cache, reuse=cache.reuse if cache else None), found


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
    return _outputs(claims, settings, cache, cards=cards)


def analysis_renderer(settings: Settings, *, memo: bool = False) -> AnalysisRenderer:
    """The renderer of analyses, backed by the digest cache when one is configured."""
    store = DigestStore(settings.cache_dir, ANALYSIS_STORE)
    return AnalysisRenderer(trust_html=settings.trust_html, memo=memo, store=store)


def _outputs(
    claims: list[Claim], settings: Settings, cache: ClaimCache | None, *,
    cards: bool = True, reuse: Reuse[ClaimPage] | None = None,
) -> Iterator[Output]:
    """Every output, in a fixed order. `reuse` (serve only) keeps what reads no analysis."""
    ix = cached_indexes(without_analyses(claims, cache), settings, cache)
    full = {claim.id: claim for claim in claims}
    analysis = cache.analysis if cache and cache.analysis else analysis_renderer(settings)
    analysis.prepare(claim.body for claim in claims)  # on every core, before the pages
    memo = cache.memo if cache and cache.memo else RenderMemo()
    builder = PageBuilder(settings, ix, analysis=analysis, memo=memo)
    if reuse is not None:
        reuse.begin((settings, folder_digest((*settings.template_dirs, TEMPLATES)), builder.history, ix.claims))
    in_order = [full[c.id] for c in ix.claims]
    lint = LintResult()
    todo = [c.id for c in in_order if reuse is None or reuse.page(c) is None]
    claim_stream = claim_pages(builder, full, todo)  # the processes start on the claim pages now
    try:
        yield from counted(part(reuse, "site", builder.site_pages), "pages generated")
        pages = _merged(in_order, claim_stream.results(), reuse)
        yield from _add_lint(counted(pages, "claim pages generated", total=len(ix.claims)), lint)
    finally:
        claim_stream.close()
        _set_builder(None, {})
    yield builder.transparency_page(lint, in_order)
    if cache is not None:
        cache.lint = lint
    analysis.forget_unused()
    memo.forget_except(ix.claims)
    yield from asset_outputs(settings.brand_colour)
    records = reuse.pieces if reuse is not None else None
    yield Output(exports.CLAIMS_JSON, exports.claims_json(ix, settings, full, records))
    yield from part(reuse, "data", lambda: data_outputs(ix, settings))
    yield from part(reuse, "embeds", lambda: (builder.embed_page(claim) for claim in ix.claims))
    if cards:
        yield from part(reuse, "cards", lambda: card_outputs(ix.claims, settings))


def without_analyses(claims: list[Claim], cache: ClaimCache | None) -> list[Claim]:
    """The claims every output but a claim's own page, the open data and the
    transparency page is rendered from: in every build, so that none of those can read
    an analysis, and `serve` can keep them while only analyses change (see reuse.py).
    Under serve the stripped copy of an unchanged claim is the same object as last time."""
    if cache is None:
        return [claim.model_copy(update={"body": ""}) for claim in claims]
    known, cache.stripped = cache.stripped, {}
    for claim in claims:
        hit = known.get(claim.id)
        if hit is not None and hit[0] is claim:
            stripped = hit[1]
        else:
            stripped = claim.model_copy(update={"body": ""})
            if hit is not None and hit[1] == stripped:  # only the analysis changed
                stripped = hit[1]
        cache.stripped[claim.id] = (claim, stripped)
    return [cache.stripped[claim.id][1] for claim in claims]


def cached_indexes(stripped: list[Claim], settings: Settings, cache: ClaimCache | None) -> Indexes:
    """`build_indexes`, or under serve the last indexes if made from the very same
    claim objects (in order) and equal settings: they are a function of those alone."""
    last = cache.indexes if cache is not None else None
    if last is not None and last[1] == settings and len(last[0]) == len(stripped) and all(
        a is b for a, b in zip(last[0], stripped)
    ):
        return last[2]
    ix = build_indexes(stripped, settings)
    if cache is not None:
        cache.indexes = (tuple(stripped), settings, ix)
    return ix


# The builder and full claims the forked processes of `claim_pages` render with (set before they fork).
_BUILDER: PageBuilder | None = None
_FULL: dict[str, Claim] = {}
ClaimPage = tuple[Output, list[Problem], list[Problem]]  # a page, its lint errors and advice


def claim_pages(builder: PageBuilder, full: dict[str, Claim], ids: list[str]) -> Stream[str, ClaimPage]:
    """The pages of the claims `ids` and their ClaimReview lint, in order, rendered on
    every core while the caller renders the other pages: the processes fork with the
    builder, so only claim ids go out and finished pages come back, exactly those of
    one process."""
    _set_builder(builder, full)
    return Stream(_claim_chunk, ids)


def _set_builder(builder: PageBuilder | None, full: dict[str, Claim]) -> None:
    global _BUILDER, _FULL
    _BUILDER, _FULL = builder, full


def _merged(
    claims: list[Claim], rendered: Iterator[ClaimPage], reuse: Reuse[ClaimPage] | None
) -> Iterator[ClaimPage]:
    """Each claim's page in order: kept from the last rebuild, else the next rendered."""
    made: dict[str, tuple[Claim, ClaimPage]] = {}
    for claim in claims:
        page = reuse.page(claim) if reuse is not None else None
        if page is None:
            page = next(rendered)
        if reuse is not None:
            made[claim.id] = (claim, page)
        yield page
    if reuse is not None:
        reuse.keep_pages(made)


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
        claim = _FULL[claim_id]
        page = builder.claim_page(claim)
        errors, advice = lint_claim_page(claim, page.head or "", str(page.data), builder.settings)
        done.append((page, errors, advice))
    return done


def data_outputs(ix: Indexes, settings: Settings) -> list[Output]:
    """Exports and feeds that read no analysis (claims.json does: see `_outputs`)."""
    return [
        Output(exports.CLAIMS_CSV, exports.claims_csv(ix, settings)),
        Output(exports.CLAIMREVIEW_FEED, exports.claimreview_feed(ix, settings)),
        Output(exports.EXPLORER_JSON, exports.explorer_json(ix, settings)),
        Output(FEED_PATH, atom_feed(ix.claims, settings)),
        Output(JSON_FEED_PATH, json_feed(ix.claims, settings)),
        *(Output(path, xml) for path, xml in entry_feeds(ix, settings)),
    ]
