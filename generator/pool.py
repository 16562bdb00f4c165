"""Pure work split over processes, in order, so the output is that of one process.

Used where the work is a function of each item alone (parse + validate a claim file,
render + sanitise an analysis). `FACTCHECK_WORKERS` sets the number of processes
(default: every core; `1`: no pool). Chunks go out and come back in input order, so
results never depend on scheduling. Processes are forked (no re-import, no pickling
of the function's module state); where fork is unavailable the work runs here.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import Any, Generic, TypeVar

from generator.collector import gc_paused

ENV_WORKERS = "FACTCHECK_WORKERS"
# Below this many items a pool costs more (fork, pickling) than it saves.
MIN_ITEMS = 200
# Items per chunk of `stream_chunks` (a claim page each: ~50 pages is ~0.1 s of work).
CHUNK = 50
# Items per chunk of a `Feed` (a claim file each: ~250 files is ~0.1 s of work).
FEED_CHUNK = 250
# How far `Stream`'s processes may run ahead of its reader, in items: 2,000 claim pages
# are ~60 MB, and at 10,000 claims they keep both cores busy while this process renders
# the listings (with one window of 200 ahead, the processes idled through them).
AHEAD = 2_000

T = TypeVar("T")
R = TypeVar("R")


def workers() -> int:
    """`FACTCHECK_WORKERS`, else the number of cores; at least 1."""
    value = os.environ.get(ENV_WORKERS, "").strip()
    try:
        count = int(value) if value else (os.cpu_count() or 1)
    except ValueError:
        count = 1
    return max(1, count)


def map_chunks(
    work: Callable[[Sequence[T]], list[R]], items: Sequence[T], *, min_items: int | None = None
) -> list[R]:
    """`work(items)`, computed chunk by chunk on several processes when it pays.

    `work` maps a chunk to one result per item and must be a module-level function
    (it is sent by name)."""
    return [value for values in _chunked(work, items, min_items) for value in values]


def _chunked(
    work: Callable[[Sequence[T]], list[R]], items: Sequence[T], min_items: int | None
) -> Iterator[list[R]]:
    """Each chunk is unpickled here as soon as it comes back, while the workers compute
    the next ones, with the collector paused (`collector`): rendered analyses are
    many objects, and the pool's own unpickling would run with it."""
    count = workers()
    least = MIN_ITEMS if min_items is None else min_items
    if count == 1 or not items or len(items) < least or not _can_fork():
        yield work(items)
        return
    size = -(-len(items) // (count * 4))  # a few chunks per process evens out the load
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    with _fork_pool(count) as pool:
        for part in pool.imap(partial(_pickled, work), chunks, chunksize=1):
            with gc_paused():
                values = pickle.loads(part)
            yield values


def _pickled(work: Callable[[Sequence[T]], list[R]], chunk: Sequence[T]) -> bytes:
    return pickle.dumps(work(chunk), pickle.HIGHEST_PROTOCOL)


def _fork_pool(count: int) -> Any:
    """Forked processes whose garbage collector leaves the inherited objects alone:
    collecting them would touch, and so copy, every page of this process's memory."""
    gc.freeze()
    try:
        return multiprocessing.get_context("fork").Pool(count)
    finally:
        gc.unfreeze()


def _end(pool: Any) -> None:
    if pool is not None:
        pool.terminate()
        pool.join()


def _can_fork() -> bool:
    """Fork only a process with one thread: a child of a threaded process (`mkdocs
    serve` runs its server and watcher on threads) inherits every lock the other threads
    held at that moment, never released there, and can hang on the first one it takes
    (a log line, a write to stderr); a frozen preview is worse than a slower one."""
    forks = "fork" in multiprocessing.get_all_start_methods()
    return forks and not multiprocessing.current_process().daemon and threading.active_count() == 1


def stream_chunks(
    work: Callable[[Sequence[T]], list[R]], items: Sequence[T], *, chunk: int | None = None
) -> Iterator[R]:
    """Like `map_chunks`, but results stream out as chunks finish."""
    yield from Stream(work, items, chunk=chunk).results()


class Stream(Generic[T, R]):
    """`work` over `items` in chunks on every core, started at once and read in order
    by `results()`: the processes work while this one does something else (the other
    pages), up to `ahead` items ahead of the reader, so a reader that writes each
    result away holds at most that many results, however many items there are.

    The processes fork here: state set up before (e.g. a module-level variable that
    `work` reads) is theirs too. Without a pool, `results()` calls `work` itself."""

    def __init__(
        self,
        work: Callable[[Sequence[T]], list[R]],
        items: Sequence[T],
        *,
        chunk: int | None = None,
        ahead: int = AHEAD,
    ) -> None:
        self._work, self._items = work, items
        self._pool: Any = None
        count = workers()
        if count == 1 or not items or len(items) < MIN_ITEMS or not _can_fork():
            return
        size = chunk or CHUNK
        self._chunks = deque(items[i : i + size] for i in range(0, len(items), size))
        self._pool = _fork_pool(count)
        self._pending: deque[Any] = deque()
        for _ in range(max(count * 2, -(-ahead // size))):  # at least two chunks a process
            self._submit()

    def _submit(self) -> None:
        if self._chunks:
            self._pending.append(self._pool.apply_async(self._work, (self._chunks.popleft(),)))

    def results(self) -> Iterator[R]:
        if self._pool is None:
            yield from self._work(self._items)
            return
        try:
            while self._pending:
                done = self._pending.popleft().get()
                self._submit()  # runs while these are read
                yield from done
        finally:
            self.close()

    def close(self) -> None:
        """End the processes (at once, if the reader stopped early)."""
        _end(self._pool)
        self._pool = None


class Feed(Generic[T, R]):
    """`work` over items handed in one by one (`add`), as the caller finds them, in
    chunks computed on every core while the caller goes on finding more. `results()`
    gives each chunk's results in the order the items came, beside the bytes its process
    pickled them to (None when computed here), for a caller that stores them pickled
    (`digest_cache`): pickling 10,000 validated claims again here took a second.

    `factcheck check` reads and hashes each claim file here to learn whether the cache
    knows it; with a cold cache that took ~0.6 s at 10,000 claims, while the processes,
    given the files only at the end, waited. The processes fork at the first full chunk
    (so state set up by then is theirs too); fewer items than that are computed here,
    where a pool would cost more than it saves."""

    def __init__(self, work: Callable[[Sequence[T]], list[R]], *, chunk: int = FEED_CHUNK) -> None:
        self._work, self._chunk = work, chunk
        self._items: list[T] = []
        self._sent: deque[Any] = deque()  # each chunk's pending result, in order
        self._pool: Any = None
        self._forks: bool | None = None  # decided at the first full chunk

    def add(self, item: T) -> None:
        self._items.append(item)
        if len(self._items) >= self._chunk and self._start():
            self._send()

    def _start(self) -> bool:
        if self._forks is None:
            count = workers()
            self._forks = count > 1 and _can_fork()
            if self._forks:
                self._pool = _fork_pool(count)
        return self._forks

    def _send(self) -> None:
        chunk, self._items = self._items, []
        self._sent.append(self._pool.apply_async(_pickled, (self._work, chunk)))

    def results(self) -> Iterator[tuple[list[R], bytes | None]]:
        if self._pool is None:
            if self._items:
                yield self._work(self._items), None
            return
        if self._items:
            self._send()
        try:
            while self._sent:
                part = self._sent.popleft().get()
                with gc_paused():
                    values = pickle.loads(part)
                yield values, part
        finally:
            self.close()

    def close(self) -> None:
        """End the processes (at once, if the caller stopped early)."""
        _end(self._pool)
        self._pool = None
