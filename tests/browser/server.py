"""Serve a built site on 127.0.0.1 the way GitHub Pages does: under the site_url's path, with a
real 404 status answered by the root 404.html, and a redirect from a folder to its slash."""

from __future__ import annotations

import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit


class _Handler(SimpleHTTPRequestHandler):
    mount = "/"
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript",
                      ".mjs": "text/javascript", ".json": "application/json", ".xml": "application/xml",
                      ".wasm": "application/wasm", ".svg": "image/svg+xml"}

    def send_head(self):  # type: ignore[no-untyped-def]
        path = urlsplit(self.path).path
        if path + "/" == self.mount:
            return self._redirect(self.mount)
        if not path.startswith(self.mount):
            return self._not_found()
        local = Path(self.directory) / path[len(self.mount):]
        if local.is_dir() and not path.endswith("/"):
            return self._redirect(path + "/")
        if local.is_dir():
            local = local / "index.html"
        if not local.is_file():
            return self._not_found()
        self.path = "/" + local.relative_to(self.directory).as_posix()
        return super().send_head()

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _not_found(self):  # type: ignore[no-untyped-def]
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        from io import BytesIO

        return BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:  # quiet: Playwright records requests
        pass


class SiteServer:
    """``with SiteServer(site, "/hoja-de-ruta/") as server: server.url("en/")``"""

    def __init__(self, site: Path, mount: str = "/") -> None:
        handler = type("Handler", (_Handler,), {"mount": mount})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site)))
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
