"""bench/measures.py and run.py's Sets: a cold run leans on no cache, the cards' included."""

from __future__ import annotations

from pathlib import Path

import bench_support  # noqa: F401
import measures
import run


def test_a_cold_run_empties_both_caches_and_a_warm_one_keeps_them(tmp_path: Path) -> None:
    cache, cards = tmp_path / "digests", tmp_path / "cards"
    for folder in (cache, cards):
        folder.mkdir()
        (folder / "kept").write_text("x")

    warm = measures.with_cache({"A": "1"}, cache, False, cards)
    assert warm == {"A": "1", "FACTCHECK_CACHE_DIR": str(cache)}
    assert (cache / "kept").exists() and (cards / "kept").exists()

    measures.with_cache({}, cache, True, cards)
    assert cache.is_dir() and not any(cache.iterdir())
    assert not cards.exists()


def test_the_cold_generate_draws_every_card_into_the_folder_the_bench_empties(
    tmp_path: Path,
) -> None:
    """Before 4 December 2026 the bench emptied only FACTCHECK_CACHE_DIR, so every cold
    run but a size's first read the cards back: the folder emptied must be the one the
    engine really keeps its cards in."""
    sets = run.Sets(tmp_path, 12, seed=3)
    project = sets.factcheck_yml.parent
    assert sets.cards is not None and sets.cards.is_relative_to(project)

    for _ in range(2):
        env = sets.cold_or_warm({}, "a", True)
        assert sets.cards is not None and not sets.cards.exists()
        measures.child("generate", sets.factcheck_yml, project, env)
        assert len(list(sets.cards.glob("*.png"))) == 12


def test_the_edited_build_changes_one_claims_analysis_and_puts_the_file_back(
    tmp_path: Path,
) -> None:
    """The claim stays valid (a contributor's change, not a broken file), only its
    analysis moves, and the file is put back byte for byte, after a failure too."""
    from generator.cli import load_settings
    from generator.loader import load_claims

    sets = run.Sets(tmp_path, 12, seed=3)
    settings = load_settings(sets.factcheck_yml)
    before = {p.name: p.read_bytes() for p in sets.claims_dir.glob("*.md")}
    plain = {c.id: c for c in load_claims(settings).claims}
    try:
        with measures.one_claim_edited(sets.claims_dir, "run 1/3") as edited:
            loaded = load_claims(settings)
            assert loaded.problems == ()
            changed = [c for c in loaded.claims if c != plain[c.id]]
            assert [c.id for c in changed] == [edited.stem]
            assert "Edited for the benchmark (run 1/3)." in changed[0].body
            before_edit = plain[edited.stem]
            assert changed[0].model_copy(update={"body": before_edit.body}) == before_edit
            raise RuntimeError("the build failed")
    except RuntimeError:
        pass
    assert {p.name: p.read_bytes() for p in sets.claims_dir.glob("*.md")} == before
