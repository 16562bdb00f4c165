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
from generator.feed import FEED_PATH, atom_feed
from generator.indexes import Indexes, build_indexes
from generator.loader import FileCache, load_claims
from generator.model import Claim
from generator.pages import Page, PageBuilder
from generator.render_memo import RenderMemo
from generator.problems import ClaimsInvalid, Problem
from generator.progress import counted
from generator.rules import check_claims
from generator.settings import Settings


@dataclass
class ClaimCache:
    """What `mkdocs serve` keeps between rebuilds: parsed claims by (mtime, size), and
    the renderers whose memos are valid while the settings are unchanged."""

    files: FileCache = field(default_factory=FileCache)
    _settings: Settings | None = None
    analysis: AnalysisRenderer | None = None
    memo: RenderMemo | None = None
    reuse_pages: bool = True

    @property
    def reread(self) -> int:
        """How many claim files the last load read from disk."""
        return self.files.reread

    def load(self, settings: Settings) -> tuple[list[Claim], list[Problem]]:
        if settings != self._settings:
            self._settings = settings
            self.analysis = AnalysisRenderer(trust_html=settings.trust_html, memo=True)
            self.memo = RenderMemo(keep_pages=self.reuse_pages)
        result = load_claims(settings, cache=self.files)
        return list(result.claims), list(result.problems)


def check(settings: Settings, cache: ClaimCache | None = None) -> tuple[list[Claim], list[Problem]]:
    """Valid claims and every problem, per file and across files, sorted by place."""
    claims, problems = (cache or ClaimCache()).load(settings)
    problems = problems + check_claims(claims, settings)
    return claims, sorted(problems, key=lambda p: (p.path, p.line or 0, p.field))


def generate(settings: Settings, cache: ClaimCache | None = None) -> list[Page]:
    """Every generated page and static file, or ClaimsInvalid listing every problem."""
    return list(generate_iter(settings, cache))


def generate_iter(settings: Settings, cache: ClaimCache | None = None) -> Iterator[Page]:
    """Like `generate`, one output at a time, so an adapter that writes each one away
    needs no more memory for 20,000 claims than for 20. The claims are checked before
    the first output is yielded."""
    claims, problems = check(settings, cache)
    if problems:
        raise ClaimsInvalid(problems)
    return _outputs(build_indexes(claims, settings), settings, cache)


def _outputs(ix: Indexes, settings: Settings, cache: ClaimCache | None) -> Iterator[Page]:
    analysis = cache.analysis if cache else None
    memo = cache.memo if cache else RenderMemo(keep_pages=False)
    builder = PageBuilder(settings, ix, analysis=analysis, memo=memo)
    yield from counted(builder.all_pages(), "pages generated")
    if analysis and memo:
        analysis.forget_unused()
        memo.forget_except(ix.claims)
    yield from asset_outputs()
    yield from data_outputs(ix, settings)


def data_outputs(ix: Indexes, settings: Settings) -> list[Page]:
    """Exports and feeds, from the same indexes as the pages."""
    return [
        Page(exports.CLAIMS_JSON, exports.claims_json(ix, settings)),
        Page(exports.CLAIMS_CSV, exports.claims_csv(ix, settings)),
        Page(exports.CLAIMREVIEW_FEED, exports.claimreview_feed(ix, settings)),
        Page(exports.EXPLORER_JSON, exports.explorer_json(ix, settings)),
        Page(FEED_PATH, atom_feed(ix.claims, settings)),
    ]
