"""collector: fewer young collections for the process; none inside a pause."""

from __future__ import annotations

import gc

import pytest

from generator.collector import GC_THRESHOLD, collect_less_often, gc_paused


@pytest.fixture(autouse=True)
def _collector_restored():
    enabled, threshold = gc.isenabled(), gc.get_threshold()
    yield
    (gc.enable if enabled else gc.disable)()
    gc.set_threshold(*threshold)


def test_young_garbage_is_collected_less_often_and_the_older_generations_as_before():
    gc.set_threshold(700, 10, 10)
    collect_less_often()
    assert gc.get_threshold() == (GC_THRESHOLD, 10, 10)


def test_the_cli_and_serve_set_it_for_their_process():
    """`factcheck` holds every claim until it exits; `serve` between rebuilds."""
    import subprocess
    import sys

    probe = (
        "import gc, sys; from click.testing import CliRunner; from generator.cli import main; "
        "gc.set_threshold(700, 10, 10); CliRunner().invoke(main, ['check', '--help']); "
        "from generator.adapters.mkdocs_plugin import FactcheckPlugin; "
        "first = gc.get_threshold()[0]; gc.set_threshold(700, 10, 10); "
        "FactcheckPlugin().on_startup(command='serve', dirty=False); "
        "print(first, gc.get_threshold()[0])"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == [str(GC_THRESHOLD), str(GC_THRESHOLD)]


def test_the_collector_is_off_inside_and_back_on_after():
    gc.enable()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()


def test_an_error_inside_still_turns_it_back_on():
    gc.enable()
    with pytest.raises(ValueError), gc_paused():
        raise ValueError
    assert gc.isenabled()


def test_a_collector_turned_off_by_someone_else_stays_off():
    gc.disable()
    with gc_paused():
        pass
    assert not gc.isenabled()
