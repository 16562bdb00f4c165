"""The fast path must render generated pages exactly as Python-Markdown would."""

import re

import markdown
import pytest
from bs4 import BeautifulSoup

from generator.headings import nest, render_headings
from generator.indexes import build_indexes
from generator.loader import load_claims
from generator.pages import PageBuilder


def normalised(html: str) -> str:
    """Parsed and re-serialised, with whitespace between tags (insignificant here) removed."""
    return re.sub(r">\s+<", "><", " ".join(str(BeautifulSoup(html, "html.parser")).split()))


@pytest.fixture
def pages(settings):
    ix = build_indexes(load_claims(settings).claims, settings)
    return list(PageBuilder(settings, ix).all_pages())


def test_every_built_in_page_renders_as_python_markdown_would(pages):
    for page in pages:
        body = page.content.split("---\n", 2)[2]
        expected = markdown.markdown(body, extensions=["attr_list", "toc"], extension_configs={"toc": {"permalink": True}})
        assert normalised(page.body().html) == normalised(expected), page.path


def test_the_toc_nests_headings_with_markdown_ids():
    rendered = render_headings("<p>x</p>\n\n## Sources & notes\n\n### Wire\n\n## Sources & notes\n")
    assert [(h.level, h.id, h.name) for h in rendered.toc] == [
        (2, "sources-notes", "Sources &amp; notes"), (2, "sources-notes_1", "Sources &amp; notes")]  # fmt: skip
    assert [c.id for c in rendered.toc[0].children] == ["wire"]
    assert '<h2 id="sources-notes">Sources &amp; notes<a class="headerlink"' in rendered.html


def test_nest_handles_skipped_levels():
    from generator.headings import Heading

    tree = nest([Heading(3, "a", "a"), Heading(2, "b", "b"), Heading(4, "c", "c")])
    assert [h.id for h in tree] == ["a", "b"] and tree[1].children[0].id == "c"
