"""Search, in the theme's own search box, answered by the Pagefind index of the page's language:
languages kept apart, accents and plurals forgiven, ids and names found, keyboard included."""

from __future__ import annotations

import re
import unicodedata

import pytest

from .conftest import DATA, KINDS, MOBILE, SITE_PATH, OpenPage, lang_path, search

pytestmark = pytest.mark.browser


def page_url(lang: str, path: str) -> str:
    return SITE_PATH + lang_path(lang, path)


def plain(text: str) -> str:
    """The text without accents, as a reader typing on a phone writes it."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def test_each_language_finds_only_its_own_pages(open_page: OpenPage) -> None:
    # words both languages use: country names, institutions' acronyms
    queries = [country.name("es") for country in list(DATA.countries.values())[:2]]
    queries += [actor.abbr("es") for actor in DATA.actors.values() if actor.abbr and actor.abbr("es") == actor.abbr("en")][:2]
    for lang in ("es", "en"):
        visit = open_page(lang_path(lang, KINDS["hand-written"]))
        for query in queries:
            results = search(visit.page, query)
            assert results, f"{lang}: nothing found for {query!r}"
            other = [r["href"] for r in results if r["href"].startswith(SITE_PATH + "en/") != (lang == "en")]
            assert not other, f"{lang} page, query {query!r}: pages of the other language {other}"


def test_a_query_without_accents_finds_the_accented_words(open_page: OpenPage) -> None:
    visit = open_page(KINDS["home"])
    accented = [c for c in DATA.countries.values() if plain(c.name("es")) != c.name("es")]
    assert accented, "precondition: a Spanish country name with an accent (México, Perú)"
    for country in accented:
        for query in (plain(country.name("es")).lower(), country.name("es")):
            results = search(visit.page, query)
            assert page_url("es", f"paises/{country.slug}/") in [r["href"] for r in results], (query, results)
    # and inside objective titles: the longest accented word of each, typed without its accent
    for key, objective in DATA.objectives.items():
        words = [w for w in re.findall(r"\w+", objective.title("es")) if plain(w) != w]
        if not words:
            continue
        query = plain(max(words, key=len)).lower()
        results = search(visit.page, query)
        assert page_url("es", f"objetivos/{key}/") in [r["href"] for r in results], (query, results)
        assert any(plain(re.sub(r"^\W+|\W+$", "", mark)) == query and mark != query for r in results for mark in r["marks"]), \
            f"{query!r}: the accented word is not what was matched: {results}"


@pytest.mark.parametrize(("lang", "query", "other_form"), [
    ("es", "exportacion", "exportaciones"),  # singular finds plural, without its accent
    ("es", "pyme", "pymes"),
    ("en", "objective", "objectives"),
    ("es", "objetivos", "objetivo"),  # and plural finds singular
    ("en", "objectives", "objective"),
])
def test_singular_and_plural_find_each_other(open_page: OpenPage, lang: str, query: str, other_form: str) -> None:
    visit = open_page(lang_path(lang, KINDS["home"]))
    results = search(visit.page, query)
    marks = {re.sub(r"^\W+|\W+$", "", mark) for r in results for mark in r["marks"]}
    assert other_form in marks, f"{lang} {query!r} should match {other_form!r}; matched {sorted(marks)}"


def test_typing_an_objective_id_finds_its_page_first(open_page: OpenPage) -> None:
    for lang in ("es", "en"):
        visit = open_page(lang_path(lang, KINDS["home"]))
        for key in DATA.objectives:
            results = search(visit.page, key)
            assert results and results[0]["href"] == page_url(lang, f"objetivos/{key}/"), (lang, key, results[:3])


def test_country_and_institution_names_find_their_pages(open_page: OpenPage) -> None:
    for lang in ("es", "en"):
        visit = open_page(lang_path(lang, KINDS["home"]))
        for country in DATA.countries.values():
            results = search(visit.page, country.name(lang))
            assert page_url(lang, f"paises/{country.slug}/") in [r["href"] for r in results[:3]], (country.code, results)
        for key, actor in DATA.actors.items():
            query = actor.abbr(lang) if actor.abbr else actor.name(lang)
            results = search(visit.page, query)
            assert page_url(lang, f"actores/{key}/") in [r["href"] for r in results], (query, results)


def test_the_count_says_how_many_pages_match_beyond_those_listed(open_page: OpenPage) -> None:
    visit = open_page(lang_path("en", KINDS["home"]))
    results = search(visit.page, "objective")
    meta = visit.page.locator(".md-search-result__meta").inner_text()
    numbers = [int(n) for n in re.findall(r"\d+", meta)]
    assert len(results) in numbers and max(numbers) >= len(results), meta


def test_search_works_from_the_keyboard(open_page: OpenPage) -> None:
    visit = open_page(KINDS["objective"])
    page = visit.page
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.matches('.md-search__input')")
    name = next(iter(DATA.countries.values())).name("es")
    page.keyboard.type(name.lower(), delay=30)
    page.wait_for_function("() => document.querySelector('.md-search-result__list').children.length > 0")
    page.wait_for_timeout(300)  # the last keystroke's answer
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.closest('.md-search-result__item') !== null")
    assert focused, "ArrowDown moves from the box to the first result"
    target = page.evaluate("new URL(document.activeElement.href).pathname")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("location.pathname") == target
    page.keyboard.press("Escape")


def test_search_on_a_phone(open_page: OpenPage) -> None:
    for lang in ("es", "en"):
        visit = open_page(lang_path(lang, KINDS["country"]), viewport=MOBILE)
        country = next(iter(DATA.countries.values()))
        results = search(visit.page, country.name(lang))
        assert page_url(lang, f"paises/{country.slug}/") in [r["href"] for r in results[:3]], results
        assert visit.page.locator(".md-search-result__item").first.is_visible()
