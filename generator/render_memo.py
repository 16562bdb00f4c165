"""Reuse of rendered pieces, within one build and across the rebuilds of `mkdocs serve`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from generator.model import Claim

if TYPE_CHECKING:
    from generator.pages import Page


@dataclass
class RenderMemo:
    """What rendering can reuse: across the listings of one build, and across the
    rebuilds of `mkdocs serve`, where most claims are the very same objects.

    Entries hold the claim they were made from and are used only for that object,
    so an edited claim (a new object) is always rendered afresh.
    """

    rows: dict[tuple[int, str], tuple[Claim, Markup]] = field(default_factory=dict)
    claim_pages: dict[int, tuple[Claim, tuple[Any, ...], Page]] = field(default_factory=dict)
    listings: dict[str, tuple[tuple[Claim, ...], tuple[Any, ...], Page]] = field(default_factory=dict)
    keep_pages: bool = True  # False: only rows are reused (one build, less memory)

    def listing(self, path: str, claims: tuple[Claim, ...], key: tuple[Any, ...]) -> Page | None:
        """The listing page at `path` if it lists the very same claim objects as before."""
        hit = self.listings.get(path)
        if hit is None or hit[1] != key or len(hit[0]) != len(claims):
            return None
        return hit[2] if all(a is b for a, b in zip(hit[0], claims)) else None

    def remember_listing(self, path: str, claims: tuple[Claim, ...], key: tuple[Any, ...], page: Page) -> None:
        if self.keep_pages:
            self.listings[path] = (claims, key, page)

    def forget_except(self, claims: tuple[Claim, ...]) -> None:
        alive = {id(c) for c in claims}
        self.rows = {k: v for k, v in self.rows.items() if k[0] in alive}
        self.claim_pages = {k: v for k, v in self.claim_pages.items() if k in alive}
        self.listings = {k: v for k, v in self.listings.items() if all(id(c) in alive for c in v[0])}
