"""Claim pages kept across builds (generator/page_cache.py): keys that two processes
agree on, pages taken only while their answers are the same, and a file that a
failed, concurrent or damaged build never turns into a wrong page. That a build with
kept pages equals a clean one after any edits is tests/test_incremental.py's."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import FIXTURE_CLAIMS, ROOT, TODAY
from hypothesis import HealthCheck, given
from hypothesis import settings as settings_
from hypothesis import strategies as st

from generator import page_cache, pages, pipeline
from generator.digest_cache import code_version
from generator.history import History
from generator.loader import load_claims
from generator.page_cache import NotCanonical, PageCache, claim_digest, encode
from generator.pipeline import generate, generate_iter
from generator.reuse import folder_digest
from generator.settings import Settings

answers = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.dates(),
    lambda inner: st.lists(inner, max_size=3) | st.lists(inner, max_size=3).map(tuple),
    max_leaves=12,
)


def no_claims(_: object) -> bytes:
    raise AssertionError("no claim here")


@given(answers, answers)
def test_two_values_encode_alike_exactly_when_they_are_alike(a, b):
    """`repr` tells True from 1, a list from a tuple and a date from its text: so must
    the encoding, or a page could be kept for an answer that reads otherwise."""
    assert (encode(a, no_claims) == encode(b, no_claims)) == (repr(a) == repr(b))


@pytest.mark.parametrize("value", [{"a"}, {"a": 1}, 1.5, dt.datetime(2021, 9, 6), object()])
def test_a_value_without_a_content_encoding_is_not_canonical(value):
    with pytest.raises(NotCanonical):
        encode(("fine", value), no_claims)


@settings_(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(["title", "body", "claimant", "source_path"]), st.text(min_size=1, max_size=5)
)
def test_a_claims_digest_changes_with_any_field_and_the_lines_of_its_keys(settings, field, text):
    claim = load_claims(settings).claims[0]
    assert claim_digest(claim) == claim_digest(claim.model_copy())
    assert claim_digest(claim) != claim_digest(
        claim.model_copy(update={field: getattr(claim, field) + text})
    )
    moved = {**claim.key_lines, "title": claim.key_lines.get("title", 0) + 1}
    assert claim_digest(claim) != claim_digest(claim.model_copy(update={"key_lines": moved}))


def test_the_folder_digest_is_of_names_and_bytes_not_of_where_the_folder_is(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    for folder in (one, two):
        (folder / "sub").mkdir(parents=True)
        (folder / "sub" / "a.j2").write_text("A")
        (folder / "__pycache__").mkdir()
        (folder / "__pycache__" / "x.pyc").write_bytes(os.urandom(8))
    assert folder_digest([one]) == folder_digest([two])
    (two / "sub" / "a.j2").write_text("B")
    assert folder_digest([one]) != folder_digest([two])
    (two / "sub" / "a.j2").rename(two / "sub" / "b.j2")
    (two / "sub" / "b.j2").write_text("A")
    assert folder_digest([one]) != folder_digest([two])
    assert folder_digest([one, two]) != folder_digest([two, one])


class FewIndexes:
    """Indexes answering two questions, one of them with a set."""

    by_id: ClassVar[dict[str, object]] = {}

    def entry_url(self, kind: str, name: str) -> str:
        return f"{kind}/{name}/"

    def names(self) -> set[str]:
        return {"a", "b"}


def opened(tmp_path: Path, settings: Settings, ix: object = None) -> PageCache:
    site = dataclasses.replace(settings, cache_dir=tmp_path)
    claims = {claim.id: claim for claim in load_claims(settings).claims}
    cache = page_cache.open_page_cache(site, ix or FewIndexes(), claims, lambda _: (None, ()))  # type: ignore[arg-type]
    assert cache is not None
    return cache


def test_a_page_stands_while_its_answers_do_and_one_asking_a_set_is_never_kept(tmp_path, settings):
    claims = list(load_claims(settings).claims)[:2]
    cache = opened(tmp_path, settings)
    assert dict(cache.stand("claim", claims)) == {}
    cache.put(
        "claim",
        claims[0],
        cache.entry(frozenset({("entry_url", ("people", "X"), ())}), "page one"),
    )
    assert cache.entry(frozenset({("names", (), ())}), "page two") is None
    cache.put("claim", claims[1], None)
    cache.commit()
    cache.close()
    assert cache.rendered == {"claim": 1}
    again = opened(tmp_path, settings)
    assert dict(again.stand("claim", claims)) == {claims[0].id: "page one"}
    again.close()
    moved = type("Moved", (FewIndexes,), {"entry_url": lambda self, kind, name: "elsewhere/"})()
    later = opened(tmp_path, settings, moved)
    assert dict(later.stand("claim", claims)) == {}
    later.close()


def stored_keys(folder: Path) -> set[bytes]:
    (path,) = folder.glob("claim-pages-*.sqlite")
    with sqlite3.connect(path) as db:
        return {bytes(k) for (k,) in db.execute("SELECT key FROM pages")}


def test_a_build_stopped_half_way_leaves_the_last_complete_builds_pages(tmp_path, settings):
    claims = tmp_path / "claims"
    shutil.copytree(FIXTURE_CLAIMS, claims)
    site = dataclasses.replace(settings, claims_dir=claims, cache_dir=tmp_path / "cache")
    generate(site)
    before = stored_keys(tmp_path / "cache")
    for path in claims.glob("*.md"):
        path.write_text(path.read_text("utf-8") + "\nEdited.\n", encoding="utf-8")
    outputs = generate_iter(site)
    next(o for o in outputs if o.path.startswith("claims/") and o.path.count("/") == 1)
    outputs.close()
    assert stored_keys(tmp_path / "cache") == before
    generate(site)
    assert stored_keys(tmp_path / "cache").isdisjoint(before)  # the complete build's only


def test_a_damaged_file_or_another_versions_is_replaced_and_a_locked_one_only_waited_for(
    tmp_path, settings, monkeypatch
):
    clean = generate(settings)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / f"claim-pages-{code_version()}.sqlite").write_bytes(b"not a database" * 100)
    (cache / "claim-pages-0123456789abcdef.sqlite").write_bytes(b"old")
    site = dataclasses.replace(settings, cache_dir=cache)
    assert generate(site) == clean
    assert [p.name for p in cache.glob("claim-pages-*")] == [f"claim-pages-{code_version()}.sqlite"]
    assert stored_keys(cache)
    monkeypatch.setattr(page_cache, "_WAIT", 0.05)
    holder = sqlite3.connect(cache / f"claim-pages-{code_version()}.sqlite")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert generate(site) == clean
    finally:
        holder.rollback()
        holder.close()
    assert generate(site) == clean


KEPT_COUNT = """
import sys
from pathlib import Path
from generator import pipeline
from generator.settings import Settings
import datetime as dt
opened = []
real = pipeline.open_page_cache
pipeline.open_page_cache = lambda *a: opened.append(real(*a)) or opened[-1]
site = Settings(claims_dir=Path(sys.argv[1]), today=dt.date.fromisoformat(sys.argv[2]),
                cache_dir=Path(sys.argv[3]), site_name="Test desk")
pipeline.generate(site)
(used,) = [o for o in opened if o is not None]
print(sum(used.kept.values()), sum(used.rendered.values()))
"""


def test_a_process_with_another_hash_seed_keeps_every_page(tmp_path):
    """Keys and answers are digested by content: sets and dicts in a claim's fields
    or in pickles would order otherwise under another seed, and nothing would be kept."""

    def run(seed: str) -> list[int]:
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        args = [
            sys.executable,
            "-c",
            KEPT_COUNT,
            str(FIXTURE_CLAIMS),
            TODAY.isoformat(),
            str(tmp_path),
        ]
        done = subprocess.run(args, env=env, capture_output=True, text=True, check=True, cwd=ROOT)
        return [int(n) for n in done.stdout.split()]

    kept, rendered = run("1")
    assert kept == 0 and rendered > 0
    assert run("2") == [rendered, 0]


def kept_and_rendered(site: Settings, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    opened: list[PageCache] = []
    real = page_cache.open_page_cache
    monkeypatch.setattr(
        pipeline, "open_page_cache", lambda *a: opened.append(real(*a)) or opened[-1]
    )
    generate(site)
    (used,) = [o for o in opened if o is not None]  # the ids check's probe site keeps none
    return used.kept["claim"], used.rendered["claim"]


def test_a_changed_setting_or_git_history_renders_the_pages_it_reaches(
    tmp_path, settings, monkeypatch
):
    """The site name is on every page; a file's history on its own page only."""
    site = dataclasses.replace(settings, cache_dir=tmp_path)
    kept, rendered = kept_and_rendered(site, monkeypatch)
    assert (kept, rendered) == (0, rendered) and rendered > 0
    assert kept_and_rendered(site, monkeypatch) == (rendered, 0)
    assert kept_and_rendered(dataclasses.replace(site, site_name="Another"), monkeypatch) == (
        0,
        rendered,
    )
    one = min(FIXTURE_CLAIMS.glob("*.md")).name
    history = History({one: (dt.date(2021, 10, 1),)})
    monkeypatch.setattr(pages, "read_history", lambda _: history)
    assert kept_and_rendered(dataclasses.replace(site, git_history=True), monkeypatch) == (
        0,
        rendered,
    )
    history = History({one: (dt.date(2021, 10, 2),)})
    assert kept_and_rendered(dataclasses.replace(site, git_history=True), monkeypatch) == (
        rendered - 1,
        1,
    )


def test_a_kept_page_another_build_dropped_meanwhile_is_rendered_instead(
    tmp_path, settings, monkeypatch
):
    """Two builds of one project at once: the other's commit may delete a page this
    one found standing, before this one reads it."""
    site = dataclasses.replace(settings, cache_dir=tmp_path)
    clean = generate(settings)
    generate(site)
    real = PageCache.stand

    def stand_then_drop(self, kind, claims):  # type: ignore[no-untyped-def]
        standing = real(self, kind, claims)
        (path,) = tmp_path.glob("claim-pages-*.sqlite")
        with sqlite3.connect(path) as other:
            other.execute("DELETE FROM pages")
        return standing

    monkeypatch.setattr(PageCache, "stand", stand_then_drop)
    assert generate(site) == clean


def test_a_build_that_finds_the_file_taken_for_writing_reads_it_and_writes_nothing(
    tmp_path, settings, monkeypatch
):
    monkeypatch.setattr(page_cache, "_WAIT", 0.05)
    site = dataclasses.replace(settings, cache_dir=tmp_path)
    clean = generate(settings)
    _, rendered = kept_and_rendered(site, monkeypatch)
    (path,) = tmp_path.glob("claim-pages-*.sqlite")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another build writing its pages
    try:
        edited = dataclasses.replace(site, site_name="Another")
        assert kept_and_rendered(edited, monkeypatch) == (0, 0)  # rendered, none stored
        assert generate(edited) == generate(dataclasses.replace(edited, cache_dir=None))
        assert kept_and_rendered(site, monkeypatch) == (rendered, 0)  # still read
    finally:
        holder.rollback()
        holder.close()
    assert generate(site) == clean
