"""The report's claim files hold together, whatever claims a contributor adds or removes.

Nothing here pins the flagship report's counts, ids, names or wording: each test checks
a property that every valid addition keeps. The project checked is this repository, or
the one named by FACTCHECK_PROJECT_ROOT (the copy test below runs this file on a copy);
the five seed articles are read from FACTCHECK_SEEDS, by default `../shared/seeds/`
beside the repository (never committed here).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import pytest
from conftest import ROOT

from generator.cli import load_settings
from generator.indexes import KINDS, build_indexes
from generator.model import Claim
from generator.names import identity_key
from generator.pipeline import check
from generator.settings import Settings

PROJECT = Path(os.environ.get("FACTCHECK_PROJECT_ROOT", ROOT)).resolve()
SEEDS = Path(os.environ.get("FACTCHECK_SEEDS", ROOT.parent / "shared" / "seeds")).resolve()
# Typographic quotation marks, primes and guillemets read as the plain marks.
_MARKS = str.maketrans({**dict.fromkeys("“”„‟″«»", '"'), **dict.fromkeys("‘’‚‛′`", "'")})
HEADLINE_LINES = 12  # an article's headline is among its first lines


def normalised(text: str) -> str:
    """Compare text as a reader does: NFKC, one kind of quotation mark, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_MARKS)
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def report() -> tuple[Settings, list[Claim], list]:
    settings = load_settings(PROJECT / "mkdocs.yml")
    claims, problems = check(settings)
    return settings, claims, problems


def load_articles() -> dict[str, tuple[list[str], str]] | None:
    """Seed article file name -> (normalised headline lines, normalised text), or None
    when the articles are not on this machine."""
    if not SEEDS.is_dir():
        return None
    found = {}
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        heads = [normalised(line) for line in text.splitlines()[:HEADLINE_LINES] if line.strip()]
        found[path.name] = (heads, normalised(text))
    assert found, f"no articles (*.txt) in {SEEDS}"
    return found


@pytest.fixture(scope="module")
def articles() -> dict[str, tuple[list[str], str]]:
    found = load_articles()
    if found is None:
        pytest.skip(f"cannot check quotes against the seed articles: {SEEDS} is missing on "
                    "this machine (they live in ../shared/seeds/ beside the repository and are "
                    "never committed; set FACTCHECK_SEEDS to their folder)")  # fmt: skip
    return found


def cited_articles(title: str, articles: dict[str, tuple[list[str], str]]) -> list[str]:
    """The seed articles whose headline is this source's title."""
    return [name for name, (heads, _) in articles.items() if normalised(title) in heads]


def origins(claim: Claim, settings: Settings) -> set[str]:
    """Distinct origins of the supporting sources: `via` first, spellings and the
    configured same-origin groups folded together."""
    group_of = {identity_key(o): min(map(identity_key, g)) for g in settings.same_origin for o in g}
    keys = (identity_key(s.via or s.outlet) for s in claim.sources if s.stance == "supports")
    return {group_of.get(key, key) for key in keys}


def test_every_claim_file_passes_the_check(report):
    _, claims, problems = report
    assert [str(p) for p in problems] == []
    assert claims


def test_confirmed_claims_have_independent_supporting_origins(report):
    settings, claims, _ = report
    for claim in claims:
        if settings.confirmed_verdict and claim.verdict == settings.confirmed_verdict:
            assert len(origins(claim, settings)) >= settings.min_independent_origins, claim.id


def test_every_quote_is_found_in_the_article_it_cites(report, articles):
    _, claims, _ = report
    missing = []
    for claim in claims:
        for number, source in enumerate(claim.sources, start=1):
            cited = cited_articles(source.title, articles)
            if cited and source.quote and not any(
                normalised(source.quote) in articles[name][1] for name in cited
            ):
                missing.append(f"{claim.id}: source {number}: {source.quote[:80]!r}")
    assert missing == []


def test_every_seed_article_is_cited_by_a_claim(report, articles):
    _, claims, _ = report
    cited = {name for c in claims for s in c.sources for name in cited_articles(s.title, articles)}
    assert sorted(set(articles) - cited) == []


def test_disputed_claims_cite_who_disputes_them(report):
    _, claims, _ = report
    for claim in claims:
        if claim.verdict == "disputed":
            assert any(s.stance == "disputes" for s in claim.sources), claim.id


def test_every_cross_reference_kind_is_populated(report):
    settings, claims, _ = report
    ix = build_indexes(claims, settings)
    assert [kind for kind in KINDS if not ix.entries[kind]] == []
    assert any(e.claims for e in ix.verdicts)
    assert any(ix.related.values())


def test_no_two_spellings_of_one_name(report):
    """Cross-reference pages gather a name only when every claim spells it alike."""
    _, claims, _ = report
    for kind, values in _names(claims):
        spellings: dict[str, set[str]] = {}
        for value in values:
            spellings.setdefault(identity_key(value), set()).add(value)
        assert [s for s in spellings.values() if len(s) > 1] == [], kind


def _names(claims: list[Claim]) -> Iterable[tuple[str, list[str]]]:
    yield "people", [p for c in claims for p in c.people]
    yield "places", [p for c in claims for p in c.places]
    yield "organisations", [o for c in claims for o in c.organisations]
    yield "outlets", [s.outlet for c in claims for s in c.sources]


# A contributor's pull request: a new claim with a new outlet and real links, one removed.

NEW_CLAIM = """\
---
title: "A new outlet reports the valley road reopened"
claim: "The road into the valley reopened to traffic."
claimant: "A contributor's source"
claim_date: 2021-09-20
verdict: unverified
summary: "One newly cited outlet reports it; nothing else bears on it."
sources:
  - outlet: "Valley Courier, a new outlet"
    title: "Road into the valley reopens"
    date: 2021-09-20
    url: https://example.org/valley-courier/road-reopens
    archive_url: https://web.archive.org/web/2021/https://example.org/valley-courier/road-reopens
    quote: "The road into the valley reopened to traffic on Monday."
    stance: reports
places: [Panjshir]
tags: [roads]
published: 2026-11-30
---
Only the Valley Courier reports the reopening, so the claim is unverified.
"""

_SKIP = shutil.ignore_patterns(".git", ".venv", "site", "node_modules", "test-output", "build",
                               ".cache", ".pytest_cache", ".hypothesis", "__pycache__",
                               "*.egg-info", ".site-*")  # fmt: skip


def removable(claims: list[Claim], articles: dict[str, tuple[list[str], str]]) -> Claim:
    """A claim no other claim relates to, whose articles other claims cite too."""
    related = {r for c in claims for r in c.related}
    for claim in sorted(claims, key=lambda c: c.id):
        others = {n for c in claims if c is not claim for s in c.sources
                  for n in cited_articles(s.title, articles)}  # fmt: skip
        mine = {n for s in claim.sources for n in cited_articles(s.title, articles)}
        if claim.id not in related and mine <= others:
            return claim
    pytest.fail("every claim is related to by another; none can be removed on its own")


@pytest.mark.skipif("FACTCHECK_PROJECT_ROOT" in os.environ, reason="already running on a copy")
def test_a_contributors_addition_and_removal_keep_tests_and_build_green(tmp_path, report):
    _, claims, _ = report
    articles = load_articles() or {}
    copy = tmp_path / "project"
    shutil.copytree(PROJECT, copy, ignore=_SKIP)
    claims_dir = copy / "content" / "claims"
    gone = removable(claims, articles)
    (claims_dir / Path(gone.source_path).name).unlink()
    (claims_dir / "valley-road-reopened.md").write_text(NEW_CLAIM, encoding="utf-8")
    env = {**os.environ, "FACTCHECK_PROJECT_ROOT": str(copy), "FACTCHECK_SEEDS": str(SEEDS),
           "NO_MKDOCS_2_WARNING": "1"}  # fmt: skip
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_content.py",
         "-k", "not keep_tests_and_build_green"],
        cwd=copy, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert tests.returncode == 0, tests.stdout[-3000:]
    summary = tests.stdout.strip().splitlines()[-1]
    assert "passed" in summary and "failed" not in summary, tests.stdout[-1000:]
    assert "skipped" not in summary or not articles, summary
    build = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build"],
        cwd=copy, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr[-3000:]
    assert (copy / "site/claims/valley-road-reopened/index.html").is_file()
    assert not (copy / f"site/claims/{gone.id}").exists()
