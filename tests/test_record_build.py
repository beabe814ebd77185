"""A record people can cite (issue #19), in real builds: the sitemap's dates are when each page's
content last changed (never the build day: a build of the same input on another day gives the same
sitemap), from the data for generated pages and from git for written ones; every objective,
country and institution page says how to cite it, with that same date; a renamed objective's old
address leads to the new one in both languages, outside the sitemap; the change feed keeps its
entry ids through the rename."""

from __future__ import annotations

import datetime as dt
import gzip
import html as html_lib
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from roadmap import dates, model, render

from .conftest import ROOT, copy_project, mkdocs_build
from .test_build import DATA, LANG_PREFIX, SITE_URL, page_file

pytestmark = pytest.mark.build

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"
# two builds of the same input on days that are neither the data's nor the tests' own
DAYS = (("1700000000", "2027-03-01"), ("1800000000", "2030-01-15"))  # 2023-11-14 and 2027-01-15 UTC
PINNED = {"2023-11-14", "2027-01-15", "2027-03-01", "2030-01-15"}
OLD, NEW = next(iter(DATA.objectives)), "renamed-objective"


def lastmods(site: Path) -> dict[str, str | None]:
    """Each URL of the sitemap → its <lastmod> (None when left out)."""
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    return {url.find(f"{SITEMAP}loc").text: (url.find(f"{SITEMAP}lastmod").text if url.find(f"{SITEMAP}lastmod") is not None else None)
            for url in root.iter(f"{SITEMAP}url")}


@pytest.fixture(scope="module")
def renamed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A copy of the project (no .git) whose first objective is renamed, its old id kept among its
    former ids; built twice, on two pinned days. Returns (project, first site, second site)."""
    project = copy_project(tmp_path_factory.mktemp("renamed") / "project")
    data = project / "data" / "objectives.yml"
    text = data.read_text(encoding="utf-8")
    assert text.count(f"  - id: {OLD}\n") == 1
    data.write_text(text.replace(f"  - id: {OLD}\n", f"  - id: {NEW}\n    former_ids: [{OLD}]\n"), encoding="utf-8")
    sites = []
    for index, (epoch, today) in enumerate(DAYS):
        site = project.parent / f"site-{index}"
        # the second in a new interpreter, its own string hash seed (tests/build_server.py)
        result = mkdocs_build(project, site, env={"SOURCE_DATE_EPOCH": epoch, "ROADMAP_TODAY": today}, fresh=index == 1)
        assert result.returncode == 0, result.stderr[-3000:]
        sites.append(site)
    return project, sites[0], sites[1]


def test_a_build_of_the_same_input_on_another_day_gives_the_same_sitemap(renamed: tuple[Path, Path, Path]) -> None:
    project, first, second = renamed
    assert (first / "sitemap.xml").read_bytes() == (second / "sitemap.xml").read_bytes()
    assert gzip.decompress((first / "sitemap.xml.gz").read_bytes()) == (first / "sitemap.xml").read_bytes()
    found = lastmods(first)
    assert not PINNED & set(found.values())  # neither build's day (the data's own dates may be any)
    # generated pages: their data's dates; written pages (no .git in the copy): the data's date if
    # they show data, else none at all
    roadmap = model.load(project / "data" / "objectives.yml")
    expected = dates.page_dates(roadmap)
    folders = {"objective": "objetivos", "country": "paises", "actor": "actores"}
    for (kind, key), when in expected.items():
        for lang in ("es", "en"):
            url = f"{SITE_URL}{LANG_PREFIX[lang].lstrip('/')}{folders[kind]}/{key.lower()}/"
            assert found[url] == when, url
    for page in (project / "docs" / "es").glob("*.md"):
        url = f"{SITE_URL}{'' if page.stem == 'index' else page.stem + '/'}"
        shows_data = "{{" in page.read_text(encoding="utf-8")
        assert found[url] == (dates.data_date(roadmap) if shows_data else None), url


def test_a_renamed_objectives_old_address_leads_to_the_new_one_in_each_language(renamed: tuple[Path, Path, Path]) -> None:
    _, site, _ = renamed
    for lang, moved in (("es", "Esta página cambió de dirección"), ("en", "This page has moved")):
        old = page_file(site, lang, f"objetivos/{OLD}/").read_text(encoding="utf-8")
        new_url = f"{SITE_URL}{LANG_PREFIX[lang].lstrip('/')}objetivos/{NEW}/"
        assert f'<html lang="{lang}">' in old and moved in old
        assert f'<link rel="canonical" href="{new_url}">' in old and '<meta name="robots" content="noindex">' in old
        assert f'content="0; url=../{NEW}/"' in old and f'<a href="../{NEW}/">' in old
        assert "<script" not in old.lower() and "style=" not in old.lower()
        assert page_file(site, lang, f"objetivos/{NEW}/").exists()
    urls = lastmods(site)
    assert not [url for url in urls if f"/objetivos/{OLD}/" in url]
    assert f"{SITE_URL}objetivos/{NEW}/" in urls and f"{SITE_URL}en/objetivos/{NEW}/" in urls


def test_the_feed_keeps_its_entry_ids_through_a_rename(renamed: tuple[Path, Path, Path]) -> None:
    _, site, _ = renamed
    for lang in ("es", "en"):
        root_url = f"{SITE_URL}{LANG_PREFIX[lang].lstrip('/')}"
        before = ET.fromstring(render.Renderer(DATA).atom_feed(lang, root_url))
        after = ET.fromstring((site / LANG_PREFIX[lang].lstrip("/") / "cambios.xml").read_bytes())
        ids = lambda feed: sorted(e.find(f"{ATOM}id").text for e in feed.iter(f"{ATOM}entry"))  # noqa: E731
        assert ids(before) == ids(after) and len(ids(after)) == sum(len(o.history) for o in DATA.objectives.values())
        links = [e.find(f"{ATOM}link").get("href") for e in after.iter(f"{ATOM}entry")]
        assert any(link.startswith(f"{root_url}objetivos/{NEW}/#history-") for link in links)
        assert not any(f"/objetivos/{OLD}/" in link for link in links)


def git_day(path: Path) -> str:
    """The UTC day of the last commit that changed ``path``, asked of git for that file alone."""
    out = subprocess.run(["git", "log", "-1", "--format=%ct", "--", str(path)], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.strip()
    return dt.datetime.fromtimestamp(int(out), dt.timezone.utc).date().isoformat()


def test_written_pages_are_dated_by_git_and_generated_ones_say_how_to_cite_them(built_site: Path) -> None:
    found = lastmods(built_site)
    data_day = dates.data_date(DATA)
    for page in sorted((ROOT / "docs" / "es").glob("*.md")):
        url = f"{SITE_URL}{'' if page.stem == 'index' else page.stem + '/'}"
        shows_data = "{{" in page.read_text(encoding="utf-8")
        assert found[url] == (max(git_day(page), data_day) if shows_data else git_day(page)), url
    for kind, folder, key in (("objective", "objetivos", next(iter(DATA.objectives))), ("country", "paises", "CL"),
                              ("actor", "actores", next(iter(DATA.actors)))):
        for lang, heading in (("es", "Cómo citar esta página"), ("en", "How to cite this page")):
            url = f"{SITE_URL}{LANG_PREFIX[lang].lstrip('/')}{folder}/{key.lower()}/"
            html = page_file(built_site, lang, f"{folder}/{key.lower()}/").read_text(encoding="utf-8")
            assert f'<h2 id="cite">{heading}' in html
            assert f'<a href="{url}"><code>{url}</code></a>' in html
            assert f'<time datetime="{found[url]}">' in html
            bibtex = html_lib.unescape(re.findall(r'<details class="cite-page__bibtex">.*?<code>(.*?)</code>', html, re.S)[0])
            assert f"url = {{{url}}}" in bibtex and f"date = {{{found[url]}}}" in bibtex
