import datetime as dt
from pathlib import Path

from click.testing import CliRunner
from conftest import VALID_CLAIM, make_project, write_claim

from generator import cli
from generator.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_check_passes_on_good_claims(tmp_path, monkeypatch):
    monkeypatch.chdir(make_project(tmp_path / "p"))
    result = run("check")
    assert result.exit_code == 0
    assert "3 claims OK" in result.output


def test_check_names_file_and_field_of_a_missing_verdict(tmp_path, monkeypatch):
    project = make_project(tmp_path / "p")
    monkeypatch.chdir(project)
    write_claim(project / "content/claims", "no-verdict.md", VALID_CLAIM.replace("verdict: unverified\n", ""))
    result = run("check")
    assert result.exit_code == 1
    assert "content/claims/no-verdict.md:2: verdict: required field is missing" in result.output
    assert "Traceback" not in result.output


def test_check_takes_a_folder_argument(tmp_path, monkeypatch):
    monkeypatch.chdir(make_project(tmp_path / "p"))
    other = tmp_path / "other"
    other.mkdir()
    write_claim(other, "x.md", "nothing here")
    result = run("check", str(other))
    assert result.exit_code == 1
    assert "x.md:1: front-matter: no front-matter" in result.output


def test_new_writes_a_dated_claim_and_refuses_to_overwrite(tmp_path, monkeypatch):
    project = make_project(tmp_path / "p")
    monkeypatch.chdir(project)
    result = run("new", "The valley is 115 km long!", "--claimant", "A reporter")
    assert result.exit_code == 0, result.output
    path = project / "content/claims/the-valley-is-115-km-long.md"
    text = path.read_text()
    assert f"claim_date: {dt.date.today().isoformat()}" in text
    assert 'claimant: "A reporter"' in text
    path.write_text(text + "\nmy edits")
    again = run("new", "The valley is 115 km long!")
    assert again.exit_code == 1
    assert "already exists" in again.output
    assert path.read_text().endswith("my edits")
    assert run("check").exit_code == 0  # a draft may keep its placeholders
    path.write_text(path.read_text().replace("draft: true\n", ""))
    checked = run("check")  # published, it must not
    assert checked.exit_code == 1
    assert "the-valley-is-115-km-long.md:13: source 1, outlet: still holds the template's" in checked.output
    assert "the-valley-is-115-km-long.md:30: analysis: still holds the template's" in checked.output


def test_a_failed_build_leaves_the_last_good_site(tmp_path, monkeypatch):
    project = make_project(tmp_path / "p")
    monkeypatch.chdir(project)
    assert run("build").exit_code == 0
    home = project / "site/index.html"
    assert home.is_file()
    (project / "docs/about.md").write_text("[broken](missing.md)\n")  # fails --strict
    result = run("build")
    assert result.exit_code == 1
    assert "left as it was" in result.output
    assert home.is_file()
    assert not list(project.glob(".site-*"))


def test_a_build_over_github_pages_limit_says_so_and_still_succeeds(tmp_path, monkeypatch):
    """The size is measured on the site just built; over the limit (here lowered to a
    few bytes) the build warns, on GitHub as an annotation, and keeps the site."""
    from generator.adapters import site_size

    project = make_project(tmp_path / "p")
    monkeypatch.chdir(project)
    monkeypatch.setattr(site_size, "PAGES_LIMIT", 1_000)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    files = [p for p in (project / "site").rglob("*") if p.is_file()]
    megabytes = f"{sum(p.stat().st_size for p in files) / 1_000_000:,.1f} MB"
    assert f"built site ({megabytes}, {len(files):,} files)" in result.output
    assert "warning: the site weighs" in result.output and "Heaviest: " in result.output
    assert "::warning title=Site size::the site weighs" in result.output
    assert (project / "site/index.html").is_file()


def test_a_build_stopped_by_ctrl_c_leaves_the_last_good_site(tmp_path, monkeypatch):
    project = make_project(tmp_path / "p")
    monkeypatch.chdir(project)
    assert run("build").exit_code == 0
    home = project / "site/index.html"
    built = home.read_bytes()

    def stopped_midway(command: list[str], **_: object) -> None:
        staging = Path(command[command.index("--site-dir") + 1])
        (staging / "index.html").write_text("half a site")
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.subprocess, "run", stopped_midway)
    result = run("build")
    assert result.exit_code != 0
    assert home.read_bytes() == built
    assert not list(project.glob(".site-*"))


# --format github: workflow commands that GitHub turns into annotations on the diff.

from hypothesis import given
from hypothesis import strategies as st

from generator.cli import github_annotation
from generator.problems import Problem


def unescape(text: str) -> str:
    """GitHub's runner decoding, the inverse of the toolkit's escaping."""
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def parse_annotation(line: str) -> tuple[dict[str, str], str]:
    head, _, message = line.removeprefix("::error ").partition("::")
    props = dict(item.split("=", 1) for item in head.split(","))
    return {k: unescape(v) for k, v in props.items()}, unescape(message)


@given(path=st.text(min_size=1), field=st.text(min_size=1), message=st.text(),
       line=st.one_of(st.none(), st.integers(1, 10**6)))  # fmt: skip
def test_github_annotations_round_trip_any_text(path, field, message, line):
    annotation = github_annotation(Problem(path, line, field, message))
    assert "\n" not in annotation and "\r" not in annotation
    props, text = parse_annotation(annotation)
    assert props["file"] == path and props["title"] == field and text == message
    assert props.get("line") == (str(line) if line else None)


def test_check_format_github_annotates_each_problem(tmp_path, monkeypatch):
    project = make_project(tmp_path / "p")
    monkeypatch.chdir(project)
    write_claim(project / "content/claims", "no-verdict.md", VALID_CLAIM.replace("verdict: unverified\n", ""))
    result = run("check", "--format", "github")
    assert result.exit_code == 1
    assert ("::error file=content/claims/no-verdict.md,line=2,title=verdict::"
            "required field is missing") in result.output  # fmt: skip


def test_check_counts_drafts_that_will_not_be_published(tmp_path, monkeypatch):
    project = make_project(tmp_path / "p")
    monkeypatch.chdir(project)
    assert run("new", "A drafted claim").exit_code == 0
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "3 claims OK" in result.output and "1 draft(s) checked too" in result.output
    (project / "content/claims/a-drafted-claim.md").unlink()
    assert "draft" not in run("check").output


def test_a_config_url_with_another_scheme_names_the_option(tmp_path, monkeypatch):
    project = make_project(tmp_path / "p")
    monkeypatch.chdir(project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "      publisher_name:", "      report_error_url: javascript:alert(1)\n      publisher_name:"))
    result = run("check")
    assert result.exit_code == 1
    assert "report_error_url" in result.output and "http://" in result.output
    assert "Traceback" not in result.output


# factcheck init: a site of one's own.


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine/notes.txt").write_text("keep me")
    result = run("init", str(tmp_path / "mine"))
    assert result.exit_code == 1
    assert "not empty" in result.output
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["notes.txt"]


def test_generate_gives_a_forks_footer_its_own_repository(tmp_path, monkeypatch):
    import yaml

    project = make_project(tmp_path / "p")
    monkeypatch.chdir(project)
    monkeypatch.setenv("GITHUB_REPOSITORY", "fork/site")
    monkeypatch.setenv("FACTCHECK_SITE_URL", "https://fork.github.io/site/")
    result = run("generate", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    config = yaml.safe_load((tmp_path / "out/mkdocs.yml").read_text())
    assert config["site_url"] == "https://fork.github.io/site/"
    assert [s["link"] for s in config["extra"]["social"]] == ["https://github.com/fork/site"]


def test_new_refuses_an_id_that_would_replace_a_generated_page(tmp_path, monkeypatch):
    monkeypatch.chdir(make_project(tmp_path / "p"))
    refused = run("new", "Anything", "--id", "index")
    assert refused.exit_code == 1 and "reserved for the site's own pages" in refused.output
    derived = run("new", "Index of the valley's villages")
    assert derived.exit_code == 0, derived.output
    assert "index-of-the-valley-s-villages.md" in derived.output
    taken = run("new", "Page")  # derived from the text: moved aside, never refused
    assert taken.exit_code == 0 and "page-claim.md" in taken.output


def test_check_warns_about_one_name_spelled_two_ways_and_still_passes(tmp_path, monkeypatch):
    project = make_project(tmp_path / "p")
    monkeypatch.chdir(project)
    write_claim(project / "content/claims", "a.md", VALID_CLAIM + "")
    write_claim(project / "content/claims", "b.md",
                VALID_CLAIM.replace("Example Wire", "EXAMPLE  wire"))  # fmt: skip
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "warning:" in result.output and "EXAMPLE  wire" in result.output


# Warnings never fail the check: missing policy pages, Google's length advice.


def test_check_warns_about_long_claims_but_passes(tmp_path, monkeypatch):
    monkeypatch.chdir(make_project(tmp_path / "p"))
    result = run("check")
    assert result.exit_code == 0
    assert ("note: content/claims/taliban-conquered-panjshir.md:3: claim: claimReviewed is 88 "
            "characters; Google advises at most 75") in result.output  # fmt: skip
    assert "warning:" not in result.output  # every policy page is configured and exists


def test_many_length_notes_are_one_line_unless_verbose(tmp_path, monkeypatch):
    project = make_project(tmp_path / "p")
    monkeypatch.chdir(project)
    long_claim = VALID_CLAIM.replace("claim: Something was said.", "claim: " + "long words " * 10)
    for name in ("l1.md", "l2.md", "l3.md", "l4.md"):
        write_claim(project / "content/claims", name, long_claim.replace("A headline", name))
    short = run("check")
    assert short.exit_code == 0 and short.output.count("note:") == 1
    assert "5 claims are longer than 75 characters" in short.output
    verbose = run("check", "-v")
    assert verbose.output.count("note:") == 5 and "l4.md:3: claim:" in verbose.output
    github = run("check", "--format", "github")
    assert github.output.count("::notice file=") == 0 and "::warning" not in github.output


def test_check_warns_about_each_missing_or_absent_policy_page(tmp_path, monkeypatch):
    project = make_project(tmp_path / "p")
    monkeypatch.chdir(project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("        masthead: team/\n", ""))
    (project / "docs" / "ethics.md").unlink()
    result = run("check")
    assert result.exit_code == 0
    assert "warning: mkdocs.yml: policy_pages.masthead: no page configured for Team" in result.output
    assert "warning: mkdocs.yml: policy_pages.ethicsPolicy: 'ethics/' is not a page in docs/" in result.output


def test_check_warns_about_each_featured_id_that_is_not_a_claim(tmp_path, monkeypatch):
    project = make_project(tmp_path / "p")
    monkeypatch.chdir(project)
    config = project / "mkdocs.yml"
    featured = "featured: [isi-chief-in-kabul, isi-chief-in-kabu, no-such-thing]"
    config.write_text(config.read_text().replace("featured: []", featured))
    result = run("check")
    assert result.exit_code == 0
    assert ("warning: mkdocs.yml: featured: 'isi-chief-in-kabu' is not a claim; "
            "did you mean 'isi-chief-in-kabul'?") in result.output  # fmt: skip
    unknown = "warning: mkdocs.yml: featured: 'no-such-thing' is not a claim; use one of: "
    assert unknown in result.output
    assert "'isi-chief-in-kabul' is not a claim" not in result.output
