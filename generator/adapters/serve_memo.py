"""What the MkDocs adapter keeps across `mkdocs serve` rebuilds besides the pages:
MkDocs' own per-rebuild work that grows with the site, made once per input.

Each is keyed by every input it is made from, so a rebuild gets what a fresh one would.
"""

from __future__ import annotations

import copy
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

class FileMemo:
    """`serve`: each generated File as a copy of the one made for the same inputs last
    rebuild. `File.generated` spends ~40 µs in pathlib per file, over a second per
    rebuild at 10,000 claims (32,000 files); a copy costs ~1 µs. The key is every
    argument `File.generated` reads, and the kept prototype is never handed to MkDocs
    (which sets a File's page and more during a build): only its fresh copies are."""

    def __init__(self) -> None:
        self._made: dict[tuple[Any, ...], File] = {}

    def file(self, config: MkDocsConfig, path: str, abs_src_path: str, inclusion: InclusionLevel) -> File:
        key = (path, abs_src_path, inclusion, config.site_dir, config.use_directory_urls,
               config.plugins._current_plugin)  # fmt: skip
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = File.generated(config, path, abs_src_path=abs_src_path, inclusion=inclusion)
        return copy.copy(made)

    def keep_only(self, files: Files) -> None:
        """Forget the files of outputs that are gone."""
        live = files.src_uris
        self._made = {k: f for k, f in self._made.items() if k[0] in live}


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """The theme's compiled templates, in memory. MkDocs makes a new Jinja environment
    on every rebuild, which compiles every template again (~0.3 s). Jinja stores the
    code under the template's name and file and uses it only while the source's
    checksum is the same (`jinja2.bccache.Bucket`), so an edited override is compiled
    afresh; `attach` adds the environment's compile options to the key."""

    def __init__(self) -> None:
        self._code: dict[tuple[Any, str], bytes] = {}
        self._options: Any = None

    def attach(self, env: jinja2.Environment) -> None:
        """Serve `env` from this cache, unless its options cannot be compared."""
        if not isinstance(env.autoescape, bool):  # a function: compared by identity only
            return
        self._options = (
            env.block_start_string, env.block_end_string, env.variable_start_string,
            env.variable_end_string, env.comment_start_string, env.comment_end_string,
            env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
            env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
            env.optimized, env.autoescape, env.is_async, tuple(sorted(env.extensions)),
        )  # fmt: skip
        env.bytecode_cache = self

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get((self._options, bucket.key))
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[(self._options, bucket.key)] = bucket.bytecode_to_string()
