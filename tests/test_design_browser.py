"""Publication design in a real browser: the verdict-first review box says what the
claim file says, the verdict mark is large and inside a phone's first screen, and no
page scrolls sideways on a phone. Screenshots land in test-output/ for reviewers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_support import OUTPUT, type_search
from conftest import FIXTURE_CLAIMS, TODAY
from playwright.sync_api import Browser, Page

from generator.dates import long_date
from generator.loader import load_claim
from generator.model import Claim
from generator.settings import Settings

pytestmark = pytest.mark.browser

SETTINGS = Settings(claims_dir=FIXTURE_CLAIMS, today=TODAY, site_name="Test desk")


def fixture_claims() -> list[Claim]:
    claims = [load_claim(path, SETTINGS)[0] for path in sorted(FIXTURE_CLAIMS.glob("*.md"))]
    assert all(claims)
    return claims  # type: ignore[return-value]


CLAIMS = fixture_claims()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    yield context.new_page()
    context.close()


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_the_review_box_shows_what_the_claim_file_says(phone: Page, site_url: str, claim: Claim):
    phone.goto(site_url + f"claims/{claim.id}/")
    box = phone.locator(".fc-review")
    assert words(box.locator("blockquote > p").inner_text()) == words(claim.claim)
    assert box.locator("cite").inner_text() == claim.claimant
    assert box.locator("blockquote footer time").first.inner_text() == long_date(claim.claim_date)
    for place in claim.places:
        assert place in box.locator("blockquote footer").inner_text()
    label = SETTINGS.verdict(claim.verdict).label
    assert words(box.locator(".fc-verdict--mark .fc-badge").inner_text()).endswith(label)
    summary = box.locator(".fc-summary")
    assert (words(summary.inner_text()) if summary.count() else None) == (words(claim.summary) if claim.summary else None)


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_the_verdict_mark_is_large_and_in_a_phones_first_screen(phone: Page, site_url: str, claim: Claim):
    phone.goto(site_url + f"claims/{claim.id}/")
    mark = phone.locator(".fc-verdict--mark .fc-badge").bounding_box()
    words_box = phone.locator(".fc-review blockquote > p").bounding_box()
    assert mark and words_box
    assert mark["height"] >= 40
    assert mark["y"] >= 0 and mark["y"] + mark["height"] <= 844
    assert words_box["y"] + words_box["height"] <= 844
    # Announced to screen readers by its label; the icon alone is hidden from them.
    icon = phone.locator(".fc-verdict--mark .fc-badge__icon")
    assert icon.get_attribute("aria-hidden") == "true"


def test_the_verdict_mark_reads_in_greyscale(phone: Page, site_url: str):
    """A border and a text label, not only a hue: the mark's text contrasts with its fill."""
    phone.goto(site_url + "claims/taliban-conquered-panjshir/")
    style = phone.locator(".fc-verdict--mark .fc-badge").evaluate(
        "e => { const s = getComputedStyle(e); return [s.borderTopWidth, s.color]; }")
    assert float(style[0].removesuffix("px")) >= 1
    assert style[1] == "rgb(255, 255, 255)"


PHONE_PAGES = ["", "claims/", *[f"claims/{c.id}/" for c in CLAIMS], "stats/", "graph/",
               "people/zabihullah-mujahid/", "outlets/example-wire/"]  # fmt: skip


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("path", PHONE_PAGES, ids=lambda p: p or "home")
def test_nothing_scrolls_sideways_on_a_phone(browser: Browser, site_url: str, path: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    try:
        page.goto(site_url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # Source cards: no cell is wider than its card (which would split or cut words).
        overflowing = page.evaluate("""() => [...document.querySelectorAll('.fc-sources td')]
            .filter(td => td.scrollWidth > td.clientWidth + 1).length""")
        assert overflowing == 0
        OUTPUT.mkdir(exist_ok=True)
        name = (path.strip("/").replace("/", "_") or "home") + f"-{width}px.png"
        page.screenshot(path=str(OUTPUT / name), full_page=True)
    finally:
        context.close()


def test_sources_keep_table_semantics_as_cards_on_a_phone(browser: Browser, site_url: str):
    context = browser.new_context(viewport={"width": 320, "height": 700})
    page = context.new_page()
    try:
        page.goto(site_url + "claims/taliban-conquered-panjshir/")
        table = page.locator("table.fc-sources")
        assert table.evaluate("t => getComputedStyle(t).display") == "block"  # stacked cards
        assert page.get_by_role("table").count() >= 1
        assert page.get_by_role("columnheader", name="Outlet").count() == 1
        assert page.get_by_role("cell", name="Example Wire").count() == 1
    finally:
        context.close()


def test_the_home_page_has_its_title_once_and_no_empty_sidebar(page: Page, site_url: str):
    page.goto(site_url)
    title = page.title()
    assert title.count("Panjshir 2021 fact-check") == 1
    assert not page.locator(".md-sidebar--primary").is_visible()
    first_card = page.locator(".fc-cards .fc-card").first
    assert first_card.locator(".fc-badge").is_visible()


def test_search_results_show_the_verdict_as_a_badge_not_as_snippet_text(page: Page, site_url: str):
    page.goto(site_url)
    type_search(page, "mercenary")
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=15_000)
    assert words(result.locator(".md-tag").first.inner_text()) == "! Disputed"
    snippet = " ".join(result.locator(".md-search-result__article p, .md-search-result__teaser").all_inner_texts())
    assert "completely conquered" in snippet or "mercenary" in snippet
    assert "Disputed" not in snippet and "verdict" not in snippet.lower()


EVERY_PAGE_TYPE = ["", "claims/", "claims/taliban-conquered-panjshir/", "claims/taliban-conquered-panjshir/embed/",
                   "timeline/", "data/", "verdicts/", "verdicts/disputed/", "outlets/example-wire/",
                   "people/ahmad-massoud/", "places/kabul/", "tags/control/", "about/", "stats/", "graph/",
                   "corrections/log/", "transparency/"]  # fmt: skip


@pytest.mark.parametrize("width", [390, 1280])
def test_screenshots_of_every_page_type_for_reviewers(browser: Browser, site_url: str, width: int):
    """Full-page screenshots in test-output/screens/ (not committed) for a person to look at."""
    folder = OUTPUT / "screens"
    folder.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 844 if width < 500 else 900})
    try:
        page = context.new_page()
        for path in EVERY_PAGE_TYPE:
            response = page.goto(site_url + path)
            assert response is not None and response.ok, path
            target = folder / f"{path.strip('/').replace('/', '_') or 'home'}-{width}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 5_000
    finally:
        context.close()


def rgb(colour: str) -> str:
    """`#rrggbb` as the browser's computed `rgb(r, g, b)`."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


@pytest.mark.parametrize("verdict_name", sorted({c.verdict for c in CLAIMS}))
def test_a_listed_claims_badge_shows_its_verdicts_icon_colour_and_label(page: Page, site_url: str, verdict_name: str):
    """Listings carry a class per verdict; the icon and colour come from the site's
    stylesheet, as on the claim page's own mark (never colour alone)."""
    verdict = SETTINGS.verdict(verdict_name)
    page.goto(site_url + f"verdicts/{verdict.slug}/")
    badges = page.locator("table.fc-claims .fc-badge").all()
    assert len(badges) == sum(c.verdict == verdict_name for c in CLAIMS)
    for badge in badges:
        assert badge.inner_text().strip() == verdict.label
        colour, icon = badge.evaluate(
            "e => [getComputedStyle(e).backgroundColor, getComputedStyle(e, '::before').content]"
        )
        assert colour == rgb(verdict.colour)
        assert icon == f'"{verdict.icon}" / ""'  # its alternative text empty, as aria-hidden
