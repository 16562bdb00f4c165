import json
import subprocess
import sys
import time

import pytest
import yaml
from fuzz_support import library_words
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.front_matter import MAX_DEPTH, FrontMatterError, decode, parse


def test_keys_are_found_on_their_file_lines():
    parsed = parse("---\ntitle: A\nsources:\n  - outlet: X\n    via: Y\n---\nBody\n")
    assert parsed.line_of(("title",)) == 2
    assert parsed.line_of(("sources", 0, "via")) == 5
    assert parsed.line_of(("sources", 0, "missing")) == 4  # nearest enclosing item
    assert parsed.body == "Body\n"


def test_dates_stay_text_so_the_model_can_judge_them():
    assert parse("---\nclaim_date: 2021-02-30\n---\n").data == {"claim_date": "2021-02-30"}


def test_bom_and_crlf_are_accepted():
    text = decode("\ufeff---\r\ntitle: دره پنجشیر 🇦🇫\r\n---\r\nBody\r\n".encode())
    parsed = parse(text)
    assert parsed.data["title"] == "دره پنجشیر 🇦🇫"
    assert parsed.body == "Body\n"


def test_non_utf8_names_the_line():
    with pytest.raises(FrontMatterError) as err:
        decode(b"---\ntitle: ok\nclaim: caf\xe9\n---\n")
    assert err.value.line == 3
    assert "UTF-8" in err.value.message


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "empty"),
        ("title: no fences\n", 1, "must start with a '---'"),
        ("---\ntitle: never closed\n", 1, "no closing"),
        ("---\n---\nbody\n", 2, "empty"),
        ("---\n- a\n- b\n---\n", 2, "key: value"),
        ("---\ntitle: ok\nclaim: [unclosed\nclaimant: x\n---\n", 3, "this '[' is never closed"),
    ],
)
def test_unreadable_front_matter_is_reported_with_its_line(text, line, words):
    with pytest.raises(FrontMatterError) as err:
        parse(text)
    assert err.value.line == line
    assert words in err.value.message


def test_billion_laughs_fails_fast_wherever_the_aliases_are():
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        prev = chr(ord("a") + n - 1)
        levels.append(f"{chr(ord('a') + n)}: &{chr(ord('a') + n)} [" + ",".join([f"*{prev}"] * 9) + "]")
    bomb = "---\ntitle: x\nsources:\n  - outlet: y\n    quote:\n      " + "\n      ".join(levels) + "\n---\n"
    start = time.perf_counter()
    with pytest.raises(FrontMatterError) as err:
        parse(bomb)
    assert time.perf_counter() - start < 0.5
    assert "aliases" in err.value.message
    assert err.value.line == 6


def test_text_with_ampersands_and_stars_is_not_mistaken_for_aliases():
    parsed = parse('---\ntitle: "Q&A: *really*"\nclaim: A & B\n---\n')
    assert parsed.data == {"title": "Q&A: *really*", "claim": "A & B"}


# --- YAML mistakes become advice on the mistake's line (issue 10) ----------------------

@pytest.mark.parametrize(
    ("front_matter", "line", "advice"),
    [
        ("title: Taliban: victory\n", 2, "put the value in double quotes: it contains ': '"),
        ("title: ok\nsources:\n  - outlet: BBC\n    title: Panjshir: fall\n", 5, "put the value in double quotes"),
        ("title: ok\n\tclaim: x\n", 3, "indent with spaces, not tabs"),
        ("sources:\n\t- outlet: x\n", 3, "indent with spaces, not tabs"),
        ('title: "never closed\nclaim: x\nverdict: y\n', 2, "this quote is never closed"),
        ("title: ok\nclaim: 'never closed\n", 3, "this quote is never closed"),
        ("sources:\n  - outlet: x\n   title: y\n", 4, "not lined up with the lines above"),
        ("title: ok\n  claim: x\n", 3, "not lined up with the lines above"),
        ("sources:\n  - outlet: x\n title: y\n", 4, "not lined up with the lines above"),
        ("title:A headline\nclaim: x\n", 2, "put a space after 'title:'"),
        ("title: x\nclaim:x\n", 3, "put a space after 'claim:'"),
        ("people: [a, b\nclaim: x\n", 2, "this '[' is never closed"),
        ("title: ok\nsources: {outlet: b\nclaim: x\n", 3, "this '{' is never closed"),
        ("title: x\n- y\nclaim: z\n", 3, "this '- ' item is not part of a list here"),
        ("title: x\npeople:\n  - a\n - b\n", 5, "this '- ' item is not part of a list here"),
        ("title: ok\n---\nclaim: b\n", 3, "this '---' line ends the front-matter"),
        ("title: a\n...\nclaim: b\n", 3, "ends the front-matter here"),
        ('title: "C:\\path"\n', 2, "a backslash"),
        ("title: @handle\n", 2, "a value cannot start with '@'; put the value in double quotes"),
        ("title: *bold* claim\n", 2, "a value cannot start with '*' or '&'"),
        ('title: "Quoted" and more\n', 2, "the value goes on after its closing quote"),
        ("title: !!python/object:os.system x\n", 2, "YAML tags ('!...') are not allowed"),
        ("title: a\nclaim\nx: y\n", 3, "this line has no ':'"),
        ("title: a\x07\n", 2, "contains a control character (\\x07); delete it"),
        ("title: a\nsources:\n  - outlet: x\n    outlet: y\n", 5, "source 1, outlet: is written twice, on lines 4 and 5"),
    ],
)
def test_yaml_mistakes_get_advice_on_the_line_of_the_mistake(front_matter, line, advice):
    with pytest.raises(FrontMatterError) as err:
        parse("---\n" + front_matter + "---\nBody\n")
    (issue,) = err.value.issues
    assert issue.line == line
    assert advice in f"{issue.field}: {issue.message}"
    assert not library_words(issue.message)


def test_several_missing_spaces_are_reported_at_once():
    with pytest.raises(FrontMatterError) as err:
        parse("---\ntitle:A\nclaim:B\nclaimant: C\n---\n")
    assert [(i.line, i.message) for i in err.value.issues] == [
        (2, "put a space after 'title:'"), (3, "put a space after 'claim:'")]


def test_urls_and_times_are_not_mistaken_for_missing_spaces():
    assert parse("---\ntitle: 'at 10:30'\nurl: https://x.org/a:b\n---\n").data["url"] == "https://x.org/a:b"


# --- nesting deep enough to crash libyaml's composer is refused before composing --------

SCRIPT = """
import json, sys
from generator.front_matter import FrontMatterError, parse
out = []
for text in json.load(sys.stdin):
    try:
        parse(text)
        out.append(None)
    except FrontMatterError as err:
        out.append([err.line, err.message])
print(json.dumps(out))
"""


def nested(kinds: list[str], depth: int) -> str:
    """Front-matter nested `depth` levels: block levels first (at most 300, as a file
    under the size limit allows), then flow levels."""
    lines, indent, flow_open, flow_close = [], 0, "", ""
    for level in range(depth):
        kind = kinds[level % len(kinds)]
        if indent >= 300:
            kind = "flow-" + kind.removeprefix("flow-")
        if kind == "map" and not flow_open:
            lines.append(" " * indent + "k:")
            indent += 1
        elif kind == "seq" and not flow_open:
            lines.append(" " * indent + "-")
            indent += 1
        elif kind == "flow-map":
            flow_open, flow_close = flow_open + "{k: ", "}" + flow_close
        else:
            flow_open, flow_close = flow_open + "[", "]" + flow_close
    lines.append(" " * indent + "k: " + flow_open + "x" + flow_close)
    return "---\ntitle: t\nsources:\n" + "\n".join(" " + line for line in lines) + "\n---\n"


@settings(max_examples=8, deadline=None)
@given(
    batch=st.lists(
        st.tuples(st.lists(st.sampled_from(["map", "seq", "flow-map", "flow-seq"]), min_size=1, max_size=4),
                  st.integers(min_value=MAX_DEPTH, max_value=30_000)),  # fmt: skip
        min_size=1, max_size=4,
    )
)
def test_deep_nesting_gets_a_message_never_a_crash(batch):
    texts = [nested(kinds, depth) for kinds, depth in batch]
    result = subprocess.run([sys.executable, "-c", SCRIPT], input=json.dumps(texts),
                            capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    for (line, message), text in zip(json.loads(result.stdout), texts, strict=True):
        assert f"nested more than {MAX_DEPTH} levels deep" in message
        assert 2 <= line <= text.count("\n")


def test_shallow_nesting_is_left_to_the_model():
    parsed = parse(nested(["seq", "map"], MAX_DEPTH - 3))
    assert "sources" in parsed.data


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029"])
def test_invisible_line_breaks_are_refused_so_line_numbers_match_the_editor(char):
    with pytest.raises(FrontMatterError) as err:
        parse(f"---\ntitle: a{char}b\nclaim: x\nclaimant: 1\n---\n")
    assert [(i.line, i.message) for i in err.value.issues] == [
        (2, f"contains an invisible line break ({ascii(char)[1:-1]}); delete it")]


def event_depth(text: str) -> int:
    import yaml

    depth = deepest = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            deepest = max(deepest, depth)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return deepest


nested_values = st.recursive(
    st.text(max_size=5) | st.integers(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(value=nested_values, flow=st.sampled_from([None, False, True]), indent=st.integers(2, 6))
def test_the_text_only_depth_bound_never_underestimates(value, flow, indent):
    """The event scan is skipped below the bound, so the bound must hold for any YAML:
    block, flow and compact ('- - x') styles at any indentation."""
    import yaml

    from generator.front_matter import _depth_bound

    text = yaml.safe_dump({"k": value}, default_flow_style=flow, indent=indent, allow_unicode=True)
    assert _depth_bound(text) >= event_depth(text)
    compact = "- " * 30 + "x\n"
    assert _depth_bound(compact) >= event_depth(compact) == 30


# --- the plain-data builder builds what PyYAML's constructor builds ------------------

_SCALARS = [
    "word", "two words", "12", "-3", "0x1F", "0o17", "1_000", "1e3", ".5", ".nan", "-.inf",
    "true", "False", "yes", "off", "null", "~", "", '"quoted: x"', "'single''s'", '"\\u00e9"',
    "2021-02-30", "2021-08-17T10:00:00Z", "!!str 12", '!!int "7"', "!!float 1", "!!bool yes",
    "!!binary aGk=", "!!null ''", "!foo x", "!!timestamp 2021-01-01", "[a, 1, {b: c}]",
    "{x: 1, x: 2}", "{<<: {a: 1}, b: 2}", "{<<: [{a: 1}], a: 0}", "{=: v}", "{[a, b]: c}",
    "{{a: 1}: c}", "!!set {a, b}", "!!omap [a: 1]", "!!pairs [a: 1]", "!!seq [a]", "!!map {a: 1}",
    "!!str [a]", "!!python/name:os.system", "&a x", "*a",
    "!!int abc", "!!float x", "!!bool maybe", "!!timestamp nope", "!!set {a: !!int x}",
]  # fmt: skip
_KEYS = ["title", "claim", "title", "1", "1.5", "null", "~", "true", "<<", "=", '"title"',
         "'sources'", "!!str 3", "!!int 3", "!!binary aGk=", "!x k", "2021-01-01"]  # fmt: skip


def _yaml_block(entries, indent: int = 0) -> str:
    """Block-style YAML: a mapping is a list of (key, value), a list is ("-", values)."""
    pad = " " * indent
    lines = []
    for key, value in entries:
        if isinstance(value, str):
            lines.append(f"{pad}{key}: {value}".rstrip())
        elif value and value[0] == "-":
            lines.append(f"{pad}{key}:")
            lines += [f"{pad}  - {item}".rstrip() for item in value[1]]
        else:
            lines.append(f"{pad}{key}:")
            lines.append(_yaml_block(value, indent + 2))
    return "\n".join(lines)


_mappings = st.recursive(
    st.lists(st.tuples(st.sampled_from(_KEYS), st.sampled_from(_SCALARS)), min_size=1, max_size=4),
    lambda inner: st.lists(
        st.tuples(
            st.sampled_from(_KEYS),
            st.one_of(
                st.sampled_from(_SCALARS),
                inner,
                st.tuples(st.just("-"), st.lists(st.sampled_from(_SCALARS), min_size=1, max_size=3)),
            ),
        ),
        min_size=1,
        max_size=4,
    ),
    max_leaves=12,
)


def _outcome(load, text):
    """What loading gives: the data (as its repr: NaN and key order count), whether a
    key was written twice, or the error PyYAML raises, in its own words."""
    import yaml

    try:
        data, duplicates = load(text)
    except yaml.YAMLError as err:
        return ("error", type(err).__name__, str(err))
    return ("data", repr(data), duplicates)


def _pyyaml_load(text):
    from generator.front_matter import _load_by_pyyaml

    _, data, duplicates = _load_by_pyyaml(text)
    return data, duplicates


def _plain_load(text):
    from generator.front_matter import _load

    _, data, duplicates = _load(text)
    return data, duplicates


@settings(max_examples=600, deadline=None)
@given(_mappings)
def test_the_plain_data_builder_gives_what_pyyaml_gives(entries):
    """Any front-matter (tags, merge keys, collections as keys, duplicates, errors):
    the fast builder gives PyYAML's data or hands the document to PyYAML."""
    text = _yaml_block(entries) + "\n"
    assert _outcome(_plain_load, text) == _outcome(_pyyaml_load, text)


@settings(max_examples=600, deadline=None)
@given(_mappings)
def test_any_front_matter_parses_or_gets_advice_never_a_traceback(entries):
    """PyYAML's value constructors raise ValueError, KeyError or AttributeError for a
    tagged value they cannot read (`!!int abc`): each must reach the contributor as a
    problem on its line."""
    text = "---\n" + _yaml_block(entries) + "\n---\nBody\n"
    try:
        parse(text)
    except FrontMatterError as err:
        assert err.line is not None and err.message


@pytest.mark.parametrize(
    ("value", "line"),
    [("!!int abc", 3), ("!!bool maybe", 3), ("[1, !!float x]", 3), ("!!set {a: !!int x}", 3)],
)
def test_a_tagged_value_that_cannot_be_read_is_reported_on_its_line(value, line):
    with pytest.raises(FrontMatterError) as err:
        parse(f"---\ntitle: a\nx: {value}\n---\nBody\n")
    assert err.value.line == line
    assert "tags" in err.value.message


def test_a_tagged_key_that_cannot_be_read_is_reported_on_its_line():
    with pytest.raises(FrontMatterError) as err:
        parse("---\ntitle: a\nsources:\n  - outlet: b\n    !!int k: v\n---\nBody\n")
    assert err.value.line == 5


_SCALAR_TEXT = st.one_of(
    st.sampled_from([s for s in _SCALARS if not s.startswith(("!", "[", "{", "&", "*"))]),
    st.text(st.sampled_from("0123456789+-._eExXoObBnNyYtTfF~: aZ\t"), max_size=8),
    st.text(max_size=8),
)


@settings(max_examples=600, deadline=None)
@given(
    st.sampled_from([yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode]),
    _SCALAR_TEXT,
    st.tuples(st.booleans(), st.booleans()),
)
def test_the_loader_resolves_every_node_to_pyyaml_s_own_tag(kind, value, implicit):
    """The loader's own `resolve` (faster) gives the tag PyYAML's gives for any node;
    the claim loader has no path resolvers, which it would otherwise skip."""
    from generator.front_matter import _ClaimLoader

    loader = _ClaimLoader("")
    assert not loader.yaml_path_resolvers
    expected = yaml.resolver.BaseResolver.resolve(loader, kind, value, implicit)
    assert loader.resolve(kind, value, implicit) == expected
