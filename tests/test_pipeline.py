"""Check and generate give the same result however they run: one process or several,
with no digest cache, a cold one or a warm one (issue #14)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_CLAIMS, TODAY, VALID_CLAIM, write_claim
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import exports, pool, rules
from generator.indexes import build_indexes
from generator.loader import FileCache, load_claims
from generator.pages import TEMPLATES, PageBuilder
from generator.pipeline import (
    PIECES,
    ClaimCache,
    check,
    claim_pieces,
    data_outputs,
    generate,
    without_analyses,
)
from generator.problems import ClaimsInvalid
from generator.reuse import folder_digest
from generator.settings import Settings

BODIES = ["Why the verdict.", "A *second* [link](https://example.org) and `code`.",
          "<script>alert(1)</script> <b>bold</b>", "| a | b |\n| - | - |\n| 1 | 2 |",
          "Footnote[^1].\n\n[^1]: Here.", "Still [open ( brackets", ""]  # fmt: skip
VERDICTS = ["unverified", "disputed", "not a verdict"]

claim_file = st.tuples(
    st.sampled_from(BODIES), st.sampled_from(VERDICTS), st.sampled_from(["Someone", "Other"])
)


def claim_text(body: str, verdict: str, claimant: str) -> str:
    text = VALID_CLAIM.replace("verdict: unverified", f"verdict: {verdict}")
    text = text.replace("claimant: Someone", f"claimant: {claimant}")
    return text.replace("Why the verdict.\n", body + "\n")


def pages(settings_: Settings) -> list[tuple[str, str | bytes]] | list[str]:
    """Every output as (path, bytes), or the problems when the claims are invalid."""
    try:
        return [(o.path, o.content) for o in generate(settings_)]
    except ClaimsInvalid as invalid:
        return [str(p) for p in invalid.problems]


def in_modes(monkeypatch: pytest.MonkeyPatch, settings_: Settings, cache: Path, run):
    """`run(settings)` with one process and no cache, then two processes with a cold
    and a warm cache, then one process with the warm cache."""
    results = []
    for workers, folder in (("1", None), ("2", cache), ("2", cache), ("1", cache)):
        monkeypatch.setenv(pool.ENV_WORKERS, workers)
        results.append(run(dataclasses.replace(settings_, cache_dir=folder)))
    return results


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(pool, "MIN_ITEMS", 0)  # a pool even for a handful of claims
    monkeypatch.setattr(pool, "CHUNK", 2)  # and several chunks and windows of pages
    # Fork even when an earlier test left a server thread running in this process
    # (the pool refuses to fork a threaded process; these tests are about the output).
    monkeypatch.setattr(pool.threading, "active_count", lambda: 1)
    forked: list[int] = []
    real = pool._fork_pool
    monkeypatch.setattr(pool, "_fork_pool", lambda count: forked.append(count) or real(count))
    return forked


def test_the_fixture_site_is_the_same_in_every_mode(monkeypatch, tmp_path, settings, small_chunks):
    plain, *others = in_modes(monkeypatch, settings, tmp_path / "cache", pages)
    assert plain and all(other == plain for other in others)
    assert small_chunks and set(small_chunks) == {2}  # two processes really ran
    assert sorted(p.name for p in (tmp_path / "cache").iterdir())[0].startswith("analyses-")


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(claim_file, min_size=1, max_size=6))
def test_any_claims_check_the_same_in_every_mode(monkeypatch, tmp_path, files):
    folder = Path(tmp_path) / f"claims-{os.urandom(4).hex()}"
    folder.mkdir()
    for number, parts in enumerate(files):
        write_claim(folder, f"claim-{number}.md", claim_text(*parts))
    settings_ = Settings(claims_dir=folder, today=TODAY)
    cache = folder.parent / (folder.name + "-cache")
    plain, *others = in_modes(monkeypatch, settings_, cache, check)
    assert all(other == plain for other in others)
    plain, *others = in_modes(monkeypatch, settings_, cache, pages)
    assert all(other == plain for other in others)
    shutil.rmtree(folder)


def test_an_edit_keeping_size_and_time_is_seen_by_a_new_process(claims_dir, tmp_path):
    path = write_claim(claims_dir, "a.md", VALID_CLAIM)
    settings_ = Settings(claims_dir=claims_dir, today=TODAY, cache_dir=tmp_path / "cache")
    assert load_claims(settings_).problems == ()
    stamp = path.stat()
    path.write_text(VALID_CLAIM.replace("unverified", "unverifieX"), encoding="utf-8")
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert load_claims(settings_, cache=FileCache()).problems != ()


def test_settings_that_validation_reads_are_part_of_the_key(claims_dir, tmp_path):
    write_claim(claims_dir, "a.md", VALID_CLAIM.replace("2021-09-06", "2026-12-01"))
    cache = tmp_path / "cache"
    later = Settings(claims_dir=claims_dir, today=dt_after(TODAY), cache_dir=cache)
    assert load_claims(later).problems == ()
    assert load_claims(dataclasses.replace(later, today=TODAY)).problems != ()


def dt_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=30)


def test_fixture_claims_exist():
    assert any(FIXTURE_CLAIMS.glob("*.md"))


def test_a_check_leaves_a_warm_analysis_cache_as_it_was(settings, tmp_path):
    """The id rules render a probe site; it must not replace the build's cache."""
    warm = dataclasses.replace(settings, cache_dir=tmp_path / "cache")
    pages(warm)
    before = {p.name: p.read_bytes() for p in (tmp_path / "cache").iterdir()}
    rules.generated_paths.cache_clear()
    rules.reserved_ids.cache_clear()
    check(warm)
    assert {p.name: p.read_bytes() for p in (tmp_path / "cache").iterdir()} == before


def test_serve_keeps_the_compiled_templates_while_the_template_folders_are_unchanged(tmp_path):
    """An override's edit changes the digest, so its page is compiled afresh."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "about.md.j2").write_text("one")
    site = Settings(claims_dir=tmp_path, templates_dir=templates)
    cache = ClaimCache()
    first = cache.environment(site, folder_digest((templates, TEMPLATES)))
    assert first.get_template("about.md.j2").render() == "one"
    assert cache.environment(site, folder_digest((templates, TEMPLATES))) is first
    (templates / "about.md.j2").write_text("two")
    again = cache.environment(site, folder_digest((templates, TEMPLATES)))
    assert again is not first and again.get_template("about.md.j2").render() == "two"
    other = dataclasses.replace(site, templates_dir=None)
    assert cache.environment(other, folder_digest((TEMPLATES,))) is not again


def test_a_builds_pieces_made_on_every_core_are_the_exports_own_bytes(
    monkeypatch, settings, small_chunks
):
    """claim_pieces renders each claim's part of the open data and its embed in the
    pool; joined, they must be what the exports and the builder make on their own."""
    monkeypatch.setenv(pool.ENV_WORKERS, "2")
    claims, _ = check(settings)
    ix = build_indexes(without_analyses(claims, None), settings)
    full = {claim.id: claim for claim in claims}
    builder = PageBuilder(settings, ix)
    before = len(small_chunks)
    made = claim_pieces(builder, full, PIECES)
    assert small_chunks[before:] == [2]  # made by two processes
    alone = exports.claims_json(ix, settings, full)
    assert exports.claims_json(ix, settings, full, made.take("record")) == alone
    assert [o.content for o in data_outputs(ix, settings, made=made)] == [
        o.content for o in data_outputs(ix, settings)
    ]
    embed = made.take("embed")
    alone = [builder.embed_page(c).content for c in ix.claims]
    assert [embed(c).content for c in ix.claims] == alone
    assert made.parts == {}  # each set handed out once


@pytest.mark.parametrize("feed_size", [1, 2, 50])
def test_the_site_feeds_made_from_one_choice_of_the_latest_are_each_feeds_own(settings, feed_size):
    """`_site_feeds` chooses the latest changes once for both feeds; each feed chooses
    them again from that choice, which must change nothing."""
    from generator.feed import atom_feed
    from generator.feeds import json_feed
    from generator.pipeline import _site_feeds

    settings = dataclasses.replace(settings, feed_size=feed_size)
    claims = without_analyses(check(settings)[0], None)
    ordered = sorted(claims, key=lambda c: c.id)  # the feeds' order is their own
    assert [o.data for o in _site_feeds(ordered, settings)] == [
        atom_feed(ordered, settings), json_feed(ordered, settings)
    ]
