"""What a build's page store leaves for the next build: its files, a manifest of them
and a lock, so a warm `mkdocs build` takes every unchanged page as it is.

The manifest is keyed by the generator's code (`digest_cache.code_version`): a ready
page's file holds HTML rendered by that code. It is removed when a build takes the
store and written again when the build has stored its pages (`PageStore.keep`): a
build stopped between the two leaves none, and the next starts from an empty store
rather than trust files written after the manifest. One build at a time holds the
store (a lock on its folder); another build meanwhile stores its pages elsewhere.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.atomic import write_atomically
from generator.digest_cache import code_version

# Never a stored page's name: those never start with "." (page_store._file_name).
MANIFEST = ".factcheck-pages.json"
_FORMAT = 1


class StoreBusy(Exception):
    """Another build holds the kept store."""


@dataclass(frozen=True)
class KeptPage:
    """A page an earlier build stored, which a later one takes as it is when its output
    hashes the same: the digest of that output, the stored file's size (a file cut
    short is not taken), and where its ready HTML starts and its table of contents."""

    digest: bytes
    size: int
    ready: tuple[int, tuple[dict[str, Any], ...]] | None


def lock(root: Path) -> int:
    """An exclusive lock on the store's folder (emptied, never removed, so the lock
    holds), or StoreBusy: two builds writing one store would mix their pages. Closing
    the descriptor releases it, and so does the process's end, however it ends."""
    import fcntl

    root.mkdir(parents=True, exist_ok=True)
    handle = os.open(root, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        raise StoreBusy(f"{root} is in use by another build") from None
    return handle


def take_manifest(root: Path) -> dict[str, KeptPage]:
    """The last build's pages by output path, if its manifest is there and was made by
    this code; the manifest is removed either way."""
    manifest = root / MANIFEST
    try:
        with open(manifest, "rb") as file:
            known = json.load(file)
    except (OSError, ValueError):
        return {}
    finally:
        manifest.unlink(missing_ok=True)
    made_by = (known.get("format"), known.get("code")) if isinstance(known, dict) else None
    if made_by != (_FORMAT, code_version()):
        return {}
    try:
        return {path: _from_json(entry) for path, entry in known["pages"].items()}
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        return {}


def write_manifest(root: Path, pages: Mapping[str, KeptPage]) -> None:
    entries = {path: _as_json(kept) for path, kept in pages.items()}
    manifest = {"format": _FORMAT, "code": code_version(), "pages": entries}
    write_atomically(root / MANIFEST, json.dumps(manifest, separators=(",", ":")).encode())


def empty(root: Path) -> None:
    """Everything in `root` removed, the folder itself kept (the lock is on it)."""
    remove_all_but(root, ())


def remove_all_but(root: Path, names: Collection[str]) -> None:
    if not root.is_dir():
        return
    for entry in os.scandir(root):
        if entry.name in names:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            Path(entry.path).unlink(missing_ok=True)


def _as_json(kept: KeptPage) -> list[Any]:
    ready = None if kept.ready is None else [kept.ready[0], list(kept.ready[1])]
    return [kept.digest.hex(), kept.size, ready]


def _from_json(entry: list[Any]) -> KeptPage:
    digest, size, ready = entry
    if not isinstance(size, int):
        raise ValueError(size)
    start = None if ready is None else (int(ready[0]), tuple(dict(token) for token in ready[1]))
    return KeptPage(bytes.fromhex(digest), size, start)
