"""Browser tests: headless Chromium (Debian's) driven by Playwright against the built
site served on 127.0.0.1. They fail, never skip, when Chromium is missing."""

from __future__ import annotations

import pytest
from browser_support import OUTPUT, type_search
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

def test_search_finds_a_claim_by_its_claimant_and_opens_it(page: Page, site_url: str):
    page.goto(site_url)
    type_search(page, "Zabihullah Mujahid")
    result = page.locator(".md-search-result__item a").first
    result.wait_for(timeout=15_000)
    assert "completely conquered" in result.inner_text()
    result.click()
    page.wait_for_url("**/claims/taliban-conquered-panjshir/**")
    assert page.locator("article h1").first.inner_text() == 'Taliban say Panjshir was "completely conquered"'


def test_claim_page_screenshot(page: Page, site_url: str):
    OUTPUT.mkdir(exist_ok=True)
    page.goto(site_url + "claims/taliban-conquered-panjshir/")
    assert " ".join(page.locator(".fc-verdict .fc-badge").text_content().split()) == "! Disputed"
    page.screenshot(path=str(OUTPUT / "claim-page.png"), full_page=True)
    assert (OUTPUT / "claim-page.png").stat().st_size > 10_000


def test_a_claim_page_prints_on_one_or_two_a4_pages(page: Page, site_url: str):
    page.goto(site_url + "claims/taliban-conquered-panjshir/")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()  # print stylesheet applies
    assert page.locator(".fc-verdict .fc-badge").is_visible()
    pdf = page.pdf(format="A4", print_background=True)
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "claim-page.pdf").write_bytes(pdf)
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert 1 <= pages <= 2
