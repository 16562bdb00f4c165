"""Shared fixtures: fixture claims, core settings, and real MkDocs builds in temp dirs."""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from browser_support import CHROMIUM, FLAGS, serving
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from mkdocs.config.defaults import MkDocsConfig
from playwright.sync_api import Browser, Page, sync_playwright

from generator.settings import Settings

# Property tests assert behaviour, never speed: a busy 2-core machine must not fail them
# (no deadline, no too-slow health check). Under CI, on top of Hypothesis' own CI profile:
# derandomized, so a run on main is reproducible and a contributor's unrelated pull
# request never meets an example nobody has seen; local runs keep exploring.
hypothesis_settings.register_profile(
    "factcheck",
    parent=hypothesis_settings.get_profile("ci" if os.environ.get("CI") else "default"),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
hypothesis_settings.load_profile("factcheck")

# Builds in the tests keep their caches in each project's own folder: a developer's
# FACTCHECK_CACHE_DIR (README: "Set FACTCHECK_CACHE_DIR to move it") would share one
# cache across every test project and point the tests that copy a project's cache
# elsewhere. Tests that want it set it themselves.
os.environ.pop("FACTCHECK_CACHE_DIR", None)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_CLAIMS = FIXTURES / "claims"
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _garbage_collector_as_found() -> Iterator[None]:
    """A test that starts the plugin as `serve` lowers how often the collector runs
    (adapters/serve_memo.py); the tests after it get Python's own setting back."""
    found = gc.get_threshold()
    yield
    gc.set_threshold(*found)


@pytest.fixture(autouse=True)
def _fresh_mkdocs_plugin() -> Iterator[None]:
    """MkDocs keeps one instance of a plugin that defines `on_startup` (ours) for the
    whole process, as `mkdocs serve` needs; without this, a test that started it as
    `serve` would hand the next test's in-process build a preview's state."""
    yield
    MkDocsConfig.plugins.plugin_cache.clear()


@pytest.fixture
def settings() -> Settings:
    return Settings(claims_dir=FIXTURE_CLAIMS, today=TODAY, site_name="Test desk")


@pytest.fixture
def claims_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "claims"
    folder.mkdir()
    return folder


def make_project(root: Path, claims: Path = FIXTURE_CLAIMS) -> Path:
    """This repository's mkdocs.yml around fixture docs and the given claims."""
    root.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    config = re.sub(r"(?m)^(\s*featured:) \[.*\]$", r"\1 []", config)  # not a fixture claim
    (root / "mkdocs.yml").write_text(config, "utf-8")
    shutil.copytree(FIXTURES / "docs", root / "docs")
    shutil.copytree(ROOT / "docs" / "assets", root / "docs" / "assets")  # logo, favicon
    shutil.copytree(claims, root / "content" / "claims")
    return root


def read_mkdocs_yml(path: Path) -> dict:
    """A project's mkdocs.yml as MkDocs reads it (`!ENV` values resolved), for tests
    that edit an option and write the file back."""
    from mkdocs.utils.yaml import get_yaml_loader

    return yaml.load(path.read_text("utf-8"), Loader=get_yaml_loader())  # noqa: S506 - MkDocs' loader


def write_mkdocs_yml(project: Path, config: dict) -> None:
    """A config read by `read_mkdocs_yml` and edited, written back as the project's."""
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")


def set_plugin_option(project: Path, option: str, value: object) -> None:
    """One of the factcheck plugin's options set in a project's mkdocs.yml."""
    config = read_mkdocs_yml(project / "mkdocs.yml")
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "factcheck" in plugin:
            plugin["factcheck"][option] = value
    write_mkdocs_yml(project, config)


def add_theme_overrides(project: Path, templates: dict[str, str]) -> None:
    """A project's own theme templates (`custom_dir: overrides`), each path and text."""
    for name, text in templates.items():
        path = project / "overrides" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    config = read_mkdocs_yml(project / "mkdocs.yml")
    config["theme"]["custom_dir"] = "overrides"
    write_mkdocs_yml(project, config)


def mkdocs_build(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
               str(project / "mkdocs.yml"), *extra]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, check=False)


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its path; the sitemap's gzip copy is left out
    (its header holds the time it was written)."""
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file() and p.suffix != ".gz"}  # fmt: skip


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture claims built into a real site with the repository's own mkdocs.yml."""
    project = make_project(tmp_path_factory.mktemp("site") / "project")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def write_claim(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


VALID_CLAIM = """\
---
title: A headline
claim: Something was said.
claimant: Someone
claim_date: 2021-09-06
verdict: unverified
sources:
  - outlet: Example Wire
    title: A report
    stance: reports
---
Why the verdict.
"""


# Browser fixtures: Chromium against the built fixture site on 127.0.0.1. They fail,
# never skip, when Chromium is missing.


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    with serving(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).is_file(), f"Chromium not found at {CHROMIUM}; run `make browser`"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
