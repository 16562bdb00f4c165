"""A persistent cache of pure results, keyed by a digest of every input.

`check` and `generate` spend most of their time on work that is a function of one
file's bytes (parse + validate a claim) or of one text (render + sanitise an
analysis). Kept on disk under such a digest, a warm run only reads and hashes files,
and CI can restore the folder (`actions/cache`) between builds.

A key cannot miss an input by construction: it hashes the input bytes, every option
the computation reads, and `CODE_VERSION`, a digest of the generator's own source and
of the versions of the libraries it calls. Any change to either starts a fresh cache.

Values are pickled: the folder is the project's own (like `.venv/`), never
published, and checked like every output folder (`adapters/output_dirs.py`).
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from collections.abc import Sequence
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.atomic import write_atomically
from generator.collector import gc_paused

ENV_DIR = "FACTCHECK_CACHE_DIR"  # read by the adapters, which check the folder (output_dirs)
# Libraries whose output the cached values depend on (Jinja2 and Babel: claim pages).
_LIBRARIES = (
    "pydantic", "pydantic-core", "PyYAML", "python-frontmatter", "Markdown", "nh3", "MarkupSafe",
    "Jinja2", "Babel",
)
MISSING = object()
# The share of entries that may differ from the file before `save` rewrites it.
_SLACK = 0.01


@lru_cache(maxsize=1)
def code_version() -> str:
    """Digest of every generator module and of the library versions: results made by
    other code are never reused."""
    digest = hashlib.sha256(sys.version.encode())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)};".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=?;".encode())
    package = Path(__file__).resolve().parent
    for module in sorted(package.rglob("*.py")):
        digest.update(module.relative_to(package).as_posix().encode() + b"\0")
        digest.update(module.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def key(*parts: str | bytes) -> bytes:
    """One digest of several inputs, each length-prefixed so no two splits collide."""
    digest = hashlib.sha256()
    for part in parts:
        add_part(digest, part)
    return digest.digest()


def add_part(digest: Any, part: str | bytes) -> None:
    """Feed one input to `digest` as `key` does, for inputs too large to hold at once
    (a Pagefind batch's pages: adapters/pagefind_cache.py)."""
    data = part.encode() if isinstance(part, str) else part
    digest.update(len(data).to_bytes(8, "little") + data)


class DigestStore:
    """digest -> value for one kind of result, in one file per code version.

    Loaded whole on first use and written back (atomically) by `save` with only the
    entries this run used, so edited and deleted inputs do not grow it forever.
    Without a folder it stores nothing and every lookup misses.

    The file holds the values in chunks, each a pickled list. Values that a pool's
    worker pickled together (`put_pickled`) are written as those bytes until the next
    save: pickling 10,000 validated claims again took a second of a cold `factcheck
    check`. (A pickle per value would do as much, but unpickling 10,000 of them took a
    third longer than a few large ones: each resolves its classes again.) No bytes are
    kept after a save, nor those read from the file: held for a later save, the two
    stores' ~70 MB at 10,000 claims stayed in a build that never saves again.
    """

    def __init__(self, folder: Path | None, name: str) -> None:
        self.path = folder / f"{name}-{code_version()}.pickle" if folder else None
        self._known: dict[bytes, Any] | None = None  # the file's values, once loaded
        self._chunks: list[tuple[tuple[bytes, ...], bytes]] = []  # put pickled, until saved
        self._used: dict[bytes, Any] = {}
        self.hits = 0
        self.misses = 0

    def get(self, digest: bytes) -> Any:
        """The stored value, or MISSING."""
        if self.path is None:
            self.misses += 1
            return MISSING
        value = self._used.get(digest, MISSING)
        if value is MISSING:
            value = self._load().get(digest, MISSING)
            if value is not MISSING:
                self._used[digest] = value
        if value is MISSING:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def put(self, digest: bytes, value: Any) -> None:
        if self.path is not None:
            self._used[digest] = value

    def put_pickled(
        self, digests: Sequence[bytes], values: Sequence[Any], pickled: bytes | None
    ) -> None:
        """Keep `values`, one for each digest; `pickled`, when given, is the list of
        them pickled elsewhere (`pool.Feed`), to be written as it is."""
        if self.path is None:
            return
        self._used.update(zip(digests, values, strict=True))
        if pickled is not None:
            self._chunks.append((tuple(digests), pickled))

    def save(self) -> None:
        """Write the entries used since the last save, when they differ from the file
        by more than `_SLACK` of them: `mkdocs serve` saves after every rebuild, and
        rewriting 10,000 entries for one edited claim would slow each preview. An entry
        not written is merely computed again by the next process."""
        if self.path is None:
            return
        used, self._used = self._used, {}
        known = self._load()
        chunks, self._chunks = self._chunks, []
        changed = len(used.keys() ^ known.keys())
        if changed == 0 or (self.path.is_file() and changed <= len(used) * _SLACK):
            known.update(used)
            return
        written = _as_chunks(used, chunks)
        write_atomically(self.path, lambda out: pickle.dump(written, out, pickle.HIGHEST_PROTOCOL))
        self._known = used

    def load(self) -> None:
        """Read the file now: before forking, so the processes share what was read."""
        if self.path is not None:
            self._load()

    def _load(self) -> dict[bytes, Any]:
        if self._known is None:
            self._known = {}
            try:
                with open(self.path, "rb") as stored:  # type: ignore[arg-type]
                    chunks = [(tuple(d), p) for d, p in pickle.load(stored)]
                with gc_paused():
                    known = {
                        d: v for ds, p in chunks for d, v in zip(ds, pickle.loads(p), strict=True)
                    }
                self._known = known
            except FileNotFoundError:
                pass
            except Exception:  # a truncated or foreign file: start afresh  # noqa: BLE001
                self._known = {}
        return self._known


def _as_chunks(
    used: dict[bytes, Any], pickled: list[tuple[tuple[bytes, ...], bytes]]
) -> list[tuple[tuple[bytes, ...], bytes]]:
    """`used` as the file's chunks: each chunk pickled elsewhere whose values are all
    still used, as it is, and the rest pickled here, together."""
    chunks: list[tuple[tuple[bytes, ...], bytes]] = []
    covered: set[bytes] = set()
    for digests, data in pickled:
        if covered.isdisjoint(digests) and all(d in used for d in digests):
            chunks.append((digests, data))
            covered.update(digests)
    rest = {d: v for d, v in used.items() if d not in covered}
    if rest:
        chunks.append((tuple(rest), pickle.dumps(list(rest.values()), pickle.HIGHEST_PROTOCOL)))
    return chunks
