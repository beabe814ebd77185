"""The tests' warm build interpreter (tests/build_server.py): a run forked from it is what a fresh
interpreter running the same command shows, its output, status, path, arguments, environment,
threads and exit handlers; settings read at start-up get a fresh interpreter."""

from __future__ import annotations

import os
import signal
import subprocess
import textwrap
import time
from pathlib import Path

import pytest

from . import build_server
from .conftest import build_env

@pytest.fixture(autouse=True)
def server_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are of the server itself: on even in a `TEST_BUILD_SERVER=0` run."""
    monkeypatch.delenv("TEST_BUILD_SERVER", raising=False)


# What a program can see of how it was started, and what it leaves to the interpreter's shutdown
SHOW = textwrap.dedent("""\
    import atexit, gc, os, sys, threading, time
    print("argv", sys.argv[1:], "name", __name__)
    print("path0", sys.path[0], "cwd", os.getcwd())
    print("env", sorted(os.environ.items()))
    print("frozen", gc.get_freeze_count(), "stdin", repr(sys.stdin.read()))
    print("to stderr", file=sys.stderr)
    atexit.register(lambda: print("atexit ran"))
    threading.Thread(target=lambda: (time.sleep(0.2), print("thread finished"))).start()
    sys.exit(int(sys.argv[1]))
""")


def both(argv: list[str], env: dict[str, str], cwd: Path | None = None) -> tuple[subprocess.CompletedProcess[str], ...]:
    forked = build_server.run(argv, env, timeout=60, cwd=cwd)
    fresh = build_server.run(argv, env, timeout=60, cwd=cwd, fresh=True)
    return forked, fresh


def test_a_forked_script_sees_and_leaves_what_a_fresh_interpreter_does(tmp_path: Path) -> None:
    script = tmp_path / "show.py"
    script.write_text(SHOW, encoding="utf-8")
    env = build_env({"ROADMAP_TODAY": "2027-01-02"})
    forked, fresh = both([str(script), "3", "dos"], env, cwd=tmp_path)
    assert forked.returncode == fresh.returncode == 3
    assert forked.stdout == fresh.stdout and forked.stderr == fresh.stderr == "to stderr\n"
    assert f"path0 {tmp_path} cwd {tmp_path}" in forked.stdout and "ROADMAP_TODAY" in forked.stdout
    assert forked.stdout.endswith("thread finished\natexit ran\n")


def test_forked_code_given_with_c_sees_and_leaves_what_a_fresh_interpreter_does(tmp_path: Path) -> None:
    """`python -c`: the serve tests' scripts. Its path starts with "" (the working folder), its
    arguments with "-c", and an error's traceback names ``<string>``."""
    code = SHOW.replace('print("frozen"', 'import builtins; print("main", sys.modules["__main__"].__dict__.get("__builtins__") is builtins, '
                        '__spec__, __package__, __loader__, sorted(globals())[:7])\n'
                        'def typed(x: int) -> None: pass\nprint("annotations", typed.__annotations__)\nprint("frozen"')
    forked, fresh = both(["-c", code, "4", "cuatro"], build_env({"ROADMAP_TODAY": "2027-01-02"}), cwd=tmp_path)
    assert forked.returncode == fresh.returncode == 4
    assert forked.stdout == fresh.stdout and forked.stderr == fresh.stderr == "to stderr\n"
    assert "argv ['4', 'cuatro'] name __main__\npath0  cwd" in forked.stdout and "main True None None" in forked.stdout
    # compiled as a fresh -c is, not with build_server.py's `from __future__ import annotations`
    assert "annotations {'x': <class 'int'>, 'return': None}" in forked.stdout
    failing = both(["-c", "import sys\ndef deep():\n    raise ValueError(sys.argv)\ndeep()\n", "x"], build_env(), cwd=tmp_path)
    assert failing[0].returncode == failing[1].returncode == 1 and failing[0].stderr == failing[1].stderr
    assert 'File "<string>", line 3, in deep' in failing[0].stderr and "ValueError: ['-c', 'x']" in failing[0].stderr
    servers = {str(server.pid) for server in build_server._servers if server}
    assert build_server.run(["-c", "import os; print(os.getppid())"], build_env(), timeout=60).stdout.strip() in servers


def test_a_forked_run_is_a_child_of_a_server_not_a_new_interpreter(tmp_path: Path) -> None:
    script = tmp_path / "parent.py"
    script.write_text("import os, sys; print(os.getppid(), 'mkdocs' in sys.modules)", encoding="utf-8")
    forked, fresh = both([str(script)], build_env())
    servers = {str(server.pid) for server in build_server._servers if server}
    assert forked.stdout.split()[0] in servers and forked.stdout.split()[1] == "True"
    assert fresh.stdout.split() == [str(os.getpid()), "False"]


def test_two_runs_in_a_row_hash_strings_with_different_seeds(tmp_path: Path) -> None:
    """As two fresh interpreters do (unless PYTHONHASHSEED says otherwise): a build and the build
    it is compared with never share a seed, so an order that depends on it shows."""
    script = tmp_path / "seed.py"
    script.write_text("print(hash('roadmap'), list({'es', 'en', 'pt', 'fr', 'de'}))", encoding="utf-8")
    runs = [build_server.run([str(script)], build_env(), timeout=60).stdout for _ in range(4)]
    assert runs[0] != runs[1] and runs[1] != runs[2] and runs[2] != runs[3]


def test_mkdocs_as_a_module_fails_alike_forked_and_fresh(tmp_path: Path) -> None:
    env = build_env()
    forked, fresh = both(["-m", "mkdocs", "build", "--strict", "-f", str(tmp_path / "none.yml")], env)
    assert forked.returncode == fresh.returncode == 2
    assert forked.stderr == fresh.stderr and "none.yml" in forked.stderr and "Usage: python -m mkdocs" in forked.stderr
    version = both(["-m", "mkdocs", "--version"], env)
    assert version[0].stdout == version[1].stdout and "mkdocs" in version[0].stdout


def test_an_error_nothing_caught_gives_its_traceback_and_status_1(tmp_path: Path) -> None:
    script = tmp_path / "fail.py"
    script.write_text("def deep():\n    raise ValueError('no')\ndeep()\n", encoding="utf-8")
    forked, fresh = both([str(script)], build_env())
    assert forked.returncode == fresh.returncode == 1
    assert forked.stderr == fresh.stderr and forked.stderr.splitlines()[-1] == "ValueError: no"
    assert "line 2, in deep" in forked.stderr


def test_start_up_settings_a_fork_sets_are_seen_as_a_fresh_interpreter_sees_them(tmp_path: Path) -> None:
    """PYTHONPATH (its folder's own modules imported from it, after the script's folder),
    PYTHONDONTWRITEBYTECODE and HOME."""
    code = tmp_path / "code"
    (code / "ownpkg").mkdir(parents=True)
    (code / "ownpkg" / "__init__.py").write_text("WHERE = __file__\n", encoding="utf-8")
    script = tmp_path / "show.py"
    script.write_text(SHOW.replace('print("frozen"', 'import locale, ownpkg; print("own", ownpkg.WHERE, sys.path[:3], '
                                   'sys.dont_write_bytecode, locale.getpreferredencoding(False), locale.setlocale(locale.LC_CTYPE))\n'
                                   'print("frozen"'), encoding="utf-8")
    env = build_env({"PYTHONPATH": str(code), "PYTHONDONTWRITEBYTECODE": "1", "HOME": str(tmp_path)})
    # files named as a preloaded package but not importable as one (the project's mkdocs.yml) do not count
    (code / "mkdocs.yml").touch()
    (code / "jinja2").mkdir()
    assert build_server.forkable(env)
    forked, fresh = both([str(script), "0"], env, cwd=tmp_path)
    assert forked.returncode == fresh.returncode == 0
    assert forked.stdout == fresh.stdout and forked.stderr == fresh.stderr
    assert f"own {code}/ownpkg/__init__.py ['{tmp_path}', '{code}'," in forked.stdout and " True utf-8 C.UTF-8" in forked.stdout
    assert not list(code.rglob("*.pyc"))
    parent = tmp_path / "parent.py"
    parent.write_text("import os; print(os.getppid())", encoding="utf-8")
    assert build_server.run([str(parent)], env, timeout=60).stdout.split() != [str(os.getpid())]  # forked


@pytest.mark.parametrize("setting", [{"PYTHONPATH": "SHADOWS"}, {"PYTHONPATH": "code"}, {"LANG": "es_ES.UTF-8"},
                                     {"LANG": "C.UTF-8"}, {"PATH": "/bin"}, {"PYTHONHASHSEED": "0"}])
def test_a_setting_read_at_start_up_gets_a_fresh_interpreter(tmp_path: Path, setting: dict[str, str]) -> None:
    """Settings a fork could not honour: a PYTHONPATH folder holding a package the server has
    already imported (here ``yaml``) or a relative one, another locale, another PATH, a hash seed."""
    if setting.get("PYTHONPATH") == "SHADOWS":
        (tmp_path / "yaml").mkdir()
        (tmp_path / "yaml" / "__init__.py").touch()
        setting = {"PYTHONPATH": f"{tmp_path / 'elsewhere'}:{tmp_path}"}
    assert not build_server.forkable(build_env(setting))
    script = tmp_path / "parent.py"
    script.write_text("import os; print(os.getppid())", encoding="utf-8")
    result = build_server.run([str(script)], build_env(setting), timeout=60)
    assert result.stdout.split() == [str(os.getpid())]


def after_an_interruption_each_run_gets_its_own_answer(tmp_path: Path) -> None:
    for number in range(3):  # both servers' turns, and one more
        script = tmp_path / f"quick{number}.py"
        script.write_text(f"import sys; print('run {number}'); sys.exit({number + 3})", encoding="utf-8")
        result = build_server.run([str(script)], build_env(), timeout=60)
        assert (result.returncode, result.stdout) == (number + 3, f"run {number}\n")


def test_a_run_past_its_time_is_killed_and_the_next_runs_get_their_own_answers(tmp_path: Path) -> None:
    script = tmp_path / "slow.py"
    script.write_text("import time; time.sleep(60)", encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(subprocess.TimeoutExpired):
        build_server.run([str(script)], build_env(), timeout=1)
    assert time.monotonic() - started < 10
    after_an_interruption_each_run_gets_its_own_answer(tmp_path)


def test_a_run_interrupted_in_the_caller_leaves_no_answer_for_the_next(tmp_path: Path) -> None:
    """Ctrl-C, or any error, in the test while a run is going: the server is dropped with it."""
    script = tmp_path / "slow.py"
    script.write_text("import time; time.sleep(3)", encoding="utf-8")

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt
    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        with pytest.raises(KeyboardInterrupt):
            build_server.run([str(script)], build_env(), timeout=60)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    after_an_interruption_each_run_gets_its_own_answer(tmp_path)


# Left to the interpreter's shutdown: a thread pool never shut down, a process still writing to the
# run's output, a Ctrl-C nothing caught, an exit code past a C long
ENDINGS = {
    "thread pool": ("from concurrent.futures import ThreadPoolExecutor\npool = ThreadPoolExecutor(2)\n"
                    "print(pool.submit(lambda: 41 + 1).result())\n", 0, "42\n"),
    "grandchild": ("import subprocess\nsubprocess.Popen(['sh', '-c', 'sleep 0.5; echo late'])\nprint('done', flush=True)\n",
                   0, "done\nlate\n"),
    "ctrl-c": ("raise KeyboardInterrupt\n", -signal.SIGINT, ""),
    "huge exit": ("raise SystemExit(2 ** 70)\n", 255, ""),
}


@pytest.mark.parametrize("ending", ENDINGS)
def test_a_run_ends_as_a_fresh_interpreter_ends(tmp_path: Path, ending: str) -> None:
    code, status, stdout = ENDINGS[ending]
    script = tmp_path / "ending.py"
    script.write_text(code, encoding="utf-8")
    forked, fresh = both([str(script)], build_env())
    assert (forked.returncode, forked.stdout) == (fresh.returncode, fresh.stdout) == (status, stdout)
    assert forked.stderr.splitlines()[-1:] == fresh.stderr.splitlines()[-1:]


def test_the_server_preloads_only_packages_that_exist() -> None:
    """A name in PRELOAD that no longer imports costs its speed silently: the server says so on
    stderr, and this test fails on it."""
    result = subprocess.run(build_server.SERVER, input="", capture_output=True, text=True, env=build_server.BASE_ENV,
                            cwd="/", timeout=60)
    assert result.returncode == 0 and result.stderr == ""
