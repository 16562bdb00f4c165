"""The fuzz and property suite of issue 11: hostile claim files of every class, fed to
`factcheck check` as a real subprocess in a copy of the project.

Whatever the input, `check` exits 0 or 1 within a generous bound, prints no traceback,
reports each problem as `path:line: field: message` naming the file, and leaves
`content/` and `docs/` byte-identical. Claims that pass `check` are built together in
one `mkdocs build`, and every output must be well-formed with claim values only in
text nodes. Batches keep the suite to a few subprocess runs.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import os
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import VALID_CLAIM, make_project, mkdocs_build
from fuzz_support import PROBLEM_LINE, library_words
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

FACTCHECK = str(Path(sys.executable).with_name("factcheck"))
TIMEOUT = 120  # seconds: a bound on hangs, far above the 1-3 s a check takes


def claim(**fields: str) -> str:
    """VALID_CLAIM with some top-level lines replaced (`key=None` deletes the line)."""
    lines = VALID_CLAIM.split("\n")
    for key, value in fields.items():
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
        lines[index] = f"{key}: {value}"
    return "\n".join(lines)


def extra(text: str, block: str) -> str:
    """VALID_CLAIM with `block` added to the front-matter after the verdict."""
    return text.replace("verdict: unverified\n", "verdict: unverified\n" + block, 1)


DEEP_FLOW = "title: " + "[" * 30_000 + "]" * 30_000
DEEP_BLOCK = "sources:\n" + "".join(" " * (i + 1) + "k:\n" for i in range(400))

# name -> bytes of a claim file that `check` must refuse. Every class of issue 11.
REFUSED: dict[str, bytes] = {
    "deep-flow": f"---\n{DEEP_FLOW}\n---\n".encode(),
    "deep-block": f"---\ntitle: t\n{DEEP_BLOCK}---\n".encode(),
    "long-person": extra(VALID_CLAIM, "people: [" + "پ" * 256 + "]\n").encode(),
    "long-dari-org": extra(VALID_CLAIM, "organisations: [" + "جبهه مقاومت ملی " * 10 + "]\n").encode(),
    "long-emoji-tag": extra(VALID_CLAIM, "tags: [" + "🇦🇫" * 40 + "]\n").encode(),
    "long-id": extra(VALID_CLAIM, "id: " + "a" * 300 + "\n").encode(),
    "letterless-tag": extra(VALID_CLAIM, 'tags: ["---", "🇦🇫"]\n').encode(),
    "long-combining": claim(claimant="a" + "\u0301" * 200).encode(),
    "control-raw": claim(title="bell\x07ring").encode(),
    "control-escaped": claim(title='"esc\\x1b[31mred"').encode(),
    "control-unicode": claim(claimant='"nul\\0 and \\u001b"').encode(),
    "control-c1": claim(title='"csi\\x9b"').encode(),
    "duplicate-top": extra(VALID_CLAIM, "title: Second title\n").encode(),
    "duplicate-nested": VALID_CLAIM.replace("    stance: reports", "    stance: reports\n    stance: supports").encode(),
    "dashes-in-title": claim(title="|\n  line one\n  ---\n  # heading").encode(),
    "hash-line-in-tag": extra(VALID_CLAIM, 'tags: ["a\\n# heading"]\n').encode(),
    "lone-dashes": VALID_CLAIM.replace("verdict: unverified\n", "---\nverdict: unverified\n").encode(),
    "newline-name": claim(claimant='"two\\nlines"').encode(),
    "future-published": extra(VALID_CLAIM, "published: 2999-01-01\n").encode(),
    "future-updated": extra(VALID_CLAIM, "updated:\n  - date: 2999-01-01\n    note: later\n").encode(),
    "year-one": claim(claim_date="0001-01-01").encode(),
    "non-utf8": claim(claimant="caf\udce9").encode("utf-8", "surrogateescape"),
    "python-tag": claim(claimant="!!python/object/apply:os.system ['echo hi']").encode(),
    "anchors": extra(VALID_CLAIM, "people: &p [a]\nplaces: *p\n").encode(),
    "colon": claim(title="Taliban: we won").encode(),
    "tab": VALID_CLAIM.replace("  - outlet", "\t- outlet").encode(),
    "unclosed-quote": claim(title='"never closed').encode(),
    "misspelt-verdict": claim(verdict="Disputd").encode(),
    "misspelt-stance": VALID_CLAIM.replace("stance: reports", "stance: suports").encode(),
    "javascript-url": VALID_CLAIM.replace("    stance: reports", "    stance: reports\n    url: javascript:alert(1)").encode(),
    "todo-left": claim(title='"TODO: headline"').encode(),
    "empty-quote": VALID_CLAIM.replace("    stance: reports", '    stance: reports\n    quote: ""').encode(),
    "esc\x1b[31mname": claim(verdict="nope").encode(),
    "empty": b"",
    "no-front-matter": b"Just text\n",
}

# name -> what the message for that file must say (the class, in our words).
SAYS = {
    "deep-flow": "nested more than", "deep-block": "nested more than", "long-person": "the limit is 120",
    "long-dari-org": "is 159 characters long; the limit is 120",
    "long-emoji-tag": "too long to become a page address", "long-id": "the limit is 80",
    "letterless-tag": "has no letter or digit",
    "long-combining": "the limit is 120", "control-raw": "control character (\\x07)",
    "control-escaped": "control character (\\x1b)", "control-unicode": "control character (\\x00)",
    "control-c1": "control character (\\x9b)", "duplicate-top": "written twice, on lines 2 and 7",
    "duplicate-nested": "written twice, on lines 10 and 11", "dashes-in-title": "write it on one line",
    "hash-line-in-tag": "write it on one line", "lone-dashes": "this '---' line ends the front-matter",
    "newline-name": "write it on one line", "future-published": "is in the future",
    "future-updated": "is in the future", "year-one": "is before 1900", "non-utf8": "not UTF-8",
    "python-tag": "YAML tags", "anchors": "anchors and aliases", "colon": "put the value in double quotes",
    "tab": "indent with spaces, not tabs", "unclosed-quote": "this quote is never closed",
    "misspelt-verdict": "did you mean 'disputed'?", "misspelt-stance": "did you mean 'supports'?",
    "javascript-url": "http:// or https://", "todo-left": "TODO:", "empty-quote": "is empty",
    "esc\x1b[31mname": "not a verdict", "empty": "the file is empty", "no-front-matter": "no front-matter",
    "link-outside": "outside the claims folder", "a-folder": "is a folder", "a-pipe": "not a regular file",
}  # fmt: skip

# name -> claim text that `check` must accept: odd, hostile, but within every limit.
ACCEPTED: dict[str, str] = {
    "rtl-and-combining": extra(
        claim(claimant="احمد مسعود", title="\"دره پنجشیر 'quoted' e\u0301\u0301 & <b>bold</b>\""),
        "people: [\"عبدالله\u200c عبدالله\", \"Zoë\"]\nplaces: [\"پنجشیر\"]\n",
    ),
    "long-names-in-limits": extra(
        claim(claimant="ب" * 120), "organisations: [\"" + ("جبهه مقاومت " * 10)[:120] + "\"]\ntags: [" + "t" * 120 + "]\n"
    ),
    "long-id-in-limits": extra(VALID_CLAIM, "id: " + "-".join(["abcdefghi"] * 8) + "\n"),
    "markup-in-values": extra(
        claim(title='"<i class=\\"fz-injected\\">x</i> \\" onmouseover=\\"alert(1)"',
              claim='"</script><script class=fz-injected>alert(1)</script> ]]> <!-- -->"'),
        'summary: "<img class=fz-injected src=x onerror=alert(1)> {{ config }}"\n'
        'people: ["<b class=fz-injected>P</b>"]\ntags: ["javascript:alert(1)"]\n',
    ),
    "hash-and-dashes-quoted": extra(claim(title='"# not a heading --- nor a rule"'), 'tags: ["#tag", "--- x"]\n'),
    "folded-claim": claim(claim=">\n  A claim folded\n  over several\n\n  lines.   Spaced."),
    "bom-crlf": "\ufeff" + extra(VALID_CLAIM, "people: [Crlf Person]\n").replace("\n", "\r\n"),
    "old-but-valid-date": claim(claim_date="1900-01-01"),
    "body-with-front-matter-lookalikes": VALID_CLAIM + "\n---\n\n# A heading in the analysis\n\n```\n## code\n---\n```\n",
    "ampersands-and-stars": claim(title='"Q&A: *really* &amp; more"', claimant='"&Co *Star*"'),
}
MARKERS = ("fz-injected", "onmouseover", "onerror")


def snapshot(project: Path) -> dict[str, str]:
    """A hash of every file under content/ and docs/, to prove nothing was written there."""
    files = sorted(p for d in ("content", "docs") for p in (project / d).rglob("*") if p.is_file() or p.is_symlink())
    return {str(p.relative_to(project)): hashlib.sha256(p.read_bytes() if p.is_file() else b"link").hexdigest()
            for p in files if not p.is_fifo()}  # fmt: skip


def run_check(project: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([FACTCHECK, "check"], cwd=project, capture_output=True, text=True,
                            timeout=TIMEOUT, check=False, errors="replace")  # fmt: skip
    assert result.returncode in (0, 1), result.stderr[-3000:]
    assert "Traceback" not in result.stdout + result.stderr
    return result


def problem_lines(result: subprocess.CompletedProcess[str]) -> list[dict[str, str]]:
    """Every problem line, parsed; the summary line, warnings and notes (in the same
    shape, which never fail the check) are the only other lines allowed."""
    parsed = []
    for line in result.stderr.splitlines():
        if line.endswith(" file(s)."):
            continue
        warning = line.startswith(("warning: ", "note: "))
        if line.startswith("note: ") and " claims are longer than " in line:
            continue  # the one-line summary of many notes
        line = line.removeprefix("warning: ").removeprefix("note: ")
        match = PROBLEM_LINE.match(line)
        assert match, line
        # Control characters and line separators are shown escaped, never sent raw.
        assert not [c for c in line if unicodedata.category(c) in ("Cc", "Zl", "Zp")], line
        assert not library_words(match["message"]), line
        if not warning:
            parsed.append(match.groupdict())
    return parsed


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p")


def test_every_hostile_class_is_refused_with_a_message_naming_its_file(project, tmp_path):
    claims = project / "content/claims"
    for name, raw in REFUSED.items():
        (claims / f"{name}.md").write_bytes(raw)
    outside = tmp_path / "outside.md"
    outside.write_text(VALID_CLAIM)
    (claims / "link-outside.md").symlink_to(outside)
    (claims / "a-folder.md").mkdir()
    os.mkfifo(claims / "a-pipe.md")
    before = snapshot(project)
    result = run_check(project)
    assert result.returncode == 1
    problems = problem_lines(result)
    named = {Path(p["path"]).name for p in problems}
    expected = {f"{n}.md".replace("\x1b", "\\x1b") for n in REFUSED} | {"link-outside.md", "a-folder.md", "a-pipe.md"}
    assert expected == named, expected ^ named
    for problem in problems:
        if problem["field"] != "file":
            assert problem["line"], problem
    said = {Path(p["path"]).stem: p["message"] for p in problems}
    for name, words in SAYS.items():
        assert words in said[name.replace("\x1b", "\\x1b")], (name, said[name.replace("\x1b", "\\x1b")])
    assert snapshot(project) == before


def test_odd_but_valid_claims_pass_check_and_build_into_well_formed_pages(project):
    claims = project / "content/claims"
    for name, text in ACCEPTED.items():
        (claims / f"{name}.md").write_bytes(text.encode("utf-8"))
    before = snapshot(project)
    checked = run_check(project)
    assert checked.returncode == 0, checked.stderr
    built = mkdocs_build(project)
    assert built.returncode == 0, built.stderr[-3000:]
    assert snapshot(project) == before
    site = project / "site"
    assert_well_formed(site)
    page = BeautifulSoup((site / "claims/folded-claim/index.html").read_text("utf-8"), "html.parser")
    assert "A claim folded over several lines. Spaced." in page.get_text()


def assert_well_formed(site: Path) -> None:
    """Every page parses with claim values only in text, and every data file parses."""
    for html in site.rglob("*.html"):
        page = BeautifulSoup(html.read_text("utf-8"), "html.parser")
        assert page.find("html") is not None and page.find("body") is not None, html
        for tag in page.find_all(True):
            assert "fz-injected" not in (tag.get("class") or []), (html, tag)
            assert not [a for a in tag.attrs if a.lower() in ("onmouseover", "onerror")], (html, tag)
        for script in page.find_all("script", type="application/ld+json"):
            json.loads(script.string)
    ET.parse(site / "feed.xml")
    json.loads((site / "claims.json").read_text("utf-8"))
    rows = list(csv.reader(io.StringIO((site / "claims.csv").read_text("utf-8"))))
    assert len({len(row) for row in rows}) == 1


# Random hostile files: fragments of every class spliced into a valid claim, a batch
# of files per `check` run.
FRAGMENTS = [": ", "\t", '"', "'", "[", "{", "- ", "\n---\n", "\n# h\n", "\n", "\x07", "\x1b[31m",
             '"\\x07"', '"\\u001b"', '"\\0"', "&a ", "*a ", "!!python/object:os.system ", "%",
             "\ufeff", "\u202e", "\u0301" * 50, "پ" * 130, "2999-01-01", "0001-01-01", "TODO:",
             '""', "\\", "\r\n", "title: dup\n", "verdict: Disputd\n", "stance: suports\n"]  # fmt: skip
edits = st.lists(
    st.tuples(st.integers(0, len(VALID_CLAIM)), st.integers(0, 6), st.sampled_from(FRAGMENTS) | st.text(max_size=6)),
    min_size=1, max_size=3,
)


# Mostly printable text in any script (so that most files reach the build), sometimes a
# fragment that check must refuse.
printable_text = st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=20)
VALUE_FRAGMENTS = [f for f in FRAGMENTS if f.isprintable()]
values = st.lists(printable_text | st.sampled_from(VALUE_FRAGMENTS), min_size=1, max_size=4).map("".join)


def with_values(title: str, text: str, person: str, tag: str, body: str) -> bytes:
    """Hostile text as well-formed YAML (JSON strings) in values that reach every page."""
    dump = functools.partial(json.dumps, ensure_ascii=False)
    claim_text = claim(title=dump(title[:300] or "t"), claim=dump(text or "c"))
    block = f"summary: {dump(text)}\npeople: [{dump(person[:120])}]\ntags: [{dump(tag[:120])}]\n"
    return (extra(claim_text, block) + body).encode("utf-8", "surrogatepass")


def mutate(changes: list[tuple[int, int, str]]) -> bytes:
    text = VALID_CLAIM
    for position, cut, insert in changes:
        text = text[:position] + insert + text[position + cut:]
    return text.encode("utf-8", "surrogatepass")


@settings(max_examples=3, deadline=None, phases=(Phase.explicit, Phase.generate),
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # a subprocess per example: no shrinking
@given(batch=st.lists(edits, min_size=5, max_size=5),
       valued=st.lists(st.tuples(values, values, values, values, values), min_size=5, max_size=5))
def test_random_hostile_files_are_accepted_or_reported_file_by_file(tmp_path_factory, batch, valued):
    project = make_project(tmp_path_factory.mktemp("fuzz") / "p")
    claims = project / "content/claims"  # the fixture claims stay: docs/ links to them
    for index, changes in enumerate(batch):
        (claims / f"fuzz-{index}.md").write_bytes(mutate(changes))
    for index, fields in enumerate(valued):
        (claims / f"fuzz-v{index}.md").write_bytes(with_values(*fields))
    before = snapshot(project)
    result = run_check(project)
    problems = problem_lines(result)
    assert all(Path(p["path"]).name.startswith("fuzz-") for p in problems)
    assert (result.returncode == 1) == bool(problems)
    assert snapshot(project) == before
    for refused in {p["path"] for p in problems}:
        (project / refused).unlink()
    if any(claims.glob("fuzz-*.md")):  # the accepted ones, built together
        assert run_check(project).returncode == 0
        kept = snapshot(project)
        built = mkdocs_build(project)
        assert built.returncode == 0, built.stderr[-3000:]
        assert_well_formed(project / "site")
        assert snapshot(project) == kept


# Names in any script (RTL, combining marks, emoji, symbols, invisible characters) up to
# the length limit: refused with our message, or built into well-formed pages.
names = st.text(
    st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=120
).filter(lambda n: n.strip() and len(n.encode()) <= 240)


@settings(max_examples=3, deadline=None, phases=(Phase.explicit, Phase.generate),
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(batch=st.lists(st.lists(names, min_size=4, max_size=4), min_size=4, max_size=4))
def test_names_in_any_script_are_refused_or_built_well_formed(tmp_path_factory, batch):
    project = make_project(tmp_path_factory.mktemp("names") / "p")
    claims = project / "content/claims"
    for index, (claimant, person, outlet, tag) in enumerate(batch):
        text = extra(claim(claimant=json.dumps(claimant)), f"people: [{json.dumps(person)}]\ntags: [{json.dumps(tag)}]\n")
        text = text.replace("outlet: Example Wire", f"outlet: {json.dumps(outlet)}")
        (claims / f"names-{index}.md").write_text(text, encoding="utf-8")
    result = run_check(project)
    problems = problem_lines(result)
    assert all(Path(p["path"]).name.startswith("names-") for p in problems)
    for refused in {p["path"] for p in problems}:
        (project / refused).unlink()
    built = mkdocs_build(project)
    assert built.returncode == 0, built.stderr[-3000:]
    assert_well_formed(project / "site")
