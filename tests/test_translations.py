"""The theme's translations looked up once a build (translations.py and the override
overrides/partials/language.html) give what Material's own `t` gives, for every key of
every language Material ships and for keys no language has."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import material
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.theme import Theme

from generator.adapters.mkdocs_plugin import OVERRIDES
from generator.adapters.translations import TranslationMemo

LANGUAGES = Path(material.__file__).parent / "templates" / "partials" / "languages"
KEYS = sorted({key for path in LANGUAGES.glob("*.html")
               for key in re.findall(r'^\s*"([\w.]+)":', path.read_text("utf-8"), re.M)})  # fmt: skip
EACH_KEY = '{% import "partials/language.html" as lang with context %}' \
           "{% for key in keys %}[{{ lang.t(key) }}]{% endfor %}"  # fmt: skip


def environment(language: str, *, override: bool, memo: bool) -> jinja2.Environment:
    """The theme's environment as the plugin sets it up, with or without our override
    and the memo (a folder built by plain MkDocs has the override and no memo)."""
    theme = Theme(name="material", language=language, custom_dir=str(OVERRIDES) if override else None)
    env = theme.get_env()
    env.trim_blocks = env.lstrip_blocks = True
    if memo:
        env.globals["fc_translation"] = TranslationMemo()
    return env


def translated(env: jinja2.Environment, language: str, keys: list[str]) -> str:
    return env.from_string(EACH_KEY).render(config={"theme": {"language": language}}, keys=keys)


def test_the_keys_are_materials():
    assert len(KEYS) >= 50 and {"language", "search.result.placeholder", "toc"} <= set(KEYS)


@pytest.mark.parametrize("language", sorted(p.stem for p in LANGUAGES.glob("*.html")))
def test_every_key_of_every_language_translates_as_with_material_alone(language: str):
    materials = translated(environment(language, override=False, memo=False), language, KEYS)
    for memo in (True, False):
        env = environment(language, override=True, memo=memo)
        assert translated(env, language, KEYS) == materials, memo
        assert translated(env, language, KEYS) == materials, memo  # from the memo now


@settings(max_examples=40, deadline=None)
@given(keys=st.lists(st.one_of(st.sampled_from(KEYS), st.text(max_size=20)), max_size=8),
       language=st.sampled_from(["en", "de", "ja", "pt-BR", "zh-Hant"]))  # fmt: skip
def test_any_keys_translate_as_with_material_alone(keys: list[str], language: str):
    """Keys no language has (Material prints the key itself), repeated keys, in any order."""
    materials = translated(environment(language, override=False, memo=False), language, keys)
    env = environment(language, override=True, memo=True)
    assert translated(env, language, keys) == materials


def test_one_memo_keeps_each_languages_own():
    """A plugin that builds the site once a language (i18n) may render several with one
    environment's globals: the memo tells the languages apart."""
    memo = TranslationMemo()
    seen = {}
    for language in ("en", "fr", "en"):
        env = environment(language, override=True, memo=False)
        env.globals["fc_translation"] = memo
        seen.setdefault(language, translated(env, language, KEYS))
        assert translated(env, language, KEYS) == seen[language]
    assert seen["en"] != seen["fr"]
    assert seen["fr"] == translated(environment("fr", override=False, memo=False), "fr", KEYS)
