"""pagefind_cache: a batch's Pagefind index kept under a digest of everything Pagefind
reads, linked back by a later build whose batch hashes the same, and never one whose
input differs in any byte (the keys, by property); a kept index that is damaged, or
kept twice at once, costs a run of Pagefind, never a wrong index."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.adapters import pagefind_cache
from generator.adapters.pagefind_cache import (
    ENTRY_FILE,
    KEEP_UNUSED_SECONDS,
    IndexCache,
    batch_key,
    shared_digest,
)

page_names = st.lists(st.from_regex(r"claims/[a-z0-9-]{1,6}/index\.html", fullmatch=True),
                      min_size=1, max_size=4, unique=True)  # fmt: skip


def write_pages(site: Path, pages: dict[str, bytes]) -> list[str]:
    for name, data in pages.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
    return sorted(pages)


@given(names=page_names, data=st.data())
def test_a_batch_key_changes_with_any_byte_or_path_of_its_pages_and_only_then(
    tmp_path_factory: pytest.TempPathFactory, names: list[str], data: st.DataObject
):
    site = tmp_path_factory.mktemp("site")
    contents = {name: data.draw(st.binary(max_size=40)) for name in names}
    shared = data.draw(st.binary(min_size=32, max_size=32))
    key = batch_key(shared, site, write_pages(site, contents))
    again = tmp_path_factory.mktemp("again")
    assert batch_key(shared, again, write_pages(again, contents)) == key  # not the folder
    changed = dict(contents)
    name = data.draw(st.sampled_from(names))
    way = data.draw(st.sampled_from(["byte", "grow", "rename", "drop", "shared"]))
    if way == "byte" and changed[name]:
        at = data.draw(st.integers(0, len(changed[name]) - 1))
        flipped = bytes([changed[name][at] ^ 1])
        changed[name] = changed[name][:at] + flipped + changed[name][at + 1 :]
    elif way == "rename":
        changed[name.replace("claims/", "claims/x", 1)] = changed.pop(name)
    elif way == "drop" and len(changed) > 1:
        del changed[name]
    elif way != "shared":
        changed[name] += b"!"
    other = tmp_path_factory.mktemp("changed")
    altered = bytes([shared[0] ^ 1]) + shared[1:] if way == "shared" else shared
    assert batch_key(altered, other, write_pages(other, changed)) != key


def fake_binary(folder: Path, data: bytes = b"#!/bin/sh\n") -> str:
    binary = folder / "pagefind"
    binary.write_bytes(data)
    return str(binary)


def test_the_shared_digest_follows_the_binary_the_options_the_environment_and_config_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("PAGEFIND_"):
            monkeypatch.delenv(name)
    binary = fake_binary(tmp_path)
    options = ["--glob", "claims/*/index.html"]
    seen = [shared_digest(binary, options, tmp_path)]
    assert shared_digest(binary, list(options), tmp_path) == seen[0]
    seen.append(shared_digest(binary, [*options, "--exclude-selectors", ".x"], tmp_path))
    monkeypatch.setenv("PAGEFIND_FORCE_LANGUAGE", "fr")
    seen.append(shared_digest(binary, options, tmp_path))
    (tmp_path / "pagefind.yml").write_text("exclude_selectors: ['.y']\n", "utf-8")
    seen.append(shared_digest(binary, options, tmp_path))
    other = tmp_path / "other"
    other.mkdir()
    seen.append(shared_digest(fake_binary(other, b"#!/bin/sh\n# another\n"), options, tmp_path))
    assert len(set(seen)) == len(seen)


def a_kept_index(folder: Path, key: str, files: dict[str, bytes]) -> Path:
    index = folder / "made" / key
    for name, data in files.items():
        (index / name).parent.mkdir(parents=True, exist_ok=True)
        (index / name).write_bytes(data)
    return index


INDEX = {ENTRY_FILE: b'{"version":"1"}', "fragment/en_1.pf_fragment": b"frag",
         "index/en_2.pf_index": b"chunk"}  # fmt: skip


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}  # fmt: skip


def test_a_kept_index_comes_back_whole_and_a_missing_one_does_not(tmp_path: Path):
    cache = IndexCache(tmp_path / "cache", fake_binary(tmp_path), [])
    index = a_kept_index(tmp_path, "k1", INDEX)
    cache.keep("k1", index)
    later = IndexCache(tmp_path / "cache", fake_binary(tmp_path), [])
    assert later.restore("k1", tmp_path / "site" / "pagefind")
    assert tree(tmp_path / "site" / "pagefind") == INDEX
    assert not later.restore("k2", tmp_path / "site" / "other")
    assert not (tmp_path / "site" / "other").exists()


def test_without_a_folder_nothing_is_hashed_kept_or_restored(tmp_path: Path):
    cache = IndexCache(None, fake_binary(tmp_path), [])
    assert cache.key(tmp_path / "no-such-site", ["claims/a/index.html"]) is None
    cache.keep(None, a_kept_index(tmp_path, "k", INDEX))
    assert not cache.restore(None, tmp_path / "out")
    assert cache.prune() == 0


def test_an_index_without_pagefinds_entry_file_is_not_restored_and_is_replaced(tmp_path: Path):
    cache = IndexCache(tmp_path / "cache", fake_binary(tmp_path), [])
    damaged = tmp_path / "cache" / pagefind_cache.FOLDER / "k1"
    damaged.mkdir(parents=True)
    (damaged / "fragment").mkdir()
    assert not cache.restore("k1", tmp_path / "out")
    cache.keep("k1", a_kept_index(tmp_path, "k1", INDEX))
    assert tree(damaged) == INDEX


def test_an_index_kept_first_by_a_build_beside_this_one_stays(tmp_path: Path):
    ours, theirs = (IndexCache(tmp_path / "cache", fake_binary(tmp_path), []) for _ in range(2))
    theirs.keep("k1", a_kept_index(tmp_path / "theirs", "k1", INDEX))
    ours.keep("k1", a_kept_index(tmp_path / "ours", "k1", {**INDEX, "extra": b"ours"}))
    assert tree(tmp_path / "cache" / pagefind_cache.FOLDER / "k1") == INDEX
    assert [p.name for p in (tmp_path / "cache" / pagefind_cache.FOLDER).iterdir()] == ["k1"]


def test_prune_removes_what_no_build_used_within_the_hour_and_keeps_this_builds(tmp_path: Path):
    earlier = IndexCache(tmp_path / "cache", fake_binary(tmp_path), [])
    for key in ("old-used", "old-unused", "recent-unused"):
        earlier.keep(key, a_kept_index(tmp_path, key, INDEX))
    folder = tmp_path / "cache" / pagefind_cache.FOLDER
    leftover = folder / ".partial-crashed"
    leftover.mkdir()
    hours_ago = time.time() - 2 * KEEP_UNUSED_SECONDS
    for name in ("old-used", "old-unused", ".partial-crashed"):
        os.utime(folder / name, (hours_ago, hours_ago))
    this_build = IndexCache(tmp_path / "cache", fake_binary(tmp_path), [])
    assert this_build.restore("old-used", tmp_path / "site" / "pagefind")
    assert this_build.prune() == 2
    assert sorted(p.name for p in folder.iterdir()) == ["old-used", "recent-unused"]
    assert this_build.prune(now=time.time() + 2 * KEEP_UNUSED_SECONDS) == 1  # recent-unused
    assert tree(tmp_path / "site" / "pagefind") == INDEX


def test_restored_files_share_the_kept_bytes_without_letting_the_site_change_them(tmp_path: Path):
    cache = IndexCache(tmp_path / "cache", fake_binary(tmp_path), [])
    cache.keep("k1", a_kept_index(tmp_path, "k1", INDEX))
    site = tmp_path / "site" / "pagefind"
    assert cache.restore("k1", site)
    kept = tmp_path / "cache" / pagefind_cache.FOLDER / "k1"
    assert (site / ENTRY_FILE).stat().st_ino == (kept / ENTRY_FILE).stat().st_ino  # a link
    (site / "factcheck-batches.json").write_text("{}", "utf-8")  # what the build adds
    assert tree(kept) == INDEX


def test_prune_passes_over_an_index_another_build_removed_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    cache = IndexCache(tmp_path / "cache", fake_binary(tmp_path), [])
    cache.keep("k1", a_kept_index(tmp_path, "k1", INDEX))
    gone = tmp_path / "cache" / pagefind_cache.FOLDER / "removed-by-another-build"
    monkeypatch.setattr(pagefind_cache, "_entries", lambda folder: iter([gone]))
    assert cache.prune() == 0  # no error, and nothing to remove
