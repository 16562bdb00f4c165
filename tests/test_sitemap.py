"""The sitemap override lists what MkDocs' own sitemap template lists."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import mkdocs
import pytest
from conftest import FIXTURE_CLAIMS, make_project
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import Environment
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from generator.adapters.mkdocs_plugin import OVERRIDES

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MKDOCS_TEMPLATE = Path(mkdocs.__file__).parent / "templates" / "sitemap.xml"


@pytest.fixture(scope="module")
def theme_env(tmp_path_factory: pytest.TempPathFactory) -> Environment:
    """The theme's environment as the plugin leaves it for a real build."""
    project = make_project(tmp_path_factory.mktemp("sitemap") / "p")
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    env = config.theme.get_env()
    return config.plugins.on_env(env, config=config, files=Files([]))


def entries(xml: str) -> list[tuple[str | None, str | None]]:
    root = ET.fromstring(xml.encode("utf-8"))
    return [(url.findtext(f"{NS}loc"), url.findtext(f"{NS}lastmod")) for url in root]


# Text an XML document can hold; a page's update date is a date or nothing.
text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
pages = st.lists(st.one_of(st.none(), st.builds(
    SimpleNamespace,
    is_link=st.booleans(),
    canonical_url=st.one_of(st.none(), text),
    abs_url=st.one_of(st.none(), text),
    update_date=st.one_of(st.none(), st.just(""), st.dates().map(str)),
)), max_size=20)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(pages=pages)
def test_the_override_lists_the_entries_of_mkdocs_own_template(theme_env, pages):
    files = [SimpleNamespace(page=page) for page in pages]
    ours = theme_env.get_template("sitemap.xml")
    theirs = theme_env.from_string(MKDOCS_TEMPLATE.read_text("utf-8"))
    assert Path(ours.filename or "") == OVERRIDES / "sitemap.xml"
    assert entries(ours.render(pages=files)) == entries(theirs.render(pages=files))


def test_a_built_site_maps_every_claim_page(built_site):
    mapped = entries((built_site / "sitemap.xml").read_text("utf-8"))
    locs = {loc for loc, _ in mapped}
    for claim in FIXTURE_CLAIMS.glob("*.md"):
        assert f"https://factcheck-site.github.io/factcheck-site/claims/{claim.stem}/" in locs
    assert all(lastmod for _, lastmod in mapped)
    pages = [p for p in built_site.rglob("index.html") if "embed" not in p.parts]
    assert len(mapped) == len(pages)
