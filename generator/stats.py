"""What the statistics and relations pages need: the SVGs and the same numbers as rows.

Every chart has a text-table twin built from the same rows, so a reader who cannot
see the picture (or prints the page) loses nothing. Hrefs are made here with the
page's own `url` function, so both the SVG links and the tables are relative.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator.charts import (
    Unit,
    daily_chart,
    outlet_stacked_chart,
    percent,
    periods,
    plural,
    verdict_bar_chart,
)
from generator.graph import MAX_CLAIMS, MAX_OUTLETS, MAX_PEOPLE, Graph, Node, build_graph, graph_svg
from generator.indexes import Indexes
from generator.model import Claim
from generator.settings import Settings, Verdict
from generator.urls import claim_url

OUTLET_LIMIT = 15

Url = Callable[[str], str]


@dataclass(frozen=True)
class VerdictRow:
    verdict: Verdict
    count: int
    share: str  # "69%"
    href: str


@dataclass(frozen=True)
class OutletRow:
    name: str
    href: str
    counts: tuple[int, ...]  # per verdict, in the configured order
    total: int


@dataclass(frozen=True)
class DayRow:
    """One column of the date chart: a day, week, month or year with claims."""

    when: Markup  # the period as a `<time>` tag
    day: dt.date  # the period's first day with claims
    count: int
    href: str  # that day on the timeline page


@dataclass(frozen=True)
class Link:
    name: str
    href: str


@dataclass(frozen=True)
class GraphRow:
    claim: Claim
    href: str
    people: tuple[Link, ...]
    outlets: tuple[Link, ...]


def stats_context(ix: Indexes, settings: Settings, url: Url) -> dict[str, Any]:
    """Template variables for `stats.md.j2`, from the indexes' counts alone (`tallies`):
    under `serve`, an edit that changes no count keeps the pages that show them."""
    verdicts, tallies = settings.verdicts, ix.tallies
    verdict_rows = _verdict_rows(ix, settings, url)
    outlets = tallies.outlets
    outlet_rows = [OutletRow(t.name, url(t.url), t.counts, t.total) for t in outlets[:OUTLET_LIMIT]]
    outlet_note = (
        f"The {len(outlet_rows)} outlets with the most claims, of {len(outlets):,}."
        if len(outlets) > OUTLET_LIMIT else ""
    )  # fmt: skip
    day_counts = list(tallies.days)
    unit, day_rows = _day_rows(day_counts, url)
    return {
        "total_claims": tallies.total,
        "verdict_svg": verdict_bar_chart(verdicts, {r.verdict.name: r.count for r in verdict_rows}),
        "verdict_rows": verdict_rows,
        "outlet_svg": outlet_stacked_chart(
            [(r.name, dict(zip((v.name for v in verdicts), r.counts))) for r in outlet_rows],
            verdicts,
            note=outlet_note,
        ),
        "outlet_rows": outlet_rows,
        "outlet_count": len(outlets),
        "outlet_note": outlet_note,
        "day_svg": daily_chart(day_counts),
        "day_rows": day_rows,
        "day_unit": unit.name,
        "day_units": unit.plural,
        "day_note": "",
    }


def _verdict_rows(ix: Indexes, settings: Settings, url: Url) -> list[VerdictRow]:
    total = ix.tallies.total
    return [
        VerdictRow(verdict, count, percent(count, total), url(ix.verdict_url(verdict.name)))
        for verdict, count in zip(settings.verdicts, ix.tallies.verdicts, strict=True)
    ]


def _day_rows(days: list[tuple[dt.date, int]], url: Url) -> tuple[Unit, list[DayRow]]:
    """The chart's columns that have claims, oldest first: the same periods as the
    chart, so the table is its text twin whatever the span."""
    unit, span = periods(days)
    rows = [
        DayRow(p.tag, p.first, p.count, url(f"timeline/#day-{p.first.isoformat()}"))
        for p in span
        if p.first is not None
    ]
    return unit, rows


def graph_context(ix: Indexes, settings: Settings, url: Url) -> dict[str, Any]:
    """Template variables for `graph.md.j2`."""
    graph = build_graph(ix.claims)
    caption = graph_caption(graph)

    def href(node: Node) -> str:
        if node.kind == "claims":
            return url(claim_url(node.key))
        return url(ix.entry(node.kind, node.key).url)

    return {
        "graph": graph,
        "graph_svg": graph_svg(graph, settings.verdicts, href, note=caption),
        "graph_caption": caption,
        "graph_rows": _graph_rows(graph, ix, url),
    }


def graph_caption(graph: Graph) -> str:
    """What the picture shows, and what the cap left out when it applied."""
    claims, people, outlets = graph.totals
    shown = (
        f"{plural(len(graph.claims))}, {plural(len(graph.people), 'person', 'people')} and "
        f"{plural(len(graph.outlets), 'outlet')}"
    )
    if not graph.capped:
        return f"All {shown}."
    return (
        f"Showing {shown}, of {plural(claims)}, {plural(people, 'person', 'people')} and "
        f"{plural(outlets, 'outlet')}: the graph keeps at most the {MAX_PEOPLE} people and "
        f"{MAX_OUTLETS} outlets named in the most claims, and the {MAX_CLAIMS} claims with the "
        "most links to them, so that it stays readable."
    )


def _graph_rows(graph: Graph, ix: Indexes, url: Url) -> list[GraphRow]:
    """The graph as an adjacency list: each claim with the people and outlets drawn."""
    links: dict[tuple[str, str], list[Link]] = defaultdict(list)
    for claim_id, kind, name in graph.edges:
        links[(claim_id, kind)].append(Link(name, url(ix.entry(kind, name).url)))
    return [
        GraphRow(
            ix.by_id[node.key],
            url(claim_url(node.key)),
            tuple(links[(node.key, "people")]),
            tuple(links[(node.key, "outlets")]),
        )
        for node in graph.claims
    ]

