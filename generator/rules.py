"""Rules that span claims or sources: unique ids, existing related ids, and the
independence rule that keeps "confirmed by multiple outlets" honest."""

from __future__ import annotations

from collections.abc import Sequence

from generator.model import Claim, Source
from generator.problems import Problem
from generator.settings import Settings


class RelayLoop(ValueError):
    """A `via` chain that comes back to an outlet already on it."""


# Ids that would collide with listing pages under /claims/ (pagination, explorer data).
RESERVED_IDS = frozenset({"page", "explorer"})


def check_claims(claims: Sequence[Claim], settings: Settings) -> list[Problem]:
    """Every cross-file problem; claims with problems stay listed so all are reported."""
    problems = check_unique_ids(claims) + check_reserved_ids(claims)
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


def check_reserved_ids(claims: Sequence[Claim]) -> list[Problem]:
    message = "'{}' is reserved for the site's own pages; choose another id"
    return [
        Problem(c.source_path, c.line("id"), "id", message.format(c.id))
        for c in claims
        if c.id in RESERVED_IDS
    ]


def check_related(claim: Claim, known: set[str]) -> list[Problem]:
    problems = []
    for index, other in enumerate(claim.related):
        if other == claim.id:
            message = "a claim cannot be related to itself"
        elif other not in known:
            message = f"no claim has the id '{other}'"
        else:
            continue
        field = f"related[{index}]"
        problems.append(Problem(claim.source_path, claim.line(field), field, message))
    return problems


def origin(source: Source, sources: Sequence[Source]) -> str:
    """The outlet a source's report comes from, following `via` through the claim's
    other sources (A relays B, B relays C: A's origin is C)."""
    if source.via is None:
        return source.outlet
    relays = {s.outlet: s.via for s in sources if s.via}
    chain = [source.outlet]
    current: str | None = source.via
    while current is not None:
        if current in chain:
            raise RelayLoop(" -> ".join([*chain, current]))
        chain.append(current)
        current = relays.get(current)
    return chain[-1]


def check_relay_chains(claim: Claim) -> list[Problem]:
    problems = []
    for index, source in enumerate(claim.sources):
        try:
            origin(source, claim.sources)
        except RelayLoop as loop:
            message = f"'via' goes round in a loop: {loop}"
            field = f"sources[{index}].via"
            problems.append(Problem(claim.source_path, claim.line(field), field, message))
    return problems


def check_confirmation(
    claim: Claim, needed: int, same_origin: tuple[tuple[str, ...], ...] = ()
) -> list[Problem]:
    """The verdict needs `needed` supporting sources with different origins; outlets
    configured as one origin (`same_origin`) count once, under the group's first name."""
    problems = check_relay_chains(claim)
    if problems:
        return problems
    group_of = {outlet: group[0] for group in same_origin for outlet in group}
    supporting = (origin(s, claim.sources) for s in claim.sources if s.stance == "supports")
    origins = sorted({group_of.get(o, o) for o in supporting})
    if len(origins) >= needed:
        return []
    found = ", ".join(origins) if origins else "none"
    message = (
        f"'{claim.verdict}' needs at least {needed} sources with stance 'supports' from "
        f"different origins (a source's origin is its 'via' when set); origins found: {found}"
    )
    return [Problem(claim.source_path, claim.line("verdict"), "verdict", message)]
