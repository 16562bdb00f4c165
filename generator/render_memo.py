"""Reuse of rendered pieces, within one build and across the rebuilds of `mkdocs serve`.

Only pieces that are a function of one claim alone are reused: a listing row reads
nothing but its claim (and the verdict badges, fixed per settings, for which the
memo is made afresh). Whole pages are never reused: each reads other claims and the
templates, and a hand-kept signature of those inputs once missed some (a claimant's
type inferred from other claims, `via` links, the templates); under `serve` the page
store's byte comparison skips unchanged pages anyway.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.model import Claim


@dataclass
class RenderMemo:
    """Listing rows by claim object (their part after the link root). Entries hold the
    claim they were made from and are used only for that object, so an edited claim
    (a new object) is always rendered afresh."""

    rows: dict[int, tuple[Claim, str]] = field(default_factory=dict)

    def forget_except(self, claims: tuple[Claim, ...]) -> None:
        alive = {id(c) for c in claims}
        self.rows = {k: v for k, v in self.rows.items() if k in alive}
