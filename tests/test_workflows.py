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
