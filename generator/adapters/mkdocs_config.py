"""The plugin's options in `mkdocs.yml`, and their translation into core Settings."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from pydantic_core import PydanticCustomError

from generator.adapters import pagefind_index
from generator.adapters import search_engine as engines
from generator.adapters import serve_watch as watching
from generator.model import _http_url
from generator.settings import CONFIRMED, DEFAULT_VERDICTS, Settings, Verdict

_COLOUR = re.compile(r"^#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?$")
_REPOSITORY = re.compile(r"^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$")


class HttpUrl(c.Type[str]):
    """A link readers follow: http(s) only, validated exactly as claim URLs are, so a
    `javascript:` link in the config is refused with the option's name."""

    def __init__(self, default: str = "") -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        text = super().run_validation(value)
        if not text:
            return text
        try:
            return _http_url(text)
        except PydanticCustomError as err:
            raise c.ValidationError(f"{err.message()} (got {text!r})") from None


class Count(c.Type[int]):
    """A whole number of at least `minimum` (a bool is not a number here), so a
    negative limit or page size is refused with the option's name."""

    def __init__(self, default: int, minimum: int = 1) -> None:
        super().__init__(int, default=default)
        self.minimum = minimum

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool):
            raise c.ValidationError(f"Expected a whole number, got {value!r}")
        number = super().run_validation(value)
        if number < self.minimum:
            raise c.ValidationError(f"must be at least {self.minimum} (got {number})")
        return number


class Repository(c.Type[str]):
    """A GitHub repository as `owner/name`, the form of `GITHUB_REPOSITORY`."""

    def __init__(self) -> None:
        super().__init__(str, default="")

    def run_validation(self, value: object) -> str:
        text = super().run_validation(value).strip().strip("/")
        if text and not _REPOSITORY.match(text):
            raise c.ValidationError(f"must be owner/name as on GitHub (got {text!r})")
        return text


class VerdictConfig(base.Config):
    """One step of the verdict scale."""

    name = c.Type(str)
    """The value claim files write in `verdict:`."""
    label = c.Type(str)
    """What readers see on the badge."""
    colour = c.Type(str)
    """Badge fill as #rgb or #rrggbb; white text sits on it, so pick a dark colour."""
    icon = c.Type(str, default="")
    """A short symbol shown before the label, so the verdict never rests on colour alone."""
    definition = c.Type(str, default="")
    """One sentence shown on the verdict's page."""
    rating = c.Type(int)
    """The schema.org ratingValue for this verdict (higher is more accurate)."""


class FactcheckConfig(base.Config):
    """Options of the `factcheck` plugin."""

    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing it (e.g. to preview hand-written pages only)."""
    claims_dir = c.Type(str, default="content/claims")
    """Folder of claim files, relative to `mkdocs.yml`."""
    verdicts = c.ListOfItems(c.SubConfig(VerdictConfig), default=[])
    """The verdict scale; empty means the default three verdicts."""
    confirmed_verdict = c.Type(str, default=CONFIRMED)
    """The verdict that requires independent supporting sources."""
    min_independent_origins = Count(default=2)
    """How many different origins must support a claim given `confirmed_verdict`."""
    same_origin = c.ListOfItems(c.ListOfItems(c.Type(str)), default=[])
    """Groups of outlets that count as one origin (e.g. two sites of one publisher)."""
    max_file_size = Count(default=1_000_000)
    """Claim files larger than this many bytes are refused."""
    trust_html = c.Type(bool, default=False)
    """Publish raw HTML in analyses unsanitised. Only for desks that trust every author."""
    templates_dir = c.Optional(c.Type(str))
    """Folder of templates overriding `generator/templates/`, relative to `mkdocs.yml`.
    Only `claim.md.j2` sees a claim's analysis (as `analysis_html`); every other
    template gets the claims without it, so that `serve` can keep those pages."""
    methodology_page = c.Type(str, default="methodology/")
    """Site-relative URL of the page that defines the verdicts (anchors per verdict slug)."""
    repository = Repository()
    """The site's GitHub repository as `owner/name`; `!ENV [GITHUB_REPOSITORY, ...]` lets
    a fork's own workflow fill it in. The "report an error" link and the footer's
    source link derive from it."""
    report_error_url = HttpUrl()
    """Where the "report an error" link on claim pages points; default: a new issue in
    `repository`; empty with no repository hides the link."""
    latest_count = Count(default=10, minimum=0)
    """How many claims the home page lists as the latest."""
    serve_cache_dir = c.Type(str, default=".cache/factcheck/serve")
    """Where `mkdocs serve` keeps generated pages, relative to `mkdocs.yml` (never docs/);
    with `serve --dirty`, an edit rebuilds only the pages whose content changed."""
    serve_watch = c.Choice(watching.OPTIONS, default="auto")
    """How `mkdocs serve` notices an edit in the claims folder and `templates_dir`:
    `native` takes the operating system's file events (at once, no cost while idle);
    `polling` leaves them to MkDocs' poller, which lists the folder twice a second (about
    0.14 s of work a poll at 10,000 claims, slowing each rebuild); `auto` (the default)
    is `native` on Linux when those folders are on a local filesystem, else `polling`.
    Choose `polling` where edits are not noticed (e.g. a folder shared into a VM)."""
    page_size = Count(default=100)
    """Listings (all claims, each entry, the timeline) split into pages of this many claims."""
    publisher_name = c.Type(str, default="")
    """The organisation publishing the fact-checks (ClaimReview `author`); default: site_name."""
    publisher_url = HttpUrl()
    """The publisher's home page; default: site_url."""
    publisher_logo = HttpUrl()
    """Absolute URL of the publisher's logo, for the home page's Organization JSON-LD."""
    claimant_types = c.Type(dict, default={})
    """Claimant name -> `Person` or `Organization`, for ClaimReview; others are inferred."""
    feed_size = Count(default=50)
    """How many recently changed claims the Atom feed carries."""
    data_licence = c.Type(str, default="CC BY 4.0")
    """Licence of the open data exports, named on the Data page and in claims.json."""
    data_licence_url = HttpUrl(default="https://creativecommons.org/licenses/by/4.0/")
    """Where the data licence can be read."""
    search_engine = c.Choice(engines.OPTIONS, default="auto")
    """Site search: `auto` (the default) picks from the number of published claims (see
    `search_auto_threshold`); `material` forces Material's built-in search (one
    search_index.json that the browser downloads whole, ~1 kB gzip per claim); `pagefind`
    forces a chunked Pagefind index of the claim pages in Material's search box (a fixed
    ~130 kB, a few hundred kB at 10,000 claims). The build log names the engine and why."""
    search_auto_threshold = Count(default=engines.DEFAULT_THRESHOLD)
    """With `search_engine: auto`: from this many published claims the site uses Pagefind,
    below it Material's search (the lighter first query on each side; BENCHMARKS.md)."""
    search_batch_size = Count(default=pagefind_index.DEFAULT_BATCH_SIZE)
    """With Pagefind: its indexer reads the claim pages in batches of at most this many,
    each indexed on its own and merged in the reader's browser. The indexer holds a whole
    batch in memory (~190 kB a page: ~0.95 GB for 5,000), so the build's memory stays
    that of one batch however many claims there are; each batch past the first adds to
    a reader's first query (at 10,000 claims: 0.61 MB in two batches, 0.68 MB in three,
    0.76 MB in five). Lower it for a build machine short of memory."""
    share_frame = c.Type(bool, default=True)
    """Render once a build the parts of Material's frame (drawer, tabs, header controls,
    footer, stylesheets, scripts, configuration script) that the pages outside the
    navigation share, wherever they come out the same for a page (frame_parts.py):
    about half of MkDocs' template time for a 10,000-claim site. `false` renders them
    on every page, for a plugin that changes the configuration from page to page."""
    policy_pages = c.Type(dict, default={})
    """Transparency pages: a schema.org NewsMediaOrganization policy property
    (`publishingPrinciples`, `verificationFactCheckingPolicy`, `correctionsPolicy`,
    `ownershipFundingInfo`, `masthead`, `actionableFeedbackPolicy`, `ethicsPolicy`) or
    `claimSelection` -> the page's site-relative URL. They go into the home page's JSON-LD,
    the footer and /transparency/; `factcheck check` warns about each one missing."""
    history_url = HttpUrl()
    """A claim file's revision history on the forge, `{path}` standing for the file's path
    in the repository; default with `repository`: `https://github.com/OWNER/NAME/commits/
    main/{path}`; empty with no repository: no link."""
    git_history = c.Type(bool, default=False)
    """Show the dates each claim file changed, read from one `git log` over the claims
    folder. Needs a full clone (CI: `fetch-depth: 0`); a shallow clone shows none."""
    suggest_claim_url = HttpUrl()
    """The "suggest a claim to check" form; default with `repository`: its
    `suggest-claim.yml` issue form; empty with no repository hides the link."""
    report_error_prefill = c.Type(str, default="")
    """Query parameter of the report-error form filled with the claim page's URL (a GitHub
    issue form field's id, e.g. `claim`); empty adds none."""
    entity_feed_size = Count(default=10)
    """How many latest claims each verdict, outlet, person, place, organisation and tag
    Atom feed carries (small, so thousands of feeds add little to the site)."""
    featured = c.ListOfItems(c.Type(str), default=[])
    """Claim ids shown as featured cards at the top of the home page, in this order (an id
    that names no published claim is skipped)."""
    share_cards = c.Type(bool, default=True)
    """Draw a 1200x630 PNG share card per claim (`cards/<id>.png`: verdict mark, claim,
    claimant, site name) as the claim page's `og:image` and `twitter:image`. Needs the
    DejaVu fonts (Debian `fonts-dejavu-core`); without them no card is drawn."""
    card_cache_dir = c.Type(str, default=".cache/factcheck/cards")
    """Where drawn share cards are kept under the digest of their inputs, relative to
    `mkdocs.yml` (never in `docs/` or the claims folder): unchanged cards are not redrawn."""
    cache_dir = c.Type(str, default=".cache/factcheck/digests")
    """Where validated claims, rendered analyses, claim pages and their lint, the files a
    build hands MkDocs (`pages/`) and, with Pagefind, each batch's index are kept under
    a digest of all their inputs and of the generator's code, relative to `mkdocs.yml`
    (never in `docs/` or the claims folder), so a warm check or build redoes only what
    changed; the environment variable `FACTCHECK_CACHE_DIR` overrides it (empty: no
    cache)."""
    brand_colour = c.Type(str, default="")
    """The desk's colour (`#rrggbb`) for the header, tabs and links, in both schemes. The
    build stops with an error naming this option when it has less than WCAG AA contrast
    (4.5:1) with white. The logo and favicon are Material's `theme.logo` and
    `theme.favicon`."""


def verdicts_from(options: list[VerdictConfig]) -> tuple[Verdict, ...]:
    if not options:
        return DEFAULT_VERDICTS
    verdicts = []
    for option in options:
        if not _COLOUR.match(option.colour):
            raise PluginError(f"factcheck: verdict '{option.name}': colour must be #rgb or #rrggbb")
        verdicts.append(
            Verdict(
                name=option.name,
                label=option.label,
                colour=option.colour,
                icon=option.icon,
                definition=option.definition,
                rating=option.rating,
            )
        )
    return tuple(verdicts)


def _claimant_types(types: dict[str, str]) -> dict[str, str]:
    for name, kind in types.items():
        if kind not in ("Person", "Organization"):
            raise PluginError(f"factcheck: claimant_types: '{name}' must be Person or Organization")
    return dict(sorted(types.items()))


def validated_options(raw: dict[str, Any]) -> FactcheckConfig:
    """The plugin's options checked by MkDocs' own option types, for drivers without
    a `mkdocs.yml`; an error names the option, as `mkdocs build` would."""
    options = FactcheckConfig()
    options.load_dict(raw)
    failed, _warnings = options.validate()
    if failed:
        raise PluginError("; ".join(f"factcheck option '{key}': {err}" for key, err in failed))
    return options


def site_url_checked(site_url: str | None) -> str:
    """MkDocs accepts any scheme for `site_url`; canonical links and feeds need http(s)."""
    if not site_url:
        return ""
    try:
        return _http_url(site_url)
    except PydanticCustomError as err:
        raise PluginError(f"site_url: {err.message()} (got {site_url!r})") from None


def _from_repository(explicit: str, repository: str, suffix: str) -> str:
    """An explicit URL option, else one derived from `repository`, so a fork's links
    name the fork without editing files."""
    if explicit or not repository:
        return explicit
    return f"https://github.com/{repository}/{suffix}"


def report_link(options: FactcheckConfig) -> str:
    """An explicit `report_error_url`, else the repository's report-error issue form."""
    return _from_repository(
        options.report_error_url, options.repository, "issues/new?template=report-error.yml"
    )


def add_repository_link(config: MkDocsConfig, settings: Settings) -> None:
    """Point the footer's source link at `repository`, so a fork's footer names the fork."""
    fill_repository_links(config.extra, settings.repository_url)


def add_policy_links(config: MkDocsConfig, settings: Settings) -> None:
    """The transparency pages for the footer (see `overrides/partials/copyright.html`)."""
    from generator.transparency import footer_link_items

    links = footer_link_items(settings.policies)
    if links:
        config.extra["factcheck_policy_links"] = links


def fill_repository_links(extra: Any, repository_url: str) -> None:
    """Social links written without a `link` take the repository's URL, or are dropped
    when no repository is configured (never an empty link). `extra` is MkDocs' config
    value or the plain mapping read from `mkdocs.yml`."""
    social = extra.get("social") if extra else None
    if not isinstance(social, list):
        return
    linkless = [item for item in social if isinstance(item, dict) and not item.get("link")]
    for item in linkless:
        if repository_url:
            item["link"] = repository_url
        else:
            social.remove(item)


def settings_from(options: FactcheckConfig, config: MkDocsConfig) -> Settings:
    """Core settings, with every path resolved against the folder of `mkdocs.yml`."""
    root = Path(config.config_file_path or ".").resolve().parent
    templates = root / options.templates_dir if options.templates_dir else None
    verdicts = verdicts_from(options.verdicts)
    # A custom scale without that verdict has no independence rule to enforce.
    names = {v.name for v in verdicts}
    confirmed = options.confirmed_verdict if options.confirmed_verdict in names else ""
    return Settings(
        claims_dir=(root / options.claims_dir).resolve(),
        verdicts=verdicts,
        confirmed_verdict=confirmed,
        min_independent_origins=options.min_independent_origins,
        same_origin=tuple(tuple(group) for group in options.same_origin if group),
        max_file_size=options.max_file_size,
        trust_html=options.trust_html,
        site_name=config.site_name,
        site_description=config.site_description or "",
        site_url=site_url_checked(config.site_url),
        repository=options.repository,
        methodology_page=options.methodology_page,
        report_error_url=report_link(options),
        latest_count=options.latest_count,
        page_size=max(1, options.page_size),
        templates_dir=templates,
        publisher_name=options.publisher_name,
        publisher_url=options.publisher_url,
        publisher_logo=options.publisher_logo,
        claimant_types=tuple(_claimant_types(options.claimant_types).items()),
        feed_size=options.feed_size,
        data_licence=options.data_licence,
        data_licence_url=options.data_licence_url,
        policy_pages=tuple((str(k), str(v)) for k, v in options.policy_pages.items()),
        history_url=_from_repository(
            options.history_url, options.repository, "commits/main/{path}"
        ),
        git_history=options.git_history,
        suggest_claim_url=_from_repository(
            options.suggest_claim_url, options.repository, "issues/new?template=suggest-claim.yml"
        ),
        report_error_prefill=options.report_error_prefill,
        entity_feed_size=max(1, options.entity_feed_size),
        featured=tuple(options.featured),
        share_cards=options.share_cards,
        card_cache_dir=_card_cache(options, config, root),
        cache_dir=_digest_cache(options, config, root),
        brand_colour=_brand_colour(options.brand_colour),
    )


def _brand_colour(colour: str) -> str:
    """The brand colour checked for WCAG AA contrast, or PluginError naming the option."""
    from generator.brand import BrandColourError, check_brand_colour

    if not colour:
        return ""
    try:
        return check_brand_colour(colour.strip())
    except BrandColourError as error:
        raise PluginError(f"factcheck: {error}") from None


def _digest_cache(options: FactcheckConfig, config: MkDocsConfig, root: Path) -> Path | None:
    """The digest cache (`FACTCHECK_CACHE_DIR` first), checked like every output folder."""
    from generator.adapters.output_dirs import UnsafeOutput, check_output_dir, mark
    from generator.digest_cache import ENV_DIR

    chosen = os.environ.get(ENV_DIR, options.cache_dir)
    if not chosen:
        return None
    option = cache_dir_option()
    protected = [root / options.claims_dir, Path(config.docs_dir)]
    try:
        folder = check_output_dir(root / chosen, option=option, project_root=root,
                                  protected=protected)  # fmt: skip
    except UnsafeOutput as error:
        raise PluginError(f"factcheck: {error}") from None
    mark(folder)
    return folder


def cache_dir_option() -> str:
    """What set the digest cache's folder, for the errors about it."""
    from generator.digest_cache import ENV_DIR

    return ENV_DIR if ENV_DIR in os.environ else "cache_dir"


def _card_cache(options: FactcheckConfig, config: MkDocsConfig, root: Path) -> Path | None:
    """The share-card cache, checked like every folder factcheck writes into."""
    from generator.adapters.output_dirs import UnsafeOutput, check_output_dir, mark

    if not options.share_cards or not options.card_cache_dir:
        return None
    protected = [root / options.claims_dir, Path(config.docs_dir)]
    try:
        folder = check_output_dir(root / options.card_cache_dir, option="card_cache_dir",
                                  project_root=root, protected=protected)  # fmt: skip
    except UnsafeOutput as error:
        raise PluginError(f"factcheck: {error}") from None
    mark(folder)
    return folder
