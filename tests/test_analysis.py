from bs4 import BeautifulSoup

from generator.analysis import AnalysisRenderer

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
