"""pagefind_index: the claim pages indexed in batches by the real pagefind binary, each
batch an index of its own that the search script merges (tests/test_pagefind.py searches
a batched site in the browser)."""

from __future__ import annotations

import gzip
import json
import logging
import math
import os
import stat
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.exceptions import PluginError

from generator.adapters import pagefind_index
from generator.adapters.pagefind_index import (
    BATCHES_FILE,
    BUNDLE,
    batches,
    bundle_dir,
    run_pagefind,
)

FRAGMENT_SIGNATURE = b"pagefind_dcd"


@given(st.integers(min_value=0, max_value=5_000), st.integers(min_value=1, max_value=600))
def test_batches_keep_every_page_once_in_order_in_the_fewest_even_batches(count: int, size: int):
    pages = list(range(count))
    parts = batches(pages, size)
    assert [page for part in parts for page in part] == pages
    assert len(parts) == math.ceil(count / size)
    lengths = [len(part) for part in parts]
    assert all(0 < length <= size for length in lengths)
    assert not lengths or max(lengths) - min(lengths) <= 1


def test_the_first_batch_is_the_bundle_and_the_others_are_folders_inside_it():
    assert bundle_dir(1) == BUNDLE
    assert [bundle_dir(n) for n in (2, 3, 12)] == [f"{BUNDLE}/batch-{n}" for n in (2, 3, 12)]


def claim_site(root: Path, ids: list[str], unmarked: frozenset[str] = frozenset()) -> Path:
    """A built site's claim pages as Pagefind reads them: a frame around each `<article>`,
    which is marked as the body but in the pages of `unmarked`."""
    for claim_id in ids:
        page = root / "claims" / claim_id / "index.html"
        page.parent.mkdir(parents=True)
        mark = "" if claim_id in unmarked else " data-pagefind-body"
        page.write_text(
            f'<!doctype html><html lang="en"><head><title>{claim_id}</title></head><body>'
            f"<nav>Frame menu</nav><article{mark}><h1>Claim {claim_id}</h1>"
            f"<p>The words of {claim_id.replace('-', ' ')}.</p></article></body></html>",
            "utf-8",
        )
    root.mkdir(parents=True, exist_ok=True)
    (root / "index.html").write_text("<!doctype html><html lang='en'><body>home</body></html>", "utf-8")
    return root


def fragments(bundle: Path) -> list[dict]:
    """Every page of one index as Pagefind keeps it (its fragments), in no particular order."""
    pages = []
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(FRAGMENT_SIGNATURE)
        pages.append(json.loads(data[len(FRAGMENT_SIGNATURE) :]))
    return pages


def indexed_urls(bundle: Path) -> list[str]:
    """The URL of every page in one index, in no particular order."""
    return [page["url"] for page in fragments(bundle)]


def manifest(site: Path) -> list[str]:
    return json.loads((site / BUNDLE / BATCHES_FILE).read_text("utf-8"))["batches"]


IDS = [f"claim-{letter}" for letter in "abcde"]


def test_pages_past_the_batch_size_are_indexed_in_batches_that_together_hold_each_once(
    tmp_path: Path,
):
    site = claim_site(tmp_path / "site", IDS)
    run_pagefind(site, batch_size=2)
    assert manifest(site) == ["batch-2/", "batch-3/"]
    by_batch = [sorted(indexed_urls(site / bundle_dir(n))) for n in (1, 2, 3)]
    assert by_batch == [[f"/claims/{i}/" for i in ids] for ids in (IDS[:2], IDS[2:4], IDS[4:])]
    for number in (1, 2, 3):
        assert (site / bundle_dir(number) / "pagefind-entry.json").is_file()
    assert (site / BUNDLE / "pagefind.js").is_file()
    assert sorted(p.name for p in site.iterdir()) == ["claims", "index.html", BUNDLE]
    assert not any(p.is_symlink() for p in site.rglob("*"))  # the staging links stay outside


@pytest.mark.parametrize("ram", [True, False])
def test_the_staging_links_are_made_in_ram_where_the_machine_has_it(tmp_path: Path, monkeypatch, ram):
    """Folders and links only: in RAM when there is one, else the temporary folder."""
    folder = tmp_path / "ram"
    if ram:
        folder.mkdir()
    monkeypatch.setattr(pagefind_index, "RAM_FOLDER", folder)
    staged = []
    link = pagefind_index._link_pages
    monkeypatch.setattr(pagefind_index, "_link_pages",
                        lambda site, pages, staging: staged.append(staging) or link(site, pages, staging))  # fmt: skip
    site = claim_site(tmp_path / "site", IDS)
    run_pagefind(site, batch_size=2)
    assert len(staged) == 3
    parent = folder if ram else Path(tempfile.gettempdir())
    assert {path.parent for path in staged} == {parent}
    assert not any(path.exists() for path in staged)  # removed after each batch
    assert sorted(url for n in (1, 2, 3) for url in indexed_urls(site / bundle_dir(n))) == \
        [f"/claims/{i}/" for i in IDS]


def test_a_site_within_one_batch_is_indexed_in_place_and_merges_nothing(tmp_path: Path):
    site = claim_site(tmp_path / "site", IDS)
    run_pagefind(site, batch_size=5)
    assert manifest(site) == []
    assert sorted(indexed_urls(site / BUNDLE)) == [f"/claims/{i}/" for i in IDS]
    assert not list((site / BUNDLE).glob("batch-*"))


def test_a_rebuild_with_fewer_batches_leaves_no_batch_of_the_larger_site(tmp_path: Path):
    site = claim_site(tmp_path / "site", IDS)
    run_pagefind(site, batch_size=1)
    assert (site / bundle_dir(5)).is_dir()
    run_pagefind(site, batch_size=3)
    assert manifest(site) == ["batch-2/"]
    assert sorted(p.name for p in (site / BUNDLE).glob("batch-*")) == ["batch-2"]
    urls = indexed_urls(site / BUNDLE) + indexed_urls(site / bundle_dir(2))
    assert sorted(urls) == [f"/claims/{i}/" for i in IDS]


def test_only_the_marked_body_is_indexed_and_an_unmarked_page_is_left_out(tmp_path: Path):
    site = claim_site(tmp_path / "site", IDS[:3], unmarked=frozenset({IDS[1]}))
    run_pagefind(site, batch_size=5)
    pages = fragments(site / BUNDLE)
    assert sorted(page["url"] for page in pages) == [f"/claims/{i}/" for i in (IDS[0], IDS[2])]
    for page in pages:
        assert "The words of" in page["content"] and "Frame menu" not in page["content"]


def test_a_batch_without_a_marked_page_fails_the_build_saying_what_it_lacks(tmp_path: Path):
    site = claim_site(tmp_path / "site", IDS[:4], unmarked=frozenset(IDS[2:]))
    with pytest.raises(PluginError) as failure:
        run_pagefind(site, batch_size=2)
    said = str(failure.value)
    assert "indexing pagefind/batch-2/ in" in said
    assert "[data-pagefind-body]" in said and "main.html" in said


def test_a_site_without_claim_pages_gets_no_index_and_a_warning(tmp_path: Path, caplog):
    site = claim_site(tmp_path / "site", [])
    run_pagefind(site)
    assert not (site / BUNDLE).exists()
    assert "no claim pages" in caplog.text


def fake_binary(tmp_path: Path, script: str) -> Path:
    binary = tmp_path / "pagefind"
    binary.write_text(f"#!/bin/sh\n{script}\n", "utf-8")
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    return binary


@pytest.mark.parametrize(
    ("script", "message"),
    [("echo 'broken index' >&2; exit 3", "pagefind failed (exit 3) indexing pagefind/batch-2/ in"),
     ("echo 'nothing to do'", "pagefind wrote no index into pagefind/batch-2/ in")],
)  # fmt: skip
def test_a_batch_that_fails_or_writes_nothing_fails_the_build_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str, message: str
):
    """The first batch indexes for real; the second one's binary is a stand-in."""
    site = claim_site(tmp_path / "site", IDS[:2])
    real = pagefind_index.executable()
    stand_in = fake_binary(tmp_path, script)
    calls = []

    def binary_for_each_run(command: list[str], *args, **kwargs):
        calls.append(command)
        command = [real if len(calls) == 1 else str(stand_in), *command[1:]]
        return original(command, *args, **kwargs)

    original = pagefind_index.subprocess.run
    monkeypatch.setattr(pagefind_index.subprocess, "run", binary_for_each_run)
    with pytest.raises(PluginError) as failure:
        run_pagefind(site, batch_size=1)
    said = str(failure.value)
    assert message in said and said.endswith(script.split("'")[1])  # pagefind's own words
    assert len(calls) == 2
    assert not any(p.is_symlink() for p in site.rglob("*"))


def test_a_missing_binary_is_named_before_any_work(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", os.fspath(tmp_path / "no-such-pagefind"))
    with pytest.raises(PluginError, match=r"pagefind\[bin\]"):
        run_pagefind(claim_site(tmp_path / "site", IDS[:1]))


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}  # fmt: skip


def counting_runs(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every pagefind command line run from now on (each still runs)."""
    calls: list[list[str]] = []
    original = pagefind_index.subprocess.run

    def run(command: list[str], *args, **kwargs):
        calls.append(command)
        return original(command, *args, **kwargs)

    monkeypatch.setattr(pagefind_index.subprocess, "run", run)
    return calls


def test_a_rebuild_of_the_same_pages_links_each_batch_back_without_running_pagefind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.INFO)
    cache = tmp_path / "cache"
    first = claim_site(tmp_path / "first", IDS)
    run_pagefind(first, batch_size=2, cache=cache)
    calls = counting_runs(monkeypatch)
    second = claim_site(tmp_path / "second", IDS)  # another build of the same pages
    run_pagefind(second, batch_size=2, cache=cache)
    assert calls == []
    assert tree(second / BUNDLE) == tree(first / BUNDLE)
    assert "(3 of them kept from an earlier build)" in caplog.text


def test_a_changed_page_has_only_its_batch_indexed_again_with_its_new_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    cache = tmp_path / "cache"
    site = claim_site(tmp_path / "site", IDS)
    run_pagefind(site, batch_size=2, cache=cache)
    before = tree(site / BUNDLE)
    page = site / "claims" / IDS[2] / "index.html"
    page.write_text(page.read_text("utf-8").replace("The words of", "Zanzibar words of"), "utf-8")
    calls = counting_runs(monkeypatch)
    run_pagefind(site, batch_size=2, cache=cache)
    assert [command[command.index("--output-path") + 1] for command in calls] == [
        str(site / bundle_dir(2))
    ]
    after = tree(site / BUNDLE)
    unchanged = [name for name in before if not name.startswith("batch-")]
    assert {name: after[name] for name in unchanged} == {name: before[name] for name in unchanged}
    words = b"".join(gzip.decompress(path.read_bytes())
                     for path in (site / bundle_dir(2) / "fragment").glob("*.pf_fragment"))  # fmt: skip
    assert b"Zanzibar" in words
    assert sorted(indexed_urls(site / bundle_dir(2))) == [f"/claims/{i}/" for i in IDS[2:4]]
    kept = sorted(p.name for p in (cache / "pagefind").iterdir())
    assert len(kept) == 4  # the old batch 2 is left for builds beside this one, for an hour


def test_without_a_cache_folder_every_batch_is_indexed(tmp_path: Path, monkeypatch):
    site = claim_site(tmp_path / "site", IDS)
    run_pagefind(site, batch_size=2)
    calls = counting_runs(monkeypatch)
    run_pagefind(site, batch_size=2)
    assert len(calls) == 3
