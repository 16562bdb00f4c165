"""The folder adapter: writes the generated pages beside a copy of `docs/`, plus a
plugin-free `mkdocs.yml`, so generators without MkDocs' plugin API (Zensical) can
build the same site.

It only ever writes into a folder it created itself (marked by `MARKER`), so a wrong
`--out` cannot overwrite `content/`, `docs/` or anything else.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.yaml import get_yaml_loader

from generator import kinds
from generator.adapters.mkdocs_config import fill_repository_links
from generator.adapters.output_dirs import MARKER, UnsafeOutput, check_output_dir, mark
from generator.assets import CSS_FILES, JS_FILES
from generator.pages import Output
from generator.transparency import footer_link_items

__all__ = ["MARKER", "UnsafeOutput", "write_config", "write_folder"]
OVERRIDES = Path(__file__).parent / "overrides"


# Claim and entry pages stay out of the navigation, as the plugin marks them.
NOT_IN_NAV = "\n".join(
    ["/claims/*.md", "/corrections/log.md", "/transparency/index.md"]
    + [f"/{kind}/*/index.md" for kind in kinds.FOLDERS]
)


def write_folder(
    pages: Iterable[Output],
    docs_dir: Path,
    out_dir: Path,
    protected: Iterable[Path] = (),
    project_root: Path | None = None,
) -> int:
    """Write `out_dir/docs/` (hand-written pages + generated ones); return the page count."""
    root = project_root or docs_dir.resolve().parent
    out_dir = check_output_dir(out_dir, option="--out", project_root=root, protected=[docs_dir, *protected])
    if out_dir.exists():
        shutil.rmtree(out_dir)
    target = out_dir / "docs"
    shutil.copytree(docs_dir, target) if docs_dir.is_dir() else target.mkdir(parents=True)
    mark(out_dir)
    count = 0
    for page in pages:
        path = target / page.path
        if path.exists():
            raise UnsafeOutput(f"'{page.path}' is both hand-written in docs/ and generated")
        path.parent.mkdir(parents=True, exist_ok=True)
        data = page.content
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        count += page.is_markdown
    return count


def write_config(source_config: Path, out_dir: Path, repository_url: str = "") -> bool:
    """A copy of `mkdocs.yml` without the factcheck plugin, pointing at the folder
    (footer links the plugin would fill get `repository_url`).

    Returns False when the file uses YAML tags a safe loader cannot read; the pages
    are still written and the user adapts their own config.
    """
    try:
        # MkDocs' own loader on a safe base: `!ENV` values (the site's identity) resolve.
        loader = get_yaml_loader(yaml.SafeLoader)
        config: dict[str, Any] = yaml.load(source_config.read_text(encoding="utf-8"), loader)
    except yaml.YAMLError:
        return False
    _add_overrides(config, source_config.parent, out_dir)
    fill_repository_links(config.get("extra"), repository_url)
    _add_policy_links(config)
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config["plugins"] = [p for p in config.get("plugins", []) if not _is_factcheck(p)]
    config["extra_css"] = [*config.get("extra_css", []), *CSS_FILES]
    config["extra_javascript"] = [*config.get("extra_javascript", []), *JS_FILES]
    config["not_in_nav"] = NOT_IN_NAV
    config["markdown_extensions"] = _with_extensions(config.get("markdown_extensions", []))
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    (out_dir / "mkdocs.yml").write_text(text, encoding="utf-8")
    return True


def _add_overrides(config: dict[str, Any], root: Path, out_dir: Path) -> None:
    """Copy the user's theme overrides, then each of ours they do not override."""
    theme = config.setdefault("theme", {})
    theme = config["theme"] = {"name": theme} if isinstance(theme, str) else theme
    target = out_dir / "overrides"
    if theme.get("custom_dir"):
        shutil.copytree(root / theme["custom_dir"], target)
    target.mkdir(exist_ok=True)
    for source in OVERRIDES.rglob("*.html"):  # the plugin's own overrides, where the user has none
        copy = target / source.relative_to(OVERRIDES)
        if not copy.exists():
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, copy)
    theme["custom_dir"] = "overrides"


def _add_policy_links(config: dict[str, Any]) -> None:
    """The plugin's `policy_pages` as `extra.factcheck_policy_links` for the footer."""
    options = next((p["factcheck"] for p in config.get("plugins", []) if isinstance(p, dict)
                    and "factcheck" in p), None) or {}  # fmt: skip
    links = footer_link_items(dict(options.get("policy_pages") or {}))
    if links:
        config.setdefault("extra", {})["factcheck_policy_links"] = links


def _with_extensions(extensions: list[Any]) -> list[Any]:
    """Generated headings use attr_list (`{ data-search-exclude }`) and toc anchors."""
    names = {e if isinstance(e, str) else next(iter(e)) for e in extensions}
    return [*extensions, *(name for name in ("attr_list", "toc") if name not in names)]


def _is_factcheck(plugin: Any) -> bool:
    return plugin == "factcheck" or (isinstance(plugin, dict) and "factcheck" in plugin)
