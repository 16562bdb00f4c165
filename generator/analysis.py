"""The analysis body: markdown rendered to HTML, with raw HTML cut to a safe allowlist.

Rendering here, not in the site generator, means every adapter publishes the same
sanitised HTML: a contributor's `<script>` or `javascript:` link never reaches a page.
"""

from __future__ import annotations

import markdown
import nh3

_EXTENSIONS = ["tables", "fenced_code", "footnotes", "def_list", "abbr", "sane_lists"]

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div",
    "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span",
    "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr",
    "u", "ul",
}  # fmt: skip
_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "time": {"datetime"},
    "ol": {"start"},
}
_SCHEMES = {"http", "https"}


class AnalysisRenderer:
    """Reuses one Markdown instance: building one per claim costs more than rendering.

    With `memo`, bodies rendered before are not rendered again: `mkdocs serve` keeps
    one renderer across rebuilds, so editing one claim re-renders one analysis.
    """

    def __init__(self, *, trust_html: bool = False, memo: bool = False) -> None:
        self.trust_html = trust_html
        self._md = markdown.Markdown(extensions=_EXTENSIONS, output_format="html")
        self._memo: dict[str, str] | None = {} if memo else None
        self._used: dict[str, str] = {}

    def render(self, body: str) -> str:
        if self._memo is None:
            return self._render(body)
        html = self._used.get(body) or self._memo.get(body)
        if html is None:
            html = self._render(body)
        self._used[body] = html
        return html

    def forget_unused(self) -> None:
        """Keep only what the last build used, so edits do not grow the memo forever."""
        if self._memo is not None:
            self._memo, self._used = self._used, {}

    def _render(self, body: str) -> str:
        html = self._md.reset().convert(body)
        return html if self.trust_html else sanitise(html)


def sanitise(html: str) -> str:
    """Keep a fixed allowlist of tags, attributes and http(s)/relative links."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
