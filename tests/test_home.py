"""The front page as a publication: masthead, verdict counts, fact-checks as cards,
featured claims from configuration, no empty sidebar."""

from __future__ import annotations

import dataclasses

import yaml
from bs4 import BeautifulSoup

from generator.indexes import build_indexes
from generator.loader import load_claims
from generator.pages import PageBuilder
from generator.settings import Settings


def home(settings: Settings) -> tuple[dict, BeautifulSoup]:
    ix = build_indexes(load_claims(settings).claims, settings)
    page = PageBuilder(settings, ix).home()
    meta = yaml.safe_load(page.meta.split("---\n")[1])
    return meta, BeautifulSoup(str(page.data), "html.parser")


def test_latest_fact_checks_are_cards_with_verdict_claim_claimant_and_date(settings):
    ix = build_indexes(load_claims(settings).claims, settings)
    _, soup = home(settings)
    cards = soup.select("ul.fc-cards[aria-label='Latest fact-checks'] > li.fc-card")
    assert len(cards) == min(len(ix.claims), settings.latest_count)
    for card, claim in zip(cards, ix.claims):
        assert card.select_one(".fc-badge").get_text(" ", strip=True).endswith(settings.verdict(claim.verdict).label)
        assert card.select_one("a")["href"] == f"claims/{claim.id}/"
        assert claim.claim in card.get_text()
        assert card.select_one("cite").get_text() == claim.claimant
        assert card.select_one("time")["datetime"] == claim.claim_date.isoformat()


def test_featured_claims_come_from_configuration_in_its_order(settings):
    chosen = ("isi-chief-in-kabul", "no-such-claim", "taliban-conquered-panjshir")
    _, soup = home(dataclasses.replace(settings, featured=chosen))
    links = [a["href"] for a in soup.select("ul[aria-label='Featured fact-checks'] .fc-card__title a")]
    assert links == ["claims/isi-chief-in-kabul/", "claims/taliban-conquered-panjshir/"]


def test_no_featured_section_without_configuration(settings):
    _, soup = home(settings)
    assert not soup.select("ul[aria-label='Featured fact-checks']")


def test_masthead_verdict_counts_and_no_sidebar(settings):
    with_logo = dataclasses.replace(settings, publisher_logo="https://example.org/logo.png")
    meta, soup = home(with_logo)
    assert soup.select_one(".fc-masthead h1").get_text() == "Test desk"
    assert soup.select_one(".fc-masthead img")["src"] == "https://example.org/logo.png"
    assert len(soup.select(".fc-verdict-strip .fc-counts li")) == 3
    assert set(meta["hide"]) == {"navigation", "toc"}
