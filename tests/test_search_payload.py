"""tools/search_payload.py: what it counts, how it judges, and its stable CLI (bench/run.py
calls it). The browser measurement itself runs in `make bench`, not here."""

from __future__ import annotations

import gzip
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "search_payload.py"
_spec = importlib.util.spec_from_file_location("search_payload", TOOL)
assert _spec and _spec.loader
sp = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sp)


@given(st.binary(max_size=5000), st.sampled_from(["/", "/a/index.html", "/x.js", "/s.json", "/m.css"]))
def test_text_types_count_as_gzip_sends_them_never_more_than_stored(body: bytes, path: str):
    sent = sp.as_sent(path, body)
    assert sent <= len(body)
    if len(body) > 200:
        assert sent == min(len(gzip.compress(body, 6)), len(body))


@given(st.binary(max_size=5000), st.sampled_from(["/pagefind/index/en_1.pf_index",
                                                  "/pagefind/wasm.en.pagefind", "/a.png", "/f.woff2"]))
def test_compressed_and_binary_files_count_as_stored(body: bytes, path: str):
    assert sp.as_sent(path, body) == len(body)


def test_the_engine_is_read_from_the_built_site(tmp_path: Path):
    assert sp.engine_of(tmp_path) == "material"
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind/pagefind.js").write_text("", "utf-8")
    assert sp.engine_of(tmp_path) == "pagefind"


def test_probes_come_from_the_sites_claims_json(built_site: Path):
    claims = sp.site_claims(built_site)
    assert claims and all({"claimant", "claim"} <= set(c) for c in claims.values())
    checks = sp.probes(claims)
    assert [p["kind"] for p in checks] == ["claimant"] * 5 + ["phrase"] * 5
    assert all(p["claim"] in claims for p in checks)
    for probe in checks[5:]:  # a phrase is words of its own claim
        assert set(sp._words(probe["query"])) <= set(sp._words(claims[probe["claim"]]["claim"]))


def test_judge_finds_the_first_relevant_rank():
    claims = {"a": {"claimant": "X"}, "b": {"claimant": "Y"}, "c": {"claimant": "Y"}}
    probe = {"kind": "claimant", "query": "Y", "claim": "b"}
    verdict = sp.judge(probe, [("a", "A"), ("c", "C"), ("b", "B")], claims)
    assert verdict["top_relevant"] is False
    assert verdict["first_relevant_rank"] == 2 and verdict["relevant_in_top10"] == 2
    phrase = {"kind": "phrase", "query": "q", "claim": "b"}
    assert sp.judge(phrase, [("b", "B")], claims)["top_relevant"] is True
    assert sp.judge(phrase, [], claims)["top"] is None


def test_sizes_and_engines_are_validated():
    assert sp._sizes("100,1000") == [100, 1000]
    assert sp._options("auto,pagefind") == ["auto", "pagefind"]
    for bad in ("0", ""):
        with pytest.raises(Exception):
            sp._sizes(bad)
    with pytest.raises(Exception):
        sp._options("lunr")


def test_engine_config_leaves_the_default_configuration_alone(tmp_path: Path):
    (tmp_path / "mkdocs.yml").write_text(
        "site_dir: site\nplugins:\n  - factcheck:\n" + sp.CLAIMS_DIR_LINE, "utf-8"
    )
    auto = sp.engine_config(tmp_path, "auto").read_text("utf-8")
    assert "search_engine" not in auto and "site_dir: site-auto" in auto
    forced = sp.engine_config(tmp_path, "pagefind").read_text("utf-8")
    assert "      search_engine: pagefind\n" in forced and "site_dir: site-pagefind" in forced


def _run(size: int, engine: str, before: int) -> dict:
    totals = {"bytes": before * 3, "gzip_bytes": before, "search_bytes": 10, "search_gzip_bytes": 5,
              "requests": 3}
    return {
        "site": "s", "size": size, "engine_option": "auto", "engine": engine,
        "bytes_before_first_result_gzip": before, "seconds_to_first_result": 0.5,
        "relevance_top1": "1/2", "meets_limit": before <= sp.LIMIT_BYTES, "build_seconds": None,
        "first_query": {"before_first_result": totals, "seconds_to_first_result_from_typing": 0.5,
                        "seconds_to_first_result_from_navigation": 1.5},
        "relevance": [{"kind": "claimant", "top_relevant": True},
                      {"kind": "phrase", "top_relevant": False}],
        "index_on_disk": {"material_search_index_json": 1, "pagefind_dir": 2,
                          "pagefind_index_chunks": 1, "pagefind_fragments": 1, "sitemap_xml": 3},
    }  # fmt: skip


def test_report_prints_one_row_per_site_and_flags_a_missed_limit(tmp_path: Path):
    report = {"schema": 2, "date": "2026-12-01", "commit": "abc", "dirty": False,
              "runs": [_run(100, "material", 280_000), _run(10_000, "material", 10_500_000)]}  # fmt: skip
    path = tmp_path / "r.json"
    path.write_text(json.dumps(report), "utf-8")
    result = subprocess.run([sys.executable, str(TOOL), "--report", str(path)],
                            capture_output=True, text=True, check=True)  # fmt: skip
    rows = [line for line in result.stdout.splitlines() if line.startswith("| 1")]
    assert len(rows) == 2
    assert rows[0].endswith("| yes |") and rows[1].endswith("| **no** |")
    assert "| 10,000 | auto | material | 10.50 MB |" in rows[1]


def test_a_single_site_repeats_its_figures_at_the_top_for_the_bench():
    """bench/extras.py reads `--site SITE --json OUT` as report["first_query"]["bytes"]."""
    run = _run(1_000, "pagefind", 340_000)
    run["first_query"].update(run["first_query"]["before_first_result"])
    report = sp.with_single_run({"schema": 2, "runs": [run]})
    assert report["engine"] == "pagefind" and report["size"] == 1_000
    assert report["first_query"]["gzip_bytes"] == 340_000
    assert "seconds_to_first_result_from_navigation" in report["first_query"]
    two = {"schema": 2, "runs": [run, run]}
    assert sp.with_single_run(two) == two
