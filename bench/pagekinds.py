"""Where MkDocs' per-page time goes, by page kind: a timing harness for one build.

`instrument(config)` wraps, for the build that follows in this process:

- `_populate_page` and `_build_page` of mkdocs.commands.build (one page each),
- `Page.render` (Python-Markdown: "markdown"),
- `jinja2.Template.render` while a page is built (the theme: "template"),
- every page-level plugin event handler ("search" for the search plugin's indexing in
  on_page_context, "plugin <name>" for the others, on_post_page included),

and keeps exclusive time (a nested bucket pauses its parent) per (page kind, bucket);
what a page's own wrapper keeps is "other" (reading the source, the context, writing
the file). Everything outside pages (on_files, where factcheck generates its pages;
copying assets; writing the search index) is "outside pages". The kind of a page is
the first folder of its source path ("claims" -> "claim"; index pages of a folder are
"<folder> (index)"); top-level pages are "other pages".

Used by `bench/where.py --build --by-kind`; never part of a site's mkdocs.yml.
"""

from __future__ import annotations

import contextlib
import time
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

PAGE_EVENTS = (
    "pre_page",
    "page_read_source",
    "page_markdown",
    "page_content",
    "page_context",
    "post_page",
)
BUCKETS = ("markdown", "template", "search", "plugins", "other")


def page_kind(src_uri: str) -> str:
    """The kind of a page from its source path."""
    parts = src_uri.split("/")
    if len(parts) == 1:
        return "other pages"
    folder = "claim" if parts[0] == "claims" else parts[0]
    if parts[-1] == "index.md" and len(parts) == 2:
        return f"{parts[0]} (index)"
    return folder


class Clock:
    """Exclusive time per (kind, bucket): entering a bucket pauses the one below it."""

    def __init__(self) -> None:
        self.totals: dict[tuple[str, str], float] = defaultdict(float)
        self.pages: dict[str, int] = defaultdict(int)
        self.stack: list[tuple[str, str]] = []
        self.mark = 0.0

    def enter(self, kind: str, bucket: str) -> None:
        now = time.perf_counter()
        if self.stack:
            self.totals[self.stack[-1]] += now - self.mark
        self.stack.append((kind, bucket))
        self.mark = now

    def leave(self) -> None:
        now = time.perf_counter()
        self.totals[self.stack.pop()] += now - self.mark
        self.mark = now

    @property
    def kind(self) -> str | None:
        return self.stack[0][0] if self.stack else None


def _timed(clock: Clock, bucket: str, function: Any) -> Any:
    """`function` with its time, when a page is in progress, put in `bucket`."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        kind = clock.kind
        if kind is None:
            return function(*args, **kwargs)
        clock.enter(kind, bucket)
        try:
            return function(*args, **kwargs)
        finally:
            clock.leave()

    return wrapper


def _per_page(clock: Clock, function: Any) -> Any:
    """A page-level build step: its page's kind opens the stack, its own time is 'other'."""

    def wrapper(page: Any, *args: Any, **kwargs: Any) -> Any:
        kind = page_kind(page.file.src_uri)
        if not clock.stack:
            clock.pages[kind] += function.__name__ == "_build_page"
        clock.enter(kind, "other")
        try:
            return function(page, *args, **kwargs)
        finally:
            clock.leave()

    return wrapper


@contextlib.contextmanager
def instrumented(config: Any) -> Iterator[Clock]:
    """Within the block, the build steps (module-wide) and `config`'s page events are
    timed; everything is put back after it."""
    import jinja2
    from mkdocs.commands import build
    from mkdocs.structure.pages import Page

    clock = Clock()
    patches = [
        (build, "_populate_page", _per_page(clock, build._populate_page)),
        (build, "_build_page", _per_page(clock, build._build_page)),
        (Page, "render", _timed(clock, "markdown", Page.render)),
        (jinja2.Template, "render", _timed(clock, "template", jinja2.Template.render)),
    ]
    originals = [(owner, name, owner.__dict__[name]) for owner, name, _ in patches]
    events = {event: list(config.plugins.events[event]) for event in PAGE_EVENTS}
    for owner, name, wrapper in patches:
        setattr(owner, name, wrapper)
    _wrap_events(clock, config.plugins)
    try:
        yield clock
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)
        config.plugins.events.update(events)


def _wrap_events(clock: Clock, plugins: Any) -> None:
    """Every page-level event handler timed in its plugin's bucket."""
    for event in PAGE_EVENTS:
        wrapped = []
        for method in plugins.events[event]:
            name = plugins._event_origins.get(method, "<unknown>")
            bucket = "search" if name.split("/")[-1] == "search" else f"plugin {name}"
            timed_method = _timed(clock, bucket, method)
            plugins._event_origins[timed_method] = name
            wrapped.append(timed_method)
        plugins.events[event] = wrapped


def summary(clock: Clock, build_seconds: float) -> dict[str, Any]:
    """{"build_seconds", "outside_pages", "kinds": {kind: {"pages", "seconds", bucket: s}}}
    with plugin buckets summed into "plugins" and also kept by name under "by_plugin"."""
    kinds: dict[str, dict[str, Any]] = {}
    for (kind, bucket), seconds in clock.totals.items():
        row = kinds.setdefault(
            kind,
            {
                "pages": clock.pages.get(kind, 0),
                "seconds": 0.0,
                **{b: 0.0 for b in BUCKETS},
                "by_plugin": {},
            },
        )
        row["seconds"] += seconds
        if bucket.startswith("plugin "):
            row["plugins"] += seconds
            row["by_plugin"][bucket[7:]] = row["by_plugin"].get(bucket[7:], 0.0) + seconds
        else:
            row[bucket] += seconds
    in_pages = sum(row["seconds"] for row in kinds.values())
    return {
        "build_seconds": build_seconds,
        "outside_pages": build_seconds - in_pages,
        "kinds": dict(sorted(kinds.items(), key=lambda kv: -kv[1]["seconds"])),
    }


def table(data: dict[str, Any], top: int | None = None) -> str:
    """A markdown table of a summary(): seconds per kind and bucket, ms per page."""
    rows = list(data["kinds"].items())
    shown, rest = (rows[:top], rows[top:]) if top else (rows, [])
    lines = [
        (
            "| page kind | pages | s in all | ms per page | markdown | template | search "
            "index | plugins | other |"
        ),
        "|:---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, row in shown:
        lines.append(_line(kind, row))
    if rest:
        merged = {k: sum(r[k] for _, r in rest) for k in ("pages", "seconds", *BUCKETS)}
        lines.append(_line(f"{len(rest)} other kinds", merged))
    lines.append(
        f"| outside pages (on_files, assets, search index file, ...) | | "
        f"{data['outside_pages']:.2f} | | | | | | |"
    )
    lines.append(f"| **whole build** | | {data['build_seconds']:.2f} | | | | | | |")
    return "\n".join(lines)


def _line(kind: str, row: dict[str, Any]) -> str:
    pages = int(row["pages"])
    per_page = f"{row['seconds'] / pages * 1000:.1f}" if pages else "-"
    cells = " | ".join(f"{row[b]:.2f}" for b in BUCKETS)
    return f"| {kind} | {pages:,} | {row['seconds']:.2f} | {per_page} | {cells} |"
