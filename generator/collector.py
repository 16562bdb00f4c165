"""Python's cycle collector, set for a process that holds a whole site's claims.

`check`, `build` and `serve` keep every validated claim in memory, a few million
objects that live until the process ends. The collector, counting allocations,
walks all of them again and again: while they are made (unpickling 10,000 claims
took 1.9 s with it and 0.5 s without) and after, each time the rest of the run
allocates enough: a fifth of a warm `factcheck check` at 10,000 claims, and under
`serve` one or two full collections a rebuild, 0.5-1 s each, a third of an edit's
preview time. Cycles are still freed; only less often.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Allocations between young collections (Python's default: 700).
GC_THRESHOLD = 50_000


def collect_less_often() -> None:
    """Young collections every `GC_THRESHOLD` allocations; the older generations'
    ratios stay Python's. Set for its own process, which is ours alone, by the CLI and
    by the MkDocs plugin under `serve` (a `mkdocs build` at 1,000 and 10,000 claims
    showed no difference beyond run-to-run noise, so it is left as it was)."""
    _, middle, old = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, middle, old)


@contextmanager
def gc_paused() -> Iterator[None]:
    """The block runs without cyclic collection: for building many objects that all
    survive, where nothing can be garbage yet. Nested pauses keep it off until the
    outermost ends, and a collector someone else turned off stays off."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
