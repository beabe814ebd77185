"""The build is atomic (macros/safety.py): a failed `mkdocs build`, whether it fails on the data,
half-way through the languages or on a --strict warning, leaves the previous site as it was,
byte for byte, and says so; a successful one replaces it whole."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT, copy_project, mkdocs_build, run_own_code

pytestmark = pytest.mark.build


def build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return mkdocs_build(project, site)


def snapshot(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def patch(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def first_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    project = copy_project(tmp_path_factory.mktemp("atomic") / "project")
    site = project.parent / "out" / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "The new site replaced" in result.stderr
    before = snapshot(site)
    assert "index.html" in before and "en/index.html" in before
    return project, site, before


BREAKAGES = {
    # fails in on_config, before anything is built
    "invalid data": ("data/objectives.yml", 'last_reviewed: "2026-11-29"', 'last_reviewed: "2024-02-30"',
                     'roadmap.last_reviewed: \'2024-02-30\' is not a real date'),
    # Spanish is written, then the English build (inside mkdocs-static-i18n) crashes
    "crash in the second language": ("docs/en/index.md", "\n", '\n{{ objectives_table(theme="no-such-theme") }}\n', "no-such-theme"),
    # --strict turns a warning into a failure only after every language is built
    "strict warning": ("docs/en/glosario.md", "\n", "\nSee [nothing](no-such-page.md).\n", "no-such-page.md"),
    # a hand-written page that would make readers' browsers call a third party: the audit stops it
    "site audit finding": ("docs/en/glosario.md", "\n", '\n<img src="https://tracker.example.com/p.png" alt="">\n',
                           "The site audit found 1 problem(s) in the new site:\n  docs/en/glosario.md:2:1: error: site audit: "
                           "en/glosario/index.html: resource from another host in <img src>: 'https://tracker.example.com/p.png'"),
}


@pytest.mark.parametrize("name", BREAKAGES)
def test_a_failed_build_leaves_the_previous_site_untouched(first_site: tuple[Path, Path, dict[str, str]], name: str) -> None:
    project, site, before = first_site
    relative, old, new, says = BREAKAGES[name]
    original = (project / relative).read_text(encoding="utf-8")
    patch(project / relative, old, new)
    try:
        result = build(project, site)
    finally:
        (project / relative).write_text(original, encoding="utf-8")
    assert result.returncode != 0
    assert says in result.stderr
    assert f"The build failed: {site} was left as it was" in result.stderr
    assert snapshot(site) == before
    assert [p.name for p in site.parent.iterdir()] == ["site"]  # no temporary folder left behind


def test_a_successful_build_replaces_the_site_whole(first_site: tuple[Path, Path, dict[str, str]]) -> None:
    project, site, before = first_site
    (site / "stale.html").write_text("from an old build", encoding="utf-8")
    result = build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    assert not (site / "stale.html").exists() and snapshot(site).keys() == before.keys()
    assert [p.name for p in site.parent.iterdir()] == ["site"]


def test_a_rendering_crash_names_the_data_line(first_site: tuple[Path, Path, dict[str, str]]) -> None:
    """Data the checker accepts but a template cannot render: the error says which entry, as the
    checker would (file:line:col), which CI turns into an annotation on that line."""
    project, site, before = first_site
    template = project / "roadmap" / "templates" / "country_page.html.j2"
    original = template.read_text(encoding="utf-8")
    patch(template, "<h1>{{ t(country.name) }}</h1>", "<h1>{{ t(country.name) }}{{ 1 / (0 if country.code == 'PE' else 1) }}</h1>")
    try:
        result = run_own_code([str(ROOT / "scripts" / "build_annotated.py"), "--format", "github",
                               "-f", str(project / "mkdocs.yml"), "--", "--site-dir", str(site)], project)
    finally:
        template.write_text(original, encoding="utf-8")
    data = (project / "data" / "objectives.yml").read_text(encoding="utf-8").splitlines()
    line = data.index("  - code: PE") + 1
    assert f"::error file=data/objectives.yml,line={line},col=1::Country 'PE': could not be generated (ZeroDivisionError" \
        in result.stdout, result.stdout[-2000:] + result.stderr[-2000:]
    assert snapshot(site) == before
