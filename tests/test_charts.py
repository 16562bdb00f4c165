"""The build-time SVG charts: right numbers, every verdict named, hostile text inert."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from generator import charts
from generator.charts import (
    MAX_COLUMNS,
    daily_chart,
    outlet_stacked_chart,
    shorten,
    text_width,
    verdict_bar_chart,
)
from generator.indexes import build_indexes
from generator.loader import load_claims
from generator.settings import DEFAULT_VERDICTS, Settings, Verdict

SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "<script>alert('x')</script> \"quoted\" & 'single' {{ config }}\x01"


def parse(svg: str) -> ET.Element:
    """Parsing as XML is itself an assertion: escaping mistakes make it fail."""
    return ET.fromstring(str(svg))


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def rects(root: ET.Element) -> list[ET.Element]:
    """Data rectangles: each carries a tooltip."""
    return [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]


def tip(element: ET.Element) -> str:
    return element.find(f"{SVG}title").text or ""


def assert_accessible(root: ET.Element) -> None:
    assert root.get("role") == "img"
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    labelled = root.get("aria-labelledby", "").split()
    assert labelled and set(labelled) <= ids
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.get("id") in labelled and title.text
    assert desc is not None and desc.get("id") in labelled and desc.text
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox", ""))
    assert root.get("width") is None and root.get("height") is None
    assert "width:100%" in root.get("style", "") and "height:auto" in root.get("style", "")


def assert_readable_text(root: ET.Element) -> None:
    """Text is 12 units or more and, off coloured fills, drawn in the page's text colour."""
    size = float(root.get("font-size", "0"))
    assert size >= 12
    for t in root.iter(f"{SVG}text"):
        assert float(t.get("font-size", size)) >= 12
        assert t.get("fill") in ("currentColor", "#fff")
    width = float(root.get("viewBox").split()[2])
    min_px = float(re.search(r"min-width:(\d+)px", root.get("style")).group(1))
    assert size * min_px / width >= 12  # at its narrowest, text still renders at 12px


def assert_no_active_content(root: ET.Element) -> None:
    for element in root.iter():
        tag = element.tag.replace(SVG, "")
        assert tag not in ("script", "foreignObject", "style", "iframe")
        assert not [a for a in element.attrib if a.lower().startswith("on")]


@pytest.fixture
def ix(settings):
    return build_indexes(load_claims(settings).claims, settings)


# --- verdict bar chart -------------------------------------------------------------


def test_verdict_bars_match_the_claim_counts(ix, settings):
    counts = {e.name: len(e.claims) for e in ix.verdicts}
    root = parse(verdict_bar_chart(settings.verdicts, counts))
    bars = rects(root)
    assert len(bars) == 3
    for verdict, rect in zip(settings.verdicts, bars):
        assert rect.get("fill") == verdict.colour
        assert tip(rect) == f"{verdict.label}: 1 claim"
    assert {float(r.get("width")) for r in bars} == {float(bars[0].get("width"))}  # 1 each


def test_verdict_bar_lengths_are_proportional_and_each_bar_is_labelled():
    counts = {"confirmed by multiple outlets": 10, "unverified": 40, "disputed": 0}
    root = parse(verdict_bar_chart(DEFAULT_VERDICTS, counts))
    bars = rects(root)
    assert len(bars) == 2  # an empty verdict keeps its label and count, with no bar
    assert float(bars[1].get("width")) == pytest.approx(4 * float(bars[0].get("width")), rel=0.02)
    shown = texts(root)
    for verdict in DEFAULT_VERDICTS:
        assert f"{verdict.icon} {verdict.label}" in shown
    assert {"10 (20%)", "40 (80%)", "0 (0%)"} <= set(shown)
    desc = root.find(f"{SVG}desc").text
    assert "Confirmed by multiple outlets 10, Unverified 40, Disputed 0" in desc


def test_verdict_chart_is_accessible_and_readable(ix, settings):
    root = parse(verdict_bar_chart(settings.verdicts, {e.name: len(e.claims) for e in ix.verdicts}))
    assert_accessible(root)
    assert_readable_text(root)


def test_verdict_chart_of_the_real_claims_counts_every_claim(tmp_path):
    settings = Settings(claims_dir=ROOT / "content/claims")
    ix = build_indexes(load_claims(settings).claims, settings)
    root = parse(verdict_bar_chart(settings.verdicts, {e.name: len(e.claims) for e in ix.verdicts}))
    shown = [t for t in texts(root) if t.endswith("%)")]  # "50 (69%)"
    counts = [int(t.split()[0].replace(",", "")) for t in shown]
    assert ix.claims and sum(counts) == len(ix.claims)


def test_configured_colours_cannot_break_out_of_their_attribute():
    evil = Verdict("unverified", 'Label "x" <b>', '#000" onload="alert(1)', "<", "d", 1)
    svg = verdict_bar_chart([evil], {"unverified": 2})
    root = parse(svg)
    assert_no_active_content(root)
    assert rects(root)[0].get("fill") == "#4a4f55"
    assert '< Label "x" <b>' in texts(root)


# --- outlet stacked chart ----------------------------------------------------------


def outlet_rows(ix):
    return [(e.name, _by_verdict(e.claims)) for e in ix.entries["outlets"]]


def _by_verdict(claims):
    counts: dict[str, int] = {}
    for c in claims:
        counts[c.verdict] = counts.get(c.verdict, 0) + 1
    return counts


def test_outlet_segments_match_the_claims_per_outlet_and_verdict(ix, settings):
    rows = outlet_rows(ix)
    root = parse(outlet_stacked_chart(rows, settings.verdicts))
    segments = [r for r in rects(root) if ": " in tip(r)]
    expected = {
        f"{name}: {n} claim{'s' * (n != 1)} {settings.verdict(v).label.lower()}"
        for name, counts in rows
        for v, n in counts.items()
    }
    assert {tip(s) for s in segments} == expected
    totals = {name: str(sum(c.values())) for name, c in rows}
    shown = texts(root)
    for name, total in totals.items():
        assert name in shown and total in shown


def test_outlet_legend_shows_each_verdict_icon_and_label(ix, settings):
    root = parse(outlet_stacked_chart(outlet_rows(ix), settings.verdicts))
    shown = texts(root)
    for verdict in settings.verdicts:
        assert verdict.label in shown
        assert verdict.icon in shown
    swatches = [r for r in rects(root) if tip(r) in {v.label for v in settings.verdicts}]
    assert [s.get("fill") for s in swatches] == [v.colour for v in settings.verdicts]


def test_outlet_chart_is_accessible_and_readable(ix, settings):
    root = parse(outlet_stacked_chart(outlet_rows(ix), settings.verdicts, note="The top 3."))
    assert_accessible(root)
    assert_readable_text(root)
    assert root.find(f"{SVG}desc").text.endswith("The top 3.")


def test_hostile_outlet_names_are_escaped_text(settings):
    rows = [(HOSTILE, {"disputed": 2}), ("</text></svg><script>x</script>", {"unverified": 1})]
    svg = str(outlet_stacked_chart(rows, settings.verdicts, note="<script>"))
    root = parse(svg)
    assert_no_active_content(root)
    assert "<script" not in svg and "</svg><script>" not in svg
    shown = texts(root)
    assert any(t.startswith("<script>alert(") for t in shown)  # shown as text, maybe shortened
    assert "</text></svg><script>x</script>" in shown
    assert "\x01" not in svg  # XML-illegal characters dropped


def test_long_outlet_names_are_shortened_but_kept_whole_in_the_tooltip(settings):
    name = "An outlet with a remarkably long and winding name " * 3
    root = parse(outlet_stacked_chart([(name, {"unverified": 1})], settings.verdicts))
    label = next(t for t in texts(root) if t.startswith("An outlet"))
    assert label.endswith("…") and len(label) < len(name)
    assert any(tip(r).startswith(name) for r in rects(root))


def test_shortening_is_linear_in_the_name_s_length():
    """A 4,000-character name took 8 s when each cut re-measured the whole text. Count
    the work instead of timing it: width look-ups grow linearly with the length."""
    calls = 0
    real = charts._char_width

    def counting(char):
        nonlocal calls
        calls += 1
        return real(char)

    charts._char_width = counting
    try:
        for length in (4_000, 40_000):
            calls = 0
            shown = shorten("اب " * (length // 3), 270)
            assert shown.endswith("…") and text_width(shown) <= 270
            assert calls <= 3 * length, (length, calls)
    finally:
        charts._char_width = real


def test_shortened_labels_are_the_longest_prefix_that_fits():
    for name in ("Ahmad Shah Massoud", "WWWWWWWWWWWWWWWWWWWWWWW", "a b c d e f g h i j"):
        for width in (30, 60, 90, 120):
            shown = shorten(name, width)
            if shown == name:
                continue
            assert text_width(shown) <= width
            longer = name[: len(shown.rstrip("…")) + 1].rstrip() + "…"
            assert text_width(longer) > width or longer == shown


# --- daily chart -----------------------------------------------------------------


def test_one_column_per_day_with_claims_and_gaps_kept(ix):
    days = [(day, len(claims)) for day, claims in ix.days]
    root = parse(daily_chart(days))
    bars = rects(root)
    assert [tip(b) for b in bars] == ["4 September 2021: 1 claim", "6 September 2021: 2 claims"]
    gap = float(bars[1].get("x")) - float(bars[0].get("x"))
    assert gap == pytest.approx(2 * (720 - 48 - 8) / 3, abs=0.2)  # 5 September drawn empty
    assert "(3 days)" in root.find(f"{SVG}desc").text
    assert_accessible(root)
    assert_readable_text(root)


def test_daily_bars_heights_follow_counts_over_an_empty_span():
    start = dt.date(2021, 8, 17)
    days = [(start, 12), (start + dt.timedelta(days=20), 27), (start + dt.timedelta(days=2), 1)]
    root = parse(daily_chart(days))
    bars = {tip(b): float(b.get("height")) for b in rects(root)}
    busiest = bars["6 September 2021: 27 claims"]
    assert bars["17 August 2021: 12 claims"] == pytest.approx(busiest * 12 / 27, rel=0.02)
    xs = sorted(float(b.get("x")) for b in rects(root))
    assert xs[-1] - xs[0] == pytest.approx(20 * (720 - 48 - 8) / 21, abs=0.2)  # 21 days wide
    assert "(21 days)" in root.find(f"{SVG}desc").text


def test_axis_labels_never_overlap_whatever_the_span():
    for span in (3, 21, 60, 200, 366, 1500):
        days = [(dt.date(2020, 1, 1) + dt.timedelta(days=i), 1 + i % 5) for i in range(0, span, 3)]
        root = parse(daily_chart(days))
        date_label = re.compile(r"(\d+ )?[A-Z][a-z]{2}")  # "17 Aug" or "Aug"
        ticks = [t for t in root.iter(f"{SVG}text") if date_label.fullmatch(t.text or "")]
        xs = [float(t.get("x")) for t in ticks]
        assert ticks and all(b - a >= 50 for a, b in zip(xs, xs[1:])), span


def drawn(root: ET.Element) -> int:
    """Claims counted by the chart's columns, from their tooltips ("…: 3 claims")."""
    return sum(int(tip(r).rsplit(": ", 1)[1].split()[0].replace(",", "")) for r in rects(root))


@pytest.mark.parametrize(
    ("days", "unit"),
    [
        ([dt.date(2021, 9, 6)], "day"),
        ([dt.date(2021, 9, 1) + dt.timedelta(days=i) for i in range(0, 31, 2)], "day"),
        ([dt.date(2021, 1, 1) + dt.timedelta(days=i) for i in range(366)], "day"),
        ([dt.date(2021, 1, 1) + dt.timedelta(days=i) for i in range(400)], "week"),
        ([dt.date(2000, 1, 1) + dt.timedelta(days=i) for i in range(0, 4000, 3)], "month"),
        ([dt.date(1900 + i, 6, 1) for i in range(0, 100, 2)], "year"),
        ([dt.date(1, 1, 1), dt.date(9999, 12, 31)], "century"),
    ],
)
def test_the_unit_follows_the_span_and_every_claim_is_drawn(days, unit):
    root = parse(daily_chart([(d, 1) for d in days]))
    desc = root.find(f"{SVG}desc").text
    assert f"by the {unit} they were made" in desc
    assert drawn(root) == len(days)
    assert_accessible(root)


def test_one_old_claim_does_not_hide_the_rest():
    """Issue 10: one claim outside the last 366 days collapsed the chart to one bar."""
    recent = [(dt.date(2021, 9, 1) + dt.timedelta(days=i), 1 + i % 3) for i in range(30)]
    root = parse(daily_chart([(dt.date(2019, 3, 2), 1), *recent]))
    assert drawn(root) == 1 + sum(n for _, n in recent)
    assert len(rects(root)) >= 5  # the recent month is spread over several columns
    assert "by the week they were made" in root.find(f"{SVG}desc").text


@pytest.mark.parametrize("outlier", [dt.date(1, 1, 1), dt.date(1900, 5, 5), dt.date(9999, 12, 31)])
def test_a_far_off_claim_gets_its_own_column_and_the_rest_stay_by_day(outlier):
    recent = [(dt.date(2021, 9, 1) + dt.timedelta(days=i), 1 + i % 3) for i in range(30)]
    root = parse(daily_chart([(outlier, 1), *recent]))
    desc = root.find(f"{SVG}desc").text
    assert "by the day they were made" in desc and "holds the 1 claim made " in desc
    assert drawn(root) == 1 + sum(n for _, n in recent)
    assert len(rects(root)) == 31
    peak = max(n for _, n in recent)
    assert max(int(tip(r).rsplit(": ", 1)[1].split()[0]) for r in rects(root)) == peak


@hsettings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.dates(), st.integers(1, 50)), min_size=1, max_size=40))
def test_any_dates_give_a_bounded_chart_that_counts_every_claim(days):
    root = parse(daily_chart(days))
    assert drawn(root) == sum(n for _, n in days)
    assert len(rects(root)) <= MAX_COLUMNS
    xs = [float(t.get("x")) for t in root.iter(f"{SVG}text")
          if float(t.get("y")) == 28 + 200 + 14]  # fmt: skip
    assert all(b - a >= 50 for a, b in zip(xs, xs[1:]))


def test_empty_input_gives_a_valid_chart_that_says_so():
    root = parse(daily_chart([]))
    assert texts(root) == ["No claims yet."]
    assert_accessible(root)
    parse(outlet_stacked_chart([], DEFAULT_VERDICTS))
    parse(verdict_bar_chart(DEFAULT_VERDICTS, {}))


def test_charts_are_deterministic_and_ids_are_distinct(ix, settings):
    counts = {e.name: len(e.claims) for e in ix.verdicts}
    first = verdict_bar_chart(settings.verdicts, counts)
    assert first == verdict_bar_chart(settings.verdicts, counts)
    charts = [
        first,
        outlet_stacked_chart(outlet_rows(ix), settings.verdicts),
        daily_chart([(d, len(c)) for d, c in ix.days]),
    ]
    ids = [parse(chart).get("aria-labelledby") for chart in charts]
    assert len(set(ids)) == 3
    odd = parse(verdict_bar_chart(settings.verdicts, counts, ident='x" onload="y'))
    assert odd.get("aria-labelledby") == "x--onload--y-title x--onload--y-desc"
