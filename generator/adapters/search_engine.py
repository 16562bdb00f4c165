"""Which search engine a build uses (the plugin option `search_engine`).

`material` and `pagefind` force one. `auto` (the default) picks from the number of
published claims, because the two engines cost a reader differently before the first
result (measured in headless Chromium by tools/search_payload.py, gzip as GitHub Pages
sends it; see BENCHMARKS.md "Search payload"):

- Material's search downloads its whole search_index.json first: about 1 kB gzip per
  claim on top of a fixed ~15 kB (its worker and the non-claim pages), so it passes
  1 MB near 1,000 claims;
- Pagefind fetches its script, wasm and metadata (a fixed ~130 kB gzip) and then a few
  index chunks and result fragments, which grow slowly with the site (~0.3 MB at 10,000).

Below `search_auto_threshold` claims Material's index is the lighter download; from it
on Pagefind is. Under `mkdocs serve`, `auto` keeps Material's search: the preview is
read from the same machine, and re-indexing every claim page with Pagefind on each
rebuild would slow the edit preview. Pure logic, no MkDocs: the plugin calls `choose`.
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
