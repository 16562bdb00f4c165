"""Cross-reference indexes, built from the list of claims in a single pass.

Claims are sorted newest first once; every bucket is then filled in that order, so
no listing needs sorting again and the cost grows linearly with the claim count.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from generator import kinds
from generator.corrections import is_corrected
from generator.model import Claim
from generator.names import display_names, identity_key
from generator.settings import Settings
from generator.slugs import entity_slug

# Cross-reference kinds whose entries are names taken from claims, by URL folder.
KINDS: tuple[str, ...] = kinds.NAMED_FOLDERS


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


class NameLookup(dict[tuple[str, str], "Entry"]):
    """Entries by (kind, name), where any spelling of the name finds its entry:
    keys are stored under the name's identity key and every look-up uses it too, so
    callers (the claimant's inferred type, templates) compare names as `names` says."""

    def __getitem__(self, key: tuple[str, str]) -> Entry:
        return super().__getitem__((key[0], identity_key(key[1])))

    def __contains__(self, key: object) -> bool:
        if isinstance(key, tuple) and len(key) == 2 and isinstance(key[1], str):
            return super().__contains__((key[0], identity_key(key[1])))
        return False

    def store(self, kind: str, name: str, entry: Entry) -> None:
        super().__setitem__((kind, identity_key(name)), entry)

    def get(self, key: tuple[str, str], default: Entry | None = None) -> Entry | None:  # type: ignore[override]
        return self[key] if key in self else default


@dataclass(frozen=True)
class Tally:
    """An outlet's page and its number of claims by verdict, without the claims."""

    name: str
    url: str
    counts: tuple[int, ...]  # claims per configured verdict, in order
    total: int


@dataclass(frozen=True)
class Tallies:
    """What the statistics count. No edit of a claim's words (its title, say) changes
    them, so under `serve` the pages that show only counts are kept (see reuse.py)."""

    total: int
    verdicts: tuple[int, ...]  # claims per configured verdict, in order
    outlets: tuple[Tally, ...]  # the most claims first, then by name
    days: tuple[tuple[dt.date, int], ...]  # claims per claim date, oldest first


@dataclass(frozen=True)
class Indexes:
    claims: tuple[Claim, ...]  # newest claim date first
    by_id: dict[str, Claim]
    verdicts: tuple[Entry, ...]  # in the configured order, empty ones included
    entries: dict[str, tuple[Entry, ...]]  # kind -> entries sorted by name
    lookup: NameLookup  # (kind, any spelling of the name) -> entry
    days: tuple[tuple[dt.date, tuple[Claim, ...]], ...]  # oldest day first
    related: dict[str, tuple[Claim, ...]]  # both directions of every `related` link
    corrected: tuple[Claim, ...]  # claims with a correction or verdict change, newest first
    tallies: Tallies

    # Pages ask the narrowest question that gives them what they show (an entry's URL,
    # not the entry with its claims): under `serve` a kept page stands while each of
    # its questions has the same answer (see reuse.py), so a narrow question keeps it
    # when only other claims of that entry changed.

    def entry(self, kind: str, name: str) -> Entry:
        """The entry of `name` under any of its spellings (see `names.identity_key`)."""
        return self.lookup[(kind, name)]

    def verdict_entry(self, name: str) -> Entry:
        return self.lookup[("verdicts", name)]

    def entry_url(self, kind: str, name: str) -> str:
        return self.lookup[(kind, name)].url

    def verdict_url(self, name: str) -> str:
        return self.lookup[("verdicts", name)].url

    def has_entry(self, kind: str, name: str) -> bool:
        return (kind, name) in self.lookup

    def related_of(self, claim_id: str) -> tuple[Claim, ...]:
        """Both directions of every `related` link of the claim, newest first."""
        return self.related.get(claim_id, ())

    def newest(self, count: int) -> tuple[Claim, ...]:
        """The `count` newest claims: an edit of any other keeps what shows these."""
        return self.claims[:count]

    def claims_of(self, ids: tuple[str, ...]) -> tuple[Claim, ...]:
        """The claims of `ids` that exist, in that order."""
        return tuple(self.by_id[i] for i in ids if i in self.by_id)


def newest_first(claims: Sequence[Claim]) -> list[Claim]:
    return sorted(claims, key=lambda c: (-c.claim_date.toordinal(), c.title.casefold(), c.id))


def all_spellings(claim: Claim, kind: str) -> list[str]:
    """Every spelling a claim writes under `kind`, repeats included (they are votes
    for the displayed spelling); for outlets, each source's outlet, then the outlets
    relayed (`via`)."""
    if kind == "outlets":
        return [s.outlet for s in claim.sources] + [s.via for s in claim.sources if s.via]
    return list(getattr(claim, kinds.BY_FOLDER[kind].field or kind))


def claim_names(claim: Claim, kind: str) -> tuple[str, ...]:
    """The names a claim files under `kind`, each entity once (first spelling), in
    the order written."""
    first: dict[str, str] = {}
    for name in all_spellings(claim, kind):
        first.setdefault(identity_key(name), name)
    return tuple(first.values())


def build_indexes(claims: Sequence[Claim], settings: Settings) -> Indexes:
    ordered = newest_first(claims)
    buckets: dict[str, dict[str, list[Claim]]] = {k: defaultdict(list) for k in KINDS}
    spellings: dict[str, list[str]] = {k: [] for k in KINDS}
    by_verdict: dict[str, list[Claim]] = {v.name: [] for v in settings.verdicts}
    by_day: dict[dt.date, list[Claim]] = defaultdict(list)
    related: dict[str, dict[str, None]] = defaultdict(dict)
    notes: dict[str, dict[str, str]] = defaultdict(dict)
    by_id = {c.id: c for c in ordered}
    for claim in ordered:
        by_verdict.setdefault(claim.verdict, []).append(claim)
        by_day[claim.claim_date].append(claim)
        for kind in KINDS:
            spelt = all_spellings(claim, kind)
            spellings[kind].extend(spelt)
            for key in dict.fromkeys(map(identity_key, spelt)):  # each entity once
                buckets[kind][key].append(claim)
        for source in claim.sources:
            _note_stance(notes, claim, source.outlet, source.via, source.stance)
        for other in claim.related:
            if other in by_id:
                related[claim.id][other] = None
                related[other][claim.id] = None
    rank = {claim_id: i for i, claim_id in enumerate(by_id)}  # newest first, as `ordered`
    lookup = NameLookup()
    entries = {
        kind: _entries(
            kind, buckets[kind], display_names(spellings[kind]),
            notes if kind == "outlets" else {}, lookup,
        )  # fmt: skip
        for kind in KINDS
    }
    verdicts = tuple(
        Entry("verdicts", name, entity_slug(name), tuple(items))
        for name, items in by_verdict.items()
    )
    for verdict in verdicts:
        lookup.store("verdicts", verdict.name, verdict)
    days = tuple((day, tuple(items)) for day, items in sorted(by_day.items()))
    return Indexes(
        claims=tuple(ordered),
        by_id=by_id,
        verdicts=verdicts,
        entries=entries,
        lookup=lookup,
        days=days,
        related={
            cid: tuple(by_id[o] for o in sorted(others, key=rank.__getitem__))
            for cid, others in related.items()
        },
        corrected=tuple(filter(is_corrected, ordered)),
        tallies=_tallies(settings, verdicts, entries["outlets"], days),
    )


def _tallies(
    settings: Settings, verdicts: tuple[Entry, ...], outlets: tuple[Entry, ...],
    days: tuple[tuple[dt.date, tuple[Claim, ...]], ...],
) -> Tallies:
    names = [verdict.name for verdict in settings.verdicts]
    per_verdict = {verdict.name: len(verdict.claims) for verdict in verdicts}

    def counts(claims: tuple[Claim, ...]) -> tuple[int, ...]:
        found = Counter(claim.verdict for claim in claims)
        return tuple(found[name] for name in names)

    tallies = [Tally(e.name, e.url, counts(e.claims), len(e.claims)) for e in outlets]
    return Tallies(
        total=sum(per_verdict.values()),
        verdicts=tuple(per_verdict[name] for name in names),
        outlets=tuple(sorted(tallies, key=lambda t: (-t.total, t.name.casefold(), t.name))),
        days=tuple((day, len(claims)) for day, claims in days),
    )


def filing(claim: Claim) -> tuple[object, ...]:
    """Everything `build_indexes` reads of a claim but its title (which only orders
    claims of one day): claims with equal filings sit in the same buckets."""
    return (
        claim.id, claim.verdict, claim.claim_date, claim.related,
        tuple((s.outlet, s.via, s.stance) for s in claim.sources),
        tuple(tuple(all_spellings(claim, kind)) for kind in KINDS),
    )  # fmt: skip


def update_indexes(
    last: Indexes, made_from: Sequence[Claim], claims: Sequence[Claim]
) -> Indexes | None:
    """`build_indexes(claims, settings)` made from `last`, the indexes of `made_from`
    with those same settings, when each claim that is not the very object it was (an
    edit under `serve`) files exactly as before: its title, claim text or sources'
    quotes changed, say. Then only the lists holding it change (and re-sort, for a
    title). Else None: rebuild. A title edit at 10,000 claims thus costs milliseconds
    here instead of ~0.2 s; tests/test_indexes.py checks it equals a rebuild."""
    if len(made_from) != len(claims):
        return None
    new: dict[str, Claim] = {}
    corrections_changed = False
    for before, now in zip(made_from, claims):
        if before is not now:
            if before.id != now.id or filing(before) != filing(now) or now.id in new:
                return None
            new[now.id] = now
            corrections_changed = corrections_changed or is_corrected(before) or is_corrected(now)
    if not new:
        return last
    ordered = tuple(newest_first([new.get(c.id, c) for c in last.claims]))
    by_id = {c.id: c for c in ordered}
    if len(by_id) != len(ordered):
        return None  # a repeated id: `build_indexes` keeps the last of each, in input order
    rank = {claim_id: i for i, claim_id in enumerate(by_id)}

    def patched(items: tuple[Claim, ...]) -> tuple[Claim, ...]:
        if not any(c.id in new for c in items):
            return items
        return tuple(sorted((new.get(c.id, c) for c in items), key=lambda c: rank[c.id]))

    lookup = NameLookup(last.lookup)
    touched = {
        (kind, identity_key(name)) for c in new.values() for kind in KINDS for name in all_spellings(c, kind)
    }
    entries = dict(last.entries)
    for kind, key in touched:
        entry = dict.__getitem__(lookup, (kind, key))
        changed = replace(entry, claims=patched(entry.claims))
        lookup.store(kind, key, changed)
        entries[kind] = tuple(changed if e is entry else e for e in entries[kind])
    verdicts = tuple(replace(v, claims=patched(v.claims)) for v in last.verdicts)
    for verdict in verdicts:
        lookup.store("verdicts", verdict.name, verdict)
    near = set(new) | {o.id for c in new.values() for o in last.related.get(c.id, ())}
    return Indexes(
        claims=ordered,
        by_id=by_id,
        verdicts=verdicts,
        entries=entries,
        lookup=lookup,
        days=tuple((day, patched(items)) for day, items in last.days),
        related={cid: patched(items) if cid in near else items for cid, items in last.related.items()},
        # Unchanged while no edited claim has or had a correction: the claims it holds
        # are then the same objects, in the same order.
        corrected=tuple(filter(is_corrected, ordered)) if corrections_changed else last.corrected,
        tallies=last.tallies,  # every edited claim files as before: the counts are equal
    )


def _note_stance(
    notes: dict[str, dict[str, str]], claim: Claim, outlet: str, via: str | None, stance: str
) -> None:
    mine = notes[identity_key(outlet)]
    text = f"{stance}, relaying {via}" if via else stance
    mine[claim.id] = f"{mine[claim.id]}; {text}" if claim.id in mine else text
    if via:
        relayed = notes[identity_key(via)]
        text = f"origin of the report relayed by {outlet}"
        relayed[claim.id] = f"{relayed[claim.id]}; {text}" if claim.id in relayed else text


def _entries(
    kind: str,
    bucket: dict[str, list[Claim]],
    shown: dict[str, str],
    notes: dict[str, dict[str, str]],
    lookup: NameLookup,
) -> tuple[Entry, ...]:
    """One entry per identity key, named by its most common spelling, sorted by name."""
    result = []
    for key in sorted(bucket, key=lambda k: (shown[k].casefold(), shown[k])):
        name = shown[key]
        entry = Entry(kind, name, entity_slug(key), tuple(bucket[key]), notes.get(key, {}))
        lookup.store(kind, key, entry)
        result.append(entry)
    return tuple(result)
