"""bench/report.py and the parsing in bench/extras.py: what the tools print becomes
figures, and the figures become BENCHMARKS.md's tables without losing the notes below
the marker."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import bench_support  # noqa: F401
import extras
import pytest
import report
from test_bench_targets import full

WEIGHT = {
    "claims": 1000,
    "total_bytes": 31_000_000,
    "bytes_per_claim": 31000.0,
    "kinds": {
        "claim": {"files": 1000, "bytes": 20_000_000},
        "listing": {"files": 600, "bytes": 11_000_000},
    },
}


def test_weight_json_is_read_with_bytes_per_claim_per_kind() -> None:
    weight = extras.parse_weight(json.loads(json.dumps(WEIGHT)))
    assert weight["bytes_per_claim"] == 31000.0
    assert weight["kinds"]["claim"]["bytes_per_claim"] == 20_000.0
    assert weight["kinds"]["listing"]["files"] == 600


@pytest.mark.parametrize("broken", [{}, {"claims": 1}, {**WEIGHT, "kinds": {"x": {"files": 1}}}])
def test_weight_json_missing_a_field_is_an_error(broken: dict) -> None:
    with pytest.raises((KeyError, TypeError, ValueError)):
        extras.parse_weight(broken)


def test_weight_from_a_tool_that_prints_a_line_before_its_json(tmp_path: Path, monkeypatch) -> None:
    tool = tmp_path / "weight.py"
    tool.write_text(f"print('measuring')\nprint({json.dumps(json.dumps(WEIGHT))})\n", "utf-8")
    monkeypatch.setattr(extras, "WEIGHT", tool)
    assert extras.weight(tmp_path, {})["total_bytes"] == 31_000_000
    tool.write_text("import sys; sys.exit('no site')\n", "utf-8")
    assert "no site" in extras.weight(tmp_path, {})["error"]


FQ = {
    "bytes": 900_000,
    "gzip_bytes": 300_000,
    "search_bytes": 500_000,
    "requests": 12,
    "seconds_to_first_result_from_navigation": 1.5,
    "seconds_to_first_result_from_typing": 0.4,
}


@pytest.mark.parametrize(
    "shape",
    [
        {"first_query": FQ},
        {"first_query": {"pagefind": FQ}},
        {"engine": "pagefind", "first_query": {"material": {**FQ, "bytes": 1}, "pagefind": FQ}},
        {
            "default_engine": "pagefind",
            "first_query": {"material": {**FQ, "bytes": 1}, "pagefind": FQ},
        },
    ],
)
def test_search_payload_json_in_every_shape_gives_the_default_engines_figures(shape: dict) -> None:
    figures = extras.first_query(shape)
    assert figures["bytes"] == 900_000 and figures["seconds"] == 1.5


def test_preview_output_is_parsed() -> None:
    text = (
        "10,000 claims: first build served after 81.3s\nedit 1: new text served after 2.41s\n"
        "edit 2: new text served after 2.10s\nedit 3: new text served after 3.05s\n"
    )
    assert extras.parse_preview(text) == {"edits": [2.41, 2.10, 3.05], "title_edits": [], "first": 81.3}
    assert extras.parse_preview("") == {"edits": [], "title_edits": [], "first": None}
    both = (
        "edit 1 (analysis): new text served after 2.50s\nedit 1 (title): new text served after 4.75s\n"
        "edit 2 (analysis): new text served after 2.25s\nedit 2 (title): new text served after 4.00s\n"
    )
    assert extras.parse_preview(both) == {"edits": [2.5, 2.25], "title_edits": [4.75, 4.0], "first": None}


def test_each_edit_changes_only_its_own_part_of_the_claim() -> None:
    spec = importlib.util.spec_from_file_location("serve_latency", extras.PREVIEW)
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    edited_text = tool.edited_text
    original = "---\ntitle: T\nverdict: x\n---\nBody.\n"
    both = edited_text(original, "M1", "A1")
    assert both == "---\ntitle: M1 T\nverdict: x\n---\nBody.\n\nA1\n"
    assert edited_text(original, "M1", "A2").replace("A2", "A1") == both
    assert edited_text(original, "", "") == original


def test_report_has_every_section_with_spread_and_targets() -> None:
    results = [full(1_000), full(10_000)]
    results[0].weight = extras.parse_weight(WEIGHT)
    results[0].zensical = {"error": "Zensical could not be installed: no zensical-ui"}
    results[1].zensical = {
        "version": "0.1.3",
        "runs": [{"seconds": 3.0, "max_rss": 2**27}] * 3,
        "compare": {
            "same_paths": True,
            "paths_common": 5,
            "paths_only_mkdocs": 0,
            "paths_only_other": 0,
            "claim_text_matches": 3,
            "claim_text_mismatches": 1,
            "example_diff": "-a\n+b",
            "only_mkdocs_examples": [],
            "only_other_examples": [],
        },
    }
    text = report.report(results, {"Code": "commit abc"}, 3, 1, 60.0)
    for heading in (
        "## Targets (issue #14)",
        "## Check and generate",
        "## Builds",
        "## Weight",
        "## Search",
        "## Edit preview",
        "per page kind",
        "## Zensical",
        "## Every run",
    ):
        assert heading in text
    assert "no zensical-ui" in text and "3 match, 1 differ" in text and "```diff" in text
    assert "8.00 s (7.20–8.80)" in text  # (a) at 1,000: median (min-max)
    assert "| (b) warm/(c) |" in text and "| 26.0 s (23.4–28.6) |" in text  # the warm build
    assert "| (b) edited/(c) |" in text and "| 28.0 s (25.2–30.8) |" in text  # one claim edited
    assert "31.0 MB, 31.0 kB" in text  # weight, whole site at 1,000


def test_write_report_keeps_the_notes_below_the_marker(tmp_path: Path) -> None:
    path = tmp_path / "BENCHMARKS.md"
    path.write_text(f"old figures\n\n{report.KEEP_MARKER}\n\nhand-written notes\n", "utf-8")
    report.write_report(path, "# new figures\n")
    text = path.read_text("utf-8")
    assert "old figures" not in text and text.startswith("# new figures")
    assert text.endswith(f"{report.KEEP_MARKER}\n\nhand-written notes\n")


def test_each_target_not_met_is_listed_under_its_reason() -> None:
    slow = full(10_000)
    slow.weight = {**slow.weight, "bytes_per_claim": 60_000.0}  # over 30 kB a claim
    reasons = {"weight": ("Weight", "Because of the cards.")}
    text = report.not_met_section([full(1_000), slow], reasons)
    assert text.startswith("### Weight\n\n- weight at 10,000 claims")
    assert "60.0 kB per claim (250.0 MB in all)\n" in text  # a size: no "by wall time"
    assert text.endswith("Because of the cards.")
    assert "1,000 claims" not in text  # met there


def test_a_timed_target_not_met_says_by_which_time() -> None:
    slow = full(10_000)
    for run in slow.runs["b"]:
        run.seconds *= 10  # (b) ten times (c) by wall time, not by CPU time
    text = report.not_met_section([slow], {"build": ("Build", "Why.")})
    assert "(b)/(c)" in text and "(not met by wall time)" in text


def test_a_target_not_met_without_a_reason_on_file_is_said_loudly() -> None:
    slow = full(10_000)
    slow.weight = {**slow.weight, "bytes_per_claim": 60_000.0}
    text = report.not_met_section([slow], {})
    assert "**No reason on file**" in text and "`## weight:`" in text


def test_a_target_without_a_topic_is_named_not_an_error(monkeypatch) -> None:
    """A target added to targets.py without its topic must not end an hour's run."""
    row = ("a new target", "9 s", "not met", "met")
    monkeypatch.setattr(report, "targets", lambda results: [row])
    text = report.not_met_section([], {})
    assert "- a new target: 9 s (not met by wall time)" in text
    assert "`TOPICS`" in text and "**No reason on file**" in text


def test_without_not_met_md_the_report_says_each_reason_is_missing(monkeypatch, tmp_path) -> None:
    slow = full(10_000)
    slow.weight = {**slow.weight, "bytes_per_claim": 60_000.0}
    monkeypatch.setattr(report, "NOT_MET", tmp_path / "gone.md")
    text = report.report([slow], {"Code": "commit abc"}, 3, 1, 60.0)
    assert "**No reason on file**: write section `## weight:`" in text


def test_all_targets_met_is_said() -> None:
    assert report.not_met_section([full(1_000)], {}) == "Every target above is met."


def test_the_report_quotes_the_reasons_of_bench_not_met_md() -> None:
    slow = full(10_000)
    slow.weight = {**slow.weight, "bytes_per_claim": 60_000.0}
    text = report.report([slow], {"Code": "commit abc"}, 3, 1, 60.0)
    section = text.split("## Not met: why, and what it would take", 1)[1].split("\n## ", 1)[0]
    why = report.read_reasons(report.NOT_MET.read_text(encoding="utf-8"))["weight"][1]
    assert why in section


def test_every_run_shows_how_long_the_disk_kept_processes_waiting() -> None:
    results = [full(1_000), full(10_000)]
    for share, run in zip([0.05, 0.40, None], results[1].runs["b"], strict=True):
        run.io_stall = share
    text = report.report(results, {"Code": "commit abc"}, 3, 1, 60.0)
    assert "| share of the run waiting on I/O |" in text
    assert "| 5%, 40%, - |" in text  # (b) at 10,000, run by run; the third not measured
    assert "waiting on I/O during 5% to 40% of a run's wall time (median 22%" in text


def test_without_any_measured_wait_the_report_says_so() -> None:
    text = report.report([full(1_000)], {"Code": "commit abc"}, 3, 1, 60.0)
    assert "The disk's waits were not measured" in text
