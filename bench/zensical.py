"""Zensical side by side: build the `factcheck generate --out` folder with the Zensical
release pinned in bench/requirements-zensical.txt and compare it with MkDocs' build of
the same folder.

Zensical reads `mkdocs.yml` when a folder has no `zensical.toml` (its `build` looks for
zensical.toml, mkdocs.yml, mkdocs.yaml in that order) and writes to the config's
`site_dir`. It lives in its own venv under build/ (never committed), made on first use.
Whatever fails (install, build) is reported with its error text instead of ending the
benchmark: the report says exactly why Zensical could not build the folder.
"""

from __future__ import annotations

import difflib
import html.parser
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REQUIREMENTS = HERE / "requirements-zensical.txt"
ERROR_LINES = 15  # of an install's or a build's output, kept for the report


def tail(text: str, lines: int = ERROR_LINES) -> str:
    """The last lines of a tool's output, pip's noise about missing local indexes aside."""
    kept = [
        line
        for line in text.splitlines()
        if line.strip() and "is ignored: it is neither" not in line
    ]
    return "\n".join(kept[-lines:])


def ensure_venv(venv: Path) -> str | None:
    """Create `venv` with the pinned Zensical unless it has it already; the error text
    when that is impossible, else None."""
    stamp = venv / ".requirements"
    wanted = REQUIREMENTS.read_text("utf-8")
    if (
        (venv / "bin" / "zensical").is_file()
        and stamp.is_file()
        and stamp.read_text("utf-8") == wanted
    ):
        return None
    shutil.rmtree(venv, ignore_errors=True)
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "-r", str(REQUIREMENTS)],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            return f"`{' '.join(step[-3:])}` failed:\n{tail(done.stdout + done.stderr)}"
    stamp.write_text(wanted, "utf-8")
    return None


def version(venv: Path) -> str:
    done = subprocess.run(
        [str(venv / "bin" / "zensical"), "--version"], capture_output=True, text=True, check=False
    )
    return done.stdout.strip() or "unknown"


# ----------------------------------------------------------------- comparing sites


class _ArticleText(html.parser.HTMLParser):
    """The text inside the first <article> (Material's and Zensical's main content)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # nesting inside <article>; 0 = outside
        self.done = False
        self.parts: list[str] = []
        self.skip = 0  # inside <script>/<style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        if tag == "article" and not self.done or self.depth and tag == "article":
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        if tag == "article" and self.depth:
            self.depth -= 1
            self.done = self.depth == 0

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)


def article_text(page: str) -> str:
    """Main-article text with whitespace runs made one space: what a reader reads,
    whatever the two engines' markup or indentation."""
    parser = _ArticleText()
    parser.feed(page)
    parser.close()
    return re.sub(r"\s+", " ", " ".join(parser.parts)).strip()


def html_paths(site: Path) -> set[str]:
    """Every HTML file of a site, relative, with '/' separators."""
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def compare(
    mkdocs_site: Path,
    other_site: Path,
    is_claim: Callable[[str], bool] = lambda p: p.startswith("claims/"),
) -> dict[str, Any]:
    """Same HTML paths? Same article text on the claim pages both have? Counts and the
    first mismatch's diff (a few lines)."""
    ours, theirs = html_paths(mkdocs_site), html_paths(other_site)
    common = sorted(ours & theirs)
    claims = [p for p in common if is_claim(p)]
    matches, mismatches, example = 0, 0, ""
    for path in claims:
        a = article_text((mkdocs_site / path).read_text("utf-8", "replace"))
        b = article_text((other_site / path).read_text("utf-8", "replace"))
        if a == b:
            matches += 1
            continue
        mismatches += 1
        if not example:
            example = f"{path}:\n" + first_diff(a, b)
    return {
        "paths_only_mkdocs": len(ours - theirs),
        "paths_only_other": len(theirs - ours),
        "paths_common": len(common),
        "same_paths": ours == theirs,
        "only_mkdocs_examples": sorted(ours - theirs)[:3],
        "only_other_examples": sorted(theirs - ours)[:3],
        "claim_pages_compared": len(claims),
        "claim_text_matches": matches,
        "claim_text_mismatches": mismatches,
        "example_diff": example,
    }


def first_diff(a: str, b: str, lines: int = 8) -> str:
    """A short unified diff of two texts, one sentence a line so it stays readable."""
    split = lambda text: re.split(r"(?<=[.!?]) ", text)
    diff = difflib.unified_diff(split(a), split(b), "mkdocs", "zensical", n=0, lineterm="")
    return "\n".join(list(diff)[:lines])
