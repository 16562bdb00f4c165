import os
from pathlib import Path

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
