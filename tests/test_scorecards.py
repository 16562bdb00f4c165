"""Scorecards on person and outlet pages: counts and shares of the claims checked, the
number checked, a link to how claims are chosen and the one-line caution."""

from __future__ import annotations

import re
from dataclasses import replace

from conftest import FIXTURE_CLAIMS, TODAY
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from generator.indexes import build_indexes
from generator.model import Claim, ClaimFrontMatter
from generator.pages import PageBuilder
from generator.settings import DEFAULT_VERDICTS, Settings

NAMES = tuple(v.name for v in DEFAULT_VERDICTS)
SETTINGS = Settings(claims_dir=FIXTURE_CLAIMS, today=TODAY, site_name="Test desk",
                    policy_pages=(("claimSelection", "choosing-claims/"),))  # fmt: skip


def _claim(index: int, verdict: str) -> Claim:
    front = ClaimFrontMatter.model_validate(
        {"title": f"t{index}", "claim": "c", "claimant": "p", "claim_date": "2021-09-01",
         "verdict": verdict, "people": ["Jane Doe"], "published": "2021-09-02",
         "sources": [{"outlet": "Wire", "title": "x", "stance": "disputes" if verdict == "disputed" else "reports"}]},
    )  # fmt: skip
    return Claim.model_construct(**{**dict(front), "id": f"c{index}"}, body="", source_path="", key_lines={})


def _scorecard(verdicts: list[str], kind: str, settings: Settings = SETTINGS) -> str:
    claims = [_claim(i, v) for i, v in enumerate(verdicts)]
    ix = build_indexes(claims, settings)
    name = "Jane Doe" if kind == "people" else "Wire"
    page = str(next(PageBuilder(settings, ix).entry_page(kind, ix.entry(kind, name))).data)
    return page[page.index('<section class="fc-scorecard"'):page.index("</section>")]


@hsettings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(NAMES), min_size=1, max_size=30), st.sampled_from(["people", "outlets"]))
def test_counts_and_shares_add_up_to_the_claims_checked(verdicts: list[str], kind: str):
    card = _scorecard(verdicts, kind)
    total = len(verdicts)
    assert f"Scorecard: {total} {'claim' if total == 1 else 'claims'} checked" in card
    rows = re.findall(r"\s(\d+) of (\d+) \((\d+)%\)</li>", card)
    assert len(rows) == len(NAMES)
    assert [int(n) for n, _, _ in rows] == [verdicts.count(v) for v in NAMES]
    assert all(int(of) == total for _, of, _ in rows)
    for n, _, share in rows:
        assert int(share) == round(100 * int(n) / total)


def test_the_card_links_how_claims_are_chosen_and_cautions_the_reader():
    card = _scorecard(["disputed", "unverified"], "people")
    assert '<a href="../../choosing-claims/">how claims are chosen</a>' in card
    assert "measures this selection of claims, not a person’s honesty" in card
    assert "not an outlet’s honesty" in _scorecard(["disputed"], "outlets")
    assert "how claims are chosen" not in _scorecard(["disputed"], "people", replace(SETTINGS, policy_pages=()))


def test_only_people_and_outlets_get_a_scorecard():
    claims = [_claim(0, "disputed")]
    ix = build_indexes(claims, SETTINGS)
    for kind in ("verdicts", "places", "organisations", "tags"):
        for entry in (ix.verdicts if kind == "verdicts" else ix.entries[kind]):
            page = str(next(PageBuilder(SETTINGS, ix).entry_page(kind, entry)).data)
            assert "fc-scorecard" not in page
