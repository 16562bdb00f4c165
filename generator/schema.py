"""JSON Schema for claim front-matter, generated from the same model the validator uses.

Editors use it for completion and inline errors; a test keeps the committed copy equal
to what this module generates, so the two can never disagree.
"""

from __future__ import annotations

import json
from typing import Any

from generator.model import ClaimFrontMatter
from generator.settings import Settings

SCHEMA_PATH = "schema/claim.schema.json"


def claim_schema(settings: Settings) -> dict[str, Any]:
    schema = ClaimFrontMatter.model_json_schema()
    schema["properties"]["verdict"]["enum"] = [v.name for v in settings.verdicts]
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
