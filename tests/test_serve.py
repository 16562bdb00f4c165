"""`mkdocs serve` through the plugin's events, as the dev server drives them: one
plugin instance across `--dirty` rebuilds into one site folder. A claim error never
fails a serve rebuild (MkDocs' server would hold every request until it is fixed)."""

from __future__ import annotations

import json
import signal
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import VALID_CLAIM, make_project, mkdocs_build, write_claim
from mkdocs.commands.build import build
from mkdocs.config import load_config

SERVE_URL = "http://127.0.0.1:8000/factcheck-site/"


class Serve:
    """A project served with `mkdocs serve --dirty`, rebuilt on demand."""

    def __init__(self, project: Path, site: Path) -> None:
        self.project, self.site = project, site
        self.rebuild(first=True)

    def rebuild(self, first: bool = False) -> None:
        config = load_config(str(self.project / "mkdocs.yml"), site_dir=str(self.site))
        if first:
            config.plugins.on_startup(command="serve", dirty=True)
        config.site_url = SERVE_URL
        build(config, serve_url=SERVE_URL, dirty=True)

    def problems(self) -> list[str]:
        return json.loads((self.site / "assets/factcheck/problems.json").read_text("utf-8"))

    def page(self, url: str) -> BeautifulSoup:
        return BeautifulSoup((self.site / url / "index.html").read_text("utf-8"), "html.parser")

    def search_locations(self) -> list[str]:
        index = json.loads((self.site / "search/search_index.json").read_text("utf-8"))
        return [doc["location"] for doc in index["docs"]]


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Serve:
    project = make_project(tmp_path / "p")
    monkeypatch.chdir(project)  # where contributors run `make serve`
    return Serve(project, tmp_path / "site")


CLAIMS = "content/claims"


def test_claim_errors_show_in_the_preview_and_the_other_claims_stay(served):
    claims = served.project / CLAIMS
    isi = claims / "isi-chief-in-kabul.md"
    good = isi.read_text()
    isi.write_text(good.replace("verdict: confirmed by multiple outlets", "verdict: flase"))
    write_claim(claims, "worse.md", "---\ntitle: [\n---\n")
    served.rebuild()
    problems = served.problems()
    assert len(problems) == 2
    assert problems[0].startswith("content/claims/isi-chief-in-kabul.md:6: verdict: ")
    assert problems[1].startswith("content/claims/worse.md:2: front-matter: ")
    error_page = served.page("claims/isi-chief-in-kabul").select_one(".fc-problems")
    assert problems[0] in error_page.get_text()
    assert problems[1] in served.page("claims/worse").select_one(".fc-problems").get_text()
    assert served.page("claims/resistance-holds-positions").select_one(".fc-verdict")
    assert "isi-chief-in-kabul" not in served.page("claims").select_one("article").decode()
    home = served.page("")
    assert home.find("script", src=lambda s: s and s.endswith("preview-problems.js"))
    isi.write_text(good)
    (claims / "worse.md").unlink()
    served.rebuild()
    assert served.problems() == []
    assert served.page("claims/isi-chief-in-kabul").select_one(".fc-verdict")
    assert not (served.site / "claims/worse").exists()


def test_a_cross_file_problem_leaves_out_the_claims_it_names(served):
    claims = served.project / CLAIMS
    write_claim(claims, "copy.md", (claims / "isi-chief-in-kabul.md").read_text()
                .replace("title: Pakistan", "id: isi-chief-in-kabul\ntitle: Pakistan"))  # fmt: skip
    served.rebuild()
    assert any("copy.md" in p and ": id: " in p for p in served.problems())


@pytest.mark.parametrize("how", ["delete", "rename"])
def test_deleting_or_renaming_a_claim_removes_its_page_and_search_entry(served, how):
    claims = served.project / CLAIMS
    old = claims / "resistance-holds-positions.md"
    assert any(loc.startswith("claims/resistance-holds-positions/") for loc in served.search_locations())
    if how == "delete":
        old.unlink()
    else:
        old.rename(claims / "resistance-renamed.md")
    served.rebuild()
    assert not (served.site / "claims/resistance-holds-positions").exists()
    locations = served.search_locations()
    assert not [loc for loc in locations if loc.startswith("claims/resistance-holds-positions/")]
    assert len(locations) == len(set(locations))  # rebuilt pages are not listed twice
    if how == "rename":
        assert (served.site / "claims/resistance-renamed/index.html").is_file()
        assert any(loc.startswith("claims/resistance-renamed/") for loc in locations)


def _html(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*.html")}


def test_a_dirty_rebuild_renders_the_pages_an_edit_changed_and_no_other(served, tmp_path):
    """MkDocs re-renders a generated page under --dirty only when the page store wrote a
    new version of it (serve_memo.StoredFile): after each edit the site's pages are
    those a fresh preview builds, and a page the edit did not change is not rewritten."""
    claims = served.project / CLAIMS
    untouched = served.site / "claims/isi-chief-in-kabul/index.html"
    edited = claims / "resistance-holds-positions.md"
    assert "resistance-holds-positions" not in untouched.read_text()  # no edit reaches it
    added = edited.read_text().replace("\ntitle: ", "\ntitle: Added ", 1)
    # A page that comes back with the very bytes it had is stored as it was: MkDocs must
    # still put it back in the site it was removed from.
    for change in ("analysis", "title", "add", "delete", "add again"):
        before = untouched.stat().st_mtime_ns
        if change == "analysis":
            edited.write_text(edited.read_text() + "\nA new paragraph of analysis.\n")
        elif change == "title":
            edited.write_text(edited.read_text().replace("\ntitle: ", "\ntitle: Retitled ", 1))
        elif change.startswith("add"):
            write_claim(claims, "added.md", added)
        else:
            (claims / "added.md").unlink()
        served.rebuild()
        assert untouched.stat().st_mtime_ns == before, change
    analysis = served.page("claims/resistance-holds-positions").get_text()
    assert "A new paragraph of analysis." in analysis
    assert "Retitled " in served.page("claims").get_text()
    assert (served.site / "claims/added/index.html").is_file()
    fresh = Serve(served.project, tmp_path / "fresh-site")
    assert _html(served.site) == _html(fresh.site)
    # The search index, made of the kept entries and the rebuilt pages' (served_search):
    served_docs, fresh_docs = (_search_docs(site) for site in (served.site, fresh.site))
    assert sorted(served_docs, key=json.dumps) == sorted(fresh_docs, key=json.dumps)


def _search_docs(site: Path) -> list[dict[str, object]]:
    return json.loads((site / "search/search_index.json").read_text("utf-8"))["docs"]


def test_share_cards_and_embeds_follow_each_edit_beside_mkdocs(served):
    """Under --dirty they are copied into the site by the plugin, not handed to MkDocs."""
    claims = served.project / CLAIMS
    card, embed = served.site / "cards/isi-chief-in-kabul.png", served.site / "claims/isi-chief-in-kabul/embed/index.html"
    before = card.read_bytes()
    assert "The head of Pakistan" in embed.read_text("utf-8")
    path = claims / "isi-chief-in-kabul.md"
    path.write_text(path.read_text().replace("claim: The head", "claim: Retold, the head"))
    served.rebuild()
    assert card.read_bytes() != before and "Retold, the head" in embed.read_text("utf-8")
    path.unlink()
    served.rebuild()
    assert not card.exists() and not embed.exists()


def test_without_dirty_the_per_claim_files_stay_mkdocs_files(tmp_path):
    project = make_project(tmp_path / "p")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url=SERVE_URL, dirty=False)
    assert config.plugins["factcheck"].side_files is None
    assert (tmp_path / "site/cards/isi-chief-in-kabul.png").is_file()
    assert (tmp_path / "site/claims/isi-chief-in-kabul/embed/index.html").is_file()


def test_serve_watches_the_claims_and_the_template_overrides(tmp_path):
    project = make_project(tmp_path / "p")
    text = (project / "mkdocs.yml").read_text().replace("claims_dir: content/claims", "claims_dir: content/claims\n      templates_dir: templates")
    (project / "mkdocs.yml").write_text(text)
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=True)
    config = config.plugins.on_config(config)
    assert str(project / "content/claims") in config.watch
    assert str(project / "templates") in config.watch


def test_a_draft_is_previewed_with_a_banner(served):
    write_claim(served.project / CLAIMS, "a-draft.md", VALID_CLAIM.replace("---\n", "---\ndraft: true\n", 1))
    served.rebuild()
    assert served.problems() == []
    banner = served.page("claims/a-draft").select_one(".fc-draft")
    assert banner is not None and "Draft — not published" in banner.get_text()
    assert served.page("claims/isi-chief-in-kabul").select_one(".fc-draft") is None


def test_a_draft_is_never_published_by_a_build(tmp_path):
    project = make_project(tmp_path / "p")
    write_claim(project / CLAIMS, "a-draft.md",
                VALID_CLAIM.replace("---\n", "---\ndraft: true\n", 1).replace("A headline", "Draft headline"))  # fmt: skip
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert not (site / "claims/a-draft").exists()
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".csv", ".xml"}:
            text = path.read_text("utf-8")
            assert "a-draft" not in text and "Draft headline" not in text, path


# A real `mkdocs serve` in headless Chromium.

from serve_support import mkdocs_serve, status, wait_for  # noqa: E402


def shows(page, url: str, selector: str, text: str = "") -> bool:
    """Whether `url`, freshly loaded, has `selector` (containing `text`)."""
    page.goto(url, timeout=60_000)
    found = page.locator(selector)
    return found.count() > 0 and text in found.first.inner_text()


def test_the_preview_shows_an_error_keeps_answering_and_recovers(tmp_path, page):
    project = make_project(tmp_path / "p")
    isi = project / CLAIMS / "isi-chief-in-kabul.md"
    good = isi.read_text()
    with mkdocs_serve(project) as base:
        claim_url = base + "claims/isi-chief-in-kabul/"
        assert shows(page, claim_url, ".fc-verdict")
        isi.write_text(good.replace("verdict: confirmed by multiple outlets", "verdict: flase"))
        message = "isi-chief-in-kabul.md:6: verdict: 'flase' is not a verdict of this site"
        wait_for(lambda: shows(page, claim_url, ".fc-problems", message), "the error page")
        # every other page answers, with the problem in an overlay
        assert shows(page, base + "claims/resistance-holds-positions/", ".fc-verdict")
        wait_for(lambda: message in page.locator(".fc-preview-problems").inner_text(timeout=10_000),
                 "the overlay")  # fmt: skip
        page.goto(claim_url, timeout=60_000)
        page.locator(".fc-problems").wait_for(timeout=60_000)
        isi.write_text(good)  # live reload brings the page back, no navigation needed
        page.locator(".fc-verdict").wait_for(timeout=120_000)
        assert page.locator(".fc-preview-problems").count() == 0
        gone = project / CLAIMS / "resistance-holds-positions.md"
        gone.unlink()
        wait_for(lambda: status(base + "claims/resistance-holds-positions/") == 404, "a 404")
        with urllib.request.urlopen(base + "search/search_index.json", timeout=30) as response:
            index = json.loads(response.read())
        assert not [d for d in index["docs"] if "resistance-holds-positions" in d["location"]]
        assert not [d for d in index["docs"] if "all strategic positions" in d["text"]]


def test_the_preview_stops_on_ctrl_c_even_where_its_parent_ignores_it(tmp_path, monkeypatch):
    """A CI runner's shell may start the tests with SIGINT ignored, which the server
    would inherit (the fresh-clone runs of .ci/run failed so; alone, they passed)."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        test_stopping_the_preview_removes_its_temporary_site(tmp_path, monkeypatch)
    finally:
        signal.signal(signal.SIGINT, previous)


def test_stopping_the_preview_removes_its_temporary_site(tmp_path, monkeypatch):
    """These tests and `make bench` stop `mkdocs serve` as Ctrl-C does: SIGTERM left
    MkDocs' temporary site folder behind (~0.8 GB at 10,000 claims) until the disk filled."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    with mkdocs_serve(make_project(tmp_path / "p")):
        assert any(p.name.startswith("mkdocs_") for p in temp.iterdir())  # where it builds
    left = [p.name for p in temp.iterdir() if p.name.startswith("mkdocs_")]
    # Say what the server said: no "Shutting down..." means it never saw the signal.
    log = (tmp_path / "serve.log").read_text(errors="replace")[-3000:]
    assert not left, f"{left} left behind; the server's log ends with:\n{log}"
