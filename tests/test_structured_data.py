import json

import pytest

from generator.indexes import build_indexes
from generator.loader import load_claims
from generator.structured_data import claim_review, claimant_type, script_json, site_graph


@pytest.fixture
def ix(settings):
    return build_indexes(load_claims(settings).claims, settings)


def test_script_json_cannot_close_the_script_element():
    data = {"claim": "</script><script>alert(1)</script> <!-- & \u2028"}
    text = script_json(data)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == data


def test_claim_review_carries_every_property(ix, settings):
    claim = ix.by_id["isi-chief-in-kabul"]
    review = claim_review(claim, ix, settings)
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == claim.claim
    assert review["datePublished"] == "2021-09-04" and review["dateModified"] == "2021-09-04"
    assert review["author"] == {"@type": "Organization", "name": "Test desk"}
    assert review["reviewRating"] == {"@type": "Rating", "ratingValue": 3, "bestRating": 3,
                                      "worstRating": 1, "alternateName": "Confirmed by multiple outlets"}  # fmt: skip
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Organization", "name": "Example Wire"}  # an outlet
    assert item["datePublished"] == "2021-09-04"
    assert [w["publisher"]["name"] for w in item["appearance"]] == ["Example Wire", "Example Daily", "Example Blog"]
    assert item["firstAppearance"]["headline"] == "Spy chief in Kabul"


def test_disputing_sources_are_not_appearances(ix, settings):
    review = claim_review(ix.by_id["taliban-conquered-panjshir"], ix, settings)
    appearances = review["itemReviewed"]["appearance"]
    assert [w["publisher"]["name"] for w in appearances] == ["Example Wire"]
    assert appearances[0]["url"] == "https://example.org/wire/victory"
    assert review["datePublished"] == "2021-09-10" and review["dateModified"] == "2021-09-12"


def test_claimant_types_are_configured_or_inferred(ix, settings):
    from dataclasses import replace

    assert claimant_type("Zabihullah Mujahid", ix, settings) == "Person"
    assert claimant_type("National Resistance Front", ix, settings) == "Organization"
    configured = replace(settings, claimant_types=(("Zabihullah Mujahid", "Organization"),))
    assert claimant_type("Zabihullah Mujahid", ix, configured) == "Organization"


def test_site_graph_names_the_publisher_and_site(settings):
    graph = site_graph(settings)["@graph"]
    assert [node["@type"] for node in graph] == ["NewsMediaOrganization", "WebSite"]
