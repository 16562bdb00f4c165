"""The Atom feed of claims, newest change first, written with an XML library so every
value is escaped by construction."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from generator.model import Claim
from generator.settings import Settings
from generator.urls import claim_url

ATOM = "http://www.w3.org/2005/Atom"
FEED_PATH = "feed.xml"


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = text
    return element


def latest_changes(claims: Sequence[Claim], count: int) -> list[Claim]:
    return sorted(claims, key=lambda c: (c.last_modified, c.claim_date, c.id), reverse=True)[:count]


def atom_feed(claims: Sequence[Claim], settings: Settings) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    entries = latest_changes(claims, settings.feed_size)
    _text(feed, "id", settings.absolute(""))
    _text(feed, "title", settings.site_name)
    if settings.site_description:
        _text(feed, "subtitle", settings.site_description)
    newest = max((c.last_modified for c in entries), default=settings.today)
    _text(feed, "updated", _timestamp(newest))
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": settings.absolute(FEED_PATH)})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": settings.absolute("")})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", settings.publisher)
    for claim in entries:
        _entry(feed, claim, settings)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _entry(feed: ET.Element, claim: Claim, settings: Settings) -> None:
    verdict = settings.verdict(claim.verdict)
    entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
    url = settings.absolute(claim_url(claim.id))
    _text(entry, "id", url)
    _text(entry, "title", f"{verdict.label}: {claim.title}")
    _text(entry, "updated", _timestamp(claim.last_modified))
    _text(entry, "published", _timestamp(claim.first_published))
    ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "href": url})
    ET.SubElement(entry, f"{{{ATOM}}}category", {"term": verdict.slug, "label": verdict.label})
    summary = f"Verdict: {verdict.label}. Claim by {claim.claimant}: “{claim.claim}”"
    if claim.summary:
        summary += f" {claim.summary}"
    _text(entry, "summary", summary)
