"""Only the repository's own regular files are read and published (issue #18,
roadmap/repo_files.py, macros/own_files.py): a symbolic link or another kind of non-regular file
under docs/, data/ or overrides/ (the folders themselves included) is refused by `make check` and
by the build, naming the path, in the contributor's language; nothing is read through it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from roadmap import repo_files

from .conftest import build_env, copy_project, mkdocs_build


def names(root: Path) -> list[str]:
    return [name for name, _ in repo_files.refused(root)]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for folder in ("docs/es", "docs/assets", "data", "overrides/partials"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "docs" / "es" / "index.md").write_text("# x\n", encoding="utf-8")
    (tmp_path / "data" / "objectives.yml").write_text("roadmap: {}\n", encoding="utf-8")
    return tmp_path


def test_plain_files_and_folders_pass(tree: Path) -> None:
    assert repo_files.refused(tree) == []


@pytest.mark.parametrize("link,target", [
    ("docs/assets/passwd.txt", "/etc/passwd"),
    ("docs/assets/config", "../../.git/config"),
    ("docs/assets/environ", "/proc/self/environ"),
    ("docs/assets/ssh", "/etc/ssh"),  # a folder: a whole host folder would be copied
    ("docs/es/page.md", "../../README.md"),
    ("data/objectives.schema.json", "/etc/hostname"),
    ("overrides/partials/footer.html", "/etc/hosts"),
    ("docs/assets/dangling.png", "/nowhere/at/all"),
])
def test_a_symbolic_link_is_refused_naming_its_path_and_target(tree: Path, link: str, target: str) -> None:
    (tree / link).unlink(missing_ok=True)
    (tree / link).symlink_to(target)
    [(name, reason)] = repo_files.refused(tree)
    assert name == link
    assert f"symbolic link (to {target})" in reason.en and f"enlace simbólico (a {target})" in reason.es


def test_the_data_file_as_a_link_to_dev_zero_is_refused(tree: Path) -> None:
    (tree / "data" / "objectives.yml").unlink()
    (tree / "data" / "objectives.yml").symlink_to("/dev/zero")
    assert names(tree) == ["data/objectives.yml"]


@pytest.mark.parametrize("folder", ["docs", "data", "overrides", "docs/es"])
def test_a_folder_that_is_a_link_is_refused_without_walking_into_it(tmp_path: Path, folder: str) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "inner").mkdir(parents=True)
    (elsewhere / "inner" / "link").symlink_to("/etc/passwd")
    (tmp_path / folder).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / folder).symlink_to(elsewhere)
    assert names(tmp_path) == [folder]


def test_pipes_sockets_and_devices_are_refused(tree: Path) -> None:
    os.mkfifo(tree / "docs" / "assets" / "pipe")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tree / "data" / "sock"))
        found = dict(repo_files.refused(tree))
    assert set(found) == {"docs/assets/pipe", "data/sock"}
    assert all("not a plain file or folder" in reason.en for reason in found.values())


def test_thousands_of_links_are_named_by_the_first_ones_then_counted(tree: Path) -> None:
    for number in range(300):
        (tree / "docs" / "assets" / f"l{number:03}").symlink_to("/etc/passwd")
    found = repo_files.refused(tree)
    assert len(found) == repo_files.MAX_PROBLEMS + 1
    assert found[-1] == ("", repo_files.message("check_not_regular_more", count=300 - repo_files.MAX_PROBLEMS))


def check(project: Path, *args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "roadmap", "check", str(project / "data" / "objectives.yml"), *args],
                          capture_output=True, text=True, timeout=60, cwd=project,
                          env=build_env({"LANG": "es_ES.UTF-8" if lang == "es" else "C.UTF-8"}))


def test_make_check_refuses_a_link_in_the_contributors_language_without_reading_it(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs" / "assets" / "passwd.txt").symlink_to("/etc/passwd")
    (project / "data" / "objectives.yml").unlink()
    (project / "data" / "objectives.yml").symlink_to("/dev/zero")  # read, it would never end
    spanish = check(project, lang="es")
    assert spanish.returncode == 1
    assert "data/objectives.yml: error: esto es un enlace simbólico (a /dev/zero)" in spanish.stdout
    assert "docs/assets/passwd.txt: error: esto es un enlace simbólico (a /etc/passwd)" in spanish.stdout
    assert "Traceback" not in spanish.stderr
    github = check(project, "--format", "github")
    assert "::error file=docs/assets/passwd.txt::esto es un enlace simbólico" in github.stdout
    assert "this is a symbolic link (to /etc/passwd)" in github.stdout


@pytest.mark.build
def test_the_build_refuses_a_link_and_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs" / "assets" / "host").symlink_to("/etc")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous", encoding="utf-8")
    result = mkdocs_build(project, site)
    assert result.returncode == 1
    assert "docs/assets/host: error: this is a symbolic link (to /etc)" in result.stderr
    assert [p.name for p in site.iterdir()] == ["index.html"] and (site / "index.html").read_text() == "previous"
    assert not list(tmp_path.glob(".site-building-*"))


@pytest.mark.build
def test_the_build_refuses_an_asset_where_pagefind_writes(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs" / "pagefind" / "es").mkdir(parents=True)
    (project / "docs" / "pagefind" / "es" / "pagefind.js").write_text("alert(1)", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "pagefind/es/pagefind.js would be published in pagefind/" in result.stderr
