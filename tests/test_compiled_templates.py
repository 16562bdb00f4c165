"""Compiled templates shared by Jinja environments (compiled_templates.py) render as
each environment compiling its own would."""

from __future__ import annotations

from pathlib import Path

import jinja2

from generator.compiled_templates import CompiledTemplates
from generator.pages import template_environment

SOURCE = "{% if 1 %}\n  {{ x }}\n{% endif %}\n"


def _env(folder: Path, cache: CompiledTemplates | None, **options: object) -> jinja2.Environment:
    loader = jinja2.FileSystemLoader(str(folder))
    env = jinja2.Environment(loader=loader, **options)  # type: ignore[arg-type]
    if cache is not None:
        cache.attach(env)
    return env


def _render(env: jinja2.Environment) -> str:
    return env.get_template("t.html").render(x="<b>")


OPTIONS = [
    {},
    {"trim_blocks": True, "lstrip_blocks": True},
    {"autoescape": True},
    {"finalize": lambda value: f"[{value}]"},
    {"keep_trailing_newline": True},
    {"variable_start_string": "<<", "variable_end_string": ">>"},
]


def test_each_environment_renders_as_with_its_own_compiler(tmp_path):
    """One cache for environments of every set of options, attached all at once and
    used in turn: each gets what compiling the template itself gives."""
    (tmp_path / "t.html").write_text(SOURCE + "<< x >>\n")
    cache = CompiledTemplates()
    shared = [_env(tmp_path, cache, **o) for o in OPTIONS * 2]
    alone = [_render(_env(tmp_path, None, **o)) for o in OPTIONS] * 2
    assert len(set(alone)) == len(OPTIONS)  # every option changes the output
    assert [_render(env) for env in shared] == alone


def test_an_edited_template_is_compiled_afresh(tmp_path):
    (tmp_path / "t.html").write_text(SOURCE)
    cache = CompiledTemplates()
    assert _render(_env(tmp_path, cache)) == "\n  <b>\n"
    (tmp_path / "t.html").write_text("edited {{ x }}")
    assert _render(_env(tmp_path, cache)) == "edited <b>"


def test_an_autoescape_chosen_by_file_name_is_not_shared(tmp_path):
    (tmp_path / "t.html").write_text(SOURCE)
    env = _env(tmp_path, CompiledTemplates(), autoescape=jinja2.select_autoescape())
    assert env.bytecode_cache is None and _render(env) == "\n  &lt;b&gt;\n"


def test_the_generators_environments_compile_each_template_once(monkeypatch):
    """The reserved-ids probe and the site each make an environment: the second one
    compiles nothing, and renders what an environment of its own would."""
    compiled: list[str] = []
    real = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(str(name))
        return real(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    first, second = template_environment(), template_environment()
    for env in (first, second):
        env.get_template("claim.md.j2")
    assert compiled.count("claim.md.j2") <= 1
    alone = template_environment()
    alone.bytecode_cache = None
    source = alone.get_template("claim.md.j2")
    assert compiled.count("claim.md.j2") >= 1
    shared = second.get_template("claim.md.j2").root_render_func.__code__
    assert shared == source.root_render_func.__code__


def test_the_generators_html_and_text_environments_keep_their_own_code(tmp_path):
    """Pages are autoescaped and finalised, a new claim's YAML is neither: one template
    file rendered by both, in either order, is each one's own."""
    (tmp_path / "t.j2").write_text("{{ x }}")
    for order in ((True, False), (False, True)):
        envs = {html: template_environment((tmp_path,), html=html) for html in order}
        rendered = {html: env.get_template("t.j2").render(x="<b>") for html, env in envs.items()}
        assert rendered == {True: "&lt;b&gt;", False: "<b>"}
