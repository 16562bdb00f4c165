"""`factcheck generate` builds (no plugin) carry the trust outputs too: the footer's
transparency links (theme override), the per-entity feed links and the new pages."""

from __future__ import annotations

import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import make_project, mkdocs_build

from generator.cli import main


def test_a_folder_build_links_the_transparency_pages_and_feeds(tmp_path, monkeypatch):
    project = make_project(tmp_path / "p")
    monkeypatch.chdir(project)
    assert CliRunner().invoke(main, ["generate", "--out", "build/folder"]).exit_code == 0
    out = project / "build/folder"
    extra = yaml.safe_load((out / "mkdocs.yml").read_text())["extra"]
    assert {"label": "Team", "url": "team/"} in extra["factcheck_policy_links"]
    built = mkdocs_build(out)
    assert built.returncode == 0, built.stderr
    page = BeautifulSoup((out / "site/claims/isi-chief-in-kabul/index.html").read_text(), "html.parser")
    links = {a.get_text(): a["href"] for a in page.select("footer nav.fc-policy-links a")}
    assert links["Team"] == "../../team/" and links["Transparency self-audit"] == "../../transparency/"
    person = BeautifulSoup((out / "site/people/ahmad-massoud/index.html").read_text(), "html.parser")
    feeds = [l["href"] for l in person.head.find_all("link", type="application/atom+xml")]
    assert "feed.xml" in feeds and (out / "site/people/ahmad-massoud/feed.xml").is_file()
    for path in ("transparency/index.html", "corrections/log/index.html", "feed.json"):
        assert (out / "site" / path).is_file()
