"""Problems print as `path:line: field: message`, with fields named as people count and
nothing a terminal would act on."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from generator.problems import Problem, field_label, printable


def test_list_items_are_numbered_from_one():
    assert field_label(("sources", 1, "via")) == "source 2, via"
    assert field_label(("related", 2)) == "related claim 3"
    assert field_label(()) == "front-matter"


def test_a_file_name_with_an_escape_sequence_is_shown_escaped():
    problem = Problem("content/claims/\x1b[31mred\x1b[0m.md", 3, "title", "bad \x07 value\u202e")
    assert str(problem) == "content/claims/\\x1b[31mred\\x1b[0m.md:3: title: bad \\x07 value\\u202e"


@given(path=st.text(), field=st.text(), message=st.text(), line=st.none() | st.integers(1, 10**6))
def test_printed_problems_never_carry_control_characters(path, field, message, line):
    shown = str(Problem(path, line, field, message))
    assert not [c for c in shown if unicodedata.category(c) in ("Cc", "Zl", "Zp")]
    assert not set(shown) & set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@given(st.text(alphabet=st.characters(exclude_categories=("Cc", "Zl", "Zp", "Cs"))))
def test_printable_text_is_left_alone(text):
    text = "".join(c for c in text if not "\u202a" <= c <= "\u202e" and not "\u2066" <= c <= "\u2069")
    assert printable(text) == text


def test_a_key_with_colon_space_keeps_the_problem_shape():
    assert ": " not in field_label(("sources", 0, "odd: key"))
    assert str(Problem("c.md", 2, field_label(("odd: key",)), "unknown field")).count(": ") == 2
