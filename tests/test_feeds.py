"""Feeds for every view: a small Atom feed per verdict and cross-reference entry, linked
from its page's head, and the JSON Feed 1.1 of the latest claims."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from html.parser import HTMLParser

import feedparser
from conftest import FIXTURE_CLAIMS, TODAY
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from generator.feeds import JSON_FEED_VERSION, entry_feed_path, entry_feeds, json_feed
from generator.indexes import KINDS, build_indexes
from generator.loader import load_claims
from generator.pages import PageBuilder
from generator.pipeline import data_outputs
from generator.settings import Settings
from generator.urls import relative_url


def _ix(settings):
    return build_indexes(load_claims(settings).claims, settings)


def test_every_verdict_and_entry_has_a_valid_atom_feed_of_its_own_claims(settings):
    site = replace(settings, site_url="https://example.org/fc/")
    ix = _ix(site)
    feeds = dict(entry_feeds(ix, site))
    entries = [*ix.verdicts, *(e for kind in KINDS for e in ix.entries[kind])]
    assert set(feeds) == {entry_feed_path(e) for e in entries}
    for entry in entries:
        parsed = feedparser.parse(feeds[entry_feed_path(entry)])
        assert not parsed.bozo, (entry.url, parsed.bozo_exception)
        assert parsed.version == "atom10"
        assert parsed.feed.link == f"https://example.org/fc/{entry.url}"
        links = {e.link for e in parsed.entries}
        assert links == {f"https://example.org/fc/claims/{c.id}/" for c in entry.claims}


def test_entity_feeds_keep_only_the_latest_claims(settings):
    small = replace(settings, entity_feed_size=1)
    ix = _ix(small)
    biggest = max((e for kind in KINDS for e in ix.entries[kind]), key=lambda e: len(e.claims))
    assert len(biggest.claims) > 1
    parsed = feedparser.parse(dict(entry_feeds(ix, small))[entry_feed_path(biggest)])
    assert len(parsed.entries) == 1


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "link":
            self.links.append(dict(attrs))


def test_each_entry_page_links_its_feed_from_the_head(settings):
    ix = _ix(settings)
    pages = {p.path: p for p in PageBuilder(settings, ix).all_pages()}
    outputs = {p.path for p in data_outputs(ix, settings)}
    for entry in [*ix.verdicts, *(e for kind in KINDS for e in ix.entries[kind])]:
        page = pages[f"{entry.url}index.md"]
        parser = _Links()
        parser.feed(page.head or "")
        [link] = [l for l in parser.links if l.get("rel") == "alternate"]
        assert link["type"] == "application/atom+xml"
        assert relative_url(entry.url, entry_feed_path(entry)) == link["href"] == "feed.xml"
        assert entry_feed_path(entry) in outputs


# JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): version and title required, items
# an array; each item has an `id` string and content_html or content_text; dates RFC 3339.
def _check_json_feed(feed: dict) -> None:
    assert feed["version"] == JSON_FEED_VERSION
    assert isinstance(feed["title"], str) and feed["title"]
    assert isinstance(feed["items"], list)
    for key in ("home_page_url", "feed_url"):
        assert key not in feed or feed[key].startswith(("http://", "https://"))
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert isinstance(item.get("content_text") or item.get("content_html"), str)
        for key in ("date_published", "date_modified"):
            assert item[key].endswith("Z") and len(item[key]) == 20
        assert all(isinstance(tag, str) for tag in item.get("tags", []))


def test_json_feed_follows_version_1_1_and_lists_the_latest_claims(settings):
    site = replace(settings, site_url="https://example.org/fc/")
    claims = load_claims(site).claims
    feed = json.loads(json_feed(claims, site))
    _check_json_feed(feed)
    assert feed["feed_url"] == "https://example.org/fc/feed.json"
    assert len(feed["items"]) == min(len(claims), site.feed_size)
    few = json.loads(json_feed(claims, replace(site, feed_size=1)))
    assert [i["id"] for i in few["items"]] == [feed["items"][0]["id"]]
    modified = [i["date_modified"] for i in feed["items"]]
    assert modified == sorted(modified, reverse=True)
    without_url = json.loads(json_feed(claims, settings))
    _check_json_feed(without_url)
    assert "feed_url" not in without_url


@hsettings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=60).filter(lambda s: s.strip() == s and s.isprintable()))
def test_any_text_stays_text_in_both_feeds(text: str):
    settings = Settings(claims_dir=FIXTURE_CLAIMS, today=TODAY, site_name="Test desk")
    claims = load_claims(settings).claims
    hostile = claims[0].model_copy(update={"title": text, "claim": text})
    ix = build_indexes([hostile], settings)
    item = json.loads(json_feed([hostile], settings))["items"][0]
    assert item["title"].endswith(text)
    for _, xml in entry_feeds(ix, settings):
        parsed = feedparser.parse(xml)  # well-formed Atom...
        assert not parsed.bozo, parsed.bozo_exception
        # ...whose text is exactly the claim's (feedparser "repairs" some mojibake itself)
        titles = [t.text for t in ET.fromstring(xml).iter("{http://www.w3.org/2005/Atom}title")]
        assert all(t.endswith(text) for t in titles[1:])
