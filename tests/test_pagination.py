"""Pagination: stable page URLs, and a pager whose size grows with the number of
digits of the page count, not with the count (every page linking every page made
long listings quadratic)."""

from __future__ import annotations

from collections import deque

from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from generator.indexes import build_indexes
from generator.loader import load_claims
from generator.pages import PageBuilder
from generator.pagination import Pager


def linked(number: int, count: int) -> list[int]:
    return [n for n in Pager("claims/", number, count).shown() if n is not None and n != number]


def round_step(before: int, after: int) -> bool:
    """From one multiple of 10, 100, 1000... to the next."""
    step = after - before
    return step in (10**k for k in range(1, 8)) and before % step == 0


def digits(count: int) -> int:
    return len(str(count))


@st.composite
def positions(draw, most: int = 5000) -> tuple[int, int]:
    count = draw(st.integers(1, most))
    return draw(st.integers(1, count)), count


def test_page_one_keeps_the_listing_url_and_later_pages_live_below_it():
    assert [p.url for p in Pager.series("outlets/x/", 3)] == [
        "outlets/x/",
        "outlets/x/page/2/",
        "outlets/x/page/3/",
    ]
    assert Pager("claims/", 2, 5).meta({"title": "Claims"}) == {"title": "Claims (page 2 of 5)"}


@given(positions())
def test_the_pager_shows_ascending_pages_with_a_gap_mark_where_a_run_breaks(position):
    number, count = position
    shown = Pager("claims/", number, count).shown()
    numbers = [n for n in shown if n is not None]
    assert numbers == sorted(set(numbers)) and all(1 <= n <= count for n in numbers)
    assert {1, count, number, max(1, number - 1), min(count, number + 1)} <= set(numbers)
    for before, after in zip(shown, shown[1:], strict=False):
        assert before is not None or after is not None  # never two gaps in a row
        if before is not None and after is not None and after != before + 1:
            assert round_step(before, after)  # 10 20 30 need no gap mark
    for before, gap, after in zip(shown, shown[1:], shown[2:], strict=False):
        if gap is None:
            assert after - before > 1 and not round_step(before, after)
    assert shown[0] == 1 and shown[-1] == count


@given(positions(most=1_000_000))
def test_a_page_links_a_number_of_pages_that_grows_with_the_digits_of_the_count(position):
    number, count = position
    assert len(linked(number, count)) <= 11 * digits(count) + 4


@given(positions(most=3000))
def test_every_page_is_reached_in_at_most_one_click_per_digit(position):
    start, count = position
    clicks = {start: 0}
    queue = deque([start])
    while queue:
        page = queue.popleft()
        for target in linked(page, count):
            if target not in clicks:
                clicks[target] = clicks[page] + 1
                queue.append(target)
    assert len(clicks) == count
    assert max(clicks.values()) <= digits(count)


def render(settings, pager: Pager) -> BeautifulSoup:
    env = PageBuilder(settings, build_indexes(load_claims(settings).claims, settings)).env
    template = env.from_string(
        '{% from "_macros.html.j2" import pagination with context %}{{ pagination(pager) }}'
    )
    return BeautifulSoup(
        template.render(pager=pager, url=lambda target: "/" + target), "html.parser"
    )


def test_the_pager_markup_links_what_it_shows_and_marks_the_current_page(settings):
    nav = render(settings, Pager("claims/", 37, 10_000)).select_one(
        "nav.fc-pager[aria-label=Pages]"
    )
    links = {a.text: a["href"] for a in nav.select("li a")}
    assert (
        links["1"] == "/claims/"
        and links["36"] == "/claims/page/36/"
        and links["10000"] == "/claims/page/10000/"
    )
    assert "550" not in links and "500" in links and len(links) <= 11 * 5 + 4
    assert nav.select_one("[aria-current=page]").text == "37"
    assert nav.select_one("a[rel=prev]")["href"] == "/claims/page/36/"
    assert nav.select_one("a[rel=next]")["href"] == "/claims/page/38/"
    gaps = nav.select("li.fc-pager__gap")
    assert gaps and all(gap["aria-hidden"] == "true" and gap.text == "…" for gap in gaps)


def test_a_single_page_has_no_pager(settings):
    assert render(settings, Pager("claims/", 1, 1)).select_one("nav") is None
