"""`mkdocs serve --dirty`: the per-claim static files (share cards, embeds) copied into
the site folder beside MkDocs, not handed to it as Files.

At 10,000 claims they are 20,000 Files, and MkDocs spends about a second of every
rebuild on their bookkeeping (a File each, two `stat`s each to see whether to copy
it, every filter over the file list) although an edit changes one or two of them.
A dirty rebuild never cleans the site folder, so a file copied once stays until its
bytes change (the page store's digest says so) or its claim goes (the plugin's stale
file removal). Without `--dirty`, MkDocs empties the folder on every rebuild: there
the files stay MkDocs Files.
"""

from __future__ import annotations

import os
import re
import shutil

from generator.adapters.page_store import PageStore
from generator.cards import card_path
from generator.pages import Output, embed_path

# One card and one embed per claim: the files whose number grows with the site.
PER_CLAIM = re.compile("|".join(re.escape(f("@")).replace("@", "[^/]+") for f in (card_path, embed_path)))


def is_per_claim_file(output: Output) -> bool:
    return not output.is_markdown and PER_CLAIM.fullmatch(output.path) is not None


class BesideFiles:
    """This rebuild's per-claim files by site path (their stored copies), and what was
    copied into which site folder, with which bytes."""

    def __init__(self) -> None:
        self.stored: dict[str, str] = {}
        self._copied: dict[str, tuple[str, bytes | None]] = {}

    def start(self) -> None:
        self.stored = {}

    def add(self, output: Output, store: PageStore) -> None:
        self.stored[output.path] = store.save(output)

    def copy_into(self, site_dir: str, store: PageStore) -> None:
        """Copy each file whose bytes (or site folder) changed since it was copied."""
        for path, stored in self.stored.items():
            mark = (site_dir, store.digest(path))
            if self._copied.get(path) != mark:
                dest = os.path.join(site_dir, path)
                os.makedirs(os.path.dirname(dest), exist_ok=True)
                shutil.copyfile(stored, dest)
                self._copied[path] = mark
        self._copied = {p: m for p, m in self._copied.items() if p in self.stored}

    def site_paths(self, site_dir: str) -> set[str]:
        """Where the files are in the site, spelt as MkDocs spells `File.abs_dest_path`."""
        return {os.path.normpath(os.path.join(site_dir, path)) for path in self.stored}
