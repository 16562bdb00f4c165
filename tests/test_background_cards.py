"""adapters/background_cards.py: `mkdocs build` writes every published claim's card,
drawn beside the page rendering, and fails with the worker's reason if it cannot."""

from __future__ import annotations

from pathlib import Path

from conftest import make_project, mkdocs_build

from generator.adapters import background_cards
from generator.cards import card_outputs, card_text
from generator.cli import load_settings
from generator.loader import load_claims
from generator.pipeline import published


def test_the_build_writes_the_card_of_every_published_claim_and_no_other(built_site: Path):
    project = built_site.parent
    settings = load_settings(project / "mkdocs.yml")
    claims = published(list(load_claims(settings).claims), settings)
    expected = {o.path: o.data for o in card_outputs(claims, settings)}
    written = {p.relative_to(built_site).as_posix(): p.read_bytes() for p in (built_site / "cards").iterdir()}
    assert written == expected and len(written) == len(claims) > 0


def test_cards_that_cannot_be_written_fail_the_build_with_the_reason(tmp_path: Path):
    project = make_project(tmp_path / "project")
    # A cached card that is a folder: the worker cannot read it.
    settings = load_settings(project / "mkdocs.yml")
    claim = published(list(load_claims(settings).claims), settings)[0]
    assert settings.card_cache_dir is not None
    (settings.card_cache_dir / f"{card_text(claim, settings).digest()}.png").mkdir(parents=True)
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "share cards could not be written" in result.stderr and "Traceback" not in result.stderr


def test_the_workers_files_go_whether_it_finishes_or_is_cancelled(tmp_path: Path, monkeypatch):
    project = make_project(tmp_path / "project")
    settings = load_settings(project / "mkdocs.yml")
    claims = published(list(load_claims(settings).claims), settings)
    monkeypatch.setattr(background_cards.tempfile, "tempdir", str(tmp_path))
    done = background_cards.start(claims, settings, tmp_path / "site")
    assert done is not None and done.finish() is None
    cancelled = background_cards.start(claims, settings, tmp_path / "other")
    assert cancelled is not None
    cancelled.cancel()
    assert not list(tmp_path.glob("factcheck-cards-*"))
