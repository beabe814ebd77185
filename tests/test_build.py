"""A real `mkdocs build --strict` of the site: pages, languages, switcher, nav, sitemap, privacy."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from roadmap import model
from roadmap.project import DATA_FILE

from .conftest import ROOT, copy_project, mkdocs_build
from .html import elements, resolve, url_of
from .translation_baseline import add_to_list

pytestmark = pytest.mark.build

DATA = model.load(DATA_FILE)
SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nplugins:")[0])["site_url"]
SITE_PATH = urlsplit(SITE_URL).path  # /hoja-de-ruta/
LANG_PREFIX = {"es": "/", "en": "/en/"}


def generated_paths() -> list[str]:
    return ([f"objetivos/{key}/" for key in DATA.objectives] + [f"paises/{code.lower()}/" for code in DATA.countries])


def page_file(site: Path, lang: str, path: str) -> Path:
    return site / LANG_PREFIX[lang].lstrip("/") / path / "index.html"


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def lang_of_url(url: str) -> str:
    """Pages are served under the site_url's path (as `mkdocs serve` and GitHub Pages do)."""
    return "en" if url.startswith(SITE_PATH + "en/") else "es"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_objective_and_country_page_exists_with_its_language(built_site: Path, lang: str) -> None:
    for path in generated_paths():
        page = page_file(built_site, lang, path)
        assert page.exists(), f"missing {page.relative_to(built_site)}"
        assert re.search(rf'<html lang="{lang}"', page.read_text(encoding="utf-8")), page


def test_generated_pages_show_their_data_in_each_language(built_site: Path) -> None:
    for key, objective in DATA.objectives.items():
        for lang in ("es", "en"):
            text = page_file(built_site, lang, f"objetivos/{key}/").read_text(encoding="utf-8")
            assert objective.title(lang).replace("'", "&#39;") in text or objective.title(lang) in text
            assert DATA.statuses[objective.status].label(lang) in text


def test_language_switcher_points_to_the_same_page_in_the_other_language(built_site: Path) -> None:
    checked = 0
    for page in html_pages(built_site):
        if page.name != "index.html" or page.parent.name in {"assets", "search"}:
            continue
        url = url_of(built_site, page, SITE_PATH)
        lang = lang_of_url(url)
        rest = url[len(SITE_PATH):]
        counterpart = {"es": SITE_PATH + "en/" + rest, "en": SITE_PATH + rest[len("en/"):]}[lang]
        links = {attrs.get("hreflang"): resolve(url, attrs["href"])
                 for tag, attrs, _ in elements(page) if tag == "a" and "md-select__link" in attrs.get("class", "")}
        assert links.get({"es": "en", "en": "es"}[lang]) == counterpart, f"{url}: switcher links {links}"
        checked += 1
    assert checked >= 2 * (len(generated_paths()) + 9)


def test_no_page_of_one_language_in_the_others_nav(built_site: Path) -> None:
    for page in html_pages(built_site):
        url = url_of(built_site, page, SITE_PATH)
        if not url.endswith("/") or "/assets/" in url:
            continue
        lang = lang_of_url(url)
        nav = [resolve(url, attrs["href"]) for tag, attrs, classes in elements(page)
               if tag == "a" and "md-nav--primary" in classes and "href" in attrs and not attrs["href"].startswith("http")]
        assert nav, f"{url} has no navigation"
        assert all(lang_of_url(link) == lang for link in nav if not link.startswith("#")), f"{url}: {nav}"


def test_sitemap_lists_both_languages_with_alternates(built_site: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(built_site / "sitemap.xml").getroot()
    locs = [u.findtext("s:loc", namespaces=ns) for u in root.findall("s:url", ns)]
    assert len(locs) == len(set(locs)), "a page is listed twice"
    for path in generated_paths() + [""]:
        es, en = SITE_URL + path, SITE_URL + "en/" + path
        assert es in locs and en in locs, path
        url = root.findall("s:url", ns)[locs.index(es)]
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        assert alternates == {"es": es, "en": en}, alternates


EXTERNAL_ATTRS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src", "audio": "src",
                  "embed": "src", "object": "data"}


def test_nothing_loads_from_another_host(built_site: Path) -> None:
    offenders = []
    for page in html_pages(built_site):
        for tag, attrs, _ in elements(page):
            url = attrs.get(EXTERNAL_ATTRS.get(tag, ""), "")
            if tag == "link" and attrs.get("rel", "") not in {"canonical", "alternate"}:
                url = attrs.get("href", "")
            if url.startswith(("http:", "https:", "//")) and not url.startswith(SITE_URL):
                offenders.append(f"{page.relative_to(built_site)}: <{tag}> {url}")
    for css in built_site.rglob("*.css"):
        offenders += [f"{css.name}: url({u})" for u in re.findall(r"url\(['\"]?((?:https?:)?//[^)'\"]+)", css.read_text())]
    assert not offenders, "\n".join(offenders[:20])


def test_edit_button_of_a_generated_page_opens_its_yaml_entry(built_site: Path) -> None:
    lines = (ROOT / "data" / "objectives.yml").read_text(encoding="utf-8").splitlines()
    for key in DATA.objectives:
        page = page_file(built_site, "en", f"objetivos/{key}/")
        edit = [a["href"] for tag, a, _ in elements(page) if tag == "a" and "md-content__button" in a.get("class", "")]
        assert edit and edit[0].startswith("https://github.com/") and "/blob/main/data/objectives.yml#L" in edit[0]
        assert lines[int(edit[0].rsplit("#L", 1)[1]) - 1].strip() == f"- id: {key}"
    page = page_file(built_site, "en", "")
    edit = [a["href"] for tag, a, _ in elements(page) if tag == "a" and "md-content__button" in a.get("class", "")]
    assert edit and edit[0].endswith("/docs/en/index.md")


def test_glossary_terms_become_tooltips(built_site: Path) -> None:
    page = page_file(built_site, "en", "objetivos/finance-to-scale/").read_text(encoding="utf-8")
    assert '<abbr title="Micro, small and medium-sized enterprises.">MSMEs</abbr>' in page


def test_adding_a_country_and_an_objective_to_the_data_creates_their_pages(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    data = project / "data" / "objectives.yml"
    text = data.read_text(encoding="utf-8")
    # each at the end of its list, wherever that list ends (tests/translation_baseline.py)
    text = add_to_list(text, "actors", """  - code: EC
    name: {es: Ecuador, en: Ecuador}
    facts: []
""")
    text = add_to_list(text, "glossary", """  - id: test-new-objective
    title: {es: Un objetivo nuevo, en: A new objective}
    summary: {es: "Resumen *nuevo*.", en: "Summary, *new*."}
    horizon: medium
    theme: finance
    countries: [EC]
    status: proposed
    sources: [pa-2024-06-27]
    history:
      - date: "2024-06-27"
        status: proposed
        note: {es: Nota., en: Note.}
""")
    data.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    for lang, title, country in (("es", "Un objetivo nuevo", "Ecuador"), ("en", "A new objective", "Ecuador")):
        objective = page_file(site, lang, "objetivos/test-new-objective/").read_text(encoding="utf-8")
        assert title in objective and f'<html lang="{lang}"' in objective
        # data text keeps its Markdown subset (braces are refused by the checker: tests/test_safety.py)
        assert {"es": "Resumen <em>nuevo</em>.", "en": "Summary, <em>new</em>."}[lang] in objective
        country_page = page_file(site, lang, "paises/ec/").read_text(encoding="utf-8")
        assert country in country_page and title in country_page


def test_invalid_data_fails_the_build_and_writes_nothing(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    data = project / "data" / "objectives.yml"
    text = data.read_text(encoding="utf-8")
    line = text[: text.index("    theme: finance\n")].count("\n") + 1
    data.write_text(text.replace("    theme: finance\n", "    theme: finanzas\n", 1), encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode != 0
    assert f"data/objectives.yml:{line}:5: error: objective 'finance-to-scale' → theme: unknown theme 'finanzas'" in result.stderr
    assert not site.exists() or not any(site.iterdir())
