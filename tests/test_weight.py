"""bench/weight.py: every file of a site falls in one documented kind; the JSON report
has the shape bench/run.py reads; claims are counted by claim pages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import weight  # noqa: E402

WEIGHT = Path(__file__).resolve().parent.parent / "bench" / "weight.py"

FAKE_SITE = {
    "index.html": "home",
    "404.html": "x",
    "claims/index.html": "all claims",
    "claims/page/2/index.html": "all claims, page 2",
    "claims/one/index.html": "claim one",
    "claims/one/embed/index.html": "embed",
    "claims/two/index.html": "claim two",
    "claims/explorer.json": "[]",
    "people/jane/index.html": "jane",
    "people/jane/feed.xml": "<feed/>",
    "outlets/herald/index.html": "herald",
    "places/kabul/index.html": "kabul",
    "organisations/un/index.html": "un",
    "tags/aid/index.html": "aid",
    "verdicts/disputed/page/2/index.html": "disputed",
    "timeline/index.html": "days",
    "feed.xml": "<feed/>",
    "feed.json": "{}",
    "claims.json": "{}",
    "claims.csv": "a,b",
    "cards/one.png": "png",
    "search/search_index.json": "{}",
    "assets/factcheck/factcheck.css": "css",
    "sitemap.xml": "<urlset/>",
}
EXPECTED = {
    "index.html": "other",
    "404.html": "other",
    "claims/index.html": "listing-claims",
    "claims/page/2/index.html": "listing-claims",
    "claims/one/index.html": "claim",
    "claims/one/embed/index.html": "embed",
    "claims/two/index.html": "claim",
    "claims/explorer.json": "data",
    "people/jane/index.html": "listing-person",
    "people/jane/feed.xml": "feed-entity",
    "outlets/herald/index.html": "listing-outlet",
    "places/kabul/index.html": "listing-place",
    "organisations/un/index.html": "listing-org",
    "tags/aid/index.html": "listing-tag",
    "verdicts/disputed/page/2/index.html": "listing-verdict",
    "timeline/index.html": "listing-day",
    "feed.xml": "feed",
    "feed.json": "feed",
    "claims.json": "data",
    "claims.csv": "data",
    "cards/one.png": "cards",
    "search/search_index.json": "search",
    "assets/factcheck/factcheck.css": "assets",
    "sitemap.xml": "sitemap",
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    for relative, text in FAKE_SITE.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_classify(relative: str) -> None:
    assert weight.classify(relative) == EXPECTED[relative]


KINDS = {*EXPECTED.values()}
segment = st.text(st.sampled_from("abcdefgh.-_"), min_size=1, max_size=8)


@given(st.lists(segment, min_size=1, max_size=5))
def test_every_path_has_one_known_kind(parts: list[str]) -> None:
    assert weight.classify("/".join(parts)) in KINDS


def test_json_report_shape_and_totals(site: Path) -> None:
    out = subprocess.run([sys.executable, str(WEIGHT), str(site), "--json"], check=True,
                         capture_output=True, text=True).stdout  # fmt: skip
    report = json.loads(out)
    assert set(report) == {"claims", "total_bytes", "bytes_per_claim", "kinds"}
    assert report["claims"] == 2
    sizes = {rel: len(text.encode()) for rel, text in FAKE_SITE.items()}
    assert report["total_bytes"] == sum(sizes.values())
    assert report["bytes_per_claim"] == pytest.approx(report["total_bytes"] / 2)
    assert sum(k["files"] for k in report["kinds"].values()) == len(FAKE_SITE)
    assert report["kinds"]["claim"] == {"files": 2, "bytes": sizes["claims/one/index.html"] + sizes["claims/two/index.html"]}


def test_table_names_every_kind_and_the_total(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert weight.main([str(site)]) == 0
    out = capsys.readouterr().out
    assert all(kind in out for kind in KINDS)
    assert "total" in out and "claims: 2" in out


def test_an_empty_site_has_no_claims(tmp_path: Path) -> None:
    report = weight.tally(weight.walk(tmp_path))
    assert report == {"claims": 0, "total_bytes": 0, "bytes_per_claim": 0.0, "kinds": {}}
