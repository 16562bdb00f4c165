import json
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT

from generator.cli import load_settings
from generator.front_matter import decode, parse
from generator.schema import SCHEMA_PATH, claim_schema, claim_schema_text
from generator.settings import Settings


def test_committed_schema_is_current():
    settings = load_settings(ROOT / "mkdocs.yml")
    committed = (ROOT / SCHEMA_PATH).read_text("utf-8")
    assert committed == claim_schema_text(settings), "run: .venv/bin/factcheck schema --out schema/claim.schema.json"


@pytest.mark.parametrize("path", sorted((ROOT / "content/claims").glob("*.md")), ids=lambda p: p.name)
def test_every_real_claim_satisfies_the_schema(path: Path):
    schema = json.loads((ROOT / SCHEMA_PATH).read_text("utf-8"))
    data = parse(decode(path.read_bytes())).data
    jsonschema.validate(data, schema)


def test_schema_rejects_what_the_validator_rejects():
    schema = claim_schema(Settings(claims_dir=Path(".")))
    good = {"title": "t", "claim": "c", "claimant": "x", "claim_date": "2021-09-06",
            "verdict": "disputed", "sources": [{"outlet": "A"}]}  # fmt: skip
    jsonschema.validate(good, schema)
    for bad in [{**good, "verdict": "maybe"}, {**good, "sources": []}, {**good, "titel": "t"},
                {**good, "sources": [{"outlet": "A", "url": "javascript:x"}]},
                {**good, "related": ["Not A Slug"]}]:  # fmt: skip
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)
