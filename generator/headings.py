"""Generated pages are HTML blocks plus `##` headings (optionally `{ data-search-exclude }`); this turns them into the HTML
and table of contents a markdown renderer would produce, in a fraction of the time.

Python-Markdown scans raw HTML blocks with a Python HTML parser, which made rendering
generated pages the largest single cost of a big build. The MkDocs adapter hands this
HTML to MkDocs directly; the markdown stays the portable form for other generators.
A test checks the two renderings agree for every built-in template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown.extensions.toc import slugify
from markupsafe import escape

_HEADING = re.compile(r"^(#{2,6}) +(.+?)(?: +\{ *(data-search-exclude) *\})? *#*$", re.MULTILINE)


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    name: str
    children: list[Heading] = field(default_factory=list)

    def token(self) -> dict[str, object]:
        """The shape MkDocs' `get_toc` takes."""
        return {"level": self.level, "id": self.id, "name": self.name,
                "children": [c.token() for c in self.children]}  # fmt: skip


@dataclass(frozen=True)
class RenderedBody:
    html: str
    toc: tuple[Heading, ...]


def render_headings(body: str) -> RenderedBody:
    """HTML for a body made of raw HTML blocks and markdown ATX headings."""
    flat: list[Heading] = []
    used: set[str] = set()

    def heading(match: re.Match[str]) -> str:
        level, text, flag = len(match.group(1)), match.group(2), match.group(3)
        anchor = unique(slugify(text, "-"), used)
        flat.append(Heading(level, anchor, str(escape(text))))
        permalink = f'<a class="headerlink" href="#{anchor}" title="Permanent link">&para;</a>'
        attrs = f"{flag} " if flag else ""
        return f'<h{level} {attrs}id="{anchor}">{escape(text)}{permalink}</h{level}>'

    html = _HEADING.sub(heading, body)
    return RenderedBody(html, nest(flat))


def unique(anchor: str, used: set[str]) -> str:
    candidate, n = anchor, 1
    while candidate in used:
        candidate = f"{anchor}_{n}"
        n += 1
    used.add(candidate)
    return candidate


def nest(flat: list[Heading]) -> tuple[Heading, ...]:
    roots: list[Heading] = []
    stack: list[Heading] = []
    for item in flat:
        while stack and stack[-1].level >= item.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(item)
        stack.append(item)
    return tuple(roots)
