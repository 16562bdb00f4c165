"""Identity of names: every spelling that compares equal is one entity everywhere."""

import datetime as dt
import unicodedata

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.indexes import build_indexes
from generator.model import Claim
from generator.names import display_names, identity_key, spelling_groups
from generator.rules import check_confirmation, check_warnings
from generator.settings import Settings

CONFIG = Settings(claims_dir=".", today=dt.date(2026, 1, 1))
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u00ad", "\u202a"]
# Spaces a one-line name may hold (the loader refuses tabs and line breaks in names).
SPACES = [" ", "  ", "\u00a0", "\u3000", "\u2009"]
BASE = st.text(
    st.characters(whitelist_categories=("Lu", "Ll", "Lo", "Nd")), min_size=1, max_size=20
).flatmap(lambda first: st.lists(st.text(
    st.characters(whitelist_categories=("Lu", "Ll", "Lo", "Nd")), min_size=1, max_size=12
), max_size=3).map(lambda rest: " ".join([first, *rest])))


@st.composite
def variant(draw: st.DrawFn, name: str) -> str:
    """`name` with random case changes, compatibility forms, invisible characters and
    other whitespace: a spelling a copy-paste from another source could produce."""
    out = []
    for char in name:
        if char == " ":
            out.append(draw(st.sampled_from(SPACES)))
            continue
        upper = char.upper()
        if draw(st.booleans()) and upper.casefold() == char.casefold():
            char = upper
        if draw(st.booleans()):
            char = unicodedata.normalize("NFKD", char)
        out.append(char)
        if draw(st.integers(0, 4)) == 0:
            out.append(draw(st.sampled_from(INVISIBLE)))
    return "".join(out)


def claim(claim_id: str, sources: list[dict[str, str]], **fields: object) -> Claim:
    return Claim.model_validate({
        "id": claim_id, "title": "T", "claim": "C", "claimant": "X",
        "claim_date": dt.date(2021, 9, 6), "verdict": "unverified", "sources": sources,
        "source_path": f"{claim_id}.md", **fields,
    })  # fmt: skip


def test_identity_key_ignores_case_compatibility_forms_invisibles_and_spacing():
    assert identity_key("Ahmad  Massoud") == identity_key("AHMAD MASSOUD")
    assert identity_key("Ahmad\u200b Massoud") == identity_key("ahmad massoud")
    assert identity_key("Ｒｅｕｔｅｒｓ") == identity_key("reuters")
    assert identity_key("\u202bاحمد\u202c مسعود") == identity_key("احمد مسعود")
    assert identity_key("al-Qaeda") == identity_key("Al \u2013 Qaeda") == "al qaeda"
    assert identity_key("Ahmad Massoud") != identity_key("Ahmad Masood")
    assert identity_key("Ahmad\t Massoud\n") == identity_key("Ahmad, Massoud.") == "ahmad massoud"
    assert identity_key("UNI (United News of India)") == "uni united news of india"


def test_the_displayed_spelling_is_the_most_common_then_the_first_sorted():
    assert display_names(["AHMAD MASSOUD", "Ahmad Massoud", "Ahmad Massoud"]) == {
        "ahmad massoud": "Ahmad Massoud"
    }
    assert display_names(["b", "B"]) == display_names(["B", "b"]) == {"b": "B"}


def test_spelling_groups_list_only_names_spelt_several_ways():
    assert spelling_groups(["A", "a", "B", "B"]) == {"a": ["A", "a"]}


@settings(max_examples=150, deadline=None)
@given(st.data(), BASE)
def test_variants_of_a_name_index_to_one_entry_and_count_as_one_origin(data, name):
    spellings = data.draw(st.lists(variant(name), min_size=1, max_size=4))
    assume(all(s.strip() for s in spellings))
    assert {identity_key(s) for s in spellings} == {identity_key(name)}
    claims = [
        claim(f"c{i}", [{"outlet": s, "stance": "supports"}, {"outlet": "Other", "via": s}],
              people=[s], tags=[s, name])  # fmt: skip
        for i, s in enumerate(spellings)
    ]
    ix = build_indexes(claims, CONFIG)
    for kind in ("people", "tags"):
        (entry,) = ix.entries[kind]
        assert len(entry.claims) == len(claims)
        assert all(ix.entry(kind, s) is entry for s in [name, *spellings])
    outlets = {e.name for e in ix.entries["outlets"]}
    assert len(outlets) == 2 and "Other" in outlets
    assert len({ix.entry("outlets", s).url for s in spellings}) == 1
    # All supporting sources of one claim, every spelling: still one origin.
    one = claim("x", [{"outlet": s, "stance": "supports"} for s in spellings]
                + [{"outlet": "Relay", "via": spellings[-1], "stance": "supports"}])
    (problem,) = check_confirmation(one, 2)
    assert "origins found: " in problem.message and "," not in problem.message.split("found: ")[1]
    warned = check_warnings(claims, CONFIG)
    assert bool(warned) == any(s != name for s in spellings)  # tags hold `name` too


NAME_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)


@settings(max_examples=400, deadline=None)
@given(NAME_TEXT, st.sampled_from(["NFC", "NFD", "NFKC", "NFKD"]), st.data())
def test_equivalent_spellings_share_one_key_and_a_key_is_its_own_key(text, form, data):
    """The class behind "ΐ" and "Ϊ́" once keying apart: any Unicode-equivalent spelling,
    with an invisible character anywhere, folds to one key, and folding is done once."""
    at = data.draw(st.integers(0, len(text)))
    invisible = data.draw(st.sampled_from(INVISIBLE))
    spelt = unicodedata.normalize(form, text)
    key = identity_key(text)
    assert identity_key(spelt) == key
    assert identity_key(spelt[:at] + invisible + spelt[at:]) == key
    assert identity_key(key) == key


def test_greek_letters_with_two_marks_key_as_one():
    assert identity_key("ΐ") == identity_key("Ϊ́\u200b") == identity_key("ι\u0308\u0301")
