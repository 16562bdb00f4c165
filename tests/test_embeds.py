"""Embeds: `claims/<id>/embed/` is a compact card for other sites' iframes that links
back to the canonical fact-check, without the site's navigation or its JSON-LD; each
claim page offers the embed code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import read_mkdocs_yml
from playwright.sync_api import Browser

from generator.indexes import build_indexes
from generator.loader import load_claims
from generator.pages import PageBuilder

CLAIM = "taliban-conquered-panjshir"


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def test_the_embed_links_back_and_carries_no_json_ld_or_navigation(built_site: Path):
    site_url = read_mkdocs_yml(Path(__file__).parent.parent / "mkdocs.yml")["site_url"]
    embed = soup_of(built_site / f"claims/{CLAIM}/embed/index.html")
    canonical = site_url + f"claims/{CLAIM}/"
    assert embed.select_one("link[rel=canonical]")["href"] == canonical
    assert canonical in [a["href"] for a in embed.select("a")]
    assert not embed.select('script[type="application/ld+json"]')
    assert not embed.select("nav, header, .md-header, .md-sidebar, script")
    assert embed.select_one(".fc-badge").get_text(" ", strip=True) == "! Disputed"
    assert "completely conquered" in embed.select_one("blockquote").get_text()
    assert embed.select_one("cite").get_text() == "Zabihullah Mujahid"
    # ClaimReview stays on the canonical page.
    page = soup_of(built_site / f"claims/{CLAIM}/index.html")
    assert '"ClaimReview"' in page.select_one('script[type="application/ld+json"]').get_text()


def test_the_embed_stylesheet_is_a_shipped_asset_it_reaches_from_its_folder(settings):
    """Every embed links the one shared stylesheet, at the path the assets ship it to."""
    from urllib.parse import urljoin

    from generator.assets import EMBED_CSS, asset_outputs

    ix = build_indexes(load_claims(settings).claims, settings)
    builder = PageBuilder(settings, ix)
    shipped = {o.path for o in asset_outputs()}
    for claim in ix.claims:
        embed = builder.embed_page(claim)
        href = BeautifulSoup(str(embed.data), "html.parser").select_one("link[rel=stylesheet]")["href"]
        assert urljoin("https://x.test/" + embed.path, href) == "https://x.test/" + EMBED_CSS
        assert EMBED_CSS in shipped
        assert "<style" not in str(embed.data)


def test_every_claim_has_an_embed_page_with_escaped_values(settings):
    ix = build_indexes(load_claims(settings).claims, settings)
    builder = PageBuilder(settings, ix)
    for claim in ix.claims:
        embed = builder.embed_page(claim)
        assert embed.path == f"claims/{claim.id}/embed/index.html"
        html = str(embed.data)
        assert "<script" not in html
        assert 'href="../"' in html  # back to the claim page, relative without site_url


def test_the_claim_page_offers_the_embed_code(built_site: Path):
    page = soup_of(built_site / f"claims/{CLAIM}/index.html")
    code = page.select_one("textarea#fc-embed-code")
    assert page.select_one("label[for=fc-embed-code]")
    iframe = BeautifulSoup(code.get_text(), "html.parser").select_one("iframe")
    assert iframe["src"].endswith(f"claims/{CLAIM}/embed/")
    assert iframe["title"].startswith("Fact-check: ")


@pytest.mark.browser
def test_copy_embed_code_copies_an_absolute_address_that_serves_the_card(browser: Browser, site_url: str):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(site_url + f"claims/{CLAIM}/")
        button = page.get_by_role("button", name="Copy embed code")
        button.click()
        page.get_by_text("Copied.").wait_for()
        copied = page.evaluate("navigator.clipboard.readText()")
        src = re.search(r'src="([^"]+)"', copied).group(1)
        # The fixture site's site_url is not where the test serves it: follow the path.
        path = src.split("/claims/", 1)[1]
        page.goto(site_url + "claims/" + path)
        assert page.locator("link[rel=canonical]").count() == 1
        assert page.locator("a", has_text="Read the full fact-check").count() == 1
    finally:
        context.close()
