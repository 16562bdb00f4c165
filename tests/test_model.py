"""The text validators' quick path says exactly what the full one says."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from generator import model

# Every character some check refuses or strips: controls, tab, every line break, spaces
# of all kinds (Python counts \x1c-\x1f as spaces).
_TRICKY = "\x00\x07\x09\x0a\x0b\x0c\x0d\x1b\x1c\x1f\x7f\x84\x85\x86\x9f\xa0\u2028\u2029\u3000 "
_PLAIN = st.text(alphabet="ab \xa0", max_size=3)
_ONE = st.sampled_from(_TRICKY)
# One or two tricky characters among plain ones, inside a value or at its ends (where
# stripping may remove them first), and any text at all.
_VALUES = st.one_of(
    st.builds(lambda a, c, b: a + c + b, _PLAIN, _ONE, _PLAIN),
    st.builds(lambda a, c, b, d, e: a + c + b + d + e, _PLAIN, _ONE, _PLAIN, _ONE, _PLAIN),
    st.text(max_size=12),
    st.integers(),
    st.booleans(),
    st.none(),
)


def _outcome(validate, value: object) -> tuple[str, object]:
    try:
        return "value", validate(value)
    except PydanticCustomError as err:
        return err.type, err.message()


def _full_line(value: object) -> str:
    return model._one_line(model._text(model._raw_controls(value)))  # type: ignore[arg-type]


def _full_prose(value: object) -> str:
    return model._single_spaced(model._text(model._raw_controls(value)))  # type: ignore[arg-type]


@settings(max_examples=500)
@given(_VALUES)
def test_a_one_line_value_is_kept_or_refused_as_every_check_in_turn_would(value):
    assert _outcome(model._line, value) == _outcome(_full_line, value)


@settings(max_examples=500)
@given(_VALUES)
def test_prose_is_kept_or_refused_as_every_check_in_turn_would(value):
    assert _outcome(model._prose, value) == _outcome(_full_prose, value)
