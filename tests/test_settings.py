"""The default verdict badges must be readable: white text on each fill meets WCAG AA."""

import pytest

from generator.settings import DEFAULT_VERDICTS


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("verdict", DEFAULT_VERDICTS, ids=lambda v: v.name)
def test_badge_text_contrast_meets_wcag_aa(verdict):
    assert contrast(verdict.colour, "#ffffff") >= 4.5


def test_every_verdict_has_an_icon_so_colour_is_never_the_only_cue():
    assert all(v.icon and v.label for v in DEFAULT_VERDICTS)
    assert len({v.icon for v in DEFAULT_VERDICTS}) == len(DEFAULT_VERDICTS)


def test_contrast_helper_is_right():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
