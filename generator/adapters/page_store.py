"""Generated pages on disk, outside `docs/`, for MkDocs to read.

Two reasons. Memory: MkDocs reads every page before it writes any, so pages held in
memory would keep a 20,000-claim site in RAM; from disk each is read when needed.
`mkdocs serve --dirty`: MkDocs re-renders a page only when its file changed, so
writing a page only when its bytes changed lets a rebuild skip every page an edit did
not touch; each write is numbered (`stamp`), which is how the adapter's files answer
MkDocs' question (serve_memo.StoredFile). (Never `docs/`: writing there would make
`serve` rebuild forever.)

A build's store is kept across builds (`kept=True`, in the digest cache): a warm
build then writes and renders only the pages whose output changed, where it wrote
all ~22,000 files of a 10,000-claim site each time (see kept_pages.py).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import weakref
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from generator.adapters import kept_pages
from generator.adapters.kept_pages import KeptPage, StoreBusy
from generator.adapters.output_dirs import MARKER, check_output_dir, mark
from generator.pages import Output

__all__ = ["PageStore", "StoreBusy"]

_LONGEST_NAME = 200  # bytes; file systems allow 255
# Numbers every write of every store in the process: a stamp names one stored version.
_WRITES = itertools.count(1)


class PageStore:
    def __init__(
        self,
        root: Path,
        *,
        option: str = "serve_cache_dir",
        project_root: Path | None = None,
        protected: Iterable[Path] = (),
        kept: bool = False,
    ) -> None:
        """A store at `root`, which must pass the output-folder rule (see output_dirs).
        A fresh one deletes what is there; a `kept` one takes over what the last build
        left and its manifest, or raises StoreBusy while another build holds it."""
        self.root = check_output_dir(
            root, option=option, project_root=project_root or root.resolve().parent, protected=protected
        )
        self._digests: dict[str, bytes | None] = {}  # None: not hashed (see _digest_if_needed)
        self._sizes: dict[str, int] = {}  # of the bytes stored for each output
        self._stamps: dict[str, int] = {}  # each output's last write (see `stamp`)
        # Stored path -> (where its HTML body starts, its table of contents).
        self._ready: dict[str, tuple[int, tuple[dict[str, Any], ...]]] = {}
        # Stored path -> the output last saved there, while that object lives: under
        # `serve` a kept output (reuse.py) is the very object saved last time, and
        # needs no hashing. A weak reference, so a build keeps no page in memory.
        self._saved: dict[str, tuple[weakref.ref[Output], str]] = {}
        self._kept: dict[str, KeptPage] = {}
        self._lock: int | None = None
        self.written = 0
        if kept:
            self._lock = kept_pages.lock(self.root)
            self._kept = kept_pages.take_manifest(self.root)
        if not self._kept:
            kept_pages.empty(self.root)
            mark(self.root)

    def save(self, output: Output) -> str:
        """The page's file path, rewritten only if its content changed. Pages are stored
        as front-matter without `head` plus body; the adapter keeps `head` itself.

        A page with ready HTML is stored with that HTML as its body, made from the
        output when it is written; the store remembers where the body starts and the
        table of contents, so nothing parses the stored text again (`ready`)."""
        saved = self._saved.get(output.path)
        previous = saved[0]() if saved is not None else None
        if saved is not None and previous is output:
            return saved[1]
        path = self.root / _file_name(output.path)
        content = output.meta + str(output.data) if output.is_markdown else output.data
        data = content.encode("utf-8") if isinstance(content, str) else content
        stored = _stored_bytes(previous, output)
        if stored is not None:  # compared, not hashed: a new digest waits until asked
            same = stored == data
            changed = not same or not path.is_file()
            digest = self._digests.get(output.path) if same else None
        else:
            digest = self._digest_if_needed(output, data)
            changed = digest is None or self.digest(output.path) != digest or not path.is_file()
        if changed and digest is not None and self._take_kept(output.path, path, digest):
            changed = False
        if changed:
            rendered = output.body()
            if rendered is not None:
                front = output.meta.encode("utf-8")
                self._ready[str(path)] = (len(front), tuple(h.token() for h in rendered.toc))
                data = front + rendered.html.encode("utf-8")
            path.write_bytes(data)
            self._digests[output.path] = digest
            self._sizes[output.path] = len(data)
            self._stamps[output.path] = next(_WRITES)
            self.written += 1
        self._saved[output.path] = (weakref.ref(output), str(path))
        return str(path)

    def _take_kept(self, output_path: str, path: Path, digest: bytes) -> bool:
        """Whether the file a previous build stored at `path` is this output's, taken
        as it is (no write, no rendering)."""
        kept = self._kept.pop(output_path, None)
        if kept is None or kept.digest != digest or _size(path) != kept.size:
            return False
        self._digests[output_path] = digest
        self._sizes[output_path] = kept.size
        self._stamps[output_path] = next(_WRITES)
        if kept.ready is not None:
            self._ready[str(path)] = kept.ready
        return True

    def keep(self, *, prune: bool) -> None:
        """Write the manifest, for the next build (`kept` stores only): every page
        stored now and, unless `prune`, the pages of the last build this one has not
        reached (a failed build keeps them); with `prune`, their files go."""
        if self._lock is None:
            return
        entries = {path: self._entry(path) for path in self._sizes}
        if prune:
            kept_pages.remove_all_but(self.root, {_file_name(path) for path in entries} | {MARKER})
            self._kept = {}  # their files are gone
        else:
            entries = {**self._kept, **entries}
        kept_pages.write_manifest(self.root, entries)

    def _entry(self, output_path: str) -> KeptPage:
        stored = str(self.root / _file_name(output_path))
        digest = self.digest(output_path)
        assert digest is not None  # every stored output's digest is known or read back
        return KeptPage(digest, self._sizes[output_path], self._ready.get(stored))

    def release(self) -> None:
        """Let the next build take the kept store (its files stay)."""
        if self._lock is not None:
            os.close(self._lock)  # closing releases the lock
            self._lock = None

    def _digest_if_needed(self, output: Output, data: bytes) -> bytes | None:
        """The digest of `data`, or None for a file stored as it is whose size changed:
        it changed, and hashing it only to say so took ~0.1 s of each `serve` rebuild
        at 10,000 claims (the open-data files, ~90 MB, change size with most edits)."""
        size = self._sizes.get(output.path)
        if not output.is_markdown and size is not None and size != len(data):
            return None
        # A ready page's file holds HTML rendered from `data`, another page's `data`
        # itself: the same bytes make two different files.
        person = b"ready" if output.ready_html else b""
        return hashlib.blake2b(data, digest_size=16, person=person).digest()

    def digest(self, path: str) -> bytes | None:
        """The digest of the bytes last stored for the output at `path`."""
        if self._digests.get(path) is None and path in self._sizes:  # a data file: as stored
            stored = self.root / _file_name(path)
            self._digests[path] = hashlib.blake2b(stored.read_bytes(), digest_size=16).digest()
        return self._digests.get(path)

    def stamp(self, path: str) -> int:
        """The number of the write that stored the output at `path` as it is now: a
        new number whenever its bytes change, never one another write had."""
        return self._stamps[path]

    def ready(self, stored: str) -> tuple[str, tuple[dict[str, Any], ...]] | None:
        """The HTML body and table of contents of the stored page `stored`, if ready."""
        known = self._ready.get(stored)
        if known is None:
            return None
        with open(stored, "rb") as file:
            file.seek(known[0])
            return file.read().decode("utf-8"), known[1]

    def toc(self, stored: str) -> tuple[dict[str, Any], ...] | None:
        known = self._ready.get(stored)
        return None if known is None else known[1]


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _stored_bytes(previous: Output | None, output: Output) -> bytes | None:
    """The bytes stored for a static file, when the output saved there last still
    lives (under `serve`, a job's last output until the rebuild ends): compared with
    the new bytes, where hashing both sides took ~0.1 s of an edit's rebuild (the open
    data, ~90 MB at 10,000 claims, often keeps its size)."""
    if previous is None or output.is_markdown or previous.is_markdown:
        return None
    return previous.data if isinstance(previous.data, bytes) else None


@lru_cache(maxsize=1 << 16)  # a build asks three times an output (22,550 at 10,000 claims)
def _file_name(path: str) -> str:
    """A flat name for the output at `path`: a store that mirrored the site's tree made
    two folders a claim (its page's and its embed's), and creating and removing 20,000
    folders cost a 10,000-claim build seconds. Readable (`claims%2Fx.md`), one name per
    path (`%` is escaped too); a name too long for the file system becomes the digest
    of the path."""
    name = quote(path, safe="")
    if name.startswith("."):  # never `.`, `..` or the store's own marker
        name = "%2E" + name[1:]
    if len(name) > _LONGEST_NAME:
        suffix = quote(PurePosixPath(path).suffix, safe="")
        name = hashlib.blake2b(path.encode("utf-8"), digest_size=16).hexdigest() + suffix[:16]
    return name
