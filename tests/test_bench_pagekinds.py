"""bench/pagekinds.py: MkDocs' per-page time, attributed to page kinds and steps."""

from __future__ import annotations

import itertools
from pathlib import Path

import bench_support  # noqa: F401
import pagekinds
import pytest
from hypothesis import given
from hypothesis import strategies as st


@pytest.mark.parametrize(
    ("src", "kind"),
    [
        ("claims/some-claim.md", "claim"),
        ("people/ahmad.md", "people"),
        ("claims/index.md", "claims (index)"),
        ("index.md", "other pages"),
        ("about.md", "other pages"),
        ("people/a/b.md", "people"),
    ],
)
def test_page_kind(src: str, kind: str) -> None:
    assert pagekinds.page_kind(src) == kind


@given(st.lists(st.booleans(), max_size=40))
def test_clock_time_is_exclusive_and_adds_up(moves: list[bool]) -> None:
    """However buckets nest, the totals add up to the time the stack was open."""
    ticks = itertools.count()
    clock = pagekinds.Clock()
    original = pagekinds.time.perf_counter
    pagekinds.time.perf_counter = lambda: float(next(ticks))  # type: ignore[assignment]
    try:
        clock.enter("claim", "other")
        start = clock.mark
        for n, deeper in enumerate(moves):
            if deeper or len(clock.stack) == 1:
                clock.enter("claim", f"b{n % 3}")
            else:
                clock.leave()
        while clock.stack:
            clock.leave()
        assert sum(clock.totals.values()) == pytest.approx(clock.mark - start)
    finally:
        pagekinds.time.perf_counter = original  # type: ignore[assignment]


def test_a_real_build_is_attributed_and_mkdocs_is_put_back(tmp_path: Path) -> None:
    from mkdocs.commands import build
    from mkdocs.config import load_config
    from mkdocs.structure.pages import Page

    docs = tmp_path / "docs"
    for path in ("index.md", "claims/one.md", "claims/two.md", "people/ann.md"):
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(f"# {path}\n\nSome *text*.\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ntheme: mkdocs\nplugins: [search]\n", "utf-8"
    )
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    before = (build._build_page, build._populate_page, Page.render)
    with pagekinds.instrumented(config) as clock:
        build.build(config)
    assert (build._build_page, build._populate_page, Page.render) == before
    data = pagekinds.summary(clock, 10.0)
    assert {k: v["pages"] for k, v in data["kinds"].items()} == {
        "claim": 2,
        "people": 1,
        "other pages": 1,
    }
    claim = data["kinds"]["claim"]
    assert claim["markdown"] > 0 and claim["template"] > 0 and claim["search"] > 0
    assert sum(claim[b] for b in pagekinds.BUCKETS) == pytest.approx(claim["seconds"])
    assert "| claim | 2 |" in pagekinds.table(data)
