"""The theme's translations, each looked up once a build (overrides/partials/language.html).

Material's `t(key)` macro writes out its language's whole table (55 strings in
English) as a dictionary on every call, to return one of them; a page calls it ~25
times, so 12,000 pages built it ~300,000 times (~1.5 s of a 10,000-claim build under
the profiler). A translation depends only on the language's template and the key,
and the templates do not change within a build: the plugin gives each build's
environment a fresh memo.
"""

from __future__ import annotations

from typing import Any


class TranslationMemo:
    """`fc_translation(key, lang, fallback)`: what Material's `t` returns
    (`lang.t(key) or fallback.t(key) or key`), worked out once for each language
    template and key."""

    def __init__(self) -> None:
        self._found: dict[tuple[str, str, str], str] = {}

    def __call__(self, key: str, lang: Any, fallback: Any) -> str:
        memo_key = (lang.__name__, fallback.__name__, key)
        found = self._found.get(memo_key)
        if found is None:
            found = self._found[memo_key] = str(lang.t(key) or fallback.t(key) or key)
        return found
