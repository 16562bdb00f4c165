"""Work split over processes comes back as one process would compute it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import pool


def _square_all(items: list[int]) -> list[int]:
    return [i * i for i in items]


_DONE_LOG: list[str] = []  # a file the forked processes append each chunk's size to


def _logged_square_all(items: list[int]) -> list[int]:
    with open(_DONE_LOG[0], "a") as log:
        log.write(f"{len(items)}\n")
    return _square_all(items)


def _done(folder) -> int:
    log = folder / "done"
    return sum(map(int, log.read_text().split())) if log.exists() else 0


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(-1000, 1000), max_size=60), st.integers(1, 4))
def test_any_items_come_back_in_order_as_one_process_computes_them(items, count):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(pool.ENV_WORKERS, str(count))
        assert pool.map_chunks(_square_all, items, min_items=0) == _square_all(items)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(-1000, 1000), max_size=60), st.integers(1, 4), st.integers(1, 9))
def test_fed_items_come_back_in_order_with_their_workers_bytes(items, count, chunk):
    """What a caller stores as it is (digest_cache) must be exactly the chunk's results,
    in the order the items were fed, however the chunks fall."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(pool.ENV_WORKERS, str(count))
        feed = pool.Feed(_square_all, chunk=chunk)
        for item in items:
            feed.add(item)
        chunks = list(feed.results())
    assert [value for values, _ in chunks for value in values] == _square_all(items)
    for values, pickled in chunks:
        assert pickled is None or pool.pickle.loads(pickled) == values
    forked = count > 1 and len(items) >= chunk
    assert [pickled is not None for _, pickled in chunks] == [forked] * len(chunks)


def test_a_feed_works_while_it_is_fed(monkeypatch, tmp_path):
    """The processes start on the first chunks while the caller is still finding
    the rest (reading claim files), not when it has found them all."""
    import time

    monkeypatch.setenv(pool.ENV_WORKERS, "2")
    _DONE_LOG[:] = [str(tmp_path / "done")]
    feed = pool.Feed(_logged_square_all, chunk=10)
    for item in range(25):
        feed.add(item)
    deadline = time.monotonic() + 30
    while _done(tmp_path) < 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _done(tmp_path) == 20  # two full chunks, done before `results()` is asked
    assert [v for values, _ in feed.results() for v in values] == _square_all(list(range(25)))
    assert _done(tmp_path) == 25


def test_a_feed_that_is_never_read_ends_its_processes(monkeypatch):
    monkeypatch.setenv(pool.ENV_WORKERS, "2")
    feed = pool.Feed(_square_all, chunk=5)
    for item in range(12):
        feed.add(item)
    processes = feed._pool._pool
    assert processes and all(p.is_alive() for p in processes)
    feed.close()
    assert not any(p.is_alive() for p in processes)


@pytest.mark.parametrize(
    ("value", "expected"), [("1", 1), ("3", 3), ("0", 1), ("many", 1), (" 2 ", 2)]
)
def test_workers_come_from_the_environment(monkeypatch, value, expected):
    monkeypatch.setenv(pool.ENV_WORKERS, value)
    assert pool.workers() == expected


def test_workers_default_to_every_core(monkeypatch):
    monkeypatch.delenv(pool.ENV_WORKERS, raising=False)
    monkeypatch.setattr(pool.os, "cpu_count", lambda: 5)
    assert pool.workers() == 5


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(-1000, 1000), max_size=60), st.integers(1, 4), st.integers(1, 7))
def test_streamed_chunks_come_back_in_order_too(items, count, chunk):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(pool.ENV_WORKERS, str(count))
        mp.setattr(pool, "MIN_ITEMS", 0)
        assert list(pool.stream_chunks(_square_all, items, chunk=chunk)) == _square_all(items)


def test_a_stream_works_ahead_of_its_reader_but_never_further_than_ahead(monkeypatch, tmp_path):
    """While the reader renders other pages, the processes work: as far as `ahead`
    items (memory stays bounded), and no further until the reader reads."""
    import time

    monkeypatch.setenv(pool.ENV_WORKERS, "2")
    monkeypatch.setattr(pool, "MIN_ITEMS", 0)
    _DONE_LOG[:] = [str(tmp_path / "done")]
    stream = pool.Stream(_logged_square_all, list(range(2000)), chunk=50, ahead=600)

    deadline = time.monotonic() + 30
    while _done(tmp_path) < 600 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # time enough to run further, were it allowed to
    assert _done(tmp_path) == 600
    assert list(stream.results()) == _square_all(list(range(2000)))
    assert _done(tmp_path) == 2000


def test_a_process_with_other_threads_is_never_forked(monkeypatch):
    """A forked child of a threaded process can hang on a lock another thread held."""
    import threading

    monkeypatch.setenv(pool.ENV_WORKERS, "2")
    forked: list[int] = []
    monkeypatch.setattr(pool, "_fork_pool", lambda count: forked.append(count))
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert pool.map_chunks(_square_all, list(range(500))) == [i * i for i in range(500)]
        feed = pool.Feed(_square_all, chunk=10)
        for item in range(500):
            feed.add(item)
        assert [v for values, _ in feed.results() for v in values] == [i * i for i in range(500)]
    finally:
        stop.set()
        other.join()
    assert forked == []


def test_results_are_unpickled_here_with_the_collector_paused(monkeypatch):
    """Unpickling millions of surviving objects with it on took four times as long."""
    import gc

    monkeypatch.setenv(pool.ENV_WORKERS, "2")
    seen: list[bool] = []
    loads = pool.pickle.loads

    def watched(data: bytes):
        seen.append(gc.isenabled())
        return loads(data)

    monkeypatch.setattr(pool.pickle, "loads", watched)
    assert pool.map_chunks(_square_all, list(range(500))) == [i * i for i in range(500)]
    assert seen and not any(seen)
