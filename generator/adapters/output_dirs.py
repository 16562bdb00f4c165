"""The one rule for every folder factcheck writes into or deletes: the serve page
store, a build's store (kept or temporary), MkDocs' `site_dir`, `factcheck build`'s staging
and `factcheck generate --out`.

A wrong option value (`content`, `""`, `.`, `docs`) must never delete the claims or
the hand-written pages, so a folder is refused when it is, contains or lies inside a
protected folder (the claims folder, `docs/`), when it is or contains the project
root, and when it already holds files but no `MARKER` (factcheck did not create it).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

MARKER = ".factcheck-generated"
# Folders factcheck filled before markers existed, known by files nobody writes by hand:
# a site MkDocs built, and a serve page store (its exports and assets).
_SIGNATURES = (("sitemap.xml.gz", "404.html"), ("claims.json", "assets/factcheck/factcheck.css"))


class UnsafeOutput(Exception):
    """The folder is not one factcheck may write into or delete."""


def check_output_dir(
    folder: Path, *, option: str, project_root: Path, protected: Iterable[Path]
) -> Path:
    """`folder` resolved, or UnsafeOutput naming `option`; call before writing or deleting."""
    folder = folder.resolve()
    root = project_root.resolve()
    if folder == root or folder in root.parents:
        raise UnsafeOutput(f"{option}: {folder} is the project folder or contains it; choose a subfolder such as site/")
    for kept in protected:
        kept = kept.resolve()
        if folder == kept or kept in folder.parents or folder in kept.parents:
            raise UnsafeOutput(f"{option}: {folder} overlaps {kept}, which factcheck never writes into")
    if folder.is_dir() and not is_ours(folder):
        raise UnsafeOutput(
            f"{option}: {folder} is not empty and was not written by factcheck; "
            "choose another folder or empty it yourself"
        )
    if folder.exists() and not folder.is_dir():
        raise UnsafeOutput(f"{option}: {folder} is a file, not a folder")
    return folder


def is_ours(folder: Path) -> bool:
    """Empty, marked by factcheck, or filled by it before markers existed."""
    if (folder / MARKER).is_file():
        return True
    if any(all((folder / name).is_file() for name in names) for names in _SIGNATURES):
        return True
    # Another build may mark the folder between the first look and this one.
    return next(folder.iterdir(), None) is None or (folder / MARKER).is_file()


def mark(folder: Path) -> None:
    """Claim `folder` as factcheck's, so later runs may replace it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text("Written by factcheck; safe to delete.\n", encoding="utf-8")
