"""Golden files: fixture claims in, expected markdown out.

After an intended change to a template, regenerate with
`UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_pages.py` and review the diff.
"""

import os
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from markupsafe import Markup

from generator.indexes import build_indexes
from generator.loader import load_claims
from generator.pages import PageBuilder, long_date

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def pages(settings):
    ix = build_indexes(load_claims(settings).claims, settings)
    return {p.path: p.content for p in PageBuilder(settings, ix).all_pages()}


def test_pages_match_the_golden_files(pages):
    if os.environ.get("UPDATE_GOLDEN"):
        for path, markdown in pages.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_text(markdown, encoding="utf-8")
    expected = {str(p.relative_to(GOLDEN)): p.read_text("utf-8") for p in GOLDEN.rglob("*.md")}
    assert sorted(pages) == sorted(expected)
    for path, markdown in pages.items():
        assert markdown == expected[path], path


def test_the_page_set_covers_every_url(pages):
    assert {"index.md", "claims/index.md", "timeline/index.md", "verdicts/index.md",
            "verdicts/disputed/index.md", "outlets/example-wire/index.md",
            "people/faiz-hameed/index.md", "places/kabul/index.md",
            "organisations/taliban/index.md", "tags/control/index.md",
            "claims/isi-chief-in-kabul.md"} <= set(pages)  # fmt: skip


def test_front_matter_is_yaml_with_escaped_text(settings, tmp_path):
    from generator.pages import front_matter

    text = front_matter({"title": '</title><script>x</script> & "q"'}, listing=True, hide=None)
    data = yaml.safe_load(text.split("---")[1])
    assert data == {
        "title": "&lt;/title&gt;&lt;script&gt;x&lt;/script&gt; &amp; &#34;q&#34;",
        "search": {"exclude": True},
    }


def test_claim_page_links_resolve_relative_to_the_page(pages):
    soup = BeautifulSoup(pages["claims/taliban-conquered-panjshir.md"], "html.parser")
    hrefs = {a.text: a["href"] for a in soup.find_all("a")}
    assert hrefs["Zabihullah Mujahid"] == "../../people/zabihullah-mujahid/"
    assert hrefs["Example Wire"] == "../../outlets/example-wire/"
    assert hrefs["Resistance says it holds all strategic positions"] == "../../claims/resistance-holds-positions/"


def test_long_dates_keep_their_precision():
    assert long_date("2021-09-06") == "6 September 2021"
    assert long_date("2021-09") == "September 2021"
    assert long_date("2021") == "2021"


def test_long_listings_paginate_and_link_their_neighbours(settings):
    from dataclasses import replace

    small = replace(settings, page_size=2)
    ix = build_indexes(load_claims(small).claims, small)
    pages = {p.path: p.content for p in PageBuilder(small, ix).all_pages()}
    assert {"claims/index.md", "claims/page/2/index.md", "outlets/example-wire/index.md",
            "outlets/example-wire/page/2/index.md", "timeline/index.md",
            "timeline/page/2/index.md"} <= set(pages)  # fmt: skip
    assert "claims/page/3/index.md" not in pages
    first = BeautifulSoup(pages["claims/index.md"], "html.parser")
    assert len(first.select("table.fc-claims tbody tr")) == 2
    assert first.select_one(".fc-pager a[rel=next]")["href"] == "page/2/"
    second = BeautifulSoup(pages["claims/page/2/index.md"], "html.parser")
    assert second.select_one(".fc-pager a[rel=prev]")["href"] == "../../"
    assert [a.text for a in second.select("table.fc-claims tbody a")] == ["Pakistan's intelligence chief was in Kabul"]
    assert "(page 2 of 2)" in pages["claims/page/2/index.md"].split("---")[1]


def test_timeline_pages_keep_days_whole_and_jump_links_find_them(settings):
    from dataclasses import replace

    small = replace(settings, page_size=1)
    ix = build_indexes(load_claims(small).claims, small)
    pages = {p.path: p.content for p in PageBuilder(small, ix).all_pages()}
    second = BeautifulSoup(pages["timeline/page/2/index.md"], "html.parser")
    assert [h.text for h in second.find_all("h2")] == ["6 September 2021"]
    assert len(second.select(".fc-day li")) == 2  # the whole day, though page_size is 1
    days = {a.text: a["href"] for a in second.select("nav[aria-label='Jump to a day'] a")}
    assert days == {"6 September 2021": "#day-2021-09-06"}  # this page's days
    months = {a.text: a["href"] for a in second.select("nav[aria-label='Jump to a month'] a")}
    assert months == {"September 2021": "../../#day-2021-09-04"}  # the page holding its first day


def build_twice(settings, claim_id: str, **changes):
    """Pages of the fixture claims, then again with one claim changed sharing a memo,
    and the changed claims rendered afresh."""
    from generator.render_memo import RenderMemo

    claims = list(load_claims(settings).claims)
    edited = [c.model_copy(update=changes) if c.id == claim_id else c for c in claims]
    memo = RenderMemo()
    return [{p.path: p.content for p in PageBuilder(settings, build_indexes(cs, settings), memo=m).all_pages()}
            for cs, m in ((claims, memo), (edited, memo), (edited, RenderMemo()))]  # fmt: skip


def test_the_render_memo_never_changes_what_is_rendered(settings):
    # the related claim's title changes: both pages of the related pair must follow
    _, second, fresh = build_twice(settings, "resistance-holds-positions", title="Renamed")
    assert second == fresh
    assert "Renamed" in second["claims/taliban-conquered-panjshir.md"]
    _, second, fresh = build_twice(settings, "isi-chief-in-kabul", claimant="Someone else")
    assert second == fresh
    assert "Someone else" in second["people/faiz-hameed/index.md"]


_NOTES = st.one_of(
    st.text(alphabet="<>&\"'#\n\r ab", max_size=8),
    st.integers(),
    st.builds(Markup, st.text(alphabet="<b>\n# a", max_size=8)),
)


def test_a_claim_tables_rows_escape_as_the_templates_do(settings):
    """`claim_rows` builds in Python what a `{{ }}` per cell wrote: the same text."""
    claims = load_claims(settings).claims[:2]
    builder = PageBuilder(settings, build_indexes(claims, settings))
    template = builder.env.from_string(
        "{% for c in claims %}<tr>{{ claim_cells(c, root) }}"
        "{% if notes is not none %}<td>{{ notes.get(c.id, '') }}</td>{% endif %}</tr>\n{% endfor %}"
    )

    @hypothesis_settings(max_examples=200)
    @given(_NOTES)
    def rows_as_the_template_writes_them(note):
        for notes in ({claims[0].id: note}, None):
            expected = template.render(claims=claims, root="../", notes=notes,
                                       claim_cells=builder.claim_cells)  # fmt: skip
            assert builder.claim_rows(claims, "../", notes) == expected

    rows_as_the_template_writes_them()


_LINE = st.text(alphabet="<>&\"'# ab\u202e", min_size=1, max_size=8)


def test_a_claims_cells_escape_as_the_templates_do(settings):
    """`claim_cells`, made once a claim and then joined to each link root, writes what a
    `{{ }}` per cell writes: for any one-line title and claimant, any root, and an
    edited claim (a new object) as soon as it is edited."""
    claim = load_claims(settings).claims[0]
    builder = PageBuilder(settings, build_indexes([claim], settings))
    template = builder.env.from_string(
        '<td><a href="{{ root }}claims/{{ c.id }}/">{{ c.title }}</a></td>'
        "<td>{{ badges[c.verdict] }}</td><td>{{ c.claimant }}</td>"
        "<td>{{ c.claim_date | time_tag }}</td>"
    )

    @hypothesis_settings(max_examples=200)
    @given(_LINE, _LINE, st.text(alphabet='./<"&#a', max_size=6))
    def cells_as_the_template_writes_them(title, claimant, root):
        edited = claim.model_copy(update={"title": title, "claimant": claimant})
        for _ in range(2):  # made, then from the memo
            expected = template.render(c=edited, root=root, badges=builder.badges)
            assert builder.claim_cells(edited, root) == expected

    cells_as_the_template_writes_them()
