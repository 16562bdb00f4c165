"""Transparency from configuration: the NewsMediaOrganization's policy URLs, the
warnings for missing pages, the footer links and the /transparency/ self-audit."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import FIXTURE_CLAIMS, ROOT, TODAY
from hypothesis import given
from hypothesis import strategies as st

from generator.claimreview_lint import LintResult
from generator.cli import load_settings
from generator.indexes import build_indexes
from generator.loader import load_claims
from generator.pages import PageBuilder
from generator.pipeline import generate
from generator.settings import Settings
from generator.structured_data import site_graph
from generator.transparency import (
    FOOTER_PAGES,
    ORGANISATION_POLICIES,
    audit,
    footer_link_items,
    organisation,
    policy_problems,
)

ALL_PAGES = {key: f"{key.lower()}/" for key in FOOTER_PAGES}


def _settings(pages: dict[str, str] = ALL_PAGES, **extra) -> Settings:
    return Settings(claims_dir=FIXTURE_CLAIMS, today=TODAY, site_name="Test desk",
                    site_url="https://example.org/fc/", policy_pages=tuple(pages.items()),
                    report_error_url="https://example.org/issues/new", **extra)  # fmt: skip


def test_home_json_ld_is_a_news_media_organisation_with_every_policy_url():
    org = site_graph(_settings())["@graph"][0]
    assert org["@type"] == "NewsMediaOrganization"
    for key in ("publishingPrinciples", "correctionsPolicy", "verificationFactCheckingPolicy",
                "ownershipFundingInfo", "masthead", "actionableFeedbackPolicy", "ethicsPolicy"):  # fmt: skip
        assert org[key] == f"https://example.org/fc/{key.lower()}/"
    assert "claimSelection" not in org  # not a schema.org property


@given(st.sets(st.sampled_from(sorted(FOOTER_PAGES))))
def test_check_warns_about_exactly_the_missing_policy_pages(missing: set[str]):
    pages = {k: v for k, v in ALL_PAGES.items() if k not in missing}
    problems = policy_problems(_settings(pages))
    assert {p.field for p in problems} == {f"policy_pages.{k}" for k in missing}
    org = organisation(_settings(pages))
    assert set(org) & set(ORGANISATION_POLICIES) == set(ORGANISATION_POLICIES) - missing


def test_check_warns_about_a_policy_page_that_is_not_in_docs(tmp_path: Path):
    (tmp_path / "ethicspolicy").mkdir()
    (tmp_path / "ethicspolicy" / "index.md").write_text("# Ethics\n")
    (tmp_path / "masthead.md").write_text("# Team\n")
    found = {p.field for p in policy_problems(_settings(), tmp_path)}
    assert found == {f"policy_pages.{k}" for k in FOOTER_PAGES} - {
        "policy_pages.ethicsPolicy", "policy_pages.masthead"}  # fmt: skip


def test_the_flagship_configures_every_policy_page_and_its_docs_exist():
    settings = load_settings(ROOT / "mkdocs.yml")
    assert policy_problems(settings, ROOT / "docs") == []


def test_footer_links_every_policy_page_then_the_self_audit():
    links = footer_link_items(_settings().policies)
    assert [link["label"] for link in links] == [*FOOTER_PAGES.values(), "Transparency self-audit"]
    assert links[-1]["url"] == "transparency/"
    assert footer_link_items(_settings({}).policies) == []


def _traceable(settings: Settings):
    """The fixture claims whose every source has a headline or link."""
    return [c for c in load_claims(settings).claims if all(s.title or s.url for s in c.sources)]


def _items(settings: Settings, failures: int = 0, claims=None):
    claims = _traceable(settings) if claims is None else claims
    return {i.requirement: i for i in audit(claims, settings, failures)}


def test_a_source_without_headline_or_link_marks_sources_missing():
    settings = _settings()
    claims = load_claims(settings).claims  # isi-chief-in-kabul cites "Example Blog" by name only
    items = _items(settings, claims=claims)
    for requirement in ("Transparency of sources", "Traceable sources and references"):
        assert not items[requirement].met and "2 of 3 claims" in items[requirement].detail
    assert sum(not i.met for i in items.values()) == 2


def test_audit_marks_every_item_met_when_everything_is_there():
    items = _items(_settings())
    assert items and all(i.met for i in items.values())
    assert {i.source for i in items.values()} == {"IFCN Code of Principles", "Google fact-check guidelines"}
    assert all(i.evidence for i in items.values())


@pytest.mark.parametrize(("removed", "requirement"), [
    ("ethicsPolicy", "Nonpartisanship and fairness"),
    ("ownershipFundingInfo", "Transparency of funding and organisation"),
    ("masthead", "Transparency of funding and organisation"),
    ("claimSelection", "Transparency of methodology"),
    ("correctionsPolicy", "Open and honest corrections policy"),
    ("correctionsPolicy", "Corrections policy"),
])  # fmt: skip
def test_audit_marks_an_item_missing_without_its_page(removed: str, requirement: str):
    pages = {k: v for k, v in ALL_PAGES.items() if k != removed}
    assert not _items(_settings(pages))[requirement].met


def test_audit_reports_lint_failures_and_missing_report_link():
    assert not _items(_settings(), failures=1)[
        "ClaimReview markup on every fact-check page, one per page, rating as shown"].met
    assert not _items(replace(_settings(), report_error_url=""))["Open and honest corrections policy"].met


def test_transparency_page_links_the_evidence_and_marks_missing_items():
    settings = _settings({k: v for k, v in ALL_PAGES.items() if k != "masthead"})
    ix = build_indexes(load_claims(settings).claims, settings)
    page = str(PageBuilder(settings, ix).transparency_page(LintResult(checked=3), ix.claims).data)
    items = audit(ix.claims, settings, 0)
    assert page.count("✓ met") == sum(i.met for i in items)
    assert page.count("✗ missing") == sum(not i.met for i in items) == 3  # masthead, sources x2
    funding = page[page.index("Transparency of funding and organisation"):].split("</tr>")[0]
    assert "✗ missing" in funding and "Organisation, ownership and funding" in funding
    assert '<a href="../ethicspolicy/">Ethics and nonpartisanship</a>' in page
    assert 'Team: <span class="fc-audit__missing">not configured</span>' in page


def test_the_flagship_report_meets_every_item():
    settings = load_settings(ROOT / "mkdocs.yml")
    pages = {p.path: p for p in generate(settings)}
    page = str(pages["transparency/index.md"].data)
    assert "✗ missing" not in page
    assert page.count("✓ met") == len(_items(settings))
    home = pages["index.md"].head or ""
    for key in ORGANISATION_POLICIES:
        assert f'"{key}":"{settings.site_url}' in home
