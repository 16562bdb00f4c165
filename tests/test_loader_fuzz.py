"""Property-based: whatever a contributor writes, the loader accepts it or reports
problems; it never raises."""

from pathlib import Path

import yaml
from conftest import TODAY, VALID_CLAIM
from fuzz_support import library_words
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


# Fragments that make the YAML or the values go wrong in the ways contributors do.
HOSTILE = [": ", "\t", '"', "'", "[", "{", "]", "- ", "\n- ", "\n---\n", "\n...\n", "\n  ", "\n", "#",
           "\x07", "\\x07", '"\\u001b"', "\\0", "&a ", "*a ", "!!python/object ", "%", "@", "`", "?",
           "|\n", ">\n", "\ufeff", "\u202e", "\r\n", "title: x\n", "verdict: mostly true\n",
           "stance: suports\n", "2031-01-01", "0001-01-01", "TODO:", '""', "\\"]  # fmt: skip


def top_level_lines(raw: bytes) -> dict[str, int]:
    """The first line of each unindented `key:` in the front-matter."""
    found: dict[str, int] = {}
    lines = raw.decode("utf-8", "replace").replace("\r\n", "\n").split("\n")
    for number, line in enumerate(lines[1:], 2):
        if line.startswith("---"):
            break
        key = line.split(":", 1)[0]
        if ":" in line and key in KEYS:
            found.setdefault(key, number)
    return found


def assert_actionable(raw: bytes, problems) -> None:
    """Our words only, a field named, and the field's line whenever it is in the file."""
    keys = top_level_lines(raw)
    for problem in problems:
        assert not library_words(problem.message), problem
        assert problem.field.strip(), problem
        if problem.field not in ("file", "claims_dir"):
            assert problem.line is not None, problem
        if problem.field in keys and "written twice" not in problem.message:
            assert problem.line == keys[problem.field], (problem, keys)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    edits=st.lists(
        st.tuples(st.integers(min_value=0, max_value=len(VALID_CLAIM)), st.integers(0, 8),
                  st.sampled_from(HOSTILE) | st.text(max_size=4)),  # fmt: skip
        min_size=1, max_size=3,
    )
)
def test_every_message_is_ours_names_a_field_and_its_line(tmp_path, edits):
    text = VALID_CLAIM.replace("    stance: reports", '    stance: reports\n    quote: "a quote"\n    via: Wire')
    for position, cut, insert in edits:
        text = text[:position] + insert + text[position + cut:]
    raw = text.encode("utf-8", "surrogatepass")
    _, problems = load_text(tmp_path, raw)
    assert_actionable(raw, problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=front_matters)
def test_random_front_matter_gets_our_words_on_its_lines(tmp_path, data):
    raw = ("---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\nBody\n").encode()
    _, problems = load_text(tmp_path, raw)
    assert_actionable(raw, problems)
