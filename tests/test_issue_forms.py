"""The GitHub issue forms readers use: valid against GitHub's issue-forms schema, and
wired to the site (the report link prefills a field the form really has)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml

from generator.cli import load_settings

ROOT = Path(__file__).parent.parent
FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"


def _form(name: str) -> dict:
    return yaml.safe_load((FORMS / name).read_text("utf-8"))


def _ids(form: dict) -> dict[str, str]:
    return {item["id"]: item["type"] for item in form["body"] if "id" in item}


def test_issue_forms_follow_githubs_schema():
    forms = sorted(FORMS.glob("*.yml"))
    assert [f.name for f in forms] == ["report-error.yml", "suggest-claim.yml"]
    assert not list(FORMS.glob("*.md")), "the markdown template is replaced by the forms"
    command = [str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema",
               "vendor.github-issue-forms", *map(str, forms)]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_suggest_a_claim_asks_for_claim_claimant_place_and_link():
    ids = _ids(_form("suggest-claim.yml"))
    assert set(ids) == {"claim", "claimant", "where", "link"}


def test_the_sites_links_open_the_forms_and_prefill_a_real_field():
    settings = load_settings(ROOT / "mkdocs.yml")
    report = parse_qs(urlsplit(settings.report_error_url).query)
    suggest = parse_qs(urlsplit(settings.suggest_claim_url).query)
    assert (FORMS / report["template"][0]).is_file()
    assert (FORMS / suggest["template"][0]).is_file()
    assert _ids(_form(report["template"][0]))[settings.report_error_prefill] == "input"
