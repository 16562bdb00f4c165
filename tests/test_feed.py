import datetime as dt

import feedparser

from generator.feed import atom_feed, change_order, latest_changes
from generator.loader import load_claims


def test_atom_feed_parses_newest_change_first(settings):
    claims = load_claims(settings).claims
    parsed = feedparser.parse(atom_feed(claims, settings))
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "atom10"
    titles = [e.title for e in parsed.entries]
    assert titles[0] == "Disputed: Taliban say Panjshir was \"completely conquered\""  # updated 2021-09-12
    entry = parsed.entries[0]
    assert entry.tags[0].term == "disputed"
    assert "Zabihullah Mujahid" in entry.summary
    assert entry.updated.startswith("2021-09-12")


def test_hostile_text_stays_text_in_the_feed(settings):
    claims = load_claims(settings).claims
    evil = claims[0].model_copy(update={"title": "</title><script>alert(1)</script>", "summary": "]]> &"})
    parsed = feedparser.parse(atom_feed([evil], settings))
    assert not parsed.bozo
    assert parsed.entries[0].title.endswith("</title><script>alert(1)</script>")


def test_feed_size_is_capped(settings):
    from dataclasses import replace

    claims = load_claims(settings).claims
    parsed = feedparser.parse(atom_feed(claims, replace(settings, feed_size=2)))
    assert len(parsed.entries) == 2


from hypothesis import given  # noqa: E402
from hypothesis import settings as hsettings
from hypothesis import strategies as st


@hsettings(max_examples=80, deadline=None)
@given(st.text(max_size=30))  # any code point, surrogates and YAML-escaped controls too
def test_any_text_gives_a_well_formed_feed(text: str):
    import xml.etree.ElementTree as ET
    from pathlib import Path

    from generator.settings import Settings

    settings = Settings(claims_dir=Path(__file__).parent / "fixtures" / "claims", site_name=text or "x")
    claim = load_claims(settings).claims[0].model_copy(update={"title": text, "claimant": text})
    xml = atom_feed([claim], settings)
    ET.fromstring(xml)  # well-formed, whatever the text
    assert not feedparser.parse(xml).bozo


@st.composite
def _claims_and_a_subset(draw: st.DrawFn):
    """Claims whose last changes, claim dates and publication dates collide often, and
    some of them (as an entry's claims are some of the site's), in any order."""
    from generator.model import Claim

    day = st.integers(1, 4).map(lambda n: dt.date(2021, 9, n))
    update = st.fixed_dictionaries({"date": day, "note": st.just("n")})
    claims = [
        Claim.model_validate({
            "id": f"c{n}", "title": "T", "claim": "C", "claimant": "X", "claim_date": draw(day),
            "verdict": "disputed", "sources": [{"outlet": "O"}], "source_path": f"c{n}.md",
            "published": draw(st.none() | day), "updated": draw(st.lists(update, max_size=2)),
        })
        for n in range(draw(st.integers(0, 12)))
    ]
    shuffled = draw(st.permutations(claims))
    return claims, shuffled[: draw(st.integers(0, len(claims)))]


@hsettings(max_examples=150, deadline=None)
@given(_claims_and_a_subset(), st.integers(0, 14))
def test_one_order_of_every_claim_chooses_each_subsets_latest_alike(drawn, count: int):
    """The entry feeds of a build choose their latest claims by one order of all the
    claims; each must get what sorting its own claims gives, ties and all."""
    claims, subset = drawn
    order = change_order(claims)
    assert latest_changes(subset, count, order) == latest_changes(subset, count)
    assert sorted(order.values()) == list(range(len(claims)))
