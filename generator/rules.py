"""Rules that span claims or sources: unique ids, existing related ids, and the
independence rule that keeps "confirmed by multiple outlets" honest.

Outlets are compared by `names.identity_key` everywhere here, as the indexes do:
"Reuters", "REUTERS" and "Reu\u200bters" are one origin, so spelling an outlet two
ways can neither pass the independence rule nor break a `via` chain.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from generator import kinds
from generator.digest_cache import MISSING, DigestStore
from generator.model import Claim, Source, did_you_mean, is_slug
from generator.names import display_names, identity_key
from generator.problems import Problem, field_label
from generator.settings import Settings

# A claim id is a file name (`claims/ID.md`) and a URL component: keep it well under
# every filesystem's 255-byte limit.
MAX_ID_LENGTH = 100
RESERVED_STORE = "reserved-ids"  # the digest cache's file of the ids the site's pages take
_RESERVED_KEY = b"reserved ids"  # its one entry (the file is per code digest)


class RelayLoop(ValueError):
    """A `via` chain that comes back to an outlet already on it."""


def check_claims(claims: Sequence[Claim], settings: Settings) -> list[Problem]:
    """Every cross-file problem; claims with problems stay listed so all are reported."""
    problems = check_unique_ids(claims) + check_reserved_ids(claims, settings.cache_dir)
    known = {c.id for c in claims}
    for claim in claims:
        problems += check_related(claim, known)
        if claim.verdict == settings.confirmed_verdict:
            problems += check_confirmation(claim, settings.min_independent_origins, settings.same_origin)
        else:
            problems += check_relay_chains(claim)
    return problems


def check_unique_ids(claims: Sequence[Claim]) -> list[Problem]:
    first_file: dict[str, str] = {}
    problems = []
    for claim in claims:
        if claim.id in first_file:
            message = f"'{claim.id}' is already the id of {first_file[claim.id]}"
            problems.append(Problem(claim.source_path, claim.line("id"), "id", message))
        else:
            first_file[claim.id] = claim.source_path
    return problems


# --- ids -----------------------------------------------------------------------


@functools.cache
def generated_paths() -> frozenset[str]:
    """Every output path of a tiny site (two claims, one per listing page, so that
    pagination shows) except its claim pages: what a claim page must never replace."""
    from generator.pipeline import _outputs  # late: the pipeline imports this module

    settings = Settings(claims_dir=Path("."), page_size=1, today=dt.date(2000, 1, 2))
    claims = [_probe_claim(settings, f"probe-{n}") for n in (1, 2)]
    # A claim's own outputs: its page and what lies under its folder (its embed).
    own = tuple(f"claims/{c.id}{end}" for c in claims for end in (".md", "/"))
    outputs = _outputs(claims, settings, None)
    return frozenset(o.path for o in outputs if not o.path.startswith(own))


@functools.cache
def reserved_ids(cache_dir: Path | None = None) -> frozenset[str]:
    """Names under `claims/` that the site itself generates (listing pages, their
    pagination, the explorer's data), taken from `generated_paths`: a hand-kept list
    would drift as soon as a new output is added.

    The probe's site has fixed settings, so the names are a function of the generator's
    code alone: the digest cache in `cache_dir` keeps them in its file for this code's
    digest. The probe took ~0.2 s of every `factcheck check` in a new process, a quarter
    of one on this report (the contributors' pre-commit hook)."""
    store = DigestStore(cache_dir, RESERVED_STORE)
    known = store.get(_RESERVED_KEY)
    if known is not MISSING:
        return known
    inside = (p[len("claims/") :] for p in generated_paths() if p.startswith("claims/"))
    ids = frozenset(p.split("/")[0].split(".")[0] for p in inside)
    store.put(_RESERVED_KEY, ids)
    store.save()
    return ids


def _probe_claim(settings: Settings, claim_id: str) -> Claim:
    return Claim.model_validate({
        "id": claim_id, "title": "Probe", "claim": "Probe", "claimant": "Probe",
        "claim_date": dt.date(2000, 1, 1), "verdict": settings.verdicts[0].name,
        "sources": [{"outlet": "Probe"}], "source_path": f"{claim_id}.md",
    })  # fmt: skip


def id_problem(claim_id: str, reserved: frozenset[str] | None = None) -> str | None:
    """Why `claim_id` cannot be a claim's id (its page would be unreachable, clash
    with a generated page, or be an unusable file name), or None when it can."""
    if not is_slug(claim_id):
        return f"'{claim_id}' is not a valid id: use lowercase letters, digits and single hyphens"
    if len(claim_id) > MAX_ID_LENGTH:
        return f"the id is {len(claim_id):,} characters long; the limit is {MAX_ID_LENGTH}"
    if claim_id in (reserved_ids() if reserved is None else reserved):
        return f"'{claim_id}' is reserved for the site's own pages; choose another id"
    return None


def check_reserved_ids(claims: Sequence[Claim], cache_dir: Path | None = None) -> list[Problem]:
    """Ids whose page would collide with a generated page (or is too long to write)."""
    reserved = reserved_ids(cache_dir)
    problems = []
    for claim in claims:
        message = id_problem(claim.id, reserved)
        if message is not None:
            problems.append(Problem(claim.source_path, claim.line("id"), "id", message))
    return problems


# --- related claims and origins ---------------------------------------------------


def check_related(claim: Claim, known: set[str]) -> list[Problem]:
    problems = []
    for index, other in enumerate(claim.related):
        if other == claim.id:
            message = "a claim cannot be related to itself"
        elif other not in known:
            message = f"no claim has the id '{other}'"
        else:
            continue
        line = claim.line(f"related[{index}]")
        problems.append(Problem(claim.source_path, line, field_label(("related", index)), message))
    return problems


def origin(source: Source, sources: Sequence[Source]) -> str:
    """The outlet a source's report comes from, following `via` through the claim's
    other sources (A relays B, B relays C: A's origin is C), as the chain spells it.

    Outlets on the chain are compared by identity key, so `via: reuters` continues
    through a source whose outlet is "Reuters"."""
    if source.via is None:
        return source.outlet
    relays = {identity_key(s.outlet): s.via for s in sources if s.via}
    chain = [source.outlet]
    seen = [identity_key(source.outlet)]
    current: str | None = source.via
    while current is not None:
        key = identity_key(current)
        if key in seen:
            raise RelayLoop(" -> ".join([*chain, current]))
        chain.append(current)
        seen.append(key)
        current = relays.get(key)
    return chain[-1]


def check_relay_chains(claim: Claim) -> list[Problem]:
    problems = []
    for index, source in enumerate(claim.sources):
        try:
            origin(source, claim.sources)
        except RelayLoop as loop:
            message = f"'via' goes round in a loop: {loop}"
            line = claim.line(f"sources[{index}].via")
            field = field_label(("sources", index, "via"))
            problems.append(Problem(claim.source_path, line, field, message))
    return problems


def check_confirmation(
    claim: Claim, needed: int, same_origin: tuple[tuple[str, ...], ...] = ()
) -> list[Problem]:
    """The verdict needs `needed` supporting sources with different origins; outlets
    configured as one origin (`same_origin`) count once, under the group's first name.
    Origins and groups are compared by identity key."""
    problems = check_relay_chains(claim)
    if problems:
        return problems
    group_of = {identity_key(o): group[0] for group in same_origin for o in group}
    supporting = [origin(s, claim.sources) for s in claim.sources if s.stance == "supports"]
    origins: dict[str, str] = {}
    for name in supporting:
        shown = group_of.get(identity_key(name), name)
        origins.setdefault(identity_key(shown), shown)
    if len(origins) >= needed:
        return []
    found = ", ".join(sorted(origins.values())) if origins else "none"
    message = (
        f"'{claim.verdict}' needs at least {needed} sources with stance 'supports' from "
        f"different origins (a source's origin is its 'via' when set); origins found: {found}"
    )
    return [Problem(claim.source_path, claim.line("verdict"), "verdict", message)]


# --- warnings --------------------------------------------------------------------

_SHOWN_FILES = 3


def check_warnings(claims: Sequence[Claim], settings: Settings) -> list[Problem]:
    """Problems worth a warning but not a failed build: one name spelled several ways
    (they share one page, under the most common spelling), reported on every line
    that uses a spelling other than the one shown, naming the spellings and files.
    A use's line and label are worked out only when it is reported: a site names
    ~150,000 things at 10,000 claims and almost all are written one way."""
    del settings  # the same comparison whatever the site
    suspects = _spelled_several_ways(claims)
    if not suspects:
        return []  # the common case: one pass over the names, no use listed
    uses: dict[tuple[str, str], list[tuple[str, Claim, Location]]] = defaultdict(list)
    for claim in claims:
        for kind, spelling, where in _name_uses(claim):
            if (kind, spelling) in suspects:
                uses[(kind, identity_key(spelling))].append((spelling, claim, where))
    problems = []
    for (kind, _), found in uses.items():
        spellings = {spelling for spelling, *_ in found}
        if len(spellings) < 2:
            continue
        shown = display_names(spelling for spelling, *_ in found)
        main = next(iter(shown.values()))
        files = _spelling_files(found)
        for spelling, claim, where in found:
            if spelling != main:
                message = (
                    f"{repr(spelling)} and {repr(main)} are the same {kind} ({files}); "
                    f"they share one page, shown as {repr(main)}: write it one way everywhere"
                )
                line = _use_line(claim, where)
                problems.append(Problem(claim.source_path, line, field_label(where), message))
    return sorted(set(problems))


Location = tuple[str, int] | tuple[str, int, str]  # ('people', 0), ('sources', 1, 'via')
# (kind, claim field) of each kind of name a claim lists, e.g. ("person", "people").
_NAME_FIELDS = tuple((kind.singular, kind.field or kind.folder) for kind in kinds.LISTED)


def _spelled_several_ways(claims: Sequence[Claim]) -> set[tuple[str, str]]:
    """(kind, spelling) of every spelling whose name is also written another way.

    Distinct spellings are few (hundreds) where uses are many (~150,000 at 10,000
    claims): gathering them in sets first made `check` ~0.2 s faster there."""
    written: dict[str, set[str]] = defaultdict(set)
    fields = [(written[kind], field) for kind, field in _NAME_FIELDS]
    outlets = written[kinds.OUTLETS.singular]
    for claim in claims:
        for names, field in fields:
            names.update(getattr(claim, field))
        for source in claim.sources:
            outlets.add(source.outlet)
            if source.via:
                outlets.add(source.via)
    suspects: set[tuple[str, str]] = set()
    for kind, spellings in written.items():
        by_key: dict[str, list[str]] = defaultdict(list)
        for spelling in spellings:
            by_key[identity_key(spelling)].append(spelling)
        suspects.update((kind, s) for group in by_key.values() if len(group) > 1 for s in group)
    return suspects


def _name_uses(claim: Claim) -> Iterator[tuple[str, str, Location]]:
    """(kind, spelling, where) of every name the claim writes."""
    for kind, field in _NAME_FIELDS:
        for index, name in enumerate(getattr(claim, field)):
            yield kind, name, (field, index)
    for index, source in enumerate(claim.sources):
        yield kinds.OUTLETS.singular, source.outlet, ("sources", index, "outlet")
        if source.via:
            yield kinds.OUTLETS.singular, source.via, ("sources", index, "via")


def _use_line(claim: Claim, where: Location) -> int | None:
    """The file line of a name's use: its item's line, or its source's."""
    if len(where) == 2:
        return claim.line(f"{where[0]}[{where[1]}]")
    _, index, part = where
    return claim.line(f"sources[{index}].{part}") or claim.line(f"sources[{index}]")


def _spelling_files(found: Sequence[tuple[str, Claim, Location]]) -> str:
    """'"Reuters" in a.md, b.md; "REUTERS" in c.md', a few files per spelling."""
    files: dict[str, list[str]] = defaultdict(list)
    for spelling, claim, _ in found:
        if claim.source_path not in files[spelling]:
            files[spelling].append(claim.source_path)
    parts = []
    for spelling in sorted(files):
        paths = files[spelling]
        more = f" and {len(paths) - _SHOWN_FILES:,} more" if len(paths) > _SHOWN_FILES else ""
        parts.append(f"{repr(spelling)} in {', '.join(paths[:_SHOWN_FILES])}{more}")
    return "; ".join(parts)



def featured_problems(
    claim_ids: Iterable[str], featured: Sequence[str], config_path: str
) -> list[Problem]:
    """Each `featured` id that is no claim: the home page skips it silently, so a typo
    would only show as a missing card; name it, with the nearest id."""
    return list(_featured_problems(tuple(sorted(set(claim_ids))), tuple(featured), config_path))


@functools.lru_cache(maxsize=4)  # `serve` asks again on every rebuild; the search is slow
def _featured_problems(ids: tuple[str, ...], featured: tuple[str, ...], config_path: str) -> tuple[Problem, ...]:
    known = set(ids)
    return tuple(
        Problem(config_path, None, "featured", f"'{wanted}' is not a claim; {_nearest_id(wanted, ids)}")
        for wanted in featured
        if wanted not in known
    )


def _nearest_id(wanted: str, ids: tuple[str, ...]) -> str:
    hint = did_you_mean(wanted, ids, list_at_most=12)
    return hint or "no claim has an id like it (an id is its file's name without .md)"
