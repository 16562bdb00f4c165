"""What the MkDocs adapter keeps across `mkdocs serve` rebuilds besides the pages:
MkDocs' own per-rebuild work that grows with the site (Files, Pages), made once per
input, and files that tell MkDocs which pages changed without asking the filesystem
(`StoredFile`). (The theme's compiled templates: compiled_templates.py.)

Each is keyed by every input it is made from, so a rebuild gets what a fresh one would.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date

from generator.adapters.ready_page import ReadyPage

T = TypeVar("T")
# A File's paths MkDocs works out from the key's inputs on first use (cached properties),
# for every page and rebuild (~7 µs a file, 0.08 s a rebuild at 10,000 claims).
_DERIVED = ("dest_uri", "url", "abs_dest_path", "name")


class StoredFile(File):
    """`serve --dirty`: a generated file whose source is a page-store file, modified
    while the version MkDocs last put in the site is not the stored one. MkDocs' own
    test compares the two files' modification times, four `stat`s per page and
    rebuild (~0.2 s at 10,000 claims); the store numbers each version it writes
    (`PageStore.stamp`), and `FileMemo.delivered` notes which MkDocs put in the site."""

    stamp: int = 0
    delivered: Mapping[str, int] = MappingProxyType({})  # site path -> stamp (FileMemo's)

    def is_modified(self) -> bool:
        return self.delivered.get(self.abs_dest_path) != self.stamp


class FileMemo:
    """`serve`: each generated File as a copy of the one made for the same inputs last
    rebuild. `File.generated` spends ~40 µs in pathlib per file, over a second per
    rebuild at 10,000 claims (32,000 files); a copy costs ~1 µs. The key is every
    argument `File.generated` reads, and the kept prototype is never handed to MkDocs
    (which sets a File's page and more during a build): only its fresh copies are."""

    def __init__(self) -> None:
        self._made: dict[tuple[Any, ...], StoredFile] = {}
        self._pages: dict[tuple[Any, ...], Page] = {}
        self._delivered: dict[str, int] = {}
        self._config: tuple[object, frozenset[str], str] = (None, frozenset(), "")  # see _of_config

    def file(self, config: MkDocsConfig, path: str, abs_src_path: str, inclusion: InclusionLevel,
             stamp: int, *, ready: bool = False) -> StoredFile:  # fmt: skip
        """The File of the stored version `stamp` of the output at `path`; a `ready`
        page's Page renders without Python-Markdown (ready_page.py)."""
        key = (path, abs_src_path, inclusion, config.site_dir, config.use_directory_urls,
               config.plugins._current_plugin)  # fmt: skip
        made = self._made.get(key)
        if made is None:
            made = StoredFile.generated(
                config, path, abs_src_path=abs_src_path, inclusion=inclusion
            )
            for derived in _DERIVED:  # worked out once here, not again in every copy
                getattr(made, derived)
            self._made[key] = made
        file = _copied(made)
        file.stamp, file.delivered = stamp, self._delivered
        # A page the site's `nav` names gets its title there: MkDocs makes its Page.
        named, build_date = self._of_config(config)
        outside_nav = inclusion is InclusionLevel.NOT_IN_NAV and path not in named
        if outside_nav and file.is_documentation_page():
            self._give_page(file, key, build_date, config, ReadyPage if ready else Page)
        return file

    def _of_config(self, config: MkDocsConfig) -> tuple[frozenset[str], str]:
        """The pages the site's `nav` names and the build date, once per rebuild (each
        loads a new config); the date is MkDocs' `get_build_date`, whose environment
        lookup cost 0.04 s a rebuild asked per page."""
        if self._config[0] is not config:
            self._config = (config, nav_paths(config.nav), get_build_date())
        return self._config[1], self._config[2]

    def _give_page(
        self, file: File, key: tuple[Any, ...], build_date: str, config: MkDocsConfig,
        kind: type[Page],
    ) -> None:
        """The Page MkDocs' `get_navigation` makes for a page outside the nav
        (`Page(None, file, config)`, ~20 µs in URL joins and a date each, 0.2 s a
        rebuild at 10,000 claims), as a copy of one made for the same inputs: the file
        and every config value `Page.__init__` reads. Its containers are new, so what
        MkDocs puts in one page's `meta` or `toc` is never another's."""
        page_key = (key, kind, build_date, config.site_url, config.repo_url, config.edit_uri,
                    config.edit_uri_template)  # fmt: skip
        made = self._pages.get(page_key)
        if made is None:
            made = self._pages[page_key] = kind(None, _copied(file), config)  # never handed out
        page = _copied(made)
        page.file, file.page = file, page
        page.meta, page.toc = {}, []  # type: ignore[assignment]

    def delivered(self, files: Iterable[File]) -> None:
        """After a complete build: the stored versions MkDocs has put in the site. Until
        then (a build that failed half way) every file stays modified."""
        self._delivered = {f.abs_dest_path: f.stamp for f in files if isinstance(f, StoredFile)}

    def keep_only(self, files: Files) -> None:
        """Forget the files of outputs that are gone."""
        live = files.src_uris
        self._made = {k: f for k, f in self._made.items() if k[0] in live}
        self._pages = {k: p for k, p in self._pages.items() if k[0][0] in live}


def _copied(made: T) -> T:
    """A shallow copy, as `copy.copy` makes of a File or a Page (plain objects whose
    state is their `__dict__`) at a quarter of its cost: two copies a page, ~0.08 s a
    rebuild at 10,000 claims."""
    new = object.__new__(type(made))
    new.__dict__.update(made.__dict__)
    return new


def nav_paths(nav: Any) -> frozenset[str]:
    """Every path a `nav` setting names, however deep."""
    named: set[str] = set()
    stack: list[Any] = [nav or []]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            named.add(posixpath.normpath(item))
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return frozenset(named)
