"""The built site's weight against GitHub Pages' limit (adapters/site_size.py)."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.adapters.site_size import PAGES_LIMIT, SiteSize, measure, over_limit

# A small tree: paths of up to three levels over a few names, each with a size.
_NAMES = st.sampled_from(["a", "b", "cards", "x.html"])
_PATHS = st.lists(_NAMES, min_size=1, max_size=3).map("/".join)
_TREES = st.dictionaries(_PATHS, st.integers(0, 3000), max_size=12)


def _write(root: Path, tree: dict[str, int]) -> dict[str, int]:
    """The files of `tree` that fit (a path cannot be both a file and a folder)."""
    written = {}
    for path, size in sorted(tree.items()):
        target = root / path
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(b"x" * size)
        except (FileExistsError, NotADirectoryError, IsADirectoryError):
            continue
        written[path] = size
    return written


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_TREES)
def test_every_file_is_counted_once_under_its_top_level_entry(tmp_path_factory, tree):
    root = tmp_path_factory.mktemp("site")
    written = _write(root, tree)
    size = measure(root)
    assert size.total == sum(written.values()) and size.files == len(written)
    for name, bytes_ in size.parts.items():
        folder = name.endswith("/")
        assert folder == (root / name).is_dir()
        inside = [s for p, s in written.items() if (p.startswith(name) if folder else p == name)]
        assert bytes_ == sum(inside)


def test_a_link_counts_as_itself(tmp_path):
    (tmp_path / "big").write_bytes(b"x" * 5000)
    (tmp_path / "folder").mkdir()
    os.symlink(tmp_path / "big", tmp_path / "folder" / "link")
    os.symlink(tmp_path / "folder", tmp_path / "folder-link")
    size = measure(tmp_path)
    assert size.parts["big"] == 5000
    assert size.parts["folder/"] < 5000 and size.parts["folder-link"] < 5000


def test_a_site_at_the_limit_gets_no_warning_and_one_byte_more_does():
    assert over_limit(SiteSize(PAGES_LIMIT, 3, {"claims/": PAGES_LIMIT})) is None
    assert over_limit(SiteSize(PAGES_LIMIT + 1, 3, {"claims/": PAGES_LIMIT + 1})) is not None


def test_a_site_over_the_limit_is_told_its_heaviest_parts_and_the_cards_switch():
    parts = {"claims/": 600_000_000, "cards/": 320_000_000, "pagefind/": 55_000_000,
             "claims.json": 130_000_000, "index.html": 30_000}  # fmt: skip
    warning = over_limit(SiteSize(sum(parts.values()), 5, parts))
    assert warning is not None
    assert "1,105.0 MB, over GitHub Pages' limit of 1,000.0 MB" in warning
    assert "Heaviest: claims/ 600.0 MB, cards/ 320.0 MB, claims.json 130.0 MB." in warning
    assert "`share_cards: false`" in warning and "(320.0 MB)" in warning
    without_cards = {k: v for k, v in parts.items() if k != "cards/"} | {"claims/": 900_000_000}
    warning = over_limit(SiteSize(sum(without_cards.values()), 4, without_cards))
    assert warning is not None and "share_cards" not in warning
