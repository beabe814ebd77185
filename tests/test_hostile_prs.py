"""Hostile pull-request changes beyond the data file (tests/hostile_prs.py, issue #18): each is
refused, naming the file and what was found, and leaves the previous site as it was; the changes a
browser opens safely are in tests/browser/test_hostile_pages.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import copy_project, mkdocs_build
from .hostile_prs import CHANGES, Change, by_answer, finding_lines

pytestmark = pytest.mark.build

BATCH = 10  # page and asset changes built together, each named in the refusal (the build lists 50)
BATCHED = by_answer("audit", alone=False)
BATCHES = [BATCHED[i:i + BATCH] for i in range(0, len(BATCHED), BATCH)]


def test_the_corpus_is_big_and_covers_every_area() -> None:
    assert len(CHANGES) >= 40 and len({c.name for c in CHANGES}) == len(CHANGES)
    assert {c.area for c in CHANGES} >= {"page", "asset", "schema", "translations", "mkdocs.yml", "overrides"}
    assert {c.answer for c in CHANGES} == {"check", "audit", "safe"}


def build(tmp_path: Path, changes: list[Change]) -> tuple[subprocess.CompletedProcess[str], Path]:
    project = copy_project(tmp_path / "project")
    for change in changes:
        change.apply(project)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site", encoding="utf-8")
    return mkdocs_build(project, site), project


def assert_left_alone(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "the previous site"
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".site-")]


@pytest.fixture(scope="module")
def batches(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, Path]]:
    """Each batched change's name → (the failed build's stderr, its tmp folder)."""
    results = {}
    for number, batch in enumerate(BATCHES):
        folder = tmp_path_factory.mktemp(f"batch{number}")
        result, _ = build(folder, batch)
        assert result.returncode == 1, result.stderr[-3000:]
        for change in batch:
            results[change.name] = (result.stderr, folder)
    return results


@pytest.mark.parametrize("change", BATCHED, ids=lambda c: f"{c.area}-{c.name}")
def test_the_audit_refuses_a_page_or_asset_naming_the_file(change: Change, batches: dict[str, tuple[str, Path]]) -> None:
    stderr, folder = batches[change.name]
    lines = finding_lines(stderr)
    assert any(line.startswith(f"{change.file}: ") and change.says in line for line in lines), \
        f"{change.name}: no finding '{change.file}: …{change.says}…' in:\n" + "\n".join(lines)
    assert "Traceback" not in stderr
    assert_left_alone(folder)


@pytest.mark.parametrize("change", by_answer("audit", alone=True), ids=lambda c: f"{c.area}-{c.name}")
def test_the_audit_refuses_a_theme_or_configuration_change(change: Change, tmp_path: Path) -> None:
    result, _ = build(tmp_path, [change])
    assert result.returncode == 1
    lines = finding_lines(result.stderr)
    assert any(line.startswith(f"{change.file}: ") and change.says in line for line in lines), \
        f"{change.name}: no finding '{change.file}: …{change.says}…' in:\n{result.stderr[-3000:]}"
    assert "Traceback" not in result.stderr
    assert_left_alone(tmp_path)


@pytest.mark.parametrize("change", by_answer("check"), ids=lambda c: f"{c.area}-{c.name}")
def test_files_that_are_not_the_repositorys_own_are_refused_before_anything_reads_them(change: Change, tmp_path: Path) -> None:
    result, project = build(tmp_path, [change])
    assert result.returncode == 1
    assert change.file in result.stderr and change.says in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert_left_alone(tmp_path)
    if change.file.startswith(("docs/", "data/")):  # `make check` names it too, without reading it
        check = subprocess.run([sys.executable, "-m", "roadmap", "check", str(project / "data" / "objectives.yml")],
                               capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
        assert check.returncode == 1
        assert f"{change.file}: error: " in check.stdout and change.says in check.stdout, check.stdout + check.stderr
        assert "Traceback" not in check.stderr
