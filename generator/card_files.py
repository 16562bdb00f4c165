"""Share cards written straight into a folder by a process of their own.

A cold cache costs about 3 ms of CPU a card, a quarter of a 1,000-claim `mkdocs build`,
and MkDocs renders pages on one core. The MkDocs adapter therefore hands the cards to
this module in a second process when the generation is done, which draws them on the
other core while MkDocs renders the pages, and waits for it at the end of the build
(adapters/background_cards.py). The cards are the very bytes `cards.card_outputs`
gives: same texts, same cache, same drawing.

    python -m generator.card_files JOBS.json SITE_DIR [CACHE_DIR]

JOBS.json is a list of [claim id, CardText fields]; each card goes to
SITE_DIR/cards/<id>.png. Exit code 0 when every card is written.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from generator.cards import CardText, card_path, cards_in_batches

Job = tuple[str, CardText]


def dump_jobs(jobs: list[Job], path: Path) -> None:
    data = [[claim_id, asdict(text)] for claim_id, text in jobs]
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def load_jobs(path: Path) -> list[Job]:
    return [(str(claim_id), CardText(**fields)) for claim_id, fields in json.loads(path.read_text("utf-8"))]


def write_cards(jobs: list[Job], site: Path, cache: Path | None) -> int:
    """Every card into `site`, as `card_outputs` makes them."""
    for claim_id, png in cards_in_batches(jobs, cache):
        target = site / card_path(claim_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png)
    return len(jobs)


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    cache = Path(argv[2]) if len(argv) == 3 else None
    write_cards(load_jobs(Path(argv[0])), Path(argv[1]), cache)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
