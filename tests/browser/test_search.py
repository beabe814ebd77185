"""Search, in the theme's own search box, answered by the Pagefind index of the page's language:
languages kept apart, accents and plurals forgiven, ids and names found, keyboard included."""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from roadmap import search as roadmap_search

from .conftest import DATA, KINDS, MOBILE, SITE_PATH, OpenPage, _opener, lang_path, search
from .server import SiteServer

# the contributors' reference pages, which come after the readers' pages (overrides/main.html)
FOR_CONTRIBUTORS = ("datos/", "contribuir/", "traducciones/")

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


def total(page) -> int:  # type: ignore[no-untyped-def]
    """How many pages the search box says match (the largest number of its count line)."""
    return max(int(n) for n in re.findall(r"\d+", page.locator(".md-search-result__meta").inner_text()))


@pytest.fixture(scope="module")
def parts_server(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The real site with its index written in parts of 8 pages (roadmap/search.py, issue #21:
    how a site past PART_PAGES pages per language is indexed), served beside the real one."""
    site = tmp_path_factory.mktemp("parts") / "site"
    shutil.copytree(built_site, site)
    whole = roadmap_search.PART_PAGES
    roadmap_search.PART_PAGES = 8
    try:
        stats = roadmap_search.write_search(site, ("es", "en"))
    finally:
        roadmap_search.PART_PAGES = whole
    assert all(s.parts >= 3 for s in stats), stats
    with SiteServer(site, SITE_PATH) as running:
        yield running


def test_an_index_in_parts_finds_what_one_index_finds(open_page: OpenPage, browser: Browser,
                                                     parts_server: SiteServer) -> None:
    """Every part is searched: each objective id, country and institution finds the same pages,
    in whichever part they were indexed, as in the site indexed whole."""
    opener = _opener(browser, parts_server)
    open_parts = next(opener)
    for lang in ("es", "en"):
        whole = open_page(lang_path(lang, KINDS["home"])).page
        parted = open_parts(lang_path(lang, KINDS["home"]))
        # ids (each in one part), country names (in many), institutions' acronyms
        queries = [*list(DATA.objectives)[:3], *(c.name(lang) for c in list(DATA.countries.values())[:2]),
                   *(a.abbr(lang) if a.abbr else a.name(lang) for a in list(DATA.actors.values())[:2])]
        found_in_later_parts = 0
        for query in queries:
            expected, expected_total = {r["href"] for r in search(whole, query)}, total(whole)
            got, got_total = {r["href"] for r in search(parted.page, query)}, total(parted.page)
            assert got_total == expected_total, (lang, query, got_total, expected_total, sorted(got ^ expected))
            if expected_total <= len(expected):  # every page found is listed (past ten, each index ranks its own)
                assert got == expected, (lang, query, sorted(got ^ expected))
            found_in_later_parts += any(not r.endswith(("/" + SITE_PATH.strip("/") + "/", "/en/")) for r in got)
        assert found_in_later_parts and not parted.errors and not parted.failed, (parted.errors, parted.failed)
        assert any("/part-" in url for url in parted.requests), "the later parts were never asked"
    next(opener, None)


def test_the_count_says_how_many_pages_match_beyond_those_listed(open_page: OpenPage) -> None:
    visit = open_page(lang_path("en", KINDS["home"]))
    results = search(visit.page, "objective")
    meta = visit.page.locator(".md-search-result__meta").inner_text()
    numbers = [int(n) for n in re.findall(r"\d+", meta)]
    assert len(results) in numbers and max(numbers) >= len(results), meta


COMBOBOX = """() => {
    const box = document.querySelector('.md-search__input')
    const list = document.getElementById(box.getAttribute('aria-controls'))
    const options = list ? [...list.querySelectorAll('[role=option]')] : []
    return {role: box.getAttribute('role'), expanded: box.getAttribute('aria-expanded'),
            listRole: list && list.getAttribute('role'), listName: list && list.getAttribute('aria-label'),
            options: options.map(o => ({id: o.id, href: new URL(o.href).pathname, selected: o.getAttribute('aria-selected')})),
            items: list ? [...list.children].map(li => li.getAttribute('role')) : [],
            active: box.getAttribute('aria-activedescendant'), focused: document.activeElement === box,
            status: document.querySelector('.md-search-result__meta').getAttribute('role'),
            open: document.getElementById('__search').checked}
}"""


def type_query(page, query: str) -> None:  # type: ignore[no-untyped-def]
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.matches('.md-search__input')")
    page.keyboard.type(query, delay=30)
    page.wait_for_function("() => document.querySelector('.md-search-result__list').children.length > 0")
    page.wait_for_timeout(300)  # the last keystroke's answer


@pytest.mark.parametrize("lang", ["es", "en"])
def test_search_is_a_combobox_the_arrow_keys_move_through(open_page: OpenPage, lang: str) -> None:
    """WAI-ARIA combobox with a listbox popup: the box keeps the focus, aria-activedescendant moves
    with the arrow keys, Enter opens the active result; the count is a live region."""
    visit = open_page(lang_path(lang, KINDS["objective"]))
    page = visit.page
    closed = page.evaluate(COMBOBOX)
    assert closed["role"] == "combobox" and closed["expanded"] == "false" and closed["status"] == "status", closed
    country = next(iter(DATA.countries.values())).name(lang)
    type_query(page, country.lower())
    state = page.evaluate(COMBOBOX)
    assert state["expanded"] == "true" and state["listRole"] == "listbox" and state["listName"], state
    assert len(state["options"]) >= 2 and set(state["items"]) == {"none"}, state
    assert all(o["id"] and o["selected"] == "false" for o in state["options"]) and not state["active"], state
    for presses, expected in (("ArrowDown", 0), ("ArrowDown", 1), ("ArrowUp", 0), ("ArrowUp", -1)):
        page.keyboard.press(presses)
        state = page.evaluate(COMBOBOX)
        want = state["options"][expected]
        assert state["focused"], f"{presses}: the box keeps the focus"
        assert state["active"] == want["id"] and want["selected"] == "true", (presses, state)
        assert [o["selected"] for o in state["options"]].count("true") == 1, state
    page.keyboard.press("ArrowDown")  # wraps to the first
    target = page.evaluate(COMBOBOX)["options"][0]["href"]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("location.pathname") == target


def test_tab_moves_into_the_results_and_through_them(open_page: OpenPage) -> None:
    """Tab never drops the results: from the box it moves to the first result, then from result to
    result (Shift+Tab back); past the last one it leaves the search, which closes."""
    page = open_page(KINDS["home"], viewport=MOBILE).page
    page.locator("label.md-header__button[for=__search]").click()
    box = page.locator(".md-search__input")
    box.fill(next(iter(DATA.countries.values())).name("es"))
    box.press("End")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__link').length > 1")
    page.wait_for_timeout(300)
    options = page.evaluate(COMBOBOX)["options"]
    focused = "() => document.activeElement.id"
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == options[0]["id"] and page.evaluate(COMBOBOX)["open"]
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == options[1]["id"]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.matches('.md-search__input')") and page.evaluate(COMBOBOX)["open"]
    for _ in options:
        page.keyboard.press("Tab")
    assert page.evaluate(focused) == options[-1]["id"] and page.evaluate(COMBOBOX)["open"]
    more = page.locator(".roadmap-search-more")
    if more.count() and more.is_visible():
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.matches('.roadmap-search-more')")
    page.keyboard.press("Tab")
    assert not page.evaluate(COMBOBOX)["open"], "past the last result, Tab leaves the search"
    # a result reached with Tab is a link the reader follows with Enter
    page.locator("label.md-header__button[for=__search]").click()
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__link').length > 1")
    page.locator(".md-search__input").focus()
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("location.pathname") == options[0]["href"]


@pytest.mark.parametrize("activate", ["click", "Enter"])
def test_show_more_lists_the_next_ten(open_page: OpenPage, activate: str) -> None:
    page = open_page(lang_path("en", KINDS["home"])).page
    first = search(page, "objective")
    meta = page.locator(".md-search-result__meta").inner_text()
    total = max(int(n) for n in re.findall(r"\d+", meta))
    assert len(first) == 10 and total > 10, f"precondition: more than ten pages match ({meta})"
    more = page.locator(".roadmap-search-more")
    assert more.is_visible() and str(min(10, total - 10)) in more.inner_text(), more.inner_text()
    if activate == "click":
        more.click()
    else:
        more.focus()
        page.keyboard.press("Enter")
    page.wait_for_function("n => document.querySelectorAll('.md-search-result__item').length > n", arg=len(first))
    hrefs = page.evaluate("[...document.querySelectorAll('.md-search-result__item')].map(li => new URL(li.querySelector('a').href).pathname)")
    assert len(hrefs) == min(20, total) and len(set(hrefs)) == len(hrefs), hrefs
    assert all(h.startswith(SITE_PATH + "en/") for h in hrefs), hrefs
    # the reader is taken to the first new result, which is an option of the listbox like the others
    assert page.evaluate("document.activeElement === document.querySelectorAll('.md-search-result__item')[10].querySelector('a')")
    assert page.evaluate("[...document.querySelectorAll('.md-search-result__item a')].every(a => a.getAttribute('role') === 'option' && a.id)")
    meta = page.locator(".md-search-result__meta").inner_text()
    assert str(len(hrefs)) in meta and str(total) in meta, meta
    assert more.is_hidden() == (total <= 20)


def site_words(site: Path, lang: str) -> set[str]:
    """Every word of a language's pages, lower case and without accents."""
    found: set[str] = set()
    for page in site.rglob("index.html"):
        rel = page.relative_to(site).as_posix()
        if rel.startswith("pagefind/") or rel.startswith("en/") != (lang == "en"):
            continue
        text = re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))
        found |= set(re.findall(r"\w+", plain(text).lower()))
    return found


@pytest.mark.parametrize("query", ["crédito", "credito"])
def test_a_word_the_site_does_not_hold_finds_nothing(open_page: OpenPage, built_site: Path, query: str) -> None:
    """Pagefind's fallback (the longest indexed word the query starts with: "cre" for "credito")
    would list every page with "crear"; the reader meant none of them."""
    words = site_words(built_site, "es")
    assert not [w for w in words if w.startswith("credit")], "precondition: the site never says crédito"
    assert [w for w in words if w.startswith("cre")], "precondition: words the fallback would match"
    page = open_page(KINDS["home"]).page
    assert search(page, query) == []
    assert page.locator(".md-search-result__meta").inner_text().strip() == page.evaluate(
        "JSON.parse(document.querySelector('#__config').textContent).translations['search.result.none']")


def test_a_query_with_or_without_its_accents_lists_the_same_pages(open_page: OpenPage) -> None:
    for lang in ("es", "en"):
        page = open_page(lang_path(lang, KINDS["home"])).page
        names = {c.name("es") for c in DATA.countries.values() if plain(c.name("es")) != c.name("es")}
        assert names, "precondition: accented country names (Perú, México)"
        for name in names:
            accented, bare = search(page, name), search(page, plain(name))
            assert accented and [r["href"] for r in accented] == [r["href"] for r in bare], (lang, name, accented, bare)


@pytest.mark.parametrize(("lang", "query"), [("en", "financing"), ("en", "table"), ("es", "tabla"), ("en", "contribute")])
def test_pages_for_contributors_come_after_pages_for_readers(open_page: OpenPage, lang: str, query: str) -> None:
    """...unless the page's title holds the words typed: then it is what the reader asked for."""
    page = open_page(lang_path(lang, KINDS["home"])).page
    results = search(page, query)
    contributors = [i for i, r in enumerate(results)
                    if any(r["href"] == page_url(lang, path) for path in FOR_CONTRIBUTORS)]
    readers = [i for i in range(len(results)) if i not in contributors]
    assert contributors and readers, f"precondition: both kinds of pages match {query!r}: {results}"
    asked = [i for i in contributors if plain(query).lower() in plain(results[i]["title"]).lower()]
    assert all(i > max(readers) for i in contributors if i not in asked), [r["href"] for r in results]
    assert all(i == 0 for i in asked), ("a title that holds the query comes first", [r["href"] for r in results])


def test_search_on_a_phone(open_page: OpenPage) -> None:
    for lang in ("es", "en"):
        visit = open_page(lang_path(lang, KINDS["country"]), viewport=MOBILE)
        country = next(iter(DATA.countries.values()))
        results = search(visit.page, country.name(lang))
        assert page_url(lang, f"paises/{country.slug}/") in [r["href"] for r in results[:3]], results
        assert visit.page.locator(".md-search-result__item").first.is_visible()
