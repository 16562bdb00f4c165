"""The trust pages in a real browser: axe finds nothing serious on the self-audit and
the corrections log, and every page's footer links the transparency pages."""

from __future__ import annotations

import pytest
from browser_support import axe_violations_at
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["transparency/", "corrections/log/", "organisation/"])
def test_trust_pages_have_no_serious_axe_violations(browser: Browser, site_url: str, path: str, scheme: str):
    assert axe_violations_at(browser, site_url + path, scheme) == []


@pytest.mark.parametrize("path", ["", "claims/taliban-conquered-panjshir/", "about/"])
def test_the_footer_links_the_transparency_pages(browser: Browser, site_url: str, path: str):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + path)
    footer = page.locator("footer nav.fc-policy-links")
    labels = footer.locator("a").all_inner_texts()
    assert "Transparency self-audit" in labels and "Corrections policy" in labels
    footer.get_by_text("Transparency self-audit").click()
    page.wait_for_load_state()
    assert page.url == site_url + "transparency/"
    context.close()
