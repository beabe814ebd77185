"""A warm interpreter for the tests' ``mkdocs build`` runs (issue #21).

Some 200 test builds each started a Python that spent 0.3 s of CPU importing MkDocs, Material,
pymdown-extensions, mkdocs-macros and their dependencies, and freeing them at exit: half of an
average test build. This module keeps two interpreters per pytest-xdist worker that have imported
those third-party packages once and nothing else (not ``roadmap`` or ``macros``, whose imports
read settings from the environment), and forks one of them, in turn, for each run. The child runs
``python -m mkdocs ...`` (or ``python script ...``, ``python -c code ...``) as a fresh interpreter would
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
reads (only ``ROADMAP_*``, ``SOURCE_DATE_EPOCH``, ``PAGEFIND_BINARY_PATH`` and ``HOME`` besides
the base are read at run time; ``PYTHONPATH`` and ``PYTHONDONTWRITEBYTECODE`` a fork sets as the
interpreter would: :data:`START_ENV`), and a caller that asks for one (``fresh=True``): the second of two builds
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
import time
from pathlib import Path
from types import TracebackType

# What the server imports before it forks: the build's third-party packages. Only speed depends on
# this list; a package left out is imported by the build itself, as before.
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
# besides ROADMAP_*: read by the build, not at import; git's identity only by the git commands it starts
RUN_TIME_ENV = ("SOURCE_DATE_EPOCH", "PAGEFIND_BINARY_PATH", "HOME", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL",
                "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_CONFIG_GLOBAL")
# Read when the interpreter starts, and set in a fork as the interpreter sets them (:func:`_child`):
# PYTHONPATH's folders go after the first entry of ``sys.path`` (a folder holding a package the
# server preloaded would have shadowed it: not forked), PYTHONDONTWRITEBYTECODE sets
# ``sys.dont_write_bytecode``. Not LANG, even C.UTF-8: the server started in the C locale, which
# Python coerces to C.UTF-8 and answers with its UTF-8 mode (``sys.flags.utf8_mode``), which a
# fresh interpreter given C.UTF-8 leaves off.
START_ENV = ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE")
# `-c`, run from "/": the server's path starts with its working folder, "/" (`python script` would
# start it with tests/, where tests/html.py stands for the standard library's html; `-P` would
# reach the processes a build spawns), and a child swaps that first entry for its own.
SERVER = [sys.executable, "-c", "import runpy, sys; runpy.run_path(sys.argv[1], run_name='__main__')", __file__]

# Two servers, taken in turn: each starts with its own string hash seed, as every fresh interpreter
# does, so two runs a test compares one after the other (a served site and a full build of it)
# never share one, and an output whose order hangs on the seed still differs between them.
_servers: list[subprocess.Popen[bytes] | None] = [None, None]
_turn = 0
_busy = threading.Lock()


def forkable(env: dict[str, str]) -> bool:
    """Whether a build with ``env`` (the whole environment) may run in a fork of the server:
    ``env`` is the server's own plus only settings the build reads at run time, or those of
    :data:`START_ENV` a fork sets as a fresh interpreter would."""
    return all(env.get(name) == value for name, value in BASE_ENV.items()) and all(
        name in BASE_ENV or name.startswith("ROADMAP_") or name in RUN_TIME_ENV or name in START_ENV
        for name in env) and not _shadows_preloaded(env.get("PYTHONPATH"))


def _shadows_preloaded(pythonpath: str | None) -> bool:
    """Whether a folder of ``pythonpath`` (or an empty entry: the working folder) holds a module or
    package named as one the server imported, which a fresh interpreter would import from there."""
    if pythonpath is None:
        return False
    from importlib.machinery import all_suffixes

    tops = {name.split(".")[0] for name in PRELOAD}
    for entry in pythonpath.split(os.pathsep):
        if not entry or not os.path.isabs(entry):
            return True
        # a module or a regular package (a folder without __init__ is passed over for one found later)
        if any(Path(entry, top + suffix).exists() or Path(entry, top, "__init__" + suffix).exists()
               for top in tops for suffix in all_suffixes()):
            return True
    return False


def run(argv: list[str], env: dict[str, str], timeout: float, cwd: Path | None = None,
        fresh: bool = False) -> subprocess.CompletedProcess[str]:
    """``python *argv`` (``["-m", "mkdocs", "build", ...]``, ``["-c", code, *args]`` or ``[script, *args]``) with ``env``
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


def _started() -> tuple[int, subprocess.Popen[bytes]]:
    """The server whose turn it is, and its number, started anew if it is not running."""
    global _turn
    number, _turn = _turn, (_turn + 1) % len(_servers)
    server = _servers[number]
    if server is None or server.poll() is not None:
        # unbuffered: a status line already read into a buffer would leave select() waiting
        server = _servers[number] = subprocess.Popen(SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                                     bufsize=0, env=BASE_ENV, cwd="/")
    return number, server


def _forked(command: list[str], env: dict[str, str], timeout: float, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A run in a fork of the next server. Its stdout and stderr are FIFOs read to their end, as
    ``subprocess.run`` reads its pipes: a process the run leaves behind holding them keeps the run
    going, as it would for a user. A server interrupted in any way (a timeout, an error, Ctrl-C)
    is dropped with its run, so no answer is left unread for the next one."""
    number, server = _started()
    assert server.stdin and server.stdout
    pid = 0
    deadline = time.monotonic() + timeout
    with tempfile.TemporaryDirectory(prefix="build-") as folder:
        out, err = Path(folder, "out"), Path(folder, "err")
        os.mkfifo(out, 0o600)
        os.mkfifo(err, 0o600)
        # read ends, and write ends held here so neither reads as ended before the run opens it
        readers = [os.open(path, os.O_RDONLY | os.O_NONBLOCK) for path in (out, err)]
        holders = [os.open(path, os.O_WRONLY) for path in (out, err)]
        try:
            request = {"argv": command[1:], "env": env, "cwd": str(cwd), "out": str(out), "err": str(err)}
            server.stdin.write(json.dumps(request).encode() + b"\n")
            server.stdin.flush()
            pid = int(server.stdout.readline() or 0)
            if not pid:
                raise RuntimeError("the tests' build server did not start the run")
            output, status = _collect(server, readers, holders, deadline)
            if status is None:
                raise subprocess.TimeoutExpired(command, timeout)
        except BaseException:
            _drop(number, pid)
            raise
        finally:
            for fd in readers + holders:
                try:
                    os.close(fd)
                except OSError:
                    pass
            holders.clear()
    return subprocess.CompletedProcess(command, status, _text(output[0]), _text(output[1]))


def _collect(server: subprocess.Popen[bytes], readers: list[int], holders: list[int],
             deadline: float) -> tuple[list[bytes], int | None]:
    """Read the run's two FIFOs and the server's status line until the status has come and both
    FIFOs have ended (every writer gone), or the deadline passes (status None)."""
    assert server.stdout
    output, open_readers, status = [b"", b""], list(readers), None
    while open_readers or status is None:
        left = deadline - time.monotonic()
        if left <= 0:
            return output, None
        watched = open_readers + ([server.stdout.fileno()] if status is None else [])
        ready, _, _ = select.select(watched, [], [], left)
        for fd in ready:
            if fd == server.stdout.fileno():
                line = server.stdout.readline()
                if not line:
                    raise RuntimeError("the tests' build server died during a run")
                status = int(line)
                for holder in holders:  # from now on, only the run's own processes keep them open
                    os.close(holder)
                holders.clear()
                continue
            chunk = os.read(fd, 65536)
            if chunk:
                output[readers.index(fd)] += chunk
            else:
                open_readers.remove(fd)
    return output, status


def _drop(number: int, pid: int) -> None:
    """Kill an interrupted run and its server; the next run on that turn starts a new server."""
    server = _servers[number]
    _servers[number] = None
    for process in (pid, server.pid if server else 0):
        if process:
            try:
                os.kill(process, signal.SIGKILL)
            except ProcessLookupError:
                pass
    if server:
        server.wait()


def _text(data: bytes) -> str:
    """A run's output, decoded as ``subprocess.run(text=True)`` decodes it."""
    return io.TextIOWrapper(io.BytesIO(data), encoding=locale.getpreferredencoding(False)).read()


def _child(request: dict) -> None:
    """In the forked child: become ``python -m mkdocs`` run with the request's settings. Never
    returns: :class:`SystemExit` (or any error) leaves through the interpreter's own shutdown."""
    import gc
    gc.unfreeze()  # as in a fresh interpreter: nothing frozen (tests/test_collector.py counts it)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    os.chdir(request["cwd"])
    env = request["env"]
    # and what the interpreter adds at start-up, in a server started with the base alone: LC_CTYPE
    # for the C locale it coerces to UTF-8 (PEP 538)
    added = {name: value for name, value in os.environ.items() if name not in BASE_ENV}
    os.environ.clear()
    os.environ.update({**env, **added})
    if env.get("PYTHONDONTWRITEBYTECODE"):
        sys.dont_write_bytecode = True
    for fd, path, flags in ((0, os.devnull, os.O_RDONLY), (1, request["out"], os.O_WRONLY),
                            (2, request["err"], os.O_WRONLY)):
        opened = os.open(path, flags)
        os.dup2(opened, fd)
        os.close(opened)
    import runpy
    argv = request["argv"]
    if argv[0] == "-m":  # sys.path and sys.argv as `python -m module`, `-c` and `python script` set them
        sys.path[0] = os.getcwd()
        sys.argv = argv[1:]  # runpy puts the module's path first, as `-m` does
        start = lambda: runpy.run_module(argv[1], run_name="__main__", alter_sys=True)  # noqa: E731
    elif argv[0] == "-c":
        sys.path[0] = ""
        sys.argv = ["-c", *argv[2:]]
        start = lambda: _run_code(argv[1])  # noqa: E731
    else:
        sys.path[0] = str(Path(argv[0]).resolve().parent)
        sys.argv = argv
        start = lambda: runpy.run_path(argv[0], run_name="__main__")  # noqa: E731
    sys.path[1:1] = env.get("PYTHONPATH", "").split(os.pathsep) if env.get("PYTHONPATH") else []
    try:
        start()
        code = 0
    except SystemExit as exit:
        code = _exit_code(exit)
    except KeyboardInterrupt as error:  # as the interpreter ends on one: its traceback, then the signal's status
        sys.excepthook(type(error), error, _run_frames(error))
        code = -signal.SIGINT
    except BaseException as error:  # as the interpreter reports an error nothing caught
        sys.excepthook(type(error), error, _run_frames(error))
        code = 1
    _shut_down(code)


def _run_frames(error: BaseException) -> TracebackType | None:
    """``error``'s traceback from the run's own first frame, without this module's and runpy's,
    as a fresh interpreter prints it for a script or ``-c`` (for ``-m`` it adds two of runpy's).
    Set on the error too: the interpreter's hook prints the error's own traceback."""
    traceback = error.__traceback__
    while traceback is not None and (traceback.tb_frame.f_code.co_filename == __file__
                                     or traceback.tb_frame.f_globals.get("__name__") == "runpy"):  # frozen: no file
        traceback = traceback.tb_next
    error.with_traceback(traceback)
    return traceback


def _run_code(code: str) -> None:
    """``python -c code``: the code as the module ``__main__``, named ``<string>`` in tracebacks,
    compiled without this module's ``from __future__ import annotations``."""
    import builtins
    import types
    from importlib.machinery import BuiltinImporter
    main = sys.modules["__main__"] = types.ModuleType("__main__")
    main.__dict__.update(__loader__=BuiltinImporter, __annotations__={}, __builtins__=builtins)
    exec(compile(code, "<string>", "exec", dont_inherit=True), main.__dict__)


def _exit_code(exit: SystemExit) -> int:
    """The status the interpreter gives a :class:`SystemExit`: its code (255 past a C long), 0
    for none; any other value printed to stderr, status 1."""
    if exit.code is None:
        return 0
    if isinstance(exit.code, int):
        return exit.code & 0xFF if -2**63 <= exit.code < 2**63 else 255
    print(exit.code, file=sys.stderr)
    return 1


def _shut_down(code: int) -> None:
    """The interpreter's shutdown as a program sees it: its threads joined and its thread pools
    stopped (``threading._shutdown``, CPython's own step), atexit handlers, stdout and stderr
    flushed; then the process ends without freeing every object one by one, which in a fork copies
    nearly all of the server's memory first (0.05-0.07 s a build). What that skips, for objects
    still alive at exit: ``__del__`` methods, generators' ``finally`` blocks, and the buffer of a
    file never closed (the build closes its files; a run that did not would lose that text here,
    and its test fail where a fresh interpreter passes, never the other way round; flushing every
    open file found by the collector cost 0.03 s a build). ``code`` < 0: ended by that signal."""
    import atexit
    threading._shutdown()  # type: ignore[attr-defined]
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    if code < 0:
        signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
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
