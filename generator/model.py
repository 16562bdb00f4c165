"""The claim model: what a claim file may say, validated once and then immutable.

The same models produce the JSON Schema that editors use for completion
(`schema.py`), so the validator and the schema cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from generator.names import identity_key

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PARTIAL_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


# Length limits. Names and ids become URL path segments (one folder per entity), and a
# file-system path component may hold 255 bytes of UTF-8: 120 Dari letters are 240
# bytes. Longer prose has generous bounds that still keep pages and feeds sane.
MAX_ID = 80
MAX_NAME = 120
MAX_NAME_BYTES = 250
MAX_TITLE = 300
MAX_PROSE = 3000
# The earliest date a claim, source or update may carry; year 1 breaks date maths.
EARLIEST = dt.date(1900, 1, 1)

# Line breaks YAML can produce inside a value (literal, folded or escaped).
_LINE_BREAK = re.compile("[\n\r\x85\u2028\u2029]")
_WHITESPACE = re.compile(r"\s+")
# Unicode category Cc is exactly U+0000-001F and U+007F-009F; tab and line breaks are
# judged by the field (`_one_line`, `_single_spaced`).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
# Every character a one-line value may not hold: controls, tab and line breaks.
_NOT_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _text(value: object) -> object:
    """Refuse numbers, booleans and dates where text is meant, with a hint.

    YAML turns `claimant: 1984` or `title: yes` into non-strings; saying so beats
    silently printing "True" as a headline.
    """
    if isinstance(value, str):
        return value.strip()
    raise PydanticCustomError(
        "text", "must be text (put the value in quotes if it looks like a number or yes/no)"
    )


def _no_controls(value: str) -> str:
    """Control characters (bell, escape, NUL...) break feeds and terminals; refuse them.

    They can arrive literally or as YAML escapes ("\\x07", "\\u001b", "\\0").
    """
    found = _CONTROLS.search(value)
    if found:
        raise PydanticCustomError(
            "control_char", "contains a control character ({char}); delete it",
            {"char": ascii(found.group())[1:-1]},
        )  # fmt: skip
    return value


def _one_line(value: str) -> str:
    """Headlines, names, ids and dates go into titles, URLs and CSV cells: one line."""
    _no_controls(value)
    if _LINE_BREAK.search(value):
        raise PydanticCustomError("line_break", "has several lines; write it on one line")
    if "\t" in value:
        raise PydanticCustomError("tab", "contains a tab; use a space")
    return value


def _single_spaced(value: str) -> str:
    """Prose may be folded over several lines in YAML; readers get single-spaced text."""
    return _WHITESPACE.sub(" ", _no_controls(value)).strip()


def _name_length(value: str) -> str:
    """A name becomes a folder name: at most MAX_NAME characters, and at most
    MAX_NAME_BYTES bytes, since some scripts take 3-4 bytes a letter."""
    if len(value) > MAX_NAME:
        raise PydanticCustomError(
            "too_long_text", "is {length} characters long; the limit is {limit}",
            {"length": len(value), "limit": MAX_NAME},
        )  # fmt: skip
    if value.isascii():
        return value  # one byte a letter: within the character limit
    size = len(unicodedata.normalize("NFKC", value).encode("utf-8"))
    if size > MAX_NAME_BYTES:
        raise PydanticCustomError(
            "too_long_bytes", "is too long to become a page address; shorten it",
        )
    return value


def _line(value: object) -> str:
    """One search says a value has nothing to refuse, as nearly every value has (these
    run ~20 times a claim); only then is each refusal looked for, in order."""
    if isinstance(value, str) and not _NOT_ONE_LINE.search(value):
        return value.strip()
    return _one_line(_text(_raw_controls(value)))  # type: ignore[arg-type]  # text only


def _name(value: object) -> str:
    return _has_identity(_name_length(_line(value)))


def _has_identity(value: str) -> str:
    """Names are compared by their letters and digits (`names.identity_key`): a name with
    none, such as "???" or "—", would be one entity with every other such name."""
    if value and not identity_key(value):
        raise PydanticCustomError("no_letters", "has no letter or digit; write the name")
    return value


def _prose(value: object) -> str:
    """As `_line`: one search for the common case."""
    if isinstance(value, str) and not _CONTROLS.search(value):
        return _WHITESPACE.sub(" ", value.strip()).strip()  # `_single_spaced`, searched once
    return _single_spaced(_text(_raw_controls(value)))  # type: ignore[arg-type]


def _raw_controls(value: object) -> object:
    """Before stripping: Python counts \x1c-\x1f as spaces and would strip them away."""
    return _no_controls(value) if isinstance(value, str) else value


def _non_empty(value: str) -> str:
    if not value:
        raise PydanticCustomError("empty", "is empty; write it")
    return value


def _full_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _not_too_early(value)
    if not isinstance(value, str) or not _FULL_DATE.match(value.strip()):
        raise PydanticCustomError("date_format", "must be a date written YYYY-MM-DD")
    try:
        date = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise PydanticCustomError(
            "date_value", "'{value}' is not a real calendar date", {"value": value}
        ) from None
    return _not_too_early(date)


def _not_too_early(value: dt.date) -> dt.date:
    if value < EARLIEST:
        raise PydanticCustomError(
            "date_early", "{value} is before {earliest}; check the year",
            {"value": value.isoformat(), "earliest": EARLIEST.year},
        )  # fmt: skip
    return value


def _partial_date(value: object) -> str:
    """Sources are often dated only to the month; keep the precision the text allows."""
    text = str(value).strip() if isinstance(value, (str, int)) else None
    if text is None or not _PARTIAL_DATE.match(text):
        raise PydanticCustomError("date_format", "must be a date written YYYY-MM-DD, YYYY-MM or YYYY")
    padded = text + "-01" * (2 - text.count("-"))
    try:
        date = dt.date.fromisoformat(padded)
    except ValueError:
        raise PydanticCustomError(
            "date_value", "'{value}' is not a real calendar date", {"value": text}
        ) from None
    _not_too_early(date)
    return text


def _http_url(value: str) -> str:
    """Only http(s) links reach readers: other schemes can run code or leak files."""
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise PydanticCustomError("http_only", "must be an http:// or https:// address")
    if any(c.isspace() or ord(c) < 32 for c in value):
        raise PydanticCustomError("url_space", "must not contain spaces or control characters")
    return value


def is_slug(text: str) -> bool:
    return bool(_SLUG.match(text))


def _slug(value: str) -> str:
    if not is_slug(value):
        raise PydanticCustomError(
            "slug",
            "'{value}' is not a valid id: use lowercase letters, digits and single hyphens",
            {"value": value},
        )
    return value


Text = Annotated[str, BeforeValidator(_text)]
NonEmptyText = Annotated[str, BeforeValidator(_text), AfterValidator(_non_empty), Field(min_length=1)]
# One validator a type (not a chain): these run for every value of every claim.
# One-line text: a headline or a source's title.
Line = Annotated[str, BeforeValidator(_line), Field(max_length=MAX_TITLE)]
NonEmptyLine = Annotated[str, BeforeValidator(_line), Field(min_length=1, max_length=MAX_TITLE)]
# A name that becomes an entity page (person, place, outlet, tag...).
Name = Annotated[str, BeforeValidator(_name), Field(min_length=1, max_length=MAX_NAME)]
# Prose that may be folded over several lines in YAML; stored single-spaced.
Prose = Annotated[str, BeforeValidator(_prose), Field(max_length=MAX_PROSE)]
NonEmptyProse = Annotated[str, BeforeValidator(_prose), Field(min_length=1, max_length=MAX_PROSE)]
FullDate = Annotated[dt.date, BeforeValidator(_full_date)]
# Patterns go to the JSON Schema only: the validators above give friendlier messages.
PartialDate = Annotated[
    str, BeforeValidator(_partial_date), Field(json_schema_extra={"pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"})
]
HttpUrl = Annotated[
    str, BeforeValidator(_text), AfterValidator(_http_url), Field(json_schema_extra={"pattern": "^https?://"})
]
Slug = Annotated[
    str, BeforeValidator(_line), AfterValidator(_slug),
    Field(max_length=MAX_ID, json_schema_extra={"pattern": SLUG_PATTERN}),
]  # fmt: skip
STANCES = ("supports", "disputes", "reports")


def did_you_mean(value: str, choices: tuple[str, ...], *, list_at_most: int | None = None) -> str:
    """"; did you mean 'x'?" for a near miss (any case), else the full list of choices;
    "" when there is no near miss and more than `list_at_most` choices (a site's
    claim ids: there may be 20,000)."""
    folded = {c.casefold(): c for c in choices}
    close = difflib.get_close_matches(value.casefold(), list(folded), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{folded[close[0]]}'?"
    if list_at_most is not None and len(choices) > list_at_most:
        return ""
    return "use one of: " + ", ".join(f"'{c}'" for c in choices)


def _one_of(choices: tuple[str, ...], what: str) -> Callable[[object], object]:
    """A validator for a closed set of words: the validation library would list the
    choices in its own words; we suggest the nearest one."""

    def check(value: object) -> object:
        if isinstance(value, str) and value.strip() not in choices:
            raise PydanticCustomError(
                what, "'{value}' is not a {what}; {hint}",
                {"value": value, "what": what, "hint": did_you_mean(value.strip(), choices)},
            )  # fmt: skip
        return value.strip() if isinstance(value, str) else value

    return check


Stance = Annotated[Literal["supports", "disputes", "reports"], BeforeValidator(_one_of(STANCES, "stance"))]
UPDATE_KINDS = ("update", "correction", "verdict-change")
UpdateKind = Annotated[
    Literal["update", "correction", "verdict-change"], BeforeValidator(_one_of(UPDATE_KINDS, "kind of update"))
]

# What `factcheck new` writes where the contributor still has to write something; a
# claim that is not a draft may not contain it (see the loader).
PLACEHOLDER = "TODO:"


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Strict):
    """A published report that carries the claim."""

    outlet: Name = Field(description="The outlet that published the report.")
    title: Line | None = Field(None, description="The report's exact headline.")
    date: PartialDate | None = Field(None, description="Publication date: YYYY-MM-DD, YYYY-MM or YYYY.")
    url: HttpUrl | None = Field(None, description="Where the report can be read (http/https).")
    archive_url: HttpUrl | None = Field(None, description="An archived copy (http/https).")
    quote: Prose | None = Field(None, description="The short quotation that carries the claim.")
    stance: Stance = Field("reports", description="supports, disputes or only reports the claim.")
    via: Name | None = Field(
        None, description="The outlet whose report this one only relays; it is the origin."
    )


class Update(_Strict):
    """One entry of a fact-check's public update log."""

    # The schema says what `_from_only_for_verdict_change` checks, for editors.
    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_extra={
        "if": {"properties": {"kind": {"const": "verdict-change"}}, "required": ["kind"]},
        "then": {"required": ["from"], "properties": {"from": {"type": "string"}}},
        "else": {"properties": {"from": {"type": "null"}}},
    })  # fmt: skip

    date: FullDate = Field(description="When the fact-check changed (YYYY-MM-DD).")
    note: NonEmptyProse = Field(description="What changed.")
    kind: UpdateKind = Field(
        "update",
        description="update (default), correction (a mistake fixed) or verdict-change.",
    )
    # `from` is a Python keyword: the field is `previous` in code, `from` in files.
    previous: Line | None = Field(
        None, alias="from", description="For a verdict-change: the verdict it had before."
    )

    @field_validator("previous")
    @classmethod
    def _known_previous(cls, value: str | None, info: ValidationInfo) -> str | None:
        """An earlier verdict is one of the site's verdicts, like the current one."""
        allowed = (info.context or {}).get("verdicts")
        if value is not None and allowed is not None and value not in allowed:
            raise PydanticCustomError(
                "verdict", "'{value}' is not a verdict of this site; {hint}",
                {"value": value, "hint": did_you_mean(value, tuple(allowed))},
            )  # fmt: skip
        return value

    @model_validator(mode="after")
    def _from_only_for_verdict_change(self) -> Update:
        """A verdict change says what it changed from; other kinds have no `from`."""
        if self.kind == "verdict-change" and not self.previous:
            raise PydanticCustomError("from_missing", "a verdict-change needs 'from:' naming the earlier verdict")
        if self.kind != "verdict-change" and self.previous:
            raise PydanticCustomError("from_extra", "'from:' belongs only to kind: verdict-change")
        return self

    @property
    def is_correction(self) -> bool:
        """Corrections and verdict changes are shown prominently, not only in the log."""
        return self.kind != "update"

    @field_validator("date")
    @classmethod
    def _not_in_future(cls, value: dt.date, info: ValidationInfo) -> dt.date | None:
        return _not_after_today(value, info)



def _not_after_today(value: dt.date | None, info: ValidationInfo) -> dt.date | None:
    """A fact-check cannot be dated after the day it is checked (`today` in context)."""
    today = (info.context or {}).get("today")
    if value is not None and today is not None and value > today:
        raise PydanticCustomError(
            "future", "{value} is in the future", {"value": value.isoformat()}
        )
    return value


class ClaimFrontMatter(_Strict):
    """The keys a claim file's YAML front-matter may hold."""

    id: Slug | None = Field(None, description="URL id; defaults to the file name without .md.")
    title: NonEmptyLine = Field(description="The fact-check's headline.")
    claim: NonEmptyProse = Field(description="The statement as it was made.")
    claimant: Name = Field(description="Who made the claim.")
    claim_date: FullDate = Field(description="When the claim was made (YYYY-MM-DD).")
    verdict: NonEmptyLine = Field(description="One of the configured verdicts.")
    sources: tuple[Source, ...] = Field(min_length=1, description="Reports that carry the claim.")
    summary: Prose | None = Field(None, description="One sentence for listings and feeds.")
    people: tuple[Name, ...] = Field((), description="People the claim concerns.")
    places: tuple[Name, ...] = Field((), description="Places the claim concerns.")
    organisations: tuple[Name, ...] = Field((), description="Organisations involved.")
    tags: tuple[Name, ...] = Field((), description="Topics.")
    related: tuple[Slug, ...] = Field((), description="Ids of claims that bear on this one.")
    published: FullDate | None = Field(None, description="When the fact-check was first published.")
    updated: tuple[Update, ...] = Field((), description="What changed and when.")
    draft: bool = Field(
        False, description="A draft is previewed by `mkdocs serve` but never published."
    )

    @field_validator("verdict")
    @classmethod
    def _known_verdict(cls, value: str, info: ValidationInfo) -> str:
        allowed = (info.context or {}).get("verdicts")
        if allowed is not None and value not in allowed:
            raise PydanticCustomError(
                "verdict",
                "'{value}' is not a verdict of this site; {hint}",
                {"value": value, "hint": did_you_mean(value, tuple(allowed))},
            )
        return value

    @field_validator("claim_date", "published")
    @classmethod
    def _not_in_future(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        return _not_after_today(value, info)


class Claim(ClaimFrontMatter):
    """A validated claim: its front-matter, its analysis and where it came from."""

    id: str
    body: str = ""
    source_path: str = ""
    key_lines: dict[str, int] = Field(default_factory=dict, exclude=True)

    def line(self, field: str) -> int | None:
        """The file line of `field` (e.g. `related[2]`), for cross-file problems."""
        line = self.key_lines.get(field) or self.key_lines.get(field.split("[")[0])
        return line or (1 if field == "id" else None)  # an id from the file name

    @property
    def first_published(self) -> dt.date:
        """Explicit `published`, else the oldest update, else the claim date."""
        if self.published:
            return self.published
        if self.updated:
            return min(u.date for u in self.updated)
        return self.claim_date

    @property
    def last_modified(self) -> dt.date:
        dates = [u.date for u in self.updated]
        return max([self.first_published, *dates])


FRONT_MATTER_KEYS: tuple[str, ...] = tuple(ClaimFrontMatter.model_fields)
SOURCE_KEYS: tuple[str, ...] = tuple(Source.model_fields)
UPDATE_KEYS: tuple[str, ...] = tuple(f.alias or n for n, f in Update.model_fields.items())
