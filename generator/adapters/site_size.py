"""What a built site weighs against GitHub Pages' limit, the host the workflow deploys to.

A published GitHub Pages site may be no larger than 1 GB; over it, GitHub's deploy
action warns that the deploy "might fail". At ~67 kB a claim (BENCHMARKS.md, #14) a
site passes the limit near 15,000 claims, so `factcheck build` says so first, with
the folders that weigh most and the one switch that lightens it without touching the
claims (the share cards, ~16 kB a claim). An adapter, not the core: it knows the host
and the plugin option in mkdocs.yml that it names.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.cards import CARDS_DIR

PAGES_LIMIT = 1_000_000_000  # bytes: GitHub Pages' "1 GB" for a published site


@dataclass(frozen=True)
class SiteSize:
    total: int
    files: int
    parts: dict[str, int]  # bytes under each top-level entry ("name/" for a folder)


def measure(root: Path) -> SiteSize:
    """Bytes of every file under `root`, by top-level entry; links are not followed
    (a link counts as itself)."""
    parts: dict[str, int] = {}
    files = 0
    with os.scandir(root) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                count, size = _folder(entry.path)
                parts[entry.name + "/"] = size
            else:
                count, size = 1, entry.stat(follow_symlinks=False).st_size
                parts[entry.name] = size
            files += count
    return SiteSize(sum(parts.values()), files, parts)


def _folder(path: str) -> tuple[int, int]:
    count = size = 0
    for folder, _, names in os.walk(path):
        for name in names:
            count += 1
            size += os.lstat(os.path.join(folder, name)).st_size
    return count, size


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB"


def over_limit(size: SiteSize, limit: int | None = None) -> str | None:
    """What to tell the desk when the site is over `limit` (GitHub Pages'), else None."""
    limit = PAGES_LIMIT if limit is None else limit
    if size.total <= limit:
        return None
    heaviest = sorted(size.parts.items(), key=lambda part: (-part[1], part[0]))[:3]
    named = ", ".join(f"{name} {megabytes(bytes_)}" for name, bytes_ in heaviest)
    message = (
        f"the site weighs {megabytes(size.total)}, over GitHub Pages' limit of "
        f"{megabytes(limit)} for a published site, so a deploy to it may fail. "
        f"Heaviest: {named}."
    )
    cards = size.parts.get(CARDS_DIR)
    if cards:
        message += (
            f" `share_cards: false` under the factcheck plugin in mkdocs.yml leaves out "
            f"the share cards ({megabytes(cards)})."
        )
    return message
