"""Brand colours from configuration, checked for WCAG AA contrast at build time."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import make_project, mkdocs_build, read_mkdocs_yml
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
    config = read_mkdocs_yml(project / "mkdocs.yml")
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "factcheck" in plugin:
            plugin["factcheck"]["brand_colour"] = colour
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return project, mkdocs_build(project)


def test_a_low_contrast_brand_colour_stops_the_build_naming_the_option(tmp_path: Path):
    _, result = build_with_brand(tmp_path, "#ffcc00")
    assert result.returncode != 0
    assert "brand_colour: #ffcc00 has a contrast of 1.51:1" in result.stderr
    assert "Traceback" not in result.stderr
