"""Weight of a built site by page kind: files, raw bytes (not gzip) and bytes per claim.

    .venv/bin/python bench/weight.py SITE_DIR [--json]

Issue #14 asks for at most 30 kB of site per claim; this says where the bytes are.
The number of claims is the number of claim pages. Every file falls in exactly one
kind, by the first rule below that matches its path (relative, "/"-separated):

| kind | rule |
| --- | --- |
| claim | `claims/<slug>/index.html` |
| embed | `claims/<slug>/embed/**` |
| cards | `cards/**` (share-card images) |
| search | `search/**`, `pagefind/**` (search index and engine) |
| assets | `assets/**` (theme and factcheck CSS, JS, fonts, images) |
| feed-entity | a `feed.xml` below the root (one Atom feed per person, outlet, ...) |
| feed | `feed.xml`, `feed.json` at the root |
| data | `*.json`, `*.csv` outside the above (claims.json, claimreview.json, explorer.json) |
| sitemap | `sitemap.xml`, `sitemap.xml.gz` |
| listing-person, -outlet, -place, -org, -tag, -verdict, -day, -claims | HTML under `people/`, `outlets/`, `places/`, `organisations/`, `tags/`, `verdicts/`, `timeline/`, `claims/` (index and its pages) |
| other | anything else (home, statistics, relations, about pages, 404) |
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

LISTINGS = {
    "people": "listing-person",
    "outlets": "listing-outlet",
    "places": "listing-place",
    "organisations": "listing-org",
    "tags": "listing-tag",
    "verdicts": "listing-verdict",
    "timeline": "listing-day",
    "claims": "listing-claims",
}
WHOLE_FOLDERS = {"cards": "cards", "search": "search", "pagefind": "search", "assets": "assets"}


def _claim_kind(parts: tuple[str, ...]) -> str | None:
    """claim or embed for a file under one claim's folder; None for the claims listing."""
    if len(parts) < 3 or parts[1] == "page":
        return None
    if parts[2:] == ("index.html",):
        return "claim"
    if parts[2] == "embed":
        return "embed"
    return None


def classify(relative: str) -> str:
    """The kind of one file, by its path relative to the site's root (rules above)."""
    parts = tuple(relative.split("/"))
    name = parts[-1]
    if parts[0] == "claims" and (kind := _claim_kind(parts)):
        return kind
    if len(parts) > 1 and parts[0] in WHOLE_FOLDERS:
        return WHOLE_FOLDERS[parts[0]]
    if name == "feed.xml":
        return "feed-entity" if len(parts) > 1 else "feed"
    if relative == "feed.json":
        return "feed"
    if name.endswith((".json", ".csv")):
        return "data"
    if name.startswith("sitemap.xml"):
        return "sitemap"
    if len(parts) > 1 and parts[0] in LISTINGS and name.endswith(".html"):
        return LISTINGS[parts[0]]
    return "other"


def tally(files: Iterable[tuple[str, int]]) -> dict[str, object]:
    """The report for (relative path, size) pairs, in the JSON shape bench/run.py reads."""
    kinds: dict[str, dict[str, int]] = {}
    for relative, size in files:
        entry = kinds.setdefault(classify(relative), {"files": 0, "bytes": 0})
        entry["files"] += 1
        entry["bytes"] += size
    total = sum(entry["bytes"] for entry in kinds.values())
    claims = kinds.get("claim", {"files": 0})["files"]
    return {
        "claims": claims,
        "total_bytes": total,
        "bytes_per_claim": total / claims if claims else 0.0,
        "kinds": dict(sorted(kinds.items(), key=lambda item: -item[1]["bytes"])),
    }


def walk(site: Path) -> Iterable[tuple[str, int]]:
    """Every file of a built site, as (path relative to it, size in bytes)."""
    for path in sorted(site.rglob("*")):
        if path.is_file():
            yield path.relative_to(site).as_posix(), path.stat().st_size


def table(report: dict[str, object]) -> str:
    """The report as a plain-text table, kinds by bytes, largest first."""
    claims = int(report["claims"]) or 1  # type: ignore[call-overload]
    lines = [f"{'kind':<16}{'files':>8}{'bytes':>14}{'bytes/claim':>14}"]
    for kind, entry in report["kinds"].items():  # type: ignore[attr-defined]
        lines.append(f"{kind:<16}{entry['files']:>8}{entry['bytes']:>14,}{entry['bytes'] / claims:>14,.0f}")
    lines.append(
        f"{'total':<16}{sum(e['files'] for e in report['kinds'].values()):>8}"  # type: ignore[attr-defined]
        f"{report['total_bytes']:>14,}{report['bytes_per_claim']:>14,.0f}"
    )
    lines.append(f"claims: {report['claims']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("site", type=Path, help="a built site's folder")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        parser.error(f"{args.site} is not a folder")
    report = tally(walk(args.site))
    print(json.dumps(report) if args.json else table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
