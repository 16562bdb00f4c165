"""Each claim's outputs kept across builds, so that a warm `generate` or `mkdocs build`
makes only those an edit can change: its page, its record in `claims.json`, and its
other pieces of the exports with its embed page (a *kind* each, `pipeline`).

`mkdocs serve` keeps each output in memory with the questions it asked of the indexes
(reuse.py). This is the same rule on disk, in the digest cache's folder, for builds in
fresh processes (CI restores the folder with `actions/cache`). An output is kept under
a digest of its kind and of all its inputs but the indexes:
- the generator's code and its libraries' versions (the file's name: `code_version`);
- the settings, and every file of the template folders and of the package (templates,
  assets, fonts);
- the claim: every field, its analysis and the lines of its keys;
- its file's git history, the only part of the history a claim page reads
  (`PageBuilder.claim_history`).
With the output go the questions it asked (trace.py) and a digest of each answer. A
later build takes it only if every question digests the same answer now. Answers are
digested by their content (a claim by its own digest), never as pickles: the bytes of
equal values differ between processes (a set's order follows the hash seed).

SQLite, from the standard library, holds them. A build first reads every output's
questions (small), then each kept output only as it hands it on, so memory stays flat
at 20,000 claims. What it makes goes in as it comes, in one transaction that a failed
build never commits; outputs no build asked for are deleted at its end.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import pickle
import sqlite3
from collections import Counter
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.digest_cache import code_version, key
from generator.indexes import Indexes
from generator.model import Claim
from generator.reuse import folder_digest
from generator.settings import Settings
from generator.trace import UNANSWERABLE, Question, answer

PAGE_STORE = "claim-pages"  # the digest cache's file of claims' pages and pieces
PACKAGE = Path(__file__).resolve().parent
_WAIT = 10.0  # seconds a build waits for another that holds the file
_BATCH = 256  # outputs written at once
Entry = tuple[bytes, bytes]  # an output's questions with their answers' digests; the output


class NotCanonical(Exception):
    """A value with no content digest here: an output that asked for one is not kept."""


def claim_digest(claim: Claim) -> bytes:
    """Every field of the claim (its analysis too) and the lines of its keys, which
    its lint's problems name."""
    data = claim.model_dump_json().encode() + json.dumps(claim.key_lines, sort_keys=True).encode()
    return hashlib.blake2b(data, digest_size=16).digest()


@lru_cache(maxsize=1)
def package_digest() -> bytes:
    """The package's files (templates, assets, fonts) once a process."""
    return folder_digest([PACKAGE])


def encode(value: Any, digest_of: Callable[[Claim], bytes]) -> bytes:
    """`value` as bytes that two processes agree on whenever the values are equal
    (`digest_of` gives a claim's); NotCanonical for any other type."""
    if isinstance(value, str):
        data = value.encode("utf-8", "surrogatepass")
        return b"s" + len(data).to_bytes(8, "big") + data
    if value is None or isinstance(value, bool):
        return {None: b"n", True: b"T", False: b"F"}[value]
    if isinstance(value, int):
        return b"i" + encode(str(value), digest_of)
    if isinstance(value, tuple | list):
        kind = b"t" if isinstance(value, tuple) else b"l"
        return kind + len(value).to_bytes(8, "big") + b"".join(encode(v, digest_of) for v in value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return b"d" + value.isoformat().encode()
    if isinstance(value, Claim):
        return b"c" + digest_of(value)
    raise NotCanonical(type(value).__name__)


class PageCache:
    """Each claim's kept outputs for one build: those that stand, and those it makes."""

    def __init__(
        self, db: sqlite3.Connection, build_key: bytes, ix: Indexes, full: Mapping[str, Claim],
        history: Callable[[Claim], Hashable],
    ) -> None:  # fmt: skip
        self._db, self._ix, self._build_key, self._history = db, ix, build_key, history
        self._digests = {claim_id: claim_digest(claim) for claim_id, claim in full.items()}
        self._answers: dict[Question, bytes] = {}  # each question's answer digest, once a build
        self._keys: dict[str, dict[str, bytes]] = {}  # each kind's row key of each claim id
        self.kept: Counter[str] = Counter()  # of each kind
        self.rendered: Counter[str] = Counter()  # of each kind, put in the file
        self._writing = True  # until another build holds the file for longer than it waits
        self._rows: list[tuple[bytes, bytes, bytes]] = []  # to be written
        self._found: dict[bytes, bytes] | None = None  # the file's keys and questions
        self._wanted: set[bytes] = set()  # the keys of this build

    def stand(self, kind: str, claims: Sequence[Claim]) -> Mapping[str, Any]:
        """The kept output `kind` (a claim's page, its pieces of the exports) of each
        of `claims` whose inputs are all the same now, by claim id; each is read from
        the file only when it is looked up."""
        keys = {claim.id: self._row_key(kind, claim) for claim in claims}
        self._keys[kind] = keys
        self._wanted.update(keys.values())
        found = self._found_rows()
        standing = {
            claim_id: k for claim_id, k in keys.items()
            if k in found and self._agrees(pickle.loads(found[k]))
        }  # fmt: skip
        self.kept[kind] = len(standing)
        return _Stored(self._db, standing)

    def _found_rows(self) -> dict[bytes, bytes]:
        """Every key in the file with its questions, read once."""
        if self._found is None:
            try:
                rows = self._db.execute("SELECT key, questions FROM pages").fetchall()
            except sqlite3.OperationalError:  # held by another build for longer than `_WAIT`
                rows, self._writing = [], False
            self._found = dict(rows)
        return self._found

    def entry(self, questions: frozenset[Question], value: Any) -> Entry | None:
        """What `put` stores of an output made now: the questions it asked with a
        content digest of each answer, and the output, pickled; None when an answer has
        no content digest. Made by the process that made the output (`pipeline`),
        so that the pickling and digesting run on every core too."""
        try:
            asked = tuple((q, self._answer(q)) for q in questions)
        except NotCanonical:
            return None
        return (pickle.dumps(asked, pickle.HIGHEST_PROTOCOL),
                pickle.dumps(value, pickle.HIGHEST_PROTOCOL))  # fmt: skip

    def put(self, kind: str, claim: Claim, entry: Entry | None) -> None:
        """Store the `entry` of the output `kind` of `claim`, if there is one."""
        if entry is not None and self._writing:
            self._rows.append((self._keys[kind][claim.id], *entry))
            self.rendered[kind] += 1
            if len(self._rows) >= _BATCH:
                self._flush()

    def commit(self) -> None:
        """Keep this build's outputs, and only them: a complete build's."""
        self._flush()
        stale = [(k,) for k in self._found_rows() if k not in self._wanted]
        self._write("DELETE FROM pages WHERE key = ?", stale)
        if self._db.in_transaction:
            self._write("COMMIT", None)

    def close(self) -> None:
        """Done; without `commit`, the file stays as the last complete build left it."""
        if self._db.in_transaction:
            self._db.rollback()
        self._db.close()

    def _flush(self) -> None:
        rows, self._rows = self._rows, []
        self._write("INSERT OR REPLACE INTO pages VALUES (?, ?, ?)", rows)

    def _write(self, statement: str, rows: list[Any] | None) -> bool:
        """Whether the write was made (for each of `rows`, if any). The file is taken
        for writing at the first write (`BEGIN IMMEDIATE`) until the commit; a build
        that finds it taken by another waits up to `_WAIT`, then keeps nothing more:
        a cache never fails a build."""
        if not self._writing or rows == []:
            return False
        try:
            if not self._db.in_transaction:
                self._db.execute("BEGIN IMMEDIATE")
            if rows is None:
                self._db.execute(statement)
            else:
                self._db.executemany(statement, rows)
        except sqlite3.OperationalError:
            self._writing = False
            if self._db.in_transaction:
                self._db.rollback()
            self.rendered.clear()  # none of this build's outputs is stored
            return False
        return True

    def _row_key(self, kind: str, claim: Claim) -> bytes:
        history = encode(self._history(claim), self._digest_of)
        return key(self._build_key, kind, self._digests[claim.id], history)

    def _agrees(self, asked: tuple[tuple[Question, bytes], ...]) -> bool:
        try:
            return all(self._answer(q) == was for q, was in asked)
        except NotCanonical:
            return False

    def _answer(self, question: Question) -> bytes:
        known = self._answers.get(question)
        if known is None:
            if question == UNANSWERABLE:
                raise NotCanonical("a question that cannot be asked again")
            encode(question, self._digest_of)  # a question of unknown types is never kept
            known = self._answers[question] = encode(answer(self._ix, question), self._digest_of)
        return known

    def _digest_of(self, claim: Claim) -> bytes:
        """An indexed claim's digest: its full claim's (the indexes hold each claim
        without its analysis, a function of it)."""
        if self._ix.by_id.get(claim.id) is not claim:
            raise NotCanonical("a claim not in the indexes")
        return self._digests[claim.id]


class _Stored(Mapping[str, Any]):
    """Kept outputs by claim id, each unpickled when looked up. One that cannot be
    read back (another build's commit dropped it, or held the file too long) is
    missing: its reader makes it instead (`pipeline._merged`, `claim_pieces`)."""

    def __init__(self, db: sqlite3.Connection, keys: dict[str, bytes]) -> None:
        self._db, self._keys = db, keys

    def __getitem__(self, claim_id: str) -> Any:
        try:
            row = self._db.execute(
                "SELECT page FROM pages WHERE key = ?", (self._keys[claim_id],)
            ).fetchone()
        except sqlite3.OperationalError:
            row = None
        if row is None:
            raise KeyError(claim_id)
        return pickle.loads(row[0])

    def __contains__(self, claim_id: object) -> bool:
        return claim_id in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def open_page_cache(
    settings: Settings, ix: Indexes, full: Mapping[str, Claim], history: Callable[[Claim], Hashable]
) -> PageCache | None:
    """The outputs kept in the digest cache's folder for this code, or None without a
    folder or while another build holds the file."""
    if settings.cache_dir is None:
        return None
    db = _open(settings.cache_dir / f"{PAGE_STORE}-{code_version()}.sqlite")
    if db is None:
        return None
    build_key = key(repr(settings), folder_digest(settings.template_dirs), package_digest())
    return PageCache(db, build_key, ix, full, history)


def _open(path: Path) -> sqlite3.Connection | None:
    """The file, or a fresh one in its place when it is not a store. No `fsync` (a
    cache: outputs not saved are merely made again); the rollback journal keeps a
    killed build from leaving half its outputs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(2):
        # Transactions are begun and ended here (`isolation_level=None`): only writes
        # hold one, so that no build holds the file while it reads.
        db = sqlite3.connect(path, timeout=_WAIT, isolation_level=None)
        try:
            db.execute("PRAGMA synchronous = OFF")
            # Pages of ~14 kB: 16 kB database pages took half the time of 4 kB ones to
            # write (fewer overflow pages); set before the file's first table only.
            db.execute("PRAGMA page_size = 16384")
            db.execute(
                "CREATE TABLE IF NOT EXISTS pages (key BLOB PRIMARY KEY, questions BLOB, page BLOB)"
            )
            db.execute("SELECT count(*) FROM pages").fetchone()
        except sqlite3.OperationalError:  # locked by another build (a subclass: first)
            db.close()
            return None
        except sqlite3.DatabaseError:  # not a database: start afresh
            db.close()
            path.unlink(missing_ok=True)
            continue
        _forget_other_versions(path)
        return db
    return None


def _forget_other_versions(path: Path) -> None:
    """Pages of other code are never read again: 140 MB at 10,000 claims each."""
    for other in path.parent.glob(f"{PAGE_STORE}-*.sqlite"):
        if other != path:
            other.unlink(missing_ok=True)
