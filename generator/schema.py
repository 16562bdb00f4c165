"""JSON Schema for claim front-matter, generated from the same model the validator uses.

Editors use it for completion and inline errors; a test keeps the committed copy equal
to what this module generates, so the two can never disagree.
"""

from __future__ import annotations

import json
from typing import Any

from generator import kinds
from generator.model import ClaimFrontMatter
from generator.settings import Settings

SCHEMA_PATH = "schema/claim.schema.json"


def claim_schema(settings: Settings) -> dict[str, Any]:
    schema = ClaimFrontMatter.model_json_schema()
    schema["properties"]["verdict"]["enum"] = [v.name for v in settings.verdicts]
    schema["$defs"]["Update"]["properties"]["from"]["anyOf"][0]["enum"] = [v.name for v in settings.verdicts]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://factcheck-site.github.io/schema/claim.schema.json",
        **schema,
        "title": "Claim file front-matter",
        "description": (
            "The YAML front-matter of one claim file in content/claims/. "
            "The markdown body below it is the analysis."
        ),
    }


def claim_schema_text(settings: Settings) -> str:
    return json.dumps(claim_schema(settings), indent=2, ensure_ascii=False) + "\n"


EXPORT_SCHEMA_PATH = "schema/claims-export.schema.json"

_REF_LIST = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["name", "url"],
        "properties": {"name": {"type": "string"}, "url": {"type": "string"}},
        "additionalProperties": False,
    },
}


def export_schema(settings: Settings) -> dict[str, Any]:
    """The layout of `claims.json`: each claim's front-matter fields plus what the
    export adds (URL, analysis, dates, resolved cross-references)."""
    claim = claim_schema(settings)
    record = {key: claim[key] for key in ("type", "properties", "required")}
    published_fields = {k: v for k, v in record["properties"].items() if k != "draft"}
    record["properties"] = {
        **published_fields,
        "id": {"type": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"},
        "url": {"type": "string"},
        "analysis": {"type": "string", "description": "The analysis, as markdown."},
        "published": {"type": "string", "format": "date"},
        "last_updated": {"type": "string", "format": "date"},
        "cross_references": {
            "type": "object",
            "required": ["verdict", *kinds.NAMED_FOLDERS, "related"],
            "properties": {
                "verdict": {"type": "object", "required": ["name", "label", "url"]},
                **{kind: _REF_LIST for kind in kinds.NAMED_FOLDERS},
                "related": {"type": "array", "items": {"type": "object", "required": ["id", "url"]}},
            },
        },
    }
    record["required"] = [*record["required"], "id", "url", "analysis", "published",
                          "last_updated", "cross_references"]  # fmt: skip
    record["additionalProperties"] = False
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://factcheck-site.github.io/schema/claims-export.schema.json",
        "title": "claims.json: every claim of a factcheck-site",
        "type": "object",
        "required": ["schema_version", "site", "licence", "verdicts", "claims"],
        "properties": {
            "schema_version": {"const": "1.0"},
            "site": {"type": "object", "required": ["name", "url"]},
            "licence": {"type": "object", "required": ["name", "url"]},
            "verdicts": {"type": "array", "items": {"type": "object", "required": ["name", "label", "rating"]}},
            "claims": {"type": "array", "items": {"$ref": "#/$defs/Claim"}},
        },
        "$defs": {**claim["$defs"], "Claim": record},
    }


def export_schema_text(settings: Settings) -> str:
    return json.dumps(export_schema(settings), indent=2, ensure_ascii=False) + "\n"
