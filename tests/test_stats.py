"""The statistics and relations pages: context data, the templates, and their markdown."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, TODAY
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from test_graph import synthetic_claims

from generator.charts import MAX_COLUMNS
from generator.indexes import build_indexes
from generator.loader import load_claims
from generator.pages import PageBuilder
from generator.settings import Settings
from generator.stats import OUTLET_LIMIT, graph_caption, graph_context, stats_context
from generator.urls import relative_url

ROOT = Path(__file__).resolve().parent.parent


def url_from(here: str):
    return lambda target: relative_url(here, target)


def render_page(name: str, ix, settings) -> str:
    """The page's markdown body, as the page builder renders it."""
    builder = PageBuilder(settings, ix)
    page = builder.stats_page() if name == "stats" else builder.graph_page()
    return page.content.split("---\n", 2)[2]


def to_html(page: str) -> BeautifulSoup:
    """Through Python-Markdown with this site's extensions, as MkDocs would."""
    html = markdown.markdown(page, extensions=["attr_list", "toc", "tables", "admonition"])
    return BeautifulSoup(html, "html.parser")


@pytest.fixture
def ix(settings):
    return build_indexes(load_claims(settings).claims, settings)


@pytest.fixture
def real():
    settings = Settings(claims_dir=ROOT / "content/claims")
    return build_indexes(load_claims(settings).claims, settings), settings


def test_stats_context_counts_verdicts_outlets_and_days(ix, settings):
    context = stats_context(ix, settings, url_from("stats/"))
    assert context["total_claims"] == 3
    assert [(r.verdict.name, r.count, r.share) for r in context["verdict_rows"]] == [
        ("confirmed by multiple outlets", 1, "33%"),
        ("unverified", 1, "33%"),
        ("disputed", 1, "33%"),
    ]
    assert context["verdict_rows"][2].href == "../verdicts/disputed/"
    outlets = [(r.name, r.counts, r.total, r.href) for r in context["outlet_rows"]]
    assert outlets[0] == ("Example Wire", (1, 1, 1), 3, "../outlets/example-wire/")
    assert [r.total for r in context["outlet_rows"]] == [3, 2, 1]  # most claims first
    assert [(r.day.isoformat(), r.count, r.href) for r in context["day_rows"]] == [
        ("2021-09-04", 1, "../timeline/#day-2021-09-04"),
        ("2021-09-06", 2, "../timeline/#day-2021-09-06"),
    ]
    assert context["outlet_note"] == "" and context["day_note"] == ""


def test_stats_page_pairs_every_chart_with_a_table(ix, settings):
    page = to_html(render_page("stats", ix, settings))
    assert page.h1.text == "Statistics"
    charts = page.select("div.fc-chart > svg")
    assert len(charts) == 3
    for chart in charts:
        assert chart["role"] == "img"
        table = chart.find_parent("div").find_next_sibling("details").table
        assert table is not None
        assert all(th.get("scope") in ("col", "row") for th in table.find_all("th"))
    tables = page.select("details table")
    verdict_counts = [td.text for td in tables[0].select("tbody td:nth-of-type(1)")]
    assert verdict_counts == ["1", "1", "1"]
    assert [a["href"] for a in tables[1].select("tbody a")][0] == "../outlets/example-wire/"
    header = [th.text for th in tables[1].select("thead th")]
    verdicts = [f"{v.icon} {v.label}" for v in settings.verdicts]
    assert header == ["Outlet", *verdicts, "Total"]


def test_the_real_set_adds_up(real):
    """Properties any valid report keeps, whatever claims a contributor adds."""
    ix, settings = real
    context = stats_context(ix, settings, url_from("stats/"))
    assert ix.claims and context["total_claims"] == len(ix.claims)
    assert sum(r.count for r in context["verdict_rows"]) == len(ix.claims)
    assert sum(r.count for r in context["day_rows"]) == len(ix.claims)
    outlets = len(ix.entries["outlets"])
    assert context["outlet_count"] == outlets
    assert len(context["outlet_rows"]) == min(outlets, OUTLET_LIMIT)
    for row in context["outlet_rows"]:
        assert sum(row.counts) == row.total == len(ix.entry("outlets", row.name).claims)


def test_graph_page_has_the_graph_its_caption_and_a_table_of_the_same_links(real):
    ix, settings = real
    page = to_html(render_page("graph", ix, settings))
    assert page.h1.text == "Relations"
    svg = page.select_one("div.fc-graph > svg")
    assert svg is not None and svg["role"] == "document"
    graph = graph_context(ix, settings, url_from("graph/"))["graph"]
    caption = graph_caption(graph)
    assert caption in page.text
    if not graph.capped:
        assert caption.startswith(f"All {len(ix.claims):,} claims, ")
    svg_links = {a["href"] for a in svg.find_all("a")}
    table_links = {a["href"] for a in page.select("details table a")}
    assert svg_links == table_links  # the table is the graph's text equivalent
    assert {f"../claims/{node.key}/" for node in graph.claims} <= svg_links
    rows = page.select("details table tbody tr")
    assert len(rows) == len(graph.claims) and all(r.th["scope"] == "row" for r in rows)


def test_hostile_claims_leave_no_script_in_either_page(tmp_path):
    folder = tmp_path / "claims"
    shutil.copytree(FIXTURES / "claims", folder)
    shutil.copy(FIXTURES / "hostile/evil-claim.md", folder)
    settings = Settings(claims_dir=folder, today=TODAY)
    ix = build_indexes(load_claims(settings).claims, settings)
    for name in ("stats", "graph"):
        text = render_page(name, ix, settings)
        page = to_html(text)
        assert not page.find_all(["script", "iframe", "style", "foreignobject"]), name
        for tag in page.find_all(True):
            assert not [a for a in tag.attrs if a.lower().startswith("on")], (name, tag.name)
            assert not tag.get("href", "").lower().startswith(("javascript:", "data:")), name
    graph = to_html(render_page("graph", ix, settings))
    names = [a.text for a in graph.select("details table a")]
    assert "<script>alert('person')</script>" in names


def test_many_outlets_are_capped_and_the_page_says_so(settings):
    claims = synthetic_claims(2000, people=40, outlets=60)
    ix = build_indexes(claims, settings)
    context = stats_context(ix, settings, url_from("stats/"))
    assert len(context["outlet_rows"]) == OUTLET_LIMIT
    assert context["outlet_note"] == f"The {OUTLET_LIMIT} outlets with the most claims, of 60."
    totals = [r.total for r in context["outlet_rows"]]
    assert totals == sorted(totals, reverse=True)
    assert sum(r.count for r in context["day_rows"]) == 2000  # no day is left out
    assert context["day_unit"] == "week" and len(context["day_rows"]) <= MAX_COLUMNS


def test_twenty_thousand_claims_give_pages_no_bigger_than_two_thousand(settings):
    """The pages are bounded: their size does not grow with the claim count (no timing
    assertion: the machine may be busy)."""
    small = build_indexes(synthetic_claims(2_000), settings)
    ix = build_indexes(synthetic_claims(20_000), settings)
    stats = render_page("stats", ix, settings)
    graph_page = render_page("graph", ix, settings)
    assert len(stats) < 1.2 * len(render_page("stats", small, settings))
    assert len(graph_page) < 1.2 * len(render_page("graph", small, settings))
    context = graph_context(ix, settings, url_from("graph/"))
    assert context["graph"].capped
    assert "of 20,000 claims, 1,000 people and 300 outlets" in context["graph_caption"]
    assert "so that it stays readable" in context["graph_caption"]
    assert len(context["graph_rows"]) <= 100
    assert len(graph_page) < 400_000 and len(stats) < 400_000


def _dated(days: list[dt.date]):
    """Claims made on `days`: one per day given (repeats allowed)."""
    claims = synthetic_claims(len(days))
    return [c.model_copy(update={"claim_date": day}) for c, day in zip(claims, days)]


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.dates(), min_size=1, max_size=30))
def test_any_dates_of_the_calendar_give_statistics_that_add_up(settings, days):
    """Year 1 and year 9999 included: no overflow, and every claim is in the chart."""
    ix = build_indexes(_dated(days), settings)
    context = stats_context(ix, settings, url_from("stats/"))
    assert sum(r.count for r in context["day_rows"]) == len(days)
    assert len(context["day_rows"]) <= MAX_COLUMNS
    assert "<svg" in str(context["day_svg"])
    render_page("stats", ix, settings)
