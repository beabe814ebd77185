"""An interrupted build (macros/safety.py, macros/parallel.py, issue #18): the swap of the new site
for the old is one atomic exchange, so site/ is always whole; a build stopped by a signal removes
its temporary folder and stops the process building the other languages; a build killed outright
leaves a folder the next build removes, and its child process stops with it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import yaml

from macros import safety
from roadmap import synthetic

from .conftest import ROOT, build_env, copy_project

pytestmark = pytest.mark.build


def folder(path: Path, content: str) -> Path:
    path.mkdir(parents=True)
    (path / "index.html").write_text(content, encoding="utf-8")
    (path / "sub").mkdir()
    (path / "sub" / "page.html").write_text(content, encoding="utf-8")
    return path


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    old, new = folder(tmp_path / "site", "old"), folder(tmp_path / ".site-building-1-x", "new")
    assert safety.exchange(new, old)  # this system has renameat2: no fallback in the tests below
    assert (old / "index.html").read_text() == "new" and (new / "index.html").read_text() == "old"


def test_the_swap_replaces_the_site_and_removes_the_old_one(tmp_path: Path) -> None:
    folder(tmp_path / "site", "old")
    safety.swap(folder(tmp_path / ".site-building-1-x", "new"), tmp_path / "site")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert (tmp_path / "site" / "sub" / "page.html").read_text() == "new"


SWAP_THEN_DIE = """
import os, sys, tempfile
from pathlib import Path
from macros import safety
site = Path(sys.argv[1])
new = Path(tempfile.mkdtemp(prefix=f".site-building-{os.getpid()}-", dir=site.parent))
(new / "index.html").write_text("new")
safety.shutil.rmtree = lambda *args, **kwargs: os.kill(os.getpid(), 9)  # killed right after the exchange
safety.swap(new, site)
"""


def test_a_process_killed_during_the_swap_leaves_a_whole_site_and_the_next_build_cleans_up(tmp_path: Path) -> None:
    folder(tmp_path / "site", "old")
    result = subprocess.run([sys.executable, "-c", SWAP_THEN_DIE, str(tmp_path / "site")], cwd=ROOT, timeout=60)
    assert result.returncode == -signal.SIGKILL
    assert (tmp_path / "site" / "index.html").read_text() == "new"  # whole: the new site, never none
    [leftover] = [p for p in tmp_path.iterdir() if p.name != "site"]
    assert (leftover / "index.html").read_text() == "old"
    safety._remove_leftovers(tmp_path / "site")  # what the next build does first
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_live_builds_folder_is_not_removed(tmp_path: Path) -> None:
    folder(tmp_path / "site", "old")
    mine = folder(tmp_path / f".site-building-{os.getpid()}-abc", "mine")
    safety._remove_leftovers(tmp_path / "site")
    assert mine.is_dir()


@pytest.fixture(scope="module")
def big_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project with 300 objectives: a build long enough to stop half-way."""
    project = copy_project(tmp_path_factory.mktemp("big") / "project")
    base = yaml.safe_load((ROOT / "data" / "objectives.yml").read_text(encoding="utf-8"))
    (project / "data" / "objectives.yml").write_text(synthetic.synthetic_yaml(300, base=base), encoding="utf-8")
    return project


def start_build(project: Path, site: Path) -> tuple[subprocess.Popen[str], psutil.Process]:
    """A build with the other languages in a child process; returns once the child is building."""
    build = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=build_env({"ROADMAP_PARALLEL_LANGUAGES": "1"}))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        children = psutil.Process(build.pid).children()
        if children:
            return build, children[0]
        assert build.poll() is None, build.communicate()[1][-3000:]
        time.sleep(0.02)
    raise AssertionError("the build never started its child process")


def previous_site(site: Path) -> None:
    site.mkdir(parents=True, exist_ok=True)
    (site / "index.html").write_text("previous", encoding="utf-8")


def assert_site_as_it_was(site: Path) -> None:
    assert [p.name for p in site.iterdir()] == ["index.html"] and (site / "index.html").read_text() == "previous"


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=["SIGTERM", "SIGINT", "SIGHUP"])
def test_a_stopped_build_removes_its_folder_and_stops_its_child(big_project: Path, tmp_path: Path, number: int) -> None:
    site = tmp_path / "out" / "site"
    previous_site(site)
    build, child = start_build(big_project, site)
    build.send_signal(number)
    _, stderr = build.communicate(timeout=60)
    assert build.returncode != 0
    child.wait(timeout=10)  # raises if the child still runs
    assert [p.name for p in site.parent.iterdir()] == ["site"], stderr[-2000:]
    assert_site_as_it_was(site)
    assert "Traceback" not in stderr, stderr[-3000:]


def test_a_killed_builds_child_stops_and_the_next_build_removes_what_it_left(big_project: Path, tmp_path: Path) -> None:
    site = tmp_path / "out" / "site"
    previous_site(site)
    build, child = start_build(big_project, site)
    build.kill()
    build.communicate(timeout=60)
    child.wait(timeout=10)  # the child stops with its parent (PR_SET_PDEATHSIG)
    assert_site_as_it_was(site)
    assert any(p.name.startswith(f".site-building-{build.pid}-") for p in site.parent.iterdir())
    safety._remove_leftovers(site)
    assert [p.name for p in site.parent.iterdir()] == ["site"]
