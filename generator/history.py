"""When each claim file changed, read from git in one pass.

A single `git log` over the whole claims folder (not one process per file) keeps the
cost flat as the site grows; without git, outside a clone, or in a shallow clone
(which knows only its last commit), this returns nothing and the claim's own
`updated` log is all there is.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

_MARK = "\x1e"  # starts each commit's line in the log output


@dataclass(frozen=True)
class History:
    """Commit dates per claim file, newest first, keyed by file name: claim files sit
    directly in the claims folder (see `loader.claim_paths`), so the name is enough
    and no path has to be resolved per claim. `prefix` is the folder's path inside
    the repository, for the forge's history link."""

    dates: dict[str, tuple[dt.date, ...]] = field(default_factory=dict)
    prefix: str | None = None  # None: the folder is not in a git repository

    def changes(self, source: Path) -> tuple[dt.date, ...]:
        return self.dates.get(source.name, ())

    def repo_path(self, source: Path) -> str | None:
        """The file's path in the repository; known in a shallow clone too, so CI
        without full history still links each file's history on the forge."""
        return None if self.prefix is None else self.prefix + source.name


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotePath=false", "-C", str(folder), *args], capture_output=True,
            text=True, encoding="utf-8", errors="replace", check=False, timeout=300,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def read_history(claims_dir: Path) -> History:
    """Every claim file's commit dates from one `git log`; empty when not a clone."""
    if not claims_dir.is_dir():
        return History()
    where = _git(claims_dir, "rev-parse", "--is-shallow-repository", "--show-prefix")
    if where is None:
        return History()
    shallow, _, prefix = where.partition("\n")
    if shallow.strip() != "false":  # a shallow clone knows only its last commit
        return History(prefix=prefix.strip())
    log = _git(claims_dir, "log", f"--format={_MARK}%cs", "--name-only", "--no-renames",
               "--relative", "--", ".")  # fmt: skip
    if log is None:
        return History()
    return History(parse_log(log), prefix.strip())


def parse_log(log: str) -> dict[str, tuple[dt.date, ...]]:
    """`git log --format=<mark>%cs --name-only --relative` output -> dates per file."""
    dates: dict[str, list[dt.date]] = {}
    day: dt.date | None = None
    for line in log.split("\n"):  # not splitlines(): it splits at the mark itself
        if line.startswith(_MARK):
            day = dt.date.fromisoformat(line[len(_MARK) :].strip())
        elif line and day is not None:
            seen = dates.setdefault(line, [])
            if not seen or seen[-1] != day:  # the log runs newest first
                seen.append(day)
    return {name: tuple(days) for name, days in dates.items()}
