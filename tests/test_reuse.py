"""What `serve` keeps between rebuilds (generator/reuse.py): only outputs that cannot
read an analysis, under a key made of every other input; an analysis edit re-renders
that claim's page and nothing else."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import FIXTURE_CLAIMS, TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import pipeline
from generator.pages import PageBuilder
from generator.pipeline import ClaimCache, generate, preview
from generator.reuse import Reuse, folder_digest
from generator.settings import Settings

# Outputs that read analyses; every other output is rendered without them.
READS_ANALYSES = ("claims.json", "transparency/index.md")


def _project(tmp_path: Path) -> Settings:
    claims = tmp_path / "claims"
    shutil.copytree(FIXTURE_CLAIMS, claims)
    return Settings(claims_dir=claims, today=TODAY, site_name="Test desk", git_history=False)


def _by_path(outputs) -> dict[str, str | bytes]:  # type: ignore[no-untyped-def]
    return {o.path: o.content for o in outputs}


def _reads_analysis(path: str, claim_ids: set[str]) -> bool:
    return path in READS_ANALYSES or path.removeprefix("claims/").removesuffix(".md") in claim_ids


def _set_analysis(path: Path, analysis: str) -> None:
    head, _, _ = path.read_text("utf-8").partition("\n---\n")
    path.write_text(head + "\n---\n" + analysis, encoding="utf-8")


analyses = st.text(st.sampled_from("abc XYZ 123 .,;:!?()éدری"), max_size=120)
template_overrides = st.sampled_from(["", "{{ ix.claims[0].body }}", "{% for c in ix.claims %}{{ c.body }}{% endfor %}"])


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(analyses, min_size=1, max_size=3), template_overrides)
def test_no_output_but_a_claims_own_page_and_the_open_data_reads_an_analysis(tmp_path_factory, texts, override):
    """Whatever the analyses say, and even when a site's template override prints an
    analysis in a listing, every other output is the same: the key need not hold them."""
    tmp = tmp_path_factory.mktemp("blind")
    base = _project(tmp)
    if override:
        templates = tmp / "templates"
        templates.mkdir()
        entry = (Path(pipeline.__file__).parent / "templates/entry.md.j2").read_text("utf-8")
        (templates / "entry.md.j2").write_text(entry + f"\n<p>{override}</p>\n", encoding="utf-8")
        base = replace(base, templates_dir=templates)
    before = _by_path(generate(base))
    files = sorted(base.claims_dir.glob("*.md"))
    for n, text in enumerate(texts):
        _set_analysis(files[n % len(files)], f"Edited {n}: {text}\n")
    after = _by_path(generate(base))
    ids = {p.stem for p in files}
    assert before.keys() == after.keys()
    assert [p for p in before if before[p] != after[p] and not _reads_analysis(p, ids)] == []


def test_an_analysis_edit_renders_that_claims_page_only(tmp_path, monkeypatch):
    base = _project(tmp_path)
    cache = ClaimCache()
    list(preview(base, cache)[0])
    rendered: list[str] = []
    original = PageBuilder.claim_page
    monkeypatch.setattr(PageBuilder, "claim_page", lambda self, c: rendered.append(c.id) or original(self, c))
    site_pages = []
    monkeypatch.setattr(PageBuilder, "site_pages", lambda self: site_pages.append(1) or iter(()))
    edited = sorted(base.claims_dir.glob("*.md"))[1]
    _set_analysis(edited, "A new analysis.\n")
    incremental = _by_path(preview(base, cache)[0])
    assert rendered == [edited.stem] and site_pages == []
    monkeypatch.undo()
    assert incremental == _by_path(preview(base, ClaimCache())[0])
    record = next(r for r in json.loads(incremental["claims.json"])["claims"] if r["id"] == edited.stem)
    assert record["analysis"] == "A new analysis.\n"


@pytest.mark.parametrize("edit", ["title", "template", "settings"])
def test_any_other_input_renders_everything_afresh(tmp_path, monkeypatch, edit):
    base = _project(tmp_path)
    templates = tmp_path / "templates"
    templates.mkdir()
    base = replace(base, templates_dir=templates)
    cache = ClaimCache()
    list(preview(base, cache)[0])
    if edit == "title":
        path = sorted(base.claims_dir.glob("*.md"))[0]
        path.write_text(path.read_text("utf-8").replace("title: ", "title: Retitled ", 1), encoding="utf-8")
    elif edit == "template":
        (templates / "unused.j2").write_text("x", encoding="utf-8")
    else:
        base = replace(base, site_name="Another desk")
    rendered: list[str] = []
    original = PageBuilder.claim_page
    monkeypatch.setattr(PageBuilder, "claim_page", lambda self, c: rendered.append(c.id) or original(self, c))
    incremental = _by_path(preview(base, cache)[0])
    assert len(rendered) == len(list(base.claims_dir.glob("*.md")))
    monkeypatch.undo()
    assert incremental == _by_path(preview(base, ClaimCache())[0])


def test_a_part_is_kept_only_under_an_equal_key():
    reuse: Reuse[str] = Reuse()
    made: list[int] = []
    reuse.begin(("a",))
    assert list(reuse.part("p", lambda: made.append(1) or [1, 2])) == [1, 2]
    reuse.begin(("a",))
    assert list(reuse.part("p", lambda: made.append(1) or [3])) == [1, 2]
    reuse.begin(("b",))
    assert list(reuse.part("p", lambda: made.append(1) or [3])) == [3]
    assert made == [1, 1]


def test_a_part_abandoned_half_way_is_not_kept():
    reuse: Reuse[str] = Reuse()
    reuse.begin(("a",))
    stream = reuse.part("p", lambda: iter([1, 2]))
    next(stream)
    stream.close()
    assert list(reuse.part("p", lambda: [9])) == [9]


def test_the_template_digest_sees_every_change(tmp_path):
    folder = tmp_path / "t"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub/a.j2").write_text("a")
    seen = {folder_digest([folder])}
    (folder / "sub/a.j2").write_text("b")
    seen.add(folder_digest([folder]))
    (folder / "sub/a.j2").rename(folder / "a.j2")
    seen.add(folder_digest([folder]))
    (folder / "b.j2").write_text("")
    seen.add(folder_digest([folder]))
    assert len(seen) == 4
