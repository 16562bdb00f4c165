import pytest
from conftest import TODAY, VALID_CLAIM, write_claim
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from generator import digest_cache, rules
from generator.loader import load_claims
from generator.model import Source
from generator.rules import (
    MAX_ID_LENGTH,
    RelayLoop,
    check_claims,
    check_warnings,
    featured_problems,
    generated_paths,
    id_problem,
    origin,
    reserved_ids,
)
from generator.settings import Settings

CONFIRMED = VALID_CLAIM.replace("verdict: unverified", "verdict: confirmed by multiple outlets")


def run(folder, files: dict[str, str]) -> list[str]:
    for name, text in files.items():
        write_claim(folder, name, text)
    settings = Settings(claims_dir=folder, today=TODAY)
    result = load_claims(settings)
    assert result.problems == ()
    return [f"{p.path.split('/')[-1]}:{p.line}: {p.field}: {p.message}"
            for p in check_claims(result.claims, settings)]  # fmt: skip


def sources(*lines: str) -> str:
    block = "sources:\n" + "".join(f"  - {line}\n" for line in lines)
    return CONFIRMED.replace(
        "sources:\n  - outlet: Example Wire\n    title: A report\n    stance: reports\n", block
    )


def test_duplicate_ids_name_both_files(claims_dir):
    text = VALID_CLAIM.replace("title:", "id: same\ntitle:", 1)
    (problem,) = run(claims_dir, {"a.md": text, "b.md": text})
    assert problem.startswith("b.md:2: id: 'same' is already the id of ")
    assert problem.endswith("a.md")


def test_related_ids_must_exist_and_not_be_self(claims_dir):
    text = VALID_CLAIM.replace("title:", "related: [a, ghost]\ntitle:", 1)
    found = run(claims_dir, {"a.md": text})
    assert found == [
        "a.md:2: related claim 1: a claim cannot be related to itself",
        "a.md:2: related claim 2: no claim has the id 'ghost'",
    ]


def test_confirmation_needs_two_supporting_origins(claims_dir):
    text = sources("{outlet: A, stance: supports}", "{outlet: B, stance: reports}")
    (problem,) = run(claims_dir, {"c.md": text})
    assert problem.startswith("c.md:6: verdict: 'confirmed by multiple outlets' needs at least 2")
    assert problem.endswith("origins found: A")


def test_a_relay_counts_as_its_origin_not_as_a_second_outlet(claims_dir):
    text = sources("{outlet: A, stance: supports}", "{outlet: B, via: A, stance: supports}")
    (problem,) = run(claims_dir, {"c.md": text})
    assert problem.endswith("origins found: A")


# The chain is followed whatever the case of a `via` (names compare by identity key).
@pytest.mark.parametrize(("first_via", "origin_spelling"), [("Paper", "Wire"), ("paper", "WIRE")])
def test_relay_chains_are_followed(claims_dir, first_via, origin_spelling):
    text = sources(
        f"{{outlet: Blog, via: {first_via}, stance: supports}}",
        "{outlet: Paper, via: Wire, stance: supports}",
        f"{{outlet: {origin_spelling}, stance: supports}}",
    )
    assert run(claims_dir, {"c.md": text})[0].endswith("origins found: Wire")


def test_two_independent_origins_confirm(claims_dir):
    text = sources("{outlet: A, stance: supports}", "{outlet: B, via: C, stance: supports}")
    assert run(claims_dir, {"c.md": text}) == []


def test_outlets_configured_as_one_origin_count_once(claims_dir):
    text = sources("{outlet: A, stance: supports}", "{outlet: A2, stance: supports}")
    write_claim(claims_dir, "c.md", text)
    settings = Settings(claims_dir=claims_dir, today=TODAY, same_origin=(("A", "A2"),))
    (problem,) = check_claims(load_claims(settings).claims, settings)
    assert problem.message.endswith("origins found: A")
    text = sources("{outlet: A, stance: supports}", "{outlet: B, via: A2, stance: supports}")
    write_claim(claims_dir, "c.md", text)
    assert check_claims(load_claims(settings).claims, settings)[0].message.endswith("origins found: A")


def test_an_outlet_relaying_itself_is_an_error(claims_dir):
    text = sources("{outlet: A, via: A, stance: supports}", "{outlet: B, stance: supports}")
    assert run(claims_dir, {"c.md": text}) == ["c.md:8: source 1, via: 'via' goes round in a loop: A -> A"]


def test_relay_loops_are_errors_whatever_the_verdict(claims_dir):
    text = sources("{outlet: A, via: B}", "{outlet: B, via: A}").replace(
        "confirmed by multiple outlets", "unverified"
    )
    found = run(claims_dir, {"c.md": text})
    assert found == [
        "c.md:8: source 1, via: 'via' goes round in a loop: A -> B -> A",
        "c.md:9: source 2, via: 'via' goes round in a loop: B -> A -> B",
    ]


def test_origin_of_a_direct_report_is_its_outlet():
    direct = Source(outlet="A")
    assert origin(direct, [direct]) == "A"
    with pytest.raises(RelayLoop):
        origin(Source(outlet="A", via="A"), [])


def test_ids_of_the_sites_own_pages_are_reserved(claims_dir):
    (problem,) = run(claims_dir, {"page.md": VALID_CLAIM})
    assert problem == "page.md:1: id: 'page' is reserved for the site's own pages; choose another id"


def test_an_outlet_spelt_two_ways_is_one_origin(claims_dir):
    text = sources(
        "{outlet: Reuters, stance: supports}", "{outlet: \"REU\\u200bTERS \", stance: supports}"
    )
    (problem,) = run(claims_dir, {"c.md": text})
    assert problem.endswith("origins found: Reuters")


def test_a_loop_through_another_spelling_is_still_a_loop(claims_dir):
    text = sources("{outlet: A, via: a, stance: supports}", "{outlet: B, stance: supports}")
    assert run(claims_dir, {"c.md": text}) == ["c.md:8: source 1, via: 'via' goes round in a loop: A -> a"]


def test_same_origin_groups_compare_identity_keys(claims_dir):
    text = sources("{outlet: a, stance: supports}", "{outlet: \"a 2\", stance: supports}")
    write_claim(claims_dir, "c.md", text)
    settings = Settings(claims_dir=claims_dir, today=TODAY, same_origin=(("A", "A  2"),))
    (problem,) = check_claims(load_claims(settings).claims, settings)
    assert problem.message.endswith("origins found: A")


def test_two_spellings_of_one_name_warn_with_both_spellings_and_files(claims_dir):
    write_claim(claims_dir, "a.md", VALID_CLAIM.replace("title:", "people: [Ahmad Massoud]\ntitle:", 1))
    write_claim(claims_dir, "b.md", VALID_CLAIM.replace("title:", "people: [Ahmad Massoud]\ntitle:", 1))
    write_claim(claims_dir, "c.md", VALID_CLAIM.replace("title:", "people: [x, AHMAD MASSOUD]\ntitle:", 1))
    settings = Settings(claims_dir=claims_dir, today=TODAY)
    claims = load_claims(settings).claims
    assert check_claims(claims, settings) == []
    (warning,) = check_warnings(claims, settings)
    assert (warning.path.split("/")[-1], warning.line, warning.field) == ("c.md", 2, "person 2")
    assert "'AHMAD MASSOUD' and 'Ahmad Massoud' are the same person" in warning.message
    assert "a.md" in warning.message and "b.md" in warning.message and "c.md" in warning.message


def test_outlet_spellings_warn_across_outlet_and_via(claims_dir):
    write_claim(claims_dir, "a.md", sources("{outlet: A, stance: supports}", "{outlet: B, via: wire}"))
    write_claim(claims_dir, "b.md", VALID_CLAIM.replace("Example Wire", "Wire"))
    settings = Settings(claims_dir=claims_dir, today=TODAY)
    (warning,) = check_warnings(load_claims(settings).claims, settings)
    assert (warning.path.split("/")[-1], warning.line, warning.field) == ("a.md", 9, "source 2, via")
    assert warning.message.startswith("'wire' and 'Wire' are the same outlet")


def test_spellings_of_one_name_in_different_kinds_do_not_warn(claims_dir):
    """A person and a place may share a name written two ways: different pages."""
    write_claim(claims_dir, "a.md", VALID_CLAIM.replace("title:", "people: [Panjshir]\ntitle:", 1))
    write_claim(claims_dir, "b.md", VALID_CLAIM.replace("title:", "places: [PANJSHIR]\ntitle:", 1))
    settings = Settings(claims_dir=claims_dir, today=TODAY)
    claims = load_claims(settings).claims
    assert len(claims) == 2 and check_warnings(claims, settings) == []
    write_claim(claims_dir, "c.md", VALID_CLAIM.replace("title:", "places: [Panjshir]\ntitle:", 1))
    (warning,) = check_warnings(load_claims(settings).claims, settings)
    assert "are the same place" in warning.message


def test_one_spelling_everywhere_gives_no_warning(settings):
    assert check_warnings(load_claims(settings).claims, settings) == []


def test_ids_that_would_replace_a_generated_page_are_refused(claims_dir):
    text = VALID_CLAIM.replace("title:", "id: index\ntitle:", 1)
    (problem,) = run(claims_dir, {"a.md": text})
    assert problem == "a.md:2: id: 'index' is reserved for the site's own pages; choose another id"


def test_the_reserved_ids_are_what_the_site_generates_under_claims():
    assert {"index", "page", "explorer"} <= reserved_ids()
    assert {"claims/index.md", "claims/page/2/index.md", "claims/explorer.json"} <= GENERATED
    assert not any(p.startswith("claims/probe-") for p in GENERATED)


@pytest.fixture
def fresh_reserved_ids():
    """`reserved_ids` as a new process finds it, and as the other tests expect it after."""
    rules.reserved_ids.cache_clear()
    yield rules.reserved_ids
    rules.reserved_ids.cache_clear()


def test_the_reserved_ids_are_kept_for_the_codes_digest(tmp_path, monkeypatch, fresh_reserved_ids):
    """A later process reads them from the digest cache without rendering the probe's
    site; code with another digest renders it again."""
    first = fresh_reserved_ids(tmp_path)
    assert first == {p.split("/")[1].split(".")[0] for p in GENERATED if p.startswith("claims/")}
    assert [p.name.split("-")[:2] for p in tmp_path.iterdir()] == [["reserved", "ids"]]
    fresh_reserved_ids.cache_clear()
    monkeypatch.setattr(rules, "generated_paths", lambda: pytest.fail("the probe ran again"))
    assert fresh_reserved_ids(tmp_path) == first
    fresh_reserved_ids.cache_clear()
    monkeypatch.setattr(digest_cache, "code_version", lambda: "other-code")
    probed = frozenset({"claims/fresh.md", "about.md"})
    monkeypatch.setattr(rules, "generated_paths", lambda: probed)
    assert fresh_reserved_ids(tmp_path) == {"fresh"}
    # `check` asks the settings' cache: here it holds "fresh", and the probe may not run.
    monkeypatch.setattr(rules, "generated_paths", lambda: pytest.fail("the probe ran again"))
    fresh_reserved_ids.cache_clear()
    path = write_claim(tmp_path, "fresh.md", VALID_CLAIM)
    (claim,) = load_claims(Settings(claims_dir=tmp_path), [path]).claims
    (problem,) = rules.check_claims([claim], Settings(claims_dir=tmp_path, cache_dir=tmp_path))
    assert problem.field == "id"
    assert problem.message == "'fresh' is reserved for the site's own pages; choose another id"


def test_ids_too_long_for_a_file_name_are_refused():
    assert id_problem("a" * MAX_ID_LENGTH) is None
    assert "limit is" in id_problem("a" * 300)
    assert "not a valid id" in id_problem("Not An Id")


GENERATED = generated_paths()
IDS = st.one_of(
    st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True),
    st.sampled_from(sorted({p.split("/")[1].split(".")[0] for p in GENERATED if "/" in p})),
)


@hsettings(max_examples=300, deadline=None)
@given(IDS)
def test_no_accepted_id_collides_with_a_generated_page(claim_id):
    if id_problem(claim_id) is not None:
        return
    path, url = f"claims/{claim_id}.md", f"claims/{claim_id}/"
    for other in GENERATED:
        assert other != path
        assert not other.startswith(url), other
        assert other.split(".")[0] != f"claims/{claim_id}"


slugs = st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)


@given(st.sets(slugs, max_size=8), st.lists(slugs, max_size=6))
def test_featured_problems_name_exactly_the_ids_that_are_not_claims(ids, featured):
    problems = featured_problems(ids, featured, "mkdocs.yml")
    assert [p.message.split("'")[1] for p in problems] == [f for f in featured if f not in ids]
    assert all(p.path == "mkdocs.yml" and p.field == "featured" for p in problems)
    assert all(("did you mean" in p.message) or ("use one of" in p.message) for p in problems)


def test_a_featured_id_like_no_claim_never_lists_a_large_sites_ids():
    ids = [f"claim-{n}" for n in range(1000)]
    [problem] = featured_problems(ids, ["zzzz"], "mkdocs.yml")
    assert "no claim has an id like it" in problem.message and "claim-1" not in problem.message
