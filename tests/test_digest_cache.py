"""The digest cache: keys that cannot confuse two inputs, a store that keeps only what
a run used, and a damaged file that costs a cold run, never a wrong result."""

from __future__ import annotations

import pickle
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from generator import digest_cache
from generator.digest_cache import MISSING, DigestStore, key

part = st.one_of(st.text(max_size=8), st.binary(max_size=8))


@given(st.lists(part, max_size=4), st.lists(part, max_size=4))
def test_keys_differ_whenever_the_inputs_differ(a, b):
    encoded = [[p.encode() if isinstance(p, str) else p for p in parts] for parts in (a, b)]
    assert (key(*a) == key(*b)) == (encoded[0] == encoded[1])


def test_a_saved_value_is_found_by_a_new_store(tmp_path: Path):
    first = DigestStore(tmp_path, "things")
    assert first.get(key("a")) is MISSING
    first.put(key("a"), {"value": 1})
    first.save()
    second = DigestStore(tmp_path, "things")
    assert second.get(key("a")) == {"value": 1}
    assert (second.hits, second.misses) == (1, 0)


def test_save_keeps_only_the_entries_the_run_used(tmp_path: Path):
    first = DigestStore(tmp_path, "things")
    first.put(key("old"), 1)
    first.put(key("kept"), 2)
    first.save()
    second = DigestStore(tmp_path, "things")
    assert second.get(key("kept")) == 2
    second.put(key("new"), 3)
    second.save()
    stored = pickle.loads(second.path.read_bytes())
    assert set(stored) == {key("kept"), key("new")}


def test_the_file_is_named_by_the_code_version(tmp_path: Path):
    named = f"things-{digest_cache.code_version()}.pickle"
    assert DigestStore(tmp_path, "things").path == tmp_path / named


def test_a_damaged_file_is_a_cold_start(tmp_path: Path):
    store = DigestStore(tmp_path, "things")
    store.path.write_bytes(b"\x80\x05not a pickle")
    assert store.get(key("a")) is MISSING
    store.put(key("a"), 1)
    store.save()
    assert DigestStore(tmp_path, "things").get(key("a")) == 1


def test_without_a_folder_nothing_is_kept(tmp_path: Path):
    store = DigestStore(None, "things")
    store.put(key("a"), 1)
    store.save()
    assert store.get(key("a")) is MISSING
    assert list(tmp_path.iterdir()) == []


def test_a_few_new_entries_do_not_rewrite_a_large_file_but_stay_usable(tmp_path: Path):
    first = DigestStore(tmp_path, "things")
    for n in range(300):
        first.put(key(str(n)), n)
    first.save()
    written = first.path.stat().st_mtime_ns, first.path.read_bytes()
    for n in range(300):
        assert first.get(key(str(n))) == n
    first.put(key("edited"), -1)  # one edit, as under `mkdocs serve`
    first.save()
    assert (first.path.stat().st_mtime_ns, first.path.read_bytes()) == written
    assert first.get(key("edited")) == -1  # still known to this process
    assert DigestStore(tmp_path, "things").get(key("edited")) is MISSING  # recomputed by the next
