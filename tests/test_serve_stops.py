"""`make serve` stopped while the search index of its last build is still being written in the
background (macros/serve.py: a Python process of its own, with its Pagefind, in a session of its
own that Ctrl-C in the terminal does not reach): nothing of it goes on once the server has ended,
nothing is written after that (MkDocs removes its site folder on Ctrl-C: the index recreated it),
and no copy of the pages' search documents is left in the temporary folder."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from roadmap import search

from .conftest import copy_project
from .test_quiet import Serve

pytestmark = pytest.mark.build

SLOW = 6  # seconds each Pagefind process waits before it starts: the index is still being written


class SlowIndexServe(Serve):
    """`mkdocs serve` whose temporary files go to ``tmp`` and whose Pagefind starts ``SLOW`` seconds late."""

    def __init__(self, project: Path, tmp: Path) -> None:  # noqa: D107 - as Serve's, with its environment
        slow = tmp.parent / "slow-pagefind"
        slow.write_text(SLOW_PAGEFIND.format(python=sys.executable, slow=SLOW, pagefind=str(search.pagefind_binary())),
                        encoding="utf-8")
        slow.chmod(0o755)
        super().__init__(project, env={"TMPDIR": str(tmp), "PAGEFIND_BINARY_PATH": str(slow)})


# Waits while its input is open, then runs Pagefind: as Pagefind itself, it ends when its indexer,
# the only writer of its input, is gone (a shell's `sleep` outlived a killed indexer, and the test
# waited SLOW + 4 s per case for it; issue #21). Its parent's pid would not do: an indexer killed
# while this started leaves it reparented before it could note the first parent.
SLOW_PAGEFIND = """#!{python}
import os, select, sys, time
watch, end = select.poll(), time.monotonic() + {slow}
watch.register(0, 0)  # no event asked for: poll still says when the pipe has no writer left (POLLHUP)
while time.monotonic() < end:
    if watch.poll(50):
        sys.exit(1)
os.execv({pagefind!r}, [{pagefind!r}, *sys.argv[1:]])
"""


def _processes_under(folder: Path) -> list[str]:
    """Command lines of the running processes that name ``folder`` (the slow Pagefind's, its indexer's)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if entry.name.isdigit() and str(folder) in command:
            found.append(command)
    return found


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_stopping_serve_while_the_index_is_written_stops_the_index(tmp_path: Path, stop: signal.Signals) -> None:
    project = copy_project(tmp_path / "project")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    data = project / "data" / "objectives.yml"
    text = data.read_text(encoding="utf-8")
    server = SlowIndexServe(project, tmp)
    try:
        server.wait_for("Serving on")
        mark = len(server.lines)
        data.write_text(text.replace("\nobjectives:\n", "\n\nobjectives:\n", 1), encoding="utf-8")
        server.wait_for("Reloading browsers", after=mark)
        deadline = time.monotonic() + SLOW - 1  # its indexer starts a moment after the reload
        while not _processes_under(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _processes_under(tmp_path), "the index is being written"
    finally:
        server.process.send_signal(stop)
        try:
            server.process.wait(timeout=60)
        except subprocess.TimeoutExpired:  # a server that ignores the signal is not left running
            server.process.kill()
            raise
    before = sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*"))
    # the indexer is killed with the server; its slowed Pagefind follows within a poll
    deadline = time.monotonic() + 5
    while _processes_under(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _processes_under(tmp_path)
    assert sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*")) == before
    assert not [p.name for p in tmp.iterdir() if p.name.startswith("roadmap-search-")]
    if stop == signal.SIGINT:  # Ctrl-C: MkDocs removes its site folder, and nothing comes back
        assert before == [], before
