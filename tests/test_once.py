"""macros/once.py: mkdocs-macros' ``git`` variable runs its ``git`` commands only when a page reads
it (issue #21: thirteen commands at the start of every build, for a variable no page read), and a
page that reads it still shows the last commit. Real builds, with the real ``git`` behind a
wrapper that notes each command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT, copy_project, mkdocs_build, run_own_code

pytestmark = pytest.mark.build

MACROS_ONLY = "describe --tags"  # one of mkdocs-macros' commands; the build's own never runs it


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    project = copy_project(tmp_path / "project")
    identity = {"GIT_AUTHOR_NAME": "Ana", "GIT_AUTHOR_EMAIL": "ana@example.org", "GIT_COMMITTER_NAME": "Ana",
                "GIT_COMMITTER_EMAIL": "ana@example.org", "HOME": str(tmp_path)}
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "first"]):
        subprocess.run(["git", *command], cwd=project, check=True, env={**os.environ, **identity})
    wrapper = tmp_path / "bin" / "git"
    wrapper.parent.mkdir()
    log = tmp_path / "git.log"
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> {log}\nexec /usr/bin/git "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    return project, log, {"PATH": f"{wrapper.parent}:/usr/bin:/bin", "HOME": str(tmp_path)}


def test_no_page_reads_git_and_no_macros_git_command_runs(project: tuple[Path, Path, dict[str, str]], tmp_path: Path) -> None:
    root, log, env = project
    result = mkdocs_build(root, tmp_path / "site", env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert MACROS_ONLY not in (log.read_text() if log.exists() else ""), log.read_text()


def test_a_page_that_reads_git_shows_the_last_commit(project: tuple[Path, Path, dict[str, str]], tmp_path: Path) -> None:
    root, log, env = project
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True,
                            check=True).stdout.strip()
    for lang, page in (("es", "acerca.md"), ("en", "acerca.md")):
        path = root / "docs" / lang / page
        path.write_text(path.read_text(encoding="utf-8") + "\n\nCommit {{ git.short_commit }}, {{ git['author'] }}.\n",
                        encoding="utf-8")
    # mkdocs-macros asks git about the folder the build runs in
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")], cwd=root,
                            capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", **env}, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    for folder in ("", "en/"):
        assert f"Commit {commit}, Ana." in (tmp_path / "site" / folder / "acerca" / "index.html").read_text(encoding="utf-8")
    assert MACROS_ONLY in log.read_text()


def test_git_is_still_a_mapping_to_a_page_and_the_debug_output_does_not_run_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page used `git` as the dict it was: Jinja's `items` filter and `is mapping` test took it."""
    import jinja2
    from super_collections import SuperDict

    from macros import once

    calls: list[int] = []
    monkeypatch.setattr(once, "_original_get_git_info", lambda: calls.append(1) or {"status": True, "date": None, "tag": "v1"})
    monkeypatch.setattr(once, "_git", {})
    git = once._get_git_info()
    SuperDict({"git": git}).to_json()  # mkdocs-macros' on_pre_build, at every build
    assert calls == []
    page = "{% for k, v in git | items %}{{ k }}={{ v }};{% endfor %} {{ git is mapping }} {{ git.get('tag') }} {{ git | length }}"
    assert jinja2.Environment().from_string(page).render(git=git) == "status=True;date=None;tag=v1; True v1 3"
    assert calls == [1]


SERVE_TWICE = """
import subprocess, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

site = Path(sys.argv[1])

def rebuild(first):  # as `mkdocs serve` does: the configuration loaded anew for each build
    config = load_config(config_file="mkdocs.yml", site_dir=str(site))
    if first:
        config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8123/hoja-de-ruta/")

rebuild(True)
Path("overrides/assets").mkdir(parents=True)
Path("overrides/assets/new.txt").write_text("a file added while serving")
subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", "second"], check=True)
rebuild(False)
"""


def test_a_serve_rebuild_sees_a_new_theme_file_and_a_new_commit(project: tuple[Path, Path, dict[str, str]], tmp_path: Path) -> None:
    """MkDocs 1.6 loads a hooks file once per process: what macros/once.py keeps for a build was
    forgotten at the module's loading, so `mkdocs serve` kept the theme's file list and the commit
    of its first build until it was restarted."""
    root, _, env = project
    for lang in ("es", "en"):
        path = root / "docs" / lang / "acerca.md"
        path.write_text(path.read_text(encoding="utf-8") + "\n\nCommit {{ git.short_commit }}.\n", encoding="utf-8")
    identity = {"GIT_AUTHOR_NAME": "Ana", "GIT_AUTHOR_EMAIL": "ana@example.org", "GIT_COMMITTER_NAME": "Ana",
                "GIT_COMMITTER_EMAIL": "ana@example.org"}
    site = tmp_path / "site"
    result = subprocess.run([sys.executable, "-c", SERVE_TWICE, str(site)], cwd=root, capture_output=True, text=True,
                            env={"NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(root), **env, **identity}, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True,
                            check=True).stdout.strip()
    for folder in ("", "en/"):
        assert f"Commit {commit}." in (site / folder / "acerca" / "index.html").read_text(encoding="utf-8")
    assert (site / "assets" / "new.txt").is_file()


SERVE_WALKS = """
import json, os, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

site, walks = Path(sys.argv[1]), []

def rebuild(first=False):  # as `mkdocs serve` does: the configuration loaded anew for each build
    config = load_config(config_file="mkdocs.yml", site_dir=str(site))
    if first:
        config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8123/hoja-de-ruta/")

def seen():
    return [len(walks), sorted(p.relative_to(site).as_posix() for p in (site / "partials").rglob("*.txt"))]

def settled(top):
    # the walk after a change trusted: the folders' times put back past a tick of the clock, as
    # if changed earlier (what waiting RACY_NS did, 2 s per step). The first step still walks
    # again: the walk of the first build, right after the copy, was too close to trust
    from macros import once
    past = time.time_ns() - once.RACY_NS - 1_000_000_000
    for folder in [top, *(p for p in Path(top).rglob("*") if p.is_dir())]:
        os.utime(folder, ns=(past, past))

rebuild(True)
from macros import once
original = once._original_add_files_from_theme
once._original_add_files_from_theme = lambda *a: walks.append(1) or original(*a)
folder = Path("overrides/partials/javascripts")
steps = []
for change in (None, None, lambda: folder.joinpath("new.txt").write_text("added"),
               lambda: folder.joinpath("new.txt").rename(folder / "renamed.txt"), None):
    if change:
        change()
        settled(folder)
    rebuild()
    steps.append(seen())
print(json.dumps(steps))
"""


def test_a_serve_rebuild_keeps_the_theme_walk_until_a_theme_folder_changes(tmp_path: Path) -> None:
    """macros/once.py keeps the theme's walk between `mkdocs serve` builds while its folders keep
    their stamps: an unchanged theme is not walked again, a file added or renamed in a nested
    folder of the theme is walked again and copied (and the old name's copy removed)."""
    root = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    result = run_own_code(["-c", SERVE_WALKS, str(site)], root, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    steps = json.loads(result.stdout.strip().splitlines()[-1])
    (walks, *_), *_ = steps  # the first rebuild walks (the copy's folders were too new to trust)
    assert walks and steps[1] == [walks, []]  # the next one not at all
    assert steps[2][0] > walks and steps[2][1] == ["partials/javascripts/new.txt"]
    assert steps[3][0] > steps[2][0] and steps[3][1] == ["partials/javascripts/renamed.txt"]
    assert steps[4] == steps[3]


BUILD_WALKS = """
import json, sys
import jinja2
from mkdocs.commands.build import build
from mkdocs.config import load_config
from macros import once

walked = []  # folders walked (a kept walk's check runs MkDocs' filter over the names it lists)
original = once._original_add_files_from_theme
once._original_add_files_from_theme = lambda files, env, config: (
    isinstance(env.loader, jinja2.FileSystemLoader) and walked.append(config.theme.dirs[0])) or original(files, env, config)
build(load_config(config_file="mkdocs.yml", site_dir=sys.argv[1]))
print(json.dumps(walked))
"""


def test_a_big_theme_folders_walk_is_kept_for_the_next_process_until_it_changes(tmp_path: Path) -> None:
    """macros/once.py keeps the walk of a theme folder of more than KEPT_ABOVE files on disk
    (roadmap/caches.py): a new `mkdocs build` walks neither the installed Material nor a big
    overrides/ again; a file added there is walked and copied; a cache file naming a path outside
    the folder, or not what the build writes, is walked past, never copied or an error."""
    from macros import once

    root = copy_project(tmp_path / "project")
    many = root / "overrides" / "many"
    many.mkdir()
    for number in range(once.KEPT_ABOVE + 1):  # templates: walked, never copied
        (many / f"t{number}.html").write_text("x", encoding="utf-8")
    past = time.time_ns() - once.RACY_NS - 1_000_000_000  # as if written earlier: trusted
    for folder in (many, many.parent):
        os.utime(folder, ns=(past, past))
    def build(site: str) -> list[str]:
        result = run_own_code(["-c", BUILD_WALKS, str(tmp_path / site)], root, env={"ROADMAP_CACHE_DIR": str(tmp_path / "cache")})
        assert result.returncode == 0, result.stderr[-3000:]
        return ["/".join(Path(top).parts[-2:]) for top in json.loads(result.stdout.strip().splitlines()[-1])]

    big = {"project/overrides", "material/templates"}  # ours, and the installed Material's
    assert big <= set(build("first"))
    assert big.isdisjoint(build("second"))
    (many / "new.txt").write_text("added", encoding="utf-8")
    os.utime(many, ns=(past + 1, past + 1))
    assert "project/overrides" in build("third") and (tmp_path / "third" / "many" / "new.txt").is_file()
    assert not (tmp_path / "second" / "many").exists()
    kept = json.loads((tmp_path / "cache" / once.KEPT_FILE).read_text(encoding="utf-8"))
    ours = next(entry for entry in kept if entry["key"][0] == str(root / "overrides"))
    ours["files"].append("../mkdocs.yml")
    (tmp_path / "cache" / once.KEPT_FILE).write_text(json.dumps(kept), encoding="utf-8")
    assert "project/overrides" in build("fourth") and not (tmp_path / "mkdocs.yml").exists()
    (tmp_path / "cache" / once.KEPT_FILE).write_text('[{"key": 1}, "x", [[]]]', encoding="utf-8")
    assert big <= set(build("fifth"))
    assert not list((tmp_path / "fourth").rglob("mkdocs.yml"))


POISONED = {  # a damaged theme-walks.json: each walked past, never an error or a wait
    "a stamp of infinity": lambda entry: entry["folders"].update({"/nowhere": [float("inf"), 0, 0, 0]}),
    "a folder with a null byte": lambda entry: entry["folders"].update({"/x\0y": [0, 0, 0, 0]}),
    "a file MkDocs leaves out": lambda entry: entry["files"].append("__init__.py"),
    "a template": lambda entry: entry["files"].append("main.html"),
    "a path out of the folder": lambda entry: entry["files"].append("../__init__.py"),
    "files not a list": lambda entry: entry.update({"files": {"a": 1}}),
}


@pytest.mark.parametrize("damage", [*POISONED, "nested past the recursion limit", "a FIFO", "1 MB of spaces"])
def test_a_damaged_kept_walk_is_walked_past(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    """The kept walk of the installed Material (as a build keeps it) damaged one way: read as no
    walk at all, without a traceback or a wait; undamaged, it is the walk itself."""
    from mkdocs.config import load_config

    from macros import once
    from roadmap import caches

    monkeypatch.setenv(caches.CACHE_ENV, str(tmp_path))
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    top = next(d for d in config.theme.dirs if Path(d).parts[-2:] == ("material", "templates"))
    static = once._static_templates(config)
    monkeypatch.setattr(once, "_walks", {})
    walk = once._walk(top, static, config)
    assert once._kept_walk(caches.read_kept(once.KEPT_FILE), top, static, config) == (walk, once._walks[(top, static)][1], True)
    kept = tmp_path / once.KEPT_FILE
    if damage in POISONED:
        entries = json.loads(kept.read_text(encoding="utf-8"))
        POISONED[damage](entries[0])
        kept.write_text(json.dumps(entries), encoding="utf-8")
    elif damage == "a FIFO":
        kept.unlink()
        os.mkfifo(kept)
    else:
        kept.write_text("[" * 200_000 + "]" * 200_000 if damage.startswith("nested") else " " * (1 << 20) + "[]",
                        encoding="utf-8")
    assert once._kept_walk(caches.read_kept(once.KEPT_FILE), top, static, config) is None
