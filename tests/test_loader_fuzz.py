"""Property-based: whatever a contributor writes, the loader accepts it or reports
problems; it never raises."""

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import TODAY, VALID_CLAIM
from generator.loader import load_claim
from generator.settings import Settings

SETTINGS = Settings(claims_dir=Path("."), today=TODAY)
KEYS = ["id", "title", "claim", "claimant", "claim_date", "verdict", "sources", "summary",
        "people", "places", "organisations", "tags", "related", "published", "updated",
        "outlet", "stance", "via", "url", "date", "note", "titel"]  # fmt: skip

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
    st.text(max_size=30), st.dates().map(str), st.sampled_from(["disputed", "2021-02-30", "https://x.org", "javascript:x"]),
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)
    ),
    max_leaves=12,
)
front_matters = st.dictionaries(st.sampled_from(KEYS), values, max_size=10)


def load_text(tmp_path: Path, raw: bytes):
    path = tmp_path / "claim.md"
    path.write_bytes(raw)
    claim, problems = load_claim(path, SETTINGS)
    assert (claim is None) == bool(problems)
    for problem in problems:
        assert problem.field and problem.message
    return claim, problems


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=front_matters, body=st.text(max_size=200))
def test_random_front_matter_is_accepted_or_reported(tmp_path, data, body):
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n" + body
    load_text(tmp_path, text.encode("utf-8"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    position=st.integers(min_value=0, max_value=len(VALID_CLAIM.encode())),
    cut=st.integers(min_value=0, max_value=20),
    insert=st.binary(max_size=12),
)
def test_mutated_claim_files_are_accepted_or_reported(tmp_path, position, cut, insert):
    raw = VALID_CLAIM.encode()
    load_text(tmp_path, raw[:position] + insert + raw[position + cut:])
