"""Loading a folder of claim files into validated claims, collecting every problem.

A file with problems yields no claim but never stops the others from being read:
contributors see everything wrong in one run.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from generator.analysis import analysis_problems
from generator.front_matter import FrontMatterError, ParsedFile, decode, parse
from generator.model import (
    FRONT_MATTER_KEYS,
    PLACEHOLDER,
    SOURCE_KEYS,
    UPDATE_KEYS,
    Claim,
    ClaimFrontMatter,
    is_slug,
)
from generator.problems import Problem, field_label
from generator.settings import Settings

_FRIENDLY: dict[str, str] = {
    "missing": "required field is missing",
    "tuple_type": "must be a list (one '- item' per line, or [a, b])",
    "list_type": "must be a list (one '- item' per line, or [a, b])",
    "model_type": "must be a set of 'key: value' fields",
    "model_attributes_type": "must be a set of 'key: value' fields",
    "dict_type": "must be a set of 'key: value' fields",
}


@dataclass(frozen=True)
class LoadResult:
    claims: tuple[Claim, ...]
    problems: tuple[Problem, ...]


def claim_paths(claims_dir: Path) -> list[Path]:
    """Every `*.md` file in the folder, sorted so output never depends on the disk."""
    return sorted(p for p in claims_dir.glob("*.md") if p.is_file())


def load_claims(settings: Settings, paths: Iterable[Path] | None = None) -> LoadResult:
    """Read and validate each claim file on its own (cross-file rules are in `rules`)."""
    if not settings.claims_dir.is_dir():
        problem = Problem(str(settings.claims_dir), None, "claims_dir", "folder not found")
        return LoadResult((), (problem,))
    claims: list[Claim] = []
    problems: list[Problem] = []
    for path in claim_paths(settings.claims_dir) if paths is None else paths:
        claim, found = load_claim(path, settings)
        problems.extend(found)
        if claim is not None:
            claims.append(claim)
    return LoadResult(tuple(claims), tuple(problems))


def load_claim(path: Path, settings: Settings) -> tuple[Claim | None, list[Problem]]:
    """One file's claim, or the problems that keep it out of the site."""
    shown = display_path(path)
    try:
        size = path.stat().st_size
        if size > settings.max_file_size:
            message = f"the file is {size:,} bytes; the limit is {settings.max_file_size:,}"
            return None, [Problem(shown, None, "file", message)]
        parsed = parse(decode(path.read_bytes()))
    except FrontMatterError as err:
        return None, [Problem(shown, err.line, "front-matter", err.message)]
    except OSError as err:
        return None, [Problem(shown, None, "file", f"cannot be read: {err.strerror}")]
    return claim_from_parsed(parsed, path, shown, settings)


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
        left = placeholder_problems(parsed, shown)
        if left:
            return None, left
    claim_id = front.id or path.stem
    if front.id is None and not is_slug(claim_id):
        message = (
            f"the file name '{path.name}' is not a valid id; rename it to lowercase "
            "letters, digits and hyphens, or set 'id:'"
        )
        return None, [Problem(shown, 1, "id", message)]
    fields = {k: getattr(front, k) for k in FRONT_MATTER_KEYS}
    fields["id"] = claim_id
    claim = Claim.model_construct(
        **fields, body=parsed.body, source_path=shown, key_lines=parsed.key_lines()
    )
    return claim, []


def placeholder_problems(parsed: ParsedFile, shown: str) -> list[Problem]:
    """A published claim may not keep what `factcheck new` left for the contributor."""
    problems = []
    for loc, value in _text_values(parsed.data, ()):
        if PLACEHOLDER in value:
            message = f"still holds the template's '{PLACEHOLDER}' text; write the real value"
            problems.append(Problem(shown, parsed.line_of(loc), field_label(loc), message))
    if PLACEHOLDER in parsed.body:
        line = parsed.line_in_body(PLACEHOLDER)
        message = f"still holds the template's '{PLACEHOLDER}' text; write the analysis"
        problems.append(Problem(shown, line, "analysis", message))
    return problems


def _text_values(value: Any, loc: tuple[str | int, ...]) -> Iterable[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _text_values(item, (*loc, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _text_values(item, (*loc, index))


def _meaningful(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """Drop "at least one source" when sources were given but each one is faulty."""
    item_errors = any(len(e["loc"]) > 1 and e["loc"][0] == "sources" for e in errors)
    return [e for e in errors if not (item_errors and tuple(e["loc"]) == ("sources",))]


def _problem(error: ErrorDetails, parsed: ParsedFile, shown: str) -> Problem:
    loc = tuple(error["loc"])
    field = _field_name(loc)
    if error["type"] == "extra_forbidden":
        message = _unknown_key_message(loc)
    else:
        message = _FRIENDLY.get(error["type"], error["msg"])
        if error["type"] == "too_short" and loc == ("sources",):
            message = "must list at least one source"
    return Problem(shown, parsed.line_of(loc), field, message)


def _field_name(loc: tuple[str | int, ...]) -> str:
    """`('sources', 0, 'outlet')` -> `sources[0].outlet`."""
    name = ""
    for step in loc:
        name += f"[{step}]" if isinstance(step, int) else (f".{step}" if name else str(step))
    return name or "front-matter"


def _unknown_key_message(loc: tuple[str | int, ...]) -> str:
    nested = {"sources": SOURCE_KEYS, "updated": UPDATE_KEYS}
    known = nested.get(str(loc[0]), FRONT_MATTER_KEYS) if len(loc) > 1 else FRONT_MATTER_KEYS
    key = str(loc[-1])
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else f"; allowed: {', '.join(known)}"
    return f"unknown field{hint}"


def display_path(path: Path) -> str:
    """A path relative to the working folder when possible, as editors expect."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
