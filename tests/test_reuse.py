"""What `serve` keeps between rebuilds (generator/reuse.py): an output while its job's
arguments and its answers from the indexes are equal, under a key of settings,
templates and history; an analysis edit re-renders that claim's page and nothing else,
a front-matter edit what shows that claim."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest
from conftest import FIXTURE_CLAIMS, TODAY, VALID_CLAIM
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import pipeline
from generator.corrections import LOG_PATH
from generator.indexes import KINDS, Indexes
from generator.pages import PageBuilder
from generator.pipeline import ClaimCache, generate, preview
from generator.reuse import Reuse, folder_digest
from generator.settings import Settings
from generator.trace import TracedIndexes

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


def _renders(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """The paths of the pages and embeds rendered from now on (claim pages render
    in this process for a set this small)."""
    rendered: list[str] = []
    render, embed = PageBuilder._render, PageBuilder.embed_page
    monkeypatch.setattr(PageBuilder, "_render", lambda self, path, *a, **k: rendered.append(path) or render(self, path, *a, **k))
    monkeypatch.setattr(PageBuilder, "embed_page", lambda self, c: rendered.append(f"embed {c.id}") or embed(self, c))
    return rendered


def _revise(path: Path, field: str) -> None:
    text = path.read_text("utf-8")
    if field == "title":
        text = text.replace("title: ", "title: Retitled ", 1)
    else:
        verdict = next(line for line in text.splitlines() if line.startswith("verdict:"))
        text = text.replace(verdict, "verdict: unverified" if "disputed" in verdict else "verdict: disputed", 1)
    path.write_text(text, encoding="utf-8")


def test_an_analysis_edit_renders_that_claims_page_only(tmp_path, monkeypatch):
    base = _project(tmp_path)
    cache = ClaimCache()
    list(preview(base, cache)[0])
    rendered = _renders(monkeypatch)
    edited = sorted(base.claims_dir.glob("*.md"))[1]
    _set_analysis(edited, "A new analysis.\n")
    incremental = _by_path(preview(base, cache)[0])
    assert rendered == [f"claims/{edited.stem}.md", "transparency/index.md"]
    monkeypatch.undo()
    assert incremental == _by_path(preview(base, ClaimCache())[0])
    record = next(r for r in json.loads(incremental["claims.json"])["claims"] if r["id"] == edited.stem)
    assert record["analysis"] == "A new analysis.\n"


def test_an_analysis_edit_keeps_every_export_and_feed_but_claims_json(tmp_path):
    """An export is kept whole while every claim's piece of it is, and so is the site's
    feed while the claims are: the page store passes over the very objects it saved
    (~96 MB of open data at 10,000 claims, joined and hashed on every rebuild before)."""
    base = _project(tmp_path)
    cache = ClaimCache()
    before = {o.path: o for o in preview(base, cache)[0]}
    _set_analysis(sorted(base.claims_dir.glob("*.md"))[1], "A new analysis.\n")
    after = {o.path: o for o in preview(base, cache)[0]}
    whole = {"claims.json", "claims.csv", "claimreview.json", "claims/explorer.json", "feed.xml", "feed.json"}
    assert {path for path in whole if after[path] is not before[path]} == {"claims.json"}
    again = {o.path: o for o in preview(base, cache)[0]}
    assert all(again[path] is after[path] for path in whole)  # no edit: claims.json kept too


def _many_claims(tmp_path: Path, count: int) -> Settings:
    """The fixture claims and `count` more, spread over outlets, claimants and days."""
    base = _project(tmp_path)
    for n in range(count):
        text = VALID_CLAIM.replace("A headline", f"Headline {n}").replace("Someone", ["Someone", "Another"][n % 2])
        text = text.replace("Example Wire", f"Outlet {n % 3}").replace("2021-09-06", f"2021-09-{1 + n % 9:02d}")
        (base.claims_dir / f"claim-{n:02d}.md").write_text(text, encoding="utf-8")
    return base


def _indexes(cache: ClaimCache) -> Indexes:
    assert cache.indexes is not None
    return cache.indexes[2]


def _entry_pages_listing(ix: Indexes, claim_id: str) -> set[str]:
    """The entry pages (one page each here) that list the claim."""
    entries = (*ix.verdicts, *(e for kind in KINDS for e in ix.entries[kind]))
    return {f"{e.url}index.md" for e in entries if claim_id in {c.id for c in e.claims}}


@pytest.mark.parametrize("field", ["title", "verdict"])
def test_a_front_matter_edit_renders_what_shows_that_claim(tmp_path, monkeypatch, field):
    """Its own page and embed, the pages of the claims it is related to, and listings;
    every other claim page and embed is kept, and the result is a clean build's."""
    base = _many_claims(tmp_path, 12)
    cache = ClaimCache()
    list(preview(base, cache)[0])
    edited = base.claims_dir / "taliban-conquered-panjshir.md"
    related = {c.id for c in _indexes(cache).related_of(edited.stem)}
    assert related == {"resistance-holds-positions"}
    listed_before = _entry_pages_listing(_indexes(cache), edited.stem)
    rendered = _renders(monkeypatch)
    _revise(edited, field)
    incremental = _by_path(preview(base, cache)[0])
    claim_pages = {p for p in rendered if p.startswith("claims/") and p.count("/") == 1 and p != "claims/index.md"}
    assert claim_pages == {f"claims/{i}.md" for i in {edited.stem, *related}}
    assert {p for p in rendered if p.startswith("embed ")} == {f"embed {edited.stem}"}
    entry_pages = {p for p in rendered if p.count("/") == 2}
    assert entry_pages == listed_before | _entry_pages_listing(_indexes(cache), edited.stem)
    monkeypatch.undo()
    assert incremental == _by_path(preview(base, ClaimCache())[0])


@pytest.mark.parametrize(("which", "field", "home", "stats"), [
    ("oldest", "title", False, False),  # shown on neither page
    ("newest", "title", True, False),  # among the home page's latest
    ("oldest", "verdict", True, True),  # a count changes
])  # fmt: skip
def test_the_home_and_stats_pages_are_made_again_only_when_what_they_show_changes(
    tmp_path, monkeypatch, which, field, home, stats
):
    base = _many_claims(tmp_path, 12)
    cache = ClaimCache()
    list(preview(base, cache)[0])
    claims = _indexes(cache).claims
    assert len(claims) > base.latest_count
    edited = claims[-1 if which == "oldest" else 0]
    rendered = _renders(monkeypatch)
    _revise(base.claims_dir / Path(edited.source_path).name, field)
    incremental = _by_path(preview(base, cache)[0])
    assert ("index.md" in rendered, "stats/index.md" in rendered) == (home, stats)
    monkeypatch.undo()
    assert incremental == _by_path(preview(base, ClaimCache())[0])


@pytest.mark.parametrize("corrected", [False, True])
def test_a_title_edit_renders_the_corrections_log_only_for_a_corrected_claim(tmp_path, monkeypatch, corrected):
    """The log lists the corrected claims, by title: an edit of any other claim keeps it."""
    base = _many_claims(tmp_path, 2)
    fixed = base.claims_dir / "claim-00.md"
    correction = "updated:\n  - date: 2021-09-07\n    kind: correction\n    note: Fixed a date.\n---"
    fixed.write_text(fixed.read_text("utf-8").replace("\n---\nWhy", f"\n{correction}\nWhy", 1), "utf-8")
    cache = ClaimCache()
    assert "Fixed a date." in _by_path(preview(base, cache)[0])[LOG_PATH]
    rendered = _renders(monkeypatch)
    _revise(fixed if corrected else base.claims_dir / "claim-01.md", "title")
    incremental = _by_path(preview(base, cache)[0])
    assert (LOG_PATH in rendered) == corrected
    monkeypatch.undo()
    assert incremental == _by_path(preview(base, ClaimCache())[0])


@pytest.mark.parametrize("edit", ["template", "settings"])
def test_a_template_or_settings_edit_renders_everything_afresh(tmp_path, monkeypatch, edit):
    base = _project(tmp_path)
    templates = tmp_path / "templates"
    templates.mkdir()
    base = replace(base, templates_dir=templates)
    cache = ClaimCache()
    list(preview(base, cache)[0])
    if edit == "template":
        (templates / "unused.j2").write_text("x", encoding="utf-8")
    else:
        base = replace(base, site_name="Another desk")
    rendered = _renders(monkeypatch)
    incremental = _by_path(preview(base, cache)[0])
    clean_renders = len(rendered)
    monkeypatch.undo()
    assert incremental == _by_path(preview(base, ClaimCache())[0])
    fresh = _renders(monkeypatch)
    list(preview(base, ClaimCache())[0])
    assert clean_renders == len(fresh)


def _ix(claims: dict[str, str]) -> Indexes:
    """Indexes stand-in whose `entry_url` answers from `claims`."""
    return cast(Indexes, SimpleNamespace(entry_url=lambda kind, name: claims[name], claims=tuple(claims)))


def _made_with(reuse: Reuse, ix: Indexes, job: str, args: tuple, read: str) -> str | None:
    """Run one job through a rebuild; the job asks one question of the indexes."""
    reuse.begin(("key",), ix)
    kept = reuse.get(job, args)
    if kept is None:
        asked: set = set()
        value = f"made from {TracedIndexes(ix, asked).entry_url('people', read)}"
        reuse.put(job, args, frozenset(asked), value)
    reuse.end()
    return kept


def test_a_job_is_kept_while_its_arguments_and_answers_are_equal():
    reuse = Reuse()
    assert _made_with(reuse, _ix({"a": "A/", "b": "B/"}), "j", (1,), "a") is None
    assert _made_with(reuse, _ix({"a": "A/", "b": "B/"}), "j", (1,), "a") == "made from A/"
    assert _made_with(reuse, _ix({"a": "A/", "b": "changed/"}), "j", (1,), "a") == "made from A/"
    assert _made_with(reuse, _ix({"a": "changed/", "b": "B/"}), "j", (1,), "a") is None
    assert _made_with(reuse, _ix({"a": "changed/", "b": "B/"}), "j", (2,), "a") is None
    assert _made_with(reuse, _ix({"a": "changed/", "b": "B/"}), "j", (2,), "a") == "made from changed/"


def test_another_key_or_a_rebuild_that_never_ended_keeps_nothing_new():
    reuse = Reuse()
    ix = _ix({"a": "A/"})
    _made_with(reuse, ix, "j", (), "a")
    reuse.begin(("key",), ix)
    reuse.put("half", (), frozenset(), "x")  # this rebuild stops here
    reuse.begin(("key",), ix)
    assert reuse.get("half", ()) is None and reuse.get("j", ()) == "made from A/"
    reuse.begin(("other key",), ix)
    assert reuse.get("j", ()) is None


def test_a_job_whose_question_cannot_be_asked_again_is_not_kept():
    reuse = Reuse()
    ix = cast(Indexes, SimpleNamespace(entry=lambda kind, names: names[0]))
    reuse.begin(("key",), ix)
    asked: set = set()
    TracedIndexes(ix, asked).entry("people", ["unhashable", "list"])
    reuse.put("j", (), frozenset(asked), "x")
    reuse.end()
    reuse.begin(("key",), ix)
    assert reuse.get("j", ()) is None


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


def test_a_question_no_job_asks_any_more_holds_nothing_back():
    reuse = Reuse()
    assert _made_with(reuse, _ix({"a": "A/", "b": "B/"}), "j", (1,), "a") is None
    assert _made_with(reuse, _ix({"a": "A/", "b": "B/"}), "j", (2,), "b") is None  # now asks about b
    assert _made_with(reuse, _ix({"a": "changed/", "b": "B/"}), "j", (2,), "b") == "made from B/"
    assert _made_with(reuse, _ix({"a": "changed/", "b": "changed/"}), "j", (2,), "b") is None
