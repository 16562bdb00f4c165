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
    assert set(_entries(second.path)) == {key("kept"), key("new")}


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


def _entries(path: Path) -> dict[bytes, object]:
    """The store file's digest -> value, read as the format says (chunks of values)."""
    chunks = pickle.loads(path.read_bytes())
    return {
        d: v for digests, data in chunks for d, v in zip(digests, pickle.loads(data), strict=True)
    }


def test_a_chunk_pickled_elsewhere_is_written_as_it_is_and_read_back(tmp_path: Path):
    values = [{"n": n} for n in range(5)]
    digests = [key(str(n)) for n in range(5)]
    pickled = pickle.dumps(values, pickle.HIGHEST_PROTOCOL)
    first = DigestStore(tmp_path, "things")
    first.put_pickled(digests, values, pickled)
    first.save()
    assert pickled in first.path.read_bytes()  # not pickled again
    second = DigestStore(tmp_path, "things")
    assert [second.get(d) for d in digests] == values
    second.save()  # nothing changed: the file stays as it is
    assert pickled in second.path.read_bytes()


def test_a_chunk_no_longer_wholly_used_is_not_written_whole(tmp_path: Path):
    values = list(range(300))
    digests = [key(str(n)) for n in values]
    first = DigestStore(tmp_path, "things")
    first.put_pickled(digests, values, pickle.dumps(values, pickle.HIGHEST_PROTOCOL))
    first.save()
    second = DigestStore(tmp_path, "things")
    for d in digests[:100]:  # two thirds of the inputs were deleted
        second.get(d)
    second.save()
    assert _entries(second.path) == dict(zip(digests[:100], values[:100], strict=True))


operation = st.one_of(
    st.tuples(st.just("get"), st.integers(0, 9)),
    st.tuples(st.just("put"), st.integers(0, 9)),
    st.tuples(
        st.just("put_pickled"), st.lists(st.integers(0, 9), unique=True, max_size=5), st.booleans()
    ),
    st.tuples(st.just("save")),
    st.tuples(st.just("reopen")),
)


@given(st.lists(operation, max_size=30))
def test_any_sequence_of_runs_finds_only_right_values(tmp_path_factory, operations):
    """Whatever was put, pickled here or elsewhere, saved or not, a lookup finds the
    digest's own value or nothing; and right after a save that wrote the file, a new
    store finds exactly what the run used."""
    folder = tmp_path_factory.mktemp("store")
    value = {n: ("value", n) for n in range(10)}  # a digest's one value (results are pure)
    digest = {n: key(str(n)) for n in range(10)}
    store, used = DigestStore(folder, "things"), {}
    for op in operations:
        if op[0] == "get":
            found = store.get(digest[op[1]])
            assert found is MISSING or found == value[op[1]]
            if found is not MISSING:
                used[op[1]] = found
        elif op[0] == "put":
            store.put(digest[op[1]], value[op[1]])
            used[op[1]] = value[op[1]]
        elif op[0] == "put_pickled":
            values = [value[n] for n in op[1]]
            pickled = pickle.dumps(values, pickle.HIGHEST_PROTOCOL) if op[2] else None
            store.put_pickled([digest[n] for n in op[1]], values, pickled)
            used.update(zip(op[1], values, strict=True))
        elif op[0] == "save":
            before = store.path.read_bytes() if store.path.is_file() else None
            store.save()
            if store.path.is_file() and store.path.read_bytes() != before:
                assert _entries(store.path) == {digest[n]: v for n, v in used.items()}
            used = {}
        else:
            store, used = DigestStore(folder, "things"), {}
