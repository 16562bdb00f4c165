"""Feeds for every view: an Atom feed per verdict, outlet, person, place, organisation
and tag (the latest few claims, so thousands of entries add little to the site), and
a JSON Feed 1.1 at `/feed.json` of the same latest `feed_size` claims as `/feed.xml`:
a feed is polled, so it carries the latest changes, not the whole set, which is
`claims.json` (every claim in the feed cost ~1.1 kB a claim, 22 MB at 20,000; #14).

Each entry page links its feed with `<link rel="alternate">` in its head.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from markupsafe import Markup

from generator.corrections import claim_corrections, describe
from generator.feed import CORRECTED, atom_feed, latest_changes
from generator.indexes import KINDS, Entry, Indexes
from generator.model import Claim
from generator.settings import Settings
from generator.urls import claim_url, relative_url

JSON_FEED_PATH = "feed.json"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM_TYPE = "application/atom+xml"


def entry_feed_path(entry: Entry) -> str:
    """`people/jane-doe/` -> `people/jane-doe/feed.xml`, next to the entry's page."""
    return f"{entry.url}feed.xml"


def entry_title(entry: Entry, settings: Settings) -> str:
    return settings.verdict(entry.name).label if entry.kind == "verdicts" else entry.name


def entry_feeds(ix: Indexes, settings: Settings) -> Iterator[tuple[str, bytes]]:
    """(path, Atom XML) for every verdict and cross-reference entry."""
    for entry in feed_entries(ix):
        yield entry_feed_path(entry), entry_feed(entry, settings)


def feed_entries(ix: Indexes) -> tuple[Entry, ...]:
    """Every entry with a feed: the verdicts and every cross-reference entry."""
    return (*ix.verdicts, *(e for kind in KINDS for e in ix.entries[kind]))


def entry_feed(entry: Entry, settings: Settings, order: Mapping[str, int] | None = None) -> bytes:
    """The Atom feed of one entry's claims: made from the entry and the settings alone
    (`order`, of every claim, only chooses the latest sooner: see feed.latest_changes)."""
    return atom_feed(
        entry.claims, settings, path=entry_feed_path(entry), title=entry_title(entry, settings),
        alternate=entry.url, size=settings.entity_feed_size, order=order,
    )  # fmt: skip


def feed_link(entry: Entry, page: str, settings: Settings) -> str:
    """`<link rel="alternate">` to the entry's feed, relative to the page at `page`."""
    href = relative_url(page, entry_feed_path(entry))
    title = f"{settings.site_name}: {entry_title(entry, settings)}"
    return str(Markup('<link rel="alternate" type="{}" title="{}" href="{}">').format(ATOM_TYPE, title, href))


def _item(claim: Claim, settings: Settings) -> dict[str, Any]:
    verdict = settings.verdict(claim.verdict)
    url = settings.absolute(claim_url(claim.id))
    text = f"Verdict: {verdict.label}. Claim by {claim.claimant}: “{claim.claim}”"
    if claim.summary:
        text += f" {claim.summary}"
    tags = [verdict.label, *claim.tags]
    corrections = claim_corrections(claim)
    if corrections:
        text = f"{describe(corrections[0], settings)} " + text
        tags.append(CORRECTED)
    item: dict[str, Any] = {
        "id": url,
        "url": url,
        "title": f"{verdict.label}: {claim.title}",
        "content_text": text,
        "date_published": f"{claim.first_published.isoformat()}T00:00:00Z",
        "date_modified": f"{claim.last_modified.isoformat()}T00:00:00Z",
        "tags": tags,
    }
    if claim.summary:
        item["summary"] = claim.summary
    return item


def json_feed(claims: Sequence[Claim], settings: Settings) -> bytes:
    """JSON Feed 1.1 of the `feed_size` most recently changed claims, newest first."""
    feed: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": settings.site_name,
        "language": "en",
        "authors": [{"name": settings.publisher}],
        "items": [_item(c, settings) for c in latest_changes(claims, settings.feed_size)],
    }
    if settings.site_url:  # JSON Feed wants absolute URLs here, or nothing
        feed["home_page_url"] = settings.absolute("")
        feed["feed_url"] = settings.absolute(JSON_FEED_PATH)
    if settings.site_description:
        feed["description"] = settings.site_description
    return (json.dumps(feed, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
