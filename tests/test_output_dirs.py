"""Nothing outside its own folders: every output or cache folder option, with each
value that would reach the claims, docs/ or the project, is refused by name and the
claim files survive byte for byte. Publishing replaces site/ safely."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_project, read_mkdocs_yml, set_plugin_option, write_mkdocs_yml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from generator.adapters.folder import write_folder
from generator.adapters.output_dirs import MARKER, UnsafeOutput, check_output_dir
from generator.cli import main
from generator.pages import Output

BAD_VALUES = ["content", "content/claims", "", ".", "docs", "docs/sub", ".."]


def snapshot(project: Path) -> dict[str, bytes]:
    """Every file under content/ and docs/, byte for byte."""
    return {str(p.relative_to(project)): p.read_bytes()
            for folder in ("content", "docs") for p in sorted((project / folder).rglob("*")) if p.is_file()}  # fmt: skip


def set_option(project: Path, option: str, value: str) -> None:
    if option != "site_dir":
        set_plugin_option(project, option, value)
        return
    config = read_mkdocs_yml(project / "mkdocs.yml")
    config["site_dir"] = value
    write_mkdocs_yml(project, config)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p")


@pytest.mark.parametrize("value", BAD_VALUES)
@pytest.mark.parametrize("option,command", [("site_dir", "build"), ("serve_cache_dir", "serve")])
def test_plugin_refuses_a_folder_option_that_reaches_protected_files(project, option, command, value, caplog):
    before = snapshot(project)
    set_option(project, option, value)
    # MkDocs itself refuses a site_dir holding docs_dir; the plugin refuses the rest.
    with pytest.raises((Abort, ConfigurationError)):
        config = load_config(str(project / "mkdocs.yml"))
        config.plugins.on_startup(command=command, dirty=False)
        build(config, serve_url="http://127.0.0.1:8000/" if command == "serve" else None)
    assert f"factcheck: {option}: " in caplog.text or f"Config value '{option}'" in caplog.text
    assert snapshot(project) == before


@pytest.mark.parametrize("value", BAD_VALUES)
def test_factcheck_build_refuses_a_site_dir_that_reaches_protected_files(project, value, monkeypatch, caplog):
    before = snapshot(project)
    set_option(project, "site_dir", value)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert "site_dir: " in result.output or "Config value 'site_dir'" in caplog.text, result.output
    assert snapshot(project) == before


@pytest.mark.parametrize("value", [v for v in BAD_VALUES if v != "content/claims"])
def test_generate_refuses_an_out_folder_that_reaches_protected_files(project, value, monkeypatch):
    before = snapshot(project)
    set_option(project, "site_dir", "site")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["generate", "--out", value or "."])
    assert result.exit_code == 1 and "--out: " in result.output, result.output
    assert snapshot(project) == before


def test_a_folder_with_files_factcheck_did_not_write_is_refused(tmp_path):
    precious = tmp_path / "p" / "mine"
    precious.mkdir(parents=True)
    (precious / "notes.txt").write_text("keep")
    with pytest.raises(UnsafeOutput, match="serve_cache_dir: .* not written by factcheck"):
        check_output_dir(precious, option="serve_cache_dir", project_root=tmp_path / "p", protected=[])
    (precious / MARKER).write_text("")
    assert check_output_dir(precious, option="x", project_root=tmp_path / "p", protected=[]) == precious


def test_write_folder_marks_its_folder_and_replaces_only_that(tmp_path):
    (tmp_path / "docs").mkdir()
    write_folder([Output("a.md", "A")], tmp_path / "docs", tmp_path / "out")
    assert (tmp_path / "out" / MARKER).is_file()


def test_a_site_folder_that_cannot_be_renamed_gets_its_contents_replaced(tmp_path, monkeypatch):
    """A mount point: rename fails with EBUSY, so the files inside are replaced."""
    project = make_project(tmp_path / "p")
    site = project / "site"
    site.mkdir()
    for name in ("sitemap.xml.gz", "404.html", "stale.html"):  # an earlier MkDocs build
        (site / name).write_text("old")
    real_rename = Path.rename

    def rename(self: Path, target: str | os.PathLike[str]) -> Path:
        if self == site or Path(target) == site:
            raise OSError(errno.EBUSY, "Device or resource busy", str(self))
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert (site / "claims/isi-chief-in-kabul/index.html").is_file()
    assert not (site / "stale.html").exists()
    assert (site / "404.html").read_text() != "old"
    assert not list(project.glob(".site-*"))  # no staging or old folder left behind


def test_two_builds_at_once_never_collide(tmp_path):
    project = make_project(tmp_path / "p")
    command = [str(Path(sys.executable).parent / "factcheck"), "build"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    runs = [subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True) for _ in range(2)]  # fmt: skip
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], "\n-----\n".join(outputs)  # whole, not elided
    assert (project / "site/claims/isi-chief-in-kabul/index.html").is_file()
    assert not list(project.glob(".site-*"))


def test_folders_factcheck_filled_before_markers_are_still_its_own(tmp_path):
    """A site MkDocs built and a serve page store from before markers existed."""
    site, store = tmp_path / "p/site", tmp_path / "p/.cache/factcheck/serve"
    for folder, names in ((site, ["sitemap.xml.gz", "404.html"]),
                          (store, ["claims.json", "assets/factcheck/factcheck.css"])):  # fmt: skip
        for name in names:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text("x")
        assert check_output_dir(folder, option="x", project_root=tmp_path / "p", protected=[]) == folder
    (store / "claims.json").unlink()
    with pytest.raises(UnsafeOutput):
        check_output_dir(store, option="serve_cache_dir", project_root=tmp_path / "p", protected=[])


def test_a_folder_another_build_marks_while_it_is_checked_is_still_ours(tmp_path, monkeypatch):
    """Two builds at once: the marker appears after the first look for it, so the folder
    is no longer empty when its contents are listed; it is still factcheck's."""
    from generator.adapters import output_dirs

    folder = tmp_path / "cards"
    folder.mkdir()
    real_is_file = Path.is_file
    looks: list[Path] = []

    def is_file(self: Path) -> bool:
        if self.name == MARKER and not looks:
            looks.append(self)
            (folder / MARKER).write_text("")  # the other build marks it just now
            return False
        return real_is_file(self)

    monkeypatch.setattr(Path, "is_file", is_file)
    assert output_dirs.is_ours(folder)
    assert looks == [folder / MARKER]
