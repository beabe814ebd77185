"""A quiet build: a good build prints a few lines; `mkdocs serve` shows a failed rebuild in the browser."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT, build_env, copy_project

pytestmark = pytest.mark.build


def test_a_good_build_of_the_real_site_prints_at_most_a_dozen_lines(tmp_path: Path) -> None:
    """What `make build` runs, on the real site: every line is one a contributor should read."""
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
                            capture_output=True, text=True, cwd=ROOT,
                            env=build_env())
    assert result.returncode == 0, result.stderr[-3000:]
    lines = (result.stdout + result.stderr).splitlines()
    assert len(lines) <= 12, "\n".join(lines)
    assert not any("WARNING" in line or "[macros]" in line or "unrecognized" in line for line in lines), lines


class Serve:
    """`mkdocs serve` of a project copy, its terminal output collected as it comes."""

    def __init__(self, project: Path, env: dict[str, str] | None = None):
        """``env``: more environment variables for the server (tests/test_serve_stops.py's slowed Pagefind)."""
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"),
             "--dev-addr", f"127.0.0.1:{self.port}", "--livereload"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=project,
            env=build_env({"PYTHONUNBUFFERED": "1", **(env or {})}))
        self.lines: list[str] = []
        threading.Thread(target=lambda: self.lines.extend(iter(self.process.stdout.readline, "")), daemon=True).start()

    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, text: str, after: int = 0, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while text not in "".join(self.lines[after:]):
            assert self.process.poll() is None, self.output()
            assert time.monotonic() < deadline, f"no {text!r} in:\n{self.output()}"
            time.sleep(0.1)

    def get(self, path: str) -> tuple[int, str]:
        url = f"http://127.0.0.1:{self.port}/hoja-de-ruta/{path}"
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def test_serve_shows_a_failed_rebuild_in_the_browser_and_ignores_a_half_saved_file(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    data = project / "data" / "objectives.yml"
    good = data.read_text(encoding="utf-8")
    server = Serve(project)
    try:
        server.wait_for("Serving on")
        status, page = server.get("desafios/")
        assert status == 200 and "md-content" in page

        # a file caught half-saved (cut inside a multi-byte character): one line saying so, no
        # traceback; the whole file saved a moment later brings the page back
        mark = len(server.lines)
        raw = good.encode("utf-8")
        cut = raw.index("í".encode("utf-8"), len(raw) // 2) + 1
        data.write_bytes(raw[:cut])
        server.wait_for("The build failed", after=mark)
        assert "cannot be read" in server.output()
        mark = len(server.lines)
        data.write_bytes(raw)
        server.wait_for("Reloading browsers", after=mark)
        # the same in two quick steps: whichever the build sees, no traceback and a good page at the end
        mark = len(server.lines)
        data.write_bytes(raw[:cut])
        server.wait_for("Detected file changes", after=mark)
        data.write_bytes(raw)
        server.wait_for("Reloading browsers", after=mark)
        deadline = time.monotonic() + 60  # a second build follows if the first saw the half file
        while server.get("desafios/")[0] != 200:
            assert time.monotonic() < deadline, server.output()
            time.sleep(0.5)
        assert "Traceback" not in server.output(), server.output()

        # a real mistake: an unclosed quote. The terminal and the browser both say where.
        mark = len(server.lines)
        data.write_text(good.replace('last_reviewed: "', 'last_reviewed: "x', 1).replace(
            "  - id: pa-2024-06-27\n", '  - id: "pa-2024-06-27\n', 1), encoding="utf-8")
        server.wait_for("The build failed", after=mark)
        status, page = server.get("desafios/")
        assert status == 500 and "objectives.yml" in page and "The build failed" in page, server.output()
        assert "/livereload/" in page  # it reloads by itself once fixed
        assert "Traceback" not in server.output(), server.output()

        mark = len(server.lines)
        data.write_text(good, encoding="utf-8")
        server.wait_for("Reloading browsers", after=mark)
        status, page = server.get("desafios/")
        assert status == 200 and "The build failed" not in page
    finally:
        server.stop()


def test_serve_looks_for_changes_every_tenth_of_a_second(tmp_path: Path) -> None:
    """MkDocs' own polling interval is 0.5 s: a save would wait up to that before the rebuild."""
    from mkdocs.livereload import LiveReloadServer

    from macros import quiet_build

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(str(tmp_path))  # scheduled before on_serve, as MkDocs watches docs_dir
    assert server.observer.timeout == 0.5 and all(e.timeout == 0.5 for e in server.observer.emitters)
    quiet_build.on_serve(server, config=None, builder=lambda: None)  # type: ignore[arg-type]
    later = tmp_path / "later"
    later.mkdir()
    server.watch(str(later))  # scheduled after on_serve, as mkdocs.yml's watch: folders are
    timeouts = {emitter.timeout for emitter in server.observer.emitters}
    assert server.observer.timeout == quiet_build.POLL_SECONDS == 0.1 and timeouts == {0.1}
    assert len(server.observer.emitters) == 2
