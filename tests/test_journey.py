"""The contributor's journey, run as README and CONTRIBUTING tell it, in a copy of the
project: `factcheck new` -> fill the claim -> `factcheck check` -> `factcheck build` ->
a deliberate mistake shows in the `mkdocs serve` preview (headless Chromium) and clears
after the fix."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from serve_support import mkdocs_serve, wait_for

BIN = Path(sys.executable).parent
FILLED = {
    "title": "Journey outlet reports the valley pass closed",
    "summary": "One outlet reports it; nobody else does yet.",
    "outlet": "Journey Gazette",
    "quote": "The pass was closed on Monday.",
}


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([str(BIN / "factcheck"), *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600, check=False)  # fmt: skip


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "content", "schema"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, target / name)
    return target


def fill(text: str) -> str:
    """What a contributor does to the new file: drop `draft: true`, write each TODO."""
    text = text.replace("draft: true\n", "")
    for key, value in FILLED.items():
        text = re.sub(rf'^(\s*(?:- )?{key}: )"TODO:[^"\n]*"$', rf'\g<1>"{value}"', text, count=1, flags=re.M)
    text = re.sub(r'^(\s*(?:- )?title: )"TODO:[^"\n]*"$', r'\g<1>"Pass closed, says gazette"', text, flags=re.M)
    link = "https://example.org/gazette/pass-closed"
    text = re.sub(r"# url: https://\.\.\..*", f"url: {link}", text)
    text = re.sub(r"# archive_url: https://\.\.\..*", f"archive_url: https://web.archive.org/web/2021/{link}", text)
    return re.sub(r"TODO: explain the verdict here.*", "Only the gazette reports it; unverified.", text, flags=re.S)


def test_a_contributor_adds_a_claim_builds_it_and_previews_a_mistake(tmp_path, page):
    project = copy_project(tmp_path / "site-copy")
    made = run(project, "new", "The valley pass is closed", "--claimant", "Journey Gazette")
    assert made.returncode == 0, made.stderr
    path = project / re.search(r"wrote (\S+\.md)", made.stdout).group(1)
    draft = path.read_text("utf-8")
    assert "draft: true" in draft and "TODO:" in draft
    path.write_text(fill(draft), encoding="utf-8")

    checked = run(project, "check")
    assert checked.returncode == 0, checked.stderr
    built = run(project, "build")
    assert built.returncode == 0, built.stderr
    claim_id = path.stem
    assert FILLED["title"] in (project / "site/claims" / claim_id / "index.html").read_text("utf-8")

    good = path.read_text("utf-8")
    with mkdocs_serve(project) as base:
        url = f"{base}claims/{claim_id}/"
        path.write_text(good.replace("verdict: unverified", "verdict: unverifed"), encoding="utf-8")

        def mistake_shown() -> bool:
            page.goto(url, timeout=60_000)
            return f"{claim_id}.md" in page.locator(".fc-problems").inner_text(timeout=5_000)

        wait_for(mistake_shown, "the mistake in the preview")
        assert "verdict" in page.locator(".fc-problems").inner_text()
        path.write_text(good, encoding="utf-8")

        def fixed() -> bool:
            page.goto(url, timeout=60_000)
            return FILLED["title"] in page.locator("article h1").inner_text(timeout=5_000)

        wait_for(fixed, "the fixed claim in the preview")
        assert page.locator(".fc-problems, .fc-preview-problems").count() == 0
