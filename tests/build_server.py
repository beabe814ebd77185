"""A warm interpreter for the tests' ``mkdocs build`` runs (issue #21).

Some 200 test builds each started a Python that spent 0.3 s of CPU importing MkDocs, Material,
pymdown-extensions, mkdocs-macros and their dependencies, and freeing them at exit: half of an
average test build. This module keeps two interpreters per pytest-xdist worker that have imported
those third-party packages once and nothing else (not ``roadmap`` or ``macros``, whose imports
read settings from the environment), and forks one of them, in turn, for each run. The child runs
``python -m mkdocs ...`` (or ``python script ...``) as a fresh interpreter would
(:mod:`runpy`, the test's environment, working folder and arguments, stdout and stderr to files,
``/dev/null`` as stdin), then the interpreter's shutdown as a program sees it (threads joined,
atexit handlers, output flushed) and ends without freeing every object, which in a fork would copy
the server's memory first. The build is MkDocs' own, unchanged: only imports of packages that
read nothing at import were paid before it started. A real-size build: 1.30 -> 1.00 s of CPU.

A fork shares its server's string hash seed; the two servers, taken in turn, each have their own,
so two runs in a row (a served site and the full build it is compared with) hash differently, as
two fresh interpreters do, and an output whose order hangs on the seed still shows.

Not forked, a fresh interpreter instead (:func:`run` says which): a run asked while another is
running in a thread, an environment that names anything an import or the interpreter's start
reads (only ``ROADMAP_*``, ``SOURCE_DATE_EPOCH`` and ``PAGEFIND_BINARY_PATH`` besides the base
are read at run time), and a caller that asks for one (``fresh=True``): the second of two builds
compared for reproducibility, and builds whose memory is measured. ``TEST_BUILD_SERVER=0`` in the
tests' environment turns the forks off: every run a fresh interpreter, as before (to compare, or
to rule the server out).

``python tests/build_server.py``: the server. It reads one JSON request per line on stdin
(``{"argv", "env", "cwd", "out", "err"}``) and answers each with two lines on stdout: the child's
process id when it starts, then its exit status (negative: the signal that ended it).
"""

from __future__ import annotations

import io
import json
import locale
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

# What the server imports before it forks: the build's third-party packages, heaviest first. Only
# speed depends on this list; a package left out is imported by the build itself, as before.
PRELOAD = (
    "click", "mkdocs.commands.build", "mkdocs.commands.serve", "mkdocs.config.defaults",
    "mkdocs.structure.pages", "mkdocs.livereload",
    "mkdocs_macros.plugin", "mkdocs_macros.util", "mkdocs_macros.context",
    "mkdocs_static_i18n.plugin", "mkdocs_static_i18n.reconfigure", "mkdocs_static_i18n.folder",
    "material.plugins.search.plugin", "material.plugins.search.config",
    "markdown", "markdown.extensions.codehilite", "markdown.extensions.attr_list", "markdown.extensions.toc",
    "markdown.extensions.tables", "markdown.extensions.abbr", "markdown.extensions.admonition",
    "markdown.extensions.def_list", "markdown.extensions.footnotes", "markdown.extensions.md_in_html",
    "pymdownx.util", "pymdownx.superfences", "pymdownx.highlight", "pymdownx.details", "pymdownx.snippets",
    "pymdownx.tabbed", "pymdownx.emoji", "pymdownx.quotes", "pymdownx.saneheaders",
    "pygments.lexers.shell", "pygments.lexers.data", "pygments.lexers.special", "pygments.formatters.html",
    "pygments.styles.default",
    "jinja2", "jinja2.sandbox", "yaml", "babel.dates", "babel.numbers", "nh3", "jsonschema", "selectolax.lexbor",
    "tinycss2", "backrefs.bre", "difflib", "email.parser", "html.parser", "xml.etree.ElementTree", "hjson",
)
BASE_ENV = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
RUN_TIME_ENV = ("SOURCE_DATE_EPOCH", "PAGEFIND_BINARY_PATH")  # besides ROADMAP_*: read by the build, not at import

# Two servers, taken in turn: each starts with its own string hash seed, as every fresh interpreter
# does, so two runs a test compares one after the other (a served site and a full build of it)
# never share one, and an output whose order hangs on the seed still differs between them.
_servers: list[subprocess.Popen[bytes] | None] = [None, None]
_turn = 0
_busy = threading.Lock()


def forkable(env: dict[str, str]) -> bool:
    """Whether a build with ``env`` (the whole environment) may run in a fork of the server:
    ``env`` is the server's own plus only settings the build reads at run time."""
    return all(env.get(name) == value for name, value in BASE_ENV.items()) and all(
        name in BASE_ENV or name == "ROADMAP_CACHE_DIR" or name.startswith("ROADMAP_") or name in RUN_TIME_ENV
        for name in env)


def run(argv: list[str], env: dict[str, str], timeout: float, cwd: Path | None = None,
        fresh: bool = False) -> subprocess.CompletedProcess[str]:
    """``python *argv`` (``["-m", "mkdocs", "build", ...]`` or ``[script, *args]``) with ``env``
    as its whole environment, in ``cwd`` (default: this process's), like ``subprocess.run(...,
    capture_output=True, text=True)``: a fork of the warm server where that is the same run (see the
    module's docstring), a fresh interpreter otherwise. Raises :class:`subprocess.TimeoutExpired`
    after ``timeout`` seconds, the run killed."""
    command = [sys.executable, *argv]
    if fresh or os.environ.get("TEST_BUILD_SERVER") == "0" or not forkable(env) or not _busy.acquire(blocking=False):
        return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout)
    try:
        return _forked(command, env, timeout, Path(cwd or os.getcwd()).resolve())
    finally:
        _busy.release()


def _started() -> subprocess.Popen[bytes]:
    """The server whose turn it is, started anew if it is not running."""
    global _turn
    number, _turn = _turn, (_turn + 1) % len(_servers)
    server = _servers[number]
    if server is None or server.poll() is not None:
        # -P: tests/ is not on the server's path (tests/html.py would stand for the standard
        # library's html); unbuffered: a status line already read into a buffer would leave
        # select() waiting
        server = _servers[number] = subprocess.Popen([sys.executable, "-P", __file__], stdin=subprocess.PIPE,
                                                     stdout=subprocess.PIPE, bufsize=0, env=BASE_ENV, cwd="/")
    return server


def _forked(command: list[str], env: dict[str, str], timeout: float, cwd: Path) -> subprocess.CompletedProcess[str]:
    server = _started()
    assert server.stdin and server.stdout
    with tempfile.TemporaryDirectory(prefix="build-") as folder:
        out, err = Path(folder, "out"), Path(folder, "err")
        request = {"argv": command[1:], "env": env, "cwd": str(cwd), "out": str(out), "err": str(err)}
        server.stdin.write(json.dumps(request).encode() + b"\n")
        server.stdin.flush()
        pid = int(server.stdout.readline())
        ready, _, _ = select.select([server.stdout], [], [], timeout)
        if not ready:  # the build is killed; the server then answers its status, read and dropped
            os.kill(pid, signal.SIGKILL)
            server.stdout.readline()
            raise subprocess.TimeoutExpired(command, timeout)
        status = server.stdout.readline()
        if not status:
            raise RuntimeError("the tests' build server died during a build")
        return subprocess.CompletedProcess(command, int(status), _text(out), _text(err))


def _text(path: Path) -> str:
    """A file the build wrote, decoded as ``subprocess.run(text=True)`` decodes its output."""
    data = path.read_bytes() if path.exists() else b""
    return io.TextIOWrapper(io.BytesIO(data), encoding=locale.getpreferredencoding(False)).read()


def _child(request: dict) -> None:
    """In the forked child: become ``python -m mkdocs`` run with the request's settings. Never
    returns: :class:`SystemExit` (or any error) leaves through the interpreter's own shutdown."""
    import gc
    gc.unfreeze()  # as in a fresh interpreter: nothing frozen (tests/test_collector.py counts it)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    os.chdir(request["cwd"])
    added = {name: value for name, value in os.environ.items() if name not in BASE_ENV}
    os.environ.clear()
    # and what the interpreter adds at start-up, in a server started with the base alone: LC_CTYPE
    # for the C locale it coerces to UTF-8 (PEP 538)
    os.environ.update({**request["env"], **added})
    for fd, path, flags in ((0, os.devnull, os.O_RDONLY), (1, request["out"], os.O_WRONLY | os.O_CREAT),
                            (2, request["err"], os.O_WRONLY | os.O_CREAT)):
        opened = os.open(path, flags, 0o600)
        os.dup2(opened, fd)
        os.close(opened)
    import runpy
    argv = request["argv"]
    if argv[0] == "-m":  # sys.path and sys.argv as `python -m module` and `python script` set them
        sys.path.insert(0, os.getcwd())
        sys.argv = argv[1:]  # runpy puts the module's path first, as `-m` does
        start = lambda: runpy.run_module(argv[1], run_name="__main__", alter_sys=True)  # noqa: E731
    else:
        sys.path.insert(0, str(Path(argv[0]).resolve().parent))
        sys.argv = argv
        start = lambda: runpy.run_path(argv[0], run_name="__main__")  # noqa: E731
    try:
        start()
        code = 0
    except SystemExit as exit:
        code = _exit_code(exit)
    except BaseException:  # as the interpreter reports an error nothing caught
        sys.excepthook(*sys.exc_info())
        code = 1
    _shut_down(code)


def _exit_code(exit: SystemExit) -> int:
    """The status the interpreter gives a :class:`SystemExit`: its code, 0 for none; any other
    value printed to stderr, status 1."""
    if exit.code is None:
        return 0
    if isinstance(exit.code, int):
        return exit.code & 0xFF
    print(exit.code, file=sys.stderr)
    return 1


def _shut_down(code: int) -> None:
    """The interpreter's shutdown as a build can see it (threads joined, atexit handlers, output
    flushed), then the process ends without freeing every object one by one: for a fork, that
    would copy nearly all of the server's memory first (0.07 s per build)."""
    import atexit
    import threading
    for thread in threading.enumerate():
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def _serve() -> None:
    import importlib.util
    # Ctrl-C on the tests ends the server quietly; its children get Python's own handler back
    signal.signal(signal.SIGINT, lambda *_: os._exit(130))
    # material reads sys.argv[0] at import (its end-of-life notice, off here as in every test build)
    sys.argv = [str(Path(importlib.util.find_spec("mkdocs").origin).parent / "__main__.py")]
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:  # a package the lock no longer has: the build imports what it needs
            print(f"build server: cannot preload {name}", file=sys.stderr)
    requests = os.fdopen(os.dup(0), "rb")
    answer = os.dup(1)
    for line in requests:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            requests.close()
            os.close(answer)
            _child(request)
        os.write(answer, f"{pid}\n".encode())
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        os.write(answer, f"{code}\n".encode())


if __name__ == "__main__":
    _serve()
