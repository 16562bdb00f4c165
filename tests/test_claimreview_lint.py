"""ClaimReview lint over generated claim pages: one ClaimReview, its rating named as the
verdict shown, its url canonical, and Google's 75-character advice."""

from __future__ import annotations

import json
from dataclasses import fields, replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from generator import claimreview_lint
from generator.badges import verdict_badge
from generator.claimreview_lint import (
    MAX_CLAIM_REVIEWED,
    LintCache,
    PageToLint,
    _feed_body,
    _feed_head,
    _JsonLd,
    length_advice,
    lint_claim_page,
)
from generator.indexes import build_indexes
from generator.loader import load_claims
from generator.pages import PageBuilder
from generator.settings import Settings
from generator.pipeline import ClaimCache, generate
from generator.structured_data import claim_review, json_ld_tag


def _claim_pages(settings):
    ix = build_indexes(load_claims(settings).claims, settings)
    pages = {p.path: p for p in PageBuilder(settings, ix).all_pages()}
    return ix, [(c, pages[f"claims/{c.id}.md"]) for c in ix.claims]


def test_generated_claim_pages_pass(settings):
    site = replace(settings, site_url="https://example.org/fc/")
    _, pages = _claim_pages(site)
    for claim, page in pages:
        errors, _ = lint_claim_page(claim, page.head or "", str(page.data), site)
        assert errors == []


def test_a_second_claim_review_is_an_error(settings):
    ix, [(claim, page), *_] = _claim_pages(settings)
    head = (page.head or "") + str(json_ld_tag(claim_review(claim, ix, settings)))
    errors, _ = lint_claim_page(claim, head, str(page.data), settings)
    assert [e.message for e in errors] == [
        "the page carries 2 ClaimReview blocks; Google reads exactly one"]  # fmt: skip
    errors, _ = lint_claim_page(claim, "", str(page.data), settings)
    assert "carries 0 ClaimReview" in errors[0].message


def test_a_rating_that_differs_from_the_badge_is_an_error(settings):
    ix, [(claim, page), *_] = _claim_pages(settings)
    other = next(v for v in settings.verdicts if v.name != claim.verdict)
    body = str(page.data).replace(settings.verdict(claim.verdict).label, other.label, 1)
    errors, _ = lint_claim_page(claim, page.head or "", body, settings)
    assert len(errors) == 1 and "differs from the verdict shown" in errors[0].message
    assert errors[0].line == claim.line("verdict")


def test_a_url_that_is_not_canonical_is_an_error(settings):
    ix, [(claim, page), *_] = _claim_pages(settings)
    review = claim_review(claim, ix, settings) | {"url": "https://elsewhere.example/"}
    errors, _ = lint_claim_page(claim, str(json_ld_tag(review)), str(page.data), settings)
    assert len(errors) == 1 and "is not the page's canonical URL" in errors[0].message


def test_claim_reviewed_over_75_characters_is_advice_not_an_error(settings):
    ix, [(claim, page), *_] = _claim_pages(settings)
    for length in (MAX_CLAIM_REVIEWED, MAX_CLAIM_REVIEWED + 1):
        long = claim.model_copy(update={"claim": "x" * length})
        review = claim_review(long, ix, settings)
        errors, advice = lint_claim_page(long, str(json_ld_tag(review)), str(page.data), settings)
        assert errors == []
        assert len(advice) == (length > MAX_CLAIM_REVIEWED) == len(length_advice([long]))


def test_the_build_lints_every_claim_page(settings):
    cache = ClaimCache()
    pages = generate(settings, cache)
    assert cache.lint is not None
    claims = json.loads(next(p.data for p in pages if p.path == "claims.json"))["claims"]
    assert cache.lint.checked == len(claims) == 3
    assert cache.lint.errors == []
    assert len(cache.lint.advice) == sum(len(c["claim"]) > 75 for c in claims) == 1


def test_a_pages_lint_is_kept_by_the_digest_of_everything_it_reads(settings, tmp_path, monkeypatch):
    """A page linted by the last build is not linted again; a page that differs in any
    input of the lint is, and gets what a fresh lint gives (an error on its line)."""
    _, [(claim, page), *_] = _claim_pages(settings)
    other = next(v for v in settings.verdicts if v.name != claim.verdict)
    body = str(page.data).replace(settings.verdict(claim.verdict).label, other.label, 1)
    first = PageToLint.of(claim, page.head or "", body, settings)
    cache = LintCache(tmp_path)
    errors, advice, digest = cache.lint(first)
    assert [e.line for e in errors] == [claim.line("verdict")]
    cache.keep(digest, errors, advice)
    cache.save()

    fresh = claimreview_lint.lint
    linted: list[PageToLint] = []
    monkeypatch.setattr(claimreview_lint, "lint", lambda page: linted.append(page) or fresh(page))
    again = LintCache(tmp_path)
    assert again.lint(first) == (errors, advice, digest) and linted == []
    changes = {"head": "", "body": str(page.data), "where": "other.md", "verdict_line": 99,
               "claim_line": 98, "canonical": "https://elsewhere.example/"}  # fmt: skip
    assert set(changes) == {f.name for f in fields(PageToLint)}
    for name, value in changes.items():
        changed = replace(first, **{name: value})
        assert again.lint(changed)[:2] == fresh(changed)
    assert len(linted) == len(changes)


def test_json_ld_that_is_not_json_is_an_error_not_a_traceback(settings):
    _, [(claim, page), *_] = _claim_pages(settings)
    head = '<script type="application/ld+json">{"@type": "ClaimReview",</script>'
    errors, _ = lint_claim_page(claim, head, str(page.data), settings)
    assert len(errors) == 1 and "not valid JSON" in errors[0].message


# Heads and bodies as the core writes them: every value escaped, JSON-LD of any text.
_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=24)
_HEAD_PIECES = st.one_of(
    _TEXT.map(lambda t: f'<meta property="og:title" content="{escape(t)}">'),
    _TEXT.map(lambda t: f"<title>{escape(t)}</title>"),
    st.dictionaries(st.sampled_from(["@type", "name", "url"]), _TEXT, max_size=3).map(
        lambda data: str(json_ld_tag(data))),
    st.just('<script src="x.js"></script>'),
)  # fmt: skip
_BADGES = [verdict_badge(v) for v in Settings(claims_dir=Path(".")).verdicts]
_BODY_PIECES = st.one_of(
    _TEXT.map(lambda t: str(escape(t))),
    _TEXT.map(lambda t: f"<p>{escape(t)} fc-badge</p>"),  # the class name as mere text
    st.sampled_from(_BADGES).map(lambda b: f'<p class="fc-verdict fc-verdict--mark">{b}</p>'),
    st.sampled_from(["<div>", "</div>", "\n", '<span class="fc-badge">'])
)  # fmt: skip


@given(st.lists(_HEAD_PIECES, max_size=6), st.lists(_BODY_PIECES, max_size=12),
       st.sampled_from(["\n", ""]))  # fmt: skip
def test_the_lint_reads_a_page_as_a_parse_of_the_whole_page_would(head_pieces, body_pieces, glue):
    """Parsing only a head's scripts, and a body up to its badge in one piece then line
    by line, finds the same JSON-LD and the same badge as parsing everything."""
    head, body = glue.join(head_pieces), glue.join(body_pieces)
    whole = _JsonLd()
    whole.feed(head)
    whole.feed(body)
    fast = _JsonLd()
    _feed_head(fast, head)
    _feed_body(fast, body)
    assert fast.scripts == whole.scripts
    assert fast.badges[:1] == whole.badges[:1]
