"""What a desk configures: its verdict scale, limits and site identity.

Kept free of MkDocs so the core can be driven by any adapter (and by tests) with
plain values. Fields carry the names of the plugin's options in `mkdocs.yml`
(`generator/adapters/mkdocs_config.py` validates them), so there is one vocabulary
for configuration, whichever way the core is driven.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from generator.slugs import slugify


@dataclass(frozen=True)
class Verdict:
    """One step of the verdict scale, as readers see it."""

    name: str
    label: str
    colour: str
    icon: str
    definition: str
    rating: int

    @property
    def slug(self) -> str:
        return slugify(self.name)


DEFAULT_VERDICTS: tuple[Verdict, ...] = (
    Verdict(
        name="confirmed by multiple outlets",
        label="Confirmed by multiple outlets",
        colour="#1b5e20",
        icon="✓",
        definition="At least two independent outlets support the claim.",
        rating=3,
    ),
    Verdict(
        name="unverified",
        label="Unverified",
        colour="#4a4f55",
        icon="?",
        definition="No independent confirmation and no source contests it.",
        rating=2,
    ),
    Verdict(
        name="disputed",
        label="Disputed",
        colour="#a4161a",
        icon="!",
        definition="A source or a party to the events contests the claim.",
        rating=1,
    ),
)

# The verdict that the independence rule guards (see `rules.check_confirmation`).
CONFIRMED = "confirmed by multiple outlets"


@dataclass(frozen=True)
class Settings:
    """Everything the core needs to know, resolved to absolute paths and plain values."""

    claims_dir: Path
    verdicts: tuple[Verdict, ...] = DEFAULT_VERDICTS
    confirmed_verdict: str = CONFIRMED
    min_independent_origins: int = 2
    # Groups of outlets that count as one origin (e.g. two editions of one site).
    same_origin: tuple[tuple[str, ...], ...] = ()
    max_file_size: int = 1_000_000
    trust_html: bool = False
    site_name: str = "Fact-check report"
    site_description: str = ""
    site_url: str = ""
    # "owner/name" on GitHub; the source of the default "report an error" link.
    repository: str = ""
    methodology_page: str = "methodology/"
    templates_dir: Path | None = None
    report_error_url: str = ""
    latest_count: int = 10
    page_size: int = 100
    publisher_name: str = ""
    publisher_url: str = ""
    publisher_logo: str = ""
    claimant_types: tuple[tuple[str, str], ...] = ()
    feed_size: int = 50
    data_licence: str = "CC BY 4.0"
    data_licence_url: str = "https://creativecommons.org/licenses/by/4.0/"
    today: dt.date = field(default_factory=dt.date.today)
    # Drafts are shown only in a preview (`mkdocs serve`), never in a published build.
    include_drafts: bool = False
    # Transparency pages: a schema.org NewsMediaOrganization policy property (or
    # `claimSelection`, `contact`) -> the site-relative URL of the page that states it.
    # The home page's JSON-LD, the footer and /transparency/ are built from it.
    policy_pages: tuple[tuple[str, str], ...] = ()
    # A claim file's revision history on the forge; `{path}` is the file's path in the
    # repository (e.g. "https://github.com/o/r/commits/main/{path}"); empty hides the link.
    history_url: str = ""
    # Read the dates each claim file changed from `git log` (one process per build);
    # off by default so output never depends on the checkout.
    git_history: bool = False
    # The "suggest a claim to check" form; empty hides the link.
    suggest_claim_url: str = ""
    # Query parameter of the report-error form that the claim page fills with its URL
    # (GitHub issue forms take a field's id); empty adds none.
    report_error_prefill: str = ""
    # How many claims each per-verdict/person/outlet/... Atom feed carries.
    entity_feed_size: int = 10
    # Claim ids shown as featured cards at the top of the home page, in this order;
    # an id that names no published claim is skipped (a draft, or a claim removed).
    featured: tuple[str, ...] = ()
    # A 1200x630 PNG share card per claim (og:image, twitter:image); see generator/cards.py.
    share_cards: bool = True
    # Where drawn cards are kept by the digest of their inputs, so an unchanged claim's
    # card is not redrawn; None draws every card afresh. Adapters check it like any
    # output folder (generator/adapters/output_dirs.py).
    card_cache_dir: Path | None = None
    # Where validated claims, rendered analyses, claim pages and their lint are kept
    # under a digest of their inputs (digest_cache.py, page_cache.py), so a warm check
    # or build redoes only what changed; None keeps nothing. Adapters let
    # `FACTCHECK_CACHE_DIR` override it.
    cache_dir: Path | None = None
    # The desk's colour for the header, tabs and links ("#rrggbb"), checked for WCAG AA
    # contrast with white (generator/brand.py); empty keeps the theme's palette.
    brand_colour: str = ""

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        """The template search path in front of the built-in templates."""
        return (self.templates_dir,) if self.templates_dir else ()

    @property
    def repository_url(self) -> str:
        """The repository's home page, or "" when no repository is configured."""
        return f"https://github.com/{self.repository}" if self.repository else ""

    def verdict(self, name: str) -> Verdict:
        """The verdict called `name`; claims are validated against this set first."""
        return self.verdicts_by_name[name]

    @property
    def verdicts_by_name(self) -> dict[str, Verdict]:
        return {v.name: v for v in self.verdicts}

    @property
    def publisher(self) -> str:
        return self.publisher_name or self.site_name

    @property
    def policies(self) -> dict[str, str]:
        """Policy property -> site-relative page URL (see `policy_pages`)."""
        return dict(self.policy_pages)

    def absolute(self, url: str) -> str:
        """A site-relative URL made absolute with `site_url`, for feeds and JSON-LD."""
        base = self.site_url if self.site_url.endswith("/") else self.site_url + "/"
        return base + url if self.site_url else url
