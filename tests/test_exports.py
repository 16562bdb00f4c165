import csv
import io
import json

import jsonschema
import pytest
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

from generator.exports import (
    _with_list,
    claimreview_feed,
    claims_csv,
    claims_json,
    csv_row,
    explorer_json,
    record_json,
)
from generator.indexes import build_indexes
from generator.loader import load_claims
from generator.schema import EXPORT_SCHEMA_PATH, export_schema_text


@pytest.fixture
def ix(settings):
    return build_indexes(load_claims(settings).claims, settings)


def test_claims_json_follows_its_committed_schema(ix, settings):
    data = json.loads(claims_json(ix, settings, ix.by_id))
    schema = json.loads((ROOT / EXPORT_SCHEMA_PATH).read_text("utf-8"))
    jsonschema.validate(data, schema)
    record = next(c for c in data["claims"] if c["id"] == "isi-chief-in-kabul")
    assert record["sources"][2] == {"outlet": "Example Blog", "title": None, "date": None, "url": None,
                                    "archive_url": None, "quote": None, "stance": "supports",
                                    "via": "Example Wire"}  # fmt: skip
    assert record["cross_references"]["people"] == [{"name": "Faiz Hameed", "url": "people/faiz-hameed/"}]
    assert record["analysis"].startswith("Two outlets report it independently")


def test_committed_export_schema_is_current():
    from generator.cli import load_settings

    committed = (ROOT / EXPORT_SCHEMA_PATH).read_text("utf-8")
    assert committed == export_schema_text(load_settings(ROOT / "mkdocs.yml"))


def test_csv_has_one_row_per_claim_with_joined_lists(ix, settings):
    rows = list(csv.DictReader(io.StringIO(claims_csv(ix, settings).decode("utf-8"))))
    assert [r["id"] for r in rows] == [c.id for c in ix.claims]
    isi = next(r for r in rows if r["id"] == "isi-chief-in-kabul")
    assert isi["places"] == "Kabul; Pakistan"
    assert isi["outlets"] == "Example Wire; Example Daily; Example Blog"
    assert isi["verdict_label"] == "Confirmed by multiple outlets"


def test_csv_cells_cannot_become_spreadsheet_formulas(ix, settings):
    claim = ix.claims[0].model_copy(update={"title": '=HYPERLINK("x")', "claimant": "@x"})
    row = csv_row(claim, settings)
    assert row[2] == "'=HYPERLINK(\"x\")" and row[4] == "'@x"


def test_claimreview_feed_is_a_datafeed_of_every_claim(ix, settings):
    feed = json.loads(claimreview_feed(ix, settings))
    assert feed["@type"] == "DataFeed"
    assert [r["claimReviewed"] for r in feed["dataFeedElement"]] == [c.claim for c in ix.claims]


def test_explorer_index_is_compact(ix, settings):
    data = json.loads(explorer_json(ix, settings))
    assert set(data["claims"][0]) == {"id", "title", "claimant", "date", "verdict", "outlets",
                                      "people", "places", "tags"}  # fmt: skip
    assert [v["slug"] for v in data["verdicts"]] == ["confirmed-by-multiple-outlets", "unverified", "disputed"]


def test_claims_json_is_the_compact_json_of_the_whole_export_kept_records_included(ix, settings):
    """The records are joined into the head's empty list; kept records change nothing."""
    whole = json.loads(claims_json(ix, settings, ix.by_id))
    expected = json.dumps(whole, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert claims_json(ix, settings, ix.by_id) == expected
    made: dict = {}
    record = lambda c: made.setdefault(c.id, record_json(c, ix, settings))  # noqa: E731
    assert claims_json(ix, settings, ix.by_id, record) == expected == claims_json(ix, settings, ix.by_id, record)
    assert made.keys() == {c.id for c in ix.claims}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=6,
)


def _compact(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


heads = st.dictionaries(st.text(max_size=6), json_values, max_size=3)


@given(heads, st.lists(json_values, max_size=4))
def test_a_list_filled_in_is_the_compact_json_of_the_whole(head, items):
    """Zero, one or many items: the bytes `json.dumps` gives for the whole document."""
    data = {**{k: v for k, v in head.items() if k != "list"}, "list": []}
    assert _with_list(data, iter(map(_compact, items))) == _compact({**data, "list": items})
