"""Shared by the fuzz suites: what a library's own wording looks like, and the one shape
every problem line must have."""

from __future__ import annotations

import re

# Phrases of PyYAML/libyaml and pydantic that must never reach a contributor.
LIBRARY_WORDING = (
    "Input should", "Value should", "String should", "Field required", "Extra inputs",
    "validation error", "errors.pydantic.dev", "mapping values are not allowed",
    "could not find expected", "did not find expected", "found character", "while scanning",
    "while parsing", "cannot start any token", "unicode string", "<stream end>",
    "block mapping", "block collection", "flow sequence", "flow mapping", "ScannerError",
    "ParserError", "ComposerError", "ConstructorError", "invalid YAML", "pydantic", "yaml.",
    "tag:yaml.org", "character #x", "Traceback",
)  # fmt: skip

# `path:line: field: message` (line where known).
PROBLEM_LINE = re.compile(
    r"^(?P<path>[^\n]+?)(?::(?P<line>\d+))?: (?P<field>(?:[^:\n]|:(?! ))+): (?P<message>.+)$"
)


def library_words(text: str) -> list[str]:
    return [w for w in LIBRARY_WORDING if w.lower() in text.lower()]
