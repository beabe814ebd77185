"""macros/collector.py: the garbage collector skips what lives for the whole build, and only while
the build lasts. A frozen object is never collected, so in `mkdocs serve` what a build froze and
the next one dropped (its configuration, plugins, pages) stayed: the process grew by 1.3 MB with
every rebuild at the real size."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import copy_project
from .test_incremental import serve_builds

pytestmark = pytest.mark.build


def test_nothing_stays_frozen_after_a_build_or_a_rebuild(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    site = tmp_path / "served"
    serve_builds(project, site, ("data/objectives.yml", "\nobjectives:\n", "\n\nobjectives:\n"))
    frozen = [int(Path(f"{site}.{n}.frozen").read_text(encoding="ascii")) for n in (0, 1)]
    assert frozen == [0, 0], frozen
