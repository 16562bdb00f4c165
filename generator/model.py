"""The claim model: what a claim file may say, validated once and then immutable.

The same models produce the JSON Schema that editors use for completion
(`schema.py`), so the validator and the schema cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import re
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

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PARTIAL_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


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


def _non_empty(value: str) -> str:
    if not value:
        raise PydanticCustomError("empty", "must not be empty")
    return value


def _full_date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _FULL_DATE.match(value.strip()):
        raise PydanticCustomError("date_format", "must be a date written YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise PydanticCustomError(
            "date_value", "'{value}' is not a real calendar date", {"value": value}
        ) from None


def _partial_date(value: object) -> str:
    """Sources are often dated only to the month; keep the precision the text allows."""
    text = str(value).strip() if isinstance(value, (str, int)) else None
    if text is None or not _PARTIAL_DATE.match(text):
        raise PydanticCustomError("date_format", "must be a date written YYYY-MM-DD, YYYY-MM or YYYY")
    padded = text + "-01" * (2 - text.count("-"))
    try:
        dt.date.fromisoformat(padded)
    except ValueError:
        raise PydanticCustomError(
            "date_value", "'{value}' is not a real calendar date", {"value": text}
        ) from None
    return text


def _http_url(value: str) -> str:
    """Only http(s) links reach readers: other schemes can run code or leak files."""
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise PydanticCustomError("url_scheme", "must be an http:// or https:// address")
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
FullDate = Annotated[dt.date, BeforeValidator(_full_date)]
# Patterns go to the JSON Schema only: the validators above give friendlier messages.
PartialDate = Annotated[
    str, BeforeValidator(_partial_date), Field(json_schema_extra={"pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"})
]
HttpUrl = Annotated[
    str, BeforeValidator(_text), AfterValidator(_http_url), Field(json_schema_extra={"pattern": "^https?://"})
]
Slug = Annotated[
    str, BeforeValidator(_text), AfterValidator(_slug), Field(json_schema_extra={"pattern": SLUG_PATTERN})
]
Stance = Literal["supports", "disputes", "reports"]
UpdateKind = Literal["update", "correction", "verdict-change"]

# What `factcheck new` writes where the contributor still has to write something; a
# claim that is not a draft may not contain it (see the loader).
PLACEHOLDER = "TODO:"


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Strict):
    """A published report that carries the claim."""

    outlet: NonEmptyText = Field(description="The outlet that published the report.")
    title: Text | None = Field(None, description="The report's exact headline.")
    date: PartialDate | None = Field(None, description="Publication date: YYYY-MM-DD, YYYY-MM or YYYY.")
    url: HttpUrl | None = Field(None, description="Where the report can be read (http/https).")
    archive_url: HttpUrl | None = Field(None, description="An archived copy (http/https).")
    quote: Text | None = Field(None, description="The short quotation that carries the claim.")
    stance: Stance = Field("reports", description="supports, disputes or only reports the claim.")
    via: NonEmptyText | None = Field(
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
    note: NonEmptyText = Field(description="What changed.")
    kind: UpdateKind = Field(
        "update",
        description="update (default), correction (a mistake fixed) or verdict-change.",
    )
    # `from` is a Python keyword: the field is `previous` in code, `from` in files.
    previous: Text | None = Field(
        None, alias="from", description="For a verdict-change: the verdict it had before."
    )

    @field_validator("previous")
    @classmethod
    def _known_previous(cls, value: str | None, info: ValidationInfo) -> str | None:
        """An earlier verdict is one of the site's verdicts, like the current one."""
        allowed = (info.context or {}).get("verdicts")
        if value is not None and allowed is not None and value not in allowed:
            raise PydanticCustomError(
                "verdict",
                "'{value}' is not a verdict of this site; use one of: {allowed}",
                {"value": value, "allowed": ", ".join(repr(v) for v in allowed)},
            )
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


class ClaimFrontMatter(_Strict):
    """The keys a claim file's YAML front-matter may hold."""

    id: Slug | None = Field(None, description="URL id; defaults to the file name without .md.")
    title: NonEmptyText = Field(description="The fact-check's headline.")
    claim: NonEmptyText = Field(description="The statement as it was made.")
    claimant: NonEmptyText = Field(description="Who made the claim.")
    claim_date: FullDate = Field(description="When the claim was made (YYYY-MM-DD).")
    verdict: NonEmptyText = Field(description="One of the configured verdicts.")
    sources: tuple[Source, ...] = Field(min_length=1, description="Reports that carry the claim.")
    summary: Text | None = Field(None, description="One sentence for listings and feeds.")
    people: tuple[NonEmptyText, ...] = Field((), description="People the claim concerns.")
    places: tuple[NonEmptyText, ...] = Field((), description="Places the claim concerns.")
    organisations: tuple[NonEmptyText, ...] = Field((), description="Organisations involved.")
    tags: tuple[NonEmptyText, ...] = Field((), description="Topics.")
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
                "'{value}' is not a verdict of this site; use one of: {allowed}",
                {"value": value, "allowed": ", ".join(repr(v) for v in allowed)},
            )
        return value

    @field_validator("claim_date")
    @classmethod
    def _not_in_future(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        today = (info.context or {}).get("today")
        if today is not None and value > today:
            raise PydanticCustomError(
                "future", "{value} is in the future", {"value": value.isoformat()}
            )
        return value


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
