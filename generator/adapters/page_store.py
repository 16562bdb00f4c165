"""Generated pages on disk, outside `docs/`, for MkDocs to read.

Two reasons. Memory: MkDocs reads every page before it writes any, so pages held in
memory would keep a 20,000-claim site in RAM; from disk each is read when needed.
`mkdocs serve --dirty`: MkDocs re-renders a file-backed page only when its modification
time is newer than its output, so writing a page only when its bytes changed lets a
rebuild skip every page an edit did not touch. (Never `docs/`: writing there would
make `serve` rebuild forever.)
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.adapters.output_dirs import check_output_dir, mark
from generator.pages import Output


class PageStore:
    def __init__(
        self,
        root: Path,
        *,
        option: str = "serve_cache_dir",
        project_root: Path | None = None,
        protected: Iterable[Path] = (),
    ) -> None:
        """A fresh store at `root`, which must pass the output-folder rule (see
        output_dirs): a fresh session deletes what is there."""
        self.root = check_output_dir(
            root, option=option, project_root=project_root or root.resolve().parent, protected=protected
        )
        self._digests: dict[str, bytes] = {}
        shutil.rmtree(self.root, ignore_errors=True)
        mark(self.root)
        self.written = 0

    def save(self, output: Output) -> str:
        """The page's file path, rewritten only if its content changed. Pages are stored
        as front-matter without `head` plus body; the adapter keeps `head` itself. A page
        with ready HTML also gets its HTML and table of contents beside it (`body`), made
        from the output itself when it is written, so nothing parses the stored text."""
        content = output.meta + str(output.data) if output.is_markdown else output.data
        data = content.encode("utf-8") if isinstance(content, str) else content
        digest = hashlib.blake2b(data, digest_size=16).digest()
        path = self.root / output.path
        body = _body_path(path)
        if self._digests.get(output.path) != digest or not path.is_file() or (output.ready_html and not body.is_file()):
            path.parent.mkdir(parents=True, exist_ok=True)
            rendered = output.body()
            if rendered is not None:
                toc = [h.token() for h in rendered.toc]
                body.write_text(json.dumps({"html": rendered.html, "toc": toc}, ensure_ascii=False), encoding="utf-8")
            path.write_bytes(data)
            self._digests[output.path] = digest
            self.written += 1
        return str(path)

    @staticmethod
    def body(stored: str) -> tuple[str, list[dict[str, Any]]]:
        """The HTML and table of contents saved beside the stored page `stored`."""
        saved = json.loads(_body_path(Path(stored)).read_text(encoding="utf-8"))
        return saved["html"], saved["toc"]

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def _body_path(stored: Path) -> Path:
    """Beside the page, under a name MkDocs never reads (it is not in the build's files)."""
    return stored.with_name(stored.name + ".body.json")
