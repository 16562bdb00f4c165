import pytest

from conftest import TODAY, VALID_CLAIM, write_claim
from generator.loader import load_claims
from generator.model import Source
from generator.rules import RelayLoop, check_claims, origin
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
        "a.md:2: related[0]: a claim cannot be related to itself",
        "a.md:2: related[1]: no claim has the id 'ghost'",
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


def test_relay_chains_are_followed(claims_dir):
    text = sources(
        "{outlet: Blog, via: Paper, stance: supports}",
        "{outlet: Paper, via: Wire, stance: supports}",
        "{outlet: Wire, stance: supports}",
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
    assert run(claims_dir, {"c.md": text}) == ["c.md:8: sources[0].via: 'via' goes round in a loop: A -> A"]


def test_relay_loops_are_errors_whatever_the_verdict(claims_dir):
    text = sources("{outlet: A, via: B}", "{outlet: B, via: A}").replace(
        "confirmed by multiple outlets", "unverified"
    )
    found = run(claims_dir, {"c.md": text})
    assert found == [
        "c.md:8: sources[0].via: 'via' goes round in a loop: A -> B -> A",
        "c.md:9: sources[1].via: 'via' goes round in a loop: B -> A -> B",
    ]


def test_origin_of_a_direct_report_is_its_outlet():
    direct = Source(outlet="A")
    assert origin(direct, [direct]) == "A"
    with pytest.raises(RelayLoop):
        origin(Source(outlet="A", via="A"), [])


def test_ids_of_the_sites_own_pages_are_reserved(claims_dir):
    (problem,) = run(claims_dir, {"page.md": VALID_CLAIM})
    assert problem == "page.md:1: id: 'page' is reserved for the site's own pages; choose another id"
