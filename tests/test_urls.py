import pytest

from generator.urls import page_url, relative_url


@pytest.mark.parametrize(
    ("path", "url"),
    [("index.md", ""), ("claims/index.md", "claims/"), ("claims/x.md", "claims/x/"),
     ("people/a-b/index.md", "people/a-b/")],
)  # fmt: skip
def test_page_urls_follow_directory_urls(path, url):
    assert page_url(path) == url


@pytest.mark.parametrize(
    ("here", "target", "link"),
    [
        ("claims/x/", "people/y/", "../../people/y/"),
        ("", "claims/x/", "claims/x/"),
        ("claims/x/", "", "../../"),
        ("claims/", "claims/x/", "x/"),
        ("claims/x/", "methodology/#disputed", "../../methodology/#disputed"),
        ("claims/x/", "claims/x/", "./"),
    ],
)
def test_links_are_relative_so_the_site_works_under_any_base_path(here, target, link):
    assert relative_url(here, target) == link
