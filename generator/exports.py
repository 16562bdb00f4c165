"""Open data: the whole claim set as JSON, CSV and a schema.org DataFeed, plus the
compact index the claims explorer loads. All built from the validated claims."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from generator.indexes import KINDS, Indexes, claim_names
from generator.model import Claim
from generator.settings import Settings
from generator.structured_data import claim_review
from generator.urls import claim_url

SCHEMA_VERSION = "1.0"
CLAIMS_JSON = "claims.json"
CLAIMS_CSV = "claims.csv"
CLAIMREVIEW_FEED = "claimreview.json"
EXPLORER_JSON = "claims/explorer.json"
LIST_SEPARATOR = "; "
CSV_COLUMNS = ("id", "url", "title", "claim", "claimant", "claim_date", "verdict", "verdict_label",
               "summary", *KINDS, "related",
               "sources", "published", "last_updated")  # fmt: skip
# One claim's part of an export, encoded: under `serve` each is kept per claim and a
# rebuild joins 10,000 of them, so joining bytes spares encoding ~90 MB every time.
Piece = Callable[[Claim], bytes]


def _refs(ix: Indexes, kind: str, names: tuple[str, ...], settings: Settings) -> list[dict[str, str]]:
    return [{"name": n, "url": settings.absolute(ix.entry_url(kind, n))} for n in names]


def claim_record(claim: Claim, ix: Indexes, settings: Settings) -> dict[str, Any]:
    """Every field of the claim, its URL and its resolved cross-references; the
    analysis is `claim`'s (the indexes' claims carry none: pipeline.without_analyses)."""
    record = claim.model_dump(mode="json", by_alias=True, exclude={"source_path", "key_lines", "body", "draft"})
    record["url"] = settings.absolute(claim_url(claim.id))
    record["analysis"] = claim.body
    record["published"] = claim.first_published.isoformat()
    record["last_updated"] = claim.last_modified.isoformat()
    verdict = settings.verdict(claim.verdict)
    record["cross_references"] = {
        "verdict": {"name": verdict.name, "label": verdict.label,
                    "url": settings.absolute(ix.verdict_url(claim.verdict))},  # fmt: skip
        **{kind: _refs(ix, kind, claim_names(claim, kind), settings) for kind in KINDS},
        "related": [
            {"id": other.id, "url": settings.absolute(claim_url(other.id))}
            for other in ix.related_of(claim.id)
        ],
    }
    return record


def claims_json(
    ix: Indexes, settings: Settings, full: Mapping[str, Claim], record: Piece | None = None
) -> bytes:
    """Every claim with its analysis, taken from `full` (claims by id). `record` makes
    a claim's record as encoded JSON (under `serve`, kept between rebuilds: reuse.py)."""
    data = {
        "schema_version": SCHEMA_VERSION,
        "site": {"name": settings.site_name, "url": settings.site_url},
        "licence": {"name": settings.data_licence, "url": settings.data_licence_url},
        "verdicts": [
            {"name": v.name, "label": v.label, "definition": v.definition, "rating": v.rating}
            for v in settings.verdicts
        ],
        "claims": [],  # last: the records go in its place (compact JSON joins them by ",")
    }
    make = record or (lambda claim: record_json(claim, ix, settings))
    return _with_list(data, (make(full[c.id]) for c in ix.claims))


def record_json(claim: Claim, ix: Indexes, settings: Settings) -> bytes:
    """One claim's record in `claims.json`, as compact JSON."""
    return _compact_json(claim_record(claim, ix, settings)).encode("utf-8")


def _compact_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _spreadsheet_safe(value: str) -> str:
    """Cells starting with = + - @ run as formulas in spreadsheets; make them text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _source_cell(claim: Claim) -> str:
    parts = []
    for s in claim.sources:
        text = s.outlet + (f" (via {s.via})" if s.via else "") + f" [{s.stance}]"
        text += f": {s.title}" if s.title else ""
        text += f", {s.date}" if s.date else ""
        text += f" <{s.url}>" if s.url else ""
        parts.append(text)
    return LIST_SEPARATOR.join(parts)


def csv_row(claim: Claim, settings: Settings) -> list[str]:
    join = LIST_SEPARATOR.join
    row = [claim.id, settings.absolute(claim_url(claim.id)), claim.title, claim.claim,
           claim.claimant, claim.claim_date.isoformat(), claim.verdict,
           settings.verdict(claim.verdict).label, claim.summary or "",
           join(claim_names(claim, "outlets")), join(claim.people), join(claim.places),
           join(claim.organisations), join(claim.tags), join(claim.related), _source_cell(claim),
           claim.first_published.isoformat(), claim.last_modified.isoformat()]  # fmt: skip
    return [_spreadsheet_safe(cell) for cell in row]


def claims_csv(ix: Indexes, settings: Settings, line: Piece | None = None) -> bytes:
    rows = map(line or (lambda claim: csv_line(claim, settings)), ix.claims)
    return _csv_text(CSV_COLUMNS).encode("utf-8") + b"".join(rows)


def csv_line(claim: Claim, settings: Settings) -> bytes:
    """The claim's row of `claims.csv`, as CSV text with its line end."""
    return _csv_text(csv_row(claim, settings)).encode("utf-8")


def _csv_text(row: Sequence[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(row)
    return buffer.getvalue()


def claimreview_feed(ix: Indexes, settings: Settings, review: Piece | None = None) -> bytes:
    newest = max((c.last_modified for c in ix.claims), default=settings.today)
    data = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"{settings.site_name}: ClaimReview feed",
        "url": settings.absolute(CLAIMREVIEW_FEED),
        "dateModified": newest.isoformat(),
        "dataFeedElement": [],  # last: the reviews go in its place
    }
    make = review or (lambda claim: review_json(claim, ix, settings))
    return _with_list(data, map(make, ix.claims))


def review_json(claim: Claim, ix: Indexes, settings: Settings) -> bytes:
    """The claim's ClaimReview in the DataFeed, as compact JSON."""
    return _compact_json(claim_review(claim, ix, settings)).encode("utf-8")


def explorer_json(ix: Indexes, settings: Settings, row: Piece | None = None) -> bytes:
    """Just what the claims explorer filters and shows, kept small for large sites."""
    data = {
        "verdicts": [{"name": v.name, "label": v.label, "slug": v.slug, "colour": v.colour,
                      "icon": v.icon} for v in settings.verdicts],  # fmt: skip
        "claims": [],  # last: the rows go in its place
    }
    return _with_list(data, map(row or explorer_row, ix.claims))


def explorer_row(claim: Claim) -> bytes:
    """The claim's row in the explorer's index, as compact JSON."""
    return _compact_json(
        {"id": claim.id, "title": claim.title, "claimant": claim.claimant, "date": claim.claim_date.isoformat(),
         "verdict": claim.verdict, "outlets": list(claim_names(claim, "outlets")),
         "people": list(claim.people), "places": list(claim.places), "tags": list(claim.tags)}  # fmt: skip
    ).encode("utf-8")


def _with_list(data: dict[str, Any], items: Iterable[bytes]) -> bytes:
    """`data` as compact JSON, its last value (an empty list) filled with `items`
    (each compact JSON already, encoded): the bytes `json.dumps` would give for the whole."""
    head = _compact_json(data)[: -len("]}")].encode("utf-8")
    # One join copies the bytes once: `head + b",".join(items) + b"]}"` copied claims.json
    # (~63 MB at 10,000 claims) three times, ~0.1 s of every `serve` rebuild.
    parts = list(items)
    if not parts:
        return head + b"]}"
    parts[0] = head + parts[0]
    parts[-1] += b"]}"
    return b",".join(parts)
