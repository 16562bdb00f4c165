"""Lighthouse scores for the built site's home page, /claims/ and one claim page.

Serves site/ with gzip on 127.0.0.1 (tools/serve_site.py) and runs Lighthouse from
npm against Debian's Chromium. Usage: make lighthouse   (after make site)
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from serve_site import GzipHandler  # noqa: E402

LIGHTHOUSE = "lighthouse@12.8.2"
# Full reports, for the record (git-ignored, like the screenshots beside them).
REPORTS = Path("test-output")
FLAGS = ("--headless --no-sandbox --disable-gpu --disable-background-networking "
         "--disable-component-update --no-first-run")  # fmt: skip


def first_claim(site: Path) -> str:
    claims = sorted(p.parent.name for p in (site / "claims").glob("*/index.html") if p.parent.name != "page")
    return f"claims/{claims[0]}/"


def score(url: str, report: Path) -> dict[str, int]:
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")}
    subprocess.run(
        ["npx", "--yes", LIGHTHOUSE, url, "--quiet", f"--chrome-flags={FLAGS}",
         "--output=json", f"--output-path={report}"],
        check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    categories = json.loads(report.read_text())["categories"]
    return {c["id"]: round(c["score"] * 100) for c in categories.values()}


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    REPORTS.mkdir(parents=True, exist_ok=True)
    for path in ("", "claims/", first_claim(site)):
        report = REPORTS / f"lighthouse-{path.strip('/').replace('/', '_') or 'home'}.json"
        scores = score(base + path, report)
        print(f"/{path}: " + " ".join(f"{k}={v}" for k, v in scores.items()) + f"  ({report})")
    server.shutdown()


if __name__ == "__main__":
    main()
