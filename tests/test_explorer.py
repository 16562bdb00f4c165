"""Browser tests of the claims explorer (generator/assets/explorer.js) on /claims/:
filters, the query string that holds them, the plain table without JavaScript, hostile
claim text, narrow screens, large data sets and Material's instant navigation.

The claims are tests/fixtures/explorer_claims (ten claims, 29 August to 7 September
2021); ALL_TITLES lists them newest first, as the plain table does."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_support import OUTPUT, WAIT_MS, axe_violations, serving
from conftest import FIXTURES, make_project, mkdocs_build
from playwright.sync_api import Browser, Locator, Page, Route

pytestmark = pytest.mark.browser

EXPLORER_CLAIMS = FIXTURES / "explorer_claims"
UNI = "UNI (United News of India)"
HOSTILE = 'Hostile <img src=x onerror="window.__fcXss=1"> title'
VICTORY = "Taliban declare victory in Panjshir"
BAZARAK = "Provincial capital Bazarak captured"
SALEH = "Amrullah Saleh is still in the valley"
CEASEFIRE = "Ceasefire talks were held in Charikar"
MASSOUD = "Ahmad Massoud has fled to Tajikistan"
INTERNET = "Internet and phone lines were cut"
ROADS = "All roads into the valley are blocked"
DRONES = "Drones struck resistance positions"
AMNESTY = "Amnesty was offered to resistance fighters"
ALL_TITLES = [HOSTILE, VICTORY, BAZARAK, SALEH, CEASEFIRE, MASSOUD, INTERNET, ROADS, DRONES,
              AMNESTY]  # fmt: skip
LABELS = ("Verdict", "Outlet", "Person", "Place", "Tag", "From", "To",
          "Title or claimant contains", "Sort by")  # fmt: skip


@pytest.fixture(scope="module")
def explorer_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/explorer_claims built with the repository's own mkdocs.yml."""
    project = make_project(tmp_path_factory.mktemp("explorer") / "project", EXPLORER_CLAIMS)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def explorer_url(explorer_site: Path) -> Iterator[str]:
    with serving(explorer_site) as url:
        yield url


@pytest.fixture(scope="module")
def instant_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same claims in a site that turns on Material's instant navigation. Material
    only intercepts links its sitemap lists, so site_url is the address served."""
    project = make_project(tmp_path_factory.mktemp("instant") / "project", EXPLORER_CLAIMS)
    with serving(project / "site") as url:
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        tabs = "    - navigation.tabs\n"
        assert tabs in text and "\nsite_url: " in text
        text = text.replace(tabs, tabs + "    - navigation.instant\n")
        config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {url}", text), encoding="utf-8")
        result = mkdocs_build(project)
        assert result.returncode == 0, result.stderr
        yield url


@pytest.fixture
def errors(page: Page) -> list[str]:
    """Uncaught script errors of the page; tests assert it stays empty."""
    found: list[str] = []
    page.on("pageerror", lambda error: found.append(str(error)))
    return found


def open_explorer(page: Page, url: str) -> None:
    page.goto(url)
    # Attached, not visible: on a phone the form is behind the "Filters" button.
    page.locator("#fc-explorer form").wait_for(state="attached", timeout=WAIT_MS)


def rows(page: Page) -> list[str]:
    """Titles of the rows the explorer shows, top to bottom."""
    links = page.locator("#fc-explorer table.fc-claims tbody tr td:first-child a")
    return links.all_text_contents()


def control(page: Page, label: str) -> Locator:
    """The explorer's form control with exactly this label."""
    return page.locator("#fc-explorer").get_by_label(label, exact=True)


def type_text(page: Page, text: str) -> None:
    """Fills the free-text filter and waits for the (debounced) filter to run."""
    control(page, "Title or claimant contains").fill(text)
    page.wait_for_function("t => new URLSearchParams(location.search).get('text') === t", arg=text)


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def count(page: Page) -> str:
    return page.locator("#fc-explorer [role=status]").inner_text()


# --- filtering and the address ---------------------------------------------------------


def test_filter_by_verdict_and_outlet_shows_exactly_the_matching_rows(
    page: Page, explorer_url: str, errors: list[str]
):
    open_explorer(page, explorer_url + "claims/")
    assert page.locator("#fc-explorer").is_visible()
    assert page.locator("#fc-all-claims").is_hidden()
    assert rows(page) == ALL_TITLES
    assert count(page) == "All 10 claims."

    control(page, "Verdict").select_option("disputed")
    assert rows(page) == [VICTORY, BAZARAK, MASSOUD, ROADS]
    control(page, "Outlet").select_option(UNI)
    assert rows(page) == [VICTORY, MASSOUD]
    assert count(page) == "2 claims of 10 match."
    assert page.locator("#fc-explorer [role=status]").get_attribute("aria-live") == "polite"

    # The filter is in the address, in the documented parameter names.
    assert query(page) == {"verdict": ["disputed"], "outlet": [UNI]}
    assert "outlet=UNI+%28United+News+of+India%29" in page.url

    # Every row links to its claim page and carries the verdict badge and the date.
    first = page.locator("#fc-explorer tbody tr").first
    assert first.locator("a").get_attribute("href") == "../claims/victory-declared/"
    badge = first.locator(".fc-badge")
    assert badge.text_content() == "Disputed"
    assert badge.evaluate("e => getComputedStyle(e, '::before').content") == '"!" / ""'
    assert first.locator("time").get_attribute("datetime") == "2021-09-06"
    assert first.locator("time").inner_text() == "6 September 2021"

    # A reload shows the same filter and the same rows.
    page.reload()
    page.locator("#fc-explorer form").wait_for()
    assert control(page, "Verdict").input_value() == "disputed"
    assert control(page, "Outlet").input_value() == UNI
    assert rows(page) == [VICTORY, MASSOUD]
    assert page.locator("#fc-all-claims").is_hidden()
    assert errors == []


def test_a_shared_address_restores_every_filter(browser: Browser, explorer_url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()  # a fresh browser, as someone the link was sent to
    open_explorer(page, explorer_url + "claims/?verdict=unverified&outlet=Example+Wire&person="
                  "&place=Panjshir&tag=foreign-involvement&from=2021-08-01&to=2021-09-30"
                  "&text=drones&sort=date-asc")  # fmt: skip
    assert rows(page) == [DRONES]
    values = [control(page, label).input_value() for label in LABELS]
    assert values == ["unverified", "Example Wire", "", "Panjshir", "foreign-involvement",
                      "1 August 2021", "30 September 2021", "drones", "date-asc"]  # fmt: skip
    # The free text is `text`, not `q`: Material opens its site search for `?q=`.
    assert page.evaluate("document.getElementById('__search').checked") is False
    context.close()


def test_dates_text_and_sort_combine(page: Page, explorer_url: str, errors: list[str]):
    open_explorer(page, explorer_url + "claims/")
    control(page, "From").fill("2021-09-01")
    control(page, "To").fill("2021-09-05")
    assert rows(page) == [BAZARAK, SALEH, CEASEFIRE, MASSOUD, INTERNET]
    control(page, "Sort by").select_option("title-asc")
    assert rows(page) == [MASSOUD, SALEH, CEASEFIRE, INTERNET, BAZARAK]
    assert query(page) == {"from": ["2021-09-01"], "to": ["2021-09-05"], "sort": ["title-asc"]}

    control(page, "From").fill("")
    control(page, "To").fill("")
    control(page, "Sort by").select_option("date-asc")
    # Case and accents do not matter; the claimant counts as well as the title.
    type_text(page, "ZABÍHULLAH")
    assert rows(page) == [AMNESTY, VICTORY]
    type_text(page, "valley blocked")
    assert rows(page) == [ROADS]
    type_text(page, "no such words")
    assert rows(page) == []
    assert page.locator("#fc-explorer table.fc-claims").is_hidden()
    assert page.get_by_text("No claims match these filters.").is_visible()
    assert count(page) == "0 claims of 10 match."
    assert errors == []


def test_clear_filters_shows_every_claim_again(page: Page, explorer_url: str, errors: list[str]):
    address = "claims/?verdict=disputed&outlet=Tolo+News&text=roads&h=valley"
    open_explorer(page, explorer_url + address)
    assert rows(page) == [ROADS]
    page.get_by_role("button", name="Clear filters").click()
    assert rows(page) == ALL_TITLES
    assert count(page) == "All 10 claims."
    assert [control(page, label).input_value() for label in LABELS[:-1]] == [""] * 8
    # Only the explorer's own parameters go; others (Material's search highlight) stay.
    assert query(page) == {"h": ["valley"]}
    assert errors == []


def test_unknown_values_in_the_address_are_shown_and_match_nothing(
    page: Page, explorer_url: str, errors: list[str]
):
    open_explorer(page, explorer_url + "claims/?outlet=Gone+Gazette&from=not-a-date&sort=sideways")
    assert control(page, "Outlet").input_value() == "Gone Gazette"
    assert control(page, "From").input_value() == ""
    assert control(page, "Sort by").input_value() == "date-desc"
    assert rows(page) == []
    assert query(page) == {"outlet": ["Gone Gazette"]}
    assert errors == []


def test_controls_are_labelled_and_work_from_the_keyboard(
    page: Page, explorer_url: str, errors: list[str]
):
    open_explorer(page, explorer_url + "claims/")
    controls = page.get_by_role("search", name="Filter claims").locator("select, input")
    assert controls.count() == len(LABELS)
    for i in range(controls.count()):
        ident = controls.nth(i).get_attribute("id")
        assert page.locator(f"label[for='{ident}']").count() == 1, ident

    control(page, "Verdict").focus()
    page.keyboard.press("ArrowDown")  # the first verdict of the scale
    assert control(page, "Verdict").input_value() == "confirmed-by-multiple-outlets"
    assert rows(page) == [SALEH, INTERNET]
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == control(page, "Outlet").get_attribute("id")

    control(page, "Title or claimant contains").focus()
    page.keyboard.type("saleh")
    page.keyboard.press("Enter")  # submitting the form does not leave the page
    page.wait_for_function("() => new URLSearchParams(location.search).get('text') === 'saleh'")
    assert rows(page) == [SALEH]
    assert urlsplit(page.url).path == "/claims/"
    page.get_by_role("button", name="Clear filters").focus()
    page.keyboard.press("Enter")
    assert len(rows(page)) == 10
    assert errors == []


def test_explorer_rows_match_the_plain_table(page: Page, site_url: str, errors: list[str]):
    """On the repository's own fixture claims, the explorer shows the rows of the plain
    table: the same links, badges, claimants and dates, in the same order."""
    open_explorer(page, site_url + "claims/")
    script = """table => Array.from(table.tBodies[0].rows, tr => ({
        href: tr.querySelector('a').href,
        cells: Array.from(tr.cells, td => td.textContent),
        badge: tr.querySelector('.fc-badge').className,
        style: [getComputedStyle(tr.querySelector('.fc-badge')).backgroundColor,
                getComputedStyle(tr.querySelector('.fc-badge'), '::before').content],
        datetime: tr.querySelector('time').getAttribute('datetime'),
    }))"""
    explorer = page.locator("#fc-explorer table.fc-claims").evaluate(script)
    plain = page.locator("#fc-all-claims table.fc-claims").evaluate(script)
    assert len(explorer) == 3
    assert explorer == plain
    headers = "table => Array.from(table.tHead.rows[0].cells, th => th.outerHTML)"
    plain_headers = page.locator("#fc-all-claims table").evaluate(headers)
    assert page.locator("#fc-explorer table").evaluate(headers) == plain_headers
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("address", ["claims/?verdict=disputed", "claims/?text=no+such+claim"])
def test_no_serious_or_critical_axe_violations(
    browser: Browser, explorer_url: str, address: str, scheme: str
):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    open_explorer(page, explorer_url + address)
    found = axe_violations(page)
    context.close()
    assert found == []


# --- without JavaScript, hostile input, narrow screens, big data -------------------------


def test_without_javascript_the_plain_table_shows_every_claim(browser: Browser, explorer_url: str):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(explorer_url + "claims/?verdict=disputed")
    assert page.locator("#fc-all-claims").is_visible()
    titles = page.locator("#fc-all-claims tbody tr td:first-child a").all_text_contents()
    assert titles == ALL_TITLES
    assert page.locator("#fc-explorer").is_hidden()
    assert page.locator("#fc-explorer *").count() == 0
    assert page.locator("#fc-all-claims img").count() == 0
    context.close()


def test_hostile_claim_text_renders_as_text(page: Page, explorer_url: str, errors: list[str]):
    open_explorer(page, explorer_url + "claims/?tag=control")
    assert HOSTILE in rows(page)
    assert page.locator("#fc-explorer img").count() == 0
    assert page.locator("#fc-explorer b").count() == 0
    assert page.locator("#fc-explorer td", has_text="<b>Mallory</b> & co").count() == 1
    type_text(page, "onerror")
    assert rows(page) == [HOSTILE]
    assert page.locator("#fc-explorer img").count() == 0
    assert page.evaluate("window.__fcXss") is None
    assert errors == []


def test_narrow_screen_has_no_horizontal_scroll(browser: Browser, explorer_url: str):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page = context.new_page()
    open_explorer(page, explorer_url + "claims/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_text("Filters", exact=True).click()  # behind one button on a phone
    # A long option text does not widen the form.
    control(page, "Outlet").select_option(UNI)
    assert len(rows(page)) == 4
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    form = page.locator("#fc-explorer form").bounding_box()
    assert form is not None and form["x"] >= 0 and form["x"] + form["width"] <= 390
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "explorer-390.png"), full_page=True)
    context.close()


def big_explorer_json(verdicts: list[dict[str, str]], n: int) -> bytes:
    """n made-up claims in the shape of claims/explorer.json, newest first."""
    outlets = [f"Outlet {i:03}" for i in range(300)]
    claims = [
        {"id": f"claim-{i}", "title": f"Claim number {i}", "claimant": f"Claimant {i % 97}",
         "date": f"20{10 + i % 15}-{1 + i % 12:02}-{1 + i % 28:02}",
         "verdict": verdicts[i % len(verdicts)]["name"],
         "outlets": [outlets[i % 300], outlets[(i * 7) % 300]], "people": [f"Person {i % 500}"],
         "places": [f"Place {i % 50}"], "tags": [f"tag-{i % 20}"]}  # fmt: skip
        for i in range(n)
    ]
    claims.sort(key=lambda c: c["date"], reverse=True)
    return json.dumps({"verdicts": verdicts, "claims": claims}).encode()


def test_twenty_thousand_claims_render_in_pages(
    page: Page, explorer_site: Path, explorer_url: str, errors: list[str]
):
    real = json.loads((explorer_site / "claims/explorer.json").read_text(encoding="utf-8"))
    body = big_explorer_json(real["verdicts"], 20_000)

    def fulfil(route: Route) -> None:
        route.fulfill(status=200, content_type="application/json", body=body)

    page.route("**/claims/explorer.json", fulfil)
    open_explorer(page, explorer_url + "claims/")
    page.locator("#fc-explorer tbody tr").first.wait_for(timeout=WAIT_MS)
    assert page.locator("#fc-explorer tbody tr").count() == 200
    assert count(page) == "All 20,000 claims; showing the first 200."
    page.get_by_role("button", name="Show 200 more").click()
    assert page.locator("#fc-explorer tbody tr").count() == 400
    assert count(page) == "All 20,000 claims; showing the first 400."

    control(page, "Tag").select_option("tag-7")
    assert page.locator("#fc-explorer tbody tr").count() == 200
    assert count(page) == "1,000 claims of 20,000 match; showing the first 200."
    control(page, "Outlet").select_option("Outlet 007")
    assert 0 < page.locator("#fc-explorer tbody tr").count() <= 200
    assert errors == []


# --- instant navigation, other pages, screenshots ----------------------------------------


def test_survives_material_instant_navigation(page: Page, instant_url: str, errors: list[str]):
    page.goto(instant_url)
    # Material intercepts only links its sitemap lists, fetched after load: on a busy
    # machine a click before that fetch ends is a full page load.
    page.wait_for_load_state("networkidle", timeout=WAIT_MS)
    page.evaluate("window.__samePage = true")
    page.locator("a.md-tabs__link", has_text="Claims").click()
    page.wait_for_url("**/claims/")
    # Attached, not visible: on a phone the form is behind the "Filters" button.
    page.locator("#fc-explorer form").wait_for(state="attached", timeout=WAIT_MS)
    assert page.evaluate("window.__samePage") is True  # no full page load happened
    assert len(rows(page)) == 10
    control(page, "Verdict").select_option("confirmed-by-multiple-outlets")
    assert len(rows(page)) == 2

    page.locator("#fc-explorer tbody a").first.click()
    page.wait_for_url("**/claims/saleh-in-valley/")
    page.go_back()
    page.wait_for_url("**/claims/?verdict=confirmed-by-multiple-outlets")
    # Attached, not visible: on a phone the form is behind the "Filters" button.
    page.locator("#fc-explorer form").wait_for(state="attached", timeout=WAIT_MS)
    assert page.evaluate("window.__samePage") is True
    assert page.locator("#fc-explorer form").count() == 1
    assert len(rows(page)) == 2
    assert errors == []


def test_pages_without_the_mount_are_left_alone(page: Page, explorer_url: str, errors: list[str]):
    for path in ("claims/victory-declared/", ""):
        page.goto(explorer_url + path)
        assert page.locator("#fc-explorer").count() == 0
        assert page.locator(".fc-explorer__form").count() == 0
    assert errors == []


def test_explorer_screenshot(page: Page, explorer_url: str, explorer_site: Path):
    OUTPUT.mkdir(exist_ok=True)
    open_explorer(page, explorer_url + "claims/?verdict=disputed&sort=date-asc")
    assert rows(page) == [ROADS, MASSOUD, BAZARAK, VICTORY]
    page.locator("#fc-explorer").screenshot(path=str(OUTPUT / "explorer.png"))
    assert (OUTPUT / "explorer.png").stat().st_size > 10_000
    assert (explorer_site / "assets/factcheck/explorer.js").is_file()


def test_explorer_screenshot_dark(browser: Browser, explorer_url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    open_explorer(page, explorer_url + "claims/?outlet=Example+Wire")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "explorer-dark.png"), full_page=True)
    context.close()
    assert (OUTPUT / "explorer-dark.png").stat().st_size > 10_000


# --- phones and dates as the site writes them ----------------------------------------


def test_a_phone_sees_claims_first_and_the_filters_behind_one_button(browser: Browser, explorer_url: str):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page = context.new_page()
    try:
        open_explorer(page, explorer_url + "claims/")
        assert control(page, "Verdict").is_hidden()
        first = page.locator("#fc-explorer table.fc-claims tbody tr").first.bounding_box()
        assert first is not None and first["y"] + first["height"] <= 844
        toggle = page.locator("#fc-explorer summary")
        assert toggle.count() == 1 and toggle.inner_text() == "Filters"
        toggle.click()
        control(page, "Verdict").select_option("disputed")
        assert toggle.inner_text() == "Filters (1 active)"
    finally:
        context.close()


def test_dates_read_and_are_written_the_way_the_site_writes_them(page: Page, explorer_url: str, errors: list[str]):
    open_explorer(page, explorer_url + "claims/?from=2021-09-01")
    assert control(page, "From").input_value() == "1 September 2021"
    assert control(page, "From").get_attribute("type") == "text"
    control(page, "To").fill("5 September 2021")
    assert rows(page) == [BAZARAK, SALEH, CEASEFIRE, MASSOUD, INTERNET]
    assert query(page) == {"from": ["2021-09-01"], "to": ["2021-09-05"]}
    control(page, "To").fill("5 Sep 2021")  # a short month name reads too
    assert query(page) == {"from": ["2021-09-01"], "to": ["2021-09-05"]}
    control(page, "To").fill("31 February 2021")
    control(page, "To").dispatch_event("change")
    assert control(page, "To").get_attribute("aria-invalid") == "true"
    assert query(page) == {"from": ["2021-09-01"]}  # text that is no date filters nothing
    assert errors == []
