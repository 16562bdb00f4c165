"""`factcheck init`: a new site, from the package as users install it, builds as is."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.site_template import FILES, SiteExists, create_site, target_name

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The package built as a wheel and installed into a folder first on the path, so
    the test sees the package data a user gets, not this checkout's files."""
    tmp = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    run = dict(capture_output=True, text=True, timeout=300, check=False)
    built = subprocess.run([*pip, "wheel", "--no-deps", "-w", str(tmp / "dist"), str(ROOT)], **run)
    assert built.returncode == 0, built.stderr
    wheel = next((tmp / "dist").glob("*.whl"))
    into = subprocess.run([*pip, "install", "--no-deps", "--target", str(tmp / "lib"), str(wheel)], **run)
    assert into.returncode == 0, into.stderr
    return {**os.environ, "PYTHONPATH": str(tmp / "lib"), "NO_MKDOCS_2_WARNING": "1"}


def run_in(folder: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=300, check=False)  # fmt: skip


def test_init_makes_a_site_that_plain_mkdocs_builds_strictly(tmp_path, installed):
    where = run_in(tmp_path, installed, "-c", "import generator; print(generator.__file__)")
    assert where.stdout.startswith(installed["PYTHONPATH"]), where.stdout + where.stderr
    made = run_in(tmp_path, installed, "-m", "generator.cli", "init", "my-site", "--name", "My desk")
    assert made.returncode == 0, made.stderr
    site = tmp_path / "my-site"
    for name in ["mkdocs.yml", "docs/about.md", "docs/methodology.md", "docs/corrections.md",
                 "content/claims/example-claim.md", ".github/workflows/site.yml", ".gitignore",
                 "CONTRIBUTING.md", "README.md", "requirements.txt"]:  # fmt: skip
        assert (site / name).is_file(), name
    checked = run_in(site, installed, "-m", "generator.cli", "check")
    assert checked.returncode == 0 and "1 claims OK" in checked.stdout, checked.stderr
    built = run_in(site, installed, "-m", "mkdocs", "build", "--strict")
    assert built.returncode == 0, built.stderr
    claim = (site / "site/claims/example-claim/index.html").read_text()
    assert "methodology/#unverified" in claim
    home = (site / "site/index.html").read_text()
    assert "My desk" in home
    assert 'href=""' not in home  # no repository configured: no empty footer link


def test_the_new_sites_workflow_matches_githubs_schema(tmp_path):
    create_site(tmp_path / "s", site_name="S", today=TODAY)
    workflow = tmp_path / "s/.github/workflows/site.yml"
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
         str(workflow)], capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "factcheck check --format github" in workflow.read_text()


def test_methodology_defines_an_anchor_per_verdict(tmp_path):
    from generator.settings import DEFAULT_VERDICTS

    create_site(tmp_path / "s", site_name="S", today=TODAY)
    text = (tmp_path / "s/docs/methodology.md").read_text()
    for verdict in DEFAULT_VERDICTS:
        assert f"## {verdict.label} {{#{verdict.slug}}}" in text


@settings(max_examples=30, deadline=None)
@given(name=st.text(min_size=1, max_size=60))
def test_any_site_name_lands_as_the_same_text(tmp_path_factory, name):
    """The name goes through tojson into YAML: quotes, colons or `#` cannot change it."""
    import yaml
    from mkdocs.utils.yaml import get_yaml_loader

    folder = tmp_path_factory.mktemp("named") / "s"
    create_site(folder, site_name=name, today=TODAY)
    config = yaml.load((folder / "mkdocs.yml").read_text(), get_yaml_loader(yaml.SafeLoader))
    assert config["site_name"] == name


def test_init_refuses_a_non_empty_folder_and_a_file(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken/x").write_text("x")
    with pytest.raises(SiteExists):
        create_site(tmp_path / "taken", site_name="S", today=TODAY)
    (tmp_path / "file").write_text("x")
    with pytest.raises(SiteExists):
        create_site(tmp_path / "file", site_name="S", today=TODAY)
    create_site(tmp_path / "empty", site_name="S", today=TODAY)  # an empty folder is fine


def test_dot_files_are_shipped_without_their_dot():
    assert target_name(Path("github/workflows/site.yml")) == Path(".github/workflows/site.yml")
    assert target_name(Path("gitignore")) == Path(".gitignore")
    assert target_name(Path("docs/about.md.j2")) == Path("docs/about.md")
    assert not [p for p in FILES.rglob(".*")]  # package-data globs would skip them
