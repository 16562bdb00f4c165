"""The relation graph: claims and the people and outlets they connect, as one SVG.

The layout is layered rather than force-directed: people on the left, claims in the
middle, outlets on the right. Columns make the picture readable at a glance, and
ordering each column by the average position of its neighbours (a few barycentre
sweeps, ties kept in their previous order) gives few crossings with no randomness,
so the same claims always give the same SVG.

Large sets are capped before layout (the most-cited people and outlets, then the
claims that link them, most links first), so building stays linear in the claim
count and the picture stays legible; `Graph.capped` lets the caption say so.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from generator.charts import (
    NEUTRAL,
    PAD,
    label,
    num,
    plural,
    safe_colour,
    shorten,
    svg_document,
    text,
    text_width,
)
from generator.indexes import all_spellings
from generator.model import Claim
from generator.names import display_names, identity_key
from generator.settings import Verdict

MAX_PEOPLE = 20
MAX_OUTLETS = 10
MAX_CLAIMS = 100

CLAIM_PITCH = 13.0  # claims alternate between two sub-columns, so nodes 26 apart
STAGGER = 16.0
SIDE_GAP = 26.0  # between people (or outlets): one line of text and some air
COLUMN_GAP = 180.0
LABEL_MAX = 270.0
NODE_R = 7.0
SWEEPS = 8
# Marker per verdict, in the configured order: colour is never the only cue. Filled,
# unlike the hollow person (ring) and outlet (square) markers.
SHAPES = ("circle", "diamond", "triangle", "hexagon", "triangle-down", "square")


@dataclass(frozen=True)
class Node:
    """One node: `kind` is the URL folder ("claims", "people" or "outlets")."""

    kind: str
    key: str  # claim id, or the person's or outlet's name
    label: str
    verdict: str = ""  # claims only
    degree: int = 0  # edges drawn to this node


@dataclass(frozen=True)
class Graph:
    people: tuple[Node, ...]
    claims: tuple[Node, ...]
    outlets: tuple[Node, ...]
    edges: tuple[tuple[str, str, str], ...]  # (claim id, "people" or "outlets", name)
    totals: tuple[int, int, int]  # claims, people, outlets in the whole set

    @property
    def capped(self) -> bool:
        return self.totals != (len(self.claims), len(self.people), len(self.outlets))


@dataclass(frozen=True)
class Layout:
    points: dict[tuple[str, str], tuple[float, float]]  # (kind, key) -> node centre
    points_top: float  # y of the highest node
    columns: tuple[float, float, float]  # x of people, claims, outlets
    size: tuple[float, float]
    label_widths: tuple[float, float]  # people labels (left), outlet labels (right)


# --- building ----------------------------------------------------------------


def build_graph(
    claims: Sequence[Claim],
    *,
    max_people: int = MAX_PEOPLE,
    max_outlets: int = MAX_OUTLETS,
    max_claims: int = MAX_CLAIMS,
) -> Graph:
    """The capped graph; `claims` in the order to prefer on ties (newest first).

    Names are grouped by identity key and drawn under the most common spelling, as
    the indexes do, so one person spelt two ways is one node."""
    rows = tuple((c.id, c.people, tuple(all_spellings(c, "outlets"))) for c in claims)
    chosen = _selection(rows, (max_people, max_outlets, max_claims))
    by_id = {c.id: c for c in claims}
    return Graph(
        people=chosen.people,
        claims=tuple(
            Node("claims", cid, by_id[cid].title, by_id[cid].verdict, len(p) + len(o))
            for cid, p, o in chosen.picked
        ),
        outlets=chosen.outlets,
        edges=chosen.edges,
        totals=chosen.totals,
    )


@dataclass(frozen=True)
class _Selection:
    """Who and what the graph draws: all of it but the claims' titles and verdicts."""

    people: tuple[Node, ...]
    picked: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]  # claim id, people, outlets
    outlets: tuple[Node, ...]
    edges: tuple[tuple[str, str, str], ...]
    totals: tuple[int, int, int]


Row = tuple[str, tuple[str, ...], tuple[str, ...]]  # claim id, people, outlet spellings


@functools.lru_cache(maxsize=1)
def _selection(rows: tuple[Row, ...], caps: tuple[int, int, int]) -> _Selection:
    """The selection from each claim's id, people and outlets, which are all it is
    given: under `serve`, an edit that changes none of them (a title, an analysis,
    a verdict) finds it made already, and choosing took most of the graph's ~0.15 s
    per rebuild at 10,000 claims."""
    max_people, max_outlets, max_claims = caps
    people_shown = display_names(p for _, people, _ in rows for p in people)
    outlets_shown = display_names(o for _, _, outlets in rows for o in outlets)
    names = [
        (
            tuple(dict.fromkeys(people_shown[identity_key(p)] for p in people)),
            tuple(dict.fromkeys(outlets_shown[identity_key(o)] for o in outlets)),
        )
        for _, people, outlets in rows
    ]
    people_count = Counter(p for ppl, _ in names for p in ppl)
    outlet_count = Counter(o for _, outs in names for o in outs)
    top_people = _top(people_count, max_people)
    top_outlets = _top(outlet_count, max_outlets)
    picked = _pick_claims([cid for cid, _, _ in rows], names, top_people, top_outlets, max_claims)
    edges = tuple(
        (cid, kind, name)
        for cid, ppl, outs in picked
        for kind, group in (("people", ppl), ("outlets", outs))
        for name in group
    )
    degree = Counter((kind, name) for _, kind, name in edges)
    return _Selection(
        people=_side_nodes("people", top_people, degree),
        picked=tuple(picked),
        outlets=_side_nodes("outlets", top_outlets, degree),
        edges=edges,
        totals=(len(rows), len(people_count), len(outlet_count)),
    )


def _top(counts: Counter[str], limit: int) -> dict[str, int]:
    """The `limit` most frequent names, most frequent first, then by name."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold(), item[0]))
    return dict(ranked[:limit])


def _pick_claims(
    claims: Sequence[str],
    names: Sequence[tuple[tuple[str, ...], tuple[str, ...]]],
    people: dict[str, int],
    outlets: dict[str, int],
    limit: int,
) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """Claims (ids) linked to a kept person or outlet; the best-connected if too many."""
    linked = []
    for i, (claim, (ppl, outs)) in enumerate(zip(claims, names)):
        kept_p = tuple(p for p in ppl if p in people)
        kept_o = tuple(o for o in outs if o in outlets)
        if kept_p or kept_o:
            linked.append((-(len(kept_p) + len(kept_o)), i, claim, kept_p, kept_o))
    if len(linked) > limit:
        linked = sorted(linked, key=lambda row: row[:2])[:limit]
        linked.sort(key=lambda row: row[1])
    return [(claim, p, o) for _, _, claim, p, o in linked]


def _side_nodes(
    kind: str, ranked: dict[str, int], degree: Counter[tuple[str, str]]
) -> tuple[Node, ...]:
    """People or outlets still linked to a kept claim, in rank order."""
    return tuple(
        Node(kind, name, name, degree=degree[(kind, name)])
        for name in ranked
        if degree[(kind, name)]
    )


# --- layout ------------------------------------------------------------------


def layout_graph(graph: Graph, top: float = 96.0) -> Layout:
    """Column positions, with each column ordered to keep neighbours level.

    `top` leaves room above the nodes for the legend and the column headings."""
    people, claims, outlets = _ordered(graph)
    left_w = min(max((text_width(n.label) for n in people), default=0), LABEL_MAX)
    right_w = min(max((text_width(n.label) for n in outlets), default=0), LABEL_MAX)
    x_people = PAD + left_w + 2 * NODE_R
    x_claims = x_people + COLUMN_GAP
    x_outlets = x_claims + COLUMN_GAP
    bottom = top + max(
        (len(claims) - 1) * CLAIM_PITCH,
        (len(people) - 1) * SIDE_GAP,
        (len(outlets) - 1) * SIDE_GAP,
        0,
    )
    points: dict[tuple[str, str], tuple[float, float]] = {}
    for i, node in enumerate(claims):
        x = x_claims + (STAGGER if i % 2 else -STAGGER)
        points[("claims", node.key)] = (x, top + i * CLAIM_PITCH)
    _place_side(graph, people, x_people, (top, bottom), points)
    _place_side(graph, outlets, x_outlets, (top, bottom), points)
    width = x_outlets + 2 * NODE_R + right_w + PAD
    size = (max(width, 480.0), bottom + 2 * PAD)
    return Layout(points, top, (x_people, x_claims, x_outlets), size, (left_w, right_w))


def _neighbours(graph: Graph) -> dict[tuple[str, str], list[tuple[str, str]]]:
    near: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for claim_id, kind, name in graph.edges:
        near[("claims", claim_id)].append((kind, name))
        near[(kind, name)].append(("claims", claim_id))
    return near


def _ordered(graph: Graph) -> tuple[list[Node], list[Node], list[Node]]:
    """Barycentre sweeps: sort each column by its neighbours' mean relative position."""
    near = _neighbours(graph)
    people, claims, outlets = list(graph.people), list(graph.claims), list(graph.outlets)
    for _ in range(SWEEPS):
        sides = _relative(people) | _relative(outlets)
        claims.sort(key=lambda n: _mean(sides, near[(n.kind, n.key)]))
        middle = _relative(claims)
        people.sort(key=lambda n: _mean(middle, near[(n.kind, n.key)]))
        outlets.sort(key=lambda n: _mean(middle, near[(n.kind, n.key)]))
    sides = _relative(people) | _relative(outlets)
    claims.sort(key=lambda n: _mean(sides, near[(n.kind, n.key)]))
    return people, claims, outlets


def _relative(nodes: Sequence[Node]) -> dict[tuple[str, str], float]:
    last = max(len(nodes) - 1, 1)
    return {(n.kind, n.key): i / last for i, n in enumerate(nodes)}


def _mean(position: dict[tuple[str, str], float], keys: Iterable[tuple[str, str]]) -> float:
    values = [position[k] for k in keys if k in position]
    return sum(values) / len(values) if values else 0.5


def _place_side(
    graph: Graph,
    nodes: Sequence[Node],
    x: float,
    bounds: tuple[float, float],
    points: dict[tuple[str, str], tuple[float, float]],
) -> None:
    """Each person or outlet level with the middle of its claims, then spaced apart."""
    near = _neighbours(graph)
    wanted = []
    for node in nodes:
        ys = [points[k][1] for k in near[(node.kind, node.key)]]
        wanted.append(sum(ys) / len(ys))
    for node, y in zip(nodes, spread(wanted, SIDE_GAP, bounds)):
        points[(node.kind, node.key)] = (x, y)


def spread(wanted: Sequence[float], gap: float, bounds: tuple[float, float]) -> list[float]:
    """Positions as close to `wanted` (ascending) as a minimum `gap` allows, in bounds."""
    top, bottom = bounds
    ys: list[float] = []
    for y in wanted:
        ys.append(max(y, top, ys[-1] + gap if ys else top))
    limit = bottom
    for i in range(len(ys) - 1, -1, -1):
        ys[i] = min(ys[i], limit)
        limit = ys[i] - gap
    return ys


# --- drawing -----------------------------------------------------------------


def graph_svg(
    graph: Graph,
    verdicts: Sequence[Verdict],
    href: Callable[[Node], str],
    *,
    title: str = "Claims, people and outlets",
    ident: str = "fc-graph",
    note: str = "",
) -> Markup:
    """The graph as SVG; every node is a link (`href(node)`) with a tooltip.

    The SVG is a `group`, not an `img`: an image's children are hidden from
    assistive technology, and these links must stay reachable."""
    if not graph.claims:
        body = [text(PAD, 20, "No claims name a person or an outlet yet.")]
        return svg_document(ident, title, "An empty graph.", (720, 40), body, role="document")
    styles = {
        v.name: (safe_colour(v.colour), SHAPES[i % len(SHAPES)]) for i, v in enumerate(verdicts)
    }
    labels = {v.name: v.label for v in verdicts}
    lay = layout_graph(graph)
    legend, legend_bottom = _legend(verdicts, styles, lay.size[0])
    if legend_bottom + 52 > lay.points_top:
        lay = layout_graph(graph, top=legend_bottom + 52)
    body = [*legend, *_headings(lay), _edges(graph, lay)]
    body += [_side_node(n, lay, href(n)) for n in _in_place(graph.people, lay)]
    body += [_claim_node(n, lay, href(n), styles, labels) for n in _in_place(graph.claims, lay)]
    body += [_side_node(n, lay, href(n)) for n in _in_place(graph.outlets, lay)]
    desc = _description(graph, note)
    return svg_document(ident, title, desc, lay.size, body, role="document", css_class="fc-graph__svg")


def _in_place(nodes: Sequence[Node], lay: Layout) -> list[Node]:
    """A column top to bottom: keyboard focus follows the links in document order."""
    return sorted(nodes, key=lambda n: lay.points[(n.kind, n.key)][1])


def _description(graph: Graph, note: str) -> str:
    claims, people, outlets = len(graph.claims), len(graph.people), len(graph.outlets)
    desc = (
        f"Network of {plural(claims)} linked to the {plural(people, 'person', 'people')} they "
        f"concern (left) and the {plural(outlets, 'outlet')} that carried them (right). "
        "Each claim's colour and shape show its verdict. Every node links to its page."
    )
    return f"{desc} {note}".strip()


def _legend(
    verdicts: Sequence[Verdict], styles: dict[str, tuple[str, str]], width: float
) -> tuple[list[Markup], float]:
    """Verdict markers with icon and label, then the person and outlet markers;
    returns the items and the y of the last line."""
    items: list[Markup] = []
    x, y = PAD + NODE_R, PAD + 10
    entries = []
    for v in verdicts:
        colour, shape = styles[v.name]
        entries.append((marker(shape, 0, 0, NODE_R, colour), f"{v.icon} {v.label}"))
    entries += [(_person_marker(0, 0), "Person"), (_outlet_marker(0, 0), "Outlet")]
    for shape, name in entries:
        advance = 2 * NODE_R + 6 + text_width(name) + 22
        if x > PAD + NODE_R and x + advance > width - PAD:
            x, y = PAD + NODE_R, y + 24
        items.append(Markup('<g transform="translate({} {})">{}</g>').format(num(x), num(y), shape))
        items.append(text(x + NODE_R + 6, y, name))
        x += advance
    return items, y


def _headings(lay: Layout) -> list[Markup]:
    x_people, x_claims, x_outlets = lay.columns
    y = lay.points_top - 24
    return [
        text(x_people, y, "People", anchor="end", bold=True),
        text(x_claims, y, "Claims", anchor="middle", bold=True),
        text(x_outlets, y, "Outlets", anchor="start", bold=True),
    ]


def _edges(graph: Graph, lay: Layout) -> Markup:
    """Curves under the nodes; decorative, since the links and the table carry them."""
    paths = []
    for claim_id, kind, name in graph.edges:
        cx, cy = lay.points[("claims", claim_id)]
        ox, oy = lay.points[(kind, name)]
        side = 1 if kind == "people" else -1  # people left of claims, outlets right
        ox, cx = ox + side * NODE_R, cx - side * NODE_R
        mid = (cx + ox) / 2
        curve = (ox, oy, mid, oy, mid, cy, cx, cy)
        paths.append("M{} {}C{} {} {} {} {} {}".format(*map(num, curve)))
    return Markup(
        '<path d="{}" fill="none" stroke="currentColor" stroke-opacity="0.28" '
        'stroke-width="1" aria-hidden="true"/>'
    ).format("".join(paths))


def _side_node(node: Node, lay: Layout, href: str) -> Markup:
    x, y = lay.points[(node.kind, node.key)]
    person = node.kind == "people"
    width = lay.label_widths[0 if person else 1]
    shown = shorten(node.label, width)
    if person:
        name = text(x - 2 * NODE_R, y, shown, anchor="end")
    else:
        name = text(x + 2 * NODE_R, y, shown)
    shape = _person_marker(x, y) if person else _outlet_marker(x, y)
    tip = f"{node.label}: {plural(node.degree)} in this graph"
    return Markup(
        '<a href="{}" class="fc-graph__node fc-graph__node--{}"><title>{}</title>{}{}</a>'
    ).format(href, node.kind, label(tip), shape, name)


def _claim_node(
    node: Node,
    lay: Layout,
    href: str,
    styles: dict[str, tuple[str, str]],
    labels: dict[str, str],
) -> Markup:
    x, y = lay.points[(node.kind, node.key)]
    colour, shape = styles.get(node.verdict, (NEUTRAL, "circle"))
    tip = f"{node.label} ({labels.get(node.verdict, node.verdict)})"
    return Markup(
        '<a href="{}" class="fc-graph__node fc-graph__node--claims"><title>{}</title>{}</a>'
    ).format(href, label(tip), marker(shape, x, y, NODE_R, colour))


# Hollow markers keep an invisible fill: a `fill="none"` shape is only clickable on its
# outline, which would shrink the link target to a 2-unit ring.
_HOLLOW = Markup('fill="currentColor" fill-opacity="0" stroke="currentColor" stroke-width="2"')


def _person_marker(x: float, y: float) -> Markup:
    return Markup('<circle cx="{}" cy="{}" r="{}" {}/>').format(
        num(x), num(y), num(NODE_R - 1), _HOLLOW
    )


def _outlet_marker(x: float, y: float) -> Markup:
    side = 2 * NODE_R - 2
    return Markup('<rect x="{}" y="{}" width="{}" height="{}" rx="2" {}/>').format(
        num(x - side / 2), num(y - side / 2), num(side), num(side), _HOLLOW
    )


def marker(shape: str, x: float, y: float, r: float, colour: str) -> Markup:
    """A filled verdict marker centred on (x, y), outlined so it shows on dark pages."""
    paint = Markup('fill="{}" stroke="currentColor" stroke-width="1.2"').format(safe_colour(colour))
    if shape == "circle":
        return Markup('<circle cx="{}" cy="{}" r="{}" {}/>').format(num(x), num(y), num(r), paint)
    points = _polygon(shape, x, y, r)
    return Markup('<polygon points="{}" {}/>').format(points, paint)


_POLYGONS: dict[str, tuple[tuple[float, float], ...]] = {
    "square": ((-0.85, -0.85), (0.85, -0.85), (0.85, 0.85), (-0.85, 0.85)),
    "triangle": ((0, -1.15), (1.05, 0.8), (-1.05, 0.8)),
    "diamond": ((0, -1.2), (1.2, 0), (0, 1.2), (-1.2, 0)),
    "triangle-down": ((0, 1.15), (1.05, -0.8), (-1.05, -0.8)),
    "hexagon": ((1, 0), (0.5, 0.87), (-0.5, 0.87), (-1, 0), (-0.5, -0.87), (0.5, -0.87)),
}


def _polygon(shape: str, x: float, y: float, r: float) -> str:
    corners = _POLYGONS.get(shape, _POLYGONS["square"])
    return " ".join(f"{num(x + dx * r)},{num(y + dy * r)}" for dx, dy in corners)


__all__ = ["Graph", "Layout", "Node", "build_graph", "graph_svg", "layout_graph", "marker", "spread"]
