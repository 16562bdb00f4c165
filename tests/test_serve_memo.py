"""What the MkDocs adapter keeps across serve rebuilds (adapters/serve_memo.py) is what
a fresh rebuild would make."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import jinja2
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.adapters.serve_memo import FileMemo, MemoryBytecodeCache

paths = st.lists(st.from_regex(r"[a-z]{1,6}(/[a-z]{1,6}){0,2}\.(md|png|html)", fullmatch=True), min_size=1, max_size=6)


def _config(site_dir: str, directory_urls: bool = True) -> MkDocsConfig:
    """What `File.generated` reads of a config: the site folder, the URL style and the
    plugin whose event is running."""
    plugins = SimpleNamespace(_current_plugin="factcheck")
    return SimpleNamespace(site_dir=site_dir, use_directory_urls=directory_urls, plugins=plugins)  # type: ignore[return-value]


def _shown(file: File) -> tuple[object, ...]:
    return (file.src_uri, file.dest_uri, file.url, file.abs_src_path, file.abs_dest_path,
            file.inclusion, file.generated_by, file.page)  # fmt: skip


@given(paths, st.booleans(), st.sampled_from(list(InclusionLevel)))
def test_a_kept_file_is_the_file_mkdocs_would_make(names, directory_urls, inclusion):
    memo = FileMemo()
    for site, urls in (("/s1", directory_urls), ("/s1", directory_urls), ("/s2", not directory_urls)):
        config = _config(site, urls)
        for name in names:
            fresh = File.generated(config, name, abs_src_path=f"/store/{name}", inclusion=inclusion)
            assert _shown(memo.file(config, name, f"/store/{name}", inclusion)) == _shown(fresh)


def test_a_kept_file_is_a_new_object_whose_page_mkdocs_sets_afresh():
    memo, config = FileMemo(), _config("/s")
    first = memo.file(config, "a.md", "/store/a.md", InclusionLevel.UNDEFINED)
    first.page = object()  # type: ignore[assignment]
    second = memo.file(config, "a.md", "/store/a.md", InclusionLevel.UNDEFINED)
    assert second is not first and second.page is None


def test_files_of_gone_outputs_are_forgotten():
    memo, config = FileMemo(), _config("/s")
    kept = memo.file(config, "a.md", "/store/a.md", InclusionLevel.UNDEFINED)
    memo.file(config, "b.md", "/store/b.md", InclusionLevel.UNDEFINED)
    memo.keep_only(Files([kept]))
    assert [key[0] for key in memo._made] == ["a.md"]


def _render(folder: Path, cache: MemoryBytecodeCache, **options: object) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), **options)  # type: ignore[arg-type]
    cache.attach(env)
    return env.get_template("t.html").render(x="<b>")


def test_a_compiled_template_is_used_only_for_the_same_source_and_options(tmp_path):
    cache = MemoryBytecodeCache()
    (tmp_path / "t.html").write_text("{% if 1 %}\n  {{ x }}\n{% endif %}\n")
    plain = _render(tmp_path, cache)
    assert _render(tmp_path, cache) == plain and cache._code
    assert _render(tmp_path, cache, trim_blocks=True, lstrip_blocks=True) == "  <b>\n"
    assert _render(tmp_path, cache, autoescape=True) == "\n  &lt;b&gt;\n"
    (tmp_path / "t.html").write_text("edited {{ x }}")
    assert _render(tmp_path, cache) == "edited <b>"

