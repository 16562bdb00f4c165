"""The questions an output asks of the indexes (generator/trace.py): every read and
call is noted, and asking a noted question again gives what the indexes say now."""

from __future__ import annotations

import pytest
from conftest import FIXTURE_CLAIMS, TODAY
from hypothesis import given
from hypothesis import strategies as st

from generator.indexes import KINDS, build_indexes
from generator.loader import load_claims
from generator.pages import PageBuilder
from generator.settings import Settings
from generator.trace import Question, TracedIndexes, Unanswerable, answer

SETTINGS = Settings(claims_dir=FIXTURE_CLAIMS, today=TODAY, site_name="Test desk", git_history=False)
IX = build_indexes(load_claims(SETTINGS).claims, SETTINGS)
NAMES = sorted({e.name for kind in KINDS for e in IX.entries[kind]} | {"Nobody", "nobody"})


def test_reads_and_calls_are_noted_and_answered_as_the_indexes_answer():
    asked: set[Question] = set()
    traced = TracedIndexes(IX, asked)
    assert traced.claims is IX.claims
    assert traced.entry_url("people", "Ahmad Massoud") == IX.entry_url("people", "Ahmad Massoud")
    assert asked == {("claims",), ("entry_url", ("people", "Ahmad Massoud"), ())}
    assert all(answer(IX, q) == a for q, a in zip(sorted(asked), [IX.claims, "people/ahmad-massoud/"]))


@given(st.sampled_from(["outlets", "people", "places", "organisations", "tags"]), st.sampled_from(NAMES))
def test_asking_again_gives_the_same_answer_a_missing_entry_included(kind, name):
    asked: set[Question] = set()
    try:
        first: object = TracedIndexes(IX, asked).entry_url(kind, name)
    except KeyError as error:
        first = ("raised", "KeyError", str(error))
    assert [answer(IX, q) for q in asked] == [first]
    assert TracedIndexes(IX, set()).has_entry(kind, name) == IX.has_entry(kind, name)


def test_keyword_arguments_are_part_of_the_question():
    asked: set[Question] = set()
    url = TracedIndexes(IX, asked).entry_url(kind="people", name="Ahmad Massoud")
    assert asked == {("entry_url", (), (("kind", "people"), ("name", "Ahmad Massoud")))}
    assert [answer(IX, q) for q in asked] == [url] == [IX.entry_url("people", "Ahmad Massoud")]


def test_an_unhashable_argument_makes_the_question_unanswerable():
    asked: set[Question] = set()
    assert TracedIndexes(IX, asked).has_entry("people", ["a list"]) is False  # type: ignore[arg-type]
    assert asked == {("unanswerable",)}
    with pytest.raises(Unanswerable):
        answer(IX, ("unanswerable",))


def test_a_page_builder_traces_only_while_asked_to_and_puts_the_indexes_back():
    builder = PageBuilder(SETTINGS, IX, tracing=True)
    claim = IX.claims[0]
    page, questions = builder.traced(lambda: builder.claim_page(claim))
    assert builder.ix is IX
    assert ("related_of", (claim.id,), ()) in questions
    assert ("verdict_url", (claim.verdict,), ()) in questions
    untraced = PageBuilder(SETTINGS, IX)
    assert untraced.traced(lambda: untraced.claim_page(claim)) == (page, frozenset())
