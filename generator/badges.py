"""Verdict badges: label, icon and colour, so a verdict never rests on colour alone.

Two forms of the same badge. A page's own verdict (the claim page's mark, the embed
card) carries its icon and colour in its markup: it reads the same without the site's
stylesheet (an embed, a reader mode, a scraper). A listed claim's verdict carries its
label and a class per verdict; the icon and colour come from `verdict_css`, which ends
the site's stylesheet. Listings, related claims and scorecards repeat a badge ~22 times
per claim across a site, whose inline colour and icon took 2.4 kB of the 67 kB a claim
weighed at 10,000 claims; by class, a claim weighs 1.24 kB less (issue #14).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup

from generator.settings import Verdict

TAG_CLASS = "fc-v-"
# The verdict options allow #rgb and #rrggbb; anything else never reaches the stylesheet.
_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")


def verdict_badge(verdict: Verdict) -> Markup:
    """A page's own verdict, complete in its markup."""
    return Markup(
        '<span class="fc-badge" style="--fc-badge: {}"><span class="fc-badge__icon" '
        'aria-hidden="true">{}</span> {}</span>'
    ).format(verdict.colour, verdict.icon, verdict.label)


def verdict_tag(verdict: Verdict) -> Markup:
    """A listed claim's verdict: its label, its icon and colour by class (`verdict_css`)."""
    return Markup('<span class="fc-badge {}{}">{}</span>').format(TAG_CLASS, verdict.slug, verdict.label)


def verdict_css(verdicts: Iterable[Verdict]) -> str:
    """Each verdict's colour and icon for `verdict_tag`; a colour that is not hex is left
    out (the badge's grey stays). The icon is decoration, as the full badge's
    `aria-hidden` icon is: its alternative text (after the `/`) is empty, and a browser
    without that syntax keeps the declaration before it."""
    rules = ["\n/* Verdicts of listed claims (generator/badges.py), from the verdict options. */"]
    for verdict in verdicts:
        selector = f".fc-badge.{TAG_CLASS}{verdict.slug}"
        if _HEX_COLOUR.fullmatch(verdict.colour):
            rules.append(f"{selector} {{ --fc-badge: {verdict.colour}; }}")
        if verdict.icon:
            icon = css_string(verdict.icon)
            rules.append(f"{selector}::before {{ content: {icon}; content: {icon} / \"\"; font-weight: 900; }}")
    return "\n".join(rules) + "\n"


def css_string(text: str) -> str:
    """`text` as a CSS string that no value can end early: every character but ASCII
    letters and digits as a six-digit escape."""
    return '"' + "".join(c if c.isascii() and c.isalnum() else f"\\{ord(c):06x}" for c in text) + '"'
