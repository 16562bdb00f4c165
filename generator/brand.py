"""The desk's own colours, from configuration, checked for WCAG AA contrast at build
time: a brand colour is the header's background (under white text) and the link colour
on the white page, so it must reach 4.5:1 against white in both roles."""

from __future__ import annotations

import re

_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
AA_TEXT = 4.5
WHITE = "#ffffff"


class BrandColourError(ValueError):
    """A configured colour that cannot be used; the message names the option."""


def rgb(colour: str) -> tuple[int, int, int]:
    digits = colour[1:]
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def check_brand_colour(colour: str, option: str = "brand_colour") -> str:
    """`colour` as given, or BrandColourError naming `option` and the contrast found."""
    if not _HEX.match(colour):
        raise BrandColourError(f"{option}: '{colour}' is not a colour; write it as #rgb or #rrggbb")
    ratio = contrast(colour, WHITE)
    if ratio < AA_TEXT:
        raise BrandColourError(
            f"{option}: {colour} has a contrast of {ratio:.2f}:1 with white text and the white "
            f"page, below WCAG AA ({AA_TEXT}:1); choose a darker colour"
        )
    return colour


def brand_css(colour: str) -> str:
    """CSS that puts the brand colour on Material's header and tabs in both schemes, and
    on links in the light scheme (dark-scheme links keep Material's lighter tone)."""
    if not colour:
        return ""
    return (
        "\n/* The desk's brand colour (option brand_colour), checked for WCAG AA. */\n"
        "[data-md-color-primary][data-md-color-scheme] {\n"
        f"  --md-primary-fg-color: {colour};\n  --md-primary-fg-color--dark: {colour};\n"
        "  --md-primary-bg-color: #ffffff;\n  --md-primary-bg-color--light: rgba(255, 255, 255, 0.85);\n}\n"
        f'[data-md-color-primary][data-md-color-scheme="default"] {{ --md-typeset-a-color: {colour}; }}\n'
    )
