"""`mkdocs build`: share cards drawn by a second process while MkDocs renders the pages.

MkDocs renders pages on one core; drawing the cards of an empty cache takes about a
quarter as long as the whole build at 1,000 claims. Started when the generation is done
(`start`, from `on_files`, after MkDocs has cleaned `site_dir`), generator/card_files.py
writes each card to `site_dir/cards/` on the other core, and `finish` (from
`on_post_build`) waits for it, so a build is not over before its cards are written, and
fails, with the worker's own message, if they could not be. `serve` and the folder
adapter keep the cards among the generated files (`cards.card_outputs`): the bytes are
the same either way.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import weakref
from dataclasses import dataclass
from pathlib import Path

from generator.card_files import Job, dump_jobs
from generator.cards import card_text, cards_enabled
from generator.model import Claim
from generator.settings import Settings

PACKAGE_PARENT = Path(__file__).resolve().parents[2]


@dataclass
class BackgroundCards:
    process: subprocess.Popen[bytes]
    jobs_file: Path
    errors_file: Path

    def __post_init__(self) -> None:
        # A build stopped by Ctrl-C reaches neither `finish` nor `cancel` (MkDocs runs
        # no event for it): the process and its files then go when Python exits.
        self._end = weakref.finalize(self, _stop, self.process, self.jobs_file, self.errors_file)

    def finish(self) -> str | None:
        """Wait for the cards; None when all are written, else why not."""
        self.process.wait()
        lines = self.errors_file.read_text("utf-8", "replace").strip().splitlines()
        self._end()
        if self.process.returncode == 0:
            return None
        return lines[-1] if lines else f"exit code {self.process.returncode}"

    def cancel(self) -> None:
        self._end()


def _stop(process: subprocess.Popen[bytes], *files: Path) -> None:
    """Kill the process unless it has ended, wait for it, remove its files."""
    if process.poll() is None:
        process.kill()
    process.wait()
    for file in files:
        file.unlink(missing_ok=True)


def start(claims: list[Claim], settings: Settings, site_dir: Path) -> BackgroundCards | None:
    """The card process for `claims`, or None when cards are off (or there are none)."""
    if not cards_enabled(settings) or not claims:
        return None
    jobs: list[Job] = [(claim.id, card_text(claim, settings)) for claim in claims]
    jobs_file, errors_file = _temporary(".json"), _temporary(".log")
    dump_jobs(jobs, jobs_file)
    cache = [str(settings.card_cache_dir)] if settings.card_cache_dir else []
    path = [str(PACKAGE_PARENT), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, path))}
    command = [sys.executable, "-m", "generator.card_files", str(jobs_file), str(site_dir), *cache]
    with errors_file.open("wb") as errors:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=env)
    return BackgroundCards(process, jobs_file, errors_file)


def _temporary(suffix: str) -> Path:
    handle, name = tempfile.mkstemp(prefix="factcheck-cards-", suffix=suffix)
    os.close(handle)
    return Path(name)
