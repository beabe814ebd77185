"""A record people can cite (issue #19): the project's licences and citation file, the "About this
site" page linked from every page's footer, Open Graph cards on every page, and the fact-check of
2026-12-06 applied (glossary in each language's alphabetical order, no "s. f..", a press report
never footed as the OECD's, one acronym for the Technical Group, dated and correctly kinded
sources)."""

from __future__ import annotations

import copy
import json
import re
import struct
import unicodedata
from pathlib import Path

import jsonschema
import pytest
import yaml

from roadmap import model, render

from .conftest import FIXTURES, ROOT
from .html import elements, resolve, url_of
from .test_build import SITE_PATH, SITE_URL, page_file

LANGS = ("es", "en")
CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nplugins:")[0])
REAL = yaml.safe_load((ROOT / "data" / "objectives.yml").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- licences and citation

CFF_SCHEMA = json.loads((FIXTURES / "cff-1.2.0.schema.json").read_text(encoding="utf-8"))


def cff_errors(document: object) -> list[str]:
    """What the Citation File Format 1.2.0 schema finds wrong in a parsed CITATION.cff."""
    validator = jsonschema.Draft7Validator(CFF_SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def citation() -> dict:
    # the schema wants dates as strings: YAML would read an unquoted date as a date object
    return yaml.load((ROOT / "CITATION.cff").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def test_the_schema_is_the_cff_1_2_0_one() -> None:
    assert CFF_SCHEMA["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"
    assert "cff-1.2.0.schema.json" in (FIXTURES / "README.md").read_text(encoding="utf-8")  # its origin, noted


def test_citation_file_is_valid_cff_1_2_0() -> None:
    document = citation()
    assert cff_errors(document) == []
    assert document["cff-version"] == "1.2.0"
    assert document["repository-code"] == CONFIG["repo_url"]
    assert document["url"] == CONFIG["site_url"]
    assert document["license"] == "CC-BY-4.0"


@pytest.mark.parametrize("breakage", [
    lambda d: d.pop("authors"),                               # required
    lambda d: d.update({"cff-version": "1.2"}),               # not a version the schema knows
    lambda d: d.update({"license": "CC BY 4.0"}),             # not an SPDX identifier
    lambda d: d.update({"date-released": "6 December 2026"}),  # not YYYY-MM-DD
    lambda d: d.update({"colour": "indigo"}),                 # no such key
    lambda d: d["authors"][0].update({"website": "not a url"}),
])
def test_a_broken_citation_file_fails_the_schema(breakage) -> None:
    document = copy.deepcopy(citation())
    breakage(document)
    assert cff_errors(document), "the schema accepted a broken CITATION.cff"


def test_the_licence_files_exist() -> None:
    mit = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert mit.startswith("MIT License") and "Permission is hereby granted, free of charge" in mit
    assert "Creative Commons Attribution 4.0" in mit  # it says what the MIT licence does not cover
    cc = (ROOT / "LICENSE-CC-BY-4.0.txt").read_text(encoding="utf-8")
    assert cc.startswith("Creative Commons Attribution 4.0 International Public License")


# --------------------------------------------------------------------------- the built site

def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts)


def lang_of(path: Path) -> str:
    return re.search(r'<html[^>]* lang="([a-z]+)"', path.read_text(encoding="utf-8")).group(1)


def metas(path: Path) -> dict[str, str]:
    return {a.get("property") or a.get("name"): a.get("content", "")
            for tag, a, _ in elements(path) if tag == "meta" and (a.get("property") or a.get("name"))}


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.build
def test_every_page_has_an_open_graph_card_with_an_existing_absolute_image(built_site: Path) -> None:
    problems = []
    pages = [p for p in html_pages(built_site) if p.name != "404.html"]  # a missing address is never shared
    assert len(pages) > 70
    for page in pages:
        rel = page.relative_to(built_site).as_posix()
        meta, lang = metas(page), lang_of(page)
        image = meta.get("og:image", "")
        if not image.startswith(SITE_URL):
            problems.append(f"{rel}: og:image {image!r} is not absolute under {SITE_URL}")
            continue
        target = built_site / image[len(SITE_URL):]
        if not target.is_file():
            problems.append(f"{rel}: og:image {image} is not in the site")
        elif png_size(target) != (1200, 630):
            problems.append(f"{rel}: og:image is {png_size(target)}, not 1200x630")
        expected_url = SITE_URL + url_of(built_site, page, "/").lstrip("/")
        for key, wanted in (("og:url", expected_url), ("og:locale", {"es": "es_ES", "en": "en_US"}[lang]),
                            ("twitter:card", "summary_large_image"), ("twitter:image", image)):
            if meta.get(key) != wanted:
                problems.append(f"{rel}: {key} is {meta.get(key)!r}, not {wanted!r}")
        for key in ("og:title", "og:description", "twitter:title", "og:image:alt"):
            if not meta.get(key, "").strip() or re.search(r"&(amp|lt|gt|quot|#\d+);", meta[key]):  # escaped once
                problems.append(f"{rel}: {key} is {meta.get(key)!r}")
        if f"social-{lang}.png" not in image:
            problems.append(f"{rel}: the card is not in the page's language ({image})")
    assert not problems, "\n".join(problems[:30])


@pytest.mark.build
def test_the_logo_and_favicon_are_the_projects_own(built_site: Path) -> None:
    assert CONFIG["theme"]["logo"] == CONFIG["theme"]["favicon"] == "assets/images/logo.svg"
    svg = (built_site / "assets" / "images" / "logo.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and "href" not in svg and "<script" not in svg and "<image" not in svg  # drawn, not embedded
    for lang in LANGS:
        home = page_file(built_site, lang, "")
        icons = [a["href"] for tag, a, _ in elements(home) if tag == "link" and a.get("rel") == "icon"]
        assert icons and icons[0].endswith("assets/images/logo.svg")
        logos = [a for tag, a, classes in elements(home) if tag == "img" and "md-logo" in classes]
        assert logos and logos[0]["src"].endswith("assets/images/logo.svg") and logos[0]["alt"] == ""


ABOUT_TITLE = {"es": "Acerca de este sitio", "en": "About this site"}


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGS)
def test_the_about_page_says_who_keeps_the_site_its_licences_and_how_to_report_and_cite(
        built_site: Path, lang: str) -> None:
    page = page_file(built_site, lang, "acerca/")
    text = " ".join(page.read_text(encoding="utf-8").split())
    assert f"<h1 id=" in text and ABOUT_TITLE[lang] in text
    assert {"es": "No es una publicación oficial", "en": "Not an official publication"}[lang] in text
    hrefs = [a.get("href", "") for tag, a, _ in elements(page) if tag == "a"]
    repo = CONFIG["repo_url"]
    assert any(h.startswith(f"{repo}/issues/new") for h in hrefs), "no link to report an error"
    assert f"{repo}/blob/main/LICENSE" in hrefs and f"{repo}/blob/main/CITATION.cff" in hrefs
    assert any(h.startswith("https://creativecommons.org/licenses/by/4.0/") for h in hrefs)
    assert "CC BY 4.0" in text and "MIT" in text
    assert any(h.endswith("contribuir/") for h in hrefs)  # how to contribute


@pytest.mark.build
def test_every_page_links_the_about_page_of_its_language_from_the_footer(built_site: Path) -> None:
    problems = []
    for page in html_pages(built_site):
        rel = page.relative_to(built_site).as_posix()
        links = [a for tag, a, classes in elements(page) if tag == "a" and "md-copyright__about" in classes]
        if len(links) != 1:
            problems.append(f"{rel}: {len(links)} About links in the footer")
            continue
        # the 404 page is served for any missing address: its link is absolute, and its script
        # points it at the English page on /en/ addresses (tests/browser/test_not_found.py's ground)
        lang = lang_of(page)
        target = resolve(url_of(built_site, page, SITE_PATH), links[0]["href"])
        wanted = SITE_PATH + ("en/" if lang == "en" else "") + "acerca/"
        if target != wanted:
            problems.append(f"{rel}: the footer links {target}, not {wanted}")
    assert not problems, "\n".join(problems[:30])
    not_found = (built_site / "404.html").read_text(encoding="utf-8")
    assert '"about": "About this site"' in not_found  # the English text the script puts there
    assert 'set("[data-roadmap-about]", "href", base + "en/acerca/")' in not_found


# --------------------------------------------------------------------------- rendering rules

def renderer_for(tmp_path: Path, data: dict) -> render.Renderer:
    path = tmp_path / "objectives.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return render.Renderer(model.load(path))


def collation_key(text: str, lang: str) -> str:
    """Independent of the template: accents off, and in Spanish ñ after every other n."""
    text = text.lower().replace("ñ", "n\uffff") if lang == "es" else text.lower()
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def glossary_terms(table: str) -> list[str]:
    return re.findall(r"^\| (?:<dfn[^>]*>)?\*\*(.+?)\*\*", table, flags=re.M)


def test_the_glossary_is_in_alphabetical_order_in_each_language(tmp_path: Path) -> None:
    data = copy.deepcopy(REAL)
    data["glossary"] = [{"term": {"es": es, "en": en}, "definition": {"es": "Definición.", "en": "Definition."}}
                        for es, en in (("Zona", "Zone"), ("Ñandú", "Rhea"), ("Índice", "Index"), ("Nube", "Cloud"),
                                       ("ábaco", "abacus"), ("Obra", "Work"), ("Ñu", "Gnu"), ("Nuez", "Nut"))]
    renderer = renderer_for(tmp_path, data)
    assert glossary_terms(renderer.glossary_table("es")) == ["ábaco", "Índice", "Nube", "Nuez", "Ñandú", "Ñu", "Obra", "Zona"]
    assert glossary_terms(renderer.glossary_table("en")) == ["abacus", "Cloud", "Gnu", "Index", "Nut", "Rhea", "Work", "Zone"]


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGS)
def test_the_real_glossary_page_is_sorted(built_site: Path, lang: str) -> None:
    page = page_file(built_site, lang, "glosario/").read_text(encoding="utf-8")
    terms = [re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<tr>\s*<td>(?:<dfn[^>]*>)?<strong>(.*?)</strong>", page)]
    assert len(terms) == len(REAL["glossary"])
    assert terms == sorted(terms, key=lambda t: collation_key(t, lang))


def test_an_undated_source_ends_its_date_with_one_full_stop(tmp_path: Path) -> None:
    renderer = renderer_for(tmp_path, REAL)
    for lang, undated in (("es", "s. f."), ("en", "n.d.")):
        listing = renderer.sources_list(lang)
        assert listing.count(f", {undated} <span") + listing.count(f", {undated}<") > 0, listing[:500]
        assert f"{undated}." not in listing
        assert re.search(r", \d{1,2} (de )?\w+ (de )?\d{4}\. <span", listing)  # a dated one still ends with one


@pytest.mark.parametrize("kind,listed", [("press", False), ("secondary", False), ("primary", True)])
def test_only_a_primary_finding_puts_a_country_under_a_dimension(tmp_path: Path, kind: str, listed: bool) -> None:
    data = copy.deepcopy(REAL)
    mexico = next(c for c in data["countries"] if c["code"] == "MX")
    finding = next(f for f in mexico["oecd_findings"] if f["source"] == "pymempresario-oecd-index")
    finding["dimensions"] = ["access-to-finance"]
    next(s for s in data["sources"] if s["id"] == "pymempresario-oecd-index")["kind"] = kind
    table = renderer_for(tmp_path, data).methodology_dimensions("en")
    row = next(r for r in table.split("<tr>") if "Access to finance" in r)
    assert ("México" in row or "Mexico" in row) is listed, row
    assert "Chile" in row  # named by the OECD's own chapter


# --------------------------------------------------------------------------- the fact-check, applied

def test_the_source_records_hold_the_dates_and_kinds_the_stored_pages_show() -> None:
    sources = {s["id"]: s for s in REAL["sources"]}
    assert sources["semana-2025-exports"]["date"] == "2025-09-29"
    assert sources["sinembargo-2025-census"]["date"] == "2025-07-29"
    assert sources["inai-msmes"]["kind"] == "secondary"  # it quotes INEGI's figures
    glossary = {g["term"]["en"]: g for g in REAL["glossary"]}
    assert glossary["ECLAC"].get("source") == "pa-2023-11-dialogue"


def test_the_technical_group_has_one_acronym_the_alliances_own() -> None:
    texts = [(ROOT / "data" / "objectives.yml").read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md")]
    everything = " ".join(" ".join(t.split()) for t in texts)
    # the full name stays (its first mention); shortened names and other acronyms do not
    for alias in (r"\bGT Pymes?\b", r"\bTG SMEs\b", r"\bTG of SMEs\b", r"Technical Group of SMEs",
                  r"Grupo Técnico de Pymes(?! y Emprendimiento)", r"Technical Group on SMEs(?! and Entrepreneurship)"):
        assert not re.search(alias, everything), alias
    actor = next(a for a in REAL["actors"] if a["id"] == "gt-pymes")
    assert actor["abbr"] == {"es": "GTPyme", "en": "GTPyme"}


@pytest.mark.build
def test_the_corrections_of_the_fact_check_are_on_the_built_site(built_site: Path) -> None:
    def text(lang: str, path: str) -> str:
        """The words of the page's article (the theme's own scripts and comments left out)."""
        html = page_file(built_site, lang, path).read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        return " ".join(re.sub(r"<[^>]+>", " ", article).split())

    for lang in LANGS:
        roadmap, objectives = text(lang, "hoja-de-ruta/"), text(lang, "objetivos/new-markets-access/")
        for phrase in ("tres momentos", "three parts", "empezando por los de la propia Alianza",
                       "starting with those of the Alliance itself"):
            assert phrase not in roadmap + objectives, phrase
        assert {"es": "Entorno operat…", "en": "Operating environ…"}[lang] in roadmap  # shown cut off, as stored
        mexico = text(lang, "paises/mx/")
        assert {"es": "de las 5.468.180 unidades del sector privado y paraestatal, no de los 7.093.631",
                "en": "of the 5,468,180 private and parastatal units, not of the census's 7,093,631"}[lang] in mexico
        colombia = text(lang, "paises/co/")
        assert colombia.count({"es": "cerca del 67 %", "en": "about 67%"}[lang]) == 1  # one row, the DANE figure
        methodology = text(lang, "metodologia/")
        assert {"es": "parecen figurar solo", "en": "seem to appear only"}[lang] in methodology
        assert {"es": "más del 90 %", "en": "more than 90%"}[lang] in methodology  # why the two figures differ
        challenges = text(lang, "desafios/")
        assert {"es": "plantearon quienes tomaron la palabra", "en": "raised by the speakers"}[lang] in challenges
    for path, word in (("fuentes/", "s. f.."), ("en/fuentes/", "n.d..")):
        assert word not in (built_site / path / "index.html").read_text(encoding="utf-8")
    # reader words, not the build's
    for lang, words in (("es", ("compiló", "canal Atom")), ("en", ("was built", "Atom feed"))):
        for path in ("progreso/", "cambios/"):
            for word in words:
                assert word not in text(lang, path), (lang, path, word)
