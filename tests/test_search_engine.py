"""`search_engine`: which engine a build uses, for every option, size and threshold."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.adapters.search_engine import OPTIONS, choose

counts = st.integers(min_value=0, max_value=10**6)
thresholds = st.integers(min_value=1, max_value=10**6)


@given(counts, thresholds)
def test_auto_picks_pagefind_exactly_from_the_threshold(claims: int, threshold: int):
    choice = choose("auto", claims, threshold=threshold)
    assert choice.engine == ("pagefind" if claims >= threshold else "material")
    assert f"{claims:,} published claims" in choice.message()
    assert f"search_auto_threshold {threshold:,}" in choice.message()


@given(st.sampled_from(["material", "pagefind"]), counts, thresholds, st.booleans(), st.booleans())
def test_a_forced_engine_is_kept_whatever_the_size(
    option: str, claims: int, threshold: int, serving: bool, has_search: bool
):
    choice = choose(option, claims, threshold=threshold, serving=serving, has_search_plugin=has_search)
    assert choice.engine == option
    assert f"search_engine: {option}" in choice.message()


@given(counts, thresholds)
def test_auto_keeps_material_search_under_serve(claims: int, threshold: int):
    choice = choose("auto", claims, threshold=threshold, serving=True)
    assert choice.engine == "material"
    assert "serve" in choice.reason


@given(counts, thresholds, st.booleans())
def test_auto_never_picks_pagefind_without_materials_search_box(
    claims: int, threshold: int, serving: bool
):
    choice = choose("auto", claims, threshold=threshold, serving=serving, has_search_plugin=False)
    assert choice.engine == "material"
    assert "no `search` plugin" in choice.reason


@given(counts)
def test_auto_is_monotonic_in_the_number_of_claims(claims: int):
    """Adding claims never switches a site back from Pagefind to Material's search."""
    if choose("auto", claims).engine == "pagefind":
        assert choose("auto", claims + 1).engine == "pagefind"


@given(st.integers(1, 100), st.integers(1_000, 10**6))
def test_the_default_threshold_keeps_small_reports_on_material_and_large_on_pagefind(
    small: int, large: int
):
    """Where the measured payloads cross (BENCHMARKS.md): a report of up to a hundred
    claims on Material's search, a thousand or more on Pagefind."""
    assert choose("auto", small).engine == "material"
    assert choose("auto", large).engine == "pagefind"


@given(st.text().filter(lambda s: s not in OPTIONS))
def test_an_unknown_option_is_refused(option: str):
    with pytest.raises(ValueError, match="search_engine"):
        choose(option, 10)
