"""One test per kind of error a contributor can make, each naming file, line and field."""

import dataclasses
from pathlib import Path

import pytest

from conftest import TODAY, VALID_CLAIM, write_claim
from generator.loader import load_claims
from generator.settings import Settings


def problems_for(folder: Path, text: str, name: str = "claim.md", **settings) -> list[str]:
    write_claim(folder, name, text)
    result = load_claims(Settings(claims_dir=folder, today=TODAY, **settings))
    return [str(replace_path(p)) for p in result.problems]


def replace_path(problem):
    return dataclasses.replace(problem, path=Path(problem.path).name)


def replace(old: str, new: str) -> str:
    assert old in VALID_CLAIM
    return VALID_CLAIM.replace(old, new)


def test_a_valid_claim_loads_with_its_file_name_as_id(claims_dir):
    write_claim(claims_dir, "a-claim.md", VALID_CLAIM)
    result = load_claims(Settings(claims_dir=claims_dir, today=TODAY))
    assert result.problems == ()
    (claim,) = result.claims
    assert claim.id == "a-claim"
    assert claim.sources[0].stance == "reports"
    assert claim.body == "Why the verdict.\n"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("verdict: unverified\n", "", "claim.md:2: verdict: required field is missing"),
        ("claimant: Someone", "claimant: 1984", "claim.md:4: claimant: must be text"),
        ("title: A headline", "title: A headline\npeople: Ahmad Massoud",
         "claim.md:3: people: must be a list"),
        ("  - outlet: Example Wire\n", "  - headline: x\n",
         "claim.md:8: source 1, headline: unknown field"),
        ("  - outlet: Example Wire\n", "  - date: 2021\n", "claim.md:8: source 1, outlet: required field is missing"),
        ("title: A headline", "titel: A headline", "claim.md:2: titel: unknown field; did you mean 'title'?"),
        ("verdict: unverified", "verdict: false", "claim.md:6: verdict: must be text"),
        ("verdict: unverified", "verdict: mostly true",
         "claim.md:6: verdict: 'mostly true' is not a verdict of this site; use one of: "
         "'confirmed by multiple outlets', 'unverified', 'disputed'"),
        ("claim_date: 2021-09-06", "claim_date: 2021-02-30",
         "claim.md:5: claim_date: '2021-02-30' is not a real calendar date"),
        ("claim_date: 2021-09-06", "claim_date: 6 Sept 2021",
         "claim.md:5: claim_date: must be a date written YYYY-MM-DD"),
        ("claim_date: 2021-09-06", "claim_date: 2031-01-01", "claim.md:5: claim_date: 2031-01-01 is in the future"),
        ("title: A headline", "id: Not A Slug\ntitle: A headline", "claim.md:2: id: 'Not A Slug' is not a valid id"),
        ("    stance: reports", "    stance: reports\n    url: javascript:alert(1)",
         "claim.md:11: source 1, url: must be an http:// or https:// address"),
        ("    stance: reports", "    stance: reports\n    archive_url: ftp://x.org/a",
         "claim.md:11: source 1, archive_url: must be an http:// or https:// address"),
        ("    stance: reports", "    stance: maybe", "claim.md:10: source 1, stance: 'maybe' is not a stance; use one of"),
        ("    stance: reports", "    stance: suports", "claim.md:10: source 1, stance: 'suports' is not a stance; did you mean 'supports'?"),
        ("verdict: unverified", "verdict: Unverifed", "claim.md:6: verdict: 'Unverifed' is not a verdict of this site; did you mean 'unverified'?"),
        ("    stance: reports", "    stance: reports\n    date: 2021-13", "claim.md:11: source 1, date: '2021-13' is not a real"),
        ("sources:\n  - outlet: Example Wire\n    title: A report\n    stance: reports\n", "sources: []\n",
         "claim.md:7: sources: must list at least one source"),
        ("sources:\n  - outlet: Example Wire\n    title: A report\n    stance: reports\n",
         "sources: Example Wire\n", "claim.md:7: sources: must be a list"),
    ],
)
def test_each_error_names_file_line_and_field(claims_dir, old, new, expected):
    found = problems_for(claims_dir, replace(old, new))
    assert any(p.startswith(expected) for p in found), found


def test_all_problems_in_a_file_are_reported_at_once(claims_dir):
    text = replace("claimant: Someone\n", "").replace("verdict: unverified", "verdict: nope")
    found = problems_for(claims_dir, text)
    assert [p.split(": ")[1] for p in found] == ["claimant", "verdict"]


def test_a_file_name_that_is_not_an_id_needs_an_id(claims_dir):
    found = problems_for(claims_dir, VALID_CLAIM, name="My Claim.md")
    assert found == ["My Claim.md:1: id: the file name 'My Claim.md' is not a valid id; "
                     "rename it to at most 80 lowercase letters, digits and hyphens, or set 'id:'"]


def test_oversized_files_are_refused_before_reading(claims_dir):
    found = problems_for(claims_dir, VALID_CLAIM + "x" * 500, max_file_bytes=300)
    assert len(found) == 1 and "the limit is 300" in found[0]


def test_one_bad_file_does_not_hide_the_good_ones(claims_dir):
    write_claim(claims_dir, "good.md", VALID_CLAIM)
    write_claim(claims_dir, "bad.md", "no front matter")
    result = load_claims(Settings(claims_dir=claims_dir, today=TODAY))
    assert [c.id for c in result.claims] == ["good"]
    assert [p.field for p in result.problems] == ["front-matter"]


def test_claims_are_immutable(claims_dir):
    write_claim(claims_dir, "a.md", VALID_CLAIM)
    (claim,) = load_claims(Settings(claims_dir=claims_dir, today=TODAY)).claims
    with pytest.raises(Exception):
        claim.title = "changed"  # type: ignore[misc]
