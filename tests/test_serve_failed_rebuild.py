"""`mkdocs serve` goes on after a rebuild fails (a save with a mistake, shown in the browser until
fixed); the rebuild after it must still serve what a full build of the fixed project makes,
byte for byte, no file of the last good build left behind (macros/incremental.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import copy_project
from .test_incremental import assert_same, serve_builds

pytestmark = pytest.mark.build


def test_an_objective_removed_by_a_failed_save_has_no_page_once_the_save_is_fixed(tmp_path: Path) -> None:
    """The last objective removed in a save that also breaks the YAML (the build fails), then the
    mistake fixed: its pages, in both languages, were left in the served site (a failed build
    forgot the files the last good one made, so the next one removed none of them)."""
    project = copy_project(tmp_path / "project")
    text = (project / "data" / "objectives.yml").read_text(encoding="utf-8")
    end = text.index("\nglossary:\n") + 1
    entry = text[text.rindex("  - id: ", 0, end):end]
    gone = entry.split("\n", 1)[0].removeprefix("  - id: ")
    served = serve_builds(project, tmp_path / "served", ("data/objectives.yml", entry, "  - title: [\n"),
                          ("data/objectives.yml", "  - title: [\n", ""), env={"SERVE_BUILDS_KEEP_GOING": "1"})
    assert served[::2] == ["build", "failed", "rebuild"]
    assert f"\n  - id: {gone}\n" not in (project / "data" / "objectives.yml").read_text(encoding="utf-8")
    serve_builds(project, tmp_path / "full")
    assert not (tmp_path / "full" / "objetivos" / gone).exists()
    assert_same(tmp_path / "served", tmp_path / "full")
