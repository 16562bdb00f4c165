"""Reading one claim file's YAML front-matter safely, remembering where each key sits.

Claim files arrive from outside the desk, so the YAML is parsed with libyaml's safe
loader, anchors and aliases are refused before anything is built (a "billion laughs"
file fails at once), and dates stay text so the model can say what is wrong with one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import frontmatter
import yaml

try:
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml is in every PyYAML wheel we pin
    _BaseLoader = yaml.SafeLoader

_SPLITTER = frontmatter.YAMLHandler()


class _ClaimLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that leaves YAML timestamps as strings.

    PyYAML would raise on `claim_date: 2021-02-30` while building the value; as a
    string the model can report it as a field problem with its line.
    """


_ClaimLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class FrontMatterError(Exception):
    """The file's front-matter cannot be read; `line` is 1-based within the file."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class ParsedFile:
    """A claim file split into data and body, with a way back to line numbers."""

    data: dict[str, Any]
    body: str
    root: yaml.Node
    line_offset: int
    body_line: int = 1  # the file line the body starts on

    def line_in_body(self, needle: str) -> int:
        """The file line of the first `needle` in the body (its first line if absent)."""
        return self.body_line + self.body.count("\n", 0, max(self.body.find(needle), 0))

    def line_of(self, loc: tuple[str | int, ...]) -> int:
        """The file line of the key at `loc`, or of the nearest enclosing item we have."""
        node = self.root
        line = node.start_mark.line
        for step in loc:
            child = _child(node, step)
            if child is None:
                break
            key_node, node = child
            line = key_node.start_mark.line
        return line + self.line_offset


    def key_lines(self) -> dict[str, int]:
        """File lines of the keys two levels deep, named like `sources[0].via`."""
        lines: dict[str, int] = {}
        _collect_lines(self.root, "", self.line_offset, lines, depth=3)
        return lines


def _collect_lines(node: yaml.Node, prefix: str, offset: int, out: dict[str, int], depth: int) -> None:
    if depth == 0:
        return
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = f"{prefix}.{key.value}" if prefix else str(key.value)
            out[name] = key.start_mark.line + offset
            _collect_lines(value, name, offset, out, depth - 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            name = f"{prefix}[{index}]"
            out[name] = item.start_mark.line + offset
            _collect_lines(item, name, offset, out, depth - 1)


def _child(node: yaml.Node, step: str | int) -> tuple[yaml.Node, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == step:
                return key, value
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        item = node.value[step]
        return item, item
    return None


def decode(raw: bytes) -> str:
    """UTF-8 text with any byte-order mark dropped and line endings made `\\n`."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise FrontMatterError(
            f"the file is not UTF-8 text (byte {err.start + 1}); save it as UTF-8", line
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse(text: str) -> ParsedFile:
    """Split `text` and load its front-matter, or raise FrontMatterError."""
    if not text.strip():
        raise FrontMatterError("the file is empty; a claim starts with '---' front-matter", 1)
    if not _SPLITTER.detect(text):
        raise FrontMatterError("no front-matter: the file must start with a '---' line", 1)
    try:
        fm_text, body = _SPLITTER.split(text)
    except ValueError:
        raise FrontMatterError("the front-matter has no closing '---' line", 1) from None
    # fm_text starts on the opening '---' line, so YAML's 0-based lines plus this
    # offset are the file's 1-based lines.
    opening = _SPLITTER.FM_BOUNDARY.match(text)  # type: ignore[union-attr]
    offset = text.count("\n", 0, opening.end() if opening else 0) + 1
    _refuse_aliases(fm_text, offset)
    try:
        root, data = _load(fm_text)
    except yaml.MarkedYAMLError as err:
        raise FrontMatterError(_yaml_message(err, offset), _yaml_line(err, offset)) from None
    except yaml.reader.ReaderError as err:
        line = fm_text.count("\n", 0, err.position) + offset
        message = f"invalid YAML: character #x{err.character:04x} is not allowed ({err.reason})"
        raise FrontMatterError(message, line) from None
    except yaml.YAMLError as err:
        raise FrontMatterError(f"invalid YAML: {err}", None) from None
    if root is None:
        raise FrontMatterError("the front-matter is empty", offset + 1)
    if not isinstance(data, dict):
        raise FrontMatterError("the front-matter must be a set of 'key: value' lines", offset + 1)
    body = body.lstrip("\n")
    body_line = text.count("\n", 0, len(text) - len(body)) + 1 if text.endswith(body) else 1
    return ParsedFile(data=data, body=body, root=root, line_offset=offset, body_line=body_line)


def _load(fm_text: str) -> tuple[yaml.Node | None, Any]:
    loader = _ClaimLoader(fm_text)
    try:
        root = loader.get_single_node()
        return root, (loader.construct_document(root) if root is not None else None)
    finally:
        loader.dispose()


def _yaml_line(err: yaml.MarkedYAMLError, offset: int) -> int | None:
    mark = err.problem_mark or err.context_mark
    return mark.line + offset if mark else None


def _yaml_message(err: yaml.MarkedYAMLError, offset: int) -> str:
    """libyaml's problem, plus where the enclosing construct began when that differs."""
    mark = err.problem_mark or err.context_mark
    message = f"invalid YAML: {err.problem or err}"
    if err.context and err.context_mark and mark and err.context_mark.line != mark.line:
        message += f" ({err.context} that starts on line {err.context_mark.line + offset})"
    return message


def _refuse_aliases(fm_text: str, offset: int) -> None:
    """Refuse YAML anchors and aliases: they let a tiny file expand without bound.

    Only files containing '&' or '*' can hold them, so the event scan is skipped for
    the rest; that keeps the common case at libyaml speed.
    """
    if "&" not in fm_text and "*" not in fm_text:
        return
    try:
        for event in yaml.parse(fm_text, Loader=_ClaimLoader):
            anchor = getattr(event, "anchor", None)
            if isinstance(event, yaml.AliasEvent) or anchor is not None:
                line = event.start_mark.line + offset
                raise FrontMatterError(
                    "YAML anchors and aliases ('&name', '*name') are not allowed; "
                    "write the value out",
                    line,
                )
    except yaml.YAMLError:
        return  # parse() reports the syntax error with its line
