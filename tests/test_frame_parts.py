"""Parts of the frame rendered once for the pages outside the navigation (frame_parts.py):
every page gets the HTML it would have rendered itself, whatever its URL, the links a
part holds, the order pages come in, and whatever templates a project overrides."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import pytest
from bs4 import BeautifulSoup
from conftest import add_theme_overrides, make_project, mkdocs_build, set_plugin_option, site_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import script_tag_filter, url_filter

from generator.adapters.frame_parts import FramePartMemo

# A part that prints every link it is given, made relative to the page, both ways MkDocs does.
LINKS = "{% for link in links %}{{ link | url }} {{ link | script_tag }}|{% endfor %}"


@dataclass
class Page:  # compared by value, so unhashable, as MkDocs' Page
    url: str
    title: str = ""


@dataclass
class Nav:
    pages: list[Page] = field(default_factory=list)


@pytest.fixture
def theme(tmp_path: Path) -> Path:
    """A theme folder the memo trusts, with the parts these tests include."""
    (tmp_path / "theme/partials").mkdir(parents=True)
    for name, text in {"links.html": LINKS, "title.html": "{{ page.title }}",
                       "other.html": "{{ other.title }}", "plain.html": "plain",
                       "about.html": '{{ "about/" | url }}',
                       "outer.html": '[{{ fc_frame_part("partials/about.html") }}]',
                       "nested.html": '{% include "partials/footer.html" %}',
                       "listed.html": '{% include ["partials/none.html", "partials/footer.html"] %}',
                       "footer.html": "Material's footer"}.items():  # fmt: skip
        (tmp_path / "theme/partials" / name).write_text(text)
    return tmp_path / "theme"


def environment(folders: list[Path], memo: FramePartMemo | None) -> jinja2.Environment:
    """MkDocs' two URL filters, and the memo watching them, as the plugin sets it up."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(f) for f in folders]))
    env.filters["url"] = url_filter
    env.filters["script_tag"] = script_tag_filter
    if memo is not None:
        env.globals["fc_frame_part"] = memo
        memo.watch(env)
    return env


def render(env: jinja2.Environment, part: str, page: Page, nav: Nav, **variables) -> str:
    """The part as base.html includes it: through the memo where the plugin offers it."""
    source = ('{% if fc_frame_part is defined %}{{ fc_frame_part(part, **variables) }}'
              "{% else %}{% include part %}{% endif %}")  # fmt: skip
    base_url = get_relative_url(".", page.url)  # as MkDocs sets it for the page
    return env.from_string(source).render(page=page, nav=nav, base_url=base_url, part=part,
                                          variables=variables, **variables)  # fmt: skip


segments = st.sampled_from(["a", "b", "claims", "x", "index.html", "page.html", ".."])
paths = st.lists(segments, max_size=4).map("/".join)
page_urls = st.lists(segments.filter(lambda s: s != ".."), max_size=3).map(
    lambda parts: "/".join(parts) + ("" if parts and "." in parts[-1] else "/" if parts else "")
)
links = st.one_of(paths, paths.map(lambda p: p + "/"), st.sampled_from(
    ["", ".", "#top", "/abs/", "https://example.org/x", "../up/", "claims/x/embed/"]))  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(urls=st.lists(page_urls, min_size=1, max_size=12), links=st.lists(links, max_size=8),
       in_nav=st.sets(st.integers(0, 11), max_size=3))  # fmt: skip
def test_every_page_gets_what_it_would_render_itself(theme, urls, links, in_nav):
    """Pages in any folders, at any depth, linking anywhere (their own folder, a
    parent, the site's root, absolute and external addresses), some in the nav."""
    pages = [Page(url) for url in urls]
    nav = Nav([page for number, page in enumerate(pages) if number in in_nav])
    memo = FramePartMemo([str(theme)])
    shared, alone = environment([theme], memo), environment([theme], None)
    for page in pages:
        made = render(shared, "partials/links.html", page, nav, links=links)
        assert made == render(alone, "partials/links.html", page, nav, links=links)


def test_pages_of_one_folder_share_the_part_and_one_linked_from_inside_renders_its_own(theme):
    memo, nav = FramePartMemo([str(theme)]), Nav()
    env = environment([theme], memo)
    for name in ("one", "two", "three"):
        assert render(env, "partials/links.html", Page(f"claims/{name}/"), nav, links=["claims/", "about/"]) == \
            '../ <script src="../"></script>|../../about/ <script src="../../about/"></script>|'
    assert memo.reused == 2
    # A link into a page's own folder comes out differently for it: rendered afresh.
    inside = ["claims/three/embed/"]
    assert render(env, "partials/links.html", Page("claims/three/"), nav, links=inside).startswith("embed/ ")
    assert render(env, "partials/links.html", Page("claims/one/"), nav, links=inside).startswith("../three/")


def test_a_page_in_the_nav_renders_its_own_parts(theme):
    """The nav marks a page in it (and its section) active: nothing shared."""
    pages = [Page("a/", "A"), Page("b/", "B"), Page("c/", "C")]
    memo = FramePartMemo([str(theme)])
    env = environment([theme], memo)
    nav = Nav(pages[:2])
    assert [render(env, "partials/title.html", page, nav) for page in pages] == ["A", "B", "C"]
    assert memo.reused == 0


def test_a_variable_that_is_no_plain_value_renders_the_part(theme):
    memo, nav = FramePartMemo([str(theme)]), Nav()
    env = environment([theme], memo)
    first = render(env, "partials/other.html", Page("a/x/"), nav, other=Page("p/", "Previous"))
    second = render(env, "partials/other.html", Page("a/y/"), nav, other=Page("q/", "Another"))
    assert (first, second, memo.reused) == ("Previous", "Another", 0)


def test_a_part_that_is_or_includes_a_template_of_the_project_is_never_shared(theme, tmp_path):
    """A project's `custom_dir` may print anything of the page in a partial: only
    Material's templates and the plugin's overrides are trusted."""
    project = tmp_path / "project"
    (project / "partials").mkdir(parents=True)
    (project / "partials/footer.html").write_text("Footer of {{ page.title }}")
    memo, nav = FramePartMemo([str(theme)]), Nav()
    env = environment([project, theme], memo)
    pages = [Page(f"claims/{n}/", f"Claim {n}") for n in range(3)]
    for part in ("partials/nested.html", "partials/listed.html", "partials/footer.html"):
        assert [render(env, part, p, nav) for p in pages] == [f"Footer of Claim {n}" for n in range(3)]
    assert memo.reused == 0
    assert [render(env, "partials/plain.html", p, nav) for p in pages] == ["plain"] * 3
    assert memo.reused == 2


def test_an_enclosing_part_knows_the_links_of_a_part_shared_inside_it(theme):
    """A part shared inside another still makes the outer one depend on its links."""
    memo, nav = FramePartMemo([str(theme)]), Nav()
    env = environment([theme], memo)
    assert render(env, "partials/about.html", Page("claims/a/"), nav) == "../../about/"
    assert render(env, "partials/outer.html", Page("claims/b/"), nav) == "[../../about/]"
    assert memo.reused == 1  # the inner part
    assert render(env, "partials/outer.html", Page("about/x/"), nav) == "[../]"  # so not the outer


def test_a_site_built_with_the_frame_shared_is_the_one_built_without(tmp_path, monkeypatch):
    """The fixture claims built twice: sharing the frame's parts (in-process, the memo
    watched) and with `share_frame: false` (MkDocs' CLI): the same files, byte for byte."""
    from mkdocs.commands.build import build

    project = make_project(tmp_path / "p")
    memos: list[FramePartMemo] = []
    made = FramePartMemo.__init__
    monkeypatch.setattr(FramePartMemo, "__init__", lambda self, *a: memos.append(self) or made(self, *a))
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "shared")))
    claims = len(list((tmp_path / "shared/claims").glob("*/index.html")))
    assert claims >= 3 and len(memos) == 1
    assert memos[0].reused >= 8 * (claims - 1)  # eight parts a claim page, but the first
    set_plugin_option(project, "share_frame", False)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert site_files(tmp_path / "shared") == site_files(project / "site")


def test_a_projects_own_partial_prints_each_pages_own(tmp_path):
    """A project overriding Material's footer (`custom_dir`) to print the page's title
    gets each claim page's own in its footer."""
    project = make_project(tmp_path / "p")
    add_theme_overrides(project, {
        "partials/footer.html": '<footer class="md-footer">Footer of {{ page.title }}</footer>'})
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    pages = sorted((project / "site/claims").glob("*/index.html"))
    assert len(pages) >= 3
    for path in pages:
        page = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        assert page.select_one("footer.md-footer").text == f"Footer of {page.h1.text}"
