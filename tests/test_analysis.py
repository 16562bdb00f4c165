import signal
import sys
from contextlib import contextmanager

import pytest
from bs4 import BeautifulSoup
from conftest import TODAY, VALID_CLAIM, write_claim
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.analysis import (
    MAX_BODY_CHARS,
    MAX_BRACKET_SCAN,
    MAX_HTML_DEPTH,
    MAX_NESTING,
    AnalysisRenderer,
    analysis_problems,
)
from generator.loader import load_claims
from generator.settings import Settings

HOSTILE = """\
Some **analysis** with [a source](https://example.org/a) and a [bad](javascript:alert(1)) link.

<script>alert('x')</script>
<img src="x" onerror="alert(1)">
<a href="data:text/html,<script>alert(1)</script>">data</a>
<iframe src="https://evil.example"></iframe>
<p style="background:url(javascript:alert(1))" onclick="alert(1)">styled</p>

| a | b |
|---|---|
| 1 | 2 |
"""


def test_markdown_is_rendered_and_raw_html_cut_to_the_allowlist():
    soup = BeautifulSoup(AnalysisRenderer().render(HOSTILE), "html.parser")
    assert soup.find("strong").text == "analysis"
    assert soup.find("table") is not None
    assert soup.find_all(["script", "iframe", "style"]) == []
    for tag in soup.find_all(True):
        assert not [a for a in tag.attrs if a.startswith("on") or a == "style"], tag
    hrefs = [a.get("href") for a in soup.find_all("a")]
    assert "https://example.org/a" in hrefs
    assert all(h is None or h.startswith("https://") for h in hrefs), hrefs
    assert [i.get("src") for i in soup.find_all("img")] == ["x"]


def test_trusted_desks_can_keep_raw_html():
    html = AnalysisRenderer(trust_html=True).render('<abbr data-x="1">NRF</abbr>')
    assert 'data-x="1"' in html
    assert 'data-x' not in AnalysisRenderer().render('<abbr data-x="1">NRF</abbr>')


def test_renderer_is_reusable_without_leaking_state():
    renderer = AnalysisRenderer()
    first = renderer.render("Text[^1]\n\n[^1]: A note.")
    second = renderer.render("Plain.")
    assert "footnote" in first
    assert second == "<p>Plain.</p>"


def test_a_memo_renders_each_body_once_and_forgets_unused_ones(monkeypatch):
    renderer = AnalysisRenderer(memo=True)
    calls = []
    real = renderer._render
    monkeypatch.setattr(renderer, "_render", lambda body: calls.append(body) or real(body))
    assert renderer.render("*a*") == renderer.render("*a*") == "<p><em>a</em></p>"
    renderer.render("b")
    renderer.forget_unused()
    renderer.render("b")
    renderer.forget_unused()
    renderer.render("*a*")  # forgotten after a build that did not use it
    assert calls == ["*a*", "b", "*a*"]


# --- limits on what an analysis may ask of the renderer --------------------------


# Bound hangs, not speed: far above the few seconds a body within the limits takes.
HANG = 60


@contextmanager
def hang_bound(seconds: int = HANG):
    def fail(*_):
        raise AssertionError(f"rendering took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def nested_list(depth: int) -> str:
    return "".join("    " * i + "- item\n" for i in range(depth))


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("Intro.\n\n" + nested_list(MAX_NESTING + 5), 3 + MAX_NESTING, "nested"),
        ("Intro.\n\n" + ">" * 300 + " deep", 3, "nested 300 levels"),
        ("- " * 100 + "x", 1, "nested 100 levels"),
        ("a\n\n" + "<div>\n\n" * (MAX_HTML_DEPTH + 1), 3 + 2 * MAX_HTML_DEPTH, "HTML elements"),
        ("a\n\nb\n" + "[a" * 8000, 4, "never closed"),
        ("(" * 1000 + "a " * 4000, 1, "never closed"),
        ("*a _b " * 300, 1, "runs of '*' or '_'"),
        ("x" * (MAX_BODY_CHARS + 1), 1, "characters long"),
    ],
)
def test_bodies_over_a_limit_are_reported_on_their_line(body, line, words):
    ((found_line, message),) = analysis_problems(body)
    assert found_line == line and words in message


def test_code_blocks_are_not_measured():
    body = "```\n" + "[" * 20_000 + "\n" + nested_list(40) + "```\n\nText."
    assert analysis_problems(body) == []


@settings(max_examples=40, deadline=None)
@given(st.integers(MAX_NESTING + 1, 400))
def test_any_nesting_over_the_limit_is_refused(depth):
    assert analysis_problems(nested_list(depth))
    assert analysis_problems("> " * depth + "x")
    assert analysis_problems("<span>" * (depth + MAX_HTML_DEPTH))


def test_the_loader_reports_the_file_line_of_the_problem_with_the_others(claims_dir):
    text = VALID_CLAIM.replace("Why the verdict.\n", "Why the verdict.\n\n" + nested_list(40))
    text = text.replace("claimant: Someone\n", "")
    write_claim(claims_dir, "deep.md", text)
    result = load_claims(Settings(claims_dir=claims_dir, today=TODAY))
    assert result.claims == ()
    body_line = text.splitlines().index("Why the verdict.") + 1
    found = {p.field: p.line for p in result.problems}
    assert found["analysis"] == body_line + 2 + MAX_NESTING  # the first line too deep
    assert "claimant" in found  # front-matter problems are reported in the same run


def test_the_renderer_refuses_over_limit_bodies_and_survives_recursion(monkeypatch):
    renderer = AnalysisRenderer()
    deep = nested_list(300)
    with hang_bound():
        html = renderer.render(deep)
    assert html.startswith("<p>- item") and "<li>" not in html
    monkeypatch.setattr(renderer._md, "convert", lambda body: (_ for _ in ()).throw(RecursionError()))
    monkeypatch.setattr(renderer._md, "reset", lambda: renderer._md)
    assert renderer.render("fine *body* <b>x</b>") == "<p>fine *body* &lt;b&gt;x&lt;/b&gt;</p>"


def test_control_characters_never_reach_the_html():
    body = "Bell\x07 and\x1b[31m escape, DEL\x7f, C1\x85\x9b, `code\x00`\n\n<b title='\x01'>x</b>"
    html = AnalysisRenderer().render(body) + AnalysisRenderer(trust_html=True).render(body)
    assert not any(ord(c) < 32 and c not in "\t\n\r" or 0x7F <= ord(c) <= 0x9F for c in html)
    assert "Bell and[31m escape" in html


FRAGMENTS = st.one_of(
    st.integers(1, MAX_NESTING).map(nested_list),
    st.integers(1, MAX_NESTING).map(lambda d: "> " * d + "quote\n"),
    st.integers(1, 400).map(lambda n: "*a _b **c __d " * n),
    st.integers(1, 3000).map(lambda n: "[a" * n),
    st.integers(1, 3000).map(lambda n: "[a](" * n),
    st.integers(1, 3000).map(lambda n: "](" * n),
    st.integers(1, 1000).map(lambda n: "[x](https://e.org/" + "(" * n + ")"),
    st.integers(1, MAX_HTML_DEPTH).map(lambda n: "<div><span>" * (n // 2) + "x"),
    st.integers(1, 500).map(lambda n: "</div>" * n),
    st.integers(1, 2000).map(lambda n: "`" * n),
    st.just("```\n[[[[ ## code\n```\n"),
    st.integers(1, 20_000).map(lambda n: "word " * n),
    st.text(st.sampled_from("[]()*_<>`!\\ \n#-|:"), max_size=2000),
)


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(FRAGMENTS, min_size=1, max_size=6), st.sampled_from(["", "\n", "\n\n"]))
def test_any_body_within_the_limits_renders_without_hanging(parts, joiner):
    body = joiner.join(parts)
    assume(not analysis_problems(body))
    with hang_bound():
        AnalysisRenderer().render(body)


@pytest.mark.parametrize(
    "body",
    [
        "[a" * 20 + "b" * (MAX_BRACKET_SCAN // 20 - 100),
        "x\n\n" + nested_list(MAX_NESTING) * 50,
        ("<div>" * MAX_HTML_DEPTH + "x" + "</div>" * MAX_HTML_DEPTH + "\n\n") * 20,
        "*a _b " * 240 + "\n\n" + ("**c** " * 240 + "\n\n") * 10,
    ],
)
def test_bodies_at_the_limits_render_without_hanging(body):
    assert analysis_problems(body) == []
    with hang_bound():
        AnalysisRenderer().render(body)
    assert sys.getrecursionlimit() >= 1000


# --- the glance: counting over the whole body never passes a body the walk refuses ---

_SMALL_LIMITS = {"MAX_NESTING": 3, "MAX_HTML_DEPTH": 2, "MAX_BRACKET_SCAN": 20, "MAX_EMPHASIS_RUNS": 3}
# Markdown pieces by the limit they push towards, so that generated bodies reach each
# limit often; the last alphabet mixes them all.
_NESTING = [">", "> ", "- ", "* ", "+ ", "1. ", "٣) ", "12", ".", "\t", " ", "    ", "x", "\n"]
_HTML = ["<a>", "</a>", "<br>", "<b x='1'>", "<", ">", "x", "\n", "\n\n", "```\n"]
_EMPHASIS = ["*", "_", "**", "__", "_x", "x", " ", "\n", "\n\n", "```\n"]
_BRACKETS = ["[", "(", "]", ")", "\\[", "\\(", "x", "word ", "\n", "\n\n", "```\n"]
_ALPHABETS = [_NESTING, _HTML, _EMPHASIS, _BRACKETS, _NESTING + _HTML + _EMPHASIS + _BRACKETS]


@pytest.mark.parametrize("pieces", _ALPHABETS, ids=["nesting", "html", "emphasis", "brackets", "all"])
@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_a_body_passed_at_a_glance_is_one_the_walk_passes(pieces, data):
    """Counting over the whole body never lets through a body the block-by-block walk
    would refuse: each count bounds its limit's measure (limits made small here)."""
    from generator import analysis

    body = "".join(data.draw(st.lists(st.sampled_from(pieces), max_size=40)))
    with pytest.MonkeyPatch.context() as mp:
        for name, value in _SMALL_LIMITS.items():
            mp.setattr(analysis, name, value)
        assert analysis_problems(body) == analysis._walked_problems(body)


def test_ordinary_analyses_pass_at_a_glance(settings):
    """The glance is what makes the check fast: the fixtures' analyses all pass it."""
    from generator import analysis

    bodies = [claim.body for claim in load_claims(settings).claims]
    assert bodies and all(analysis._within_limits_at_a_glance(b) for b in bodies)
