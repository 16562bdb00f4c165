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
