"""bench/synth.py: the benchmark's synthetic project is a valid site a desk could keep."""

from __future__ import annotations

from pathlib import Path

import bench_support  # noqa: F401
import synth
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from generator.cli import main


def test_the_synthetic_project_checks_without_a_warning(tmp_path: Path) -> None:
    """A warning (say, a featured id that is no claim) would make `check` and the
    build do work in every measured run that no desk's site makes them do."""
    config, _ = synth.make_sets(tmp_path, 40, seed=7)
    result = CliRunner().invoke(main, ["check", "-f", str(config)])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    assert "40 claims OK" in result.output


@given(
    st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True), max_size=4),
    st.sampled_from(["", "  ", "\t"]),
    st.sampled_from(["", "# before\n", "site_name: x\n"]),
)
def test_featured_ids_become_as_many_synthetic_ids(ids: list[str], indent: str, before: str) -> None:
    text = f"{before}{indent}featured: [{', '.join(ids)}]\nafter: [kept]\n"
    synthetic = [f"claim-{n}" for n in range(10)]
    assert synth._featuring(text, synthetic) == (
        f"{before}{indent}featured: [{', '.join(synthetic[: len(ids)])}]\nafter: [kept]\n"
    )


def test_a_config_without_featured_is_copied_as_it_is() -> None:
    text = "site_name: x\nplugins:\n  - factcheck\n"
    assert synth._featuring(text, ["a"]) == text
