"""`factcheck new`: a claim file that starts the contributor off right."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

from generator.pages import template_environment
from generator.settings import Settings
from generator.slugs import slugify

_MAX_ID_WORDS = 8


# Characters written as escapes: controls, invisible format characters (bidi controls
# among them), line and paragraph separators, surrogates, private-use and unassigned.
_ESCAPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly `text`.

    Letters of every script stay readable for the contributor who edits the file;
    characters YAML cannot hold raw or a reader cannot see are escaped. (`tojson`
    writes characters outside the BMP as surrogate pairs, which YAML reads as two
    broken characters: an emoji in a claim made the new file fail the check.)
    """
    out = []
    for char in text:
        if char in '"\\' or unicodedata.category(char) in _ESCAPED_CATEGORIES:
            code = ord(char)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def claim_id_from_text(text: str) -> str:
    """The first words of the claim as an ASCII slug (ids are ASCII by rule)."""
    ascii_words = slugify(text).encode("ascii", "ignore").decode().split("-")
    slug = "-".join(w for w in ascii_words if w)[:80].strip("-")
    words = slug.split("-")[:_MAX_ID_WORDS]
    return "-".join(words) or "claim"


def new_claim_file(
    settings: Settings, claim_text: str, *, claimant: str, claim_id: str | None, today: dt.date
) -> Path:
    """Create the file with exclusive mode, so an existing claim is never overwritten."""
    from generator.rules import id_problem, reserved_ids

    reserved = reserved_ids(settings.cache_dir)  # as `check` finds them
    if claim_id is None:
        claim_id = claim_id_from_text(claim_text)
        if id_problem(claim_id, reserved):  # e.g. a claim that starts "Index ..." -> "index"
            claim_id = f"{claim_id}-claim"
    problem = id_problem(claim_id, reserved)
    if problem:
        raise ValueError(problem)
    settings.claims_dir.mkdir(parents=True, exist_ok=True)
    path = settings.claims_dir / f"{claim_id}.md"
    env = template_environment(settings.template_dirs, html=False)
    env.filters["yaml"] = yaml_string
    text = (
        env.get_template("new_claim.md.j2")
        .render(
            claim=claim_text,
            claimant=claimant,
            today=today.isoformat(),
            verdicts=[v.name for v in settings.verdicts],
        )
    )
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return path
