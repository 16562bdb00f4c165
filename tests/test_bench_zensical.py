"""bench/zensical.py's comparison of two builds of one folder, on tiny fake sites."""

from __future__ import annotations

from pathlib import Path

import bench_support  # noqa: F401
import zensical
from hypothesis import given
from hypothesis import strategies as st

PAGE = """<!doctype html><html><head><title>t</title><style>p{{}}</style></head><body>
<nav>Navigation that differs</nav>{indent}<article class="md-content__inner">
<h1>Claim</h1>{indent}<p>{text}</p><script>var x = 1;</script>
<article><p>nested</p></article></article><footer>foot</footer></body></html>"""


def site(root: Path, pages: dict[str, str]) -> Path:
    for path, text in pages.items():
        file = root / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(
            PAGE.format(text=text, indent="\n   " if "mk" in root.name else " "), "utf-8"
        )
    (root / "style.css").parent.mkdir(parents=True, exist_ok=True)
    (root / "style.css").write_text("", "utf-8")
    return root


words = st.text(alphabet="abc <>&. ", min_size=0, max_size=30)


@given(words)
def test_article_text_ignores_whitespace_scripts_and_what_is_outside(text: str) -> None:
    from html import escape

    a = zensical.article_text(PAGE.format(text=escape(text), indent="\n\n  "))
    b = zensical.article_text(PAGE.format(text=escape(text), indent=" "))
    assert a == b
    assert "Navigation" not in a and "foot" not in a and "var x" not in a and "nested" in a


def test_same_sites_match_everywhere(tmp_path: Path) -> None:
    pages = {"claims/a/index.html": "one", "claims/b/index.html": "two", "index.html": "home"}
    result = zensical.compare(site(tmp_path / "mk", pages), site(tmp_path / "zs", pages))
    assert result["same_paths"] and result["paths_common"] == 3
    assert (result["claim_text_matches"], result["claim_text_mismatches"]) == (2, 0)
    assert result["example_diff"] == ""


def test_differences_are_counted_with_one_example(tmp_path: Path) -> None:
    mk = site(
        tmp_path / "mk",
        {
            "claims/a/index.html": "one. two.",
            "claims/b/index.html": "x",
            "only-mkdocs/index.html": "m",
        },
    )
    zs = site(
        tmp_path / "zs",
        {
            "claims/a/index.html": "one. three.",
            "claims/b/index.html": "y",
            "only-zensical.html": "z",
        },
    )
    result = zensical.compare(mk, zs)
    assert not result["same_paths"]
    assert (result["paths_only_mkdocs"], result["paths_only_other"]) == (1, 1)
    assert result["only_mkdocs_examples"] == ["only-mkdocs/index.html"]
    assert (result["claim_text_matches"], result["claim_text_mismatches"]) == (0, 2)
    assert result["example_diff"].startswith("claims/a/index.html:")
    assert "-two." in result["example_diff"] and "+three." in result["example_diff"]


def test_tail_drops_pips_noise_about_missing_local_indexes() -> None:
    noise = "WARNING: Location 'file:///x' is ignored: it is neither a file nor a directory."
    text = f"{noise}\nERROR: no zensical-ui\n"
    assert zensical.tail(text) == "ERROR: no zensical-ui"


def test_side_by_side_times_each_build_and_compares(tmp_path: Path) -> None:
    """A stand-in `zensical` in a venv that already has the pinned requirements."""
    import stat

    import extras

    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / ".requirements").write_text(zensical.REQUIREMENTS.read_text("utf-8"), "utf-8")
    page = PAGE.format(text="same", indent=" ").replace("\n", " ")
    script = venv / "bin" / "zensical"
    script.write_text(
        "#!/bin/sh\n"
        '[ "$1" = --version ] && { echo "zensical, version 0.0.0"; exit 0; }\n'
        f"mkdir -p site/claims/a && echo '{page}' > site/claims/a/index.html\n",
        "utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "mkdocs.yml").write_text("site_name: t\n", "utf-8")
    mkdocs_site = site(tmp_path / "mk", {"claims/a/index.html": "same"})
    result = extras.zensical_side(folder, mkdocs_site, venv, 2, {})
    assert "error" not in result, result
    assert result["version"] == "zensical, version 0.0.0" and len(result["runs"]) == 2
    assert result["compare"]["same_paths"] and result["compare"]["claim_text_matches"] == 1


def test_side_by_side_reports_a_failed_build(tmp_path: Path, monkeypatch) -> None:
    import stat

    import extras
    import timing

    monkeypatch.setattr(timing, "RETRIES", 0)  # no 30 s pause before the retry

    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / ".requirements").write_text(zensical.REQUIREMENTS.read_text("utf-8"), "utf-8")
    script = venv / "bin" / "zensical"
    script.write_text("#!/bin/sh\necho 'ModuleNotFoundError: zensical_ui' >&2\nexit 1\n", "utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    (tmp_path / "out").mkdir()
    result = extras.zensical_side(tmp_path / "out", tmp_path, venv, 1, {})
    assert "zensical_ui" in result["error"] and result["runs"] == []
