"""Loading a folder of claim files into validated claims, collecting every problem.

A file with problems yields no claim but never stops the others from being read:
contributors see everything wrong in one run.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, get_args

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from pydantic_core.core_schema import ErrorType

from generator.analysis import analysis_problems
from generator.digest_cache import MISSING, DigestStore, key
from generator.front_matter import FrontMatterError, ParsedFile, decode, parse
from generator.model import (
    FRONT_MATTER_KEYS,
    MAX_ID,
    PLACEHOLDER,
    SOURCE_KEYS,
    UPDATE_KEYS,
    Claim,
    ClaimFrontMatter,
    is_slug,
)
from generator.pool import Feed
from generator.problems import Problem, field_label
from generator.progress import counted
from generator.settings import Settings

# pydantic's own sentences ("Input should be...") never reach contributors: every
# error type that the model can raise has a sentence here, and anything else falls
# back to saying what kind of value the field expects (`_expected`).
_FRIENDLY: dict[str, str] = {
    "missing": "required field is missing",
    "tuple_type": "must be a list (one '- item' per line, or [a, b])",
    "list_type": "must be a list (one '- item' per line, or [a, b])",
    "model_type": "must be a set of 'key: value' fields",
    "model_attributes_type": "must be a set of 'key: value' fields",
    "dict_type": "must be a set of 'key: value' fields",
    "string_type": "must be text",
    "string_too_short": "is empty; write it",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "date_type": "must be a date written YYYY-MM-DD",
    "literal_error": "is not one of the allowed values",
}
# The validation library's own error types: every other type is one of our validators'
# (model.py), whose message is already written for contributors.
_LIBRARY_ERRORS = frozenset(get_args(ErrorType))
_KINDS = {
    "date": "a date written YYYY-MM-DD", "claim_date": "a date written YYYY-MM-DD",
    "published": "a date written YYYY-MM-DD", "draft": "true or false",
    "sources": "a list of sources", "updated": "a list of updates",
}  # fmt: skip
_SKIPPED_NAMES = (".", "#", "~")  # editor lock and backup files, hidden files


@dataclass(frozen=True)
class LoadResult:
    claims: tuple[Claim, ...]
    problems: tuple[Problem, ...]


FileResult = tuple[Claim | None, list[Problem]]
CLAIM_STORE = "claims"  # the digest cache's file of validated claims


@dataclass
class FileCache:
    """Each file's result, reused while its (mtime, size) and the settings stay the same.

    `mkdocs serve` rebuilds on every save; re-reading only changed files keeps that
    fast at 10,000 claims. `reread` counts the files read by the last load. Behind it,
    `store` (the persistent digest cache, when the settings name a folder) is keyed by
    the file's bytes, so a fresh process reads and hashes files but validates none
    that are unchanged.
    """

    entries: dict[Path, tuple[tuple[int, int], bytes | None, FileResult]] = field(
        default_factory=dict
    )
    settings: Settings | None = None
    reread: int = 0
    store: DigestStore | None = None

    def start(self, settings: Settings) -> None:
        if settings != self.settings:
            self.entries.clear()
            self.settings = settings
            self.store = DigestStore(settings.cache_dir, CLAIM_STORE)
        self.reread = 0

    def keep_only(self, paths: Iterable[Path]) -> None:
        """Forget deleted and renamed files."""
        wanted = set(paths)
        self.entries = {p: e for p, e in self.entries.items() if p in wanted}


def claim_paths(claims_dir: Path) -> list[Path]:
    """Every `*.md` entry in the folder, sorted so output never depends on the disk.

    Folders, pipes and links are listed too, so that `load_claim` can say what is wrong
    with them; names starting with '.', '#' or '~' are editors' lock and backup files.
    """
    listed = (p for p in claims_dir.glob("*.md") if not p.name.startswith(_SKIPPED_NAMES))
    return sorted(listed, key=lambda p: p.name)  # one folder: as Path order, without its cost


def load_claims(
    settings: Settings, paths: Iterable[Path] | None = None, cache: FileCache | None = None
) -> LoadResult:
    """Read and validate each claim file on its own (cross-file rules are in `rules`).

    The one loader for `check`, `build` and `serve`; `serve` passes a `FileCache`.
    Files are read here; those neither cached by stamp nor by digest are validated
    on every core (`pool.Feed`) while the next are read, and the results come back in
    file order.
    """
    if not settings.claims_dir.is_dir():
        problem = Problem(str(settings.claims_dir), None, "claims_dir", "folder not found")
        return LoadResult((), (problem,))
    cache = cache if cache is not None else FileCache()
    cache.start(settings)
    store = cache.store
    assert store is not None
    listed = claim_paths(settings.claims_dir) if paths is None else list(paths)
    results: list[FileResult | None] = []
    todo: list[tuple[int, Path, bytes, tuple[int, int] | None]] = []
    feed: Feed[tuple[Path, str, bytes], FileResult]
    feed = Feed(partial(_validate_all, settings=settings))
    try:
        for path in counted(listed, "claims loaded", total=len(listed)):
            result, pending = _look_up(path, settings, cache)
            if pending is not None:
                shown, data, digest, stamp = pending
                todo.append((len(results), path, digest, stamp))
                feed.add((path, shown, data))
            results.append(result)
        done = 0
        for chunk, pickled in feed.results():
            part, done = todo[done : done + len(chunk)], done + len(chunk)
            for (index, path, digest, stamp), result in zip(part, chunk, strict=True):
                results[index] = result
                if stamp is not None:
                    cache.entries[path] = (stamp, digest, result)
            store.put_pickled([t[2] for t in part], chunk, pickled)
    finally:
        feed.close()
    cache.reread = len(todo)
    cache.keep_only(listed)
    store.save()
    claims: list[Claim] = []
    problems: list[Problem] = []
    for claim, found in results:  # type: ignore[misc]
        problems.extend(found)
        if claim is not None:
            claims.append(claim)
    return LoadResult(tuple(claims), tuple(problems))


def _look_up(
    path: Path, settings: Settings, cache: FileCache
) -> tuple[FileResult | None, tuple[str, bytes, bytes, tuple[int, int] | None] | None]:
    """The file's result when known (by stamp, or by the digest of its bytes), else
    (None, what validating it needs: shown path, bytes, digest, stamp)."""
    try:
        info = path.lstat()  # a regular file (the common case) needs no other call
    except OSError:
        info = None
    regular = info is not None and stat.S_ISREG(info.st_mode)
    stamp = (info.st_mtime_ns, info.st_size) if regular and info else None
    known = cache.entries.get(path)
    store = cache.store
    assert store is not None
    if known is not None and known[0] == stamp:
        if known[1] is not None:
            store.put(known[1], known[2])  # still in use: kept by the next save
        return known[2], None
    shown = display_path(path)
    if regular and info and info.st_size <= settings.max_file_size:
        read: bytes | FileResult = _read_bytes(path, shown)
    else:
        read = _read(path, shown, settings)
    if not isinstance(read, bytes):
        return read, None  # refused or unreadable: never cached, always said again
    digest = claim_digest(read, shown, settings)
    result = store.get(digest)
    if result is MISSING:
        return None, (shown, read, digest, stamp)
    if stamp is not None:
        cache.entries[path] = (stamp, digest, result)
    return result, None


def claim_digest(data: bytes, shown: str, settings: Settings) -> bytes:
    """Everything a file's result depends on besides the code (`digest_cache`): its
    bytes, the path its problems name, and the settings validation reads."""
    verdicts = "\n".join(settings.verdicts_by_name)
    return key(data, shown, verdicts, settings.today.isoformat(), str(settings.max_file_size))


def _validate_all(items: list[tuple[Path, str, bytes]], settings: Settings) -> list[FileResult]:
    return [validate_bytes(data, path, shown, settings) for path, shown, data in items]


def load_claim(path: Path, settings: Settings) -> tuple[Claim | None, list[Problem]]:
    """One file's claim, or the problems that keep it out of the site."""
    shown = display_path(path)
    read = _read(path, shown, settings)
    return read if not isinstance(read, bytes) else validate_bytes(read, path, shown, settings)


def _read(path: Path, shown: str, settings: Settings) -> bytes | FileResult:
    """The file's bytes, or the problem that keeps it from being read."""
    refused = _refuse_special(path, settings)
    if refused:
        return None, [Problem(shown, None, "file", refused)]
    try:
        size = path.stat().st_size
        if size > settings.max_file_size:
            message = f"the file is {size:,} bytes; the limit is {settings.max_file_size:,}"
            return None, [Problem(shown, None, "file", message)]
        return path.read_bytes()
    except OSError as err:
        return None, [Problem(shown, None, "file", f"cannot be read: {err.strerror}")]


def _read_bytes(path: Path, shown: str) -> bytes | FileResult:
    try:
        return path.read_bytes()
    except OSError as err:
        return None, [Problem(shown, None, "file", f"cannot be read: {err.strerror}")]


def validate_bytes(data: bytes, path: Path, shown: str, settings: Settings) -> FileResult:
    """A file's claim or problems, from its bytes alone (with its path and settings)."""
    try:
        parsed = parse(decode(data))
    except FrontMatterError as err:
        return None, [Problem(shown, i.line, i.field, i.message) for i in err.issues]
    return claim_from_parsed(parsed, path, shown, settings)


def _refuse_special(path: Path, settings: Settings) -> str | None:
    """Why a listed entry is not a claim file we may read, or None.

    A link to a file outside the claims folder would publish whatever it points at,
    and opening a pipe would hang the build, so both are refused before opening.
    """
    try:
        entry = path.lstat()
    except OSError as err:  # deleted since the folder was listed, say
        return f"cannot be read: {err.strerror}"
    if stat.S_ISREG(entry.st_mode):
        return None  # the common case: one system call
    try:
        target = path.resolve(strict=True)
        mode = target.stat().st_mode
    except OSError:
        return "is a link to a file that does not exist; delete it or fix the link"
    except RuntimeError:  # a loop of links on older Pythons
        return "is a link that points to itself; delete it"
    if path.is_symlink() and settings.claims_dir.resolve() not in target.parents:
        return "is a link to a file outside the claims folder; copy the file here instead"
    if stat.S_ISDIR(mode):
        return "is a folder, not a claim file; rename it or move it out of the claims folder"
    if not stat.S_ISREG(mode):
        return "is not a regular file (a pipe or device?); replace it with a claim file"
    return None


def claim_from_parsed(
    parsed: ParsedFile, path: Path, shown: str, settings: Settings
) -> tuple[Claim | None, list[Problem]]:
    """Validate parsed front-matter; the id defaults to the file name."""
    analysis = [
        Problem(shown, parsed.body_line + line - 1, "analysis", message)
        for line, message in analysis_problems(parsed.body)
    ]
    if analysis:  # never rendered; the front-matter's problems are reported with it
        front = claim_from_parsed(dataclasses.replace(parsed, body=""), path, shown, settings)
        return None, front[1] + analysis
    data: dict[str, Any] = dict(parsed.data)
    context = {"verdicts": tuple(settings.verdicts_by_name), "today": settings.today}
    try:
        front = ClaimFrontMatter.model_validate(data, context=context)
    except ValidationError as err:
        return None, [_problem(e, parsed, shown) for e in _meaningful(err.errors())]
    if not front.draft:
        left = unfinished_problems(parsed, shown)
        if left:
            return None, sorted(left)
    claim_id = front.id or path.stem
    if front.id is None and (not is_slug(claim_id) or len(claim_id) > MAX_ID):
        message = (
            f"the file name '{path.name}' is not a valid id; rename it to at most {MAX_ID} "
            "lowercase letters, digits and hyphens, or set 'id:'"
        )
        return None, [Problem(shown, 1, "id", message)]
    fields = {k: getattr(front, k) for k in FRONT_MATTER_KEYS}
    fields["id"] = claim_id
    claim = Claim.model_construct(
        **fields, body=parsed.body, source_path=shown, key_lines=parsed.key_lines()
    )
    return claim, []


def unfinished_problems(parsed: ParsedFile, shown: str) -> list[Problem]:
    """What `factcheck new` left for the contributor, which a published claim may not keep:
    the template's placeholder text, and optional fields written but left empty
    (`quote: ""`), which would publish blank spots."""
    problems = []
    for loc, value in _scalar_values(parsed.data):
        if isinstance(value, str) and PLACEHOLDER in value:
            message = f"still holds the template's '{PLACEHOLDER}' text; write the real value"
        elif value is None or (isinstance(value, str) and not value.strip()):
            message = "is empty; write it or delete the line"
        else:
            continue
        problems.append(Problem(shown, parsed.line_of(loc), field_label(loc), message))
    if PLACEHOLDER in parsed.body:
        line = parsed.line_in_body(PLACEHOLDER)
        message = f"still holds the template's '{PLACEHOLDER}' text; write the analysis"
        problems.append(Problem(shown, line, "analysis", message))
    return problems


def placeholder_problems(parsed: ParsedFile, shown: str) -> list[Problem]:
    """Only the placeholder part of `unfinished_problems` (kept for other callers)."""
    return [p for p in unfinished_problems(parsed, shown) if PLACEHOLDER in p.message]


def _scalar_values(data: dict[str, Any]) -> Iterable[tuple[tuple[str | int, ...], Any]]:
    """Every value of validated front-matter with its place: at most three levels deep
    (`sources`/`updated` items are mappings), so plain loops beat recursion here."""
    for top, value in data.items():
        if not isinstance(value, list):
            yield (top,), value
            continue
        for index, item in enumerate(value):
            if isinstance(item, dict):
                for name, leaf in item.items():
                    yield (top, index, name), leaf
            else:
                yield (top, index), item


def _meaningful(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """Drop "at least one source" when sources were given but each one is faulty."""
    item_errors = any(len(e["loc"]) > 1 and e["loc"][0] == "sources" for e in errors)
    return [e for e in errors if not (item_errors and tuple(e["loc"]) == ("sources",))]


def _problem(error: ErrorDetails, parsed: ParsedFile, shown: str) -> Problem:
    loc = tuple(error["loc"])
    return Problem(shown, parsed.line_of(loc), field_label(loc), _message(error, loc))


def _message(error: ErrorDetails, loc: tuple[str | int, ...]) -> str:
    """Our sentence for one validation error; never the validation library's."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind not in _LIBRARY_ERRORS:
        return error["msg"]
    if kind == "extra_forbidden":
        return _unknown_key_message(loc)
    if kind == "too_short" and loc == ("sources",):
        return "must list at least one source"
    if kind in ("string_too_long", "too_long"):
        given = error["input"]
        size = f"is {len(given)} characters long" if isinstance(given, str) else "is too long"
        return f"{size}; the limit is {ctx.get('max_length')}"
    if kind == "too_short" and isinstance(error["input"], str):
        return _FRIENDLY["string_too_short"]
    if kind == "literal_error" and loc[-1:] == ("stance",):
        return "must be one of: 'supports', 'disputes', 'reports'"
    return _FRIENDLY.get(kind) or f"must be {_expected(loc)}"


def _expected(loc: tuple[str | int, ...]) -> str:
    """The kind of value a field holds, for errors without a sentence of their own."""
    names = [step for step in loc if isinstance(step, str)]
    if isinstance(loc[-1] if loc else None, int) or not names:
        return "text"
    return _KINDS.get(names[-1], "text")


def _unknown_key_message(loc: tuple[str | int, ...]) -> str:
    nested = {"sources": SOURCE_KEYS, "updated": UPDATE_KEYS}
    known = nested.get(str(loc[0]), FRONT_MATTER_KEYS) if len(loc) > 1 else FRONT_MATTER_KEYS
    key = str(loc[-1])
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else f"; allowed: {', '.join(known)}"
    return f"unknown field{hint}"


def display_path(path: Path) -> str:
    """A path relative to the working folder when possible, as editors expect."""
    shown, cwd = os.fspath(path), os.path.join(os.getcwd(), "")
    if shown.startswith(cwd) and ".." not in shown:
        return shown[len(cwd):]  # the common case, without relpath's normalising
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
