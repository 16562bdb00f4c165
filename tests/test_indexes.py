import datetime as dt
from collections import Counter

from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from generator.indexes import KINDS, build_indexes, filing, update_indexes
from generator.loader import load_claims
from generator.model import Claim
from generator.settings import Settings


def test_indexes_gather_every_kind(settings):
    ix = build_indexes(load_claims(settings).claims, settings)
    assert [c.id for c in ix.claims] == [
        "resistance-holds-positions",
        "taliban-conquered-panjshir",
        "isi-chief-in-kabul",
    ]  # newest claim date first, then title
    names = {kind: [e.name for e in entries] for kind, entries in ix.entries.items()}
    assert names["outlets"] == ["Example Blog", "Example Daily", "Example Wire"]
    assert names["places"] == ["Kabul", "Pakistan", "Panjshir"]
    assert [len(e.claims) for e in ix.entries["outlets"]] == [1, 2, 3]
    assert ix.entry("places", "Panjshir").url == "places/panjshir/"


def test_every_configured_verdict_has_an_entry_even_when_empty(settings):
    ix = build_indexes(load_claims(settings).claims, settings)
    counts = {e.name: len(e.claims) for e in ix.verdicts}
    assert counts == {"confirmed by multiple outlets": 1, "unverified": 1, "disputed": 1}
    assert ix.verdict_entry("confirmed by multiple outlets").url == (
        "verdicts/confirmed-by-multiple-outlets/"
    )


def test_related_links_show_on_both_sides(settings):
    ix = build_indexes(load_claims(settings).claims, settings)
    assert [c.id for c in ix.related["taliban-conquered-panjshir"]] == ["resistance-holds-positions"]
    assert [c.id for c in ix.related["resistance-holds-positions"]] == ["taliban-conquered-panjshir"]
    assert "isi-chief-in-kabul" not in ix.related


def test_outlets_record_how_they_carried_each_claim(settings):
    ix = build_indexes(load_claims(settings).claims, settings)
    wire = ix.entry("outlets", "Example Wire")
    assert wire.notes["isi-chief-in-kabul"] == "supports; origin of the report relayed by Example Blog"
    assert wire.notes["resistance-holds-positions"] == "reports"
    blog = ix.entry("outlets", "Example Blog")
    assert blog.notes == {"isi-chief-in-kabul": "supports, relaying Example Wire"}


def test_timeline_groups_by_day_oldest_first(settings):
    ix = build_indexes(load_claims(settings).claims, settings)
    assert [(d.isoformat(), [c.id for c in cs]) for d, cs in ix.days] == [
        ("2021-09-04", ["isi-chief-in-kabul"]),
        ("2021-09-06", ["resistance-holds-positions", "taliban-conquered-panjshir"]),
    ]


def _claim(claim_id, people, outlet="Wire"):
    return Claim.model_validate({
        "id": claim_id, "title": "T", "claim": "C", "claimant": "X",
        "claim_date": dt.date(2021, 9, 6), "verdict": "unverified",
        "sources": [{"outlet": outlet}], "people": people, "source_path": f"{claim_id}.md",
    })  # fmt: skip


def test_spellings_of_one_name_are_one_entry_shown_by_the_most_common(settings):
    claims = [_claim("a", ["Ahmad Massoud"]), _claim("b", ["AHMAD MASSOUD"]),
              _claim("c", ["Ahmad\u200bMassoud", "Ahmad Massoud"])]  # fmt: skip
    (entry, other) = build_indexes(claims, settings).entries["people"]
    assert entry.name == "Ahmad Massoud" and [c.id for c in entry.claims] == ["a", "b", "c"]
    assert other.name == "Ahmad\u200bMassoud"  # no space: another name


def test_adding_a_name_never_moves_another_entry(settings):
    before = build_indexes([_claim("a", ["Ahmad Massoud", "al-Qaeda"])], settings)
    after = build_indexes(
        [_claim("a", ["Ahmad Massoud", "al-Qaeda"]), _claim("b", ["AHMAD MASSOUD", "al Qaeda"])],
        settings,
    )
    for name in ("Ahmad Massoud", "al-Qaeda"):
        assert before.entry("people", name).url == after.entry("people", name).url
    assert [e.name for e in after.entries["people"]] == ["AHMAD MASSOUD", "al Qaeda"]  # ties: sorted


def test_any_spelling_finds_its_entry_where_names_are_compared(settings):
    """The claimant's inferred type looks names up with `in ix.lookup`."""
    ix = build_indexes([_claim("a", ["Ahmad Massoud"], outlet="Example Wire")], settings)
    assert ("outlets", "EXAMPLE\u200b WIRE") in ix.lookup
    assert ("people", "ahmad  massoud") in ix.lookup and ("people", "Massoud") not in ix.lookup
    assert ix.lookup.get(("people", "nobody")) is None


def test_long_names_in_any_script_give_short_page_paths(settings):
    """A 155-character Dari organisation or a 256-character person gave "File name too
    long": every generated path component now fits a file system with room to spare."""
    from generator.pages import PageBuilder

    # Past the loader's length limits on purpose: paths stay short whatever a caller passes.
    claim = _claim("a", []).model_copy(update={
        "people": ("P" * 256, "احمد " * 60), "organisations": ("سازمان " * 22,), "tags": ("t" * 300,),
    })  # fmt: skip
    ix = build_indexes([claim], settings)
    for page in PageBuilder(settings, ix).all_pages():
        assert all(len(part.encode()) <= 100 for part in page.path.split("/")), page.path


def test_the_narrow_questions_agree_with_the_entries(settings):
    """What pages ask instead of whole entries (a URL, whether a name is filed under a
    kind, a claim's related claims) says what the entries say, under any spelling."""
    ix = build_indexes(load_claims(settings).claims, settings)
    for kind in KINDS:
        for entry in ix.entries[kind]:
            for spelling in (entry.name, entry.name.upper(), f" {entry.name} "):
                assert ix.has_entry(kind, spelling) == ((kind, spelling) in ix.lookup)
            assert ix.entry_url(kind, entry.name) == entry.url and ix.has_entry(kind, entry.name)
    assert not ix.has_entry("people", "Nobody at all")
    for verdict in ix.verdicts:
        assert ix.verdict_url(verdict.name) == verdict.url
    for claim in ix.claims:
        assert ix.related_of(claim.id) == ix.related.get(claim.id, ())
    assert ix.related_of("no-such-claim") == ()


# --- updated in place under `serve` ------------------------------------------

_NAMES = ["Ahmad Massoud", "AHMAD MASSOUD", "Amrullah Saleh", "Wire", "WIRE", "Daily", "Kabul",
          "bbc"]  # fmt: skip
_TITLES = ["A", "a", "B", "Zed", "Ünder"]


@st.composite
def _claim_fields(draw: st.DrawFn, claim_id: str, ids: list[str]) -> dict[str, object]:
    """A claim with few names, titles and days, so that buckets, spellings and the
    title order within a day all collide often."""
    names = st.lists(st.sampled_from(_NAMES), max_size=3)
    source = st.fixed_dictionaries({
        "outlet": st.sampled_from(_NAMES), "quote": st.sampled_from(["q", "r"]),
        "stance": st.sampled_from(["supports", "disputes", "reports"]),
        "via": st.none() | st.sampled_from(_NAMES),
    })  # fmt: skip
    update = st.fixed_dictionaries({
        "date": st.just(dt.date(2021, 9, 4)), "note": st.just("n"),
        "kind": st.sampled_from(["update", "correction"]),
    })  # fmt: skip
    return {
        "id": claim_id, "title": draw(st.sampled_from(_TITLES)), "claim": draw(st.sampled_from(["C", "D"])),
        "claimant": "X", "claim_date": dt.date(2021, 9, draw(st.integers(1, 3))),
        "verdict": draw(st.sampled_from(["unverified", "disputed"])),
        "sources": draw(st.lists(source, min_size=1, max_size=3)),
        "people": draw(names), "places": draw(names), "organisations": draw(names),
        "tags": draw(names),
        "related": draw(st.lists(st.sampled_from(ids), max_size=2, unique=True)),
        "updated": draw(st.lists(update, max_size=2)),
        "source_path": f"{claim_id}.md",
    }  # fmt: skip


@st.composite
def _an_edit(draw: st.DrawFn) -> tuple[list[Claim], list[Claim]]:
    """Claims, then the same claims with some replaced by copies edited in one field
    each: some fields leave the claim filed as it was (title, claim text, a quote),
    the others file it elsewhere."""
    ids = [f"c{i}" for i in range(draw(st.integers(1, 8)))]
    before = [Claim.model_validate(draw(_claim_fields(i, ids))) for i in ids]
    after = list(before)
    for index in draw(st.lists(st.integers(0, len(ids) - 1), max_size=3, unique=True)):
        fields = before[index].model_dump(exclude={"key_lines"}, by_alias=True)
        fresh = draw(_claim_fields(ids[index], ids))
        field = draw(st.sampled_from([*fresh, "quote", "stance", "via", "outlet"]))
        if field in ("quote", "stance", "via", "outlet"):
            fields["sources"] = [{**s, field: fresh["sources"][0].get(field)} for s in fields["sources"]]
        else:
            fields[field] = fresh[field]
        after[index] = Claim.model_validate(fields)
    return before, after


def _whole(ix):
    """Everything of the indexes, the order of every list and mapping included."""
    return (ix, list(ix.by_id), {k: list(v) for k, v in ix.entries.items()}, sorted(ix.lookup.items()))


@given(_an_edit())
@hypothesis_settings(max_examples=300, deadline=None)
def test_updated_indexes_equal_indexes_built_afresh(edit):
    before, after = edit
    config = Settings(claims_dir=".", today=dt.date(2026, 1, 1))
    last = build_indexes(before, config)
    updated = update_indexes(last, before, after)
    refiled = any(filing(a) != filing(b) for a, b in zip(before, after))
    assert (updated is None) == refiled  # updated whenever every edit keeps its filing
    if updated is not None:
        assert _whole(updated) == _whole(build_indexes(after, config))
        assert all(updated.by_id[c.id] is c for c in after)  # the edited claims themselves


def test_an_edit_that_refiles_a_claim_or_a_different_list_builds_afresh(settings):
    claims = [_claim("a", ["Ahmad Massoud"]), _claim("b", ["Amrullah Saleh"])]
    last = build_indexes(claims, settings)
    renamed = [claims[0], claims[1].model_copy(update={"people": ("Ahmad Massoud",)})]
    assert update_indexes(last, claims, renamed) is None
    assert update_indexes(last, claims, claims[:1]) is None
    assert update_indexes(last, claims, [claims[1], claims[0]]) is None  # ids moved
    assert update_indexes(last, claims, list(claims)) is last


@given(_an_edit())
@hypothesis_settings(max_examples=100, deadline=None)
def test_the_tallies_count_the_claims(edit):
    claims = edit[1]
    config = Settings(claims_dir=".", today=dt.date(2026, 1, 1))
    ix = build_indexes(claims, config)
    tallies, names = ix.tallies, [v.name for v in config.verdicts]
    assert tallies.total == len(claims)
    assert tallies.verdicts == tuple(sum(c.verdict == name for c in claims) for name in names)
    assert tallies.days == tuple(sorted(Counter(c.claim_date for c in claims).items()))
    outlets = {e.name: e for e in ix.entries["outlets"]}
    assert sorted(t.name for t in tallies.outlets) == sorted(outlets)
    for tally in tallies.outlets:
        entry = outlets[tally.name]
        assert (tally.url, tally.total) == (entry.url, len(entry.claims))
        assert tally.counts == tuple(sum(c.verdict == name for c in entry.claims) for name in names)
    documented = sorted(tallies.outlets, key=lambda t: (-t.total, t.name.casefold(), t.name))
    assert list(tallies.outlets) == documented
