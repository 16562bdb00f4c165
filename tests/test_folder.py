"""The folder adapter: the same pages, buildable without the factcheck plugin."""

import json

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import make_project, mkdocs_build

from generator.adapters.folder import MARKER, UnsafeOutput, write_folder
from generator.cli import main
from generator.pages import Output


def test_generated_folder_builds_with_plain_mkdocs(tmp_path, monkeypatch):
    project = make_project(tmp_path / "p")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["generate", "--out", "build/folder"])
    assert result.exit_code == 0, result.output
    out = project / "build/folder"
    assert (out / "docs/claims/isi-chief-in-kabul.md").is_file()
    assert (out / "docs/methodology.md").is_file()  # hand-written pages come along
    config = yaml.safe_load((out / "mkdocs.yml").read_text())
    assert config["plugins"] == ["search"]
    built = mkdocs_build(out)
    assert built.returncode == 0, built.stderr
    page = BeautifulSoup((out / "site/claims/isi-chief-in-kabul/index.html").read_text(), "html.parser")
    assert page.select_one(".fc-badge").get_text(" ", strip=True) == "✓ Confirmed by multiple outlets"
    assert (out / "site/assets/factcheck/factcheck.css").is_file()
    review = page.head.find("script", type="application/ld+json")  # via the theme override
    assert json.loads(review.string)["@type"] == "ClaimReview"
    assert page.head.find("link", type="application/atom+xml")["href"] == "../../feed.xml"
    assert page.select_one(".md-search[role=dialog]")["aria-label"] == "Search"  # the same overrides
    assert (out / "site/claims.json").is_file() and (out / "site/feed.xml").is_file()
    assert not (project / "docs/claims").exists()
    from test_brand import assert_our_logo_and_favicon

    assert_our_logo_and_favicon(out / "site")  # docs/assets/ comes along


def test_rerunning_replaces_only_its_own_output(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    out = tmp_path / "out"
    write_folder([Output("a.md", "A")], docs, out)
    write_folder([Output("b.md", "B")], docs, out)
    assert (out / MARKER).is_file()
    assert [p.name for p in (out / "docs").glob("*.md")] == ["b.md"]


def test_refuses_a_folder_it_did_not_write(tmp_path):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    with pytest.raises(UnsafeOutput):
        write_folder([Output("a.md", "A")], tmp_path / "docs", out)
    assert (out / "notes.txt").read_text() == "keep me"


def test_refuses_to_write_into_docs_or_content(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    with pytest.raises(UnsafeOutput):
        write_folder([Output("a.md", "A")], docs, docs / "generated")
    with pytest.raises(UnsafeOutput):
        write_folder([Output("a.md", "A")], docs, tmp_path / "content", protected=[tmp_path / "content"])
