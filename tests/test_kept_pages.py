import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.adapters import kept_pages
from generator.adapters.kept_pages import MANIFEST, KeptPage, StoreBusy

tokens = st.recursive(
    st.fixed_dictionaries({"level": st.integers(1, 6), "id": st.text(), "name": st.text(), "children": st.just([])}),
    lambda inner: st.fixed_dictionaries({"level": st.integers(1, 6), "id": st.text(), "name": st.text(),
                                         "children": st.lists(inner, max_size=3)}),  # fmt: skip
    max_leaves=6,
)
pages = st.dictionaries(
    st.text(min_size=1),
    st.builds(KeptPage, st.binary(min_size=16, max_size=16), st.integers(0, 2**40),
              st.none() | st.tuples(st.integers(0, 10**6), st.lists(tokens, max_size=4).map(tuple))),  # fmt: skip
    max_size=5,
)


@given(pages)
def test_a_manifest_gives_back_what_was_kept_once(tmp_path_factory, kept):
    root = tmp_path_factory.mktemp("store")
    kept_pages.write_manifest(root, kept)
    assert kept_pages.take_manifest(root) == kept
    assert not (root / MANIFEST).exists()  # taken: a build stopped now leaves none
    assert kept_pages.take_manifest(root) == {}


@pytest.mark.parametrize("text", [
    "", "not json", "[]", '{"format": 1}', '{"format": 2, "code": "x", "pages": {}}',
    '{"format": 1, "code": "CODE", "pages": {"a.md": ["zz", 1, null]}}',
    '{"format": 1, "code": "CODE", "pages": {"a.md": ["00", "1", null]}}',
    '{"format": 1, "code": "CODE", "pages": {"a.md": ["00", 1]}}',
    '{"format": 1, "code": "CODE", "pages": {"a.md": ["00", 1, [3]]}}',
    '{"format": 1, "code": "CODE", "pages": []}',
])  # fmt: skip
def test_a_manifest_that_is_not_this_code_s_whole_one_keeps_nothing(tmp_path, text):
    (tmp_path / MANIFEST).write_text(text.replace("CODE", kept_pages.code_version()))
    assert kept_pages.take_manifest(tmp_path) == {}
    assert not (tmp_path / MANIFEST).exists()


def test_the_manifest_of_this_code_is_taken(tmp_path):
    kept_pages.write_manifest(tmp_path, {"a.md": KeptPage(b"\0" * 16, 1, None)})
    assert kept_pages.take_manifest(tmp_path) == {"a.md": KeptPage(b"\0" * 16, 1, None)}


def test_one_build_at_a_time_holds_a_store(tmp_path):
    import os

    held = kept_pages.lock(tmp_path / "s")
    with pytest.raises(StoreBusy):
        kept_pages.lock(tmp_path / "s")
    os.close(held)
    os.close(kept_pages.lock(tmp_path / "s"))


def test_emptying_keeps_the_folder_and_the_names_asked_for(tmp_path):
    (tmp_path / "keep").write_text("x")
    (tmp_path / "drop").write_text("x")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder/inner").write_text("x")
    kept_pages.remove_all_but(tmp_path, {"keep"})
    assert [p.name for p in tmp_path.iterdir()] == ["keep"]
    kept_pages.empty(tmp_path)
    assert tmp_path.is_dir() and not list(tmp_path.iterdir())
