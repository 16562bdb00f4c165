import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_workflows_match_the_github_schema():
    workflows = sorted((ROOT / ".github/workflows").glob("*.yml"))
    assert workflows
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
         *map(str, workflows)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_and_workflow_use_the_readme_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make site" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci/run").read_text()
    workflow = (ROOT / ".github/workflows/site.yml").read_text()
    assert "make test" in workflow and "make site" in workflow
    assert "actions/deploy-pages" in workflow


def workflow() -> dict:
    import yaml

    data = yaml.safe_load((ROOT / ".github/workflows/site.yml").read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def steps(job: dict) -> list[str]:
    return [step.get("run") or step.get("uses") or "" for step in job["steps"]]


def test_pushes_build_only_main_and_pull_requests_are_built_once():
    triggers = workflow()["on"]
    assert triggers["push"] == {"branches": ["main"]}
    assert "pull_request" in triggers


def test_a_deploy_on_main_is_never_cancelled_midway():
    concurrency = workflow()["concurrency"]
    assert concurrency["cancel-in-progress"] == "${{ github.ref != 'refs/heads/main' }}"


def test_the_build_checks_claims_first_caches_and_shares_the_site():
    build = workflow()["jobs"]["build"]
    runs = steps(build)
    check = runs.index(".venv/bin/factcheck check --format github")
    assert check < runs.index("make test")
    assert not [r for r in runs[:check] if "make test" in r or "make site" in r]
    by_use = {s["uses"].split("@")[0]: s for s in build["steps"] if "uses" in s}
    assert by_use["actions/checkout"]["with"]["fetch-depth"] == 0
    assert by_use["actions/setup-python"]["with"]["cache"] == "pip"
    assert by_use["actions/setup-node"]["with"]["cache"] == "npm"
    cache_steps = [i for i, s in enumerate(build["steps"]) if s.get("uses", "").startswith("actions/cache@")]
    caches = {build["steps"][i]["with"]["path"]: build["steps"][i]["with"] for i in cache_steps}
    assert caches[".cache/factcheck/cards"]["restore-keys"] == "share-cards-"
    digests = caches[".cache/factcheck/digests"]  # generator/digest_cache.py, warm in CI
    assert digests["restore-keys"] == "digests-"
    # Every input of a kept value: claims, code, templates, settings, libraries.
    for inputs in ("content/claims/**", "'generator/**'", "mkdocs.yml", "requirements.lock"):
        assert inputs in digests["key"]
    assert max(cache_steps) < runs_index(build, ".venv/bin/factcheck check --format github")
    assert by_use["actions/upload-artifact"]["if"] == "github.event_name == 'pull_request'"
    assert "steps.pages.outputs.base_url" in str(build["steps"])  # the fork's own Pages URL


def runs_index(job: dict, command: str) -> int:
    """The step index of the step that runs `command`."""
    return next(i for i, s in enumerate(job["steps"]) if s.get("run") == command)


def test_make_hooks_installs_the_pre_commit_hook_from_the_venv(tmp_path):
    """CONTRIBUTING's `make hooks`, in a fresh git repository: the hook then refuses a
    commit of a broken claim file."""
    import os
    import shutil

    repo = tmp_path / "repo"
    (repo / "content/claims").mkdir(parents=True)
    for name in ["Makefile", ".pre-commit-config.yaml", "pyproject.toml", "requirements.lock"]:
        shutil.copy2(ROOT / name, repo / name)
    (repo / ".venv").symlink_to(ROOT / ".venv")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}  # fmt: skip
    run = dict(cwd=repo, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert subprocess.run(["git", "init", "-q"], **run).returncode == 0
    hooks = subprocess.run(["make", "-o", ".venv/.installed", "hooks"], **run)
    assert hooks.returncode == 0, hooks.stdout + hooks.stderr
    assert "pre-commit installed" in hooks.stdout
    (repo / "content/claims/broken.md").write_text("---\ntitle: [unclosed\n---\n")
    subprocess.run(["git", "add", "-A"], **run)
    commit = subprocess.run(["git", "commit", "-q", "-m", "a broken claim"], **run)
    assert commit.returncode != 0
    assert "content/claims/broken.md:" in commit.stdout + commit.stderr
