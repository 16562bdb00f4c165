"""What one `mkdocs serve` rebuild hands the next, so an edit to an analysis re-renders
one page instead of the site.

Every output but a claim's own page, the open-data JSON and the transparency page is
rendered, in every build, from the claims *without* their analyses (the pipeline's
`without_analyses`), so none of them can read one. Such an output is therefore a
function of the settings, the templates, the git history and those stripped claims:
the `key`. While the key is equal, each is the output the last rebuild made; a
claim's page is also kept while its own claim is equal. The key is made of the inputs
themselves, never of a list of what each template reads, so no template (built-in or
a site's override) can read something the key misses: an incremental build equals a
clean one (tests/test_incremental.py).

Kept only under `serve`: a build holds nothing, so memory stays flat at 20,000 claims.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from generator.model import Claim

T = TypeVar("T")


@dataclass
class Reuse(Generic[T]):
    """The last rebuild's outputs by part name, and its claim pages by claim id."""

    key: tuple[Any, ...] | None = None
    parts: dict[str, list[Any]] = field(default_factory=dict)
    pages: dict[str, tuple[Claim, T]] = field(default_factory=dict)
    # Pieces of outputs that do read analyses, each kept with the claim it was made from.
    pieces: dict[str, tuple[Claim, str]] = field(default_factory=dict)

    def begin(self, key: tuple[Any, ...]) -> None:
        """Start a rebuild: what was kept stands only if the key is equal."""
        if key != self.key:
            self.key, self.parts, self.pages, self.pieces = key, {}, {}, {}

    def part(self, name: str, make: Callable[[], Iterable[Any]]) -> Iterator[Any]:
        """The part's outputs as last made, else made now (and kept once complete)."""
        kept = self.parts.get(name)
        if kept is not None:
            yield from kept
            return
        made = []
        for output in make():
            made.append(output)
            yield output
        self.parts[name] = made

    def page(self, claim: Claim) -> T | None:
        """The claim's page as last made, if the claim (analysis included) is equal."""
        kept = self.pages.get(claim.id)
        return kept[1] if kept is not None and (kept[0] is claim or kept[0] == claim) else None

    def keep_pages(self, pages: dict[str, tuple[Claim, T]]) -> None:
        """This rebuild's claim pages; the pages of deleted claims go."""
        self.pages = pages


def part(reuse: Reuse[Any] | None, name: str, make: Callable[[], Iterable[T]]) -> Iterator[T]:
    """`make()`, or the kept part when rebuilding under `serve`."""
    return iter(make()) if reuse is None else reuse.part(name, make)


def folder_digest(folders: Iterable[Path]) -> bytes:
    """Every file's path and bytes under `folders`: the templates, for the key. A
    template edit under `serve` thus renders everything afresh."""
    digest = hashlib.blake2b(digest_size=16)
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            for piece in (str(path).encode("utf-8", "surrogateescape"), path.read_bytes()):
                digest.update(len(piece).to_bytes(8, "big") + piece)
    return digest.digest()
