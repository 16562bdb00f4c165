"""End-to-end: real `mkdocs build --strict` runs over fixture claims, HTML parsed."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import (
    FIXTURE_CLAIMS,
    FIXTURES,
    ROOT,
    VALID_CLAIM,
    make_project,
    mkdocs_build,
    site_files,
    write_claim,
)
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page

from generator.adapters.mkdocs_plugin import FactcheckPlugin
from generator.adapters.output_dirs import mark
from generator.adapters.ready_page import ReadyPage
from generator.adapters.page_store import PageStore


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
    assert [n["@type"] for n in json.loads(script.string)["@graph"]] == ["NewsMediaOrganization", "WebSite"]
    for url in ["", "claims/isi-chief-in-kabul", "about"]:
        link = soup(built_site, url).head.find("link", type="application/atom+xml")
        assert (built_site / url / link["href"]).resolve() == (built_site / "feed.xml").resolve()
    for name in ["claims.json", "claims.csv", "claimreview.json", "feed.xml", "claims/explorer.json"]:
        assert (built_site / name).is_file(), name


def test_a_plugin_started_as_serve_in_one_test(tmp_path):
    config = load_config(str(make_project(tmp_path / "p") / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    assert config.plugins["factcheck"].serving


def test_is_a_plain_build_in_the_next(tmp_path):
    """MkDocs keeps the instance above for the whole process; conftest hands each test
    a fresh one, so the test before cannot turn this build into a preview."""
    config = load_config(str(make_project(tmp_path / "p") / "mkdocs.yml"))
    assert not config.plugins["factcheck"].serving


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


def start_plugin(tmp_path, command: str, project: Path | None = None, *, dirty: bool | None = None):
    """A real MkDocsConfig driving the plugin's events, as `mkdocs build`/`serve` would."""
    project = project or make_project(tmp_path / "p")
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command=command, dirty=command == "serve" if dirty is None else dirty)
    config = config.plugins.on_config(config)
    return project, config, config.plugins["factcheck"]


def edit_a_claim(project):
    changed = project / "content/claims/isi-chief-in-kabul.md"
    changed.write_text(changed.read_text().replace("Two outlets", "Two named outlets"))


def test_plugin_adds_pages_from_a_store_kept_in_the_cache_and_watches_the_claims(tmp_path):
    project, config, plugin = start_plugin(tmp_path, "build")
    assert str(project / "content/claims") in config.watch
    files = config.plugins.on_files(Files([]), config=config)
    claim = files.get_file_from_path("claims/isi-chief-in-kabul.md")
    assert claim.generated_by == "factcheck"
    store = plugin.store.root
    assert store == project / ".cache/factcheck/digests/pages"
    assert Path(claim.abs_src_path).parent == store
    config.plugins.on_post_build(config=config)
    assert Path(claim.abs_src_path).is_file()  # kept for the next build
    assert claim.inclusion == InclusionLevel.NOT_IN_NAV
    assert files.get_file_from_path("claims/index.md").inclusion == InclusionLevel.UNDEFINED
    assert not any((project / "docs").rglob("claims"))  # nothing written to docs/
    shutil.rmtree(project / "site")  # the cards only: MkDocs did not write it
    _, config, plugin = start_plugin(tmp_path, "build", project)  # the next `mkdocs build`
    edit_a_claim(project)
    config.plugins.on_files(Files([]), config=config)
    # the edited claim's page and the exports that carry its analysis, nothing else
    assert plugin.store.written == 2
    config.plugins.on_post_build(config=config)


@pytest.mark.parametrize("how", ["no cache", "dirty", "another build"])
def test_a_build_without_the_kept_store_uses_a_temporary_one(tmp_path, monkeypatch, how):
    """No cache (FACTCHECK_CACHE_DIR empty); `build --dirty`, where MkDocs would skip
    each page whose kept file is older than the site's; another build holding it."""
    if how == "no cache":
        monkeypatch.setenv("FACTCHECK_CACHE_DIR", "")
    project = make_project(tmp_path / "p")
    if how == "another build":  # its own process: MkDocs reuses a plugin within one
        mark(project / ".cache/factcheck/digests")
        other = PageStore(project / ".cache/factcheck/digests/pages", kept=True)
    project, config, plugin = start_plugin(tmp_path, "build", project, dirty=how == "dirty")
    store = plugin.store.root
    assert project not in store.parents and store.is_dir()
    config.plugins.on_files(Files([]), config=config)
    config.plugins.on_post_build(config=config)
    assert not store.exists()  # the temporary store goes with the build
    if how == "another build":
        other.release()


def test_a_failed_build_whose_store_cannot_be_kept_reports_its_own_error(tmp_path, monkeypatch):
    """on_build_error keeps what the build stored; a full disk there must not hide the
    error that failed the build, nor leave the store locked."""
    _, config, plugin = start_plugin(tmp_path, "build")
    root = plugin.store.root

    def full(self, *, prune):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(PageStore, "keep", full)
    config.plugins.on_build_error(error=RuntimeError("the build's own error"))
    assert plugin.store is None
    PageStore(root, kept=True).release()  # not held: the next build takes it


@pytest.mark.parametrize("variable", [False, True])
def test_a_kept_store_folder_factcheck_did_not_make_is_refused_by_its_setting_s_name(
    tmp_path, monkeypatch, variable
):
    """Never emptied: the error names what put it there, the option or the variable."""
    from mkdocs.exceptions import PluginError

    project = make_project(tmp_path / "p")
    cache = project / ".cache/factcheck/digests"
    if variable:
        cache = tmp_path / "elsewhere"
        monkeypatch.setenv("FACTCHECK_CACHE_DIR", str(cache))
    mark(cache)
    (cache / "pages").mkdir()
    (cache / "pages/notes.txt").write_text("someone's")
    with pytest.raises(PluginError, match=f"{'FACTCHECK_CACHE_DIR' if variable else 'cache_dir'}: .*pages"):
        start_plugin(tmp_path, "build", project)
    assert (cache / "pages/notes.txt").read_text() == "someone's"

STOPPED_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from generator.adapters.mkdocs_plugin import FactcheckPlugin

def stop(*args, **kwargs):
    raise {error}("stopped mid-build")

FactcheckPlugin.{event} = stop
config = load_config(sys.argv[1])
config.plugins.on_startup(command="build", dirty=False)
build(config)
"""


@pytest.mark.parametrize("error", ["KeyboardInterrupt", "RuntimeError"])
@pytest.mark.parametrize("event", ["on_files", "on_env"])  # before and after the cards start
def test_a_build_stopped_midway_leaves_no_temporary_files(tmp_path, event, error):
    """Ctrl-C (KeyboardInterrupt) skips MkDocs' on_build_error: the temporary page
    store and the share-card worker's files go anyway."""
    project = make_project(tmp_path / "project")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    script = STOPPED_BUILD.format(error=error, event=event)
    command = [sys.executable, "-c", script, str(project / "mkdocs.yml")]
    environment = {**os.environ, "TMPDIR": str(temporary)}
    result = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True)
    assert result.returncode != 0 and "stopped mid-build" in result.stderr
    assert list(temporary.iterdir()) == []


def test_a_build_driven_without_mkdocs_cli_equals_mkdocs_build(tmp_path):
    """Tools that call `mkdocs.commands.build.build()` themselves skip `on_startup`,
    which only MkDocs' CLI calls: the plugin builds the same site without it. Both
    builds run here, one after the other: pages carry the day they were built."""
    from mkdocs.commands.build import build

    project = make_project(tmp_path / "p")
    assert mkdocs_build(project).returncode == 0
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    build(config)
    built = site_files(tmp_path / "site")
    assert any(path.startswith("cards/") for path in built)  # the cards, drawn beside
    assert built == site_files(project / "site")


@pytest.mark.parametrize("shortcut", ["front-matter", "ready page"])
def test_pages_made_the_way_mkdocs_makes_them_build_the_same_site(tmp_path, monkeypatch, shortcut):
    """MkDocs reads a ready page's front-matter from the plugin (on_page_read_source)
    and renders it with no Markdown converter (ReadyPage): without either shortcut,
    MkDocs' own way, the site is the same."""
    from mkdocs.commands.build import build

    project = make_project(tmp_path / "p")
    assert mkdocs_build(project).returncode == 0
    taken = []
    if shortcut == "front-matter":  # MkDocs reads the stored file
        monkeypatch.setattr(FactcheckPlugin, "on_page_read_source",
                            lambda self, page, config: taken.append(page))  # fmt: skip
    else:  # MkDocs' Page.render converts the empty text
        monkeypatch.setattr(ReadyPage, "render",
                            lambda self, *args: taken.append(self) or Page.render(self, *args))  # fmt: skip
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    build(config)
    assert len({page.file.src_uri for page in taken}) >= 10
    assert any(page.file.src_uri == "claims/taliban-conquered-panjshir.md" for page in taken)
    assert site_files(tmp_path / "site") == site_files(project / "site")


def test_a_bad_claim_fails_a_build_driven_without_mkdocs_cli_by_its_problems(tmp_path, caplog):
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort

    project = make_project(tmp_path / "p")
    write_claim(project / "content/claims", "broken.md", VALID_CLAIM.replace("verdict: unverified\n", ""))
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    with pytest.raises(Abort):  # MkDocs' own way out of a failed build
        build(config)
    assert "broken.md:2: verdict: required field is missing" in caplog.text
    assert "1 problem in claim files" in caplog.text


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
    assert sorted(p.name for p in (project / "docs").rglob("*")) == sorted(
        [p.name for p in (FIXTURES / "docs").rglob("*")]
        + ["assets", "favicon.svg", "logo.svg"])  # fmt: skip


# One-line fields refuse line breaks (the loader); prose may be folded YAML. The engine
# must keep page structure either way (the hypothesis test below passes line breaks).
HOSTILE_TITLE = "First line --- ## Not a heading # Nor this"
HOSTILE_CLAIM = """\
---
title: "First line --- ## Not a heading # Nor this"
claim: "Said\\n---\\nthis"
claimant: "## Someone"
claim_date: 2021-09-06
verdict: unverified
summary: "---"
sources:
  - outlet: "# Hash Outlet"
    title: "Report ## sub"
    stance: reports
tags: ["## tag", "--- tag"]
---
Before the code.

```
## not a heading
---
# nor this
```

After the code.
"""


def test_values_and_code_lines_never_become_headings_or_front_matter(tmp_path):
    project = make_project(tmp_path / "p")
    write_claim(project / "content/claims", "hostile.md", HOSTILE_CLAIM)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    page = soup(project / "site", "claims/hostile")
    article = content(page)
    headings = [(h.name, h.get("id")) for h in article.find_all(["h2", "h3", "h4", "h5", "h6"])]
    assert headings == [("h2", "sources"), ("h2", "analysis"), ("h2", "update-log")]
    toc = [a["href"] for a in page.select("nav.md-nav--secondary a")]
    assert toc == ["#sources", "#analysis", "#update-log"]
    assert " ".join(article.h1.get_text().split()) == " ".join(HOSTILE_TITLE.split())
    assert "## not a heading\n---\n# nor this" in article.select_one(".fc-analysis pre").get_text()
    assert "After the code." in article.select_one(".fc-analysis").get_text()
    assert article.select_one("blockquote.fc-claim__text cite").get_text() == "## Someone"
    assert page.title.get_text().startswith("First line")


# Values of several lines, each line anything, markdown and front-matter syntax included.
_LINES = st.lists(
    st.one_of(st.sampled_from(["## a", "# b", "###### c { data-search-exclude }", "---", "", "===", "```"]),
              st.text(alphabet=st.sampled_from(list("#-= `ab<>&*\r")), max_size=12)),
    min_size=1, max_size=5,
).map("\n".join)  # fmt: skip


@hyp_settings(max_examples=60, deadline=None)
@given(title=_LINES, claimant=_LINES, outlet=_LINES, code=_LINES)
def test_no_value_or_code_line_changes_a_claim_pages_structure(title, claimant, outlet, code):
    """The fast path's headings and TOC are exactly the template's, whatever the values."""
    from generator.indexes import build_indexes
    from generator.loader import load_claims
    from generator.pages import PageBuilder
    from generator.settings import Settings

    settings = Settings(claims_dir=FIXTURE_CLAIMS, site_name="Test")
    claims = list(load_claims(settings).claims)
    claim = claims[0]
    sources = (claim.sources[0].model_copy(update={"outlet": outlet or "x"}),) + tuple(claim.sources[1:])
    edited = claim.model_copy(update={"title": title or "x", "claimant": claimant or "x", "sources": sources,
                                      "body": f"Text.\n\n```\n{code}\n```\n\n## Own heading\n"})  # fmt: skip
    ix = build_indexes([edited, *claims[1:]], settings)
    page = PageBuilder(settings, ix).claim_page(edited)
    ids = [h.id for h in page.body().toc]
    expected = ["sources", "analysis", "related-claims", "update-log"] if ix.related.get(edited.id) else \
        ["sources", "analysis", "update-log"]  # fmt: skip
    assert ids == expected


def test_the_build_log_names_each_featured_id_that_is_not_a_claim(tmp_path):
    project = make_project(tmp_path / "p")
    config = project / "mkdocs.yml"
    featured = "featured: [isi-chief-in-kabul, isi-chief-in-kabu]"
    config.write_text(config.read_text().replace("featured: []", featured))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr  # the home page skips it: not a --strict failure
    named = "featured: 'isi-chief-in-kabu' is not a claim; did you mean 'isi-chief-in-kabul'?"
    assert named in result.stderr
    assert "'isi-chief-in-kabul' is not a claim" not in result.stderr
