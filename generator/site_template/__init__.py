"""`factcheck init`: a new fact-check site, as `mkdocs new` starts a documentation site.

The files under `files/` are shipped as package data. Names ending in `.j2` are
Jinja2 templates (values land in YAML through the `yaml` filter); a leading
`github/` or `gitignore` becomes `.github/` and `.gitignore`, because package data
globs skip dot-files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.scaffold import yaml_string
from generator.settings import DEFAULT_VERDICTS

FILES = Path(__file__).parent / "files"
_DOT_NAMES = {"github": ".github", "gitignore": ".gitignore"}


class SiteExists(Exception):
    """The target folder already holds something: `init` never mixes into it."""


def target_name(relative: Path) -> Path:
    """Where a template file lands: `.j2` dropped, dot-file names restored."""
    parts = list(relative.parts)
    parts[0] = _DOT_NAMES.get(parts[0], parts[0])
    name = parts[-1].removesuffix(".j2")
    return Path(*parts[:-1], name)


def create_site(directory: Path, *, site_name: str, today: dt.date) -> list[Path]:
    """Write every template file into `directory`, refusing one that is not empty."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise SiteExists(f"{directory} is not empty; factcheck init starts a site in a new folder")
    env = Environment(
        loader=FileSystemLoader(FILES), undefined=StrictUndefined, keep_trailing_newline=True,
        autoescape=False,  # YAML and markdown, not HTML: YAML values go through `yaml`
    )  # fmt: skip
    env.filters["yaml"] = yaml_string
    env.globals.update(site_name=site_name, today=today.isoformat(), verdicts=DEFAULT_VERDICTS)
    rendered = {target_name(path.relative_to(FILES)): _text(env, path) for path in _sources()}
    written = []
    for relative, text in rendered.items():
        target = directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def _sources() -> list[Path]:
    return sorted(p for p in FILES.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def _text(env: Environment, source: Path) -> str:
    """Rendered before anything is written, so a failure leaves no half-made site."""
    if source.suffix != ".j2":
        return source.read_text(encoding="utf-8")
    return env.get_template(source.relative_to(FILES).as_posix()).render(env.globals)
