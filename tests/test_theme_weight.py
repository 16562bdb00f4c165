"""The theme overrides that keep every page light (issue #14), checked on the built
fixture site: icons by reference to one sprite, a pruned drawer on pages outside the
navigation, no blank template lines."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

SPRITE = "assets/factcheck/icons.svg"


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "/embed/" not in p.as_posix())


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def test_every_icon_of_every_page_is_a_symbol_of_the_sprite(built_site: Path):
    sprite = soup(built_site / SPRITE)
    symbols = {s["id"] for s in sprite.find_all("symbol")}
    assert symbols and all(s.find("svg") for s in sprite.find_all("symbol"))
    for path in pages(built_site):
        page = soup(path)
        base = "https://x.test/" + path.relative_to(built_site).as_posix()
        for use in page.find_all("use"):
            target = urlsplit(urljoin(base, use["xlink:href"]))
            # 404.html is served at any address, so MkDocs makes its links root-based.
            wanted = "/" + SPRITE if path.name != "404.html" else target.path
            assert target.path == wanted and wanted.endswith("/" + SPRITE), path
            assert target.fragment in symbols, (path, target.fragment)
        # Material's own icons are all by reference: no inline <path> in the chrome.
        for part in page.select("header, .md-top, .md-social"):
            assert not part.find("path"), (path, part.name)


def test_pages_outside_the_nav_get_a_pruned_drawer_pages_in_it_the_whole_tree(built_site: Path):
    claim = soup(built_site / "claims/taliban-conquered-panjshir/index.html")
    drawer = claim.select_one(".md-nav--primary")
    assert drawer.select(".md-nav__item--pruned")
    assert not drawer.select("nav.md-nav[data-md-level='1']")  # no section's subtree
    about = soup(built_site / "about/index.html")
    assert about.select(".md-nav--primary nav.md-nav[data-md-level='1']")
    assert not about.select(".md-nav__item--pruned")


def test_no_page_carries_runs_of_blank_template_lines(built_site: Path):
    for path in pages(built_site):
        assert not re.search(r"\n[ \t]*\n[ \t]*\n[ \t]*\n", path.read_text("utf-8")), path
