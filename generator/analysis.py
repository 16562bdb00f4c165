"""The analysis body: markdown rendered to HTML, with raw HTML cut to a safe allowlist.

Rendering here, not in the site generator, means every adapter publishes the same
sanitised HTML: a contributor's `<script>` or `javascript:` link never reaches a page.

Python-Markdown recurses per nesting level and rescans a paragraph for every bracket
that is never closed, and Material's search indexer walks nested HTML recursively, so
a body can crash or stall a build. `analysis_problems` measures those costs in one
linear pass before anything is rendered; `check` refuses bodies over the limits and
the renderer refuses them too (and survives a RecursionError) as a second line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import partial

import markdown
import nh3
from markupsafe import escape

from generator.digest_cache import MISSING, DigestStore, key
from generator.pool import map_chunks

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

# Limits of what an analysis may ask of the renderer; far above any real analysis.
MAX_BODY_CHARS = 100_000
MAX_NESTING = 20  # lists and block quotes inside each other
MAX_HTML_DEPTH = 32  # HTML elements inside each other
# Unclosed brackets: each makes the renderer rescan the rest of its paragraph, so the
# limit is on the characters rescanned (about a second of rendering).
MAX_BRACKET_SCAN = 2_000_000
MAX_EMPHASIS_RUNS = 500  # runs of `*` or `_` in one paragraph

# C0 and C1 control characters (tab, line feed and carriage return excepted) and
# DEL: invisible, and illegal in XML; never part of a published page.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_CONTAINER = re.compile(r"[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?(/?)>")
_VOID = frozenset(
    "area base br col embed hr img input link meta source track wbr".split()
)
_EMPHASIS = re.compile(r"[*_]+")
_BRACKETS = re.compile(r"\\.|[\[\]()]", re.DOTALL)  # an escaped character is skipped whole
_CLOSERS = {"]": "[", ")": "("}


def analysis_problems(body: str) -> list[tuple[int, str]]:
    """(line in the body, message) for each limit the body exceeds, first place only.

    Linear in the body's length, so it is cheap to run on every claim before any
    rendering; code blocks are skipped, as the renderer does not parse them."""
    if len(body) > MAX_BODY_CHARS:
        return [(1, f"the analysis is {len(body):,} characters long; the limit is {MAX_BODY_CHARS:,}")]
    return [] if _within_limits_at_a_glance(body) else _walked_problems(body)


def _within_limits_at_a_glance(body: str) -> bool:
    """True when counting characters over the whole body proves every block within
    every limit, as it does for nearly every analysis: a few passes in C (0.15 s at
    10,000 claims, where the block-by-block walk took 1.0-1.7 s). Each bound
    is the most its limit's measure can reach in any block:
    - HTML depth: one '<' per level;
    - emphasis runs: one '*' or '_' each at least;
    - brackets: each unclosed '[' or '(' rescans at most the rest of the body;
    - nesting: each level takes at least one character of the line's prefix of
      indentation and list or quote markers (`_CONTAINER`; a tab is one level)."""
    if body.count("<") > MAX_HTML_DEPTH:
        return False
    if body.count("*") + body.count("_") > MAX_EMPHASIS_RUNS:
        return False
    if (body.count("[") + body.count("(")) * len(body) > MAX_BRACKET_SCAN:
        return False
    deep = rf"\n[ \t>*+\-.)\d]{{{MAX_NESTING + 1}}}"  # at a line's start; '\n' is found fast
    return re.search(deep, "\n" + body) is None


def _walked_problems(body: str) -> list[tuple[int, str]]:
    """The limits measured block by block, where each problem is."""
    found: dict[str, tuple[int, str]] = {}
    html = _HtmlDepth()
    for line_no, block in _blocks(body):
        problems = list(_block_problems(block))
        where = html.feed(block)
        if where is not None:
            message = f"HTML elements are nested more than {MAX_HTML_DEPTH} levels deep here"
            problems.append(("html", where, message))
        for kind, offset, message in problems:
            if kind not in found:
                found[kind] = (line_no + block.count("\n", 0, offset), message)
    return sorted(found.values())


def _blocks(body: str) -> Iterator[tuple[int, str]]:
    """(first line, text) of each paragraph-like block outside fenced code."""
    fence = ""
    start, lines = 0, []
    for number, line in enumerate(body.split("\n"), start=1):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
        if opening or not line.strip():
            if lines:
                yield start, "\n".join(lines)
            lines = []
            continue
        if not lines:
            start = number
        lines.append(line)
    if lines:
        yield start, "\n".join(lines)


def _block_problems(block: str) -> Iterator[tuple[str, int, str]]:
    """(kind, offset in the block, message) of each limit the block exceeds."""
    offset = 0
    for line in block.split("\n"):
        depth = _nesting(line)
        if depth > MAX_NESTING:
            yield "nesting", offset, (
                f"lists or quotes are nested {depth} levels deep here; the limit is {MAX_NESTING}"
            )
            break
        offset += len(line) + 1
    scan, where = _bracket_scan(block)
    if scan > MAX_BRACKET_SCAN:
        yield "brackets", where, (
            "this paragraph has too many '[' or '(' that are never closed; close each one, "
            "or write it as \\[ or \\("
        )
    runs = _EMPHASIS.findall(block)
    if len(runs) > MAX_EMPHASIS_RUNS:
        yield "emphasis", 0, (
            f"this paragraph has {len(runs):,} runs of '*' or '_'; the limit is "
            f"{MAX_EMPHASIS_RUNS}: write literal ones as \\* or \\_"
        )


def _nesting(line: str) -> int:
    """Container levels a line opens: indentation (4 columns a level), quote markers
    and list markers before its text."""
    expanded = line.expandtabs(4)
    indent = len(expanded) - len(expanded.lstrip(" "))
    depth, pos = indent // 4, 0
    while (marker := _CONTAINER.match(expanded, pos)) and marker.end() > pos:
        depth += 1
        pos = marker.end()
    return depth


class _HtmlDepth:
    """Open HTML elements across the blocks of a body (an element opened in one
    paragraph stays open in the next)."""

    def __init__(self) -> None:
        self.depth = 0

    def feed(self, block: str) -> int | None:
        """Where in `block` the nesting first goes over the limit, if it does."""
        over = None
        for tag in _TAG.finditer(block):
            closing, name, self_closing = tag.groups()
            if name.lower() in _VOID or self_closing:
                continue
            self.depth = max(self.depth - 1, 0) if closing else self.depth + 1
            if self.depth > MAX_HTML_DEPTH and over is None:
                over = tag.start()
        return over


def _bracket_scan(block: str) -> tuple[int, int]:
    """Characters the renderer rescans for brackets never closed (each unclosed one
    costs the rest of the paragraph), and where the first unclosed one is. Visits
    brackets and escapes only, so ordinary text costs one regex pass."""
    opened: dict[str, list[int]] = {"[": [], "(": []}
    for token in _BRACKETS.finditer(block):
        char = token.group()
        if char in opened:
            opened[char].append(token.start())
        elif char in _CLOSERS and opened[_CLOSERS[char]]:
            opened[_CLOSERS[char]].pop()
    unclosed = opened["["] + opened["("]
    return sum(len(block) - p for p in unclosed), min(unclosed, default=0)


def remove_controls(text: str) -> str:
    """`text` without control characters (see `_CONTROL`)."""
    return _CONTROL.sub("", text)


class AnalysisRenderer:
    """Reuses one Markdown instance: building one per claim costs more than rendering.

    With `memo`, bodies rendered before are not rendered again: `mkdocs serve` keeps
    one renderer across rebuilds, so editing one claim re-renders one analysis. With
    a `store` (the persistent digest cache), bodies rendered by an earlier process
    are not rendered either; `prepare` renders the rest on every core at once.
    """

    def __init__(
        self, *, trust_html: bool = False, memo: bool = False, store: DigestStore | None = None
    ) -> None:
        self.trust_html = trust_html
        self._md = markdown.Markdown(extensions=_EXTENSIONS, output_format="html")
        self._memo: dict[str, str] | None = {} if memo else None
        self._used: dict[str, str] = {}
        # Each body's store key: `forget_unused` hands the store every body used, and
        # hashing 10,000 of them again took ~0.04 s of each `serve` rebuild.
        self._keys: dict[str, bytes] = {}
        self._keep = memo or store is not None
        self.store = store

    def prepare(self, bodies: Iterable[str]) -> None:
        """Have every body's HTML ready: from the memo, the store, or rendered on
        every core (in order, so the result is that of one process)."""
        if not self._keep:
            return
        todo = [body for body in dict.fromkeys(bodies) if self._known(body) is None]
        rendered = map_chunks(partial(_render_all, trust_html=self.trust_html), todo)
        for body, html in zip(todo, rendered, strict=True):
            self._remember(body, html)

    def render(self, body: str) -> str:
        if not self._keep:
            return self._render(body)
        html = self._known(body)
        if html is None:
            html = self._render(body)
            self._remember(body, html)
        return html

    def _key(self, body: str) -> bytes:
        digest = self._keys.get(body)
        if digest is None:
            digest = key("analysis", "trusted" if self.trust_html else "sanitised", body)
            self._keys[body] = digest
        return digest

    def _known(self, body: str) -> str | None:
        html = self._used.get(body)
        if html is None and self._memo is not None:
            html = self._memo.get(body)
        if html is None and self.store is not None:
            stored = self.store.get(self._key(body))
            html = None if stored is MISSING else stored
        if html is not None:
            self._used[body] = html
        return html

    def _remember(self, body: str, html: str) -> None:
        self._used[body] = html
        if self.store is not None:
            self.store.put(self._key(body), html)

    def forget_unused(self) -> None:
        """Keep only what the last build used, so edits do not grow the memo forever;
        write the store with just those entries."""
        if self.store is not None:
            for body, html in self._used.items():
                self.store.put(self._key(body), html)
            self.store.save()
            self._keys = {body: self._keys[body] for body in self._used}
        if self._memo is not None:
            self._memo, self._used = self._used, {}
        else:
            self._used = {}

    def _render(self, body: str) -> str:
        """Markdown to HTML; a body over the limits (which `check` refuses) or one
        that still exhausts the recursion limit is published as escaped text."""
        body = remove_controls(body)
        if analysis_problems(body):
            return plain(body)
        try:
            html = self._md.reset().convert(body)
        except RecursionError:
            return plain(body)
        return remove_controls(html if self.trust_html else sanitise(html))


def _render_all(bodies: list[str], trust_html: bool) -> list[str]:
    """One process's share of `AnalysisRenderer.prepare`."""
    renderer = AnalysisRenderer(trust_html=trust_html)
    return [renderer.render(body) for body in bodies]


def plain(body: str) -> str:
    """The body as escaped paragraphs of text, cut to the size limit."""
    text = remove_controls(body[:MAX_BODY_CHARS])
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)


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
