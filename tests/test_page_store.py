import os

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
