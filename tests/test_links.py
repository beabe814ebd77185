"""Links: every internal link and anchor of the built site resolves, in both languages; the
checker fails on a planted broken link; external links are listed, not fetched; the repository's
own Markdown (README, CONTRIBUTING, templates) links to files that exist."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from roadmap import model
from roadmap.project import DATA_FILE

from .conftest import ROOT, copy_project, mkdocs_build

pytestmark = pytest.mark.build

CHECKER = ROOT / "scripts" / "check_links.py"
SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nplugins:")[0])["site_url"]


def check_links(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(CHECKER), str(site), "--site-url", SITE_URL, *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_every_internal_link_and_anchor_of_the_real_site_resolves(built_site: Path, tmp_path: Path) -> None:
    result = check_links(built_site, "--external-report", str(tmp_path / "external.md"))
    assert result.returncode == 0, result.stdout[-4000:]
    assert result.stdout == ""
    # both languages were checked, generated pages included
    pages = re.search(r"(\d+) pages checked", result.stderr)
    assert pages and int(pages.group(1)) >= 2 * (len(model.load(DATA_FILE).objectives) + 10), result.stderr


def test_external_links_are_listed_with_their_pages(built_site: Path, tmp_path: Path) -> None:
    report_file = tmp_path / "external.md"
    assert check_links(built_site, "--external-report", str(report_file)).returncode in (0, 1)  # 1: a broken link
    report = report_file.read_text(encoding="utf-8")
    for source in model.load(DATA_FILE).sources.values():
        assert f"<{source.url}>" in report, f"source {source.id} is cited on the site but missing from the report"
    assert "/edit/main/docs/en/index.md>" in report  # the edit button of a Markdown page
    assert SITE_URL not in report  # the site's own absolute links are internal, not external


@pytest.fixture
def planted_site(built_site: Path, tmp_path: Path) -> Path:
    """A copy of the real site with one page broken in every way a link can break."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page = site / "en" / "fuentes" / "index.html"
    html = page.read_text(encoding="utf-8")
    planted = ('<p><a href="../no-such-page/">gone</a> <a href="../glosario/#no-such-anchor">anchor</a> '
               '<a href="#nor-here">local</a> <a href="/fuentes/">root</a> <img src="../assets/missing.png" alt="">'
               '<a href="../glosario/">fine</a> <a href="https://example.org/elsewhere">outside</a></p>')
    page.write_text(html.replace("</article>", planted + "</article>", 1), encoding="utf-8")
    return site


def test_the_checker_finds_each_planted_broken_link(planted_site: Path) -> None:
    result = check_links(planted_site)
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith("en/fuentes/index.html:")]
    assert len(lines) == 5, result.stdout  # the fine link and the external one are not reported
    expected = {"../no-such-page/": "no such page", "../glosario/#no-such-anchor": "no anchor #no-such-anchor",
                "#nor-here": "no anchor #nor-here", "/fuentes/": "outside the site",
                "../assets/missing.png": "no such page or file"}
    for href, reason in expected.items():
        assert any(f"'{href}'" in line and reason in line for line in lines), f"{href} not reported: {result.stdout}"
    assert "broken internal link(s)" in result.stderr


def test_github_format_names_the_markdown_file_of_the_page(planted_site: Path) -> None:
    result = check_links(planted_site, "--format", "github")
    assert result.returncode == 1
    assert result.stdout.count("::error file=docs/en/fuentes.md::en/fuentes/index.html:") == 5, result.stdout


def test_a_root_relative_link_in_markdown_passes_the_build_but_not_the_link_check(tmp_path: Path) -> None:
    """MkDocs only logs `/fuentes/` at INFO level; on GitHub Pages it would leave the site."""
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "es" / "glosario.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\nVea las [fuentes](/fuentes/).\n", encoding="utf-8")
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    result = check_links(site)
    assert result.returncode == 1
    assert any(line.startswith("glosario/index.html:") and "'/fuentes/': outside the site" in line
               for line in result.stdout.splitlines()), result.stdout


# --------------------------------------------------------------------------- repository Markdown

REPO_DOCS = ["README.md", "CONTRIBUTING.md", ".github/pull_request_template.md"]


@pytest.mark.parametrize("name", REPO_DOCS)
def test_repository_markdown_links_to_files_that_exist(name: str) -> None:
    path = ROOT / name
    text = path.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s]+)\)", text)
    local = [t.split("#")[0] for t in targets if not re.match(r"[a-z]+:", t) and not t.startswith("#")]
    missing = [t for t in local if t and not (path.parent / t).exists()]
    assert not missing, f"{name} links to missing files: {missing}"
