"""Every target of issue #14 as a row: target, measured figure, met / not met by wall
time and by CPU time. Pure functions of the measured Results, so they are tested on
made-up figures (tests/test_bench_targets.py)."""

from __future__ import annotations

from collections.abc import Sequence

from model import Result
from stats import median

KB, MB, MIB = 1000, 1_000_000, 1024 * 1024

WEIGHT_PER_CLAIM_MAX = 30 * KB  # bytes of site per claim
SITE_AT_20K_MAX = 600 * MB
BUILD_RATIO_MAX = 1.5  # (b)/(c) at 10,000 claims
CHECK_RATIO_MAX = 1.5  # factcheck check / libyaml floor at 10,000 claims
GENERATE_RATIO_MAX = 4.0  # (a) generate / libyaml floor at 10,000 claims
SEARCH_MAX = 1 * MB  # bytes before the first search result, at every size
SEARCH_SIZES = (100, 1_000, 10_000)
PREVIEW_MAX = 3.0  # seconds from saving a claim to the new page under `make serve`
SCALING_MAX = 2.1  # t(20k)/t(10k)
PEAK_MAX = 1.5e9  # peak memory of (b) at 20,000 claims, bytes

Row = tuple[str, str, str, str]  # target, measured, status (wall), status (CPU)
NA = "-"
# Which section of bench/not_met.md says why a target is not met and what it would take,
# by how the target's text starts.
TOPICS = (
    ("weight", "weight"),
    ("site at", "weight"),
    ("(b)/(c)", "build"),
    ("`factcheck check`", "check"),
    ("(a) generate", "generate"),
    ("at most 1 MB", "search"),
    ("edit preview", "preview"),
    ("linear growth", "growth"),
    ("peak memory", "memory"),
)


def one_line(text: str, limit: int = 160) -> str:
    """An error made fit for a table cell: one line, no pipes, not too long."""
    flat = " ".join(str(text).split()).replace("|", "/")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


UNLISTED = "unlisted"  # the topic of a target TOPICS does not name


def topic(target: str) -> str:
    """The section of bench/not_met.md that explains `target` (a row's first cell);
    UNLISTED for a target added without its topic, which the report then names
    instead of ending an hour's run with an error."""
    return next((name for start, name in TOPICS if target.startswith(start)), UNLISTED)


def not_met(row: Row) -> bool:
    """Whether a row misses its target, by wall time or by CPU time."""
    return "not met" in row[2:]


def status(value: float | None, limit: float, strict: bool = False) -> str:
    """'met' / 'not met' / 'not measured' for a figure against its upper limit."""
    if value is None:
        return "not measured"
    return "met" if (value < limit if strict else value <= limit) else "not met"


def _row(
    target: str,
    wall: float | None,
    cpu: float | None,
    limit: float,
    shown: str,
    strict: bool = False,
) -> Row:
    """One row; cpu None means the target has no CPU reading (sizes, bytes)."""
    cpu_status = status(cpu, limit, strict) if cpu is not None or wall is None else NA
    return target, shown if wall is not None else NA, status(wall, limit, strict), cpu_status


def weight_rows(by: dict[int, Result]) -> list[Row]:
    rows = []
    weighed = {n: r.weight for n, r in sorted(by.items()) if r.weight and r.weight.get("claims")}
    for size, weight in weighed.items():
        per_claim = float(weight["bytes_per_claim"])
        shown = f"{per_claim / KB:.1f} kB per claim ({weight['total_bytes'] / MB:,.1f} MB in all)"
        rows.append(
            _row(
                f"weight at {size:,} claims at most 30 kB per claim",
                per_claim,
                None,
                WEIGHT_PER_CLAIM_MAX,
                shown,
            )
        )
    if not weighed:
        why = next(
            (r.weight["error"] for r in by.values() if r.weight and r.weight.get("error")), ""
        )
        shown = f"not measured: {one_line(why)}" if why else NA
        rows.append(("weight at most 30 kB per claim", shown, "not measured", NA))
    if 20_000 in weighed:
        total = float(weighed[20_000]["total_bytes"])
        shown = f"{total / MB:,.1f} MB"
    elif weighed:
        size, weight = max(weighed.items())
        total = float(weight["bytes_per_claim"]) * 20_000
        shown = f"{total / MB:,.1f} MB (projected from {size:,} claims)"
    else:
        total, shown = None, ""  # type: ignore[assignment]
    rows.append(
        _row("site at 20,000 claims under 600 MB", total, None, SITE_AT_20K_MAX, shown, True)
    )
    return rows


def _ratio_row(
    target: str, r: Result | None, top: str, bottom: str, limit: float, process: bool = False
) -> Row:
    """A time ratio at one size, by wall (medians) and CPU time (medians)."""
    if r is None or not (r.has(top) and r.has(bottom)):
        return _row(target, None, None, limit, "")
    walls = r.process_walls if process else r.walls
    t_top, t_bottom = median(walls(top)), median(walls(bottom))
    wall, cpu = t_top / t_bottom, r.cpu(top) / r.cpu(bottom)
    shown = f"{wall:.2f}x ({t_top:.2f} s vs {t_bottom:.2f} s); CPU {cpu:.2f}x"
    return _row(target, wall, cpu, limit, shown)


def time_rows(by: dict[int, Result]) -> list[Row]:
    ten = by.get(10_000)
    return [
        _ratio_row(
            "(b)/(c) full build at most 1.5x the plain-MkDocs baseline at 10,000 claims, "
            "cold cache",
            ten,
            "b",
            "c",
            BUILD_RATIO_MAX,
        ),
        _ratio_row(
            "(b)/(c) full build at most 1.5x the plain-MkDocs baseline at 10,000 claims, "
            "warm cache (CI's caches restored)",
            ten,
            "b_warm",
            "c",
            BUILD_RATIO_MAX,
        ),
        _ratio_row(
            "(b)/(c) full build at most 1.5x the plain-MkDocs baseline at 10,000 claims, "
            "warm cache, one claim edited (a contributor's change in CI)",
            ten,
            "b_edit",
            "c",
            BUILD_RATIO_MAX,
        ),
        _ratio_row(
            "`factcheck check` at 10,000 claims within 1.5x of the libyaml floor, cold "
            "cache (whole processes)",
            ten,
            "check_cold",
            "parse",
            CHECK_RATIO_MAX,
            True,
        ),
        _ratio_row(
            "`factcheck check` at 10,000 claims within 1.5x of the libyaml floor, warm "
            "cache (whole processes)",
            ten,
            "check_warm",
            "parse",
            CHECK_RATIO_MAX,
            True,
        ),
        _ratio_row(
            "(a) generate at 10,000 claims within 4x of the libyaml floor, cold cache",
            ten,
            "a",
            "parse",
            GENERATE_RATIO_MAX,
        ),
        _ratio_row(
            "(a) generate at 10,000 claims within 4x of the libyaml floor, warm cache",
            ten,
            "a_warm",
            "parse",
            GENERATE_RATIO_MAX,
        ),
    ]


def search_rows(by: dict[int, Result]) -> list[Row]:
    rows = []
    for size in SEARCH_SIZES:
        search = by[size].search if size in by else None
        runs = (search or {}).get("runs") or []
        target = f"at most 1 MB downloaded before the first search result at {size:,} claims"
        if not runs:
            why = (search or {}).get("error")
            rows.append(
                (target, f"not measured: {one_line(why)}" if why else NA, "not measured", NA)
            )
            continue
        # What the reader downloads: text files gzip-compressed, as GitHub Pages sends
        # them (tools/search_payload.py's `gzip_bytes`); uncompressed if a run lacks it.
        payload = median([float(x.get("gzip_bytes") or x["bytes"]) for x in runs])
        seconds = [float(x["seconds"]) for x in runs if x.get("seconds") is not None]
        when = f", first result after {median(seconds):.2f} s" if seconds else ""
        rows.append(_row(target, payload, None, SEARCH_MAX, f"{payload / MB:.2f} MB{when}", True))
    return rows


def preview_rows(by: dict[int, Result]) -> list[Row]:
    """One row per kind of edit: an analysis (one page shows it) and a title (every
    listing of the claim shows it)."""
    preview = by[10_000].preview if 10_000 in by else None
    rows = []
    for key, what in (("edits", "an edited analysis"), ("title_edits", "an edited title")):
        edits = (preview or {}).get(key) or []
        target = f"edit preview under `make serve` within 3 s at 10,000 claims: {what}"
        if not edits:
            why = (preview or {}).get("error")
            rows.append((target, f"not measured: {one_line(why)}" if why else NA, "not measured", NA))
            continue
        value = median(edits)
        shown = f"{value:.2f} s (median of {len(edits)} edits, {min(edits):.2f}–{max(edits):.2f})"
        rows.append(_row(target, value, None, PREVIEW_MAX, shown))
    return rows


def growth_rows(by: dict[int, Result]) -> list[Row]:
    ten, twenty = by.get(10_000), by.get(20_000)
    rows = []
    for kind in ("a", "b"):
        target = f"linear growth: t(20k)/t(10k) at most 2.1 for ({kind})"
        if not (ten and twenty and ten.has(kind) and twenty.has(kind)):
            rows.append(_row(target, None, None, SCALING_MAX, ""))
            continue
        wall, cpu = twenty.t(kind) / ten.t(kind), twenty.cpu(kind) / ten.cpu(kind)
        shown = f"{wall:.2f} ({twenty.t(kind):.2f} s vs {ten.t(kind):.2f} s); CPU {cpu:.2f}"
        rows.append(_row(target, wall, cpu, SCALING_MAX, shown))
    return rows


def peak_row(by: dict[int, Result]) -> Row:
    twenty = by.get(20_000)
    peak = twenty.peak("b") if twenty and twenty.has("b") else None
    shown = f"{peak / 1e9:.2f} GB ({peak / MIB:,.0f} MiB)" if peak else ""
    return _row(
        "peak memory of (b) at 20,000 claims under 1.5 GB", peak, None, PEAK_MAX, shown, True
    )


def targets(results: Sequence[Result]) -> list[Row]:
    """Every target of #14, in the issue's order."""
    by = {r.size: r for r in results}
    return [
        *weight_rows(by),
        *time_rows(by),
        *search_rows(by),
        *preview_rows(by),
        *growth_rows(by),
        peak_row(by),
    ]
