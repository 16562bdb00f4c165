"""Where generated pages live and how they link to each other.

Links inside generated HTML are relative, so the site works under any base path
(GitHub Pages project sites) and is not rewritten by the site generator.
"""

from __future__ import annotations


def page_url(path: str) -> str:
    """`claims/x.md` -> `claims/x/`; `index.md` files stand for their folder."""
    stem = path[: -len(".md")] if path.endswith(".md") else path
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_url(from_url: str, to_url: str) -> str:
    """The link from the page at `from_url` to `to_url` (both site-relative).

    Called for every link of every page, so it compares path segments directly
    instead of going through `posixpath.relpath`.
    """
    target, _, fragment = to_url.partition("#")
    here = [s for s in from_url.split("/") if s]
    there = [s for s in target.split("/") if s]
    common = 0
    for a, b in zip(here, there):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(here) - common) + there[common:]
    path = "/".join(parts) or "."
    if target.endswith("/") or not target:
        path = path + "/" if path != "." else "./"
    return path + (f"#{fragment}" if fragment else "")


def claim_url(claim_id: str) -> str:
    return f"claims/{claim_id}/"
