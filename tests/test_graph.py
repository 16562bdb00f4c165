"""The relation graph: every node a correct relative link, stable layout, bounded size."""

from __future__ import annotations

import datetime as dt
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import FIXTURES, TODAY

from generator.graph import (
    MAX_CLAIMS,
    MAX_OUTLETS,
    MAX_PEOPLE,
    SIDE_GAP,
    build_graph,
    graph_svg,
    layout_graph,
    spread,
)
from generator.indexes import build_indexes
from generator.loader import load_claims
from generator.model import Claim, Source
from generator.settings import Settings
from generator.urls import claim_url, relative_url

SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parent.parent
VERDICTS = ("confirmed by multiple outlets", "unverified", "disputed")


def synthetic_claims(count: int, people: int = 1000, outlets: int = 300) -> list[Claim]:
    """Many valid-looking claims, built without validation so the test stays fast."""
    start = dt.date(2020, 1, 1)
    source = Source.model_construct
    return [
        Claim.model_construct(
            id=f"claim-{i}", title=f"Claim {i}", claim="Something.", claimant="Someone",
            claim_date=start + dt.timedelta(days=i % 900), verdict=VERDICTS[i % 3],
            sources=(
                source(outlet=f"Outlet {i % outlets}", via=None, stance="reports"),
                source(outlet=f"Outlet {i * 7 % outlets}", via=f"Outlet {i % 5}",
                       stance="supports"),
            ),
            people=(f"Person {i % people}", f"Person {i * 13 % people}"), places=(),
            organisations=(), tags=(), related=(), updated=(), published=None, summary=None,
            body="", source_path="", key_lines={},
        )  # fmt: skip
        for i in range(count)
    ]


def hrefs(ix, url):
    """The page link each node should carry, as the templates would make it."""

    def href(node):
        if node.kind == "claims":
            return url(claim_url(node.key))
        return url(ix.entry(node.kind, node.key).url)

    return href


def page_url(target: str) -> str:
    return relative_url("graph/", target)


def render(claims, settings, **caps):
    ix = build_indexes(claims, settings)
    graph = build_graph(ix.claims, **caps)
    return ix, graph, str(graph_svg(graph, settings.verdicts, hrefs(ix, page_url)))


def links(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}a"))


@pytest.fixture
def fixture_svg(settings):
    return render(load_claims(settings).claims, settings)


def test_every_claim_person_and_outlet_is_a_node(fixture_svg):
    ix, graph, _ = fixture_svg
    assert {n.key for n in graph.claims} == set(ix.by_id)
    assert {n.key for n in graph.people} == {e.name for e in ix.entries["people"]}
    assert {n.key for n in graph.outlets} == {e.name for e in ix.entries["outlets"]}
    edges = {(c, k, n) for c, k, n in graph.edges}
    assert ("isi-chief-in-kabul", "people", "Faiz Hameed") in edges
    assert ("isi-chief-in-kabul", "outlets", "Example Blog") in edges  # relaying outlet
    assert ("isi-chief-in-kabul", "outlets", "Example Wire") in edges  # and the origin it relays
    assert not graph.capped


def test_nodes_are_links_with_correct_relative_urls(fixture_svg):
    ix, graph, svg = fixture_svg
    found = {a.get("href") for a in links(ET.fromstring(svg))}
    expected = {"../claims/isi-chief-in-kabul/", "../people/faiz-hameed/",
                "../outlets/example-wire/", "../people/zabihullah-mujahid/"}  # fmt: skip
    assert expected <= found
    assert len(found) == len(graph.claims) + len(graph.people) + len(graph.outlets)
    for href in found:
        assert href.startswith("../") and href.endswith("/") and "//" not in href


def test_every_link_has_a_tooltip_and_sits_in_the_tab_order(fixture_svg):
    _, graph, svg = fixture_svg
    root = ET.fromstring(svg)
    for a in links(root):
        title = a[0]
        assert title.tag == f"{SVG}title" and title.text
        assert a.get("tabindex") in (None, "0")
    claim_tips = [a[0].text for a in links(root) if "--claims" in a.get("class")]
    tip = "Pakistan's intelligence chief was in Kabul (Confirmed by multiple outlets)"
    assert tip in claim_tips
    labels = {"".join(t.itertext()) for a in links(root) for t in a.iter(f"{SVG}text")}
    assert {"Faiz Hameed", "Example Wire"} <= labels  # people and outlets labelled visibly


def test_keyboard_order_runs_down_each_column():
    settings = Settings(claims_dir=ROOT / "content/claims")
    _, _, svg = render(load_claims(settings).claims, settings)
    columns: dict[str, list[float]] = {}
    for a in links(ET.fromstring(svg)):
        kind = a.get("class").rsplit("--", 1)[1]
        columns.setdefault(kind, []).append(_centre_y(a[1]))
    assert list(columns) == ["people", "claims", "outlets"]  # left to right
    for ys in columns.values():
        assert ys == sorted(ys)  # then top to bottom


def _centre_y(shape: ET.Element) -> float:
    if shape.get("cy"):
        return float(shape.get("cy"))
    if shape.get("height"):
        return float(shape.get("y")) + float(shape.get("height")) / 2
    ys = [float(p.split(",")[1]) for p in shape.get("points").split()]
    return (min(ys) + max(ys)) / 2


def test_claims_show_their_verdict_by_colour_and_by_shape(fixture_svg, settings):
    _, graph, svg = fixture_svg
    root = ET.fromstring(svg)
    markers = {}
    for a in links(root):
        if "--claims" in a.get("class"):
            shape = a[1]
            key = a.get("href").split("/")[-2]
            markers[key] = (shape.tag, shape.get("fill"), _outline(shape))
    verdict_of = {n.key: n.verdict for n in graph.claims}
    by_verdict = {verdict_of[k]: m for k, m in markers.items()}
    assert len({m[0] + m[2] for m in by_verdict.values()}) == 3  # three different shapes
    for name, (_, fill, _) in by_verdict.items():
        assert fill == settings.verdict(name).colour


def _outline(shape: ET.Element) -> str:
    """A polygon's corner count tells triangle, diamond and hexagon apart."""
    return str(len(shape.get("points", "").split()))


def test_the_svg_names_itself_and_keeps_its_links_accessible(fixture_svg):
    root = ET.fromstring(fixture_svg[2])
    assert root.get("role") == "document"  # not "img": that would hide the links; not "group": invalid on <svg> for the Nu HTML Checker
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert "3 claims" in desc.text
    assert "width:100%" in root.get("style") and root.get("viewBox").startswith("0 0 ")
    for t in root.iter(f"{SVG}text"):
        assert t.get("fill") == "currentColor"
    assert float(root.get("font-size")) >= 12


def test_layout_is_deterministic(settings):
    claims = load_claims(settings).claims
    assert render(claims, settings)[2] == render(claims, settings)[2]
    real = Settings(claims_dir=ROOT / "content/claims")
    real_claims = load_claims(real).claims
    assert render(real_claims, real)[2] == render(real_claims, real)[2]


def test_the_real_set_is_drawn_whole_or_capped_and_legible():
    """Properties of any valid report: the counts are the indexes' counts, within the
    caps, and the layout keeps every label apart (no pinned numbers: contributors add
    claims)."""
    settings = Settings(claims_dir=ROOT / "content/claims")
    ix, graph, svg = render(load_claims(settings).claims, settings)
    people, outlets = len(ix.entries["people"]), len(ix.entries["outlets"])
    assert graph.totals == (len(ix.claims), people, outlets)
    assert len(graph.people) <= min(people, MAX_PEOPLE)
    assert len(graph.outlets) <= min(outlets, MAX_OUTLETS)
    assert 0 < len(graph.claims) <= min(len(ix.claims), MAX_CLAIMS)
    if len(ix.claims) <= MAX_CLAIMS and people <= MAX_PEOPLE and outlets <= MAX_OUTLETS:
        assert not graph.capped  # every claim has an outlet, so every claim is drawn
    lay = layout_graph(graph)
    width, height = lay.size
    for x, y in lay.points.values():
        assert 0 < x < width and 0 < y < height
    for column in (graph.people, graph.outlets):
        ys = sorted(lay.points[(n.kind, n.key)][1] for n in column)
        assert all(b - a >= SIDE_GAP - 0.01 for a, b in zip(ys, ys[1:]))  # labels never collide
    claim_points = sorted(lay.points[("claims", n.key)] for n in graph.claims)
    assert len(set(claim_points)) == len(graph.claims)
    nodes = len(graph.claims) + len(graph.people) + len(graph.outlets)
    assert len(links(ET.fromstring(svg))) == nodes


def test_hostile_names_are_escaped_and_links_stay_internal(tmp_path, settings):
    folder = tmp_path / "claims"
    shutil.copytree(FIXTURES / "claims", folder)
    shutil.copy(FIXTURES / "hostile/evil-claim.md", folder)
    hostile = Settings(claims_dir=folder, today=TODAY)
    claims = load_claims(hostile).claims
    assert len(claims) == 4
    _, graph, svg = render(claims, hostile)
    root = ET.fromstring(svg)  # still well-formed XML
    for element in root.iter():
        assert element.tag.replace(SVG, "") not in ("script", "foreignObject", "style", "iframe")
        assert not [a for a in element.attrib if a.lower().startswith("on")]
    assert "<script" not in svg and "<svg onload" not in svg
    for a in links(root):
        assert a.get("href").startswith("../") and ":" not in a.get("href")
    tips = [a[0].text for a in links(root)]
    assert "<script>alert('person')</script>: 1 claim in this graph" in tips
    assert any(t.startswith("</title><script>alert('title')</script>") for t in tips)


def test_twenty_thousand_claims_are_capped_to_a_bounded_svg():
    """Structure, not seconds: the drawing is capped, so ten times the claims give an
    SVG of about the same size (the machine may be busy; no timing assertion)."""
    settings = Settings(claims_dir=Path("."), today=TODAY)

    def svg_of(claims):
        graph = build_graph(claims)
        return graph, str(graph_svg(graph, settings.verdicts, lambda n: f"../{n.kind}/{n.key}/"))

    claims = synthetic_claims(20_000)
    graph, svg = svg_of(claims)
    assert len(svg) < 1.2 * len(svg_of(claims[:2_000])[1])
    assert graph.capped and graph.totals == (20_000, 1000, 300)
    assert len(graph.people) <= MAX_PEOPLE and len(graph.outlets) <= MAX_OUTLETS
    assert 0 < len(graph.claims) <= MAX_CLAIMS
    root = ET.fromstring(svg)
    assert len(links(root)) == len(graph.claims) + len(graph.people) + len(graph.outlets)
    assert len(svg) < 200_000


def test_the_cap_keeps_the_most_named_people_and_outlets():
    claims = synthetic_claims(3000, people=50, outlets=40)
    graph = build_graph(claims, max_people=5, max_outlets=4, max_claims=30)
    people_count: dict[str, int] = {}
    for c in claims:
        for p in set(c.people):
            people_count[p] = people_count.get(p, 0) + 1
    top = sorted(people_count, key=lambda p: (-people_count[p], p.casefold()))[:5]
    assert {n.key for n in graph.people} <= set(top)
    assert len(graph.claims) == 30
    drawn = {n.key for n in graph.claims}
    assert all(c in drawn for c, _, _ in graph.edges)  # no edge to a node left out
    kept = {n.key for n in graph.people} | {n.key for n in graph.outlets}
    assert all(name in kept for _, _, name in graph.edges)


def test_an_empty_graph_is_still_valid_svg(settings):
    root = ET.fromstring(str(graph_svg(build_graph([]), settings.verdicts, lambda n: "")))
    assert root.find(f"{SVG}desc").text and not links(root)


def test_spread_keeps_order_gap_and_bounds():
    assert spread([10, 10, 10], 5, (0, 100)) == [10, 15, 20]
    assert spread([98, 99, 100], 5, (0, 100)) == [90, 95, 100]
    assert spread([-5, 50], 5, (0, 100)) == [0, 50]


def test_one_person_spelt_two_ways_is_one_node():
    import datetime as dt

    from generator.model import Claim

    def claim(claim_id, person, outlet):
        return Claim.model_validate({
            "id": claim_id, "title": "T", "claim": "C", "claimant": "X",
            "claim_date": dt.date(2021, 9, 6), "verdict": "unverified",
            "sources": [{"outlet": outlet}], "people": [person], "source_path": "x.md",
        })  # fmt: skip

    graph = build_graph([claim("a", "Ahmad Massoud", "Wire"), claim("b", "AHMAD MASSOUD", "WIRE"),
                         claim("c", "Ahmad Massoud", "wire\u200b")])  # fmt: skip
    assert [n.label for n in graph.people] == ["Ahmad Massoud"]
    assert len(graph.outlets) == 1 and graph.totals == (3, 1, 1)
