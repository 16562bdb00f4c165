"""Corrections and verdict changes as data: the entries of a claim's `updated` log
whose `kind` is not a plain update.

Readers must find a fact-check's mistakes without reading the whole update log, so
the claim page shows them near the top, `/corrections/log/` lists them site-wide,
the ClaimReview carries them as `CorrectionComment`s and the feed marks them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.model import Claim, Update
from generator.settings import Settings

LOG_PATH = "corrections/log.md"


@dataclass(frozen=True)
class Correction:
    """One correction or verdict change, with the claim it belongs to."""

    claim: Claim
    update: Update


def claim_corrections(claim: Claim) -> tuple[Update, ...]:
    """The claim's corrections and verdict changes, newest first."""
    found = [u for u in claim.updated if u.is_correction]
    return tuple(sorted(found, key=lambda u: u.date, reverse=True))


def is_corrected(claim: Claim) -> bool:
    """Whether the claim's update log holds a correction or a verdict change (the
    indexes keep such claims apart, for the log)."""
    return any(update.is_correction for update in claim.updated)


def all_corrections(claims: Iterable[Claim]) -> list[Correction]:
    """Every correction on the site, newest first (ties by claim id, for stable pages)."""
    found = [Correction(c, u) for c in claims for u in claim_corrections(c)]
    found.sort(key=lambda f: f.claim.id)
    found.sort(key=lambda f: f.update.date, reverse=True)
    return found


def describe(update: Update, settings: Settings) -> str:
    """One plain sentence: what kind of change, and for a verdict change, from what."""
    if update.kind == "verdict-change" and update.previous is not None:
        before = settings.verdicts_by_name.get(update.previous)
        label = before.label if before else update.previous
        return f"Verdict changed from “{label}”: {update.note}"
    return f"Correction: {update.note}"


def correction_comments(claim: Claim, settings: Settings) -> list[dict[str, Any]]:
    """schema.org `CorrectionComment`s for the claim's ClaimReview, oldest first."""
    return [
        {
            "@type": "CorrectionComment",
            "text": describe(update, settings),
            "datePublished": update.date.isoformat(),
        }
        for update in reversed(claim_corrections(claim))
    ]
