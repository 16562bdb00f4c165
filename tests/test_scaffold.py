"""`factcheck new`: the file it writes holds exactly the text it was given."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.pipeline import check
from generator.scaffold import new_claim_file, yaml_string
from generator.settings import Settings

TODAY = dt.date(2026, 11, 23)


@given(st.text())
def test_yaml_string_reads_back_as_the_same_text(text):
    assert yaml.safe_load("value: " + yaml_string(text))["value"] == text


@given(st.text(st.characters(categories=["L", "M", "N", "P", "S", "Zs"], exclude_characters='"\\')))
def test_letters_of_every_script_stay_readable(text):
    """Dari, Cyrillic or emoji are written as they are, not as escapes to decode."""
    assert yaml_string(text) == f'"{text}"'


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40)
@given(claim=st.text(min_size=1, max_size=80), claimant=st.text(max_size=40))
def test_a_new_claim_file_holds_the_given_text_exactly(tmp_path, claim, claimant):
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # a fresh folder per example, replays too
    path = new_claim_file(Settings(claims_dir=folder), claim, claimant=claimant, claim_id="x",
                          today=TODAY)  # fmt: skip
    values = front_matter(path)
    assert values["claim"] == claim
    assert values["claimant"] == (claimant or "TODO: who made the claim")


def test_a_claim_with_an_emoji_and_a_flag_passes_the_check_as_a_draft(tmp_path):
    settings = Settings(claims_dir=tmp_path / "claims", today=TODAY, include_drafts=True)
    new_claim_file(settings, "Fighters 💪 hold the valley", claimant="Ahmad 🇦🇫 Massoud",
                   claim_id="emoji", today=TODAY)  # fmt: skip
    claims, problems = check(settings)
    assert [str(p) for p in problems] == []
    assert claims[0].claim == "Fighters 💪 hold the valley" and claims[0].draft


def test_a_claim_named_like_a_site_page_gets_another_id_from_the_cached_reserved_ids(
    tmp_path, monkeypatch
):
    """`new` asks the settings' digest cache for the reserved ids, as `check` does: a
    claim whose text would make the id of a listing page ("index") gets another."""
    from generator import rules

    settings = Settings(claims_dir=tmp_path / "claims", cache_dir=tmp_path / "cache")
    rules.reserved_ids.cache_clear()
    try:
        rules.reserved_ids(settings.cache_dir)  # a first process fills the cache
        rules.reserved_ids.cache_clear()
        monkeypatch.setattr(rules, "generated_paths", lambda: pytest.fail("the probe ran again"))
        path = new_claim_file(settings, "Index", claimant="A", claim_id=None, today=TODAY)
        assert path.name == "index-claim.md"
        with pytest.raises(ValueError, match="reserved for the site's own pages"):
            new_claim_file(settings, "x", claimant="A", claim_id="page", today=TODAY)
    finally:
        rules.reserved_ids.cache_clear()
