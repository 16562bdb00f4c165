
"""One test per kind of error a contributor can make, each naming file, line and field."""

import dataclasses
import datetime as dt
import os
import re
from pathlib import Path

import pytest
from conftest import ROOT, TODAY, VALID_CLAIM, write_claim
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from generator.loader import _LIBRARY_ERRORS, load_claims
from generator.model import FRONT_MATTER_KEYS, SOURCE_KEYS, UPDATE_KEYS, ClaimFrontMatter
from generator.settings import Settings


def problems_for(folder: Path, text: str, name: str = "claim.md", **settings) -> list[str]:
    write_claim(folder, name, text)
    result = load_claims(Settings(claims_dir=folder, today=TODAY, **settings))
    return [str(replace_path(p)) for p in result.problems]


def replace_path(problem):
    return dataclasses.replace(problem, path=Path(problem.path).name)


def replace(old: str, new: str) -> str:
    assert old in VALID_CLAIM
    return VALID_CLAIM.replace(old, new)


def test_a_valid_claim_loads_with_its_file_name_as_id(claims_dir):
    write_claim(claims_dir, "a-claim.md", VALID_CLAIM)
    result = load_claims(Settings(claims_dir=claims_dir, today=TODAY))
    assert result.problems == ()
    (claim,) = result.claims
    assert claim.id == "a-claim"
    assert claim.sources[0].stance == "reports"
    assert claim.body == "Why the verdict.\n"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("verdict: unverified\n", "", "claim.md:2: verdict: required field is missing"),
        ("claimant: Someone", "claimant: 1984", "claim.md:4: claimant: must be text"),
        ("title: A headline", "title: A headline\npeople: Ahmad Massoud",
         "claim.md:3: people: must be a list"),
        ("  - outlet: Example Wire\n", "  - headline: x\n",
         "claim.md:8: source 1, headline: unknown field"),
        ("  - outlet: Example Wire\n", "  - date: 2021\n", "claim.md:8: source 1, outlet: required field is missing"),
        ("title: A headline", "titel: A headline", "claim.md:2: titel: unknown field; did you mean 'title'?"),
        ("verdict: unverified", "verdict: false", "claim.md:6: verdict: must be text"),
        ("verdict: unverified", "verdict: mostly true",
         "claim.md:6: verdict: 'mostly true' is not a verdict of this site; use one of: "
         "'confirmed by multiple outlets', 'unverified', 'disputed'"),
        ("claim_date: 2021-09-06", "claim_date: 2021-02-30",
         "claim.md:5: claim_date: '2021-02-30' is not a real calendar date"),
        ("claim_date: 2021-09-06", "claim_date: 6 Sept 2021",
         "claim.md:5: claim_date: must be a date written YYYY-MM-DD"),
        ("claim_date: 2021-09-06", "claim_date: 2031-01-01", "claim.md:5: claim_date: 2031-01-01 is in the future"),
        ("title: A headline", "id: Not A Slug\ntitle: A headline", "claim.md:2: id: 'Not A Slug' is not a valid id"),
        ("    stance: reports", "    stance: reports\n    url: javascript:alert(1)",
         "claim.md:11: source 1, url: must be an http:// or https:// address"),
        ("    stance: reports", "    stance: reports\n    archive_url: ftp://x.org/a",
         "claim.md:11: source 1, archive_url: must be an http:// or https:// address"),
        ("    stance: reports", "    stance: maybe", "claim.md:10: source 1, stance: 'maybe' is not a stance; use one of"),
        ("    stance: reports", "    stance: suports", "claim.md:10: source 1, stance: 'suports' is not a stance; did you mean 'supports'?"),
        ("verdict: unverified", "verdict: Unverifed", "claim.md:6: verdict: 'Unverifed' is not a verdict of this site; did you mean 'unverified'?"),
        ("    stance: reports", "    stance: reports\n    date: 2021-13", "claim.md:11: source 1, date: '2021-13' is not a real"),
        ("sources:\n  - outlet: Example Wire\n    title: A report\n    stance: reports\n", "sources: []\n",
         "claim.md:7: sources: must list at least one source"),
        ("sources:\n  - outlet: Example Wire\n    title: A report\n    stance: reports\n",
         "sources: Example Wire\n", "claim.md:7: sources: must be a list"),
    ],
)
def test_each_error_names_file_line_and_field(claims_dir, old, new, expected):
    found = problems_for(claims_dir, replace(old, new))
    assert any(p.startswith(expected) for p in found), found


def test_all_problems_in_a_file_are_reported_at_once(claims_dir):
    text = replace("claimant: Someone\n", "").replace("verdict: unverified", "verdict: nope")
    found = problems_for(claims_dir, text)
    assert [p.split(": ")[1] for p in found] == ["claimant", "verdict"]


def test_a_file_name_that_is_not_an_id_needs_an_id(claims_dir):
    found = problems_for(claims_dir, VALID_CLAIM, name="My Claim.md")
    assert found == ["My Claim.md:1: id: the file name 'My Claim.md' is not a valid id; "
                     "rename it to at most 80 lowercase letters, digits and hyphens, or set 'id:'"]


def test_oversized_files_are_refused_before_reading(claims_dir):
    found = problems_for(claims_dir, VALID_CLAIM + "x" * 500, max_file_size=300)
    assert len(found) == 1 and "the limit is 300" in found[0]


def test_one_bad_file_does_not_hide_the_good_ones(claims_dir):
    write_claim(claims_dir, "good.md", VALID_CLAIM)
    write_claim(claims_dir, "bad.md", "no front matter")
    result = load_claims(Settings(claims_dir=claims_dir, today=TODAY))
    assert [c.id for c in result.claims] == ["good"]
    assert [p.field for p in result.problems] == ["front-matter"]


def test_claims_are_immutable(claims_dir):
    write_claim(claims_dir, "a.md", VALID_CLAIM)
    (claim,) = load_claims(Settings(claims_dir=claims_dir, today=TODAY)).claims
    with pytest.raises(Exception):
        claim.title = "changed"  # type: ignore[misc]


# --- hard limits (issue 11) and drafts (issue 10) -------------------------------------

CONTROLS = [chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)] if c != 0x85]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(char=st.sampled_from(CONTROLS), field=st.sampled_from(["title", "claim", "claimant", "outlet", "quote"]))
def test_control_characters_written_as_yaml_escapes_are_refused_with_their_line(claims_dir, char, field):
    escaped = f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    text = VALID_CLAIM.replace("    stance: reports", '    stance: reports\n    quote: "q"')
    old = {"title": "title: A headline", "claim": "claim: Something was said.", "claimant": "claimant: Someone",
           "outlet": "  - outlet: Example Wire", "quote": '    quote: "q"'}[field]  # fmt: skip
    key, _ = old.split(": ", 1)
    found = problems_for(claims_dir, text.replace(old, f'{key}: "A{escaped}B"'))
    line = text.split("\n").index(old) + 1
    assert any(p.startswith(f"claim.md:{line}: ") and f"contains a control character ({escaped})" in p
               for p in found), found  # fmt: skip


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\x7f", "\x9b"])
def test_literal_control_characters_are_refused_with_their_line(claims_dir, char):
    found = problems_for(claims_dir, replace("claimant: Someone", f"claimant: Some{char}one"))
    assert found == [f"claim.md:4: front-matter: contains a control character ({ascii(char)[1:-1]}); delete it"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("title: A headline", 'title: "A\\nheadline"', "claim.md:2: title: has several lines; write it on one line"),
        ("title: A headline", "title: |\n  A\n  headline", "claim.md:2: title: has several lines; write it on one line"),
        ("claimant: Someone", 'claimant: "Some\\u2028one"', "claim.md:4: claimant: has several lines"),
        ("  - outlet: Example Wire", '  - outlet: "Example\\rWire"', "claim.md:8: source 1, outlet: has several lines"),
        ("title: A headline", 'title: A headline\nid: "a\\nb"', "claim.md:3: id: has several lines"),
        ("verdict: unverified", 'verdict: "un\\nverified"', "claim.md:6: verdict: has several lines"),
        ("title: A headline", 'title: "A\\theadline"', "claim.md:2: title: contains a tab; use a space"),
    ],
)
def test_line_breaks_in_one_line_values_are_refused(claims_dir, old, new, expected):
    found = problems_for(claims_dir, replace(old, new))
    assert any(p.startswith(expected) for p in found), found


def test_prose_may_be_folded_but_is_stored_single_spaced(claims_dir):
    text = replace("claim: Something was said.", "claim: >\n  Something   was\n\n  said.\t Twice.")
    write_claim(claims_dir, "claim.md", text)
    (claim,) = load_claims(Settings(claims_dir=claims_dir, today=TODAY)).claims
    assert claim.claim == "Something was said. Twice."


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("claimant: Someone", "claimant: " + "ب" * 121, "claim.md:4: claimant: is 121 characters long; the limit is 120"),
        ("title: A headline", "title: A headline\npeople: [" + "x" * 121 + "]",
         "claim.md:3: person 1: is 121 characters long; the limit is 120"),
        ("  - outlet: Example Wire", "  - outlet: " + "🇦🇫" * 40, "claim.md:8: source 1, outlet: is too long to become"),
        ("title: A headline", "title: A headline\nid: " + "a" * 81, "claim.md:3: id: is 81 characters long; the limit is 80"),
        ("title: A headline", "title: " + "t" * 301, "claim.md:2: title: is 301 characters long; the limit is 300"),
        ("claim: Something was said.", "claim: " + "c " * 1501, "claim.md:3: claim: is 3001 characters long"),
    ],
)
def test_names_ids_and_texts_have_length_limits(claims_dir, old, new, expected):
    found = problems_for(claims_dir, replace(old, new))
    assert any(p.startswith(expected) for p in found), found


@pytest.mark.parametrize("name", ["???", "—", "🇦🇫", "( )", "\u200b."])
def test_a_name_needs_a_letter_or_digit(claims_dir, name):
    """Names are compared by letters and digits: without any, all such names would be one."""
    found = problems_for(claims_dir, replace("claimant: Someone", f"claimant: '{name}'"))
    assert found == ["claim.md:4: claimant: has no letter or digit; write the name"], found


def test_a_long_file_name_is_not_an_id(claims_dir):
    found = problems_for(claims_dir, VALID_CLAIM, name="a" * 81 + ".md")
    assert found == [f"{'a' * 81}.md:1: id: the file name '{'a' * 81}.md' is not a valid id; rename it to "
                     "at most 80 lowercase letters, digits and hyphens, or set 'id:'"]  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("verdict: unverified", "verdict: unverified\npublished: 2026-11-24", "claim.md:7: published: 2026-11-24 is in the future"),
        ("verdict: unverified", "verdict: unverified\nupdated:\n  - date: 2027-01-01\n    note: x",
         "claim.md:8: update 1, date: 2027-01-01 is in the future"),
        ("claim_date: 2021-09-06", "claim_date: 0001-01-01", "claim.md:5: claim_date: 0001-01-01 is before 1900; check the year"),
        ("    stance: reports", "    stance: reports\n    date: '0001'", "claim.md:11: source 1, date: 0001-01-01 is before 1900"),
    ],
)
def test_future_and_ancient_dates_are_refused(claims_dir, old, new, expected):
    found = problems_for(claims_dir, replace(old, new))
    assert any(p.startswith(expected) for p in found), found


def test_duplicate_keys_are_refused_at_any_level_with_both_lines(claims_dir):
    text = replace("    stance: reports", "    stance: reports\n    title: again").replace(
        "verdict: unverified", "verdict: unverified\nclaimant: Other")
    assert problems_for(claims_dir, text) == [
        "claim.md:7: claimant: is written twice, on lines 4 and 7; keep one",
        "claim.md:12: source 1, title: is written twice, on lines 10 and 12; keep one",
    ]


EMPTY_OPTIONALS = VALID_CLAIM.replace("    stance: reports", '    stance: reports\n    quote: ""\n    via:').replace(
    "verdict: unverified", 'verdict: unverified\nsummary: " "')


def test_fields_left_empty_are_refused_outside_drafts(claims_dir):
    assert problems_for(claims_dir, EMPTY_OPTIONALS) == [
        "claim.md:7: summary: is empty; write it or delete the line",
        "claim.md:12: source 1, quote: is empty; write it or delete the line",
        "claim.md:13: source 1, via: is empty; write it or delete the line",
    ]
    assert problems_for(claims_dir, "---\ndraft: true" + EMPTY_OPTIONALS[3:]) == []


def test_the_untouched_template_is_a_draft_that_passes_until_published(claims_dir):
    from generator.scaffold import new_claim_file

    settings = Settings(claims_dir=claims_dir, today=TODAY)
    path = new_claim_file(settings, "A claim", claimant="", claim_id=None, today=TODAY)
    assert load_claims(settings).problems == ()
    path.write_text(path.read_text().replace("draft: true\n", ""))
    fields = {p.field for p in load_claims(settings).problems}
    assert {"title", "claimant", "summary", "source 1, outlet", "source 1, quote", "analysis"} <= fields


def test_links_out_of_the_folder_folders_and_pipes_are_problems_not_crashes(claims_dir, tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text(VALID_CLAIM)
    (claims_dir / "link.md").symlink_to(outside)
    write_claim(claims_dir, "inside.md", VALID_CLAIM)
    (claims_dir / "alias.md").symlink_to(claims_dir / "inside.md")
    (claims_dir / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    (claims_dir / "folder.md").mkdir()
    os.mkfifo(claims_dir / "pipe.md")
    (claims_dir / ".#inside.md").symlink_to("root@host.1234")  # an editor's lock file
    result = load_claims(Settings(claims_dir=claims_dir, today=TODAY))
    messages = {Path(p.path).name: p.message for p in result.problems}
    assert sorted(c.id for c in result.claims) == ["alias", "inside"]
    assert messages["link.md"].startswith("is a link to a file outside the claims folder")
    assert messages["dangling.md"].startswith("is a link to a file that does not exist")
    assert messages["folder.md"].startswith("is a folder")
    assert messages["pipe.md"].startswith("is not a regular file")
    assert len(messages) == 4


def test_the_file_cache_rereads_only_changed_files_and_forgets_deleted_ones(claims_dir):
    from generator.loader import FileCache

    settings = Settings(claims_dir=claims_dir, today=TODAY)
    for name in ("a.md", "b.md"):
        write_claim(claims_dir, name, VALID_CLAIM)
    cache = FileCache()
    assert len(load_claims(settings, cache=cache).claims) == 2 and cache.reread == 2
    assert len(load_claims(settings, cache=cache).claims) == 2 and cache.reread == 0
    write_claim(claims_dir, "b.md", VALID_CLAIM.replace("unverified", "nope"))
    assert [p.field for p in load_claims(settings, cache=cache).problems] == ["verdict"]
    assert cache.reread == 1
    (claims_dir / "b.md").unlink()
    assert [c.id for c in load_claims(settings, cache=cache).claims] == ["a"]
    assert list(cache.entries) == [claims_dir / "a.md"]


# --- CONTRIBUTING's table of common mistakes is what `check` prints ----------------------

def contributing_mistakes() -> tuple[str, list[tuple[str, str, str]]]:
    """The example claim and the (mistake, line as written, message) rows of the table."""
    text = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    section = text.split("## Common mistakes and what `check` says", 1)[1]
    example = section.split("```markdown\n", 1)[1].split("```", 1)[0]
    rows = []
    for line in section.split("\n"):
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if len(cells) == 3 and cells[2].startswith("`content/"):
            rows.append((cells[0], cells[1], cells[2].strip("`")))
    return example, rows


def with_mistake(example: str, written: str) -> str:
    """The example claim with the row's line: replacing the line of the same field,
    deleting it ("(no `key:` line)"), or added after the verdict when it is new."""
    lines = example.split("\n")
    if written.startswith("(no `"):
        key = written[len("(no `"):].split(":", 1)[0]
        return "\n".join(line for line in lines if not line.startswith(f"{key}:"))
    long_value = re.fullmatch(r"`(.+?)` and (\d+) letters", written)
    line = long_value[1] + "a" * int(long_value[2]) if long_value else written.strip("`")
    line = line.replace("⇥", "\t")
    key = line.strip().lstrip("-").strip().split(":", 1)[0]
    for index, old in enumerate(lines):
        old_key = old.strip().lstrip("-").strip().split(":", 1)[0]
        if old_key == key or (old_key == key.replace("titel", "title") and index == 1):
            lines[index] = line
            return "\n".join(lines)
    index = next(i for i, old in enumerate(lines) if old.startswith("verdict:"))
    return "\n".join([*lines[: index + 1], line, *lines[index + 1:]])


def test_the_example_in_contributing_passes_check(tmp_path, monkeypatch):
    example, rows = contributing_mistakes()
    assert len(rows) >= 15
    assert run_check(tmp_path, monkeypatch, example) == (0, [])


@pytest.mark.parametrize(("mistake", "written", "expected"), contributing_mistakes()[1], ids=lambda v: v[:40])
def test_each_common_mistake_prints_what_contributing_says(tmp_path, monkeypatch, mistake, written, expected):
    example, _ = contributing_mistakes()
    code, printed = run_check(tmp_path, monkeypatch, with_mistake(example, written))
    assert code == 1
    assert expected in printed, (mistake, printed)


def run_check(tmp_path: Path, monkeypatch, text: str) -> tuple[int, list[str]]:
    from click.testing import CliRunner

    from generator.cli import main

    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "content/claims"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "example.md").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "content/claims"])
    return result.exit_code, [line for line in result.output.splitlines() if line.startswith("content/")]


def test_an_unreadable_file_is_a_problem(claims_dir, monkeypatch):
    write_claim(claims_dir, "locked.md", VALID_CLAIM)

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert problems_for(claims_dir, VALID_CLAIM, name="locked.md") == ["locked.md: file: cannot be read: Permission denied"]


ODD_VALUES = [None, True, 1, 1.5, "", " ", "x", [], {}, [1], [None], {"a": 1}, "2021-02-30",
              dt.date(2021, 1, 1), dt.datetime(2021, 1, 1), b"bytes", "x" * 5000, ["x" * 500], -1]  # fmt: skip
ODD_PLACES = [*FRONT_MATTER_KEYS, *(("sources", k) for k in (*SOURCE_KEYS, "extra")),
              *(("updated", k) for k in (*UPDATE_KEYS, "extra"))]  # fmt: skip


@pytest.mark.parametrize("place", ODD_PLACES, ids=str)
def test_every_validation_error_gets_our_own_sentence(place):
    """Any value of any type in any field: the message is ours, never the library's."""
    from fuzz_support import library_words

    from generator.loader import _message

    for value in ODD_VALUES:
        data = {"title": "t", "claim": "c", "claimant": "x", "claim_date": "2021-09-06",
                "verdict": "disputed", "sources": [{"outlet": "A"}]}  # fmt: skip
        if isinstance(place, tuple):
            item = data["sources"][0] if place[0] == "sources" else {"date": "2021-01-01", "note": "n"}
            item[place[1]] = value
            data["updated"] = [item] if place[0] == "updated" else []
        else:
            data[place] = value
        try:
            ClaimFrontMatter.model_validate(data, context={"verdicts": ("disputed",), "today": TODAY})
        except ValidationError as err:
            for error in err.errors():
                message = _message(error, tuple(error["loc"]))
                assert not library_words(message) and message != error["msg"] or error["type"] not in _LIBRARY_ERRORS, (
                    place, value, error["type"], message)  # fmt: skip


def test_a_file_deleted_after_listing_is_a_problem_not_a_crash(claims_dir):
    from generator.loader import load_claim

    claim, problems = load_claim(claims_dir / "gone.md", Settings(claims_dir=claims_dir, today=TODAY))
    assert claim is None
    assert [(p.field, p.message) for p in problems] == [("file", "cannot be read: No such file or directory")]


@pytest.mark.parametrize("escape", ["\\x1c", "\\x1f", "\\x0b", "\\x0c"])
def test_control_characters_at_the_end_are_refused_not_stripped(claims_dir, escape):
    found = problems_for(claims_dir, replace("title: A headline", f'title: "A headline{escape}"'))
    assert found == [f"claim.md:2: title: contains a control character ({escape}); delete it"]


def test_our_error_types_never_share_a_name_with_the_libraries():
    """The loader prints our validators' own sentences and translates the library's: a
    custom error type named like a library one (pydantic has `url_scheme`) would be
    translated into the wrong sentence."""
    import re

    from generator import model

    ours = set(re.findall(r'PydanticCustomError\(\s*"([a-z_]+)"', Path(model.__file__).read_text()))
    assert ours and not ours & _LIBRARY_ERRORS
