"""The whole core in three calls: check the claims, index them, render the pages.

`ClaimCache` keeps parsed claims between `mkdocs serve` rebuilds and re-reads only
files whose size or modification time changed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

import jinja2

from generator import exports
from generator.analysis import AnalysisRenderer
from generator.assets import asset_outputs
from generator.cards import card_outputs, cards_enabled
from generator.claimreview_lint import LintCache, LintResult, PageToLint
from generator.digest_cache import DigestStore
from generator.feed import FEED_PATH, atom_feed, change_order, latest_changes
from generator.feeds import JSON_FEED_PATH, entry_feed, entry_feed_path, feed_entries, json_feed
from generator.indexes import Indexes, build_indexes, update_indexes
from generator.loader import FileCache, load_claims
from generator.model import Claim
from generator.page_cache import Entry, PageCache, open_page_cache
from generator.pages import TEMPLATES, Output, PageBuilder, template_environment
from generator.pool import Stream, map_chunks
from generator.problems import ClaimsInvalid, Problem
from generator.progress import counted
from generator.render_memo import RenderMemo
from generator.reuse import Reuse, folder_digest, run_job
from generator.rules import check_claims
from generator.settings import Settings
from generator.trace import Question

T = TypeVar("T")
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
    loaded: tuple[Claim, ...] = ()  # the last load's valid claims, drafts included
    # Each claim id's claim and its copy without the analysis (see `without_analyses`).
    stripped: dict[str, tuple[Claim, Claim]] = field(default_factory=dict)
    indexes: tuple[tuple[Claim, ...], Settings, Indexes] | None = None  # the last, and what it was made from
    # What the last preview rendered, for the next (see reuse.py); `preview` only.
    reuse: Reuse = field(default_factory=Reuse)
    _environment: tuple[tuple[Any, ...], jinja2.Environment] | None = None

    def environment(self, settings: Settings, templates: bytes) -> jinja2.Environment:
        """The page templates' environment, its compiled templates with it, kept while
        the template folders hold the same bytes (`templates`, their digest): compiling
        the templates a rebuild renders took ~0.2 s of each `serve` rebuild."""
        key = (settings.template_dirs, templates)
        if self._environment is None or self._environment[0] != key:
            self._environment = (key, template_environment(settings.template_dirs))
        return self._environment[1]

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
        self.loaded = result.claims
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
    cards: bool = True, reuse: Reuse | None = None,
) -> Iterator[Output]:
    """Every output, in a fixed order. `reuse` (serve only) keeps what an edit cannot change."""
    ix = cached_indexes(without_analyses(claims, cache), settings, cache)
    full = {claim.id: claim for claim in claims}
    analysis = cache.analysis if cache and cache.analysis else analysis_renderer(settings)
    analysis.prepare(claim.body for claim in claims)  # on every core, before the pages
    memo = cache.memo if cache and cache.memo else RenderMemo()
    templates = folder_digest((*settings.template_dirs, TEMPLATES)) if reuse is not None else b""
    env = cache.environment(settings, templates) if cache is not None and reuse is not None else None
    # A claim page notes what it asks of the indexes when it may be kept for later.
    tracing = reuse is not None or settings.cache_dir is not None
    builder = PageBuilder(settings, ix, env=env, analysis=analysis, memo=memo, tracing=tracing)
    if reuse is not None:
        reuse.begin((settings, templates, builder.history), ix)
    in_order = [full[c.id] for c in ix.claims]
    lint = LintResult()
    # Serve keeps pages in memory; a build with a digest cache, on disk (page_cache.py).
    kept: Mapping[str, ClaimPage] = {}
    page_cache = None
    if reuse is not None:
        kept_pages = reuse.get_each("claim", in_order)
        kept = {c.id: page for c, page in zip(in_order, kept_pages) if page is not None}
    else:
        page_cache = open_page_cache(settings, ix, full, builder.claim_history)
        kept = page_cache.stand("claim", in_order) if page_cache is not None else kept
    try:
        run = _runner(builder, reuse)
        # A build's lint is kept by digest; `serve` keeps whole pages instead (reuse.py).
        lint_cache = LintCache(settings.cache_dir if reuse is None else None)
        # The processes start on the claim pages now.
        fresh = [c.id for c in in_order if c.id not in kept]
        claim_stream = claim_pages(builder, full, fresh, lint_cache, page_cache)
        try:
            yield from counted(_site_pages(builder, run), "pages generated")
            pages = _merged(in_order, kept, claim_stream.results(), reuse, lint_cache, page_cache)
            yield from _add_lint(counted(pages, "claim pages generated", total=len(ix.claims)), lint)
        finally:
            claim_stream.close()
            _set_builder(None, {})
        lint_cache.save()
        yield builder.transparency_page(lint, in_order)
        if cache is not None:
            cache.lint = lint
        analysis.forget_unused()
        memo.forget_except(ix.claims)
        yield from asset_outputs(settings.brand_colour, settings.verdicts)
        yield from _exports_and_embeds(builder, full, run, page_cache)
        if cards:
            yield from _cards(ix.claims, settings, reuse)
        if page_cache is not None:
            page_cache.commit()
    finally:
        if page_cache is not None:
            page_cache.close()
    if reuse is not None:
        reuse.end()


def _exports_and_embeds(
    builder: PageBuilder, full: dict[str, Claim], run: Runner | None, page_cache: PageCache | None
) -> Iterator[Output]:
    """The exports, feeds and embed pages, each export joined from each claim's piece.
    A build makes the pieces on every core or keeps them (`page_cache`): first the
    records, whose ~65 MB at 10,000 claims go with claims.json, then the rest."""
    ix, settings = builder.ix, builder.settings
    records = claim_pieces(builder, full, ("record",), page_cache) if run is None else None
    # A record is made from the whole claim, analysis included (the indexes' have none).
    record = _piece("record", settings, run, records, [full[c.id] for c in ix.claims])
    yield _export(exports.CLAIMS_JSON, ix, record, run,
                  lambda ix, piece: exports.claims_json(ix, settings, full, piece))  # fmt: skip
    del records, record
    made = claim_pieces(builder, full, PIECES[1:], page_cache) if run is None else None
    yield from data_outputs(ix, settings, run, made)
    if made is not None:
        yield from map(made.take("embed"), ix.claims)
    else:
        assert run is not None  # nothing made: a preview
        # An embed reads builder.ix, which is traced while its job runs.
        yield from run.each("embed", ix.claims, lambda claim, _: builder.embed_page(claim))


class Runner:
    """Under `serve`: runs a job (see reuse.py) whose `make` reads the indexes it is
    given, kept from the last rebuild or made with the questions it asks noted."""

    def __init__(self, builder: PageBuilder, reuse: Reuse) -> None:
        self.builder, self.reuse = builder, reuse

    def __call__(
        self, job: Hashable, args: tuple[Any, ...], make: Callable[[Indexes], T]
    ) -> T:
        builder = self.builder
        return run_job(self.reuse, job, args, lambda: builder.traced(lambda: make(builder.ix)))

    def each(
        self, name: str, claims: Sequence[Claim], make: Callable[[Claim, Indexes], T]
    ) -> list[T]:
        """The job `(name, claim.id)` of every claim, the claim its argument. The kept
        ones are looked up in one pass: a call each through `__call__` took ~7 µs, and a
        rebuild runs seven such jobs a claim (0.5 s at 10,000 claims)."""
        kept = self.reuse.get_each(name, claims)
        return [value if value is not None else self((name, claim.id), (claim,), partial(make, claim))
                for claim, value in zip(claims, kept, strict=True)]  # fmt: skip


def _site_pages(builder: PageBuilder, run: Runner | None) -> Iterator[Output]:
    for job, args, make in builder.site_jobs():
        yield from run(job, args, lambda _, m=make: m()) if run else make()


def _runner(builder: PageBuilder, reuse: Reuse | None) -> Runner | None:
    """None outside `serve`: a build makes every output once and keeps nothing."""
    return None if reuse is None else Runner(builder, reuse)


def _piece(
    name: str, settings: Settings, run: Runner | None, made: ClaimPieces | None,
    claims: Sequence[Claim],
) -> exports.Piece | None:
    """Each claim's piece `name` of an export: made on every core in a build (`made`),
    under `serve` a job of its own for each of `claims` (`run`), else None (the export
    makes it)."""
    if made is not None:
        return made.take(name)
    if run is None:
        return None
    make = EXPORT_PIECES[name]
    pieces = run.each(name, claims, lambda claim, ix: make(claim, ix, settings))
    by_id = {claim.id: piece for claim, piece in zip(claims, pieces, strict=True)}
    return lambda claim: by_id[claim.id]


def _export(
    path: str, ix: Indexes, piece: exports.Piece | None, run: Runner | None,
    export: Callable[[Indexes, exports.Piece | None], bytes],
) -> Output:
    """An export joined from each claim's `piece`. Under `serve` a job whose arguments
    are the pieces themselves: while each is the one the last rebuild joined (an edited
    analysis changes claims.json's alone), the export is the very Output made then, so
    it is neither joined again nor hashed by the page store (~0.3 s at 10,000 claims)."""
    if run is None or piece is None:
        return Output(path, export(ix, piece))
    pieces = {claim.id: piece(claim) for claim in ix.claims}
    joined = lambda traced: Output(path, export(traced, lambda claim: pieces[claim.id]))
    return run(("export", path), (tuple(pieces.values()),), joined)


def _cards(claims: tuple[Claim, ...], settings: Settings, reuse: Reuse | None) -> Iterator[Output]:
    """The share cards; under `serve` a card is kept while its claim is equal (a card
    is drawn from its claim and the settings alone)."""
    if reuse is None or not cards_enabled(settings):
        yield from card_outputs(claims, settings)
        return
    kept_cards = reuse.get_each("card", claims)
    kept = {c.id: card for c, card in zip(claims, kept_cards) if card is not None}
    drawn = card_outputs([c for c in claims if c.id not in kept], settings)
    for claim in claims:
        card = kept.get(claim.id)
        if card is None:
            card = next(drawn)
            reuse.put(("card", claim.id), (claim,), frozenset(), card)
        yield card


def without_analyses(claims: list[Claim], cache: ClaimCache | None) -> list[Claim]:
    """The claims every output but a claim's own page, the open data and the
    transparency page is rendered from: in every build, so that none of those can read
    an analysis, and `serve` keeps them while only analyses change (see reuse.py).
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
    """`build_indexes`, or under serve the last indexes, updated for the claims that
    are not the very objects they were made from (`update_indexes`), with equal
    settings: they are a function of those alone."""
    last = cache.indexes if cache is not None else None
    ix = None
    if last is not None and last[1] == settings:
        ix = update_indexes(last[2], last[0], stripped)
    if ix is None:
        ix = build_indexes(stripped, settings)
    if cache is not None:
        cache.indexes = (tuple(stripped), settings, ix)
    return ix


# The builder, full claims, lint cache and page cache the forked processes of
# `claim_pages` render with (set before they fork).
_BUILDER: PageBuilder | None = None
_FULL: dict[str, Claim] = {}
_LINT: LintCache | None = None
_PAGES: PageCache | None = None
ClaimPage = tuple[Output, list[Problem], list[Problem]]  # a page, its lint errors and advice
# And what it asked of the indexes (serve: reuse.py), the digest of what its lint read,
# and what a build's page cache stores of it.
Traced = tuple[ClaimPage, frozenset[Question], bytes, Entry | None]


def claim_pages(
    builder: PageBuilder, full: dict[str, Claim], ids: list[str], lint_cache: LintCache,
    page_cache: PageCache | None = None,
) -> Stream[str, Traced]:  # fmt: skip
    """The pages of the claims `ids` and their ClaimReview lint, in order, rendered on
    every core while the caller renders the other pages: the processes fork with the
    builder, so only claim ids go out and finished pages come back, exactly those of
    one process."""
    _set_builder(builder, full, lint_cache, page_cache)
    return Stream(_claim_chunk, ids)


def _set_builder(
    builder: PageBuilder | None, full: dict[str, Claim], lint_cache: LintCache | None = None,
    page_cache: PageCache | None = None,
) -> None:  # fmt: skip
    global _BUILDER, _FULL, _LINT, _PAGES
    _BUILDER, _FULL, _LINT, _PAGES = builder, full, lint_cache, page_cache


def _merged(
    claims: list[Claim],
    kept: Mapping[str, ClaimPage],
    rendered: Iterator[Traced],
    reuse: Reuse | None,
    lint_cache: LintCache,
    page_cache: PageCache | None,
) -> Iterator[ClaimPage]:
    """Each claim's page in order: kept from the last rebuild, else the next rendered
    (here, if it was kept but cannot be read back: see `page_cache._Stored`)."""
    for claim in claims:
        page = kept.get(claim.id)
        if page is None:
            traced = next(rendered) if claim.id not in kept else _claim_chunk([claim.id])[0]
            page, questions, digest, entry = traced
            if reuse is not None:
                reuse.put(("claim", claim.id), (claim,), questions, page)
            if page_cache is not None:
                page_cache.put("claim", claim, entry)
            lint_cache.keep(digest, page[1], page[2])
        yield page


def _add_lint(pages: Iterator[ClaimPage], lint: LintResult) -> Iterator[Output]:
    for page, errors, advice in pages:
        lint.checked += 1
        lint.errors += errors
        lint.advice += advice
        yield page


def _claim_chunk(ids: list[str]) -> list[Traced]:
    builder, lint_cache, page_cache = _BUILDER, _LINT, _PAGES
    assert builder is not None and lint_cache is not None
    done: list[Traced] = []
    for claim_id in ids:
        claim = _FULL[claim_id]
        page, questions = builder.traced(lambda: builder.claim_page(claim))  # noqa: B023
        to_lint = PageToLint.of(claim, page.head or "", str(page.data), builder.settings)
        errors, advice, digest = lint_cache.lint(to_lint)
        if page_cache is None:
            done.append(((page, errors, advice), questions, digest, None))
        else:  # the questions go in the entry
            entry = page_cache.entry(questions, (page, errors, advice))
            done.append(((page, errors, advice), frozenset(), digest, entry))
    return done


@dataclass(frozen=True)
class ClaimPieces:
    """Each claim's parts of the open data (encoded) and its embed page, by claim id."""

    parts: dict[str, dict[str, Any]]  # a name of PIECES -> claim id -> its piece

    def take(self, name: str) -> Callable[[Claim], Any]:
        """The pieces `name`, by claim; handed out once, so that each set's memory
        goes with its export (claims.json's records are ~65 MB at 10,000 claims)."""
        made = self.parts.pop(name)
        return lambda claim: made[claim.id]


PIECES = ("record", "csv", "review", "explorer", "embed")
# How each claim's piece of an export is made, by a build's processes and by `serve`'s
# jobs alike, from the claim (with its analysis for "record", which claims.json carries;
# as the indexes hold it, without, for the others), the indexes and the settings.
EXPORT_PIECES: dict[str, Callable[[Claim, Indexes, Settings], bytes]] = {
    "record": exports.record_json,
    "csv": lambda claim, _, settings: exports.csv_line(claim, settings),
    "review": exports.review_json,
    "explorer": lambda claim, _, __: exports.explorer_row(claim),
}


def claim_pieces(
    builder: PageBuilder, full: dict[str, Claim], names: Sequence[str],
    page_cache: PageCache | None = None,
) -> ClaimPieces:  # fmt: skip
    """The pieces `names` (of PIECES) of every claim of `builder.ix`, kept from the
    last build (`page_cache`, one entry a claim for all of `names`) or made on every
    core (`pool`): on one they took ~5 s of a 10,000-claim generate after its pages,
    with the other core idle."""
    claims = builder.ix.claims
    kind = "+".join(names)
    kept = page_cache.stand(kind, claims) if page_cache is not None else {}
    todo = [claim.id for claim in claims if claim.id not in kept]
    make = partial(_pieces_chunk, tuple(names))
    by_id: dict[str, tuple[Any, ...]] = {}
    _set_builder(builder, full, page_cache=page_cache)
    try:
        made = dict(zip(todo, map_chunks(make, todo), strict=True))
        for claim in claims:
            value = kept.get(claim.id)
            if value is None:  # made now, or kept but no longer readable (page_cache)
                value, entry = made.pop(claim.id) if claim.id in made else make([claim.id])[0]
                if page_cache is not None:
                    page_cache.put(kind, claim, entry)
            by_id[claim.id] = value
    finally:
        _set_builder(None, {})
    return ClaimPieces({name: {i: v[n] for i, v in by_id.items()} for n, name in enumerate(names)})


def _pieces_chunk(
    names: tuple[str, ...], ids: list[str]
) -> list[tuple[tuple[Any, ...], Entry | None]]:
    """Each claim's pieces `names`, and what the page cache stores of them. Each is
    made from `builder.ix` as it is while traced (the questions go in the entry)."""
    builder, page_cache = _BUILDER, _PAGES
    assert builder is not None
    ix, settings = builder.ix, builder.settings

    def piece(name: str, claim_id: str) -> Any:
        if name == "embed":
            return builder.embed_page(ix.by_id[claim_id])
        claim = _FULL[claim_id] if name == "record" else ix.by_id[claim_id]
        return EXPORT_PIECES[name](claim, builder.ix, settings)

    done = []
    for claim_id in ids:
        make = lambda: tuple(piece(name, claim_id) for name in names)  # noqa: B023
        value, questions = builder.traced(make)
        entry = page_cache.entry(questions, value) if page_cache else None
        done.append((value, entry))
    return done


def _site_feeds(claims: Sequence[Claim], settings: Settings) -> list[Output]:
    """The site's Atom and JSON feeds, of one choice of the latest changes: choosing
    sorts every claim by its last change (~0.05 s at 10,000 claims)."""
    latest = latest_changes(claims, settings.feed_size)
    return [Output(FEED_PATH, atom_feed(latest, settings)),
            Output(JSON_FEED_PATH, json_feed(latest, settings))]  # fmt: skip


def data_outputs(
    ix: Indexes, settings: Settings, run: Runner | None = None, made: ClaimPieces | None = None
) -> Iterator[Output]:
    """Exports and feeds that read no analysis (claims.json does: see `_outputs`).
    Under `serve` each claim's piece of an export and each entry's feed is a job; in a
    build the pieces may come `made` on every core (`claim_pieces`)."""
    csv_line = _piece("csv", settings, run, made, ix.claims)
    yield _export(exports.CLAIMS_CSV, ix, csv_line, run,
                  lambda ix, piece: exports.claims_csv(ix, settings, piece))  # fmt: skip
    review = _piece("review", settings, run, made, ix.claims)
    yield _export(exports.CLAIMREVIEW_FEED, ix, review, run,
                  lambda ix, piece: exports.claimreview_feed(ix, settings, piece))  # fmt: skip
    row = _piece("explorer", settings, run, made, ix.claims)
    yield _export(exports.EXPLORER_JSON, ix, row, run,
                  lambda ix, piece: exports.explorer_json(ix, settings, piece))  # fmt: skip
    site_feeds = lambda ix: _site_feeds(ix.claims, settings)
    yield from run(("site feeds",), (), site_feeds) if run else site_feeds(ix)
    # A build makes every feed, and one order of all the claims spares each feed
    # sorting its own; under `serve` the few feeds an edit reaches sort their claims.
    order = change_order(ix.claims) if run is None else None
    for entry in feed_entries(ix):
        # The job keeps the Output itself: the page store passes over the very object it
        # saved last rebuild, where a new one around the same bytes was hashed again
        # (633 feeds, ~6 MB, on every `serve` rebuild at 10,000 claims).
        feed = lambda _, e=entry: Output(entry_feed_path(e), entry_feed(e, settings, order))
        yield run(("feed", entry.url), (entry,), feed) if run else feed(ix)
