"""ClaimReview lint over generated claim pages: what Google's fact-check guidelines ask
of the markup, checked against the page as built (its `<head>` JSON-LD and its
visible verdict badge), so an overridden template cannot drift from the markup.

Findings are Problems: `errors` break the guidelines (a build fails under --strict);
`advice` (a `claimReviewed` longer than 75 characters) is Google's recommendation only.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from generator.digest_cache import MISSING, DigestStore, key
from generator.model import Claim
from generator.problems import Problem
from generator.settings import Settings
from generator.urls import claim_url

MAX_CLAIM_REVIEWED = 75
LINT_STORE = "lint"  # the digest cache's file of claim pages' lint


class _JsonLd(HTMLParser):
    """Collects the JSON-LD scripts and the text of the verdict badge of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.badges: list[str] = []
        self._script: list[str] | None = None
        self._badge_depth = 0
        self._badge: list[str] = []
        self._in_verdict = 0
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag == "script" and values.get("type") == "application/ld+json":
            self._script = []
        elif tag == "p" and "fc-verdict" in classes:
            self._in_verdict += 1
        elif tag == "span" and self._in_verdict:
            if "fc-badge" in classes and not self._badge_depth:
                self._badge_depth, self._badge = 1, []
            elif self._badge_depth:
                self._badge_depth += 1
                self._skip += "fc-badge__icon" in classes

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None
        elif tag == "p" and self._in_verdict:
            self._in_verdict -= 1
        elif tag == "span" and self._badge_depth:
            self._badge_depth -= 1
            if self._skip and self._badge_depth == 1:
                self._skip = 0
            if not self._badge_depth:
                self.badges.append(" ".join("".join(self._badge).split()))

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
        elif self._badge_depth and not self._skip:
            self._badge.append(data)


class BadJsonLd(ValueError):
    """A JSON-LD script that is not JSON (an overridden template can write one)."""


def _claim_reviews(scripts: list[str]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for text in scripts:
        try:
            data = json.loads(text)
        except ValueError as err:
            raise BadJsonLd(f"a JSON-LD script is not valid JSON: {err}") from None
        nodes = data.get("@graph", [data]) if isinstance(data, dict) else data
        found += [n for n in nodes if isinstance(n, dict) and n.get("@type") == "ClaimReview"]
    return found


@dataclass
class LintResult:
    """What the lint found over one build."""

    checked: int = 0
    errors: list[Problem] = field(default_factory=list)
    advice: list[Problem] = field(default_factory=list)


# A head's script elements (what `_feed_head` gives the parser).
_SCRIPT = re.compile(r"<script\b.*?</script\s*>", re.DOTALL | re.IGNORECASE)


def _feed_head(parser: _JsonLd, head: str) -> None:
    """Only the head's `<script>` elements: the rest, a dozen meta tags, holds no JSON-LD
    and took ~70% of the head's parsing. Exact for the heads the core builds
    (`structured_data`), where every value is escaped: `<script` can only open an
    element, and a script's JSON can never close it."""
    for script in _SCRIPT.finditer(head):
        parser.feed(script.group())


def _feed_body(parser: _JsonLd, body: str) -> None:
    """The whole body when it holds JSON-LD; otherwise only up to the verdict badge,
    which sits near the top: parsing every claim page to its end cost ~1.6 ms a page,
    16 s at 10,000 claims. The lines up to the first `fc-badge` are fed at once (the
    parser reads fed text the same whatever the pieces), then a line at a time."""
    if "application/ld+json" in body:
        parser.feed(body)
        return
    first = body.find("fc-badge")
    end = body.find("\n", first) + 1 if first >= 0 else 0
    parser.feed(body[:end])
    if parser.badges:
        return
    for line in body[end:].splitlines(keepends=True):
        parser.feed(line)
        if parser.badges:
            return


@dataclass(frozen=True)
class PageToLint:
    """Everything the lint of one claim page reads, and nothing else: `lint` is a
    function of these fields alone, so their digest can key its result (`LintCache`)."""

    head: str
    body: str
    where: str  # the claim file, as problems name it
    verdict_line: int | None
    claim_line: int | None
    canonical: str  # the page's canonical URL

    @classmethod
    def of(cls, claim: Claim, head: str, body: str, settings: Settings) -> PageToLint:
        canonical = settings.absolute(claim_url(claim.id))
        lines = claim.line("verdict"), claim.line("claim")
        return cls(head or "", body, claim.source_path, *lines, canonical)

    def digest(self) -> bytes:
        return key(*(str(getattr(self, f.name)) for f in fields(self)))


def lint_claim_page(claim: Claim, head: str, body: str, settings: Settings) -> tuple[list[Problem], list[Problem]]:
    """(errors, advice) for one claim page, from its head HTML and body HTML."""
    return lint(PageToLint.of(claim, head, body, settings))


def lint(page: PageToLint) -> tuple[list[Problem], list[Problem]]:
    """(errors, advice) for one claim page."""
    parser = _JsonLd()
    _feed_head(parser, page.head)
    _feed_body(parser, page.body)
    where = page.where
    try:
        reviews = _claim_reviews(parser.scripts)
    except BadJsonLd as err:
        return [Problem(where, None, "ClaimReview", str(err))], []
    errors: list[Problem] = []
    if len(reviews) != 1:
        message = f"the page carries {len(reviews)} ClaimReview blocks; Google reads exactly one"
        return [Problem(where, None, "ClaimReview", message)], []
    review = reviews[0]
    shown = parser.badges[0] if parser.badges else None
    rating = (review.get("reviewRating") or {}).get("alternateName")
    if shown is None or rating != shown:
        message = f"rating name {rating!r} differs from the verdict shown on the page ({shown!r})"
        errors.append(Problem(where, page.verdict_line, "ClaimReview", message))
    if review.get("url") != page.canonical:
        message = f"url {review.get('url')!r} is not the page's canonical URL {page.canonical!r}"
        errors.append(Problem(where, None, "ClaimReview", message))
    reviewed = str(review.get("claimReviewed", ""))
    advice = []
    if len(reviewed) > MAX_CLAIM_REVIEWED:
        message = (f"claimReviewed is {len(reviewed)} characters; Google advises at most "
                   f"{MAX_CLAIM_REVIEWED} (the claim as shown in results)")  # fmt: skip
        advice.append(Problem(where, page.claim_line, "claim", message))
    return errors, advice


class LintCache:
    """Each claim page's lint, kept in the digest cache under the digest of its
    `PageToLint`: the lint took ~0.25 ms of a claim page's ~1.1 ms in every build, for
    pages that are byte for byte those of the last build. Workers look results up
    (their copy of the store, loaded before they fork) and hand back each page's
    digest; this process `keep`s them all, and `save`s."""

    def __init__(self, cache_dir: Path | None) -> None:
        self.store = DigestStore(cache_dir, LINT_STORE)
        self.store.load()

    def lint(self, page: PageToLint) -> tuple[list[Problem], list[Problem], bytes]:
        digest = page.digest()
        found = self.store.get(digest)
        errors, advice = lint(page) if found is MISSING else found
        return errors, advice, digest

    def keep(self, digest: bytes, errors: list[Problem], advice: list[Problem]) -> None:
        self.store.put(digest, (errors, advice))

    def save(self) -> None:
        self.store.save()


def length_advice(claims: list[Claim]) -> list[Problem]:
    """The 75-character advice for `factcheck check`, which renders no pages: a
    ClaimReview's `claimReviewed` is the claim text itself."""
    return [
        Problem(c.source_path, c.line("claim"), "claim",
                f"claimReviewed is {len(c.claim)} characters; Google advises at most {MAX_CLAIM_REVIEWED}")
        for c in claims
        if len(c.claim) > MAX_CLAIM_REVIEWED
    ]  # fmt: skip
