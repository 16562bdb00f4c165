"""The kinds registry is the one list: everything that names kinds agrees with it."""

from generator import kinds
from generator.adapters.folder import NOT_IN_NAV
from generator.adapters.mkdocs_plugin import NAV_PAGES
from generator.exports import CSV_COLUMNS
from generator.indexes import KINDS
from generator.model import ClaimFrontMatter
from generator.schema import export_schema
from generator.settings import Settings


def test_every_kind_has_a_distinct_folder_heading_and_singular():
    for attribute in ("folder", "heading", "singular"):
        values = [getattr(k, attribute) for k in kinds.ALL]
        assert len(set(values)) == len(values) and all(values)


def test_listed_kinds_are_claim_fields_holding_names():
    for kind in kinds.LISTED:
        assert kind.field in ClaimFrontMatter.model_fields
    assert kinds.VERDICTS not in kinds.NAMED


def test_indexes_exports_and_navigation_use_the_registry(tmp_path):
    assert KINDS == kinds.NAMED_FOLDERS
    assert [c for c in CSV_COLUMNS if c in kinds.FOLDERS] == list(kinds.NAMED_FOLDERS)
    assert {f"{k}/index.md" for k in kinds.FOLDERS} <= NAV_PAGES
    assert all(f"/{k}/*/index.md" in NOT_IN_NAV.splitlines() for k in kinds.FOLDERS)
    schema = export_schema(Settings(claims_dir=tmp_path))
    refs = schema["$defs"]["Claim"]["properties"]["cross_references"]
    assert set(refs["required"]) == {"verdict", "related", *kinds.NAMED_FOLDERS}
    assert set(kinds.NAMED_FOLDERS) <= set(refs["properties"])
