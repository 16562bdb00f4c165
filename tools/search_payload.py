"""What a reader downloads before the first search result, Material search vs Pagefind.

Builds one synthetic claim set (bench/synth.py's, or simple claims of its own if that
file is gone) twice, with `search_engine: material` and `search_engine: pagefind`, then
in headless Chromium, per engine:

- first query: a fresh browser opens the home page, focuses Material's search box, types
  a claimant's name and waits for the first result; the local server counts every
  response body it sends (page, workers, index), as sent and as gzip would send it;
- relevance: the top result for 5 claimant names and 5 claim phrases, and whether it
  is a claim by that claimant / the claim the phrase comes from (with its rank in the
  top 10 otherwise).

    .venv/bin/python tools/search_payload.py                 # 10,000 claims, ~15 min
    .venv/bin/python tools/search_payload.py --size 1000 --reuse --json out.json

Sites are built under build/search-payload/ (git-ignored build/); --reuse keeps a
project and sites already built there for the same size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]  # fmt: skip
ENGINES = ("material", "pagefind")
CLAIMS_DIR_LINE = "      claims_dir: content/claims\n"
RESULT_TIMEOUT_MS = 600_000


def log(message: str) -> None:
    print(f"[search_payload] {message}", file=sys.stderr, flush=True)


# --- the claim set ----------------------------------------------------------------------


def write_project(project: Path, size: int, seed: int, claims_from: Path | None = None) -> None:
    """The repo's mkdocs.yml and docs/ around `size` synthetic claims (or a copy of
    the claim files in `claims_from`)."""
    if claims_from is not None:
        if project.exists():
            shutil.rmtree(project)
        shutil.copytree(REPO / "docs", project / "docs")
        shutil.copy2(REPO / "mkdocs.yml", project / "mkdocs.yml")
        shutil.copytree(claims_from, project / "content" / "claims")
        return
    synth_file = REPO / "bench" / "synth.py"
    if synth_file.is_file():
        sys.path.insert(0, str(synth_file.parent))
        import synth  # type: ignore[import-not-found]

        synth.write_claims_project(project, synth.synth_claims(size, seed))
        return
    log("bench/synth.py not found: writing simple claims")
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copy2(REPO / "mkdocs.yml", project / "mkdocs.yml")
    claims = project / "content" / "claims"
    claims.mkdir(parents=True)
    rng = random.Random(seed)
    words = ("valley forces resistance province district commander convoy bridge pass road "
             "village spokesman statement captured retreated denied confirmed drone strike "
             "supply fighters positions northern southern talks ceasefire airport border").split()
    names = [f"{a} {b}" for a in ("Ahmad", "Nadia", "Omar", "Sima", "Tariq", "Laila")
             for b in ("Karimi", "Saleh", "Noor", "Safi", "Wardak", "Hotak")]  # fmt: skip
    for i in range(size):
        text = " ".join(rng.choice(words) for _ in range(10)).capitalize()
        claims.joinpath(f"claim-{i + 1:05d}.md").write_text(
            "---\n"
            f"title: {json.dumps(text[:60])}\nclaim: {json.dumps(text + '.')}\n"
            f"claimant: {rng.choice(names)}\nclaim_date: 2021-{rng.randint(1, 12):02d}-10\n"
            f"verdict: {rng.choice(['unverified', 'disputed'])}\n"
            "sources:\n  - outlet: Example Wire\n    title: A report\n    stance: reports\n"
            f"---\n{' '.join(rng.choice(words) for _ in range(150))}.\n",
            encoding="utf-8",
        )


def engine_config(project: Path, engine: str) -> Path:
    """mkdocs.<engine>.yml: the project's mkdocs.yml with this engine and its own site_dir."""
    text = (project / "mkdocs.yml").read_text("utf-8")
    if CLAIMS_DIR_LINE not in text:
        raise SystemExit(f"no `{CLAIMS_DIR_LINE.strip()}` line in {project / 'mkdocs.yml'}")
    text = text.replace(CLAIMS_DIR_LINE, CLAIMS_DIR_LINE + f"      search_engine: {engine}\n", 1)
    text = re.sub(r"(?m)^site_dir:.*$", f"site_dir: site-{engine}", text)
    config = project / f"mkdocs.{engine}.yml"
    config.write_text(text, "utf-8")
    return config


def build(project: Path, engine: str) -> float:
    config = engine_config(project, engine)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CI": "1"}
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
                            capture_output=True, text=True, env=env, check=False)  # fmt: skip
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{engine} build failed:\n{result.stderr[-4000:]}")
    return seconds


def load_claims(project: Path) -> dict[str, dict[str, Any]]:
    claims = {}
    for path in sorted((project / "content" / "claims").glob("*.md")):
        front = path.read_text("utf-8").split("---\n", 2)[1]
        claims[path.stem] = yaml.safe_load(front)
    return claims


def probes(claims: dict[str, dict[str, Any]]) -> list[dict[str, str]]:
    """5 claimant names and 5 claim phrases, from claims spread over the set.

    A phrase is the 5 consecutive words of the claim's text that are rarest in the set
    (by how many claims use each word), as a reader recalling a claim would type its
    distinctive words; the synthetic vocabulary is small, so common words match all.
    """
    ids = sorted(claims)
    df: dict[str, int] = {}
    for claim in claims.values():
        for word in set(_words(json.dumps(claim, default=str))):
            df[word] = df.get(word, 0) + 1
    picks = [ids[int(len(ids) * f)] for f in (0.05, 0.27, 0.49, 0.71, 0.93)]
    found: list[dict[str, str]] = []
    names: set[str] = set()
    for claim_id in picks:
        name = str(claims[claim_id]["claimant"])
        if name in names:  # another claim further on
            name = next(n for n in (str(claims[i]["claimant"]) for i in ids) if n not in names)
        names.add(name)
        found.append({"kind": "claimant", "query": name, "claim": claim_id})
    for claim_id in picks:
        words = re.findall(r"[\w'-]+", str(claims[claim_id]["claim"]))
        windows = [words[i:i + 5] for i in range(max(1, len(words) - 4))]
        best = min(windows, key=lambda w: sum(df.get(x.lower(), 0) for x in w))
        found.append({"kind": "phrase", "query": " ".join(best), "claim": claim_id})
    return found


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[\w'-]+", text)]


# --- serving and measuring --------------------------------------------------------------


class _CountingHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def copyfile(self, source, outputfile) -> None:  # type: ignore[no-untyped-def]
        body = source.read()
        outputfile.write(body)
        zipped = len(gzip.compress(body, 6)) if len(body) > 200 else len(body)
        path = unquote(urlsplit(self.path).path)
        served = self.server.served  # type: ignore[attr-defined]
        served.append((path, len(body), min(zipped, len(body))))


class Server:
    def __init__(self, site: Path) -> None:
        handler = functools.partial(_CountingHandler, directory=str(site))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.served = []  # type: ignore[attr-defined]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    @property
    def served(self) -> list[tuple[str, int, int]]:
        return list(self.httpd.served)  # type: ignore[attr-defined]

    def close(self) -> None:
        self.httpd.shutdown()


def first_query(browser: Any, server: Server, query: str) -> dict[str, Any]:
    """Bytes and time from opening the home page to the first result of `query`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    start = len(server.served)
    began = time.perf_counter()
    page.goto(server.url)
    page.wait_for_load_state("networkidle", timeout=RESULT_TIMEOUT_MS)
    before_focus = server.served[start:]
    box = page.locator("input.md-search__input")
    box.click()
    typed = time.perf_counter()
    box.press_sequentially(query, delay=30)
    page.locator(".md-search-result__item").first.wait_for(timeout=RESULT_TIMEOUT_MS)
    shown = time.perf_counter()
    page.wait_for_load_state("networkidle", timeout=RESULT_TIMEOUT_MS)
    page.wait_for_timeout(1000)
    responses = server.served[start:]
    context.close()
    search = [r for r in responses if _is_search_file(r[0])]
    return {
        "query": query,
        "bytes": sum(r[1] for r in responses),
        "gzip_bytes": sum(r[2] for r in responses),
        "bytes_before_focus": sum(r[1] for r in before_focus),
        "search_bytes": sum(r[1] for r in search),
        "search_gzip_bytes": sum(r[2] for r in search),
        "requests": len(responses),
        "search_files": sorted((p, n) for p, n, _ in search),
        "seconds_to_first_result_from_typing": round(shown - typed, 2),
        "seconds_to_first_result_from_navigation": round(shown - began, 2),
    }


def _is_search_file(path: str) -> bool:
    return ("/search/" in path or "/pagefind/" in path or "/workers/" in path
            or path.endswith(("pagefind-search.js", "search-worker.js")))  # fmt: skip


_TOP_TEN = """() => [...document.querySelectorAll('.md-search-result__item')]
.slice(0, 10).map(li => {
  const a = li.querySelector('a[href]');
  const h = li.querySelector('h1, h2');
  return [a ? a.href : '', h ? h.textContent.trim() : ''];
})"""
_CLEAR = """() => {
  document.querySelector('ol.md-search-result__list').replaceChildren();
  document.querySelector('.md-search-result__meta').textContent = '';
}"""
_ASK = """(q) => {
  const box = document.querySelector('input.md-search__input');
  box.value = q;
  box.dispatchEvent(new Event('input', {bubbles: true}));
  box.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: 'a'}));
}"""


def top_results(browser: Any, server: Server, queries: list[str]) -> list[list[tuple[str, str]]]:
    """The top ten (claim id or URL path, title) per query, in one page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server.url)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(queries[0], delay=30)  # wait until the engine answers at all
    page.locator(".md-search-result__item").first.wait_for(timeout=RESULT_TIMEOUT_MS)
    answers = []
    for query in queries:
        page.evaluate(_ASK, "")  # Material only searches when the value changes
        page.wait_for_timeout(300)
        page.evaluate(_CLEAR)
        page.evaluate(_ASK, query)
        answers.append(_stable_top(page))
    context.close()
    return answers


def _stable_top(page: Any) -> list[tuple[str, str]]:
    last: list[Any] = []
    stable_since = time.perf_counter()
    deadline = time.perf_counter() + 120
    while time.perf_counter() < deadline:
        page.wait_for_timeout(250)
        now = page.evaluate(_TOP_TEN)
        meta = page.locator(".md-search-result__meta").inner_text()
        if now != last:
            last, stable_since = now, time.perf_counter()
        elif (now or "No matching" in meta) and time.perf_counter() - stable_since >= 1.5:
            break
    return [(_claim_id(href), title) for href, title in last]


def _claim_id(href: str) -> str:
    path = urlsplit(href).path
    match = re.search(r"/claims/([^/]+)/$", path)
    return match.group(1) if match else path


def judge(
    probe: dict[str, str], top: list[tuple[str, str]], claims: dict[str, Any]
) -> dict[str, Any]:
    if probe["kind"] == "claimant":
        def relevant(claim_id: str) -> bool:
            return str(claims.get(claim_id, {}).get("claimant")) == probe["query"]
    else:
        def relevant(claim_id: str) -> bool:
            return claim_id == probe["claim"]
    ranks = [i + 1 for i, (claim_id, _) in enumerate(top) if relevant(claim_id)]
    return {
        "top": top[0][0] if top else None,
        "top_title": top[0][1] if top else None,
        "top_relevant": bool(ranks and ranks[0] == 1),
        "first_relevant_rank": ranks[0] if ranks else None,
        "relevant_in_top10": len(ranks),
    }


# --- the report -------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    name = f"claims-{args.size}" if args.claims is None else f"folder-{args.claims.resolve().name}"
    project = args.out / name / "project"
    if not (args.reuse and (project / "content" / "claims").is_dir()):
        log(f"writing {args.claims or args.size} claims to {project}")
        write_project(project, args.size, args.seed, args.claims)
    size = len(list((project / "content" / "claims").glob("*.md")))
    report: dict[str, Any] = {"size": size, "seed": args.seed, "date": dt.date.today().isoformat(),
                              "claims": str(args.claims or "bench/synth.py")}  # fmt: skip
    report["build_seconds"] = {}
    for engine in ENGINES:
        site = project / f"site-{engine}"
        if args.reuse and (site / "index.html").is_file():
            continue
        log(f"building with {engine} search")
        report["build_seconds"][engine] = round(build(project, engine), 1)
        log(f"built in {report['build_seconds'][engine]} s")
    claims = load_claims(project)
    checks = probes(claims)
    report["probes"] = checks
    bundle = project / "site-pagefind" / "pagefind"
    report["index_on_disk"] = {
        "material_search_index_json": (project / "site-material/search/search_index.json")
        .stat().st_size,
        "pagefind_dir": sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file()),
        "pagefind_index_chunks": len(list((bundle / "index").glob("*"))),
        "pagefind_fragments": len(list((bundle / "fragment").glob("*"))),
        "sitemap_xml": (project / "site-pagefind" / "sitemap.xml").stat().st_size,
    }
    report["first_query"], report["relevance"] = {}, {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        for engine in ENGINES:
            server = Server(project / f"site-{engine}")
            try:
                log(f"{engine}: first query")
                report["first_query"][engine] = first_query(browser, server, checks[0]["query"])
                log(f"{engine}: relevance")
                tops = top_results(browser, server, [p["query"] for p in checks])
                report["relevance"][engine] = [
                    {**probe, **judge(probe, top, claims)} for probe, top in zip(checks, tops)
                ]
            finally:
                server.close()
        browser.close()
    return report


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.2f} MB" if n >= 100_000 else f"{n / 1000:.1f} kB"


def markdown(report: dict[str, Any]) -> str:
    fq = report["first_query"]
    lines = [
        f"Search payload at {report['size']:,} claims from {report['claims']} "
        f"(tools/search_payload.py, {report['date']}); "
        f"first query: `{fq['material']['query']}` typed into the home page's search box.",
        "",
        "| | Material search | Pagefind |",
        "| --- | ---: | ---: |",
    ]
    for engine in ENGINES:
        fq[engine]["other_bytes"] = fq[engine]["bytes"] - fq[engine]["search_bytes"]
        fq[engine]["other_gzip_bytes"] = fq[engine]["gzip_bytes"] - fq[engine]["search_gzip_bytes"]
    rows = [
        ("**search files** for the first query, as sent", "search_bytes"),
        ("**search files** for the first query, gzip", "search_gzip_bytes"),
        ("rest of the page view (HTML, CSS, JS, sitemap.xml), as sent", "other_bytes"),
        ("rest of the page view, gzip", "other_gzip_bytes"),
        ("page view + first query, as sent", "bytes"),
        ("page view + first query, gzip", "gzip_bytes"),
    ]
    for label, key in rows:
        lines.append(f"| {label} | {_mb(fq['material'][key])} | {_mb(fq['pagefind'][key])} |")
    lines.append(f"| requests | {fq['material']['requests']} | {fq['pagefind']['requests']} |")
    timings = (("first result, s after typing began", "seconds_to_first_result_from_typing"),
               ("first result, s after navigation", "seconds_to_first_result_from_navigation"))
    for label, key in timings:
        lines.append(f"| {label} | {fq['material'][key]} | {fq['pagefind'][key]} |")
    builds = report.get("build_seconds") or {}
    if builds:
        material, pagefind = builds.get("material", "–"), builds.get("pagefind", "–")
        lines.append(f"| build time, s | {material} | {pagefind} |")
    disk = report["index_on_disk"]
    sitemap = (f" Material's bundle fetches sitemap.xml ({_mb(disk['sitemap_xml'])}) on every "
               "page view, whichever the search engine." if disk.get("sitemap_xml") else "")
    lines += [
        "",
        f"On disk: search_index.json {_mb(disk['material_search_index_json'])}; pagefind/ "
        f"{_mb(disk['pagefind_dir'])} in {disk['pagefind_index_chunks']} index chunks and "
        f"{disk['pagefind_fragments']} fragments. Search files: Material's index and worker; "
        "Pagefind's script, wasm, metadata, index chunks, result fragments, the stand-in "
        f"worker and pagefind-search.js (which is fetched on every page view).{sitemap}",
        "",
        "| query | Material: top result | ok | Pagefind: top result | ok |",
        "| --- | --- | :-: | --- | :-: |",
    ]
    for m, p in zip(report["relevance"]["material"], report["relevance"]["pagefind"]):
        def cell(r: dict[str, Any]) -> tuple[str, str]:
            mark = "yes" if r["top_relevant"] else (
                f"no (rank {r['first_relevant_rank']})" if r["first_relevant_rank"] else "no")
            return f"`{r['top']}`", mark
        mt, mo = cell(m)
        pt, po = cell(p)
        lines.append(f"| {m['kind']}: {m['query']} | {mt} | {mo} | {pt} | {po} |")
    lines += ["", "ok: the top result is a claim by that claimant (names) or the claim the phrase "
              "comes from (phrases); otherwise the rank of the first such result in the top 10."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20210905)
    parser.add_argument("--out", type=Path, default=REPO / "build" / "search-payload")
    parser.add_argument("--claims", type=Path,
                        help="measure these claim files (e.g. content/claims), not synthetic ones")
    parser.add_argument("--reuse", action="store_true",
                        help="keep a project and sites already built")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--report", type=Path, help="only print the table of a --json file")
    args = parser.parse_args()
    if args.report:
        print(markdown(json.loads(args.report.read_text("utf-8"))))
        return
    report = run(args)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), "utf-8")
    print(markdown(report))


if __name__ == "__main__":
    main()
