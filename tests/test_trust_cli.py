"""`factcheck check` warns, without failing, about missing policy pages and claims
longer than Google's 75-character advice."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import make_project

from generator.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_check_warns_about_long_claims_but_passes(tmp_path, monkeypatch):
    monkeypatch.chdir(make_project(tmp_path / "p"))
    result = run("check")
    assert result.exit_code == 0
    assert ("warning: content/claims/taliban-conquered-panjshir.md:3: claim: claimReviewed is 88 "
            "characters; Google advises at most 75") in result.output  # fmt: skip
    assert result.output.count("warning:") == 1  # every policy page is configured and exists


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
