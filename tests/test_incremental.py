"""Incremental equals clean: random sequences of edits, additions, deletions and
renames of claim files, and changes to a template override (which reads the indexes), go through the serve
path (one plugin instance across rebuilds, each rebuild with a freshly loaded
`MkDocsConfig`, as `mkdocs serve` does). After every step the pages the plugin hands
MkDocs are byte for byte those of a fresh plugin instance building from scratch."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from conftest import TODAY, VALID_CLAIM, make_project, read_mkdocs_yml, write_mkdocs_yml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from generator.adapters.mkdocs_plugin import FactcheckPlugin
from generator.pages import TEMPLATES
from generator.pipeline import generate
from generator.problems import ClaimsInvalid
from generator.settings import Settings

CLAIMANTS = ["Example Wire", "Zabihullah Mujahid", "National Resistance Front", "Someone"]
OUTLETS = ["Example Wire", "Example Daily", "Example Blog"]

step = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, 20), st.sampled_from(["title", "claimant", "verdict", "via", "body"]),
              st.integers(0, 3)),  # fmt: skip
    st.tuples(st.just("add"), st.integers(0, 20), st.sampled_from(CLAIMANTS), st.integers(0, 3)),
    st.tuples(st.just("delete"), st.integers(0, 20)),
    st.tuples(st.just("rename"), st.integers(0, 20)),
    st.tuples(st.just("template"), st.integers(0, 3)),
)


class Project:
    def __init__(self, root: Path) -> None:
        self.root = make_project(root)
        self.claims = self.root / "content/claims"
        self.templates = self.root / "templates"
        self.templates.mkdir()
        config = read_mkdocs_yml(self.root / "mkdocs.yml")
        self.options = next(p["factcheck"] for p in config["plugins"] if isinstance(p, dict) and "factcheck" in p)
        self.options["templates_dir"] = "templates"
        write_mkdocs_yml(self.root, config)
        self.counter = 0

    def files(self) -> list[Path]:
        return sorted(self.claims.glob("*.md"))

    def apply(self, action: tuple) -> None:  # type: ignore[type-arg]
        """Each write changes the file's size (the claim cache keys on mtime and size)."""
        self.counter += 1
        n, files = self.counter, self.files()
        kind = action[0]
        if kind == "template":
            self._template(action[1], n)
        elif kind == "add":
            text = VALID_CLAIM.replace("Someone", action[2]).replace("A headline", f"Headline {n}")
            text = text.replace("Example Wire", OUTLETS[action[3] % len(OUTLETS)])
            (self.claims / f"added-{n}.md").write_text(text)
        elif not files:
            return
        elif kind == "delete":
            files[action[1] % len(files)].unlink()
        elif kind == "rename":
            path = files[action[1] % len(files)]
            path.rename(self.claims / f"renamed-{n}.md")
        else:
            self._edit(files[action[1] % len(files)], action[2], action[3], n)

    def _edit(self, path: Path, field: str, choice: int, n: int) -> None:
        text = path.read_text()
        head, body = text.split("\n---\n", 1)
        lines = head.split("\n")
        if field == "title":
            lines = [f"title: Edited title {n}" if ln.startswith("title:") else ln for ln in lines]
        elif field == "claimant":
            lines = [f"claimant: {CLAIMANTS[choice]}" if ln.startswith("claimant:") else ln for ln in lines]
        elif field == "verdict" and "verdict: confirmed" not in head:
            lines = [f"verdict: {['unverified', 'disputed'][choice % 2]}" if ln.startswith("verdict:") else ln
                     for ln in lines]  # fmt: skip
        elif field == "via" and "verdict: confirmed" not in head:
            at = next(i for i, ln in enumerate(lines) if ln.startswith("  - outlet:"))
            lines.insert(at + 1, f"    via: {OUTLETS[choice % len(OUTLETS)]}")
        path.write_text("\n".join(lines) + "\n---\n" + body + f"\nEdit {n}.\n")

    def _template(self, choice: int, n: int) -> None:
        name = ["claim.md.j2", "entry.md.j2", "home.md.j2", "claim.md.j2"][choice]
        override = self.templates / name
        if choice == 3 and override.exists():
            override.unlink()
            return
        # The override reads the indexes broadly and narrowly: whatever it reads, a kept
        # page must still be what a clean build makes (see generator/reuse.py).
        reads = ("{{ ix.claims | length }} claims, newest {{ ix.claims[0].title if ix.claims }}; "
                 "{{ ix.entry_url('outlets', 'Example Wire') if ix.has_entry('outlets', 'Example Wire') }}")
        override.write_text((TEMPLATES / name).read_text() + f"\n<p>Template revision {n}: {reads}</p>\n")


def outputs(plugin: FactcheckPlugin, config_file: Path) -> dict[str, bytes]:
    """What one rebuild hands MkDocs: each generated file's path and bytes."""
    config = load_config(str(config_file))
    config = plugin.on_config(config) or config
    config.plugins._current_plugin = "factcheck"  # as MkDocs sets it around each plugin's event
    files = plugin.on_files(Files([]), config=config) or Files([])
    handed = {f.src_uri: f.content_bytes for f in files if f.generated_by == "factcheck"}
    beside = plugin.side_files.stored if plugin.side_files else {}  # copied into the site as they are
    return {**handed, **{path: Path(stored).read_bytes() for path, stored in beside.items()}}


def fresh_plugin(options: dict, config_file: Path, cache_dir: str) -> FactcheckPlugin:  # type: ignore[type-arg]
    plugin = FactcheckPlugin()
    errors, warnings = plugin.load_config({**options, "serve_cache_dir": cache_dir}, str(config_file))
    assert not errors, errors
    plugin.on_startup(command="serve", dirty=True)
    return plugin


def each_step_equals_a_clean_build(steps: list, again: Callable[[Project], dict], clean: Callable[[Project], dict]) -> None:  # type: ignore[type-arg]
    """After each of `steps`, what `again` hands MkDocs (the path that reuses what an
    earlier build left) is byte for byte what `clean` (from nothing) hands it."""
    root = Path(tempfile.mkdtemp(prefix="fc-incremental-"))
    try:
        project = Project(root / "p")
        again(project)
        for action in steps:
            project.apply(action)
            incremental, fresh = again(project), clean(project)
            assert incremental.keys() == fresh.keys(), action
            changed = [path for path in fresh if incremental[path] != fresh[path]]
            assert not changed, (action, changed)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(step, min_size=1, max_size=5))
def test_every_serve_rebuild_equals_a_clean_build(steps):
    serving: list[FactcheckPlugin] = []  # one plugin across rebuilds, as `mkdocs serve` has

    def rebuild(project: Project) -> dict[str, bytes]:
        config_file = project.root / "mkdocs.yml"
        if not serving:
            serving.append(fresh_plugin(project.options, config_file, ".cache/serve"))
        return outputs(serving[0], config_file)

    def clean(project: Project) -> dict[str, bytes]:
        config_file = project.root / "mkdocs.yml"
        return outputs(fresh_plugin(project.options, config_file, f".cache/clean-{project.counter}"), config_file)

    each_step_equals_a_clean_build(steps, rebuild, clean)


# Builds in fresh processes keep claim pages on disk (generator/page_cache.py): after
# any steps, a build with the cache a former build left equals one with none. A commit
# step changes the git history, which a claim page shows and its key holds.
build_step = st.one_of(step, st.tuples(st.just("commit"), st.integers(1, 28)))


def git(root: Path, *args: str, day: int = 1) -> None:
    when = f"2021-10-{day:02d}T12:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}  # fmt: skip
    subprocess.run(["git", "-C", str(root), *args], env=env, check=True, capture_output=True)


def generated(settings_: Settings) -> list[tuple[str, bytes | str]] | list[str]:
    """Every output of `generate`, or the problems when the claims are invalid."""
    try:
        return [(o.path, o.content) for o in generate(settings_)]
    except ClaimsInvalid as invalid:
        return [str(p) for p in invalid.problems]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(build_step, min_size=1, max_size=5))
def test_every_build_with_kept_pages_equals_a_clean_build(steps):
    root = Path(tempfile.mkdtemp(prefix="fc-incremental-build-"))
    try:
        project = Project(root / "p")
        git(project.root, "init", "-q")
        site = Settings(claims_dir=project.claims, templates_dir=project.templates, today=TODAY,
                        git_history=True, history_url="https://example.org/{path}",
                        cache_dir=root / "kept")  # fmt: skip
        generated(site)
        for action in steps:
            if action[0] == "commit":
                git(project.root, "add", "-A")
                git(project.root, "commit", "-q", "--allow-empty", "-m", "step", day=action[1])
            else:
                project.apply(action)
            kept = generated(site)
            clean = generated(dataclasses.replace(site, cache_dir=None))
            assert kept == clean, action
    finally:
        shutil.rmtree(root, ignore_errors=True)


# `mkdocs build` keeps its page store in the digest cache (adapters/page_store.py): a
# build takes the files an earlier build stored for unchanged pages. After any steps,
# what it hands MkDocs (each stored file, and the table of contents of ready pages) is
# what a build with no cache hands it.
def built(options: dict, config_file: Path, cache_dir: str) -> dict[str, tuple[bytes, object]]:  # type: ignore[type-arg]
    """One `mkdocs build`'s generated files as MkDocs reads them, by a fresh plugin (a
    build is a new process)."""
    plugin = FactcheckPlugin()
    errors, warnings = plugin.load_config({**options, "cache_dir": cache_dir, "share_cards": False},
                                          str(config_file))  # fmt: skip
    assert not errors, errors
    plugin.on_startup(command="build", dirty=False)
    config = load_config(str(config_file))
    config = plugin.on_config(config) or config
    config.plugins._current_plugin = "factcheck"
    try:
        files = plugin.on_files(Files([]), config=config) or Files([])
    except Exception as error:
        plugin.on_build_error(error=error)
        return {"failed": (str(error).encode(), None)}
    assert plugin.store is not None
    handed = {f.src_uri: (f.content_bytes, plugin.store.toc(f.abs_src_path or ""))
              for f in files if f.generated_by == "factcheck"}  # fmt: skip
    plugin.on_post_build(config=config)
    return handed


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(step, min_size=1, max_size=5))
def test_every_build_with_a_kept_page_store_equals_a_clean_build(steps):
    def kept(project: Project) -> dict[str, tuple[bytes, object]]:
        handed = built(project.options, project.root / "mkdocs.yml", ".cache/kept")
        assert (project.root / ".cache/kept/pages/.factcheck-pages.json").is_file()
        return handed

    def clean(project: Project) -> dict[str, tuple[bytes, object]]:
        return built(project.options, project.root / "mkdocs.yml", f".cache/clean-{project.counter}")

    each_step_equals_a_clean_build(steps, kept, clean)
