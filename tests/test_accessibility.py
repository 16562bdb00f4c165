"""Accessibility in a real browser: axe-core on every page type, light and dark, plus a
phone-width layout check. axe-core comes from npm (`make node_modules`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import OUTPUT, axe_violations, axe_violations_at, serving
from conftest import VALID_CLAIM, make_project, mkdocs_build, set_plugin_option, write_claim
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

PAGE_TYPES = [
    "", "claims/", "claims/taliban-conquered-panjshir/", "timeline/", "data/",
    "verdicts/", "verdicts/disputed/", "outlets/", "outlets/example-wire/",
    "people/", "people/ahmad-massoud/", "places/", "places/kabul/",
    "organisations/", "organisations/taliban/", "tags/", "tags/control/",
    "about/", "methodology/", "stats/", "graph/",
]  # fmt: skip


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGE_TYPES, ids=lambda p: p or "home")
def test_no_serious_or_critical_axe_violations(browser: Browser, site_url: str, path: str, scheme: str):
    assert axe_violations_at(browser, site_url + path, scheme) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [*PAGE_TYPES, "claims/taliban-conquered-panjshir/embed/"],
                         ids=lambda p: p or "home")
def test_no_serious_or_critical_axe_violations_on_a_phone(browser: Browser, site_url: str, path: str, scheme: str):
    """At 390 px too: a chart or table wider than a phone must be a focusable region."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(site_url + path)
        assert axe_violations(page) == []
    finally:
        context.close()


@pytest.fixture(scope="module")
def paginated_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Fifteen claims one to a page, so listings have pagers with gaps."""
    project = make_project(tmp_path_factory.mktemp("paginated") / "project")
    for n in range(12):
        text = VALID_CLAIM.replace("title: A headline", f"title: Headline number {n}")
        write_claim(project / "content/claims", f"extra-{n:02}.md", text)
    set_plugin_option(project, "page_size", 1)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    with serving(project / "site") as url:
        yield url


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_pager_has_no_serious_or_critical_axe_violations(
    browser: Browser, paginated_url: str, scheme: str, width: int
):
    context = browser.new_context(viewport={"width": width, "height": 844}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(paginated_url + "claims/page/2/")
        assert page.locator("nav.fc-pager [aria-current=page]").inner_text() == "2"
        assert page.locator("nav.fc-pager .fc-pager__gap").count() == 1  # 1 to 10, a gap, 15
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


def test_a_phone_sees_no_horizontal_scroll_on_a_claim_page(browser: Browser, site_url: str):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page = context.new_page()
    page.goto(site_url + "claims/isi-chief-in-kabul/")
    width = page.evaluate("document.documentElement.scrollWidth")
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "claim-page-390px.png"), full_page=True)
    context.close()
    assert width <= 390


@pytest.mark.parametrize(("name", "path"), [("home", ""), ("claim", "claims/taliban-conquered-panjshir/")])
def test_screenshots_for_reviewers(browser: Browser, site_url: str, name: str, path: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url + path)
    target = Path(OUTPUT) / f"{name}.png"
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(target), full_page=True)
    context.close()
    assert target.stat().st_size > 20_000
