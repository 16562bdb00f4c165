"""Verdict badges: a page's own verdict complete in its markup, a listed claim's by
class, with the class's colour and icon in the site's stylesheet."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from generator.assets import asset_outputs
from generator.badges import TAG_CLASS, css_string, verdict_badge, verdict_css, verdict_tag
from generator.settings import DEFAULT_VERDICTS, Verdict

HOSTILE = Verdict(
    name='false <b>"quoted"</b>', label='False & <script>"x"</script>', colour="#123",
    icon='"; } body { display: none } .x::before { content: "', definition="", rating=1,
)  # fmt: skip


def decoded(css: str) -> str:
    """The text a `css_string` stands for: quotes off, six-digit escapes decoded."""
    assert css[0] == css[-1] == '"'
    return re.sub(r"\\([0-9a-f]{6})", lambda m: chr(int(m.group(1), 16)), css[1:-1])


@given(st.text())
def test_any_text_becomes_one_css_string_that_decodes_to_it(text):
    css = css_string(text)
    inner = css[1:-1]
    assert '"' not in inner and "\n" not in inner and "<" not in inner
    assert re.fullmatch(r"(?:[A-Za-z0-9]|\\[0-9a-f]{6})*", inner)  # nothing else can end it
    assert decoded(css) == text


def test_a_listed_verdict_is_its_label_and_a_class_per_verdict():
    for verdict in DEFAULT_VERDICTS:
        badge = BeautifulSoup(str(verdict_tag(verdict)), "html.parser").span
        assert badge["class"] == ["fc-badge", TAG_CLASS + verdict.slug]
        assert badge.get_text() == verdict.label
        assert badge.get("style") is None and badge.find("span") is None


def test_a_pages_own_verdict_has_icon_colour_and_label_in_its_markup():
    badge = BeautifulSoup(str(verdict_badge(DEFAULT_VERDICTS[2])), "html.parser").span
    assert badge["style"] == "--fc-badge: #a4161a"
    assert badge.select_one(".fc-badge__icon[aria-hidden=true]").text == "!"
    assert badge.get_text(" ", strip=True) == "! Disputed"


def test_the_stylesheet_gives_each_verdict_its_colour_and_a_silent_icon():
    css = verdict_css(DEFAULT_VERDICTS)
    for verdict in DEFAULT_VERDICTS:
        selector = re.escape(f".fc-badge.{TAG_CLASS}{verdict.slug}")
        assert re.search(selector + r" \{ --fc-badge: " + verdict.colour + "; }", css)
        before = re.search(selector + r"::before \{ content: (\"[^\"]*\"); content: \1 / \"\";", css)
        assert before and decoded(before.group(1)) == verdict.icon


def test_hostile_verdict_options_stay_text():
    badge = BeautifulSoup(str(verdict_tag(HOSTILE)), "html.parser").span
    assert badge.get_text() == HOSTILE.label and badge.find("script") is None
    css = verdict_css([HOSTILE])
    (icon,) = re.findall(r"content: (\"[^\"]*\");", css)
    assert decoded(icon) == HOSTILE.icon
    assert "display: none" not in css and "<" not in css


def test_a_colour_that_is_not_hex_never_reaches_the_stylesheet():
    css = verdict_css([Verdict("odd", "Odd", "red; } body { display: none", "?", "", 1)])
    assert "--fc-badge" not in css and "display" not in css
    assert 'content: "\\00003f"' in css  # the icon stays


def test_a_verdict_without_icon_has_no_icon_rule():
    css = verdict_css([Verdict("plain", "Plain", "#333", "", "", 1)])
    assert "::before" not in css and "--fc-badge: #333" in css


def test_the_site_stylesheet_ends_with_the_configured_verdicts():
    custom = (Verdict("half true", "Half true", "#7a4100", "½", "", 2),)
    css = {o.path: o.data for o in asset_outputs("", custom)}["assets/factcheck/factcheck.css"].decode()
    assert css.endswith(verdict_css(custom))
    assert ".fc-v-half-true" in css and ".fc-v-disputed" not in css
