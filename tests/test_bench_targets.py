"""bench/targets.py: every target of #14 gets a row, judged against its limit."""

from __future__ import annotations

import bench_support  # noqa: F401
import pytest
import targets
from hypothesis import given
from hypothesis import strategies as st
from model import Result, Run


def runs(result: Result, kind: str, *seconds: float, rss: int = 100 * 2**20) -> None:
    for s in seconds:
        site = {"html_files": 10, "site_bytes": 1000, "search_bytes": 100, "search_gzip_bytes": 10}
        result.add(kind, Run(s, s, rss, 0.0, {"process_seconds": s, **site}))


def full(size: int, scale: float = 1.0) -> Result:
    """A Result with every measure, each time `scale` x a made-up base."""
    r = Result(size)
    base = {
        "a": 8.0,
        "a_warm": 2.0,
        "parse": 2.5,
        "check_cold": 3.0,
        "check_warm": 2.0,
        "b": 30.0,
        "b_warm": 26.0,
        "b_edit": 28.0,
        "c": 24.0,
        "gen_out": 20.0,
        "dprime": 40.0,
    }
    for kind, s in base.items():
        runs(r, kind, s * scale, s * scale * 1.1, s * scale * 0.9)
    r.weight = {
        "claims": size,
        "total_bytes": 25_000 * size,
        "bytes_per_claim": 25_000.0,
        "kinds": {},
    }
    r.search = {"runs": [{"bytes": 800_000, "seconds": 1.0}] * 3}
    r.preview = {"edits": [2.0, 2.5, 2.2], "title_edits": [2.9, 2.1, 2.4]}
    return r


def test_every_target_of_the_issue_has_a_row() -> None:
    names = " ".join(
        row[0] for row in targets.targets([full(100), full(1_000), full(10_000), full(20_000, 2)])
    )
    for needle in (
        "30 kB per claim",
        "600 MB",
        "(b)/(c)",
        "check",
        "cold",
        "warm",
        "generate",
        "search result at 100 claims",
        "at 1,000 claims",
        "at 10,000 claims",
        "edited analysis",
        "edited title",
        "t(20k)/t(10k)",
        "peak memory",
    ):
        assert needle in names


def test_figures_within_the_limits_are_met() -> None:
    rows = targets.targets([full(100), full(1_000), full(10_000), full(20_000, 2)])
    assert {row[2] for row in rows} == {"met"}, [r for r in rows if r[2] != "met"]


def test_nothing_measured_says_so_for_every_target() -> None:
    rows = targets.targets([])
    assert {row[2] for row in rows} == {"not measured"}


def test_a_failed_tool_shows_its_reason_on_one_line() -> None:
    r = full(10_000)
    r.search = {"runs": [], "error": "exit status 2:\nusage: ... | --site"}
    row = next(row for row in targets.targets([r]) if "search result at 10,000" in row[0])
    assert row[2] == "not measured" and "\n" not in row[1] and "|" not in row[1]
    assert "exit status 2" in row[1]


def test_weight_at_20k_is_projected_when_20k_was_not_weighed() -> None:
    r = full(10_000)
    r.weight = {
        "claims": 10_000,
        "total_bytes": 350_000_000,
        "bytes_per_claim": 35_000.0,
        "kinds": {},
    }
    rows = {row[0]: row for row in targets.targets([r])}
    assert rows["site at 20,000 claims under 600 MB"][1].startswith("700.0 MB (projected")
    assert rows["site at 20,000 claims under 600 MB"][2] == "not met"


@given(
    st.floats(min_value=0.1, max_value=10),
    st.floats(min_value=0.1, max_value=10),
    st.floats(min_value=0.1, max_value=10),
)
def test_each_build_ratio_is_judged_on_its_own_medians(b: float, warm: float, c: float) -> None:
    edited = (b + warm) / 2
    r = Result(10_000)
    runs(r, "b", b, b * 3, b * 0.5)
    runs(r, "b_warm", warm, warm * 3, warm * 0.5)
    runs(r, "b_edit", edited, edited * 3, edited * 0.5)
    runs(r, "c", c, c * 3, c * 0.5)
    cold_row, warm_row, edit_row = targets.time_rows({10_000: r})[:3]
    assert "cold cache" in cold_row[0] and "warm cache (CI" in warm_row[0]
    assert "one claim edited" in edit_row[0]
    assert cold_row[2] == ("met" if b / c <= targets.BUILD_RATIO_MAX else "not met")
    assert warm_row[2] == ("met" if warm / c <= targets.BUILD_RATIO_MAX else "not met")
    assert edit_row[2] == ("met" if edited / c <= targets.BUILD_RATIO_MAX else "not met")


@pytest.mark.parametrize(
    ("value", "limit", "strict", "expected"),
    [
        (1.0, 1.0, False, "met"),
        (1.0, 1.0, True, "not met"),
        (None, 1.0, False, "not measured"),
        (2.0, 1.0, False, "not met"),
    ],
)
def test_status(value: float | None, limit: float, strict: bool, expected: str) -> None:
    assert targets.status(value, limit, strict) == expected


@pytest.mark.parametrize(
    ("raw", "sent", "met"), [(3_000_000, 630_000, True), (900_000, 1_200_000, False)]
)
def test_search_target_is_judged_on_what_is_sent(raw: int, sent: int, met: bool) -> None:
    """GitHub Pages sends text gzip-compressed: the reader downloads `gzip_bytes`."""
    result = full(10_000)
    result.search = {"runs": [{"bytes": raw, "gzip_bytes": sent, "seconds": 1.0}] * 3}
    row = next(r for r in targets.targets([result]) if "search result at 10,000" in r[0])
    assert f"{sent / 1e6:.2f} MB" in row[1]
    assert (row[2] == "met") is met


def test_every_row_has_a_topic_and_every_topic_a_reason_on_file() -> None:
    """A target that is not met is always explained: its topic has a section in
    bench/not_met.md (read as `make bench` reads it)."""
    import report

    reasons = report.read_reasons(report.NOT_MET.read_text(encoding="utf-8"))
    rows = targets.targets([full(100), full(1_000), full(10_000), full(20_000, 2)])
    topics = {targets.topic(row[0]) for row in rows}
    assert topics == {name for _, name in targets.TOPICS}
    for name in topics:
        title, why = reasons[name]
        assert title and len(why) > 200, name
