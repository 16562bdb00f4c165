"""Writers that share a file: builds running at once share the caches' files."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import atomic
from generator.atomic import write_atomically


def test_a_writer_finishing_between_anothers_write_and_rename_breaks_neither(tmp_path, monkeypatch):
    """The interleaving that failed CI: writer B writes and renames while writer A
    is between its write and its rename. A shared temporary name made A's rename fail."""
    target = tmp_path / "card.png"
    real_replace = os.replace
    interleaved = []

    def replace(source: str, destination: str) -> None:
        if not interleaved:
            interleaved.append(True)
            write_atomically(target, b"B")  # the other writer, whole, in A's window
        real_replace(source, destination)

    monkeypatch.setattr(atomic.os, "replace", replace)
    write_atomically(target, b"A")
    assert target.read_bytes() == b"A"  # A renamed last
    assert [p.name for p in tmp_path.iterdir()] == ["card.png"]


@settings(max_examples=25)
@given(payloads=st.lists(st.binary(min_size=1, max_size=4096), min_size=2, max_size=6, unique=True))
def test_concurrent_writers_succeed_and_readers_see_only_whole_files(tmp_path_factory, payloads):
    folder = tmp_path_factory.mktemp("shared")
    target = folder / "entry.bin"
    errors: list[BaseException] = []
    seen: set[bytes] = set()
    start = threading.Barrier(len(payloads) + 1)

    def write(data: bytes) -> None:
        start.wait()
        try:
            for _ in range(40):
                write_atomically(target, data)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    def read() -> None:
        start.wait()
        for _ in range(200):
            if target.exists():
                seen.add(target.read_bytes())

    threads = [threading.Thread(target=write, args=(data,)) for data in payloads]
    threads.append(threading.Thread(target=read))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert seen <= set(payloads)  # never empty, never half of one, never a mix
    assert target.read_bytes() in payloads
    assert [p.name for p in folder.iterdir()] == ["entry.bin"]  # no temporary left


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "digests.pickle"
    target.write_bytes(b"old")

    def fail(source: str, destination: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["digests.pickle"]


def test_the_folder_is_created(tmp_path):
    target = tmp_path / "a/b/c.bin"
    write_atomically(target, b"x")
    assert Path(target).read_bytes() == b"x"


def test_a_writer_function_streams_into_the_file_and_a_failing_one_leaves_nothing(tmp_path):
    target = tmp_path / "store.pickle"
    write_atomically(target, lambda out: out.write(b"streamed"))
    assert target.read_bytes() == b"streamed"

    def fail(out) -> None:  # noqa: ANN001 - a binary file
        out.write(b"half")
        raise ValueError("cannot pickle")

    with pytest.raises(ValueError, match="cannot pickle"):
        write_atomically(target, fail)
    assert target.read_bytes() == b"streamed"
    assert [p.name for p in tmp_path.iterdir()] == ["store.pickle"]
