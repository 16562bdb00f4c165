"""What the MkDocs adapter keeps across serve rebuilds (adapters/serve_memo.py) is what
a fresh rebuild would make."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from generator.adapters.serve_memo import FileMemo

paths = st.lists(
    st.from_regex(r"[a-z]{1,6}(/[a-z]{1,6}){0,2}\.(md|png|html)", fullmatch=True),
    min_size=1,
    max_size=6,
)


class _Config(dict):  # type: ignore[type-arg]
    """What `File.generated` and `Page.__init__` read of a config, read both ways."""

    __getattr__ = dict.__getitem__


def _config(site_dir: str, directory_urls: bool = True, **more: object) -> MkDocsConfig:
    """The site folder, the URL style, the plugin whose event is running, the nav and
    the URLs a Page is given."""
    plugins = SimpleNamespace(_current_plugin="factcheck")
    values = {
        "site_dir": site_dir,
        "use_directory_urls": directory_urls,
        "plugins": plugins,
        "nav": None,
        "site_url": "https://example.org/",
        "repo_url": None,
        "edit_uri": None,
        "edit_uri_template": None,
    }
    return _Config({**values, **more})  # type: ignore[return-value]


def _shown(file: File) -> tuple[object, ...]:
    return (file.src_uri, file.dest_uri, file.url, file.name, file.abs_src_path, file.abs_dest_path,
            file.inclusion, file.generated_by)  # fmt: skip


def _page_as_made(page: Page | None) -> dict[str, object] | None:
    return None if page is None else {k: v for k, v in vars(page).items() if k != "file"}


page_urls = st.fixed_dictionaries({
    "site_url": st.sampled_from(["https://example.org/", "https://example.org/sub", None]),
    "repo_url": st.sampled_from([None, "https://github.com/o/r"]),
    "edit_uri": st.sampled_from([None, "edit/main/docs/"]),
})  # fmt: skip


@given(paths, st.booleans(), st.sampled_from(list(InclusionLevel)), page_urls, page_urls)
def test_a_kept_file_is_the_file_mkdocs_would_make(
    names, directory_urls, inclusion, urls, other_urls
):
    """Its Page too, for a page outside the nav: the one `get_navigation` would make."""
    memo = FileMemo()
    for site, use, more in (("/s1", directory_urls, urls), ("/s1", directory_urls, urls),
                            ("/s1", directory_urls, other_urls), ("/s2", not directory_urls, urls)):  # fmt: skip
        config = _config(site, use, **more)
        for name in names:
            fresh = File.generated(config, name, abs_src_path=f"/store/{name}", inclusion=inclusion)
            kept = memo.file(config, name, f"/store/{name}", inclusion, 1)
            assert _shown(kept) == _shown(fresh)
            if fresh.is_documentation_page() and inclusion is InclusionLevel.NOT_IN_NAV:
                assert kept.page is not None and kept.page.file is kept
                assert _page_as_made(kept.page) == _page_as_made(Page(None, fresh, config))
            else:
                assert kept.page is None  # MkDocs makes it


def test_a_kept_file_is_a_new_object_whose_page_mkdocs_sets_afresh():
    memo, config = FileMemo(), _config("/s")
    first = memo.file(config, "a.md", "/store/a.md", InclusionLevel.UNDEFINED, 1)
    first.page = object()  # type: ignore[assignment]
    second = memo.file(config, "a.md", "/store/a.md", InclusionLevel.UNDEFINED, 1)
    assert second is not first and second.page is None


def test_a_kept_page_is_its_own_and_a_page_the_nav_names_is_left_to_mkdocs():
    """MkDocs fills a page's meta and toc while it builds it: a kept page starts with
    empty ones of its own. A page the nav names gets its title there (MkDocs' Page)."""
    memo, config = FileMemo(), _config("/s", nav=[{"Claims": [{"One": "claims/one.md"}]}])
    first = memo.file(config, "claims/two.md", "/store/two.md", InclusionLevel.NOT_IN_NAV, 1)
    assert first.page is not None
    first.page.meta["title"], first.page.active = "Filled", True
    first.page.toc.append("entry")  # type: ignore[attr-defined]
    second = memo.file(config, "claims/two.md", "/store/two.md", InclusionLevel.NOT_IN_NAV, 1)
    assert second.page is not None and second.page is not first.page
    assert (second.page.meta, list(second.page.toc), second.page.active) == ({}, [], False)
    assert (
        memo.file(config, "claims/one.md", "/store/one.md", InclusionLevel.NOT_IN_NAV, 1).page
        is None
    )


def test_a_stored_file_is_modified_until_mkdocs_has_put_that_version_in_the_site():
    memo, config = FileMemo(), _config("/s")
    first = memo.file(config, "a.md", "/store/a.md", InclusionLevel.UNDEFINED, 7)
    assert first.is_modified()  # never delivered
    memo.file(config, "b.md", "/store/b.md", InclusionLevel.UNDEFINED, 8)  # a build that failed
    assert memo.file(config, "a.md", "/store/a.md", InclusionLevel.UNDEFINED, 7).is_modified()
    memo.delivered([first])
    assert not memo.file(config, "a.md", "/store/a.md", InclusionLevel.UNDEFINED, 7).is_modified()
    assert memo.file(
        config, "a.md", "/store/a.md", InclusionLevel.UNDEFINED, 9
    ).is_modified()  # rewritten
    assert memo.file(config, "b.md", "/store/b.md", InclusionLevel.UNDEFINED, 8).is_modified()
    assert memo.file(
        _config("/other"), "a.md", "/store/a.md", InclusionLevel.UNDEFINED, 7
    ).is_modified()


def test_files_and_pages_of_gone_outputs_are_forgotten():
    memo, config = FileMemo(), _config("/s")
    kept = memo.file(config, "a.md", "/store/a.md", InclusionLevel.NOT_IN_NAV, 1)
    memo.file(config, "b.md", "/store/b.md", InclusionLevel.NOT_IN_NAV, 1)
    assert len(memo._pages) == 2
    memo.keep_only(Files([kept]))
    assert [key[0] for key in memo._made] == ["a.md"]
    assert [page.file.src_uri for page in memo._pages.values()] == ["a.md"]
