"""Found by search engines: a title and a description in the page's language (an objective's from
its summary), a canonical URL, the sitemap with both languages and their alternates, robots.txt."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.request import urlopen

import pytest

from .conftest import DATA, KINDS, SITE_URL, OpenPage, lang_path
from .server import SiteServer

pytestmark = pytest.mark.browser

PAGES = [kind for kind in KINDS if kind != "404"]


def head(page):  # type: ignore[no-untyped-def]
    return page.evaluate("""() => ({
        title: document.title,
        description: document.querySelector('meta[name=description]')?.content || '',
        canonical: document.querySelector('link[rel=canonical]')?.href || '',
    })""")


@pytest.mark.parametrize("kind", PAGES)
def test_each_page_has_a_title_description_and_canonical_url_in_its_language(open_page: OpenPage, kind: str) -> None:
    found = {lang: head(open_page(lang_path(lang, KINDS[kind])).page) for lang in ("es", "en")}
    for lang, meta in found.items():
        assert meta["title"].strip() and meta["description"].strip(), (lang, meta)
        assert meta["canonical"] == SITE_URL + lang_path(lang, KINDS[kind]), meta
    assert found["es"]["title"] != found["en"]["title"], found
    assert found["es"]["description"] != found["en"]["description"], found


def test_an_objective_page_is_described_by_its_summary(open_page: OpenPage) -> None:
    for key, objective in list(DATA.objectives.items())[:3]:
        for lang in ("es", "en"):
            meta = head(open_page(lang_path(lang, f"objetivos/{key}/")).page)
            summary = " ".join(objective.summary(lang).replace("**", "").split())
            assert meta["description"][:60] == summary[:60], (meta, summary)
            assert meta["title"].startswith(objective.title(lang)), meta


def test_the_sitemap_lists_both_languages_with_alternates_and_robots_txt_points_to_it(server: SiteServer) -> None:
    robots = urlopen(server.url("robots.txt")).read().decode()
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots.splitlines()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(urlopen(server.url("sitemap.xml")).read())
    entries = {url.findtext("s:loc", namespaces=ns): {link.get("hreflang"): link.get("href")
               for link in url.findall("x:link", ns)} for url in root.findall("s:url", ns)}
    for kind in PAGES:
        es, en = SITE_URL + KINDS[kind], SITE_URL + "en/" + KINDS[kind]
        assert entries.get(es) == entries.get(en) == {"es": es, "en": en}, (kind, entries.get(es))
    assert not [loc for loc in entries if re.search(r"404|/pagefind/|/search/", loc)]
