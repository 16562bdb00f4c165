"""Which search engine a build uses (the plugin option `search_engine`).

`material` and `pagefind` force one. `auto` (the default) picks from the number of
published claims, because the two engines cost a reader differently before the first
result (measured in headless Chromium by tools/search_payload.py, gzip as GitHub Pages
sends it, search files only, the page view aside; see BENCHMARKS.md "Search payload"):

- Material's search downloads its whole search_index.json and its worker first: about
  1.06 kB gzip per claim on top of ~25 kB (the worker and the non-claim pages), so
  0.13 MB at 100 synthetic claims, 0.24 MB at 200, 1.08 MB at 1,000;
- Pagefind fetches its script, worker and wasm (~100 kB) and a few index chunks and
  result fragments, which grow slowly: 0.17 MB at 100 and 200, 0.18 MB at 1,000,
  0.31 MB at 10,000.

The two cross near 140 claims, hence the default threshold of 150 (at 140-150 they
differ by under 10 kB; Pagefind ranked claimant names as well or better in every run).

Under `mkdocs serve`, `auto` keeps Material's search: the preview is read from the same
machine, and re-indexing every claim page with Pagefind on each rebuild would slow the
edit preview. Pure logic, no MkDocs: the plugin calls `choose`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Engine = Literal["material", "pagefind"]
OPTIONS = ("auto", "material", "pagefind")
# Published claims from which `auto` picks Pagefind (see the module docstring and
# BENCHMARKS.md for the measurements it comes from).
DEFAULT_THRESHOLD = 150


@dataclass(frozen=True)
class Choice:
    """The engine a build uses and why, for the build log."""

    engine: Engine
    reason: str

    def message(self) -> str:
        return f"search: {self.engine} ({self.reason})"


def choose(
    option: str, claims: int, *, threshold: int = DEFAULT_THRESHOLD, serving: bool = False,
    has_search_plugin: bool = True,
) -> Choice:
    """The engine for `option` (`auto`, `material` or `pagefind`) with `claims` published
    claims. Forced options are kept as they are; `auto` never picks Pagefind without
    Material's search plugin, whose search box Pagefind drives."""
    if option not in OPTIONS:
        raise ValueError(f"search_engine must be one of {', '.join(OPTIONS)} (got {option!r})")
    if option != "auto":
        return Choice(option, f"search_engine: {option}")  # type: ignore[arg-type]
    if not has_search_plugin:
        return Choice("material", "auto: no `search` plugin in mkdocs.yml, so no site search")
    if serving:
        return Choice("material", "auto under `mkdocs serve`: Pagefind would re-index every "
                      "claim page on each rebuild; `mkdocs build` chooses by size")  # fmt: skip
    if claims >= threshold:
        return Choice("pagefind", f"auto: {claims:,} published claims, at least "
                      f"search_auto_threshold {threshold:,}")  # fmt: skip
    return Choice("material", f"auto: {claims:,} published claims, fewer than "
                  f"search_auto_threshold {threshold:,}")  # fmt: skip
