"""Reproducible builds (issue #17): with the build time (``SOURCE_DATE_EPOCH``) and the day statuses
are computed for (``ROADMAP_TODAY``) pinned, two builds of the same input give the same bytes, and
each pin really decides what it stands for."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from roadmap import progress, synthetic

from .conftest import ROOT, copy_project, mkdocs_build

EPOCH = 1700000000  # 2023-11-14 UTC: not the day the tests run, so the clock cannot pass for the pin
EPOCH_DAY = "2023-11-14"
BEFORE, AFTER = "2026-01-15", "2028-06-01"


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project with six synthetic objectives added: the real data has no pending milestone,
    and these have some before, between and after the two pinned days."""
    project = copy_project(tmp_path_factory.mktemp("reproducible") / "project")
    base = yaml.safe_load((ROOT / "data" / "objectives.yml").read_text(encoding="utf-8"))
    (project / "data" / "objectives.yml").write_text(
        synthetic.synthetic_yaml(len(base["objectives"]) + 6, base=base), encoding="utf-8")
    return project


def build(project: Path, site: Path, today: str, fresh: bool = False) -> dict[str, bytes]:
    result = mkdocs_build(project, site, env={"SOURCE_DATE_EPOCH": str(EPOCH), "ROADMAP_TODAY": today}, fresh=fresh)
    assert result.returncode == 0, result.stderr[-3000:]
    return tree(site)


@pytest.mark.build
def test_two_pinned_builds_are_byte_identical_and_the_pins_decide(project: Path, tmp_path: Path) -> None:
    first = build(project, tmp_path / "first", BEFORE)
    # a new interpreter, its own string hash seed (the first is a fork of the tests' build server,
    # tests/build_server.py): an order that hangs on the seed differs
    second = build(project, tmp_path / "second", BEFORE, fresh=True)
    assert len(first) > 200
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    # the sitemap carries no build stamp at all: each <lastmod> is when the page's content last
    # changed (issue #19), neither the pinned day nor the clock's
    sitemap = first["sitemap.xml"].decode("utf-8")
    stamps = set(re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap))
    assert stamps and EPOCH_DAY not in stamps and BEFORE not in stamps
    # a later day makes milestones overdue that were not: the day is the pin's, not the clock's
    later = build(project, tmp_path / "later", AFTER)
    badge = b"milestone-badge--overdue"
    for page in ("progreso/index.html", "en/progreso/index.html"):
        assert 0 < first[page].count(badge) < later[page].count(badge)


def test_roadmap_today_is_read_and_checked() -> None:
    assert progress.today({"ROADMAP_TODAY": "2026-12-06"}) == dt.date(2026, 12, 6)
    # unpinned: the date in Mexico City, where a milestone's day ends last in the Alliance (issue #19)
    assert progress.today({}) == dt.datetime.now(ZoneInfo("America/Mexico_City")).date()
    for wrong in ("2026-13-01", "2026-02-30", "6/12/2026", "2026-12-6", "tomorrow"):
        with pytest.raises(progress.SettingError) as caught:
            progress.today({"ROADMAP_TODAY": wrong})
        assert wrong in caught.value.text.en and "YYYY-MM-DD" in caught.value.text.en
        assert wrong in caught.value.text.es and "AAAA-MM-DD" in caught.value.text.es


@pytest.mark.build
def test_a_malformed_roadmap_today_stops_the_build_with_a_clear_message(tmp_path: Path) -> None:
    result = mkdocs_build(ROOT, tmp_path / "site", env={"ROADMAP_TODAY": "2026-13-01"})
    assert result.returncode != 0
    assert "ROADMAP_TODAY='2026-13-01' is not a date" in result.stderr
    assert "Traceback" not in result.stderr
