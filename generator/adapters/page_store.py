"""Generated pages on disk for `mkdocs serve --dirty`.

MkDocs rebuilds an in-memory page on every change, but a file-backed one only when
its modification time is newer than its output. Writing a page only when its bytes
changed therefore lets a dirty rebuild skip every page an edit did not touch.
The folder lives outside `docs/` (writing there would make `serve` rebuild forever).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from generator.pages import Page


class PageStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._digests: dict[str, bytes] = {}
        shutil.rmtree(root, ignore_errors=True)  # a fresh serve session starts clean
        self.written = 0

    def save(self, output: Page) -> str:
        """The page's file path, rewritten only if its content changed."""
        data = output.content.encode("utf-8") if isinstance(output.content, str) else output.content
        digest = hashlib.blake2b(data, digest_size=16).digest()
        path = self.root / output.path
        if self._digests.get(output.path) != digest or not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            self._digests[output.path] = digest
            self.written += 1
        return str(path)
