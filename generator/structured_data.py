"""schema.org ClaimReview for claim pages, and the site-wide Organization/WebSite,
as JSON-LD that is safe inside a `<script>` element, plus Open Graph meta tags.

Crawlers and fact-check aggregators read this; it is built from the same claim model
as the page, so the two cannot disagree.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup, escape

from generator import transparency
from generator.corrections import correction_comments
from generator.indexes import Indexes
from generator.model import Claim, Source
from generator.settings import Settings
from generator.urls import claim_url

_SCRIPT_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data: Any) -> str:
    """JSON whose text can never close the `<script>` element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, replacement in _SCRIPT_SAFE.items():
        text = text.replace(char, replacement)
    return text


def json_ld_tag(data: Any) -> Markup:
    return Markup(f'<script type="application/ld+json">{script_json(data)}</script>')


def claimant_type(claimant: str, ix: Indexes, settings: Settings) -> str:
    """Person or Organization: configuration first, else inferred from the claims
    (a name filed as an organisation or an outlet anywhere is an organisation)."""
    configured = dict(settings.claimant_types)
    if claimant in configured:
        return configured[claimant]
    if ix.has_entry("organisations", claimant) or ix.has_entry("outlets", claimant):
        return "Organization"
    return "Person"


def _creative_work(source: Source) -> dict[str, Any]:
    work: dict[str, Any] = {
        "@type": "CreativeWork",
        "publisher": {"@type": "Organization", "name": source.outlet},
    }
    if source.title:
        work["headline"] = source.title
    if source.url:
        work["url"] = source.url
    if source.date:
        work["datePublished"] = source.date
    return work


def _rating(claim: Claim, settings: Settings) -> dict[str, Any]:
    ratings = [v.rating for v in settings.verdicts]
    verdict = settings.verdict(claim.verdict)
    return {
        "@type": "Rating",
        "ratingValue": verdict.rating,
        "bestRating": max(ratings),
        "worstRating": min(ratings),
        "alternateName": verdict.label,
    }


def claim_review(claim: Claim, ix: Indexes, settings: Settings) -> dict[str, Any]:
    carriers = [s for s in claim.sources if s.stance != "disputes"]
    dated = sorted((s for s in carriers if s.date), key=lambda s: s.date or "")
    item: dict[str, Any] = {
        "@type": "Claim",
        "author": {"@type": claimant_type(claim.claimant, ix, settings), "name": claim.claimant},
        "datePublished": claim.claim_date.isoformat(),
        "appearance": [_creative_work(s) for s in carriers],
    }
    if dated:
        item["firstAppearance"] = _creative_work(dated[0])
    author: dict[str, Any] = {"@type": "Organization", "name": settings.publisher}
    if settings.publisher_url or settings.site_url:
        author["url"] = settings.publisher_url or settings.site_url
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": settings.absolute(claim_url(claim.id)),
        "headline": claim.title,
        "claimReviewed": claim.claim,
        "datePublished": claim.first_published.isoformat(),
        "dateModified": claim.last_modified.isoformat(),
        "author": author,
        "reviewRating": _rating(claim, settings),
        "itemReviewed": item,
    }
    corrections = correction_comments(claim, settings)
    if corrections:  # schema.org CreativeWork.correction: each one, dated
        review["correction"] = corrections
    return review


def site_graph(settings: Settings) -> dict[str, Any]:
    """NewsMediaOrganization (with its policy pages) and WebSite for the home page."""
    organisation = transparency.organisation(settings)
    website: dict[str, Any] = {
        "@type": "WebSite",
        "name": settings.site_name,
        "publisher": {"@type": "NewsMediaOrganization", "name": settings.publisher},
    }
    if settings.site_url:
        website["url"] = settings.site_url
    if settings.site_description:
        website["description"] = settings.site_description
    return {"@context": "https://schema.org", "@graph": [organisation, website]}


def social_meta(title: str, description: str, url: str, kind: str = "article", image: str = "") -> Markup:
    """Open Graph and Twitter card tags; every value escaped for an attribute. With an
    `image` (a 1200x630 share card) the Twitter card is `summary_large_image`. No
    twitter:title or twitter:description: X's card processor falls back to og:title and
    og:description, and the two repeated the longest values on every claim page (#14)."""
    card = "summary_large_image" if image else "summary"
    tags = [("property", "og:type", kind), ("property", "og:title", title),
            ("property", "og:description", description), ("name", "twitter:card", card)]  # fmt: skip
    if url:
        tags.append(("property", "og:url", url))
    if image:
        tags += [("property", "og:image", image), ("property", "og:image:width", "1200"),
                 ("property", "og:image:height", "630"), ("name", "twitter:image", image)]  # fmt: skip
    # escape() and an f-string, not Markup.format: the same text, four times as fast
    # (Markup.format goes through string.Formatter in Python; 10,000 claim pages).
    return Markup("\n".join(
        f'<meta {escape(a)}="{escape(k)}" content="{escape(v)}">' for a, k, v in tags
    ))  # fmt: skip


def claim_head(claim: Claim, ix: Indexes, settings: Settings, image: str = "") -> str:
    verdict = settings.verdict(claim.verdict)
    description = f"{verdict.label}: {claim.claim}"
    url = settings.absolute(claim_url(claim.id)) if settings.site_url else ""
    return str(json_ld_tag(claim_review(claim, ix, settings)) + Markup("\n")
               + social_meta(claim.title, description, url, image=image))  # fmt: skip


def home_head(settings: Settings) -> str:
    return str(json_ld_tag(site_graph(settings)) + Markup("\n") + social_meta(
        settings.site_name, settings.site_description, settings.site_url, kind="website"))  # fmt: skip

