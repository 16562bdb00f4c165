import datetime as dt

from click.testing import CliRunner

from conftest import VALID_CLAIM, make_project, write_claim
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
