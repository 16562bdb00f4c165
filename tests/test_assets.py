"""Static assets every site ships: the self-hosted text face (DejaVu Sans from Debian's
fonts-dejavu-core, Latin subset as WOFF2), copied into the site, never fetched from a
font CDN."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

from generator.assets import FONT_FILES, HERE, PREFIX, asset_outputs

ROOT = Path(__file__).resolve().parent.parent
FONT_HOSTS = ("fonts.googleapis.com", "fonts.gstatic.com")
WOFF2 = [uri for uri in FONT_FILES if uri.endswith(".woff2")]
CSS = (HERE / "factcheck.css").read_text("utf-8")


def test_one_regular_and_one_bold_face_ship_small_with_their_licence():
    outputs = {o.path: o.data for o in asset_outputs()}
    assert len(WOFF2) == 2
    for uri in WOFF2:
        assert outputs[uri][:4] == b"wOF2" and len(outputs[uri]) < 40_000  # bytes per face
    assert b"Bitstream Vera" in outputs[PREFIX + "fonts/LICENSE-DejaVu.txt"]


def test_font_face_rules_never_relayout_and_name_our_files_relatively():
    faces = re.findall(r"@font-face\s*{([^}]*)}", CSS)
    assert len(faces) == 2
    for face in faces:
        assert "font-display: optional" in face  # a late face never moves the text
        url = re.search(r'url\("([^"]+)"\)', face).group(1)
        assert not url.startswith(("/", "http")) and PREFIX + url in FONT_FILES
    assert re.search(r'--md-text-font:\s*"FC DejaVu Sans"', CSS)


def test_the_subset_tool_and_the_css_declare_the_same_unicode_range():
    tool = (ROOT / "tools/subset_fonts.py").read_text("utf-8")
    declared = re.search(r'UNICODE_RANGE = \(\s*"([^"]+)"', tool).group(1).split(",")
    for ranges in re.findall(r"unicode-range:\s*([^;]+);", CSS):
        assert [r.strip() for r in ranges.split(",")] == declared


def test_every_page_preloads_exactly_our_faces(built_site: Path):
    """`optional` uses a face only if it is there at first paint: each page asks for
    both files with the HTML, as CORS requests (fonts are), so the preload is reused."""
    for path in [built_site / "index.html", *list(built_site.glob("claims/*/index.html"))[:5]]:
        html = path.read_text("utf-8")
        preloads = re.findall(r"<link rel=\"preload\" href=\"([^\"]+)\" as=\"font\" type=\"font/woff2\" crossorigin>", html)
        resolved = sorted((path.parent / href).resolve().relative_to(built_site.resolve()).as_posix() for href in preloads)
        assert resolved == sorted(WOFF2), path


def test_the_site_serves_the_fonts_and_no_page_names_a_font_cdn(built_site: Path):
    for uri in FONT_FILES:
        assert (built_site / uri).read_bytes() == (HERE / uri.removeprefix(PREFIX)).read_bytes()
    assert 'font: false' in (ROOT / "mkdocs.yml").read_text("utf-8")  # no Google Fonts link
    for path in [*built_site.rglob("*.html"), *built_site.rglob("*.css")]:
        text = path.read_text("utf-8", errors="replace")
        assert not any(host in text for host in FONT_HOSTS), path


@pytest.mark.browser
def test_a_page_loads_our_font_and_requests_no_font_cdn(page: Page, site_url: str):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + "claims/isi-chief-in-kabul/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.fonts.check('16px \"FC DejaVu Sans\"')")
    loaded = "[...document.fonts].some(f => f.family.includes('FC DejaVu') && f.status === 'loaded')"
    assert page.evaluate(loaded)
    assert any(url.endswith("fonts/dejavu-sans-latin.woff2") for url in requested)
    assert not any(host in url for url in requested for host in FONT_HOSTS)
