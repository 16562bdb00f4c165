"""When each claim file changed, read from git in one pass.

A single `git log` over the whole claims folder (not one process per file) keeps the
cost flat as the site grows; without git, or outside a clone, the claim's own
`updated` log is all there is and this returns nothing.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

_MARK = "\x1e"  # starts each commit's line in the log output


@dataclass(frozen=True)
class History:
    """Commit dates per claim file (absolute path), newest first, and the file's
    path inside the repository (for the forge's history link)."""

    dates: dict[Path, tuple[dt.date, ...]] = field(default_factory=dict)
    repo_paths: dict[Path, str] = field(default_factory=dict)

    def changes(self, source: Path) -> tuple[dt.date, ...]:
        return self.dates.get(source.resolve(), ())

    def repo_path(self, source: Path) -> str | None:
        return self.repo_paths.get(source.resolve())


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotePath=false", "-C", str(folder), *args], capture_output=True, text=True,
            encoding="utf-8", errors="replace", check=False, timeout=300,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def read_history(claims_dir: Path) -> History:
    """Every claim file's commit dates from one `git log`; empty when not a clone."""
    folder = claims_dir.resolve()
    if not folder.is_dir():
        return History()
    top = _git(folder, "rev-parse", "--show-toplevel")
    if not top:
        return History()
    root = Path(top.strip()).resolve()
    if (_git(folder, "rev-parse", "--is-shallow-repository") or "").strip() == "true":
        return History()  # a shallow clone knows only its last commit: dates would be wrong
    log = _git(folder, "log", f"--format={_MARK}%cs", "--name-only", "--no-renames", "--", ".")
    if log is None:
        return History()
    return parse_log(log, root)


def parse_log(log: str, root: Path) -> History:
    """`git log --format=<mark>%cs --name-only` output -> History (paths from `root`)."""
    dates: dict[Path, list[dt.date]] = {}
    repo_paths: dict[Path, str] = {}
    day: dt.date | None = None
    for line in log.split("\n"):  # not splitlines(): it splits at the mark itself
        if line.startswith(_MARK):
            day = dt.date.fromisoformat(line[len(_MARK):].strip())
        elif line.strip() and day is not None:
            path = (root / line).resolve()
            repo_paths.setdefault(path, line)
            seen = dates.setdefault(path, [])
            if day not in seen:
                seen.append(day)
    ordered = {p: tuple(sorted(d, reverse=True)) for p, d in dates.items()}
    return History(ordered, repo_paths)
