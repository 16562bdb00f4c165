"""`search_engine: pagefind`: a real build indexed by the bundled pagefind binary, searched
in headless Chromium through Material's own search box.

The server counts the bytes of every response body it sends (from the page and from
workers alike), which is what a reader downloads for a page view and a first query.
"""

from __future__ import annotations

import gzip
import http.server
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import RESULT_LIST, QuietHandler, static_server, type_search, url_of
from bs4 import BeautifulSoup
from conftest import FIXTURES, add_theme_overrides, make_project, mkdocs_build
from playwright.sync_api import Page

from generator.adapters import pagefind
from generator.adapters.pagefind import ASSETS

CLAIMS_DIR_LINE = "      claims_dir: content/claims\n"
MATERIAL_WORKER = re.compile(r"(\.\./)*assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")
FRAGMENT_SIGNATURE = b"pagefind_dcd"  # before the JSON of a decompressed fragment


def pagefind_project(root: Path, *, options: str = "      search_engine: pagefind\n") -> Path:
    """The repository's mkdocs.yml around the fixture claims, with extra plugin options."""
    project = make_project(root)
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert CLAIMS_DIR_LINE in text
    config.write_text(text.replace(CLAIMS_DIR_LINE, CLAIMS_DIR_LINE + options, 1), "utf-8")
    return project


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture claims plus the hostile claim, built in pagefind mode."""
    project = pagefind_project(tmp_path_factory.mktemp("pagefind") / "project")
    shutil.copy(FIXTURES / "hostile/evil-claim.md", project / "content/claims")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


class _CountingHandler(QuietHandler):
    def copyfile(self, source, outputfile) -> None:  # type: ignore[no-untyped-def]
        body = source.read()
        outputfile.write(body)
        served = self.server.served  # type: ignore[attr-defined]
        served.append((self.path.split("?")[0], len(body)))


@pytest.fixture(scope="module")
def server(pagefind_site: Path) -> Iterator[http.server.ThreadingHTTPServer]:
    with static_server(pagefind_site, _CountingHandler) as httpd:
        httpd.served = []  # type: ignore[attr-defined]
        yield httpd


def served(server: http.server.ThreadingHTTPServer) -> list[tuple[str, int]]:
    return list(server.served)  # type: ignore[attr-defined]


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text("utf-8"), "html.parser")


# --- the build ------------------------------------------------------------------------


def test_material_index_is_empty_and_pagefind_index_is_written(pagefind_site: Path):
    index = pagefind_site / "search/search_index.json"
    assert json.loads(index.read_text("utf-8"))["docs"] == []
    assert index.stat().st_size < 1_000
    assert (pagefind_site / "pagefind/pagefind.js").is_file()
    assert list((pagefind_site / "pagefind/index").glob("*.pf_index"))
    assert (pagefind_site / "assets/factcheck/pagefind-search.js").is_file()


def test_only_claim_pages_are_marked_for_pagefind_with_their_verdict(pagefind_site: Path):
    article = soup(pagefind_site, "claims/taliban-conquered-panjshir").select_one("article")
    assert article.has_attr("data-pagefind-body")
    assert article["data-fc-verdict"] == "Disputed" and article["data-fc-verdict-icon"] == "!"
    assert article["data-fc-claimant"] == "Zabihullah Mujahid"
    assert "claimant[data-fc-claimant]" in article["data-pagefind-meta"]
    assert article["data-pagefind-filter"] == "verdict[data-fc-verdict]"
    assert "verdict[data-fc-verdict]" in article["data-pagefind-meta"]
    for url in ["", "claims", "claims/page/2", "people/ahmad-massoud", "about"]:
        if (pagefind_site / url / "index.html").is_file():
            assert not soup(pagefind_site, url).select("[data-pagefind-body]"), url


def page_contents(site: Path) -> dict[str, str]:
    """Each HTML page's content (`.md-content`), Pagefind's attributes taken off."""
    contents = {}
    for path in sorted(site.rglob("index.html")):
        found = BeautifulSoup(path.read_bytes(), "html.parser").select_one(".md-content")
        if found is None:
            continue
        for tag in found.find_all(True):
            for name in [a for a in tag.attrs if a.startswith(("data-pagefind", "data-fc-"))]:
                del tag[name]
        contents[str(path.relative_to(site))] = str(found)
    return contents


def test_every_page_has_the_same_content_whichever_the_engine(pagefind_site: Path,
                                                              tmp_path: Path):  # fmt: skip
    """In pagefind mode the plugin hands a page's HTML over after Material's search
    plugin has run (it no longer scans it): every page must still show it in full."""
    project = pagefind_project(tmp_path / "p", options="      search_engine: material\n")
    shutil.copy(FIXTURES / "hostile/evil-claim.md", project / "content/claims")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    with_material, with_pagefind = page_contents(project / "site"), page_contents(pagefind_site)
    assert with_material.keys() == with_pagefind.keys()
    assert len(with_material) > 20
    assert "Zabihullah Mujahid" in with_pagefind["claims/taliban-conquered-panjshir/index.html"]
    for page, html in with_material.items():
        assert with_pagefind[page] == html, page


def test_every_page_loads_the_search_script_deferred_and_the_stand_in_worker(pagefind_site: Path):
    """The theme's own `__config` names Material's worker file, which holds the stand-in."""
    stand_in = (ASSETS / "search-worker.js").read_bytes()
    for url in ["", "claims/taliban-conquered-panjshir", "about"]:
        page = soup(pagefind_site, url)
        scripts = [s for s in page.find_all("script", src=True) if "pagefind-search.js" in s["src"]]
        assert len(scripts) == 1 and scripts[0].has_attr("defer"), url
        worker = json.loads(page.find(id="__config").string)["search"]
        assert MATERIAL_WORKER.fullmatch(worker), worker
        assert (pagefind_site / url / worker).resolve().read_bytes() == stand_in, url
    workers = pagefind_site / "assets/javascripts/workers"
    assert [p.name for p in workers.iterdir()] == [Path(worker).name]  # no lunr source map


def test_a_main_html_override_without_the_pagefind_mark_fails_the_build_saying_so(tmp_path: Path):
    """A project's own main.html (here Material's, which marks nothing) replaces the
    plugin's: Pagefind then finds no claim body, and the build says what is missing."""
    project = pagefind_project(tmp_path / "p")
    add_theme_overrides(project, {"main.html": '{% extends "base.html" %}\n'})
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "[data-pagefind-body]" in result.stderr and "main.html" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_theme_without_materials_search_worker_is_refused(tmp_path: Path):
    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.files import File, Files

    project = make_project(tmp_path / "p")
    config = load_config(str(project / "mkdocs.yml"))
    theme = File("assets/javascripts/bundle.js", str(tmp_path), str(tmp_path / "site"), True)
    files = Files([theme])  # a theme with Material's bundle but no search worker
    with pytest.raises(PluginError, match="Material's search worker"):
        pagefind.add_asset_files(files, config)


def fragments_in(bundle: Path) -> dict[str, dict]:
    """Each page of one index (a batch's folder): its URL -> its fragment (text, meta)."""
    found = {}
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(FRAGMENT_SIGNATURE)
        fragment = json.loads(data[len(FRAGMENT_SIGNATURE) :])
        found[fragment["url"]] = fragment
    return found


def fragments(site: Path) -> dict[str, str]:
    """Each page's text as Pagefind indexed it (its fragment files), by URL."""
    return {url: fragment["content"] for url, fragment in fragments_in(site / "pagefind").items()}


def test_pagefind_leaves_out_the_sections_materials_search_leaves_out(pagefind_site: Path):
    """A search finds a claim by its own words, never by a related claim's title, its
    update log or its embed code, whichever engine the site uses."""
    content = fragments(pagefind_site)["/claims/taliban-conquered-panjshir/"]
    for kept in ["completely conquered", "Zabihullah Mujahid", "Resistance denies defeat",
                 "contested by the resistance"]:  # fmt: skip
        assert kept in content, kept
    for left_out in ["Related claims", "Resistance says it holds all strategic positions",
                     "Update log", "Added the resistance", "Embed this fact-check", "iframe"]:  # fmt: skip
        assert left_out not in content, left_out


def test_pagefind_reads_each_fact_and_column_heading_as_words_of_their_own(pagefind_site: Path):
    """Pagefind joins the text of adjacent cells into one word: "ClaimantZabihullah"
    would find neither the label nor the name."""
    content = fragments(pagefind_site)["/claims/taliban-conquered-panjshir/"]
    assert "Claimant Zabihullah Mujahid Claim date 6 September 2021" in content
    assert "Outlet Headline Date Stance Relayed via Links" in content


def engine_files(site: Path) -> dict[str, bool]:
    """Which engine's files a built site has."""
    material_docs = json.loads((site / "search/search_index.json").read_text("utf-8"))["docs"]
    return {"material": bool(material_docs), "pagefind": (site / "pagefind/pagefind.js").is_file()}


@pytest.mark.parametrize(("extra_claims", "engine"), [(0, "material"), (1, "pagefind")])
def test_auto_chooses_the_engine_from_the_number_of_claims(tmp_path: Path, extra_claims: int,
                                                           engine: str):  # fmt: skip
    """Three fixture claims against a threshold of four, then four: the build logs the
    choice and writes that engine's files only."""
    project = pagefind_project(tmp_path / "p", options="      search_auto_threshold: 4\n")
    for claim in [FIXTURES / "hostile/evil-claim.md"][:extra_claims]:
        shutil.copy(claim, project / "content/claims")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    claims = 3 + extra_claims
    assert f"search: {engine} (auto: {claims} published claims" in result.stderr
    files = engine_files(project / "site")
    assert files == {"material": engine == "material", "pagefind": engine == "pagefind"}


def test_auto_without_a_search_plugin_builds_without_search(tmp_path: Path):
    project = pagefind_project(tmp_path / "p", options="      search_auto_threshold: 1\n")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  - search\n", "", 1), "utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert "no `search` plugin" in result.stderr
    assert not (project / "site/pagefind").exists()


def test_material_search_is_the_default_for_a_small_site(built_site: Path):
    assert not (built_site / "pagefind").exists()
    assert json.loads((built_site / "search/search_index.json").read_text("utf-8"))["docs"]
    page = soup(built_site, "claims/taliban-conquered-panjshir")
    assert not page.select("[data-pagefind-body]")
    assert "pagefind" not in json.loads(page.find(id="__config").string)["search"]


def test_unknown_search_engine_is_refused(tmp_path: Path):
    project = pagefind_project(tmp_path / "p", options="      search_engine: lunr\n")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "search_engine" in result.stderr and "pagefind" in result.stderr


def test_pagefind_mode_needs_materials_search_plugin(tmp_path: Path):
    project = pagefind_project(tmp_path / "p")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  - search\n", "", 1), "utf-8")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "search_engine: pagefind uses Material's search box" in result.stderr


def test_a_missing_pagefind_binary_fails_the_build_naming_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    result = mkdocs_build(pagefind_project(tmp_path / "p"))
    assert result.returncode != 0
    assert "needs the pagefind binary" in result.stderr and "pagefind[bin]" in result.stderr


# --- in the browser -------------------------------------------------------------------


@pytest.mark.browser
def test_search_shows_the_claim_with_its_verdict_and_opens_it(page: Page, server):  # noqa: F811
    page.goto(url_of(server))
    page.wait_for_load_state("networkidle")
    assert not [p for p, _ in served(server) if p.startswith("/pagefind/")], "loaded before focus"
    type_search(page, "Zabihullah Mujahid")
    item = page.locator("ol.md-search-result__list > li.md-search-result__item").filter(
        has_text="completely conquered"
    )
    item.first.wait_for(timeout=15_000)
    article = item.first.locator("a.md-search-result__link > article.md-search-result__article")
    assert article.locator("h1").inner_text() == 'Taliban say Panjshir was "completely conquered"'
    badge = article.locator(".fc-badge")
    assert " ".join(badge.inner_text().split()) == "! Disputed"
    colour = badge.evaluate("e => getComputedStyle(e).getPropertyValue('--fc-badge')")
    assert colour.strip() == "#a4161a"
    assert article.locator("mark").count() >= 1
    assert "matching document" in page.locator(".md-search-result__meta").inner_text()
    article.click()
    page.wait_for_url("**/claims/taliban-conquered-panjshir/**")
    heading = page.locator("article h1").first.inner_text()
    assert heading == 'Taliban say Panjshir was "completely conquered"'


@pytest.mark.browser
def test_first_query_downloads_a_small_payload_and_no_material_index(
    page: Page, server  # noqa: F811
):
    start = len(served(server))
    page.goto(url_of(server) + "about/")
    page.wait_for_load_state("networkidle")
    type_search(page, "conquered")
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    page.wait_for_load_state("networkidle")
    responses = served(server)[start:]
    paths = [p for p, _ in responses]
    total = sum(size for _, size in responses)
    index = [size for p, size in responses if p.endswith("/search/search_index.json")]
    assert all(size < 1_000 for size in index), index  # Material's index: config only
    stand_in = len((ASSETS / "search-worker.js").read_bytes())
    workers = [size for p, size in responses if "/assets/javascripts/workers/" in p]
    assert all(size == stand_in for size in workers), workers  # the stand-in, never lunr
    assert "/pagefind/pagefind.js" in paths and any(p.endswith(".pf_index") for p in paths)
    assert total < 1_000_000, (total, responses)


@pytest.mark.browser
def test_enter_opens_the_best_result_and_results_survive_leaving_the_box(
    page: Page, server  # noqa: F811
):
    page.goto(url_of(server))
    type_search(page, "strategic positions")
    first = page.locator(".md-search-result__item").first
    first.wait_for(timeout=15_000)
    title = first.locator("h1").inner_text()
    page.locator(".md-search-result__meta").click()  # focus leaves the box: Material stays quiet
    page.wait_for_timeout(300)
    assert page.locator(".md-search-result__item").first.locator("h1").inner_text() == title
    page.locator("input.md-search__input").press("Enter")
    page.wait_for_url("**/claims/**")
    assert page.locator("article h1").first.inner_text() == title


@pytest.mark.browser
def test_the_result_list_is_busy_until_the_whole_querys_results_are_shown(
    page: Page, server  # noqa: F811
):
    """A key typed marks the list busy at once; it stays so through the pause and the
    search, and the results then shown are the whole query's."""
    page.goto(url_of(server))
    page.locator("input.md-search__input").click()  # the first focus loads Pagefind
    busy = page.evaluate(
        """(list) => {
            const input = document.querySelector("input.md-search__input");
            input.value = "Mallory";
            input.dispatchEvent(new Event("input", { bubbles: true }));
            return document.querySelector(list).getAttribute("aria-busy");
        }""",
        RESULT_LIST,
    )
    assert busy == "true"
    page.locator(f"{RESULT_LIST}:not([aria-busy])").wait_for(state="attached", timeout=15_000)
    first = page.locator(".md-search-result__item").first.locator("h1").inner_text()
    assert first.startswith("</title><script>alert('title')</script>")


@pytest.mark.browser
def test_hostile_claim_values_are_shown_as_text_in_results(page: Page, server):  # noqa: F811
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url_of(server))
    type_search(page, "Mallory")
    item = page.locator(".md-search-result__item").first
    item.wait_for(timeout=15_000)
    assert item.locator("h1").inner_text().startswith("</title><script>alert('title')</script>")
    assert item.locator("img, script, svg, iframe, a a, b").count() == 0
    assert set(item.locator("p *").evaluate_all("es => es.map(e => e.tagName)")) <= {"MARK", "SPAN"}
    page.wait_for_timeout(300)
    assert dialogs == []


# --- a site indexed in batches (pagefind_index.py) -------------------------------------


@pytest.fixture(scope="module")
def batched_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same four claims, indexed two by two: the search script merges the batches."""
    options = "      search_engine: pagefind\n      search_batch_size: 2\n"
    project = pagefind_project(tmp_path_factory.mktemp("batched") / "project", options=options)
    shutil.copy(FIXTURES / "hostile/evil-claim.md", project / "content/claims")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert "pagefind indexed 4 claim pages in 2 batches of at most 2" in result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def batched_server(batched_site: Path) -> Iterator[http.server.ThreadingHTTPServer]:
    with static_server(batched_site, _CountingHandler) as httpd:
        httpd.served = []  # type: ignore[attr-defined]
        yield httpd


def test_a_site_within_one_batch_lists_no_other_batch(pagefind_site: Path):
    listed = json.loads((pagefind_site / "pagefind/factcheck-batches.json").read_text("utf-8"))
    assert listed == {"batches": []}


def test_each_claim_page_is_in_exactly_one_batch(batched_site: Path):
    listed = json.loads((batched_site / "pagefind/factcheck-batches.json").read_text("utf-8"))
    assert listed == {"batches": ["batch-2/"]}
    first = fragments_in(batched_site / "pagefind")
    second = fragments_in(batched_site / "pagefind/batch-2")
    claims = {f"/{p.parent.relative_to(batched_site).as_posix()}/"
              for p in batched_site.glob("claims/*/index.html")}  # fmt: skip
    assert len(first) == len(second) == 2 and first.keys() | second.keys() == claims


def test_a_rebuild_with_the_cache_restored_links_each_batchs_index_back(
    batched_site: Path, tmp_path: Path
):
    """As CI does: the project checked out again with its cache folder restored."""
    project = tmp_path / "again"
    shutil.copytree(batched_site.parent, project, ignore=shutil.ignore_patterns("site"))
    assert list((project / ".cache/factcheck/digests/pagefind").iterdir())
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert "in 2 batches of at most 2 (2 of them kept from an earlier build)" in result.stderr

    def files(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes()
                for p in (site / "pagefind").rglob("*") if p.is_file()}  # fmt: skip

    assert files(project / "site") == files(batched_site)


@pytest.mark.browser
@pytest.mark.parametrize("bundle", ["pagefind", "pagefind/batch-2"])
def test_search_finds_the_claims_of_every_batch_and_opens_them(
    page: Page, batched_server, batched_site: Path, bundle: str  # noqa: F811
):
    for url, fragment in sorted(fragments_in(batched_site / bundle).items()):
        title = fragment["meta"]["title"]
        page.goto(url_of(batched_server))
        type_search(page, title)
        link = page.locator(f'a.md-search-result__link[href*="{url}"]')
        link.first.wait_for(timeout=15_000)
        assert link.first.locator("h1").inner_text() == title
        link.first.click()
        page.wait_for_url(f"**{url}**")
    fetched = {p for p, _ in served(batched_server)}
    assert any(p.startswith(f"/{bundle}/fragment/") for p in fetched), bundle
