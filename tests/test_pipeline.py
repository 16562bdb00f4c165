"""Check and generate give the same result however they run: one process or several,
with no digest cache, a cold one or a warm one (issue #14)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_CLAIMS, TODAY, VALID_CLAIM, write_claim
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import pool
from generator.digest_cache import ENV_DIR
from generator.loader import FileCache, load_claims
from generator.pipeline import check, generate
from generator.problems import ClaimsInvalid
from generator.settings import Settings

BODIES = ["Why the verdict.", "A *second* [link](https://example.org) and `code`.",
          "<script>alert(1)</script> <b>bold</b>", "| a | b |\n| - | - |\n| 1 | 2 |",
          "Footnote[^1].\n\n[^1]: Here.", "Still [open ( brackets", ""]  # fmt: skip
VERDICTS = ["unverified", "disputed", "not a verdict"]

claim_file = st.tuples(st.sampled_from(BODIES), st.sampled_from(VERDICTS), st.sampled_from(["Someone", "Other"]))


def claim_text(body: str, verdict: str, claimant: str) -> str:
    text = VALID_CLAIM.replace("verdict: unverified", f"verdict: {verdict}")
    return text.replace("claimant: Someone", f"claimant: {claimant}").replace("Why the verdict.\n", body + "\n")


def pages(settings_: Settings) -> list[tuple[str, str | bytes]] | list[str]:
    """Every output as (path, bytes), or the problems when the claims are invalid."""
    try:
        return [(o.path, o.content) for o in generate(settings_)]
    except ClaimsInvalid as invalid:
        return [str(p) for p in invalid.problems]


def in_modes(monkeypatch: pytest.MonkeyPatch, cache: Path, run):
    """`run()` with one process and no cache, then two processes with a cold and a warm cache."""
    results = []
    for workers, folder in (("1", ""), ("2", str(cache)), ("2", str(cache)), ("1", str(cache))):
        monkeypatch.setenv(pool.ENV_WORKERS, workers)
        monkeypatch.setenv(ENV_DIR, folder)
        results.append(run())
    return results


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(pool, "MIN_ITEMS", 0)  # a pool even for a handful of claims


def test_the_fixture_site_is_the_same_in_every_mode(monkeypatch, tmp_path, settings):
    plain, *others = in_modes(monkeypatch, tmp_path / "cache", lambda: pages(settings))
    assert plain and all(other == plain for other in others)
    assert sorted(p.name for p in (tmp_path / "cache").iterdir())[0].startswith("analyses-")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(claim_file, min_size=1, max_size=6))
def test_any_claims_check_the_same_in_every_mode(monkeypatch, tmp_path, files):
    folder = Path(tmp_path) / f"claims-{os.urandom(4).hex()}"
    folder.mkdir()
    for number, parts in enumerate(files):
        write_claim(folder, f"claim-{number}.md", claim_text(*parts))
    settings_ = Settings(claims_dir=folder, today=TODAY)
    cache = folder.parent / (folder.name + "-cache")
    plain, *others = in_modes(monkeypatch, cache, lambda: check(settings_))
    assert all(other == plain for other in others)
    plain, *others = in_modes(monkeypatch, cache, lambda: pages(settings_))
    assert all(other == plain for other in others)
    shutil.rmtree(folder)


def test_an_edit_keeping_size_and_time_is_seen_by_a_new_process(monkeypatch, claims_dir, tmp_path):
    monkeypatch.setenv(ENV_DIR, str(tmp_path / "cache"))
    path = write_claim(claims_dir, "a.md", VALID_CLAIM)
    settings_ = Settings(claims_dir=claims_dir, today=TODAY)
    assert load_claims(settings_).problems == ()
    stamp = path.stat()
    path.write_text(VALID_CLAIM.replace("unverified", "unverifieX"), encoding="utf-8")
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert load_claims(settings_, cache=FileCache()).problems != ()


def test_settings_that_validation_reads_are_part_of_the_key(monkeypatch, claims_dir, tmp_path):
    monkeypatch.setenv(ENV_DIR, str(tmp_path / "cache"))
    write_claim(claims_dir, "a.md", VALID_CLAIM.replace("2021-09-06", "2026-12-01"))
    assert load_claims(Settings(claims_dir=claims_dir, today=dt_after(TODAY))).problems == ()
    assert load_claims(Settings(claims_dir=claims_dir, today=TODAY)).problems != ()


def dt_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=30)


def test_fixture_claims_exist():
    assert any(FIXTURE_CLAIMS.glob("*.md"))
