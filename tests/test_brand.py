"""Brand colours from configuration, checked for WCAG AA contrast at build time."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_project, mkdocs_build, read_mkdocs_yml, set_plugin_option
from hypothesis import given
from hypothesis import strategies as st

from generator.assets import asset_outputs
from generator.brand import AA_TEXT, BrandColourError, check_brand_colour, contrast

hex_colours = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06x}")


def test_known_contrasts():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#fff", "#ffffff") == pytest.approx(1)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the AA grey


@given(hex_colours, hex_colours)
def test_contrast_is_symmetric_and_bounded(a: str, b: str):
    assert contrast(a, b) == pytest.approx(contrast(b, a))
    assert 1 <= contrast(a, b) <= 21.0001


@given(hex_colours)
def test_a_brand_colour_is_accepted_exactly_when_it_reaches_aa_against_white(colour: str):
    if contrast(colour, "#ffffff") >= AA_TEXT:
        assert check_brand_colour(colour) == colour
    else:
        with pytest.raises(BrandColourError, match="brand_colour: .* below WCAG AA"):
            check_brand_colour(colour)


@pytest.mark.parametrize("text", ["red", "#12345", "#gggggg", ""])
def test_text_that_is_no_colour_is_refused(text: str):
    with pytest.raises(BrandColourError, match="brand_colour: .* #rgb or #rrggbb"):
        check_brand_colour(text)


def test_the_stylesheet_carries_the_brand_colour():
    css = {o.path: o.data for o in asset_outputs("#0b4f6c")}["assets/factcheck/factcheck.css"]
    assert b"--md-primary-fg-color: #0b4f6c" in css
    plain = {o.path: o.data for o in asset_outputs()}["assets/factcheck/factcheck.css"]
    assert b"brand_colour" not in plain


def build_with_brand(tmp_path: Path, colour: str):
    project = make_project(tmp_path / "project")
    set_plugin_option(project, "brand_colour", colour)
    return project, mkdocs_build(project)


def test_a_low_contrast_brand_colour_stops_the_build_naming_the_option(tmp_path: Path):
    _, result = build_with_brand(tmp_path, "#ffcc00")
    assert result.returncode != 0
    assert "brand_colour: #ffcc00 has a contrast of 1.51:1" in result.stderr
    assert "Traceback" not in result.stderr


def assert_our_logo_and_favicon(site: Path, page: str = "index.html", prefix: str = "") -> None:
    """The header shows the desk's logo (an <img>, not Material's inline book icon), the
    favicon link points at our file, and both files are in the built site."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site / page).read_text("utf-8"), "html.parser")
    logo = soup.select_one(".md-header .md-logo")
    assert logo is not None and logo.find("svg") is None  # Material's default is inline SVG
    assert logo.find("img")["src"] == prefix + "assets/logo.svg"
    assert soup.head.find("link", rel="icon")["href"] == prefix + "assets/favicon.svg"
    for name in ("logo.svg", "favicon.svg"):
        drawn = (site / "assets" / name).read_text("utf-8")
        assert drawn.startswith("<svg") and "#0b4f6c" in drawn  # ours, in the brand colour


def test_the_built_header_shows_our_logo_and_favicon(built_site: Path):
    assert_our_logo_and_favicon(built_site)
    assert_our_logo_and_favicon(built_site, "claims/isi-chief-in-kabul/index.html", "../../")


def test_new_sites_and_the_flagship_configure_a_logo_and_favicon(tmp_path: Path):
    import datetime as dt

    from generator.site_template import create_site

    create_site(tmp_path / "new", site_name="New desk", today=dt.date(2026, 11, 23))
    for root in (Path(__file__).resolve().parent.parent, tmp_path / "new"):
        theme = read_mkdocs_yml(root / "mkdocs.yml")["theme"]
        assert (theme["logo"], theme["favicon"]) == ("assets/logo.svg", "assets/favicon.svg")
        for name in ("logo.svg", "favicon.svg"):
            assert (root / "docs/assets" / name).is_file()
