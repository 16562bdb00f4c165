"""A live progress line for long builds: on a terminal only, never in CI logs.

Large claim sets take tens of seconds; a counter that rewrites one line tells the
user the build is alive without filling logs, where it stays silent.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")


def wanted(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("CI")


def counted(items: Iterable[T], label: str, total: int | None = None,
            stream: TextIO | None = None, every: int = 250) -> Iterator[T]:  # fmt: skip
    """Yield `items`, showing `label: N[/total]` every `every` items and at the end."""
    out = stream or sys.stderr
    if not wanted(out):
        yield from items
        return
    start = time.perf_counter()
    count = 0
    for count, item in enumerate(items, 1):
        if count % every == 0:
            out.write(f"\r{label}: {count:,}" + (f"/{total:,}" if total else ""))
            out.flush()
        yield item
    out.write(f"\r{label}: {count:,} in {time.perf_counter() - start:.1f}s\n")
    out.flush()
