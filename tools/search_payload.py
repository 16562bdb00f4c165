"""What a reader downloads and waits for before the first search result, in headless Chromium.

By default it measures the DEFAULT configuration (`search_engine: auto`) at 100, 1,000
and 10,000 synthetic claims (bench/synth.py's set, built from the repository's
mkdocs.yml), or any site already built. Per site:

- engine: the engine the site was built with (`pagefind` if it has pagefind/pagefind.js,
  else `material`);
- first query: a fresh browser (empty cache) opens the home page, focuses Material's
  search box, types a claimant's name and waits for the first result. The local server
  counts every response body it sends, from the page and from workers alike: the page
  view (HTML, CSS, JS, fonts, images, sitemap.xml) and the search files (scripts,
  workers, wasm, index, result fragments). "Before the first result" is everything sent
  from navigation until the first result is shown; the 1 MB target applies to that
  total, as sent gzip-compressed the way GitHub Pages sends it (text types gzip -6;
  Pagefind's index files, wasm, images and fonts as stored, being compressed already).
  The search files alone, and the bytes once the page has settled, are reported beside;
- time to first result: from the first key press, and from navigation;
- relevance: the top result for 5 claimant names and 5 claim phrases, and whether it is
  a claim by that claimant / the claim the phrase comes from (its rank in the top 10
  otherwise). Probes come from the site's own /claims.json.

CLI (kept stable: bench/run.py calls it):

    # build and measure the default configuration at each size (10,000: ~15 min; run it
    # under `flock /tmp/factcheck-heavy.lock` on a shared machine)
    .venv/bin/python tools/search_payload.py --sizes 100,1000,10000 --json out.json
    # compare engines (forced) at one size, reusing sites already built
    .venv/bin/python tools/search_payload.py --sizes 1000 --engines material,pagefind --reuse
    # measure sites already built (e.g. a bench project's), no build; repeatable
    .venv/bin/python tools/search_payload.py --site build/bench/site-claims-1000 --json out.json
    # the real report's claims instead of synthetic ones
    .venv/bin/python tools/search_payload.py --claims content/claims --engines auto,material,pagefind
    # print the tables of a --json file
    .venv/bin/python tools/search_payload.py --report out.json

--size N is --sizes N. Sites are built under --out (default build/search-payload/,
git-ignored) as claims-N/project/site-<engine option>/; --reuse keeps a project and sites
already there. --json writes {"schema": 2, "runs": [...]}, one run per site, each with
`size`, `engine_option`, `engine`, `bytes_before_first_result_gzip`,
`seconds_to_first_result`, `relevance_top1` (e.g. "7/10"), `meets_limit` and the detail
(`first_query`, `relevance`, `index_on_disk`, `build_seconds`); with a single site, its
`size`, `engine` and `first_query` are repeated at the top (what bench/extras.py reads:
`first_query` has `bytes`, `gzip_bytes`, `search_bytes`, `requests` before the first
result and `seconds_to_first_result_from_navigation`/`_from_typing`). Exit status 0 whatever the
figures: judging them is bench/run.py's and BENCHMARKS.md's job.
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

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]  # fmt: skip
OPTIONS = ("auto", "material", "pagefind")
DEFAULT_SIZES = (100, 1_000, 10_000)
LIMIT_BYTES = 1_000_000  # issue #14: no reader downloads more than 1 MB before the first result
CLAIMS_DIR_LINE = "      claims_dir: content/claims\n"
RESULT_TIMEOUT_MS = 600_000
# What GitHub Pages sends gzip-compressed; everything else goes as stored.
GZIP_SUFFIXES = (".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".map",
                 ".webmanifest", "/")  # fmt: skip


def log(message: str) -> None:
    print(f"[search_payload] {message}", file=sys.stderr, flush=True)


# --- the claim set and its builds -------------------------------------------------------


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


def engine_config(project: Path, option: str) -> Path:
    """mkdocs.<option>.yml: the project's mkdocs.yml with its own site_dir and, unless
    `auto` (the default configuration, left untouched), `search_engine: <option>`."""
    text = (project / "mkdocs.yml").read_text("utf-8")
    if option != "auto":
        if CLAIMS_DIR_LINE not in text:
            raise SystemExit(f"no `{CLAIMS_DIR_LINE.strip()}` line in {project / 'mkdocs.yml'}")
        text = text.replace(CLAIMS_DIR_LINE, CLAIMS_DIR_LINE + f"      search_engine: {option}\n", 1)
    text = re.sub(r"(?m)^site_dir:.*$", f"site_dir: site-{option}", text)
    config = project / f"mkdocs.{option}.yml"
    config.write_text(text, "utf-8")
    return config


def build(project: Path, option: str) -> float:
    """Build the project with this engine option into site-<option>/; wall seconds."""
    config = engine_config(project, option)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CI": "1"}
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
                            capture_output=True, text=True, env=env, check=False)  # fmt: skip
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{option} build failed:\n{result.stderr[-4000:]}")
    return seconds


def engine_of(site: Path) -> str:
    """The engine a built site searches with."""
    return "pagefind" if (site / "pagefind" / "pagefind.js").is_file() else "material"


def site_claims(site: Path) -> dict[str, dict[str, Any]]:
    """Claim id -> its claimant and text, from the site's own /claims.json export."""
    data = json.loads((site / "claims.json").read_text("utf-8"))
    return {c["id"]: {"claimant": c["claimant"], "claim": c["claim"]} for c in data["claims"]}


def index_on_disk(site: Path) -> dict[str, int]:
    material = site / "search" / "search_index.json"
    bundle = site / "pagefind"
    return {
        "material_search_index_json": material.stat().st_size if material.is_file() else 0,
        "pagefind_dir": sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file()),
        # every batch's index (pagefind/ and pagefind/batch-N/, pagefind_index.py)
        "pagefind_index_chunks": len(list(bundle.glob("**/index/*.pf_index"))),
        "pagefind_fragments": len(list(bundle.glob("**/fragment/*.pf_fragment"))),
        "sitemap_xml": (site / "sitemap.xml").stat().st_size if (site / "sitemap.xml").is_file() else 0,
    }


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
            others = (str(claims[i]["claimant"]) for i in ids)
            name = next((n for n in others if n not in names), name)  # a small set repeats
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


def as_sent(path: str, body: bytes) -> int:
    """The body's size as GitHub Pages sends it: gzip -6 for text types, else as stored."""
    if path.endswith(GZIP_SUFFIXES) and len(body) > 200:
        return min(len(gzip.compress(body, 6)), len(body))
    return len(body)


class _CountingHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def copyfile(self, source, outputfile) -> None:  # type: ignore[no-untyped-def]
        body = source.read()
        outputfile.write(body)
        path = unquote(urlsplit(self.path).path)
        served = self.server.served  # type: ignore[attr-defined]
        served.append((path, len(body), as_sent(path, body)))


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
        self.httpd.server_close()


def _totals(responses: list[tuple[str, int, int]]) -> dict[str, int]:
    search = [r for r in responses if _is_search_file(r[0])]
    return {
        "bytes": sum(r[1] for r in responses),
        "gzip_bytes": sum(r[2] for r in responses),
        "search_bytes": sum(r[1] for r in search),
        "search_gzip_bytes": sum(r[2] for r in search),
        "requests": len(responses),
    }


def first_query(browser: Any, server: Server, query: str) -> dict[str, Any]:
    """Bytes and time from opening the home page to the first result of `query`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    start = len(server.served)
    began = time.perf_counter()
    page.goto(server.url)
    page.wait_for_load_state("networkidle", timeout=RESULT_TIMEOUT_MS)
    page_view = server.served[start:]
    box = page.locator("input.md-search__input")
    box.click()
    typed = time.perf_counter()
    box.press_sequentially(query, delay=30)
    page.locator(".md-search-result__item").first.wait_for(timeout=RESULT_TIMEOUT_MS)
    shown = time.perf_counter()
    before_result = server.served[start:]
    page.wait_for_load_state("networkidle", timeout=RESULT_TIMEOUT_MS)
    page.wait_for_timeout(1000)
    settled = server.served[start:]
    context.close()
    search = [r for r in settled if _is_search_file(r[0])]
    return {
        "query": query,
        **_totals(before_result),  # flat: the figures before the first result
        "page_view": _totals(page_view),
        "before_first_result": _totals(before_result),
        "settled": _totals(settled),
        "search_files": sorted((p, n, z) for p, n, z in search),
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


# --- one site, many sites ---------------------------------------------------------------


def measure_site(browser: Any, site: Path, option: str, build_seconds: float | None) -> dict[str, Any]:
    """Every figure of one built site (see the module docstring)."""
    claims = site_claims(site)
    checks = probes(claims)
    engine = engine_of(site)
    server = Server(site)
    try:
        log(f"{site}: {engine}: first query")
        fq = first_query(browser, server, checks[0]["query"])
        log(f"{site}: {engine}: relevance")
        tops = top_results(browser, server, [p["query"] for p in checks])
    finally:
        server.close()
    relevance = [{**probe, **judge(probe, top, claims)} for probe, top in zip(checks, tops)]
    before = fq["before_first_result"]["gzip_bytes"]
    return {
        "site": str(site),
        "size": len(claims),
        "engine_option": option,
        "engine": engine,
        "bytes_before_first_result_gzip": before,
        "search_bytes_before_first_result_gzip": fq["before_first_result"]["search_gzip_bytes"],
        "seconds_to_first_result": fq["seconds_to_first_result_from_typing"],
        "relevance_top1": f"{sum(r['top_relevant'] for r in relevance)}/{len(relevance)}",
        "meets_limit": before <= LIMIT_BYTES,
        "build_seconds": build_seconds,
        "first_query": fq,
        "relevance": relevance,
        "index_on_disk": index_on_disk(site),
    }


def built_sites(args: argparse.Namespace) -> list[tuple[Path, str, float | None]]:
    """(site, engine option, build seconds or None if reused) for each size and option,
    building what is not there yet (or everything without --reuse)."""
    sites = []
    sizes = [None] if args.claims else args.sizes
    for size in sizes:
        name = f"claims-{size}" if args.claims is None else f"folder-{args.claims.resolve().name}"
        project = args.out / name / "project"
        if not (args.reuse and (project / "content" / "claims").is_dir()):
            log(f"writing {args.claims or size} claims to {project}")
            write_project(project, size or 0, args.seed, args.claims)
        for option in args.engines:
            site = project / f"site-{option}"
            seconds = None
            if not (args.reuse and (site / "index.html").is_file()):
                log(f"{name}: building with search_engine {option}")
                seconds = round(build(project, option), 1)
                log(f"{name}: built in {seconds} s")
            sites.append((site, option, seconds))
    return sites


def run(args: argparse.Namespace) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    if args.site:
        sites: list[tuple[Path, str, float | None]] = [(s, "as built", None) for s in args.site]
    else:
        sites = built_sites(args)
    report: dict[str, Any] = {
        "schema": 2, "tool": "tools/search_payload.py", "date": dt.date.today().isoformat(),
        "commit": _git("rev-parse", "HEAD"), "dirty": bool(_git("status", "--porcelain")),
        "seed": args.seed, "claims": str(args.claims or "bench/synth.py"),
        "limit_bytes": LIMIT_BYTES, "runs": [],
    }  # fmt: skip
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            for site, option, seconds in sites:
                report["runs"].append(measure_site(browser, site, option, seconds))
        finally:
            browser.close()
    return with_single_run(report)


def with_single_run(report: dict[str, Any]) -> dict[str, Any]:
    """With one site measured, its `size`, `engine` and `first_query` (flat figures before
    the first result: bytes, gzip_bytes, search_bytes, requests, seconds) also at the top,
    the shape bench/extras.py reads from `--site SITE --json OUT`."""
    if len(report["runs"]) != 1:
        return report
    run = report["runs"][0]
    return {**report, "size": run["size"], "engine": run["engine"], "first_query": run["first_query"]}


def _git(*args: str) -> str:
    result = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)
    return result.stdout.strip()


# --- the report -------------------------------------------------------------------------


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.2f} MB" if n >= 100_000 else f"{n / 1000:.1f} kB"


def _score(relevance: list[dict[str, Any]], kind: str) -> str:
    mine = [r for r in relevance if r["kind"] == kind]
    return f"{sum(r['top_relevant'] for r in mine)}/{len(mine)}"


def markdown(report: dict[str, Any]) -> str:
    lines = [
        f"Search payload (tools/search_payload.py, {report['date']}, commit "
        f"{report['commit'][:10]}{' (dirty tree)' if report['dirty'] else ''}): a fresh browser "
        "opens the home page, types a claimant's name into the search box and waits for "
        "the first result. Bytes as GitHub Pages sends them (gzip for text types).",
        "",
        "| claims | search_engine | engine | before first result (page + search) | search files "
        "| same, uncompressed | first result after typing | after navigation | top result: "
        "names | phrases | build, s | ≤ 1 MB |",
        "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | :-: | :-: | ---: | :-: |",
    ]
    for r in report["runs"]:
        fq, before = r["first_query"], r["first_query"]["before_first_result"]
        lines.append(
            f"| {r['size']:,} | {r['engine_option']} | {r['engine']} | {_mb(before['gzip_bytes'])} "
            f"| {_mb(before['search_gzip_bytes'])} | {_mb(before['bytes'])} "
            f"| {fq['seconds_to_first_result_from_typing']} s "
            f"| {fq['seconds_to_first_result_from_navigation']} s "
            f"| {_score(r['relevance'], 'claimant')} | {_score(r['relevance'], 'phrase')} "
            f"| {r['build_seconds'] if r['build_seconds'] is not None else '–'} "
            f"| {'yes' if r['meets_limit'] else '**no**'} |"
        )
    lines += ["", "On disk:", ""]
    for r in report["runs"]:
        disk = r["index_on_disk"]
        lines.append(
            f"- {r['size']:,} claims, {r['engine']}: search_index.json "
            f"{_mb(disk['material_search_index_json'])}, pagefind/ {_mb(disk['pagefind_dir'])} "
            f"({disk['pagefind_index_chunks']} index chunks, {disk['pagefind_fragments']} "
            f"fragments), sitemap.xml {_mb(disk['sitemap_xml'])} (fetched by Material on every "
            "page view)"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=_sizes, default=list(DEFAULT_SIZES),
                        help="comma-separated claim counts (default 100,1000,10000)")
    parser.add_argument("--size", type=int, help="one size: the same as --sizes N")
    parser.add_argument("--engines", type=_options, default=["auto"],
                        help="comma-separated search_engine values to build with "
                        "(default auto: the default configuration)")
    parser.add_argument("--site", type=Path, action="append",
                        help="measure this built site instead of building (repeatable)")
    parser.add_argument("--seed", type=int, default=20210905)
    parser.add_argument("--out", type=Path, default=REPO / "build" / "search-payload")
    parser.add_argument("--claims", type=Path,
                        help="measure these claim files (e.g. content/claims), not synthetic ones")
    parser.add_argument("--reuse", action="store_true",
                        help="keep a project and sites already built")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--report", type=Path, help="only print the table of a --json file")
    args = parser.parse_args()
    if args.size:
        args.sizes = [args.size]
    if args.report:
        print(markdown(json.loads(args.report.read_text("utf-8"))))
        return
    report = run(args)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), "utf-8")
    print(markdown(report))


def _sizes(text: str) -> list[int]:
    sizes = [int(s) for s in text.split(",") if s.strip()]
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes are positive whole numbers, e.g. 100,1000")
    return sizes


def _options(text: str) -> list[str]:
    options = [s.strip() for s in text.split(",") if s.strip()]
    if not options or set(options) - set(OPTIONS):
        raise argparse.ArgumentTypeError(f"engines are {', '.join(OPTIONS)}")
    return options


if __name__ == "__main__":
    main()
