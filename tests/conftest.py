from __future__ import annotations

import fcntl
import os
import pwd
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from roadmap import caches

from . import build_server

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "macros", "overrides", "roadmap")


# A run started in the background by a shell without job control (`make test &`, nohup) inherits
# SIGINT ignored, and every process the tests start would too: the tests of what Ctrl-C does to a
# build or to `make serve` (test_interrupted_build, test_serve_stops) then saw it ignored, a build
# finish with status 0 and a server never stop. A signal this process catches is reset to its
# default in the programs it starts, so each gets Ctrl-C as from a terminal.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


# The modules that take longest, longest first. pytest-xdist hands whole modules to workers in
# collection order (`--dist loadscope --no-loadscope-reorder`, the Makefile): these go first, the
# rest after by their number of tests, most first, so the run ends on short modules that even the
# workers out, not on a 30-second one (xdist's own order, by number of tests alone, put test_bench,
# test_privacy and test_properties among the last). Only the order depends on this list. Figures:
# seconds of CPU of every process, Chromium's included (cpuacct), in a `-n 2` run on a loaded
# 2-core machine, 7 December 2026 (issue #21, after the browser tests moved to Chromium's headless
# shell); modules that mostly wait go earlier than their CPU says (the hostile pages wait for the
# network to go quiet on 66 visits, an interrupted build for its signals).
SLOWEST_FIRST = (
    "browser/test_hostile_pages.py",  # 43 s (waits)
    "browser/test_accessibility.py",  # 69 s
    "browser/test_reader_polish.py",  # 63 s
    "test_hostile_prs.py",  # 59 s
    "test_incremental.py",  # 48 s
    "test_attack_serve.py",  # 46 s of CPU (74 s on a loaded machine)
    "test_content.py",  # 35 s (the 1,000-objective site)
    "browser/test_search.py",  # 31 s
    "test_bench.py",  # 29 s
    "test_checker_bounds.py",  # 27 s
    "test_interrupted_build.py",  # 4 s (waits, 23 s of a worker)
    "test_properties.py",  # 17 s
    "browser/test_language.py",  # 17 s
    "browser/test_phone_tables.py",  # 16 s
    "test_serve_survives.py",  # 13 s
    "test_serve_stops.py",  # 12 s, 6 s of it waiting for a slowed Pagefind
    "test_serve_failed_rebuild.py",  # 17 s (loaded)
    "test_parallel_build.py",  # 13 s
    "test_yaml_splice.py",  # 13 s (loaded)
    "test_atomic_build.py",  # 12 s
    "browser/test_glossary_terms.py",  # 10 s
    "test_hostile.py",  # 10 s
    "test_model.py",  # 10 s
    "browser/test_privacy.py",  # 10 s
    "test_reproducible.py",  # 10 s
    "test_translation_record.py",  # 8 s
    "browser/test_valid_html.py",  # 7 s
    "browser/test_permanence.py",  # 7 s
    "test_quiet.py",  # 6 s
    "browser/test_seo.py",  # 6 s
    "browser/test_progress_features.py",  # 4 s
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The modules in :data:`SLOWEST_FIRST`'s order, then the others by number of tests, most first;
    each module's tests stay together and in their order."""
    tests = Path(__file__).parent
    gone = [name for name in SLOWEST_FIRST if not (tests / name).is_file()]
    assert not gone, f"SLOWEST_FIRST names modules that are no more: {gone}"
    count: dict[Path, int] = {}
    for item in items:
        count[item.path] = count.get(item.path, 0) + 1
    rank = {tests / name: number for number, name in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: (rank.get(item.path, len(rank)), -count[item.path], str(item.path)))


# A test build whose environment leaves out the session's cache folder (use build_env) writes to the
# user's instead, and what it finds then hangs on what the machine built before (seven modules did,
# until issue #21's ninth session). On CI nothing else builds, so a change to that folder during the
# run fails it; on a contributor's machine `make serve` may be writing there at the same time.
# roadmap/caches.py's folder with no setting, for this environment and for a run given one without
# HOME, which finds the account's home (a CI container's HOME is often not the account's).
USER_CACHES = {caches.user_cache_folder(os.environ.get("XDG_CACHE_HOME"), Path.home()),
               caches.user_cache_folder(None, Path.home()), caches.user_cache_folder(None, Path(pwd.getpwuid(os.getuid()).pw_dir))}


def _user_cache_files() -> dict[str, int]:
    return {str(path): path.stat().st_mtime_ns for folder in USER_CACHES if folder.is_dir() for path in folder.rglob("*")}


def pytest_sessionstart(session: pytest.Session) -> None:
    """The build's caches (roadmap/caches.py: compiled templates, audit verdicts, data already
    checked) start empty in each test session, as on a fresh clone, and are shared by its
    pytest-xdist workers: what the tests find never depends on what the machine built before. Set
    before collection, since test modules load the data as they are imported. (pytest's own
    ``tmp_path_factory`` is a fixture, not yet at hand here: its plugin keeps it on the config.)"""
    root = session.config._tmp_path_factory.getbasetemp()  # type: ignore[attr-defined]
    if os.environ.get("PYTEST_XDIST_WORKER"):  # each worker's folder sits in the session's
        root = root.parent
    os.environ["ROADMAP_CACHE_DIR"] = str(root / "roadmap-caches")
    if os.environ.get("CI") and not hasattr(session.config, "workerinput"):
        session.config.stash[_USER_CACHE_AT_START] = _user_cache_files()


def pytest_sessionfinish(session: pytest.Session) -> None:
    before = session.config.stash.get(_USER_CACHE_AT_START, None)
    if before is not None and _user_cache_files() != before:
        folders = " or ".join(sorted(map(str, USER_CACHES)))
        print(f"\nA test wrote to {folders}: give its build the session's cache (tests/conftest.py, build_env)",
              file=sys.stderr)
        if session.exitstatus == pytest.ExitCode.OK:  # an interrupted or failed run keeps its own status
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


_USER_CACHE_AT_START = pytest.StashKey[dict[str, int]]()


def copy_project(dest: Path) -> Path:
    """A copy of everything a build reads, so a test can change the data without touching ours.
    Bytecode included (``__pycache__``): a build compiles the copy's hooks and ``macros`` package
    otherwise, about 0.04 s of a real-size build's 1.3 s of CPU (issue #21). It stays right: the
    copy keeps each file's time of change, which Python checks with its size against the
    bytecode's, and a test's edit of a copied file gives it a new one. (Its templates' compiled
    code is shared with ours too: roadmap/compiled_templates.py keys it by name and source.)"""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest


def mkdocs_build(project: Path, site: Path, env: dict[str, str] | None = None,
                 tool: str = "mkdocs", fresh: bool = False) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` (or `properdocs build --strict`, its continuation) of a project. A
    MkDocs build runs in a fork of an interpreter that imported the third-party packages already
    (tests/build_server.py) unless ``fresh`` asks for a new interpreter: builds compared byte for
    byte across processes, or whose memory is measured."""
    args = ["build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    if tool == "mkdocs":
        return build_server.run(["-m", "mkdocs", *args], build_env(env), timeout=600, fresh=fresh)
    return subprocess.run([sys.executable, "-m", tool, *args], capture_output=True, text=True, env=build_env(env), timeout=600)


def run_own_code(argv: list[str], project: Path, env: dict[str, str] | None = None,
                 timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """``python *argv`` in ``project`` with the copy's own ``roadmap`` and ``macros`` first on the
    path (``PYTHONPATH``: the venv points at ours), in :func:`build_env` and ``env``: forked from
    the warm interpreter (tests/build_server.py), which sets ``PYTHONPATH`` as a fresh one would."""
    return build_server.run(argv, build_env({"PYTHONPATH": str(project), **(env or {})}), timeout=timeout, cwd=project)


def build_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The whole environment of a test build: a search path for programs, MkDocs' notice off, the
    session's caches (:func:`pytest_sessionstart`), then ``env``."""
    cache = {"ROADMAP_CACHE_DIR": os.environ["ROADMAP_CACHE_DIR"]} if "ROADMAP_CACHE_DIR" in os.environ else {}
    return {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", **cache, **(env or {})}


def once_per_session(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder that ``make`` fills once per test session, however many pytest-xdist workers ask
    for it (issue #21): the first to ask makes it while the others wait on a file lock, then all
    read it. ``make`` raising leaves no folder, so the next to ask tries again (and fails alike).
    What it makes must then only be read."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # each worker's folder sits in the session's
        root = root.parent
    folder = root / f"shared-{name}"
    with open(root / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".made").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            (folder / ".made").touch()
    return folder


def start_early(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> threading.Thread:
    """:func:`once_per_session` of ``name``, begun now in a thread of this process: a slow setup that
    mostly waits (Lighthouse: 16 pages over 4 Chromiums) runs beside the other tests instead of
    holding a worker when its module comes up (issue #21). Whoever asks for ``name`` later gets it
    from :func:`once_per_session` as ever: it waits on the lock while the thread makes it, or makes it
    itself if the thread failed (the error is then that test's). Each pytest-xdist worker may call
    this: the first thread makes, the others wait and find it made. Join the thread returned."""
    tmp_path_factory.getbasetemp()  # made here, not raced by the thread and the first test

    def run() -> None:
        try:
            once_per_session(tmp_path_factory, name, make)
        except BaseException:  # noqa: BLE001 - the fixture that asks for it makes it again and reports
            pass
    thread = threading.Thread(target=run, name=f"early-{name}", daemon=True)
    thread.start()
    return thread


@pytest.fixture(scope="session", autouse=True)
def early_setups(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The slow setups of the selected tests that can start at once (:func:`start_early`), begun at
    each worker's first test; the session waits for them before it ends."""
    modules = {item.path.name for item in request.session.items}
    threads = []
    if "test_lighthouse.py" in modules:
        from .browser.lighthouse_runs import LIGHTHOUSE, lighthouse_pages
        threads.append(start_early(tmp_path_factory, LIGHTHOUSE, lambda folder: lighthouse_pages(real_site(tmp_path_factory), folder)))
    yield
    for thread in threads:
        thread.join()


def build_into(project: Path) -> Callable[[Path], None]:
    """For :func:`once_per_session`: ``mkdocs build --strict`` of ``project`` into ``folder/site``."""
    def make(folder: Path) -> None:
        result = mkdocs_build(project, folder / "site")
        assert result.returncode == 0, result.stderr[-4000:]
    return make


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test session with `mkdocs build --strict`."""
    return real_site(tmp_path_factory)


def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """:func:`built_site`, for code outside a fixture."""
    return once_per_session(tmp_path_factory, "real-site", build_into(ROOT)) / "site"


def hundred_objectives(folder: Path) -> Path:
    """A copy of the project with the real data plus synthetic objectives, 100 in all (issue #10:
    every chart and listing has something to show)."""
    import yaml

    from roadmap import synthetic

    project = copy_project(folder / "project")
    base = yaml.safe_load((ROOT / "data" / "objectives.yml").read_text(encoding="utf-8"))
    (project / "data" / "objectives.yml").write_text(synthetic.synthetic_yaml(100, base=base), encoding="utf-8")
    return project


@pytest.fixture(scope="session")
def full_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site with 100 objectives (:func:`hundred_objectives`), built once per test session."""
    return once_per_session(tmp_path_factory, "full-site", lambda folder: build_into(hundred_objectives(folder))(folder)) / "site"
