"""The plugin's options: one configuration surface, validated with MkDocs' option types,
and a site identity that a fork's workflow supplies through the environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import make_project
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.exceptions import PluginError

from generator.adapters.mkdocs_config import (
    FactcheckConfig,
    fill_repository_links,
    report_link,
    site_url_checked,
    validated_options,
)
from generator.settings import Settings

URL_OPTIONS = ["report_error_url", "publisher_url", "publisher_logo", "data_licence_url"]
SCHEMES = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz+.-"), min_size=1, max_size=12)


@pytest.mark.parametrize("option", URL_OPTIONS)
@given(scheme=SCHEMES)
def test_config_urls_refuse_every_scheme_but_http_and_https_naming_the_option(option, scheme):
    url = f"{scheme}://example.org/x" if scheme not in ("http", "https") else "javascript:alert(1)"
    with pytest.raises(PluginError, match=f"'{option}': must be an http"):
        validated_options({option: url})


@pytest.mark.parametrize("option", URL_OPTIONS)
def test_config_urls_accept_http_and_https(option):
    options = validated_options({option: "https://example.org/a?b=c"})
    assert options[option] == "https://example.org/a?b=c"


def test_site_url_must_be_http_for_canonical_links_and_feeds():
    assert site_url_checked("https://fork.example.org/") == "https://fork.example.org/"
    assert site_url_checked(None) == ""
    with pytest.raises(PluginError, match="site_url: must be an http"):
        site_url_checked("javascript://example.org/")


def test_repository_is_owner_slash_name_and_gives_the_report_link():
    options = validated_options({"repository": "fork/site"})
    assert report_link(options) == "https://github.com/fork/site/issues/new?template=report-error.yml"
    explicit = validated_options({"repository": "fork/site", "report_error_url": "https://x.org/"})
    assert report_link(explicit) == "https://x.org/"
    assert report_link(validated_options({})) == ""
    with pytest.raises(PluginError, match="'repository': must be owner/name"):
        validated_options({"repository": "https://github.com/fork/site"})


def test_settings_fields_carry_the_plugin_option_names():
    """One vocabulary: every option the core uses is a Settings field of that name."""
    options = {key for key, _ in FactcheckConfig._schema}
    adapter_only = {"enabled", "serve_cache_dir", "serve_watch", "search_engine", "search_auto_threshold",
                    "search_batch_size", "share_frame"}  # fmt: skip
    assert options - set(Settings.__dataclass_fields__) == adapter_only


def build_with_env(project: Path, **env: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml")]
    environment = {**os.environ, **env}
    return subprocess.run(command, capture_output=True, text=True, env=environment, check=False,
                          timeout=300)  # fmt: skip


def test_a_fork_publishes_its_own_urls_without_editing_files(tmp_path):
    project = make_project(tmp_path / "fork")
    before = (project / "mkdocs.yml").read_text()
    fork_url = "https://fork.github.io/site/"
    result = build_with_env(project, GITHUB_REPOSITORY="fork/site", FACTCHECK_SITE_URL=fork_url[:-1])
    assert result.returncode == 0, result.stderr
    assert (project / "mkdocs.yml").read_text() == before
    site = project / "site"
    claim = next((site / "claims").glob("*/index.html"))
    page = BeautifulSoup(claim.read_text(), "html.parser")
    assert page.find("link", rel="canonical")["href"].startswith(fork_url)
    report = page.find("p", class_="fc-report").a["href"]
    assert report.startswith("https://github.com/fork/site/issues/new?template=report-error.yml")
    review = next(json.loads(s.string) for s in page.find_all("script", type="application/ld+json")
                  if "ClaimReview" in s.string)  # fmt: skip
    assert review["url"].startswith(fork_url)
    feed = (site / "feed.xml").read_text()
    assert fork_url in feed and "factcheck-site.github.io" not in feed
    assert "factcheck-site.github.io" not in (site / "sitemap.xml").read_text()
    home = (site / "index.html").read_text()
    assert 'href="https://github.com/fork/site"' in home
    everything = "".join(p.read_text(errors="replace") for p in site.rglob("*")
                         if p.suffix in {".html", ".xml", ".json"})  # fmt: skip
    assert "factcheck-site/factcheck-site" not in everything
    assert "factcheck-site.github.io" not in everything


def test_linkless_footer_links_take_the_repository_or_are_dropped():
    extra = {"social": [{"icon": "a", "name": "Source"}, {"icon": "b", "link": "https://x.org/"}]}
    fill_repository_links(extra, "https://github.com/fork/site")
    assert [s["link"] for s in extra["social"]] == ["https://github.com/fork/site", "https://x.org/"]
    extra = {"social": [{"icon": "a", "name": "Source"}, {"icon": "b", "link": "https://x.org/"}]}
    fill_repository_links(extra, "")
    assert extra["social"] == [{"icon": "b", "link": "https://x.org/"}]
    fill_repository_links({}, "https://github.com/fork/site")  # nothing to fill


@pytest.mark.parametrize("option", ["min_independent_origins", "max_file_size", "page_size",
                                    "feed_size", "latest_count"])  # fmt: skip
@given(number=st.integers(max_value=-1))
def test_counts_and_limits_refuse_negative_numbers_naming_the_option(option, number):
    with pytest.raises(PluginError, match=f"'{option}': must be at least"):
        validated_options({option: number})


@pytest.mark.parametrize("option", ["max_file_size", "page_size"])
def test_counts_refuse_a_bool_and_text(option):
    for value in (True, "100"):
        with pytest.raises(PluginError, match=f"'{option}'"):
            validated_options({option: value})
    assert validated_options({option: 5})[option] == 5
