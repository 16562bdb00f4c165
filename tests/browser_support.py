"""Shared pieces of the browser tests: Debian's Chromium, its flags, and a quiet
static server for built sites. The fixtures that use them are in conftest.py."""

from __future__ import annotations

import http.server
import os
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]  # fmt: skip
OUTPUT = Path(__file__).resolve().parent.parent / "test-output"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass
