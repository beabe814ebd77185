"""Serve a built site on 127.0.0.1 the way GitHub Pages does: under the site_url's path, with a
real 404 status answered by the root 404.html, a redirect from a folder to its slash, and text
files gzipped for a browser that accepts it (so page weights and Lighthouse see what readers get)."""

from __future__ import annotations

import gzip
import threading
from functools import lru_cache, partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit


# besides text/*, the types GitHub Pages gzips (Pagefind's own files come compressed already)
COMPRESSED = ("application/javascript", "application/json", "application/xml", "image/svg+xml",
              "application/atom+xml")


@lru_cache(maxsize=512)
def _gzipped(body: bytes) -> bytes:
    """The browser tests ask for the same few files thousands of times (the theme's bundle, each
    page kind): compressed once, keyed by the bytes themselves, so a page rewritten by a test is
    compressed anew (issue #21: gzip was 4 s of the workers' CPU in a run of the suite)."""
    return gzip.compress(body, 6)


class _Handler(SimpleHTTPRequestHandler):
    mount = "/"
    not_found_status = HTTPStatus.NOT_FOUND
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript",
                      ".mjs": "text/javascript", ".json": "application/json", ".xml": "application/xml",
                      ".wasm": "application/wasm", ".svg": "image/svg+xml"}

    def send_head(self):  # type: ignore[no-untyped-def]
        path = urlsplit(self.path).path
        if path + "/" == self.mount:
            return self._redirect(self.mount)
        if not path.startswith(self.mount):  # another site of the host (/robots.txt): always a 404
            return self._send(HTTPStatus.NOT_FOUND, Path(self.directory) / "404.html")
        # only the site's own files: `//etc/passwd` or `../` would otherwise leave it (make preview
        # serves an artifact whose pages may run script, and a fetch of them is same-origin)
        root = Path(self.directory).resolve()
        local = (root / path[len(self.mount):].lstrip("/")).resolve()
        if not local.is_relative_to(root):
            return self._not_found()
        if local.is_dir() and not path.endswith("/"):
            return self._redirect(path + "/")
        if local.is_dir():
            local = local / "index.html"
        if not local.is_file():
            return self._not_found()
        return self._send(HTTPStatus.OK, local)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _not_found(self):  # type: ignore[no-untyped-def]
        return self._send(self.not_found_status, Path(self.directory) / "404.html")

    def _send(self, status: HTTPStatus, local: Path) -> BytesIO:
        body = local.read_bytes()
        kind = self.guess_type(str(local))
        text = kind.startswith("text/") or kind in COMPRESSED
        self.send_response(status)
        self.send_header("Content-Type", kind + "; charset=utf-8" if kind.startswith("text/") else kind)
        self.send_header("Cache-Control", "max-age=600")  # GitHub Pages' ten minutes
        if text and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = _gzipped(body)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:  # quiet: Playwright records requests
        pass


class SiteServer:
    """``with SiteServer(site, "/hoja-de-ruta/") as server: server.url("en/")``

    ``not_found_status=HTTPStatus.OK`` answers a missing URL of the site with the same 404 page and
    a 200 status, as GitHub Pages answers ``/404.html`` itself: Lighthouse audits no error response.
    ``port`` 0 (the tests) takes any free port; ``make preview`` asks for one (scripts/preview.py)."""

    def __init__(self, site: Path, mount: str = "/", not_found_status: HTTPStatus = HTTPStatus.NOT_FOUND,
                 port: int = 0) -> None:
        handler = type("Handler", (_Handler,), {"mount": mount, "not_found_status": not_found_status})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(site)))
        self._httpd.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self.mount = mount
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def url(self, path: str = "") -> str:
        return self.origin + self.mount + path.lstrip("/")

    def __enter__(self) -> "SiteServer":
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
