"""`make serve` never dies on a page or data error (issue #18): a macro error in a page, which makes
mkdocs-macros call exit(), is shown in the browser and in the terminal, and the next good save
brings the page back; a server started on a broken page starts, shows why, and recovers too. A real
`mkdocs serve` on a free port; the page is polled as a browser's live reload would."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from .conftest import copy_project
from .test_quiet import Serve

pytestmark = pytest.mark.build

PAGE = Path("docs") / "es" / "desafios.md"


def poll(server: Serve, path: str, wanted: int, text: str, timeout: float = 120) -> str:
    """The page once it answers ``wanted`` with ``text`` in it (the server must stay up meanwhile)."""
    deadline = time.monotonic() + timeout
    while True:
        assert server.process.poll() is None, f"mkdocs serve ended:\n{server.output()}"
        status, page = server.get(path)
        if status == wanted and text in page:
            return page
        said = "".join(line for line in server.lines if '"GET ' not in line)
        shown = " ".join(re.sub(r"<[^>]+>", " ", page).split())[:1500]
        assert time.monotonic() < deadline, f"{path}: {status}, no {text!r}: {shown}\n{said[-2500:]}"
        time.sleep(0.3)


def crashes(output: str) -> bool:
    """A traceback in the terminal other than the one mkdocs-macros quotes in its error message."""
    return "Traceback" in re.sub(r"\[macros\] - ERROR.*?```.*?```", "", output, flags=re.S)


def test_a_macro_error_is_shown_and_the_next_good_save_recovers(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / PAGE
    good = page.read_text(encoding="utf-8")
    server = Serve(project)
    try:
        server.wait_for("Serving on")
        poll(server, "desafios/", 200, "md-content")
        for broken in ("{{ nope }}", "{% if %}", "{{ roadmap.nope.nada }}"):
            page.write_text(good + f"\n\nUn párrafo con un error: {broken}\n", encoding="utf-8")
            shown = poll(server, "desafios/", 500, "The build failed")
            assert "desafios.md" in shown or "nope" in shown or "if" in shown, shown
            assert "/livereload/" in shown  # the browser reloads by itself once fixed
            page.write_text(good + "\n\nUn párrafo corregido.\n", encoding="utf-8")
            fixed = poll(server, "desafios/", 200, "Un párrafo corregido.")
            assert "The build failed" not in fixed
            page.write_text(good, encoding="utf-8")
            poll(server, "desafios/", 200, "md-content")
        assert not crashes(server.output()), server.output()
    finally:
        server.stop()


def test_a_server_started_on_a_broken_page_starts_shows_why_and_recovers(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / PAGE
    good = page.read_text(encoding="utf-8")
    page.write_text(good + "\n\n{{ nope }}\n", encoding="utf-8")
    server = Serve(project)
    try:
        server.wait_for("Serving on")
        shown = poll(server, "desafios/", 500, "The build failed")
        assert "/livereload/" in shown
        page.write_text(good + "\n\nYa está bien.\n", encoding="utf-8")
        poll(server, "desafios/", 200, "Ya está bien.")
        assert not crashes(server.output()), server.output()
    finally:
        server.stop()


def test_a_data_error_at_start_is_shown_and_recovers(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    data = project / "data" / "objectives.yml"
    good = data.read_text(encoding="utf-8")
    data.write_text(good.replace("objectives:\n", "objectives:\n  - id: Not An Id\n", 1), encoding="utf-8")
    server = Serve(project)
    try:
        server.wait_for("Serving on")
        shown = poll(server, "", 500, "objectives.yml")
        assert "The build failed" in shown
        data.write_text(good, encoding="utf-8")
        poll(server, "", 200, "md-content")
    finally:
        server.stop()
