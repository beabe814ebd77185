"""Progress features on the real built site: institution pages, downloads, feeds, dashboard,
explorer and the printable roadmap, in both languages."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from roadmap import validation

from .conftest import ROOT
from .html import elements
from .test_build import DATA, LANG_PREFIX, SITE_URL, page_file

pytestmark = pytest.mark.build
LANGS = ("es", "en")


@pytest.mark.parametrize("lang", LANGS)
def test_every_actor_has_a_page_whose_edit_button_opens_its_entry(built_site: Path, lang: str) -> None:
    lines = (ROOT / "data" / "objectives.yml").read_text(encoding="utf-8").splitlines()
    for key, actor in DATA.actors.items():
        page = page_file(built_site, lang, f"actores/{key}/")
        text = page.read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in text and actor.name(lang) in text
        edit = [a["href"] for tag, a, _ in elements(page) if tag == "a" and "md-content__button" in a.get("class", "")]
        assert lines[int(edit[0].rsplit("#L", 1)[1]) - 1].strip() == f"- id: {key}"


def test_country_pages_and_the_index_link_to_institution_pages(built_site: Path) -> None:
    chile = page_file(built_site, "en", "paises/cl/")
    hrefs = {a.get("href") for tag, a, _ in elements(chile) if tag == "a"}
    national = [key for key, actor in DATA.actors.items() if actor.country == "CL"]
    assert national and all(f"../../actores/{key}/" in hrefs for key in national)
    index = page_file(built_site, "es", "actores/")
    hrefs = {a.get("href") for tag, a, _ in elements(index) if tag == "a"}
    assert all(f"../actores/{key}/" in hrefs or f"{key}/" in hrefs for key in DATA.actors)


@pytest.mark.parametrize("lang", LANGS)
def test_downloads_are_published_and_match_the_data(built_site: Path, lang: str) -> None:
    root = built_site / LANG_PREFIX[lang].lstrip("/") / "datos"
    data = json.loads((root / "objetivos.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(json.loads((root / "objetivos.schema.json").read_text())).validate(data)
    assert [o["id"] for o in data["objectives"]] == list(DATA.objectives)
    assert all(o["url"].startswith(SITE_URL) for o in data["objectives"])
    rows = list(csv.DictReader(io.StringIO((root / "objetivos.csv").read_bytes().decode("utf-8-sig"))))
    assert [r["title"] for r in rows] == [o.title(lang) for o in DATA.objectives.values()]
    assert json.loads((root / "objectives.yml.schema.json").read_text()) == validation.schema()


@pytest.mark.parametrize("lang", LANGS)
def test_change_feed_is_atom_and_linked_from_the_changes_page(built_site: Path, lang: str) -> None:
    prefix = LANG_PREFIX[lang].lstrip("/")
    feed = ET.parse(built_site / prefix / "cambios.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    assert feed.tag == f"{atom}feed" and feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    assert len(feed.findall(f"{atom}entry")) == sum(len(o.history) for o in DATA.objectives.values())
    page = page_file(built_site, lang, "cambios/")
    links = [a for tag, a, _ in elements(page) if tag == "a" and a.get("href", "").endswith("cambios.xml")]
    assert links and links[0].get("type") == "application/atom+xml"
    assert (page.parent / links[0]["href"]).resolve() == (built_site / prefix / "cambios.xml").resolve()


def test_dashboard_draws_a_chart_only_where_the_data_can_fill_one(built_site: Path) -> None:
    """Each breakdown is a chart when two or more bars are non-zero and they are not all equal,
    else one sentence (issue #10: no chart whose bars are nearly all zero, or all the same).
    The counts are taken from the data here, not from the code that draws the charts."""
    objectives = list(DATA.objectives.values())
    counts = {
        "status": [sum(o.status == key for o in objectives) for key in DATA.statuses],
        "horizon": [sum(o.horizon == key for o in objectives) for key in (*DATA.horizons, None)],
        "theme": [sum(o.theme == key for o in objectives) for key in DATA.themes],
        "country": [sum(key in o.countries for o in objectives) for key in DATA.countries],
    }
    drawn = {field: sum(1 for c in values if c) >= 2 and len(set(values)) > 1 for field, values in counts.items()}
    for lang in LANGS:
        for path, shown in (("progreso/", ("status", "horizon", "theme", "country")), ("", ("status", "horizon"))):
            page = page_file(built_site, lang, path).read_text(encoding="utf-8")
            for field in shown:
                assert (f'id="chart-{field}"' in page) == drawn[field], (lang, path, field)
            charts = sum(drawn[field] for field in shown)
            assert page.count('<svg class="chart__svg" role="img"') == charts
            assert page.count('class="chart-sentence"') == len(shown) - charts


def test_explorer_lists_every_objective_without_javascript(built_site: Path) -> None:
    for lang in LANGS:
        page = page_file(built_site, lang, "objetivos/").read_text(encoding="utf-8")
        rows = re.findall(r'<tr data-[^>]*data-theme="([^"]*)"', page)
        assert sorted(rows) == sorted(o.theme for o in DATA.objectives.values())
        for key in DATA.objectives:
            assert f'href="../objetivos/{key}/"' in page


def test_printable_roadmap_holds_every_objective(built_site: Path) -> None:
    for lang in LANGS:
        page = page_file(built_site, lang, "imprimir/").read_text(encoding="utf-8")
        for objective in DATA.objectives.values():
            assert objective.title(lang).replace("'", "&#39;") in page or objective.title(lang) in page


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_links_its_languages_feed_in_head(built_site: Path, lang: str) -> None:
    prefix = LANG_PREFIX[lang].lstrip("/")
    feed = (built_site / prefix / "cambios.xml").resolve()
    for path in ("", "objetivos/", f"objetivos/{next(iter(DATA.objectives))}/"):
        page = page_file(built_site, lang, path)
        links = [a for tag, a, _ in elements(page) if tag == "link" and a.get("type") == "application/atom+xml"]
        assert len(links) == 1 and links[0].get("rel") == "alternate" and links[0].get("title")
        assert (page.parent / links[0]["href"]).resolve() == feed


@pytest.mark.parametrize("lang", LANGS)
def test_the_data_page_links_every_download(built_site: Path, lang: str) -> None:
    page = page_file(built_site, lang, "datos/")
    hrefs = [a["href"] for tag, a, _ in elements(page)
             if tag == "a" and a.get("href", "").endswith((".json", ".csv")) and "://" not in a["href"]]
    targets = {(page.parent / href).resolve() for href in hrefs}
    published = {p.resolve() for p in (built_site / LANG_PREFIX[lang].lstrip("/") / "datos").iterdir()
                 if p.is_file() and p.name != "index.html"}
    assert published and targets == published
