"""Files that other processes may read or write at the same time.

The caches under `.cache/factcheck/` are shared by every build of a project, and two
builds may run at once (a contributor's `make site` beside `make serve`, or two CI
steps). A writer therefore never shows a half-written file under the real name, and
never shares a temporary name with another writer: a fixed one (`card.tmp`) lets one
process rename away the file another is about to rename, which fails the build.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_atomically(path: Path, data: bytes | Callable[[BinaryIO], object]) -> None:
    """Write `data` to `path` through a temporary file of this call's own in the same
    folder, renamed over `path` (atomic on POSIX); the temporary never outlives it.
    `data` may be a function that writes into the open file, so a large value (the
    digest store's pickle) is streamed rather than held twice in memory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            if callable(data):
                data(out)
            else:
                out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
