"""History from git: one `git log` for the whole claims folder gives each claim file's
change dates; without git (or in a shallow clone) there is none, and pages still build."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import VALID_CLAIM, write_claim

from generator import history
from generator.history import parse_log, read_history
from generator.indexes import build_indexes
from generator.loader import load_claims
from generator.pages import PageBuilder


def _git(repo: Path, *args: str, date: str = "2021-09-10T12:00:00+00:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}  # fmt: skip
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True, timeout=60)


def _commit(repo: Path, day: str) -> None:
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", f"edit {day}", date=f"{day}T12:00:00+00:00")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A clone with three dated commits: a.md in all, b.md in the first only."""
    root = tmp_path / "repo"
    claims = root / "content" / "claims"
    claims.mkdir(parents=True)
    _git(root, "init", "-q")
    write_claim(claims, "a.md", VALID_CLAIM)
    write_claim(claims, "b é.md", "---\nid: b-e\n" + VALID_CLAIM[4:].replace("A headline", "B"))
    write_claim(root, "README.md", "not a claim\n")
    _commit(root, "2021-09-08")
    write_claim(claims, "a.md", VALID_CLAIM.replace("Why", "Why, again"))
    _commit(root, "2021-09-10")
    write_claim(claims, "a.md", VALID_CLAIM.replace("Why", "Why, once more"))
    write_claim(root, "README.md", "still not a claim\n")
    _commit(root, "2021-09-12")
    return root


def test_each_claim_file_gets_its_change_dates_newest_first(repo: Path):
    claims = repo / "content" / "claims"
    found = read_history(claims)
    assert found.changes(claims / "a.md") == (dt.date(2021, 9, 12), dt.date(2021, 9, 10), dt.date(2021, 9, 8))
    assert found.changes(claims / "b é.md") == (dt.date(2021, 9, 8),)
    assert found.repo_path(claims / "b é.md") == "content/claims/b é.md"
    assert found.changes(repo / "README.md") == ()  # outside the claims folder


def test_one_git_log_process_for_the_whole_folder(repo: Path, monkeypatch):
    calls: list[list[str]] = []
    real = subprocess.run

    def counting(command, *args, **kwargs):
        calls.append(command)
        return real(command, *args, **kwargs)

    monkeypatch.setattr(history.subprocess, "run", counting)
    read_history(repo / "content" / "claims")
    assert sum("log" in c for c in calls) == 1
    assert len(calls) == 2  # and one `rev-parse`, however many files there are


def test_no_git_means_no_history(tmp_path: Path, monkeypatch):
    folder = tmp_path / "claims"
    folder.mkdir()
    assert read_history(folder).dates == {}  # not a clone
    assert read_history(folder).repo_path(folder / "a.md") is None
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))  # no git at all
    assert read_history(folder).dates == {}


def test_a_shallow_clone_has_no_history(repo: Path, tmp_path: Path):
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)],
                   check=True, capture_output=True, timeout=60)  # fmt: skip
    found = read_history(shallow / "content" / "claims")
    assert found.dates == {}  # no dates rather than wrong ones...
    assert found.repo_path(shallow / "content" / "claims" / "a.md") == "content/claims/a.md"  # ...but a link


def test_parse_log_keeps_each_day_once():
    log = "\x1e2021-09-12\n\na.md\n\x1e2021-09-12\n\na.md\nb.md\n\x1e2021-09-01\n\na.md\n"
    assert parse_log(log) == {"a.md": (dt.date(2021, 9, 12), dt.date(2021, 9, 1)),
                              "b.md": (dt.date(2021, 9, 12),)}  # fmt: skip


def test_claim_page_shows_the_dates_and_links_the_forge_history(repo: Path, settings, monkeypatch):
    monkeypatch.chdir(repo)
    here = replace(settings, claims_dir=repo / "content" / "claims", git_history=True,
                   history_url="https://forge.example/o/r/commits/main/{path}")  # fmt: skip
    ix = build_indexes(load_claims(here).claims, here)
    pages = {p.path: str(p.data) for p in PageBuilder(here, ix).all_pages()}
    a = pages["claims/a.md"]
    assert '<time datetime="2021-09-12">12 September 2021</time>, <time datetime="2021-09-10">' in a
    assert 'href="https://forge.example/o/r/commits/main/content/claims/a.md"' in a
    b = pages["claims/b-e.md"]
    assert "content/claims/b%20%C3%A9.md" in b
    plain = replace(here, git_history=False, history_url="")
    page = {p.path: str(p.data) for p in PageBuilder(plain, ix).all_pages()}["claims/a.md"]
    assert "File history" not in page
