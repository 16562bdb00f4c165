"""generator/card_files.py: the share cards written into a folder by a process of their
own are the very cards `card_outputs` gives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import make_project
from hypothesis import given
from hypothesis import strategies as st

from generator.card_files import dump_jobs, load_jobs, write_cards
from generator.cards import CardText, card_outputs, card_text
from generator.cli import load_settings
from generator.loader import load_claims

texts = st.builds(CardText, *[st.text(max_size=60)] * 7)


@given(st.lists(st.tuples(st.text(min_size=1, max_size=20), texts), max_size=5))
def test_jobs_read_back_as_written(tmp_path_factory, jobs: list[tuple[str, CardText]]):
    path = tmp_path_factory.mktemp("jobs") / "jobs.json"
    dump_jobs(jobs, path)
    assert load_jobs(path) == jobs




def test_the_process_writes_the_cards_card_outputs_gives(tmp_path: Path):
    project = make_project(tmp_path / "project")
    settings = load_settings(project / "mkdocs.yml")
    claims = list(load_claims(settings).claims)[:6]
    expected = {o.path: o.data for o in card_outputs(claims, settings)}
    jobs = tmp_path / "jobs.json"
    dump_jobs([(c.id, card_text(c, settings)) for c in claims], jobs)
    site, cache = tmp_path / "site", tmp_path / "cache"
    command = [sys.executable, "-m", "generator.card_files", str(jobs), str(site), str(cache)]
    subprocess.run(command, check=True, cwd=tmp_path)
    written = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.png")}
    assert written == expected and len(written) == len(claims)
    assert len(list(cache.glob("*.png"))) == len(claims)  # the next build reads them back
    again = tmp_path / "again"
    assert write_cards(load_jobs(jobs), again, cache) == len(claims)
    assert {p.relative_to(again).as_posix(): p.read_bytes() for p in again.rglob("*.png")} == expected
