"""Corrections as data: the `kind`/`from` of update entries, the claim page's box, the
corrections log, the ClaimReview's CorrectionComments and the feeds' marks."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import feedparser
import pytest
from conftest import VALID_CLAIM, write_claim
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from pydantic import ValidationError

from generator.corrections import all_corrections, claim_corrections, correction_comments
from generator.feed import atom_feed
from generator.feeds import json_feed
from generator.indexes import build_indexes
from generator.loader import load_claim, load_claims
from generator.model import Claim, ClaimFrontMatter, Update
from generator.pages import PageBuilder
from generator.settings import DEFAULT_VERDICTS
from generator.structured_data import claim_review

VERDICTS = tuple(v.name for v in DEFAULT_VERDICTS)
CORRECTED = VALID_CLAIM.replace("---\nWhy", """\
published: 2021-09-07
updated:
  - date: 2021-09-08
    note: Added a source.
  - date: 2021-09-10
    note: The date of the second report was wrong.
    kind: correction
  - date: 2021-09-12
    note: A second outlet confirmed the claim.
    kind: verdict-change
    from: disputed
---
Why""", 1)


def _update(**data: object) -> Update:
    return Update.model_validate(data, context={"verdicts": VERDICTS})


def test_kind_defaults_to_update_and_from_is_read_from_the_file():
    assert _update(date="2021-09-08", note="x").kind == "update"
    change = _update(date="2021-09-08", note="x", kind="verdict-change", **{"from": "disputed"})
    assert change.previous == "disputed" and change.is_correction


# Printable one-line text: other values are refused earlier, as any one-line field's are.
@given(st.text(st.characters(categories=["L", "N", "P", "Zs"]), min_size=1, max_size=40)
       .filter(lambda s: s.strip() == s))  # fmt: skip
def test_from_must_be_one_of_the_sites_verdicts(name: str):
    data = {"date": "2021-09-08", "note": "x", "kind": "verdict-change", "from": name}
    if name in VERDICTS:
        assert _update(**data).previous == name
    else:
        with pytest.raises(ValidationError, match="not a verdict of this site"):
            _update(**data)


@pytest.mark.parametrize(("extra", "message"), [
    ({"kind": "verdict-change"}, "needs 'from:'"),
    ({"kind": "correction", "from": "disputed"}, "only to kind: verdict-change"),
    ({"kind": "update", "from": "disputed"}, "only to kind: verdict-change"),
    ({"kind": "erratum"}, "'erratum' is not a kind of update; use one of: 'update', 'correction'"),
    ({"kind": "corection"}, "did you mean 'correction'"),
])  # fmt: skip
def test_kind_and_from_must_agree(extra: dict, message: str):
    with pytest.raises(ValidationError, match=message):
        _update(date="2021-09-08", note="x", **extra)


def test_a_bad_from_is_reported_with_its_file_line_and_human_field(claims_dir, settings):
    from dataclasses import replace

    text = CORRECTED.replace("from: disputed", "from: refuted")
    path = write_claim(claims_dir, "c.md", text)
    claim, problems = load_claim(path, replace(settings, claims_dir=claims_dir))
    assert claim is None
    # the field's wording is the loader's (`field_label`); the line is the `from:` line
    assert [p.line for p in problems] == [text.splitlines().index("    from: refuted") + 1]
    assert "from" in problems[0].field
    assert "'refuted' is not a verdict of this site" in problems[0].message


def _claim(claims_dir, settings, text: str = CORRECTED, name: str = "c.md") -> Claim:
    from dataclasses import replace

    claim, problems = load_claim(write_claim(claims_dir, name, text), replace(settings, claims_dir=claims_dir))
    assert not problems and claim is not None
    return claim


def test_claim_corrections_are_the_non_updates_newest_first(claims_dir, settings):
    claim = _claim(claims_dir, settings)
    assert [u.kind for u in claim_corrections(claim)] == ["verdict-change", "correction"]


updates = st.lists(
    st.builds(
        lambda day, kind: {"date": dt.date(2021, 9, 1) + dt.timedelta(days=day), "note": "n",
                           "kind": kind, **({"from": "disputed"} if kind == "verdict-change" else {})},
        st.integers(0, 60), st.sampled_from(["update", "correction", "verdict-change"]),
    ), max_size=6,
)  # fmt: skip


@hsettings(max_examples=60, deadline=None)
@given(st.lists(updates, min_size=1, max_size=5))
def test_the_log_lists_every_correction_newest_first_and_nothing_else(logs: list):
    claims = []
    for index, log in enumerate(logs):
        front = ClaimFrontMatter.model_validate(
            {"title": "t", "claim": "c", "claimant": "p", "claim_date": "2021-08-30",
             "verdict": "unverified", "sources": [{"outlet": "o"}], "updated": log},
            context={"verdicts": VERDICTS},
        )  # fmt: skip
        fields = {**dict(front), "id": f"c{index}"}
        claims.append(Claim.model_construct(**fields, body="", source_path="", key_lines={}))
    found = all_corrections(claims)
    expected = sum(1 for log in logs for u in log if u["kind"] != "update")
    assert len(found) == expected
    assert all(f.update.kind != "update" for f in found)
    dates = [f.update.date for f in found]
    assert dates == sorted(dates, reverse=True)


def test_claim_review_carries_each_correction_and_the_last_update(claims_dir, settings):
    from dataclasses import replace

    claim = _claim(claims_dir, settings)
    here = replace(settings, claims_dir=claims_dir, site_url="https://example.org/")
    ix = build_indexes([claim], here)
    review = claim_review(claim, ix, here)
    assert review["dateModified"] == "2021-09-12"
    assert review["correction"] == [
        {"@type": "CorrectionComment", "text": "Correction: The date of the second report was wrong.",
         "datePublished": "2021-09-10"},
        {"@type": "CorrectionComment",
         "text": "Verdict changed from “Disputed”: A second outlet confirmed the claim.",
         "datePublished": "2021-09-12"},
    ]  # fmt: skip
    assert correction_comments(_claim(claims_dir, settings, VALID_CLAIM, "plain.md"), here) == []
    assert "correction" not in claim_review(ix.by_id["c"].model_copy(update={"updated": ()}), ix, here)


def _pages(claims_dir, settings) -> dict[str, str]:
    from dataclasses import replace

    _claim(claims_dir, settings)
    _claim(claims_dir, settings, VALID_CLAIM.replace("A headline", "Plain headline"), "plain.md")
    here = replace(settings, claims_dir=claims_dir)
    ix = build_indexes(load_claims(here).claims, here)
    return {p.path: str(p.data) for p in PageBuilder(here, ix).all_pages()}


def test_claim_page_shows_corrections_near_the_top(claims_dir, settings):
    page = _pages(claims_dir, settings)["claims/c.md"]
    box = page.index('class="fc-corrections"')
    assert box < page.index("## Sources")
    assert "Verdict changed from “Disputed”: A second outlet confirmed the claim." in page[box:]
    assert "Correction: The date of the second report was wrong." in page[box:page.index("## Sources")]
    assert "Added a source." not in page[box:page.index("## Sources")]  # plain updates: log only
    assert 'href="../../corrections/log/"' in page
    assert 'class="fc-corrections"' not in _pages(claims_dir, settings)["claims/plain.md"]


def test_corrections_log_page_lists_each_correction_with_its_claim(claims_dir, settings):
    page = _pages(claims_dir, settings)["corrections/log.md"]
    rows = page[page.index("<tbody>"):].split("<tr>")[1:]
    assert len(rows) == 2
    assert "2021-09-12" in rows[0] and "Verdict change" in rows[0] and "2021-09-10" in rows[1]
    assert all('href="../../claims/c/"' in row for row in rows)
    assert "Plain headline" not in page


def test_feeds_mark_corrected_claims(claims_dir, settings):
    from dataclasses import replace

    _claim(claims_dir, settings)
    _claim(claims_dir, settings, VALID_CLAIM, "plain.md")
    here = replace(settings, claims_dir=claims_dir)
    claims = load_claims(here).claims
    atom = feedparser.parse(atom_feed(claims, here))
    marks = {e.link.rstrip("/").rsplit("/", 1)[-1]: [t.term for t in e.tags] for e in atom.entries}
    assert "corrected" in marks["c"] and "corrected" not in marks["plain"]
    items = {i["id"].rstrip("/").rsplit("/", 1)[-1]: i for i in json.loads(json_feed(claims, here))["items"]}
    assert "corrected" in items["c"]["tags"] and "corrected" not in items["plain"]["tags"]
    assert items["c"]["content_text"].startswith("Verdict changed from “Disputed”")


@pytest.mark.parametrize(("entry", "valid"), [
    ({"date": "2021-09-08", "note": "x"}, True),
    ({"date": "2021-09-08", "note": "x", "kind": "correction"}, True),
    ({"date": "2021-09-08", "note": "x", "kind": "verdict-change", "from": "disputed"}, True),
    ({"date": "2021-09-08", "note": "x", "kind": "verdict-change"}, False),
    ({"date": "2021-09-08", "note": "x", "kind": "verdict-change", "from": "refuted"}, False),
    ({"date": "2021-09-08", "note": "x", "kind": "correction", "from": "disputed"}, False),
])  # fmt: skip
def test_the_editor_schema_agrees_with_the_validator_on_kind_and_from(entry: dict, valid: bool):
    import jsonschema

    from generator.schema import claim_schema
    from generator.settings import Settings

    schema = claim_schema(Settings(claims_dir=Path(".")))
    claim = {"title": "t", "claim": "c", "claimant": "p", "claim_date": "2021-08-30",
             "verdict": "unverified", "sources": [{"outlet": "o"}], "updated": [entry]}  # fmt: skip
    schema_ok = jsonschema.Draft202012Validator(schema).is_valid(claim)
    try:
        ClaimFrontMatter.model_validate(claim, context={"verdicts": VERDICTS})
        model_ok = True
    except ValidationError:
        model_ok = False
    assert schema_ok == model_ok == valid


def test_the_box_is_titled_by_what_happened(claims_dir, settings):
    page = _pages(claims_dir, settings)["claims/c.md"]
    assert "<strong>Corrected</strong>" in page
    only_change = CORRECTED.replace("    kind: correction\n", "")
    from dataclasses import replace

    _claim(claims_dir, settings, only_change)
    here = replace(settings, claims_dir=claims_dir)
    ix = build_indexes(load_claims(here).claims, here)
    page = str(PageBuilder(here, ix).claim_page(ix.by_id["c"]).data)
    assert "<strong>Verdict changed</strong>" in page


def test_a_hostile_note_stays_text_in_the_box_the_log_and_the_json_ld(claims_dir, settings):
    from dataclasses import replace

    evil = "<script>alert(1)</script> & [x](javascript:alert(1))"
    _claim(claims_dir, settings, CORRECTED.replace("The date of the second report was wrong.", f"'{evil}'"))
    here = replace(settings, claims_dir=claims_dir)
    ix = build_indexes(load_claims(here).claims, here)
    builder = PageBuilder(here, ix)
    claim_page = builder.claim_page(ix.by_id["c"])
    for html in (str(claim_page.data), str(builder.corrections_log().data)):
        assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in html
    assert "<script>alert" not in (claim_page.head or "").replace('<script type="application/ld+json">', "")
