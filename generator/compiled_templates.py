"""Compiled Jinja templates, kept in memory for every environment of the process.

Jinja compiles each template once per environment, and a process makes several: the
generator's own for the reserved-ids probe (rules.generated_paths) and again for the
site (~0.2 s each), MkDocs one per `serve` rebuild for the theme (~0.3 s). Jinja keeps
compiled code under the template's name and file and uses it only while the source's
checksum is the same (`jinja2.bccache.Bucket`), so an edited template is compiled
afresh; the key here adds everything of the environment that shapes the code.
"""

from __future__ import annotations

from collections.abc import Hashable

import jinja2


class CompiledTemplates(jinja2.BytecodeCache):
    def __init__(self) -> None:
        self._code: dict[tuple[Hashable, str], bytes] = {}

    def attach(self, env: jinja2.Environment) -> None:
        """Serve `env` from this cache, unless its options cannot be compared."""
        if compile_options(env) is not None:
            env.bytecode_cache = self

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get((compile_options(bucket.environment), bucket.key))
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[(compile_options(bucket.environment), bucket.key)] = bucket.bytecode_to_string()


def compile_options(env: jinja2.Environment) -> Hashable | None:
    """Every option of `env` that its compiled code depends on, or None when one is a
    function whose code Jinja reads (`autoescape` chosen by file name)."""
    if not isinstance(env.autoescape, bool):
        return None
    return (
        env.block_start_string, env.block_end_string, env.variable_start_string,
        env.variable_end_string, env.comment_start_string, env.comment_end_string,
        env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
        env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
        env.optimized, env.autoescape, env.is_async, tuple(sorted(env.extensions)),
        env.finalize,  # whether and how the code calls it
    )  # fmt: skip
