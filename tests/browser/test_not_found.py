"""The 404 page: one file for every missing URL (as GitHub Pages serves it), Spanish by default,
English on /en/ URLs, with search and the way home in the reader's language."""

from __future__ import annotations

import pytest

from .conftest import DATA, MISSING, SITE_PATH, OpenPage, search

pytestmark = pytest.mark.browser

TEXT = {"es": ("Página no encontrada", "Ir a la página de inicio", "Buscar en el sitio"),
        "en": ("Page not found", "Go to the home page", "Search the site")}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_missing_page_answers_404_in_the_readers_language(open_page: OpenPage, lang: str) -> None:
    key = next(iter(DATA.objectives))
    path = ("en/" if lang == "en" else "") + f"objetivos/{key[:-2]}/"  # a mistyped objective
    visit = open_page(path)
    page = visit.page
    assert visit.response is not None and visit.response.status == 404
    heading, home, search_label = TEXT[lang]
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.locator("h1:visible").inner_text() == heading
    assert page.locator(f"[data-roadmap-lang]:not([lang={lang}])").is_hidden()
    assert heading in page.title()
    assert page.locator("meta[name=description]").get_attribute("content")
    home_url = SITE_PATH + ("en/" if lang == "en" else "")
    assert page.locator(f"a.md-button:text-is('{home}')").get_attribute("href") == home_url
    assert page.evaluate("new URL(document.querySelector('.md-logo').href).pathname") == home_url
    # search, offered with the words of the missing address, answers in the page's language
    page.locator(f"button:text-is('{search_label}')").click()
    assert page.locator(".md-search__input").input_value() == key[:-2].replace("-", " ")
    page.wait_for_function("() => document.querySelector('.md-search-result__list').children.length > 0")
    first = page.evaluate("new URL(document.querySelector('.md-search-result__item a').href).pathname")
    assert first == home_url + f"objetivos/{key}/"
    assert visit.errors == []


def test_without_javascript_the_404_page_is_spanish(open_page: OpenPage) -> None:
    for path in (MISSING, "en/" + MISSING):
        page = open_page(path, js=False).page
        assert page.locator("h1:visible").inner_text() == TEXT["es"][0]
        assert page.locator("a.md-button:visible").first.get_attribute("href") == SITE_PATH


def test_the_404_search_box_queries_english_on_english_urls(open_page: OpenPage) -> None:
    page = open_page("en/" + MISSING).page
    assert page.locator(".md-search__input").get_attribute("placeholder") == "Search"
    country = next(iter(DATA.countries.values()))
    results = search(page, country.name("en"))
    assert results and all(r["href"].startswith(SITE_PATH + "en/") for r in results), results
