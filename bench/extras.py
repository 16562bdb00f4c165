"""The measures beside the timings, each run by another tool and read back as JSON or
text: site weight (bench/weight.py), search payload (tools/search_payload.py), edit
preview latency (tools/serve_latency.py), MkDocs time per page kind (bench/where.py
--by-kind) and Zensical's build of the `generate --out` folder (bench/zensical.py).

None of them ends the benchmark: a tool that is missing or fails leaves
{"error": why} for the report to show."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import zensical
from timing import ChildFailed, timed

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WEIGHT = HERE / "weight.py"
WHERE = HERE / "where.py"
SEARCH = REPO / "tools" / "search_payload.py"
PREVIEW = REPO / "tools" / "serve_latency.py"


def _run(
    command: list[str], cwd: Path, env: dict[str, str], timeout: float
) -> tuple[str, str | None]:
    """stdout of a tool, and the reason it failed (None when it did not)."""
    try:
        done = subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return "", f"no answer within {timeout:.0f} s: {' '.join(command[1:3])}"
    if done.returncode != 0:
        return done.stdout, f"exit status {done.returncode}: {zensical.tail(done.stderr, 1)}"
    return done.stdout, None


def _last_json(text: str) -> dict[str, Any]:
    """The JSON document a tool printed: the whole stdout, or its last line."""
    text = text.strip()
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return json.loads(text.splitlines()[-1])


# ------------------------------------------------------------------ weight


def parse_weight(data: dict[str, Any]) -> dict[str, Any]:
    """bench/weight.py's JSON, checked: {"claims", "total_bytes", "bytes_per_claim",
    "kinds": {kind: {"files", "bytes"}}}, with bytes per claim of each kind added."""
    claims = int(data["claims"])
    kinds = {
        str(k): {"files": int(v["files"]), "bytes": int(v["bytes"])}
        for k, v in data["kinds"].items()
    }
    for kind in kinds.values():
        kind["bytes_per_claim"] = kind["bytes"] / claims if claims else 0.0
    return {
        "claims": claims,
        "total_bytes": int(data["total_bytes"]),
        "bytes_per_claim": float(data["bytes_per_claim"]),
        "kinds": kinds,
    }


def weight(site: Path, env: dict[str, str]) -> dict[str, Any]:
    if not WEIGHT.is_file():
        return {"error": "bench/weight.py is not in this tree"}
    out, error = _run([sys.executable, str(WEIGHT), str(site), "--json"], REPO, env, 600)
    if error:
        return {"error": error}
    try:
        return parse_weight(_last_json(out))
    except (ValueError, KeyError, TypeError) as bad:
        return {"error": f"unreadable output of bench/weight.py: {bad!r}"}


# ------------------------------------------------------------------ search


def first_query(report: dict[str, Any]) -> dict[str, Any]:
    """Bytes and seconds before the first result from tools/search_payload.py's JSON:
    `first_query` holds the figures, or one entry per engine (then the one the report
    names as `engine`/`default_engine`, else the only or first one)."""
    fq = report.get("first_query", report)
    if "bytes" not in fq:
        name = report.get("engine") or report.get("default_engine")
        fq = fq[name] if name in fq else next(iter(fq.values()))
    seconds = fq.get(
        "seconds_to_first_result_from_navigation", fq.get("seconds_to_first_result_from_typing")
    )
    return {
        "bytes": int(fq["bytes"]),
        "gzip_bytes": fq.get("gzip_bytes"),
        "search_bytes": fq.get("search_bytes"),
        "requests": fq.get("requests"),
        "seconds": None if seconds is None else float(seconds),
    }


def search(site: Path, out: Path, runs: int, env: dict[str, str]) -> dict[str, Any]:
    """tools/search_payload.py --site SITE --json OUT, `runs` times."""
    if not SEARCH.is_file():
        return {"error": "tools/search_payload.py is not in this tree"}
    results: list[dict[str, Any]] = []
    for _ in range(runs):
        out.unlink(missing_ok=True)
        command = [sys.executable, str(SEARCH), "--site", str(site), "--json", str(out)]
        _, error = _run(command, REPO, env, 1800)
        if error:
            return {"runs": results, "error": error}
        try:
            results.append(first_query(json.loads(out.read_text("utf-8"))))
        except (ValueError, KeyError, TypeError, StopIteration, OSError) as bad:
            return {"runs": results, "error": f"unreadable output of search_payload.py: {bad!r}"}
    return {"runs": results}


# ------------------------------------------------------------------ edit preview

_EDIT = re.compile(r"^edit \d+(?: \((analysis|title)\))?: new text served after ([0-9.]+)\s*s", re.MULTILINE)
_FIRST = re.compile(r"first build served after ([0-9.]+)\s*s")


def parse_preview(text: str) -> dict[str, Any]:
    """Seconds per edit of an analysis (`edits`) and of a title (`title_edits`), and of
    the first build, from tools/serve_latency.py's output."""
    first = _FIRST.search(text)
    timed = _EDIT.findall(text)
    return {
        "edits": [float(s) for kind, s in timed if kind in ("", "analysis")],
        "title_edits": [float(s) for kind, s in timed if kind == "title"],
        "first": float(first.group(1)) if first else None,
    }


def preview(project: Path, edits: int, env: dict[str, str]) -> dict[str, Any]:
    """`edits` edits of an analysis and as many of a title, in turn, in one server."""
    command = [sys.executable, str(PREVIEW), str(project), "--edits", str(edits), "--edit", "both"]
    out, error = _run(command, REPO, env, 3600)
    result = parse_preview(out)
    if error or not result["edits"] or not result["title_edits"]:
        result["error"] = error or "an edit was not timed"
    return result


# ------------------------------------------------------------------ per page kind


def profile(size: int, bench_out: Path, env: dict[str, str]) -> dict[str, Any]:
    """bench/where.py --build --by-kind: MkDocs' time per page kind at `size`."""
    out = bench_out / f"by-kind-{size}.json"
    command = [
        sys.executable,
        str(WHERE),
        "--size",
        str(size),
        "--out",
        str(bench_out),
        "--build",
        "--by-kind",
        "--json",
        str(out),
    ]
    _, error = _run(command, REPO, env, 3600)
    if error:
        return {"error": error}
    return json.loads(out.read_text("utf-8"))


# ------------------------------------------------------------------ Zensical


def zensical_side(
    folder: Path, mkdocs_site: Path, venv: Path, runs: int, env: dict[str, str]
) -> dict[str, Any]:
    """Build `folder` with Zensical `runs` times; time, peak memory, and how its pages
    compare with MkDocs' build of the same folder."""
    error = zensical.ensure_venv(venv)
    if error:
        return {"error": f"Zensical could not be installed: {error}"}
    result: dict[str, Any] = {"version": zensical.version(venv), "runs": []}
    site = folder / "site"
    for _ in range(runs):
        for stale in (site, folder / ".cache"):  # every run a clean build, no cache
            shutil.rmtree(stale, ignore_errors=True)
        try:
            run = timed(
                [str(venv / "bin" / "zensical"), "build", "-f", str(folder / "mkdocs.yml")],
                folder,
                env,
                fatal=False,
            )
        except ChildFailed as failed:
            result["error"] = f"`zensical build` failed:\n{zensical.tail(str(failed))}"
            return result
        result["runs"].append(run.run().__dict__)
    if not site.is_dir():
        result["error"] = f"`zensical build` wrote no {site.name}/ in {folder}"
        return result
    result["compare"] = zensical.compare(mkdocs_site, site)
    return result
