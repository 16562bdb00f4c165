"""Material's search index under `mkdocs serve --dirty`.

Under --dirty, Material's search plugin carries the last index over and replaces only
the first rebuilt page's entries, so a deleted claim stayed findable and other rebuilt
pages were listed twice: `prune` keeps the last entries only of pages that still exist
and were not rebuilt. It also serialises the whole index again on every rebuild (~24 MB,
0.3 s at 10,000 claims), though every entry but the rebuilt pages' is the very object
it serialised last time: `EntryJson` keeps each entry's JSON for as long as the entry.

Both reach into the plugin's state (`search_index`, `search_index_prev`), which it
offers no event for. tests/test_served_search.py compares the text with Material's own
serialisation, so a Material release that changes it fails there, not silently, and
tests/test_serve.py compares the index after edits with a fresh preview's.
"""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from material.plugins.search.plugin import SearchIndex
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

# How Material's `generate_search_index` serialises the index (`json.dumps` options).
_SEPARATORS = (",", ":")
# What it returns for an index without entries ends so: the entries go in the list.
_EMPTY_END = '"docs":[]}'


def search_plugin(config: MkDocsConfig) -> Any:
    return config.plugins.get("material/search") or config.plugins.get("search")


def prune(config: MkDocsConfig, files: Files) -> None:
    """Keep the last rebuild's entries only of pages that still exist and were not
    rebuilt now; then the plugin has no previous index left to merge."""
    search = search_plugin(config)
    previous = getattr(search, "search_index_prev", None)
    current = getattr(search, "search_index", None)
    if previous is None or current is None:
        return
    rebuilt = {e["location"].split("#")[0] for e in current.entries}
    keep = {f.url for f in files.documentation_pages()} - rebuilt  # once: not per entry
    kept = [e for e in previous.entries if e["location"].split("#")[0] in keep]
    current.entries = kept + current.entries
    search.search_index_prev = None


class EntryJson:
    """Each search entry's JSON, kept while that very entry is in the index (entries
    are made once per rendered page and never changed after)."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[dict[str, Any], str]] = {}  # id -> (entry, its JSON)

    def serialise_with_memo(self, config: MkDocsConfig) -> None:
        """Have Material's search plugin serialise this build's index (a new object
        every build) through the memo."""
        current = getattr(search_plugin(config), "search_index", None)
        if isinstance(current, SearchIndex):
            current.generate_search_index = partial(self.index_json, current)  # type: ignore[method-assign]

    def index_json(self, index: SearchIndex, prev: Any) -> str:
        """The text Material's `generate_search_index(prev)` returns, made from each
        entry's kept JSON; Material's own method, whenever it is not the plain case."""
        entries, index.entries = index.entries, []
        try:
            empty = SearchIndex.generate_search_index(index, None)
        finally:
            index.entries = entries
        if prev is not None or not empty.endswith(_EMPTY_END):
            return SearchIndex.generate_search_index(index, prev)
        known, self._known = self._known, {}
        parts = []
        for entry in entries:
            hit = known.get(id(entry))
            text = hit[1] if hit is not None and hit[0] is entry else _entry_json(entry)
            self._known[id(entry)] = (entry, text)
            parts.append(text)
        if not parts:
            return empty
        # One join: the index is ~24 MB at 10,000 claims, and each further copy of it
        # cost ~0.05 s on the bench machine.
        parts[0] = empty[: -len("]}")] + parts[0]
        parts[-1] += "]}"
        return ",".join(parts)


def _entry_json(entry: dict[str, Any]) -> str:
    return json.dumps(entry, separators=_SEPARATORS, default=str)
