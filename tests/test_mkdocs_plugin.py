"""End-to-end: real `mkdocs build --strict` runs over fixture claims, HTML parsed."""

import json
from pathlib import Path

from bs4 import BeautifulSoup
from mkdocs.config import load_config
from mkdocs.structure.files import Files, InclusionLevel

from conftest import FIXTURE_CLAIMS, VALID_CLAIM, make_project, mkdocs_build, write_claim


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text("utf-8"), "html.parser")


def content(page: BeautifulSoup) -> BeautifulSoup:
    return page.select_one("article.md-content__inner")


def test_claim_page_shows_verdict_claim_sources_analysis_and_links(built_site):
    page = content(soup(built_site, "claims/taliban-conquered-panjshir"))
    assert page.h1.text == 'Taliban say Panjshir was "completely conquered"'
    badge = page.select_one(".fc-verdict .fc-badge")
    assert badge.get_text(" ", strip=True) == "! Disputed"  # icon and label, not colour alone
    quote = page.select_one("blockquote.fc-claim__text")
    assert "was completely conquered" in quote.p.text
    assert quote.cite.text == "Zabihullah Mujahid"
    rows = [[td.get_text(" ", strip=True) for td in tr.find_all("td")]
            for tr in page.select("table.fc-sources tbody tr")]  # fmt: skip
    assert rows[0][0] == "Example Wire" and rows[0][3] == "reports" and rows[0][5] == "Read"
    assert rows[1][2] == "September 2021" and rows[1][3] == "disputes"
    assert page.select_one(".fc-analysis strong").text == "resistance"
    related = page.find(id="related-claims").find_next("table")
    assert "Resistance says it holds all strategic positions" in related.text
    assert "Added the resistance's reply." in page.select_one(".fc-updates").text


def test_related_claims_show_on_the_other_side_too(built_site):
    page = content(soup(built_site, "claims/resistance-holds-positions"))
    assert "Taliban say Panjshir" in page.find(id="related-claims").find_next("table").text


def test_outlet_page_lists_claims_with_the_outlets_stance(built_site):
    page = content(soup(built_site, "outlets/example-wire"))
    rows = {tr.find("a").text: tr.find_all("td")[-1].text for tr in page.select("tbody tr")}
    assert rows == {
        "Resistance says it holds all strategic positions": "reports",
        'Taliban say Panjshir was "completely conquered"': "reports",
        "Pakistan's intelligence chief was in Kabul": (
            "supports; origin of the report relayed by Example Blog"
        ),
    }


def test_timeline_groups_claims_by_day(built_site):
    page = content(soup(built_site, "timeline"))
    days = {h.text: [a.text for a in h.find_next("ul").find_all("a")] for h in page.find_all("h2")}
    assert days["4 September 2021"] == ["Pakistan's intelligence chief was in Kabul"]
    assert len(days["6 September 2021"]) == 2


def test_every_cross_reference_page_exists(built_site):
    for url in ["", "claims", "timeline", "verdicts", "verdicts/confirmed-by-multiple-outlets",
                "outlets", "outlets/example-blog", "people", "people/ahmad-massoud", "places",
                "places/panjshir", "organisations", "organisations/inter-services-intelligence",
                "tags", "tags/foreign-involvement"]:  # fmt: skip
        assert (built_site / url / "index.html").is_file(), url


def test_claim_pages_stay_out_of_the_navigation(built_site):
    nav = soup(built_site, "").select_one("nav.md-nav--primary")
    links = [a["href"] for a in nav.find_all("a", href=True)]
    assert any(h.endswith("claims/") for h in links)
    assert not [h for h in links if "claims/" in h and not h.endswith("claims/")]


def test_every_internal_link_resolves(built_site):
    for html in built_site.rglob("*.html"):
        page = BeautifulSoup(html.read_text("utf-8"), "html.parser")
        for a in page.select("article a[href]"):
            href = a["href"].split("#")[0]
            if not href or href.startswith(("http://", "https://", "mailto:")):
                continue
            target = (html.parent / href).resolve()
            assert (target / "index.html").is_file() or target.is_file(), (html, href)


def test_search_indexes_claim_pages_not_listings(built_site):
    index = json.loads((built_site / "search/search_index.json").read_text("utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "claims/taliban-conquered-panjshir/" in locations
    assert "outlets/example-wire/" not in locations
    text = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("claims/isi"))
    for words in ["Faiz Hameed", "Example Wire", "only relays the wire"]:
        assert words in text


def test_every_claim_page_has_one_claim_review_equal_to_its_file(built_site, settings):
    from generator.loader import load_claims

    for claim in load_claims(settings).claims:
        head = soup(built_site, f"claims/{claim.id}").head
        (script,) = head.find_all("script", type="application/ld+json")
        review = json.loads(script.string)
        assert review["@type"] == "ClaimReview"
        assert review["url"].endswith(f"/claims/{claim.id}/")
        assert review["claimReviewed"] == claim.claim
        assert review["itemReviewed"]["author"]["name"] == claim.claimant
        assert review["itemReviewed"]["datePublished"] == claim.claim_date.isoformat()
        assert review["datePublished"] == claim.first_published.isoformat()
        assert review["dateModified"] == claim.last_modified.isoformat()
        assert review["reviewRating"]["alternateName"] == settings.verdict(claim.verdict).label
        og = {m["property"]: m["content"] for m in head.find_all("meta", property=True)}
        assert og["og:title"] == claim.title
        assert og["og:description"] == f"{settings.verdict(claim.verdict).label}: {claim.claim}"


def test_home_has_site_json_ld_and_every_page_links_the_feed(built_site):
    home = soup(built_site, "")
    (script,) = home.head.find_all("script", type="application/ld+json")
    assert [n["@type"] for n in json.loads(script.string)["@graph"]] == ["Organization", "WebSite"]
    for url in ["", "claims/isi-chief-in-kabul", "about"]:
        link = soup(built_site, url).head.find("link", type="application/atom+xml")
        assert (built_site / url / link["href"]).resolve() == (built_site / "feed.xml").resolve()
    for name in ["claims.json", "claims.csv", "claimreview.json", "feed.xml", "claims/explorer.json"]:
        assert (built_site / name).is_file(), name


def test_bad_claims_fail_the_build_with_every_problem_and_no_traceback(tmp_path):
    project = make_project(tmp_path / "p")
    write_claim(project / "content/claims", "broken.md", VALID_CLAIM.replace("verdict: unverified\n", ""))
    write_claim(project / "content/claims", "worse.md", "---\ntitle: [\n---\n")
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "broken.md:2: verdict: required field is missing" in result.stderr
    assert "worse.md:2: front-matter: this '[' is never closed" in result.stderr
    assert "2 problems in claim files" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_hand_written_page_is_never_shadowed(tmp_path):
    project = make_project(tmp_path / "p")
    (project / "docs/index.md").write_text("# Mine\n")
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "'index.md' is both a hand-written page" in result.stderr


def start_plugin(tmp_path, command: str):
    """A real MkDocsConfig driving the plugin's events, as `mkdocs build`/`serve` would."""
    project = make_project(tmp_path / "p")
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command=command, dirty=command == "serve")
    config = config.plugins.on_config(config)
    return project, config, config.plugins["factcheck"]


def edit_a_claim(project):
    changed = project / "content/claims/isi-chief-in-kabul.md"
    changed.write_text(changed.read_text().replace("Two outlets", "Two named outlets"))


def test_plugin_adds_pages_from_a_temporary_store_and_watches_the_claims(tmp_path):
    project, config, plugin = start_plugin(tmp_path, "build")
    assert str(project / "content/claims") in config.watch
    files = config.plugins.on_files(Files([]), config=config)
    claim = files.get_file_from_path("claims/isi-chief-in-kabul.md")
    assert claim.generated_by == "factcheck"
    store = plugin.store.root
    assert Path(claim.abs_src_path).parent.parent == store and project not in store.parents
    config.plugins.on_post_build(config=config)
    assert not store.exists()  # the temporary store goes with the build
    assert claim.inclusion == InclusionLevel.NOT_IN_NAV
    assert files.get_file_from_path("claims/index.md").inclusion == InclusionLevel.UNDEFINED
    assert not any((project / "docs").rglob("claims"))  # nothing written to docs/


def test_the_cache_rereads_only_changed_files(tmp_path):
    project, config, plugin = start_plugin(tmp_path, "serve")
    config.plugins.on_files(Files([]), config=config)
    assert plugin.cache.reread == len(list(FIXTURE_CLAIMS.glob("*.md")))
    edit_a_claim(project)
    config.plugins.on_files(Files([]), config=config)
    assert plugin.cache.reread == 1


def test_serve_keeps_pages_on_disk_outside_docs_and_rewrites_only_changes(tmp_path):
    project, config, plugin = start_plugin(tmp_path, "serve")
    files = config.plugins.on_files(Files([]), config=config)
    claim = files.get_file_from_path("claims/isi-chief-in-kabul.md")
    assert claim.abs_src_path.startswith(str(project / ".cache/factcheck/serve"))
    written = plugin.store.written
    edit_a_claim(project)
    config.plugins.on_files(Files([]), config=config)
    # only the claim page and claims.json carry the analysis; nothing else changed
    assert plugin.store.written - written == 2
    assert sorted(p.name for p in (project / "docs").rglob("*")) == ["about.md", "corrections.md",
                                                                      "methodology.md", "sources.md"]  # fmt: skip
