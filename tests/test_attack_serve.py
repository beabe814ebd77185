"""Hostile review of issue #21's fourth session (branch `hostile3`, tests/ATTACK_ATTEMPTS.md rows
123 on): inputs a contributor may save during `make serve`, or a pull request may hold, on which
the caches and shortcuts of that session (kept Markdown, kept theme walk, generated pages
rendered just before they are written, static files not copied again) made a site other than a
full build's. Each test fails on the code before its fix."""

from __future__ import annotations

import html as html_module
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from roadmap import model

from .conftest import copy_project, mkdocs_build, run_own_code
from .test_incremental import assert_same, serve_builds

pytestmark = pytest.mark.build


def _nav_with(project: Path, *pages: str) -> None:
    """The project's navigation with generated pages (``objetivos/<id>.md``, ``paises/cl.md``)
    listed after the objectives' index, as a contributor may list a page they want found."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    entry = "      - objetivos/index.md\n"
    assert entry in text
    config.write_text(text.replace(entry, entry + "".join(f"      - {page}\n" for page in pages), 1), encoding="utf-8")


def _nav_text(html: str, href: str) -> str:
    """The text of the navigation's link to ``href`` in a built page."""
    found = re.search(rf'<a href="{re.escape(href)}" class="md-nav__link[^"]*">(.*?)</a>', html, re.S)
    assert found, href
    return html_module.unescape(" ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split()))


def test_a_generated_page_in_the_navigation_has_its_title_there_in_a_full_build(tmp_path: Path) -> None:
    """`mkdocs build` reads and renders a generated page just before writing it
    (macros/incremental.py ``_defer``); a page listed in the navigation is shown, by its title, on
    every page written before it: the title was None then, and the site published "None" as the
    navigation's entry for Chile's page (the serve build, which does not defer, said "Chile")."""
    project = copy_project(tmp_path / "project")
    first = next(iter(model.load(project / "data" / "objectives.yml").objectives.values()))
    _nav_with(project, "paises/cl.md", f"objetivos/{first.id}.md")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    for page, prefix, lang in (("index.html", "", "es"), ("acerca/index.html", "../", "es"),
                               ("en/index.html", "", "en")):
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        assert _nav_text(html, f"{prefix}paises/cl/") == "Chile", page
        assert _nav_text(html, f"{prefix}objetivos/{first.id}/") == first.title(lang), page


def run_script(script: str, project: Path, *args: str, env: dict[str, str] | None = None) -> None:
    """``script`` (one of the serve scripts below) in a Python of its own (forked: tests/build_server.py),
    in ``project`` and with the copy's code first on the path; it must end well."""
    result = run_own_code(["-c", script, *args], project, env=env, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]


# What the scripts below start with: MkDocs' serve builder as scripts/serve_builds.py drives it
# (a configuration loaded anew for each build, the serve address as site_url); the site folder is
# the first argument, the configuration file the third if given.
SERVE_PRELUDE = """
import json, os, subprocess, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

URL = "http://127.0.0.1:8123/hoja-de-ruta/"
CONFIG = sys.argv[3] if len(sys.argv) > 3 else "mkdocs.yml"

def rebuild(first=False):
    config = load_config(config_file=CONFIG, site_dir=sys.argv[1])
    config.site_url = URL
    if first:
        config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url=URL)
"""


def test_a_retitled_objective_in_the_navigation_reaches_every_page_in_make_serve(tmp_path: Path) -> None:
    """An objective's page listed in the navigation shows its title on every page; a saved
    English title makes the objective's page again, and must make every English page again
    (macros/incremental.py ``_retitled``): the other pages were reused with the old title in
    their navigation, as generated pages are marked not in the navigation."""
    project = copy_project(tmp_path / "project")
    first = next(iter(model.load(project / "data" / "objectives.yml").objectives.values()))
    _nav_with(project, f"objetivos/{first.id}.md")
    title = first.title("en")
    serve_builds(project, tmp_path / "served", ("data/objectives.yml", f"en: {title}\n", f"en: {title} (revised)\n"))
    serve_builds(project, tmp_path / "full")
    assert f"{title} (revised)" in _nav_text((tmp_path / "full" / "en" / "acerca" / "index.html").read_text(encoding="utf-8"),
                                             f"../objetivos/{first.id}/")
    assert_same(tmp_path / "served", tmp_path / "full")


# As `mkdocs serve` builds (scripts/serve_builds.py), with any step between two builds: shell
# commands (str), replacements ([path, old, new]) in the project and environment variables of the
# serve process ({name: value}), then a rebuild.
DRIVE = SERVE_PRELUDE + """
rebuild(True)
from macros import serve
for step in json.loads(sys.argv[2]):
    serve.wait()
    for action in step:
        if isinstance(action, str):
            subprocess.run(action, shell=True, check=True)
        elif isinstance(action, dict):  # the environment of the serve process (the clock's day)
            os.environ.update(action)
        else:
            path, old, new = action
            text = Path(path).read_text(encoding="utf-8")
            assert old in text, old
            Path(path).write_text(text.replace(old, new, 1), encoding="utf-8")
    rebuild()
serve.wait()
"""

GIT = {"GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "a",
       "GIT_COMMITTER_EMAIL": "a@example.org", "GIT_CONFIG_GLOBAL": "/dev/null"}


def drive(project: Path, site: Path, steps: list[list], config: str = "mkdocs.yml", env: dict[str, str] | None = None) -> None:
    run_script(DRIVE, project, str(site), json.dumps(steps), config, env={**GIT, **(env or {})})


def test_a_page_showing_the_last_commit_shows_a_new_one_in_make_serve(tmp_path: Path) -> None:
    """mkdocs-macros' ``git`` variable (the last commit, macros/once.py ``GitInfo``) on a written
    page: a commit made while serving changes no watched file, so the page's inputs
    (macros/incremental.py) did not see it, and the next rebuild (a save that leaves that
    language's pages as they were) served the old commit where a full build shows the new one."""
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "es" / "acerca.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nConstruido desde {{ git.short_commit }}.\n", encoding="utf-8")
    env = {**os.environ, **GIT}
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "one"]):
        subprocess.run(command, cwd=project, check=True, env=env)
    title = f"en: {next(iter(model.load(project / 'data' / 'objectives.yml').objectives.values())).title('en')}"
    drive(project, tmp_path / "served", [[["data/objectives.yml", f"{title}\n", f"{title} (revised)\n"]],
                                         ["git commit -q --allow-empty -m two",
                                          ["data/objectives.yml", f"{title} (revised)\n", f"{title} (again)\n"]]])
    serve_builds(project, tmp_path / "full")
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=project, capture_output=True, text=True).stdout.strip()
    assert f"Construido desde {head}" in (tmp_path / "full" / "acerca" / "index.html").read_text(encoding="utf-8")
    assert_same(tmp_path / "served", tmp_path / "full")


# As DRIVE, but each step is (saves before the rebuild, saves that land while it runs): the latter
# are made when the build takes the stamps of the files it watches (macros/incremental.py
# ``_files_state``), after MkDocs has read mkdocs.yml and the data, as a second save does that
# comes a moment after the first (an editor formatting on save, a script).
RACE = SERVE_PRELUDE + """
def save(path, old, new):
    text = Path(path).read_text(encoding="utf-8")
    assert old in text, old
    Path(path).write_text(text.replace(old, new, 1), encoding="utf-8")

rebuild(True)
from macros import incremental, serve
during, original = [], incremental._files_state

def files_state(*args):
    while during:
        save(*during.pop())
    return original(*args)

incremental._files_state = files_state
for before, meanwhile in json.loads(sys.argv[2]):
    serve.wait()
    for edit in before:
        save(*edit)
    during.extend(meanwhile)
    rebuild()
    assert not during, "the save meant to land during the build was not made"
serve.wait()
"""


def test_mkdocs_yml_saved_while_a_rebuild_runs_is_seen_by_the_next_one(tmp_path: Path) -> None:
    """The watched files' stamps (every page's inputs) were taken once MkDocs had read mkdocs.yml:
    a save landing in between gave the rebuild the old configuration and the new stamp, so the
    rebuild that save triggers reused every page made from the old one (78 files with the old
    colour here). MkDocs' watcher rebuilds after such a save; the site must then be the new one's."""
    project = copy_project(tmp_path / "project")
    title = f"en: {next(iter(model.load(project / 'data' / 'objectives.yml').objectives.values())).title('en')}"
    steps = [[[["data/objectives.yml", f"{title}\n", f"{title} (revised)\n"]], [["mkdocs.yml", "primary: indigo", "primary: teal"]]],
             [[], []]]
    run_script(RACE, project, str(tmp_path / "served"), json.dumps(steps))
    serve_builds(project, tmp_path / "full")
    assert 'data-md-color-primary="teal"' in (tmp_path / "full" / "acerca" / "index.html").read_text(encoding="utf-8")
    assert_same(tmp_path / "served", tmp_path / "full")


def test_a_configuration_file_of_another_name_is_one_of_the_pages_inputs(tmp_path: Path) -> None:
    """`mkdocs serve -f site.yml`: the pages' inputs (macros/incremental.py) held the stamp of
    ``mkdocs.yml``, not of the configuration the build reads, so a new setting in it left every
    page as the last build made it."""
    project = copy_project(tmp_path / "project")
    (project / "mkdocs.yml").rename(project / "site.yml")
    title = f"en: {next(iter(model.load(project / 'data' / 'objectives.yml').objectives.values())).title('en')}"
    drive(project, tmp_path / "served", [[["site.yml", "primary: indigo", "primary: teal"],
                                          ["data/objectives.yml", f"{title}\n", f"{title} (revised)\n"]]], config="site.yml")
    drive(project, tmp_path / "full", [], config="site.yml")
    assert 'data-md-color-primary="teal"' in (tmp_path / "full" / "acerca" / "index.html").read_text(encoding="utf-8")
    assert_same(tmp_path / "served", tmp_path / "full")


def test_a_static_file_at_a_written_pages_address_never_replaces_the_page_in_make_serve(tmp_path: Path) -> None:
    """``docs/es/acerca/index.html`` beside ``docs/es/acerca.md``: a full build copies the static
    files first and writes the pages after, so the page is what is published. A `make serve`
    rebuild that reused the page (an English title saved) copied the static file again (its copy
    had changed since: the page was written over it) and served it in the page's place."""
    project = copy_project(tmp_path / "project")
    (project / "docs" / "es" / "acerca").mkdir()
    (project / "docs" / "es" / "acerca" / "index.html").write_text("<p>not the page</p>\n", encoding="utf-8")
    title = f"en: {next(iter(model.load(project / 'data' / 'objectives.yml').objectives.values())).title('en')}"
    serve_builds(project, tmp_path / "served", ("data/objectives.yml", f"{title}\n", f"{title} (revised)\n"))
    serve_builds(project, tmp_path / "full")
    assert "not the page" not in (tmp_path / "full" / "acerca" / "index.html").read_text(encoding="utf-8")
    assert_same(tmp_path / "served", tmp_path / "full")


def test_a_serve_process_that_outlives_a_day_judges_milestones_against_the_new_one(tmp_path: Path) -> None:
    """The renderer (and the day milestones are judged overdue against, ``ROADMAP_TODAY`` or the
    clock's date) was kept while the data file kept its stamp (macros/__init__.py ``site``): a
    `make serve` left running past midnight served yesterday's statuses after a template's edit, where
    a full build judges them against today. The day is the environment variable here, as the
    clock's date cannot be moved. (A page's edit refreshes the translations' report, and so the
    renderer: a template's edit did not.)"""
    import yaml

    from roadmap import synthetic

    project = copy_project(tmp_path / "project")
    data = project / "data" / "objectives.yml"  # six synthetic objectives, with milestones (the real data has none pending)
    base = yaml.safe_load(data.read_text(encoding="utf-8"))
    data.write_text(synthetic.synthetic_yaml(len(base["objectives"]) + 6, base=base), encoding="utf-8")
    # a template's edit (a Jinja comment): no page's text, the data or the translations changed
    template = "overrides/main.html"
    assert "{% extends" in (project / template).read_text(encoding="utf-8")
    drive(project, tmp_path / "served", [[{"ROADMAP_TODAY": "2028-06-01"}, [template, "{% extends", "{# edited #}{% extends"]]],
          env={"ROADMAP_TODAY": "2026-01-15"})
    serve_builds(project, tmp_path / "full", env={"ROADMAP_TODAY": "2028-06-01"})
    serve_builds(project, tmp_path / "before", env={"ROADMAP_TODAY": "2026-01-15"})
    progress = "en/progreso/index.html"
    assert (tmp_path / "full" / progress).read_bytes() != (tmp_path / "before" / progress).read_bytes(), "a milestone falls due"
    assert_same(tmp_path / "served", tmp_path / "full")


# As RACE, but the save lands just after the build copies a static file (macros/incremental.py
# ``_copy``), as a stylesheet tool writing its output twice in a row does.
COPY_RACE = SERVE_PRELUDE + """
CSS = Path("docs/assets/stylesheets/record.css")

rebuild(True)
from macros import incremental, serve
copy, armed = incremental._copy, []

def copied_then_saved(file, dirty=False):
    copy(file, dirty)
    if armed and file.abs_src_path and Path(file.abs_src_path).resolve() == CSS.resolve():
        armed.clear()
        CSS.write_text(CSS.read_text(encoding="utf-8") + "/* saved again */\\n", encoding="utf-8")

incremental._copy = copied_then_saved
serve.wait()
CSS.write_text(CSS.read_text(encoding="utf-8") + "/* saved */\\n", encoding="utf-8")
armed.append(True)
rebuild()
assert not armed, "the second save was not made"
serve.wait()
rebuild()  # MkDocs' watcher saw the second save
serve.wait()
"""


def test_a_static_file_saved_again_while_it_is_copied_is_copied_again(tmp_path: Path) -> None:
    """A static file's stamps were taken after its copy (macros/incremental.py ``_copy_file``): a
    save landing between the copy and the stamp recorded the new source's stamp beside the old
    copy, and no later rebuild copied it again."""
    project = copy_project(tmp_path / "project")
    run_script(COPY_RACE, project, str(tmp_path / "served"))
    serve_builds(project, tmp_path / "full")
    assert "saved again" in (tmp_path / "full" / "assets" / "stylesheets" / "record.css").read_text(encoding="utf-8")
    assert_same(tmp_path / "served", tmp_path / "full")


# mkdocs.yml saved during `mkdocs serve`'s first build, between MkDocs' reading it (before the
# hooks were loaded, so not seen) and the build's stamps; then a rebuild, as MkDocs' watcher makes.
FIRST_RACE = """
import sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

URL = "http://127.0.0.1:8123/hoja-de-ruta/"

def configured():
    config = load_config(config_file="mkdocs.yml", site_dir=sys.argv[1])
    config.site_url = URL
    return config

first = configured()  # the hooks are loaded now, after MkDocs read the file
from macros import incremental, serve
original, armed = incremental._files_state, [True]

def files_state(*args):
    if armed:
        armed.clear()
        text = Path("mkdocs.yml").read_text(encoding="utf-8")
        Path("mkdocs.yml").write_text(text.replace("primary: indigo", "primary: teal", 1), encoding="utf-8")
    return original(*args)

incremental._files_state = files_state
first.plugins.on_startup(command="serve", dirty=False)
build(first, serve_url=URL)
assert not armed
serve.wait()
build(configured(), serve_url=URL)
serve.wait()
"""


def test_mkdocs_yml_saved_during_the_first_build_is_seen_by_the_next_one(tmp_path: Path) -> None:
    """The first configuration load comes before the hooks (macros/incremental.py cannot note
    its stamp): its stamp, taken later and that close to the change, is not trusted."""
    project = copy_project(tmp_path / "project")
    run_script(FIRST_RACE, project, str(tmp_path / "served"))
    serve_builds(project, tmp_path / "full")
    assert 'data-md-color-primary="teal"' in (tmp_path / "full" / "acerca" / "index.html").read_text(encoding="utf-8")
    assert_same(tmp_path / "served", tmp_path / "full")
