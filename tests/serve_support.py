"""A real `mkdocs serve --livereload --dirty` (as `make serve` runs it) on a free
127.0.0.1 port, for the browser tests of the preview. Waits are generous: a rebuild
takes a few seconds on a busy 2-core machine."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

from conftest import read_mkdocs_yml
from playwright.sync_api import Error as PlaywrightError

WAIT_SECONDS = 120


def _tool(name: str) -> ModuleType:
    """A script of tools/, which is not a package."""
    spec = importlib.util.spec_from_file_location(name, Path(__file__).parents[1] / "tools" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SERVE_LATENCY = _tool("serve_latency")  # the bench's own way to stop the server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def status(url: str) -> int:
    """The HTTP status of `url`; a hang shows up as the timeout's error."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def wait_for(check: Callable[[], bool], what: str, seconds: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        # A live reload may abort a navigation under way (net::ERR_ABORTED): try again.
        with contextlib.suppress(OSError, AssertionError, PlaywrightError):
            if check():
                return
        time.sleep(0.5)
    raise AssertionError(f"not within {seconds} s: {what}")


@contextlib.contextmanager
def mkdocs_serve(project: Path) -> Iterator[str]:
    """The served site's base URL; the server is always stopped afterwards."""
    port = free_port()
    mount = read_mkdocs_yml(project / "mkdocs.yml").get("site_url", "/")
    path = "/" + mount.split("://", 1)[-1].split("/", 1)[-1] if "://" in mount else "/"
    base = f"http://127.0.0.1:{port}{path if path.endswith('/') else path + '/'}"
    command = [*SERVE_LATENCY.MKDOCS, "serve", "--livereload", "--dirty",
               "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")]  # fmt: skip
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log = open(project.parent / "serve.log", "w")  # noqa: SIM115  (closed below)
    server = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: status(base) == 200, f"mkdocs serve answering at {base}")
        yield base
    finally:
        SERVE_LATENCY.stop(server)  # as Ctrl-C: MkDocs removes its temporary site folder
        log.close()
