"""README and CONTRIBUTING tell a newcomer commands that work from a fresh clone: every
`make` target they name exists, every `factcheck` command parses, the contributor's
commands run as written, and the preview address is where `make serve` serves."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import ROOT
from mkdocs.utils.yaml import get_yaml_loader

from generator.cli import main

DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md"]


def commands(prefix: str) -> list[str]:
    """Commands starting with `prefix`, from inline code spans and shell blocks."""
    found = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        spans = re.findall(r"`([^`\n]+)`", text)
        blocks = [line for block in re.findall(r"```sh\n(.*?)```", text, re.S)
                  for line in block.splitlines()]  # fmt: skip
        for command in spans + blocks:
            command = command.split("#")[0].strip()
            for part in command.split("&&"):
                if part.strip().startswith(prefix):
                    found.append(part.strip())
    return sorted(set(found))


def make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"(?m)^([a-z][\w-]*):", text))


@pytest.mark.parametrize("command", commands("make "))
def test_every_make_target_named_in_the_docs_exists(command):
    targets = [word for word in shlex.split(command)[1:] if not word.startswith("-") and "=" not in word]
    assert set(targets) <= make_targets(), command


@pytest.mark.parametrize("command", commands(".venv/bin/factcheck ") + commands("factcheck "))
def test_every_factcheck_command_in_the_docs_exists_with_its_options(command):
    words = shlex.split(command.replace("[", " ").replace("]", " "))[1:]
    assert words and words[0] in main.commands, command
    options = {opt for param in main.commands[words[0]].params for opt in param.opts}
    named = {w.split("=")[0] for w in words[1:] if w.startswith("-")}
    assert named <= options | {"--help"}, command


def test_the_preview_address_is_under_the_path_of_site_url():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), get_yaml_loader(yaml.SafeLoader))
    path = urlsplit(config["site_url"]).path
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert f"http://127.0.0.1:8000{path}claims/YOUR-ID/" in contributing


def test_a_contributors_commands_run_as_written_in_a_fresh_copy(tmp_path):
    """CONTRIBUTING's `factcheck new` and `factcheck check`, verbatim, in a copy of the
    project: the new draft passes the check and is counted as a draft."""
    copy = tmp_path / "clone"
    copy.mkdir()
    for name in ["mkdocs.yml", "docs", "content", "schema"]:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, copy / name)
    (copy / ".venv").symlink_to(ROOT / ".venv")
    block = re.findall(r"```sh\n(.*?)```", (ROOT / "CONTRIBUTING.md").read_text(), re.S)
    new, check = (line for b in block for line in b.splitlines() if ".venv/bin/factcheck" in line)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    made = subprocess.run(new, shell=True, cwd=copy, env=env, capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert (copy / "content/claims/the-exact-words-of-the-claim.md").is_file()
    checked = subprocess.run(check, shell=True, cwd=copy, env=env, capture_output=True, text=True,
                             timeout=120, check=False)  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    assert "1 draft(s) checked too" in checked.stdout
