"""The two languages built in parallel processes (macros/parallel.py) give the very same site,
byte for byte, as mkdocs-static-i18n building them one after the other; a failure in the
process building the other languages fails the build."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ROOT, copy_project, mkdocs_build

pytestmark = pytest.mark.build


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


# hand back "1": the other language's process sends its search documents back for the parent to
# index, as it does past macros/search_pages.HAND_BACK_FROM pages (1,000 objectives)
# a build day (SOURCE_DATE_EPOCH) after every page's date: sitemap.xml.gz carries the pages' latest
# date, not the day (it did, built in parallel, and differed from the sequential build's)
_sequential: dict[str | None, dict[str, bytes]] = {}  # by build day: hand back is a parallel build's alone


@pytest.mark.parametrize("hand_back, day", [("500", None), ("1", None), ("500", "2000000000")])
def test_parallel_build_writes_the_same_bytes_as_a_sequential_one(tmp_path: Path, hand_back: str, day: str | None) -> None:
    sites = {}
    for mode in ("0", "1"):
        if mode == "0" and day in _sequential:  # the same build as for the other hand back (a real-size build less)
            sites[mode] = _sequential[day]
            continue
        site = tmp_path / f"site-{mode}"
        env = {"ROADMAP_PARALLEL_LANGUAGES": mode, "ROADMAP_HAND_BACK_FROM": hand_back, **({"SOURCE_DATE_EPOCH": day} if day else {})}
        result = mkdocs_build(ROOT, site, env=env)
        assert result.returncode == 0, result.stderr[-3000:]
        sites[mode] = files_of(site)
    _sequential[day] = sites["0"]
    sequential, parallel = sites["0"], sites["1"]
    assert sorted(parallel) == sorted(sequential)  # nothing left out: the same files, all of them
    assert any(name.startswith("en/objetivos/") for name in parallel) and "sitemap.xml.gz" in parallel
    different = [name for name in sequential if sequential[name] != parallel[name]]
    assert not different, different[:20]


def test_a_failure_in_the_other_language_fails_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "en" / "glosario.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{ no_such_macro() }}\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", env={"ROADMAP_PARALLEL_LANGUAGES": "1"})
    assert result.returncode != 0
    assert "no_such_macro" in result.stderr
