"""A site built from a claim with hostile values in every field must carry no script,
event handler or javascript:/data: URL that came from them."""

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, make_project, mkdocs_build

from generator.slugs import entity_slug


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("hostile") / "p")
    shutil.copy(FIXTURES / "hostile/evil-claim.md", project / "content/claims")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def all_pages(site: Path):
    for html in sorted(site.rglob("*.html")):
        yield html, BeautifulSoup(html.read_text("utf-8"), "html.parser")


def inline_scripts(site: Path) -> set[str]:
    return {s.string or "" for _, page in all_pages(site) for s in page.find_all("script")
            if not s.get("src") and not s.get("type")}  # fmt: skip


def test_no_script_handler_or_dangerous_url_comes_from_claim_values(hostile_site, built_site):
    theme_scripts = inline_scripts(built_site)  # the same site with harmless claims
    for html, page in all_pages(hostile_site):
        for script in page.find_all("script"):
            src = script.get("src", "")
            if src:
                assert "assets/javascripts/" in src or "assets/factcheck/" in src, (html, src)
            elif script.get("type") in ("application/json", "application/ld+json"):
                json.loads(script.string)  # data, and still valid JSON
            else:
                assert (script.string or "") in theme_scripts, (html, script.string)
        for tag in page.find_all(True):
            assert not [a for a in tag.attrs if a.lower().startswith("on")], (html, tag)
            for attr in ("href", "src", "action", "formaction"):
                value = (tag.get(attr) or "").strip().lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), (html, tag)
        content = page.select_one(".md-content")
        assert content is None or not content.find_all(["iframe", "style", "object", "embed"])


def test_hostile_values_are_shown_as_text(hostile_site):
    page = BeautifulSoup((hostile_site / "claims/evil-claim/index.html").read_text("utf-8"), "html.parser")
    assert page.title.string.startswith("</title><script>alert('title')</script>")
    assert page.select_one("article h1").text.startswith("</title><script>")
    assert "</script><script>alert('claim')</script>" in page.select_one(".fc-claim__text p").text
    assert page.select_one(".fc-claim__text cite").text.startswith('<a href="javascript:alert(1)">')
    people = [a.text for a in page.select(".fc-facts a") if "people/" in a["href"]]
    assert people == ["<script>alert('person')</script>", "احمد مسعود 🇦🇫"]
    assert "{{ config }}" in page.text  # not evaluated as a template


def test_json_ld_keeps_hostile_text_intact_and_inert(hostile_site):
    page = BeautifulSoup((hostile_site / "claims/evil-claim/index.html").read_text("utf-8"), "html.parser")
    (script,) = page.head.find_all("script", type="application/ld+json")
    review = json.loads(script.string)
    assert review["claimReviewed"] == "</script><script>alert('claim')</script> \"quoted\" & <b>bold</b>"
    assert "</script" not in script.string
    csv_text = (hostile_site / "claims.csv").read_text("utf-8")
    assert "evil-claim" in csv_text


def test_analysis_html_is_sanitised(hostile_site):
    page = BeautifulSoup((hostile_site / "claims/evil-claim/index.html").read_text("utf-8"), "html.parser")
    analysis = page.select_one(".fc-analysis")
    assert analysis.find("script") is None
    assert [a.get("href") for a in analysis.find_all("a")] == [None, None]
    assert "a div" in analysis.text


def test_generated_paths_stay_inside_the_site(hostile_site):
    site = hostile_site.resolve()
    for path in site.rglob("*"):
        assert site in path.resolve().parents
    slug = entity_slug("احمد مسعود 🇦🇫")  # a flag is not part of a name's identity
    assert slug == "احمد-مسعود"
    assert (hostile_site / f"people/{slug}/index.html").is_file()
