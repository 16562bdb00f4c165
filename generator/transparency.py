"""Transparency from configuration: the policy pages a fact-checker publishes, the
`NewsMediaOrganization` JSON-LD that points at them, and `/transparency/`, a
generated self-audit mapping each IFCN commitment and each Google fact-check rule to
the page or data that meets it.

The audit is computed, not written by hand, so it cannot claim what the build does
not show: a policy page that is not configured, or a claim without sources, marks
its item missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.corrections import LOG_PATH
from generator.model import Claim
from generator.problems import Problem
from generator.settings import Settings
from generator.urls import page_url

TRANSPARENCY_PATH = "transparency/index.md"

# schema.org NewsMediaOrganization properties, each the URL of one policy page.
ORGANISATION_POLICIES: dict[str, str] = {
    "publishingPrinciples": "Publishing principles",
    "verificationFactCheckingPolicy": "Methodology",
    "correctionsPolicy": "Corrections policy",
    "ownershipFundingInfo": "Organisation, ownership and funding",
    "masthead": "Team",
    "actionableFeedbackPolicy": "Contact and feedback",
    "ethicsPolicy": "Ethics and nonpartisanship",
}
# Pages readers need that schema.org has no property for.
OTHER_PAGES: dict[str, str] = {"claimSelection": "How we choose claims"}
FOOTER_PAGES: dict[str, str] = {**ORGANISATION_POLICIES, **OTHER_PAGES}


def policy_problems(settings: Settings, docs_dir: Path | None = None) -> list[Problem]:
    """Warnings for policy pages not configured, or configured but absent from docs/."""
    problems = []
    pages = settings.policies
    for key, label in FOOTER_PAGES.items():
        url = pages.get(key)
        if not url:
            message = f"no page configured for {label} (policy_pages: {key})"
            problems.append(Problem("mkdocs.yml", None, f"policy_pages.{key}", message))
        elif docs_dir is not None and not _doc_exists(docs_dir, url):
            message = f"'{url}' is not a page in {docs_dir.name}/"
            problems.append(Problem("mkdocs.yml", None, f"policy_pages.{key}", message))
    return problems


def _doc_exists(docs_dir: Path, url: str) -> bool:
    """`ethics/` is docs/ethics.md or docs/ethics/index.md; generated pages count too."""
    stem = url.split("#")[0].strip("/")
    if stem in ("transparency", "corrections/log"):
        return True
    return any((docs_dir / name).is_file() for name in (f"{stem}.md", f"{stem}/index.md"))


def organisation(settings: Settings) -> dict[str, object]:
    """The publisher as a NewsMediaOrganization with every configured policy URL."""
    org: dict[str, object] = {"@type": "NewsMediaOrganization", "name": settings.publisher}
    if settings.publisher_url or settings.site_url:
        org["url"] = settings.publisher_url or settings.site_url
    if settings.publisher_logo:
        org["logo"] = settings.publisher_logo
    pages = settings.policies
    for key in ORGANISATION_POLICIES:
        if pages.get(key):
            org[key] = settings.absolute(pages[key])
    return org


@dataclass(frozen=True)
class Evidence:
    """A page or file that shows a requirement is met."""

    label: str
    url: str  # site-relative, or absolute for outside pages


@dataclass(frozen=True)
class Item:
    """One commitment or rule, whether the site meets it, and where to see it."""

    source: str  # "IFCN Code of Principles" or "Google fact-check guidelines"
    requirement: str
    met: bool
    evidence: tuple[Evidence, ...]
    detail: str


def _page(settings: Settings, key: str) -> tuple[Evidence, ...]:
    url = settings.policies.get(key)
    return (Evidence(FOOTER_PAGES[key], url),) if url else ()


def _pages(settings: Settings, *keys: str) -> tuple[tuple[Evidence, ...], bool]:
    """The configured pages among `keys`, and whether all of them are configured."""
    found = tuple(e for k in keys for e in _page(settings, k))
    return found, len(found) == len(keys)


IFCN = "IFCN Code of Principles"
GOOGLE = "Google fact-check guidelines"
_LOG = Evidence("Corrections log", page_url(LOG_PATH))
_CLAIMS = Evidence("All claims", "claims/")
_DATA = (Evidence("All claims as JSON", "claims.json"), Evidence("ClaimReview feed", "claimreview.json"))


def audit(claims: Sequence[Claim], settings: Settings, lint_failures: int) -> list[Item]:
    """Every item of the self-audit, in the order the page shows them."""
    sourced = _sourced(claims)  # once: both lists report it, and it walks every source
    return [*_ifcn_items(claims, settings, sourced),
            *_google_items(claims, settings, lint_failures, sourced)]  # fmt: skip


def _sourced(claims: Sequence[Claim]) -> int:
    """Claims whose every source is traceable: named by headline, link or archive."""
    return sum(all(s.title or s.url or s.archive_url for s in c.sources) for c in claims)


def _ifcn_items(claims: Sequence[Claim], settings: Settings, sourced: int) -> list[Item]:
    total = len(claims)
    fair, fair_ok = _pages(settings, "ethicsPolicy", "claimSelection")
    money, money_ok = _pages(settings, "ownershipFundingInfo", "masthead")
    method, method_ok = _pages(settings, "verificationFactCheckingPolicy", "publishingPrinciples",
                               "claimSelection")  # fmt: skip
    fixes, fixes_ok = _pages(settings, "correctionsPolicy", "actionableFeedbackPolicy")
    return [
        Item(IFCN, "Nonpartisanship and fairness", fair_ok, fair,
             "An ethics and nonpartisanship policy, and how claims are chosen."),
        Item(IFCN, "Transparency of sources", sourced == total,
             (*_page(settings, "verificationFactCheckingPolicy"), *_DATA),
             f"{sourced} of {total} claims name every source by headline or link."),
        Item(IFCN, "Transparency of funding and organisation", money_ok, money,
             "Who publishes the report, who pays for it and who works on it."),
        Item(IFCN, "Transparency of methodology", method_ok, method,
             "How claims are chosen, researched and given a verdict."),
        Item(IFCN, "Open and honest corrections policy", fixes_ok and bool(settings.report_error_url),
             (*fixes, _LOG), "A corrections policy, a report-an-error link on every claim page, "
             "and a log of every correction."),
    ]  # fmt: skip


def _google_items(
    claims: Sequence[Claim], settings: Settings, lint_failures: int, sourced: int
) -> list[Item]:
    total = len(claims)
    analysed = sum(1 for c in claims if c.body.strip())
    policy = _page(settings, "correctionsPolicy")
    owner = _page(settings, "ownershipFundingInfo")
    return [
        Item(GOOGLE, "ClaimReview markup on every fact-check page, one per page, rating as shown",
             lint_failures == 0, (_CLAIMS, _DATA[1]),
             f"{total} claim pages checked at build time; {lint_failures} problems found."),
        Item(GOOGLE, "Claims, verdicts and analysis visible to readers", analysed == total,
             (_CLAIMS,), f"{analysed} of {total} claim pages carry a written analysis."),
        Item(GOOGLE, "Traceable sources and references", sourced == total, (_DATA[0],),
             f"{sourced} of {total} claims cite every source by headline or link."),
        Item(GOOGLE, "Corrections policy", bool(policy), (*policy, _LOG),
             "Published, and each correction is carried in the ClaimReview markup."),
        Item(GOOGLE, "The publisher is identified", bool(settings.publisher and owner), owner,
             f"ClaimReview author: {settings.publisher}."),
    ]  # fmt: skip


def footer_pages(policy_pages: dict[str, str]) -> list[tuple[str, str]]:
    """(label, site-relative URL) of each configured policy page, then the self-audit."""
    pages = [(label, policy_pages[key]) for key, label in FOOTER_PAGES.items() if policy_pages.get(key)]
    return [*pages, ("Transparency self-audit", page_url(TRANSPARENCY_PATH))] if pages else []


def footer_link_items(policy_pages: dict[str, str]) -> list[dict[str, str]]:
    """The footer's transparency links as `extra.factcheck_policy_links`, which the
    `partials/copyright.html` override prints (with MkDocs' `url` filter) for both
    adapters."""
    return [{"label": label, "url": url} for label, url in footer_pages(policy_pages)]

