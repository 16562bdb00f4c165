"""Pagefind's index of a batch of claim pages, kept across builds under a digest of
everything Pagefind reads to make it.

Pagefind has no incremental mode: each batch of 5,000 claim pages took it ~9 s of a
warm 10,000-claim build's ~65 s (4 December 2026), though nothing in the batch had
changed. So each batch's index is kept in `<cache_dir>/pagefind/<digest>/` and a later
build whose batch hashes the same links it back into the site instead of running
Pagefind (a warm 10,000-claim build: 53.4 s against 95.5 s, three builds each in turn,
4 December 2026; most of the difference was the file system's time for Pagefind's
~10,000 new files). The digest cannot miss an input: it hashes the pagefind binary's bytes, the
command line's options, Pagefind's `PAGEFIND_*` environment variables and
configuration files (it reads both), and every page of the batch, path and bytes. A
page that changed in any byte, even outside what Pagefind indexes, makes its batch
indexed again: the safe side.

Pagefind itself is not byte-for-byte reproducible (two runs over the same pages name
a few index files differently), so a kept index is exactly the one Pagefind made for
these pages, not one that a fresh run would match byte for byte.

Files are hard links where the file system allows (the site's copy and the cache's
share their bytes; nothing writes into an index once made), copies elsewhere. The
folder is shared by every build of the project, which may run at once (see
generator/atomic.py): an index is made under a temporary name of its own and renamed
into place whole, and `prune` leaves what another build may be using.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from generator.digest_cache import add_part

FOLDER = "pagefind"
# Bumped when what is kept, or how it is keyed, changes.
FORMAT = "1"
# Pagefind reads its options from these files in its working folder, and from
# `PAGEFIND_*` environment variables (https://pagefind.app/docs/config-sources/).
CONFIG_FILES = ("pagefind.json", "pagefind.toml", "pagefind.yaml", "pagefind.yml")
ENV_PREFIX = "PAGEFIND_"
# An index this build did not use is removed only if no build used it for this long:
# a build running beside this one may be linking it into its own site.
KEEP_UNUSED_SECONDS = 3600
ENTRY_FILE = "pagefind-entry.json"  # written by Pagefind into every index it completes
_TEMPORARY = ".partial-"


@lru_cache(maxsize=4)
def _file_digest(path: str, size: int, modified: int) -> bytes:
    """A file's digest; `size` and `modified` make another file at the same path miss."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").digest()


def binary_digest(binary: str) -> bytes:
    """The pagefind binary's digest: another version or build indexes differently."""
    found = os.stat(binary)
    return _file_digest(binary, found.st_size, found.st_mtime_ns)


def shared_digest(binary: str, options: Sequence[str], folder: Path) -> bytes:
    """What every batch of one build shares: the binary, the command line's options
    (not its folders, which differ from batch to batch), Pagefind's environment
    variables and its configuration files in `folder` (its working folder)."""
    digest = hashlib.sha256(f"factcheck-pagefind-{FORMAT}".encode())
    add_part(digest, binary_digest(binary))
    for option in options:
        add_part(digest, option.encode())
    for name, value in sorted(os.environ.items()):
        if name.startswith(ENV_PREFIX):
            add_part(digest, f"{name}={value}".encode())
    for name in CONFIG_FILES:
        path = folder / name
        add_part(digest, name.encode() + (path.read_bytes() if path.is_file() else b"\0absent"))
    return digest.digest()


def batch_key(shared: bytes, site: Path, pages: Sequence[str]) -> str:
    """The digest of one batch: what every batch shares, and each page's path and bytes."""
    digest = hashlib.sha256(shared)
    for page in pages:
        add_part(digest, page.encode())
        add_part(digest, (site / page).read_bytes())
    return digest.hexdigest()


class IndexCache:
    """The kept indexes of one build; without a folder it keeps nothing (and hashes
    nothing: `key` is None)."""

    def __init__(self, folder: Path | None, binary: str, options: Sequence[str]) -> None:
        self.folder = folder / FOLDER if folder is not None else None
        self.shared = shared_digest(binary, options, Path.cwd()) if self.folder else b""
        self.used: set[str] = set()

    def key(self, site: Path, pages: Sequence[str]) -> str | None:
        """The key of the batch of `pages` under `site`; None without a folder."""
        return batch_key(self.shared, site, pages) if self.folder is not None else None

    def restore(self, key: str | None, output: Path) -> bool:
        """Link the index kept under `key` into `output` (which must not exist); False
        if none is kept."""
        if self.folder is None or key is None:
            return False
        kept = self.folder / key
        if not (kept / ENTRY_FILE).is_file():
            return False
        self.used.add(key)
        try:
            os.utime(kept)  # used now: a build beside this one will not prune it
            _link_tree(kept, output)
        except OSError:  # pruned by another build meanwhile, or unreadable: index anew
            shutil.rmtree(output, ignore_errors=True)
            return False
        return True

    def keep(self, key: str | None, index: Path) -> None:
        """Keep the index Pagefind just wrote to `index` under `key`."""
        if self.folder is None or key is None:
            return
        self.used.add(key)
        self.folder.mkdir(parents=True, exist_ok=True)
        kept = self.folder / key
        if kept.is_dir() and not (kept / ENTRY_FILE).is_file():  # not Pagefind's whole index
            shutil.rmtree(kept, ignore_errors=True)
        partial = Path(tempfile.mkdtemp(dir=self.folder, prefix=_TEMPORARY))
        try:
            _link_tree(index, partial / "index")
            os.replace(partial / "index", kept)
        except OSError:  # another build kept the same index first: theirs stays
            pass
        finally:
            shutil.rmtree(partial, ignore_errors=True)

    def prune(self, now: float | None = None) -> int:
        """Remove the indexes and leftovers no build used in the last hour, except this
        build's; how many were removed. A CI cache thus holds one build's indexes."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        cutoff = (time.time() if now is None else now) - KEEP_UNUSED_SECONDS
        removed = 0
        for entry in _entries(self.folder):
            if entry.name not in self.used and _last_used(entry) < cutoff:
                shutil.rmtree(entry, ignore_errors=True)
                removed += 1
        return removed


def _entries(folder: Path) -> Iterable[Path]:
    return (entry for entry in folder.iterdir() if entry.is_dir())


def _last_used(entry: Path) -> float:
    """When `entry` was kept or last restored; now if another build just removed it."""
    try:
        return entry.stat().st_mtime
    except OSError:
        return time.time()


def _link_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, copy_function=_link_or_copy)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
