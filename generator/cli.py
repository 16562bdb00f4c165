"""The `factcheck` command: init, check, new, schema, build and generate.

Thin on purpose: each command reads settings from `mkdocs.yml`, calls the core and
turns problems into `path:line: field: message` lines and an exit code.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import click

from generator.collector import collect_less_often
from generator.problems import Problem
from generator.settings import Settings

DEFAULT_CONFIG = "mkdocs.yml"
_config_option = click.option(
    "-f", "--config-file", default=DEFAULT_CONFIG, show_default=True,
    type=click.Path(dir_okay=False, path_type=Path), help="The site's mkdocs.yml.",
)  # fmt: skip


def load_settings(config_file: Path) -> Settings:
    """Settings from the factcheck plugin's options in `mkdocs.yml`; defaults if absent.

    A configuration mistake becomes one message naming the option, never a traceback.
    """
    if not config_file.is_file():
        return Settings(claims_dir=Path("content/claims").resolve())
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from generator.adapters.mkdocs_config import settings_from

    errors = _ConfigErrors()
    logging.getLogger("mkdocs.config").addHandler(errors)
    try:
        config = load_config(str(config_file))
        plugin = config.plugins.get("factcheck")
        if plugin is None:
            raise click.ClickException(f"{config_file} does not enable the factcheck plugin")
        return settings_from(plugin.config, config)  # type: ignore[arg-type]
    except MkDocsException as err:
        details = "".join(f"\n  {message}" for message in errors.messages)
        raise click.ClickException(f"{config_file}: {err}{details}") from None
    finally:
        logging.getLogger("mkdocs.config").removeHandler(errors)


class _ConfigErrors(logging.Handler):
    """MkDocs logs each configuration error (naming the option) before it aborts;
    keep those messages so the command can print them, whatever logging is set up."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def report(problems: list[Problem], output_format: str = "text") -> None:
    """Problems as `path:line: field: message` lines, or as GitHub workflow commands
    that annotate the pull request's diff on the line of each mistake."""
    for problem in problems:
        if output_format == "github":
            click.echo(github_annotation(problem))
        else:
            click.echo(str(problem), err=True)
    files = len({p.path for p in problems})
    click.echo(f"{len(problems)} problem(s) in {files} file(s).", err=True)


def _escape_data(text: str) -> str:
    """GitHub's escaping for a workflow command's message (actions/toolkit `escapeData`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """GitHub's escaping for a property value (`escapeProperty`): also `:` and `,`,
    which would otherwise end the value."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem, level: str = "error") -> str:
    """`::error file=PATH,line=N,title=FIELD::MESSAGE` (or `::warning`, `::notice`),
    each part escaped."""
    props = [f"file={_escape_property(problem.path)}"]
    if problem.line:
        props.append(f"line={problem.line}")
    if problem.field:
        props.append(f"title={_escape_property(problem.field)}")
    return f"::{level} {','.join(props)}::{_escape_data(problem.message)}"


def _drafts_note(drafts: int) -> str:
    if not drafts:
        return ""
    return f"; {drafts} draft(s) checked too, not published until `draft: true` is removed"


@click.group()
@click.version_option(package_name="factcheck-site")
def main() -> None:
    """Generate a fact-check site from one markdown file per claim."""
    collect_less_often()  # every command holds the claims until it exits


@main.command()
@click.argument("claims_dir", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "github"]), default="text",
              show_default=True,
              help="github: print GitHub workflow commands that annotate the pull request.")  # fmt: skip
@click.option("-v", "--verbose", is_flag=True, help="List every note, one line each.")
@_config_option
def check(claims_dir: Path | None, output_format: str, verbose: bool, config_file: Path) -> None:
    """Validate every claim file; print each problem as path:line: field: message."""
    from generator.pipeline import ClaimCache
    from generator.pipeline import check as check_claims

    settings = load_settings(config_file)
    if claims_dir is not None:
        settings = replace(settings, claims_dir=claims_dir.resolve())
    cache = ClaimCache()
    claims, problems = check_claims(settings, cache)  # the claims a build publishes
    if problems:
        report(problems, output_format)
        sys.exit(1)
    warn(claims, settings, config_file, output_format, verbose)
    drafts = sum(c.draft for c in cache.loaded)
    where = os.path.relpath(settings.claims_dir)
    click.echo(f"{len(claims)} claims OK in {where}{_drafts_note(drafts)}")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", "site_name", default="Fact-check report", show_default=True,
              help="The site's name.")  # fmt: skip
def init(directory: Path, site_name: str) -> None:
    """Start a new fact-check site in DIRECTORY (which must be empty or absent)."""
    from generator.site_template import SiteExists, create_site

    try:
        written = create_site(directory, site_name=site_name, today=dt.date.today())
    except SiteExists as err:
        raise click.ClickException(str(err)) from None
    click.echo(f"wrote {len(written)} files to {os.path.relpath(directory)}")
    click.echo(f"next: cd {os.path.relpath(directory)} and read README.md")


def warn(claims: list, settings: Settings, config_file: Path, output_format: str, verbose: bool) -> None:
    """What does not fail the check: one name spelled several ways and missing policy
    pages (warnings), and Google's advice on the claim's length (notes, listed one by one
    only with --verbose: they concern many published claims, not the one being added)."""
    from generator.claimreview_lint import MAX_CLAIM_REVIEWED, length_advice
    from generator.rules import check_warnings, featured_problems
    from generator.transparency import policy_problems

    docs_dir = config_file.resolve().parent / "docs" if config_file.is_file() else None
    ids = (claim.id for claim in claims)
    featured = featured_problems(ids, settings.featured, str(config_file))
    warnings = check_warnings(claims, settings) + policy_problems(settings, docs_dir) + featured
    for problem in warnings:
        _say(problem, "warning", output_format)
    advice = length_advice(claims)
    if verbose or len(advice) <= 3:
        for problem in advice:
            _say(problem, "notice", output_format)
    else:
        click.echo(f"note: {len(advice)} claims are longer than {MAX_CLAIM_REVIEWED} characters, "
                   "Google's advice for ClaimReview's claimReviewed; `factcheck check -v` lists "
                   "them", err=True)  # fmt: skip


def _say(problem: Problem, level: str, output_format: str) -> None:
    if output_format == "github":
        click.echo(github_annotation(problem, level))
    else:
        click.echo(f"{'note' if level == 'notice' else level}: {problem}", err=True)


@main.command()
@click.argument("claim_text")
@click.option("--claimant", default="", help="Who made the claim.")
@click.option("--id", "claim_id", default=None, help="The claim's id (default: from the text).")
@_config_option
def new(claim_text: str, claimant: str, claim_id: str | None, config_file: Path) -> None:
    """Write a new claim file from the template; never overwrites."""
    from generator.scaffold import new_claim_file

    settings = load_settings(config_file)
    try:
        path = new_claim_file(settings, claim_text, claimant=claimant, claim_id=claim_id,
                              today=dt.date.today())  # fmt: skip
    except FileExistsError as err:
        raise click.ClickException(f"{err.filename} already exists; nothing was written") from None
    except ValueError as err:
        raise click.ClickException(str(err)) from None
    click.echo(f"wrote {os.path.relpath(path)}; fill it in, then run: factcheck check")


@main.command()
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the schema here instead of printing it.")  # fmt: skip
@click.option("--export", is_flag=True, help="The schema of claims.json instead of claim files.")
@_config_option
def schema(out_file: Path | None, export: bool, config_file: Path) -> None:
    """Print the JSON Schema of claim front-matter (with this site's verdicts)."""
    from generator.schema import claim_schema_text, export_schema_text

    settings = load_settings(config_file)
    text = export_schema_text(settings) if export else claim_schema_text(settings)
    if out_file is None:
        click.echo(text, nl=False)
        return
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_text(text, encoding="utf-8")
    click.echo(f"wrote {out_file}")


@main.command()
@_config_option
def build(config_file: Path) -> None:
    """Check the claims, then `mkdocs build --strict` into a temporary folder that
    replaces the site folder only when the build succeeded."""
    from generator.adapters.output_dirs import UnsafeOutput
    from generator.pipeline import check as check_claims

    settings = load_settings(config_file)
    _, problems = check_claims(settings)
    if problems:
        report(problems)
        sys.exit(1)
    try:
        site_dir = _site_dir(config_file, settings)
    except UnsafeOutput as err:
        raise click.ClickException(str(err)) from None
    # A fresh, unique staging folder beside the site: concurrent builds never share one.
    staging = Path(tempfile.mkdtemp(prefix=".site-build-", dir=site_dir.parent))
    staging.chmod(0o755)  # mkdtemp's 0700 would become the published folder's mode
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
               "-f", str(config_file), "--site-dir", str(staging)]  # fmt: skip
    try:
        result = subprocess.run(command, check=False)
        if result.returncode != 0:
            raise click.ClickException(f"the build failed; {site_dir} was left as it was")
        _swap_into_place(staging, site_dir)
    finally:  # Ctrl-C included: no half-built site is left beside site/
        shutil.rmtree(staging, ignore_errors=True)
    _report_size(site_dir)


def _report_size(site_dir: Path) -> None:
    """The built site's size, and a warning (an annotation on GitHub) when it is over
    GitHub Pages' limit: the deploy would otherwise be the first to say so."""
    from generator.adapters.site_size import measure, megabytes, over_limit

    size = measure(site_dir)
    click.echo(f"built {os.path.relpath(site_dir)} ({megabytes(size.total)}, {size.files:,} files)")
    warning = over_limit(size)
    if warning is None:
        return
    click.echo(f"warning: {warning}", err=True)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        click.echo(f"::warning title=Site size::{_escape_data(warning)}")


def _site_dir(config_file: Path, settings: Settings) -> Path:
    """MkDocs' `site_dir`, once the output-folder rule allows it."""
    from mkdocs.config import load_config

    from generator.adapters.output_dirs import check_output_dir

    config = load_config(str(config_file))
    return check_output_dir(
        Path(config.site_dir), option="site_dir", project_root=config_file.resolve().parent,
        protected=[settings.claims_dir, Path(config.docs_dir)],
    )  # fmt: skip


def _swap_into_place(staging: Path, site_dir: Path) -> None:
    """Replace the site folder with the finished build, one build at a time (a lock on
    the parent folder). A site folder that is a mount point cannot be renamed (EBUSY,
    EXDEV): its contents are replaced instead."""
    import fcntl

    lock = os.open(site_dir.parent, os.O_RDONLY)  # a lock on the folder: no lock file left
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=site_dir.parent))
        try:
            if site_dir.exists():
                site_dir.rename(old / "site")
            staging.rename(site_dir)
        except OSError:
            _replace_contents(staging, site_dir)
        finally:
            shutil.rmtree(old, ignore_errors=True)
            shutil.rmtree(staging, ignore_errors=True)
    finally:
        os.close(lock)  # closing releases the lock


def _replace_contents(staging: Path, site_dir: Path) -> None:
    """Empty `site_dir` (keeping the folder itself) and move the build's files into it."""
    site_dir.mkdir(exist_ok=True)
    for child in site_dir.iterdir():
        shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    for child in staging.iterdir():
        shutil.move(str(child), str(site_dir / child.name))


@main.command()
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write (created; replaced if factcheck wrote it before).")  # fmt: skip
@_config_option
def generate(out_dir: Path, config_file: Path) -> None:
    """Write docs/ plus every generated page and a plugin-free mkdocs.yml to OUT, for
    generators without MkDocs plugins (Zensical)."""
    from generator.adapters.folder import UnsafeOutput, write_config, write_folder
    from generator.pipeline import generate as generate_pages
    from generator.problems import ClaimsInvalid

    settings = load_settings(config_file)
    docs_dir = (config_file.resolve().parent / "docs") if config_file.is_file() else Path("docs")
    try:
        pages = generate_pages(settings)
        count = write_folder(pages, docs_dir, out_dir, protected=[settings.claims_dir.parent])
    except ClaimsInvalid as invalid:
        report(invalid.problems)
        sys.exit(1)
    except UnsafeOutput as err:
        raise click.ClickException(str(err)) from None
    wrote_config = config_file.is_file() and write_config(
        config_file, out_dir, settings.repository_url
    )
    click.echo(f"wrote {count} pages to {os.path.relpath(out_dir)}/docs")
    if wrote_config:
        click.echo(f"build it with: mkdocs build -f {os.path.relpath(out_dir)}/mkdocs.yml")


if __name__ == "__main__":
    main()
