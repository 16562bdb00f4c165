"""Serve a built site on 127.0.0.1 with gzip, as static hosts (GitHub Pages) do.

Python's http.server sends everything uncompressed, which makes Lighthouse measure a
host nobody deploys to. Usage: python tools/serve_site.py site 8765
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import sys

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".csv", ".txt")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
            path = os.path.join(path, "index.html")
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not wants_gzip or not path.endswith(COMPRESSIBLE):
            return super().send_head()
        try:
            with open(path, "rb") as handle:
                body = gzip.compress(handle.read(), 6)
        except OSError:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


def main() -> None:
    directory, port = sys.argv[1], int(sys.argv[2])
    handler = functools.partial(GzipHandler, directory=directory)
    http.server.ThreadingHTTPServer(("127.0.0.1", port), handler).serve_forever()


if __name__ == "__main__":
    main()
