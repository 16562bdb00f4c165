"""Cross-reference indexes, built from the list of claims in a single pass.

Claims are sorted newest first once; every bucket is then filled in that order, so
no listing needs sorting again and the cost grows linearly with the claim count.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.model import Claim
from generator.settings import Settings
from generator.slugs import unique_slugs

# Cross-reference kinds whose entries are names taken from claims, with their URL folder.
KINDS: tuple[str, ...] = ("outlets", "people", "places", "organisations", "tags")


@dataclass(frozen=True)
class Entry:
    """One page of a cross-reference kind: an outlet, a person, a tag..."""

    kind: str
    name: str
    slug: str
    claims: tuple[Claim, ...]
    # For outlets: how the outlet carried each claim ("supports", "reports, via Reuters").
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"{self.kind}/{self.slug}/"


@dataclass(frozen=True)
class Indexes:
    claims: tuple[Claim, ...]  # newest claim date first
    by_id: dict[str, Claim]
    verdicts: tuple[Entry, ...]  # in the configured order, empty ones included
    entries: dict[str, tuple[Entry, ...]]  # kind -> entries sorted by name
    lookup: dict[tuple[str, str], Entry]  # (kind, name) -> entry
    days: tuple[tuple[dt.date, tuple[Claim, ...]], ...]  # oldest day first
    related: dict[str, tuple[Claim, ...]]  # both directions of every `related` link

    def entry(self, kind: str, name: str) -> Entry:
        return self.lookup[(kind, name)]

    def verdict_entry(self, name: str) -> Entry:
        return self.lookup[("verdicts", name)]


def newest_first(claims: Sequence[Claim]) -> list[Claim]:
    return sorted(claims, key=lambda c: (-c.claim_date.toordinal(), c.title.casefold(), c.id))


def claim_names(claim: Claim, kind: str) -> tuple[str, ...]:
    """The names a claim files under `kind`, each once, in the order written."""
    if kind == "outlets":
        names = [s.outlet for s in claim.sources] + [s.via for s in claim.sources if s.via]
    else:
        names = list(getattr(claim, kind))
    return tuple(dict.fromkeys(names))


def build_indexes(claims: Sequence[Claim], settings: Settings) -> Indexes:
    ordered = newest_first(claims)
    buckets: dict[str, dict[str, list[Claim]]] = {k: defaultdict(list) for k in KINDS}
    by_verdict: dict[str, list[Claim]] = {v.name: [] for v in settings.verdicts}
    by_day: dict[dt.date, list[Claim]] = defaultdict(list)
    related: dict[str, dict[str, None]] = defaultdict(dict)
    notes: dict[str, dict[str, str]] = defaultdict(dict)
    by_id = {c.id: c for c in ordered}
    for claim in ordered:
        by_verdict.setdefault(claim.verdict, []).append(claim)
        by_day[claim.claim_date].append(claim)
        for kind in KINDS:
            for name in claim_names(claim, kind):
                buckets[kind][name].append(claim)
        for source in claim.sources:
            _note_stance(notes, claim, source.outlet, source.via, source.stance)
        for other in claim.related:
            if other in by_id:
                related[claim.id][other] = None
                related[other][claim.id] = None
    lookup: dict[tuple[str, str], Entry] = {}
    entries = {
        kind: _entries(kind, buckets[kind], notes if kind == "outlets" else {}, lookup)
        for kind in KINDS
    }
    verdict_slugs = unique_slugs(list(by_verdict))
    verdicts = tuple(
        Entry("verdicts", name, verdict_slugs[name], tuple(items))
        for name, items in by_verdict.items()
    )
    lookup.update({("verdicts", e.name): e for e in verdicts})
    return Indexes(
        claims=tuple(ordered),
        by_id=by_id,
        verdicts=verdicts,
        entries=entries,
        lookup=lookup,
        days=tuple((day, tuple(items)) for day, items in sorted(by_day.items())),
        related={
            cid: tuple(newest_first([by_id[o] for o in others])) for cid, others in related.items()
        },
    )


def _note_stance(
    notes: dict[str, dict[str, str]], claim: Claim, outlet: str, via: str | None, stance: str
) -> None:
    mine = notes[outlet]
    text = f"{stance}, relaying {via}" if via else stance
    mine[claim.id] = f"{mine[claim.id]}; {text}" if claim.id in mine else text
    if via:
        relayed = notes[via]
        text = f"origin of the report relayed by {outlet}"
        relayed[claim.id] = f"{relayed[claim.id]}; {text}" if claim.id in relayed else text


def _entries(
    kind: str,
    bucket: dict[str, list[Claim]],
    notes: dict[str, dict[str, str]],
    lookup: dict[tuple[str, str], Entry],
) -> tuple[Entry, ...]:
    slugs = unique_slugs(list(bucket))
    result = []
    for name in sorted(bucket, key=str.casefold):
        entry = Entry(kind, name, slugs[name], tuple(bucket[name]), notes.get(name, {}))
        lookup[(kind, name)] = entry
        result.append(entry)
    return tuple(result)
