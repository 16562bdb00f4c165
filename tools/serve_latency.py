"""How long `mkdocs serve --dirty` takes to show an edited claim.

Starts the server on a claim set, waits for the first build, then edits one claim's
analysis (or, with `--edit title`, its title, which every listing of it shows; with
`--edit both`, each in turn) and polls that claim's page over HTTP until the new text
is served.
Usage: python tools/serve_latency.py PROJECT_DIR [--edits 3] [--edit analysis|title|both]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def wait_for(url: str, text: str, timeout: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if text in fetch(url):
            return time.perf_counter() - start
        time.sleep(0.1)
    raise TimeoutError(f"{text!r} not served at {url} within {timeout}s")


def mount_path(project: Path) -> str:
    """`mkdocs serve` serves the site under the path of `site_url`."""
    from mkdocs.config import load_config

    site_url = load_config(str(project / "mkdocs.yml")).site_url or "/"
    return urllib.parse.urlsplit(site_url).path or "/"


def edited_text(original: str, title: str, analysis: str) -> str:
    """The claim file with `title` put before its title and `analysis` after its
    analysis: each edit changes one of the two and keeps the other as it was."""
    text = original.replace("\ntitle: ", f"\ntitle: {title} ", 1) if title else original
    return text + f"\n{analysis}\n" if analysis else text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("project", type=Path)
    parser.add_argument("--edits", type=int, default=3, help="edits of each kind")
    parser.add_argument("--edit", choices=("analysis", "title", "both"), default="analysis",
                        help="what each edit changes; `both` alternates analysis and title")  # fmt: skip
    args = parser.parse_args()
    kinds = ("analysis", "title") if args.edit == "both" else (args.edit,)
    claims = sorted((args.project / "content/claims").glob("*.md"))
    port = free_port()
    command = [*MKDOCS, "serve", "--dirty",
               "-a", f"127.0.0.1:{port}", "-f", str(args.project / "mkdocs.yml")]  # fmt: skip
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        claim = claims[len(claims) // 2]
        url = f"http://127.0.0.1:{port}{mount_path(args.project)}claims/{claim.stem}/"
        first = wait_for(url, "</html>", 1800)
        print(f"{len(claims):,} claims: first build served after {first:.1f}s", flush=True)
        original = claim.read_text("utf-8")
        markers = {"title": "", "analysis": ""}
        for n in range(1, args.edits + 1):
            for kind in kinds:
                markers[kind] = f"Edit marker {kind} {n} {time.time_ns()}"
                claim.write_text(edited_text(original, markers["title"], markers["analysis"]), "utf-8")
                seconds = wait_for(url, markers[kind], 600)
                print(f"edit {n} ({kind}): new text served after {seconds:.2f}s", flush=True)
                time.sleep(1)
        claim.write_text(original, "utf-8")
    finally:
        stop(server)


# `python -m mkdocs`, with Ctrl-C's signal handled as Python's default. A shell without
# job control (a CI runner, `cmd &` in a script) starts background commands with SIGINT
# ignored; Python then never raises KeyboardInterrupt, and `stop` waited 60 s, killed
# the server and left its folder behind. (Popen's preexec_fn is unsafe with threads.)
MKDOCS = [sys.executable, "-c", (
    "import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "sys.argv[0] = 'mkdocs'; runpy.run_module('mkdocs', run_name='__main__', alter_sys=True)"
)]  # fmt: skip


def stop(server: subprocess.Popen[bytes]) -> None:
    """Stop `mkdocs serve` as Ctrl-C does, so that MkDocs removes the temporary folder
    it builds into (~0.8 GB at 10,000 claims). SIGTERM left it behind in /tmp after
    every run, until the disk filled up."""
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
