"""The flagship report: the real claim files in content/claims/ hold together."""

from collections import Counter

import pytest

from conftest import ROOT
from generator.cli import load_settings
from generator.indexes import KINDS, build_indexes
from generator.pipeline import check

ARTICLES = {
    "India Narrative": "Panjshir fighters say they are standing firm in war with Pakistan-backed Taliban forces",
    "Unnamed outlet (English News page)": "Panjshir, once the hub of the anti-Taliban resistance, vows to fight back",
    "UNI (United News of India)": "Taliban proclaims victory in Panjshir, NRF says it is false",
    "Unnamed outlet (Afghanistan War page)": "Afghanistan War; Anti Taliban Fighters in Panjshir Valley as Vow Never to Give up",
    "Unnamed outlet (Taliban flag report)": "Taliban raise flag over Panjshir Valley as resistance vows to continue fighting",
}  # fmt: skip


@pytest.fixture(scope="module")
def report():
    settings = load_settings(ROOT / "mkdocs.yml")
    claims, problems = check(settings)
    return settings, claims, problems


def test_every_claim_file_passes_the_check(report):
    _, claims, problems = report
    assert problems == []
    assert len(claims) > 25


def test_every_article_contributes_claims_under_one_spelling(report):
    _, claims, _ = report
    cited = Counter(s.outlet for c in claims for s in c.sources)
    for outlet, headline in ARTICLES.items():
        assert cited[outlet] >= 5, outlet
        titles = {s.title for c in claims for s in c.sources if s.outlet == outlet}
        assert titles == {headline}, outlet


def test_no_urls_were_invented(report):
    _, claims, _ = report
    assert not [c.id for c in claims for s in c.sources if s.url or s.archive_url]


def test_confirmed_claims_name_their_origins_in_the_analysis(report):
    settings, claims, _ = report
    for claim in claims:
        if claim.verdict == settings.confirmed_verdict:
            supporting = {s.via or s.outlet for s in claim.sources if s.stance == "supports"}
            named = [o for o in supporting if mentioned(o, claim.body)]
            assert len(named) >= 2, (claim.id, supporting)


def mentioned(outlet: str, text: str) -> bool:
    """Analyses name outlets in full, by acronym ("UNI") or as "the Taliban flag report"."""
    short = outlet.removeprefix("Unnamed outlet (").removesuffix(")").removesuffix(" page")
    acronym = outlet.split(" (")[0] if not outlet.startswith("Unnamed") else outlet
    return any(alias in text for alias in (outlet, short, acronym))


def test_disputed_claims_cite_who_disputes_them(report):
    _, claims, _ = report
    for claim in claims:
        if claim.verdict == "disputed":
            assert any(s.stance == "disputes" for s in claim.sources), claim.id


def test_every_cross_reference_kind_is_populated(report):
    settings, claims, _ = report
    ix = build_indexes(claims, settings)
    for kind in KINDS:
        assert len(ix.entries[kind]) >= 5, kind
    assert all(e.claims for e in ix.verdicts)
    related = ix.related
    assert related["taliban-completely-conquered-panjshir"]
    assert "nrf-present-in-all-strategic-positions" in {c.id for c in related["taliban-completely-conquered-panjshir"]}


def test_one_spelling_per_person(report):
    _, claims, _ = report
    people = {p for c in claims for p in c.people}
    assert "Ahmad Massoud" in people
    assert not people & {"Ahmad Masood", "Ahmad Masoud", "Ahmed Massoud"}
