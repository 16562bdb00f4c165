"""What `mkdocs serve` shows while claim files have problems.

The preview never stops answering (MkDocs' dev server holds every request while a
rebuild has failed, so the plugin never fails a serve rebuild over a claim). Instead:

- `problems_json`: the problems as `path:line: field: message` lines, written into the
  site on every rebuild; `preview-problems.js`, on every page, shows them in an overlay.
  A script, not the page's HTML, because `serve --dirty` re-renders only the pages
  whose source changed, and the overlay must appear (and clear) on all of them.
- `problem_pages`: at each invalid claim's URL, a page listing that file's problems.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath

from markupsafe import Markup

from generator.pages import Output, front_matter

SCRIPT = "assets/factcheck/preview-problems.js"
SCRIPT_SOURCE = Path(__file__).resolve().parent / "preview-problems.js"
PROBLEMS_JSON = "assets/factcheck/problems.json"


def problems_json(problems: Iterable[object]) -> str:
    """The overlay's data: one line per problem, as the terminal prints them."""
    return json.dumps([str(p) for p in problems], ensure_ascii=False)


def problem_pages(problems: Iterable[object], taken: set[str]) -> Iterator[Output]:
    """A page per invalid claim file, at the URL its file name gives it, unless a
    valid claim already has that URL (`taken`: output paths)."""
    by_file: dict[str, list[str]] = {}
    for problem in problems:
        path = getattr(problem, "path", "")
        if path.endswith(".md"):
            by_file.setdefault(path, []).append(str(problem))
    for path, lines in by_file.items():
        target = f"claims/{PurePath(path).stem}.md"
        if target in taken:
            continue
        items = Markup("").join(Markup("<li><code>{}</code></li>\n").format(line) for line in lines)
        body = Markup(
            '<div class="admonition failure fc-problems" role="alert">\n'
            '<p class="admonition-title">{} has {} problem{}</p>\n<ul>\n{}</ul>\n'
            "<p>Fix the file and save it: this page comes back by itself.</p>\n</div>\n"
        ).format(path, len(lines), "s" * (len(lines) != 1), items)
        meta = front_matter({"title": f"Problems in {PurePath(path).name}"}, listing=True, hide=None)
        yield Output(target, str(body), meta=meta, ready_html=True)
