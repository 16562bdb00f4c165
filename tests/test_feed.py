import feedparser

from generator.feed import atom_feed
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
