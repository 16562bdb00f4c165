"""Reading one claim file's YAML front-matter safely, remembering where each key sits.

Claim files arrive from outside the desk, so the YAML is parsed with libyaml's safe
loader, anchors and aliases are refused before anything is built (a "billion laughs"
file fails at once), and dates stay text so the model can say what is wrong with one.
Contributors are not programmers: every YAML mistake is translated into advice on the
line of the mistake (`yaml_advice`), never shown in the parser's own words, and
nesting deep enough to crash libyaml's C composer is refused before composing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import frontmatter
import yaml

from generator.model import FRONT_MATTER_KEYS, SOURCE_KEYS, UPDATE_KEYS

try:
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml is in every PyYAML wheel we pin
    _BaseLoader = yaml.SafeLoader

_SPLITTER = frontmatter.YAMLHandler()


class _ClaimLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that leaves YAML timestamps as strings.

    PyYAML would raise on `claim_date: 2021-02-30` while building the value; as a
    string the model can report it as a field problem with its line. It also notices
    keys written twice, which YAML would silently resolve to the last value.
    """

    duplicates = False  # set when a mapping has fewer keys than it was written with

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """Notice duplicate keys while building (the precise walk runs only then)."""
        mapping = super().construct_mapping(node, deep=deep)
        if len(mapping) != len(node.value):
            self.duplicates = True
        return mapping

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        """PyYAML's `BaseResolver.resolve` for a loader without path resolvers, as this
        one is: the same tag for every node, without the resolver lists joined again for
        every scalar. libyaml's composer asks for each of a claim's ~80 nodes: composing
        a synthetic claim took ~94 µs with PyYAML's, ~77 µs with this."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, pattern in _BY_FIRST.get(value[:1], _ANYWHERE):
                    if pattern.match(value):
                        return str(tag)
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def descend_resolver(self, *_: Any) -> None:
        """Called around every node for path resolvers; this loader has none."""

    def ascend_resolver(self, *_: Any) -> None:
        """As `descend_resolver`."""


_ClaimLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _resolvers_by_first_character() -> tuple[dict[str, tuple[Any, ...]], tuple[Any, ...]]:
    """The loader's implicit resolvers as `resolve` reads them: those for a value's first
    character followed by those for any character, joined once here, not per value."""
    table = _ClaimLoader.yaml_implicit_resolvers
    anywhere = tuple(table.get(None, ()))
    return {first: (*rs, *anywhere) for first, rs in table.items() if first is not None}, anywhere


_BY_FIRST, _ANYWHERE = _resolvers_by_first_character()


# Deeper than any claim needs (a claim is 4 levels deep) and far below the ~10,000
# levels at which libyaml's recursive composer overflows the C stack.
MAX_DEPTH = 50


@dataclass(frozen=True)
class Issue:
    """One reason the front-matter cannot be read: file line (1-based), field, advice."""

    line: int | None
    field: str
    message: str


class FrontMatterError(Exception):
    """The file's front-matter cannot be read; `line` is 1-based within the file.

    `issues` holds every reason found (the first is `line`/`message`), so a file
    with three missing spaces after ':' gets three lines, not one per run.
    """

    def __init__(self, message: str, line: int | None = None, field: str = "front-matter") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.issues: tuple[Issue, ...] = (Issue(line, field, message),)

    @classmethod
    def of(cls, issues: list[Issue]) -> FrontMatterError:
        first = issues[0]
        error = cls(first.message, first.line, first.field)
        error.issues = tuple(issues)
        return error


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
    issues = _missing_space_issues(fm_text, offset) + _hidden_break_issues(fm_text, offset)
    root, data, has_duplicates = _load_or_raise(fm_text, offset, issues)
    if root is None:
        raise FrontMatterError("the front-matter is empty", offset + 1)
    if not isinstance(data, dict):
        raise FrontMatterError("the front-matter must be a set of 'key: value' lines", offset + 1)
    duplicates = list(_duplicate_keys(root, offset)) if has_duplicates else []
    if duplicates:
        raise FrontMatterError.of(duplicates)
    _refuse_early_end(text, body)
    body = body.lstrip("\n")
    body_line = text.count("\n", 0, len(text) - len(body)) + 1 if text.endswith(body) else 1
    return ParsedFile(data=data, body=body, root=root, line_offset=offset, body_line=body_line)


def _load_or_raise(
    fm_text: str, offset: int, issues: list[Issue]
) -> tuple[yaml.Node | None, Any, bool]:
    """Compose and construct the front-matter, or raise every issue found with advice.

    Also says whether some mapping lost a key to a duplicate."""
    try:
        _scan_events(fm_text, offset)
        root, data, duplicates = _load(fm_text)
    except yaml.YAMLError as err:
        issue = yaml_advice(err, fm_text, offset)
        # A missing space after 'key:' makes libyaml stumble on the next line too.
        if not any(issue.line in (i.line, (i.line or 0) + 1) for i in issues):
            issues.append(issue)
        root, data, duplicates = None, None, False
    if issues:
        raise FrontMatterError.of(sorted(issues, key=lambda i: i.line or 0))
    return root, data, duplicates


def _scan_events(fm_text: str, offset: int) -> None:
    """Refuse anchors, aliases and deep nesting from the event stream, before composing.

    libyaml's parser keeps its own stack, so reading events is safe at any depth; its
    composer recurses and crashes the process at about 10,000 levels. Anchors and
    aliases let a tiny file expand without bound ("billion laughs"). The scan is
    skipped when the text alone proves the file shallow (`_depth_bound`) and it has
    no '&' or '*', which keeps the common case at libyaml speed.
    """
    if _depth_bound(fm_text) <= MAX_DEPTH and "&" not in fm_text and "*" not in fm_text:
        return
    depth = 0
    for event in yaml.parse(fm_text, Loader=_ClaimLoader):
        line = event.start_mark.line + offset
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise FrontMatterError(
                "YAML anchors and aliases ('&name', '*name') are not allowed; write the value "
                "out, and put a value that starts with '&' or '*' in double quotes",
                line,
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise FrontMatterError(
                    f"lists and fields are nested more than {MAX_DEPTH} levels deep here; "
                    "a claim needs at most 4",
                    line,
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


# What starts a line: indentation and compact "- " / "? " indicators (or more).
_LINE_PREFIX = re.compile(r"\n[ \t?-]*")  # on "\n" + text: a literal start searches fast


def _depth_bound(fm_text: str) -> int:
    """An upper bound on the nesting depth, from the text alone.

    A nested block collection starts at a greater column than its parent (a list
    under a key may share the key's column, hence the factor 2), and every such
    column lies within some line's prefix of spaces and "- " indicators; flow
    collections each need a '[' or '{'. Cheap: a few C-level passes over the text.
    """
    widest = max(map(len, _LINE_PREFIX.findall("\n" + fm_text)))  # one more than the prefix
    return 2 * widest + 1 + fm_text.count("[") + fm_text.count("{")


_KNOWN_KEYS = frozenset({*FRONT_MATTER_KEYS, *SOURCE_KEYS, *UPDATE_KEYS})
_NO_SPACE = re.compile(r"\n[ ]*(?:-[ ]+)?([a-z_]+):(?![\s/]|$)", re.MULTILINE)
_FIELD_LINE = re.compile(r"^([a-z_]+):(?:[ \t]|$)")


def _missing_space_issues(fm_text: str, offset: int) -> list[Issue]:
    """`title:A headline` is one long text to YAML, silently; name the missing space."""
    return [
        Issue(fm_text.count("\n", 0, m.start()) + offset, "front-matter",
              f"put a space after '{m.group(1)}:'")  # fmt: skip
        for m in _NO_SPACE.finditer("\n" + fm_text)
        if m.group(1) in _KNOWN_KEYS
    ]


_HIDDEN_BREAK = re.compile("[\x85\u2028\u2029]")


def _hidden_break_issues(fm_text: str, offset: int) -> list[Issue]:
    """YAML counts these as line breaks and editors do not, so every line number after
    one would be wrong; they are invisible in the text anyway."""
    if fm_text.isascii():
        return []
    return [
        Issue(fm_text.count("\n", 0, m.start()) + offset, "front-matter",
              f"contains an invisible line break ({ascii(m.group())[1:-1]}); "
              "delete it")  # fmt: skip
        for m in _HIDDEN_BREAK.finditer(fm_text)
    ]


def _refuse_early_end(text: str, body: str) -> None:
    """A lone '---' inside the front-matter ends it early; the fields below become body."""
    first = _FIELD_LINE.match(body.lstrip("\n"))
    if first and first.group(1) in _KNOWN_KEYS:
        closing = text.rfind("\n---", 0, len(text) - len(body))
        line = text.count("\n", 0, closing + 1) + 1
        raise FrontMatterError(
            "this '---' line ends the front-matter, so the fields below it are not read; "
            "delete it (a '---' inside a value must be in double quotes)",
            line,
        )


def _duplicate_keys(root: yaml.Node, offset: int) -> Iterator[Issue]:
    """Every key written twice in one mapping, at any depth (YAML would keep the last)."""
    from generator.problems import field_label

    stack: list[tuple[yaml.Node, tuple[str | int, ...]]] = [(root, ())]
    while stack:
        node, loc = stack.pop()
        if isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*loc, i)) for i, item in enumerate(node.value))
        elif isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                name = str(key.value)
                line = key.start_mark.line + offset
                if name in seen:
                    message = f"is written twice, on lines {seen[name]} and {line}; keep one"
                    yield Issue(line, field_label((*loc, name)), message)
                seen.setdefault(name, line)
                stack.append((value, (*loc, name)))


def yaml_advice(err: yaml.YAMLError, fm_text: str, offset: int) -> Issue:
    """What to do about a YAML error, on the line where the mistake is, in our words.

    libyaml reports where it gave up, which is often the line after the mistake (an
    unclosed quote is noticed at the end of the front-matter), and in its own terms
    ("mapping values are not allowed"). We look at the text around the mark instead.
    """
    lines = fm_text.split("\n")
    if isinstance(err, yaml.reader.ReaderError):
        line = fm_text.count("\n", 0, err.position)
        return Issue(line + offset, "front-matter", _control_message(chr(err.character)))
    if not isinstance(err, yaml.MarkedYAMLError) or not (err.problem_mark or err.context_mark):
        return Issue(None, "front-matter", _UNREADABLE)
    mark = err.problem_mark or err.context_mark
    context = err.context_mark or mark
    text = lines[mark.line] if mark.line < len(lines) else ""
    char = text[mark.column] if mark.column < len(text) else ""
    problem, where = str(err.problem or ""), str(err.context or "")
    line, message = _advice(problem, where, text, char, mark, context, lines)
    return Issue(line + offset, "front-matter", message)


_UNREADABLE = "this line cannot be read; check its quotes, colons and indentation"
_QUOTE_IT = "put the value in double quotes"
_INDENT = (
    "this line is not lined up with the lines above it; indent the fields of one item "
    "by the same number of spaces"
)


def _advice(  # noqa: PLR0911, C901 - one branch per kind of mistake reads best as a list
    problem: str, context: str, text: str, char: str, mark: Any, start: Any, lines: list[str]
) -> tuple[int, str]:
    """(0-based front-matter line, message) for one libyaml error."""
    if "tab" in problem or char == "\t":
        return mark.line, "indent with spaces, not tabs"
    if "quoted scalar" in context and "escape" in problem:
        return mark.line, ("a backslash (\\) inside double quotes starts an escape; write it "
                           "twice (\\\\) or put the value in single quotes")  # fmt: skip
    if "quoted scalar" in context:
        return start.line, "this quote is never closed; end the value with the same quote mark"
    if "flow" in context and "expected" in problem:
        line, bracket = _open_bracket(lines, start if "flow node" not in context else mark)
        closing = "]" if bracket == "[" else "}"
        return line, (f"this '{bracket}' is never closed; end it with '{closing}', or put the "
                      "value in double quotes if it is text")  # fmt: skip
    if "mapping keys" in problem:
        return mark.line, f"{_QUOTE_IT}: it contains '? '"
    if "mapping values" in problem:
        if ":" in text[: mark.column]:
            return mark.line, f"{_QUOTE_IT}: it contains ': '"
        return mark.line, _INDENT
    if "cannot start any token" in problem:
        return mark.line, f"a value cannot start with '{char}'; {_QUOTE_IT}"
    if "expected key" in problem or "'-' indicator" in problem:
        return _block_advice(text, mark)
    if "could not find expected ':'" in problem:
        return start.line, "this line has no ':'; write it as 'field: value'"
    if "alias" in context or "anchor" in context:
        return mark.line, f"a value cannot start with '*' or '&'; {_QUOTE_IT}"
    if "tag" in problem:
        return mark.line, (f"YAML tags ('!...') are not allowed; if the value starts with "
                           f"'!', {_QUOTE_IT}")  # fmt: skip
    if "another document" in problem or "document start" in problem:
        message = (f"a line starting with '---', '...' or '%' ends the front-matter here; "
                   f"delete it, or {_QUOTE_IT}")  # fmt: skip
        return _document_marker_line(lines, mark.line), message
    if "unhashable" in problem or "found unacceptable key" in problem:
        return mark.line, "a field name must be plain text"
    return mark.line, _UNREADABLE


def _open_bracket(lines: list[str], mark: Any) -> tuple[int, str]:
    """The line of the last '[' or '{' at or before `mark` that no bracket closes."""
    depth = 0
    for index in range(min(mark.line, len(lines) - 1), -1, -1):
        text = lines[index][: mark.column + 1] if index == mark.line else lines[index]
        for char in reversed(text):
            if char in "]}":
                depth += 1
            elif char in "[{":
                if depth == 0:
                    return index, char
                depth -= 1
    return mark.line, "["


def _document_marker_line(lines: list[str], line: int) -> int:
    """libyaml notices a '...' or '%' line only on the line after it."""
    for index in range(min(line, len(lines) - 1), -1, -1):
        if lines[index].startswith(("---", "...", "%")):
            return index
    return line


def _block_advice(text: str, mark: Any) -> tuple[int, str]:
    """A line that does not fit the list or the fields around it."""
    stripped = text.lstrip(" ")
    if mark.column > len(text) - len(stripped):
        return mark.line, (f"the value goes on after its closing quote or bracket; {_QUOTE_IT} "
                           "and write any \" inside it as \\\"")  # fmt: skip
    if stripped.startswith("-"):
        return mark.line, ("this '- ' item is not part of a list here; indent it like the "
                           "other items of its list, or remove the '-'")  # fmt: skip
    return mark.line, _INDENT


def _control_message(char: str) -> str:
    return f"contains a control character ({ascii(char)[1:-1]}); delete it"


def _load(fm_text: str) -> tuple[yaml.Node | None, Any, bool]:
    loader = _ClaimLoader(fm_text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, None, False
        try:
            return root, _plain_data(loader, root), loader.duplicates
        except _Unusual:
            pass
    finally:
        loader.dispose()
    return _load_by_pyyaml(fm_text)


def _load_by_pyyaml(fm_text: str) -> tuple[yaml.Node | None, Any, bool]:
    """A fresh loader: the one `_plain_data` gave up on may hold its half-built state."""
    loader = _ClaimLoader(fm_text)
    try:
        root = loader.get_single_node()
        try:
            return root, loader.construct_document(root), loader.duplicates
        except yaml.YAMLError:
            raise
        except Exception as err:  # noqa: BLE001 - PyYAML's value constructors raise anything
            raise _unreadable_tag(root, err) from None
    finally:
        loader.dispose()


def _unreadable_tag(root: yaml.Node, err: Exception) -> yaml.YAMLError:
    """A tagged value PyYAML cannot build (`!!int abc` raises ValueError, `!!bool maybe`
    KeyError), as a YAML error on that value's line: a contributor gets advice, never
    a traceback. The value is the first scalar, in file order, whose tag fails."""
    failing = next((node for node in _scalars(root) if not _constructs(node)), root)
    problem = f"the value tagged {failing.tag!r} cannot be read ({type(err).__name__})"
    return yaml.constructor.ConstructorError(None, None, problem, failing.start_mark)


def _scalars(node: yaml.Node) -> Iterator[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars(key)
            yield from _scalars(value)


def _constructs(node: yaml.ScalarNode) -> bool:
    try:
        _ClaimLoader("").construct_object(node)
    except Exception:  # noqa: BLE001 - as above
        return False
    return True


_STR, _SEQ, _MAP = ("tag:yaml.org,2002:" + kind for kind in ("str", "seq", "map"))


class _Unusual(Exception):
    """The document holds something `_plain_data` leaves to PyYAML's own constructor."""


def _plain_data(loader: Any, node: yaml.Node) -> Any:
    """The document's value, as PyYAML's constructor builds it, for documents made of
    mappings with scalar keys, lists and scalars: a claim's front-matter, always.

    PyYAML builds each value through a generic, generator-based walk that handles
    anchors, merges and cycles; at 10,000 claims it took longer (1.9 s) than
    libyaml's parsing and composing (1.75 s), where this takes 0.2 s. Text is taken
    as it is, every other scalar is still built by PyYAML (`construct_object`), and
    anything else (a collection as a key, a tag such as `!!set`, any error, a merge
    key `<<`, which has no scalar constructor) raises `_Unusual`, so that a fresh
    PyYAML loader builds the whole document as before, errors and their order
    included. The tests compare both on generated documents."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR:
            return node.value
        try:
            return loader.construct_object(node)
        except Exception:  # noqa: BLE001 - a YAML error or a tagged value PyYAML cannot read
            raise _Unusual from None
    if node.tag == _SEQ and isinstance(node, yaml.SequenceNode):
        return [_plain_data(loader, item) for item in node.value]
    if node.tag == _MAP and isinstance(node, yaml.MappingNode):
        mapping = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Unusual  # a list or mapping as a key: PyYAML says why it cannot be
            mapping[_plain_data(loader, key_node)] = _plain_data(loader, value_node)
        if len(mapping) != len(node.value):
            loader.duplicates = True
        return mapping
    raise _Unusual
