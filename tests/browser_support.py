"""Shared pieces of the browser tests: Debian's Chromium and its flags, the one static
server for built sites, and the one axe-core runner. The fixtures that use them are in
conftest.py; test modules import helpers from here, never fixtures from each other."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]  # fmt: skip
OUTPUT = ROOT / "test-output"
AXE = ROOT / "node_modules/axe-core/axe.min.js"
# Generous bound for anything a test waits for in the browser: a busy 2-core machine
# is slow, never this slow. A bound on hangs, not a performance assertion.
WAIT_MS = 60_000


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def static_server(
    directory: Path, handler: type[QuietHandler] = QuietHandler
) -> Iterator[http.server.ThreadingHTTPServer]:
    """A built site served on 127.0.0.1 (a free port) until the block ends. Pass a
    QuietHandler subclass to observe requests (e.g. to count bytes served)."""
    bound = functools.partial(handler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), bound)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def url_of(server: http.server.ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/"


@contextlib.contextmanager
def serving(directory: Path) -> Iterator[str]:
    """The site's base URL while `static_server` serves it."""
    with static_server(directory) as server:
        yield url_of(server)


_AXE_RUN = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(' '))])"""


def axe_violations(page: Page) -> list[tuple[str, str, list[str]]]:
    """Serious and critical axe-core violations of the page as it is now."""
    assert AXE.is_file(), "axe-core is missing: run `make node_modules`"
    page.add_script_tag(path=str(AXE))
    return [tuple(v) for v in page.evaluate(_AXE_RUN)]


def axe_violations_at(browser: Browser, url: str, scheme: str = "light") -> list[tuple[str, str, list[str]]]:
    """Open `url` in a fresh context with that colour scheme and run axe on it."""
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(url)
        return axe_violations(page)
    finally:
        context.close()


RESULT_LIST = "ol.md-search-result__list"


def type_search(page: Page, text: str) -> None:
    """Type into Material's search box key by key: it reacts to typed keys, and
    `fill()` can leave it on "Type to start searching"."""
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(text, delay=20)
    # On a Pagefind site the result list is aria-busy until the whole text's results are
    # shown (pagefind-search.js): results for the first letters are not the answer.
    page.locator(f"{RESULT_LIST}:not([aria-busy])").wait_for(state="attached", timeout=15_000)
