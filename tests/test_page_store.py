import os
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from generator.adapters.page_store import PageStore
from generator.pages import Output


def test_unchanged_pages_keep_their_mtime_so_dirty_builds_skip_them(tmp_path):
    store = PageStore(tmp_path / "store")
    first = store.save(Output("claims/a.md", "one"))
    os.utime(first, (1, 1))
    assert store.save(Output("claims/a.md", "one")) == first
    assert os.path.getmtime(first) == 1 and store.written == 1
    store.save(Output("claims/a.md", "two"))
    assert os.path.getmtime(first) > 1 and store.written == 2
    assert open(first).read() == "two"


def test_a_new_store_starts_clean(tmp_path):
    PageStore(tmp_path / "store").save(Output("old.md", "x"))
    PageStore(tmp_path / "store")
    assert not (tmp_path / "store/old.md").exists()


def test_bytes_outputs_are_stored_as_they_are(tmp_path):
    store = PageStore(tmp_path / "s")
    path = store.save(Output("claims.json", b'{"a": 1}'))
    assert open(path, "rb").read() == b'{"a": 1}'


def test_a_ready_page_is_stored_with_its_html_and_the_store_knows_its_toc(tmp_path):
    store = PageStore(tmp_path / "s")
    page = Output("claims/a.md", "<p>x</p>\n\n## Sources\n", meta="---\ntitle: A\n---\n\n", ready_html=True)
    path = store.save(page)
    html, toc = store.ready(path)
    assert html == page.body().html and '<h2 id="sources">Sources' in html
    assert [entry["id"] for entry in toc] == ["sources"]
    assert open(path).read() == "---\ntitle: A\n---\n\n" + html  # MkDocs reads the front-matter
    assert store.ready(store.save(Output("b.md", "## B\n"))) is None  # not ready: markdown


def test_the_store_is_one_flat_folder(tmp_path):
    """No folder per claim: making and removing 20,000 of them cost a build seconds."""
    store = PageStore(tmp_path / "s")
    paths = ["claims/a.md", "claims/a/embed/index.html", "people/b/index.md", "claims.json"]
    stored = [Path(store.save(Output(path, "x"))) for path in paths]
    assert all(path.parent == store.root for path in stored)
    assert not [p for p in store.root.iterdir() if p.is_dir()]


@given(st.lists(st.text(st.characters(codec="utf-8", exclude_characters="\0"), min_size=1, max_size=300),
                min_size=1, max_size=8, unique=True))  # fmt: skip
@example([".", "..", ".factcheck-generated", "%2E", "a/b", "a%2Fb", "x" * 300 + ".md", "a." + "b" * 290])
def test_distinct_outputs_never_share_a_stored_file(tmp_path_factory, paths):
    store = PageStore(tmp_path_factory.mktemp("s") / "store")
    stored = {store.save(Output(path, path)) for path in paths}
    assert len(stored) == len(paths)
    assert all(Path(name).parent == store.root for name in stored)
    assert all(len(Path(name).name.encode()) <= 255 for name in stored)
    assert (store.root / ".factcheck-generated").is_file()  # the marker is never overwritten
    assert {Path(name).read_bytes().decode("utf-8") for name in stored} == set(paths)


@given(st.lists(st.tuples(st.binary(max_size=4) | st.sampled_from([b"ab", b"ba", b"abc"]), st.booleans(),
                          st.booleans()), min_size=1, max_size=8))  # fmt: skip
def test_a_data_file_is_written_exactly_when_its_bytes_change_however_its_size_goes(tmp_path_factory, steps):
    """Files stored as they are skip hashing when their size changes (the open data,
    ~90 MB at 10,000 claims), or when the output saved last still lives (`serve` keeps
    it while the rebuild runs) and the two are compared instead; what is written, and
    the digest a copy is marked with (adapters/beside.py, asked after some saves only),
    stay what hashing every time gave."""
    import hashlib

    store = PageStore(tmp_path_factory.mktemp("store") / "s")
    last, held = None, []  # `held`: the last output, kept alive so the store compares with it
    for data, ask, keep in steps:
        written = store.written
        output = Output("claims.json", data)
        path = store.save(output)
        assert open(path, "rb").read() == data
        assert store.written == written + (data != last)
        if ask:
            assert store.digest("claims.json") == hashlib.blake2b(data, digest_size=16).digest()
        last, held[:] = data, [output] if keep else []


def test_a_stamp_names_one_stored_version_across_stores(tmp_path):
    """serve_memo.StoredFile tells MkDocs a page changed by its stamp: equal while the
    bytes are, new when they change, and never one another store's write had (the
    serve cache folder may be replaced by a new store)."""
    store = PageStore(tmp_path / "s")
    store.save(Output("a.md", "one"))
    first = store.stamp("a.md")
    store.save(Output("a.md", "one"))
    assert store.stamp("a.md") == first
    store.save(Output("a.md", "two"))
    second = store.stamp("a.md")
    assert second != first
    other = PageStore(tmp_path / "t")
    other.save(Output("a.md", "one"))
    assert other.stamp("a.md") not in (first, second)


# A build's store is kept in the digest cache: the next build (a new store over the same
# folder, as a new `mkdocs build` process makes) takes the unchanged pages as they are.
def kept(root: Path) -> PageStore:
    return PageStore(root, kept=True)


def page(path: str, body: str, *, ready: bool = True) -> Output:
    return Output(path, body, meta=f"---\ntitle: {path}\n---\n\n", ready_html=ready)


def finish(store: PageStore) -> None:
    store.keep(prune=True)
    store.release()


def test_a_kept_store_takes_unchanged_pages_without_writing_them(tmp_path):
    first = kept(tmp_path / "s")
    stored = first.save(page("claims/a.md", "<p>a</p>\n\n## Sources\n"))
    first.save(Output("claims.json", b"[]"))
    finish(first)
    os.utime(stored, (1, 1))
    second = kept(tmp_path / "s")
    assert second.save(page("claims/a.md", "<p>a</p>\n\n## Sources\n")) == stored
    second.save(Output("claims.json", b"[]"))
    assert second.written == 0 and os.path.getmtime(stored) == 1
    html, toc = second.ready(stored)
    assert '<h2 id="sources">Sources' in html and [t["id"] for t in toc] == ["sources"]
    second.save(Output("claims.json", b"[1]"))
    assert second.written == 1 and open(second.save(Output("claims.json", b"[1]")), "rb").read() == b"[1]"


def test_a_kept_store_rewrites_a_page_whose_file_was_cut_short(tmp_path):
    first = kept(tmp_path / "s")
    stored = first.save(page("claims/a.md", "<p>a</p>\n"))
    finish(first)
    whole = open(stored, "rb").read()
    Path(stored).write_bytes(whole[:-3])
    second = kept(tmp_path / "s")
    second.save(page("claims/a.md", "<p>a</p>\n"))
    assert second.written == 1 and open(stored, "rb").read() == whole


def test_a_build_stopped_before_its_manifest_leaves_the_next_one_an_empty_store(tmp_path):
    """Its files may be newer than the last manifest: none of them is taken."""
    first = kept(tmp_path / "s")
    first.save(page("claims/a.md", "one"))
    finish(first)
    stopped = kept(tmp_path / "s")
    stopped.save(page("claims/a.md", "two"))
    stopped.release()  # the process ends: no keep()
    third = kept(tmp_path / "s")
    stored = third.save(page("claims/a.md", "one"))
    assert third.written == 1 and open(stored).read().endswith("one")


def test_a_manifest_made_by_other_code_is_not_trusted(tmp_path, monkeypatch):
    from generator.adapters import kept_pages

    first = kept(tmp_path / "s")
    first.save(page("claims/a.md", "one"))
    finish(first)
    monkeypatch.setattr(kept_pages, "code_version", lambda: "other code")
    second = kept(tmp_path / "s")
    assert not (second.root / "claims%2Fa.md").exists()
    second.save(page("claims/a.md", "one"))
    assert second.written == 1


def test_keeping_with_prune_removes_pages_this_build_did_not_make(tmp_path):
    from generator.adapters.kept_pages import take_manifest

    first = kept(tmp_path / "s")
    gone = first.save(page("claims/gone.md", "x"))
    first.save(page("claims/a.md", "a"))
    finish(first)
    second = kept(tmp_path / "s")
    second.save(page("claims/a.md", "a"))
    second.keep(prune=False)  # a failed build: the other pages stay for the next
    second.release()
    assert Path(gone).is_file()
    third = kept(tmp_path / "s")
    third.save(page("claims/a.md", "a"))
    third.keep(prune=True)
    assert {p.name for p in third.root.iterdir()} == {"claims%2Fa.md", ".factcheck-generated", ".factcheck-pages.json"}
    third.keep(prune=False)  # the build failed after: what it pruned stays out
    third.release()
    assert not Path(gone).exists() and third.written == 0
    assert list(take_manifest(third.root)) == ["claims/a.md"]


pages_of_a_build = st.dictionaries(
    st.sampled_from(["claims/a.md", "claims/b.md", "index.md", "claims.json", "claims/a/embed/index.html"]),
    # Two bodies of one size: a file a stopped build rewrote keeps the size the manifest has.
    st.tuples(st.sampled_from(["", "<p>x</p>\n", "<p>y</p>\n", "## A\n\n<p>y</p>\n", "# T\n\n## B\n### C\n"]),
              st.booleans()),  # fmt: skip
)


@given(st.lists(st.tuples(pages_of_a_build, st.sampled_from(["keep", "fail", "stop"])), min_size=1, max_size=6))
def test_each_build_over_a_kept_store_stores_what_a_fresh_store_would(tmp_path_factory, builds):
    """Builds that succeed (keep and prune), fail (keep without pruning) or are stopped
    (no manifest), in any order: each build's files, ready HTML and tables of contents
    are a fresh store's."""
    root = tmp_path_factory.mktemp("kept") / "s"
    for n, (outputs, end) in enumerate(builds):
        store, fresh = kept(root), PageStore(tmp_path_factory.mktemp("fresh") / "s")
        for path, (body, ready) in sorted(outputs.items()):
            made = [s.save(page(path, body, ready=ready) if path.endswith(".md") else Output(path, body.encode()))
                    for s in (store, fresh)]  # fmt: skip
            assert open(made[0], "rb").read() == open(made[1], "rb").read(), (n, path)
            assert store.ready(made[0]) == fresh.ready(made[1]), (n, path)
        if end != "stop":
            store.keep(prune=end == "keep")
        store.release()
