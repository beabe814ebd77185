"""Reader polish (issue #11): every interface string in the page's language, the theme's included;
search results shown as text and ranked by what a page is about; a phone layout that holds;
charts at the body text's size, titled first; the language switcher keeps the reader's section."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, Page

from roadmap.messages import labels
from roadmap.render_text import label

from ..conftest import ROOT, copy_project, mkdocs_build
from .conftest import DATA, DESKTOP, KINDS, LANGS, MOBILE, SITE_PATH, OpenPage, lang_path, screenshot, search
from .server import SiteServer

pytestmark = pytest.mark.browser

OTHER = {"es": "en", "en": "es"}
VIEWPORTS = {"desktop": DESKTOP, "mobile": MOBILE}


def interface_strings(lang: str) -> set[str]:
    """Every interface string the site has in a language: roadmap/labels.yml, Material's own
    translations, the colour toggle's names in mkdocs.yml."""
    found = {texts[lang] for texts in labels().values() if lang in texts}
    import material

    languages = Path(material.__file__).parent / "templates" / "partials" / "languages"
    found |= set(re.findall(r'"[a-z.]+": "([^"#]+)"', (languages / f"{lang}.html").read_text(encoding="utf-8")))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if lang == "en":
        found |= set(re.findall(r"toggle: \{name: ([^}]+)\}", config))
    else:
        found |= set(re.findall(r"^\s+name: (Activar [^\n]+)", config, re.M))
    return {text.strip() for text in found if len(text.strip()) > 3}


# Text and the attributes a reader hears or sees, each with the language of its element
PAGE_STRINGS = """() => {
    const out = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement
        if (!el || el.closest("script, style, [hidden]") || !node.textContent.trim()) continue
        out.push([node.textContent.trim(), el.closest("[lang]").lang])
    }
    for (const el of document.querySelectorAll("[title], [aria-label], [placeholder], [alt]")) {
        if (el.closest("[hidden]:not(label)")) continue
        for (const name of ["title", "aria-label", "placeholder", "alt"]) {
            if (el.hasAttribute(name)) out.push([el.getAttribute(name).trim(), el.closest("[lang]").lang])
        }
    }
    out.push([document.title, document.documentElement.lang])
    return out
}"""


@pytest.mark.parametrize("kind", KINDS)
def test_no_interface_text_of_the_other_language(view_page: OpenPage, kind: str) -> None:
    failures = []
    for lang in LANGS:
        foreign = interface_strings(OTHER[lang]) - interface_strings(lang)
        page = view_page(lang_path(lang, KINDS[kind])).page
        for text, marked in page.evaluate(PAGE_STRINGS):
            if marked == lang and text in foreign:
                failures.append(f"{kind} {lang}: {text!r}")
        # the theme's strings that come from the configuration, in this language
        assert page.locator(".md-source__repository").first.inner_text().strip() == label("repository_link", lang)
        if kind != "404":
            assert page.locator(".headerlink").first.get_attribute("title") == label("permalink_title", lang)
    assert not failures, "\n".join(sorted(set(failures)))


def test_hreflang_alternates_are_absolute(open_page: OpenPage) -> None:
    from .conftest import SITE_URL

    for lang in LANGS:
        page = open_page(lang_path(lang, KINDS["country"])).page
        hrefs = page.evaluate("[...document.querySelectorAll('link[hreflang]')].map(l => l.getAttribute('href'))")
        assert len(hrefs) == 3 and all(href.startswith(SITE_URL) for href in hrefs), hrefs


# --------------------------------------------------------------------------- search results


@pytest.fixture(scope="module")
def lt_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SiteServer, str]]:
    """A copy of the site whose first objective's title ends in "(<10 empleados)", and whose first
    two objectives have horizons, so the dashboard draws charts whatever the real data holds."""
    project = copy_project(tmp_path_factory.mktemp("lt") / "project")
    data_file = project / "data" / "objectives.yml"
    data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
    objective = data["objectives"][0]
    objective["title"]["es"] += " (<10 empleados)"
    objective["title"]["en"] += " (<10 employees)"
    for spread, horizon in zip(data["objectives"], ("short", "medium")):
        spread["horizon"] = horizon
    data_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = project.parent / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    with SiteServer(site, SITE_PATH) as running:
        yield running, objective["id"]


def result_texts(page: Page) -> list[dict[str, str]]:
    return page.evaluate("""() => [...document.querySelectorAll('.md-search-result__item')].map(item => ({
        href: item.querySelector('a').href, text: item.innerText, html: item.innerHTML}))""")


def test_search_results_show_text_as_text_and_highlight_the_words_typed(lt_site: tuple[SiteServer, str], browser: Browser) -> None:
    running, key = lt_site
    for lang, words in (("es", "empleados"), ("en", "employees")):
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        page.goto(running.url(lang_path(lang, "")))
        results = search(page, "10")
        assert results[0]["href"] == SITE_PATH + lang_path(lang, f"objetivos/{key}/"), results[:3]
        items = result_texts(page)
        assert f"(<10 {words})" in items[0]["text"], items[0]["text"]
        assert not [item["text"] for item in items if re.search(r"&(lt|gt|amp|quot);", item["text"])]
        # the link carries what the reader typed, and the page opened shows the title as written
        highlight = parse_qs(urlsplit(items[0]["href"]).query)["h"][0].split()
        assert "10" in highlight and not [word for word in highlight if ";" in word], highlight
        page.goto(items[0]["href"])
        assert f"(<10 {words})" in page.locator("h1").inner_text()
        context.close()


def test_search_results_show_no_ids_or_glued_table_headers(open_page: OpenPage) -> None:
    for lang in LANGS:
        page = open_page(lang_path(lang, KINDS["home"])).page
        glued = {label(a, lang) + label(b, lang) for a in ("objective", "theme", "horizon", "status", "country")
                 for b in ("objective", "theme", "horizon", "status", "country")}
        for key, objective in DATA.objectives.items():
            for query in (key, objective.title(lang).split()[-1]):
                search(page, query)
                for item in result_texts(page):
                    assert not [g for g in glued if g in item["text"]], (query, item["text"])
                    # an objective page indexes its id so typing it finds the page; never shown
                    if f"/objetivos/{key}/" in item["href"]:
                        assert key not in item["text"], (query, item["text"])


@pytest.mark.parametrize(("lang", "query"), [("es", "pymes"), ("en", "entrepreneurship")])
def test_the_highlight_carries_words_not_addresses(open_page: OpenPage, lang: str, query: str) -> None:
    """Words that also appear inside a cited source's address (the sources page shows them)."""
    page = open_page(lang_path(lang, KINDS["home"])).page
    assert search(page, query)
    for item in result_texts(page):
        highlight = parse_qs(urlsplit(item["href"]).query).get("h", [""])[0].split()
        assert query in highlight and not [word for word in highlight if re.search(r"[/:.;&]", word)], highlight


def test_the_page_about_a_thing_ranks_first(open_page: OpenPage) -> None:
    for lang in LANGS:
        page = open_page(lang_path(lang, KINDS["home"])).page
        cases = [(o.title(lang), f"objetivos/{key}/") for key, o in DATA.objectives.items()]
        cases += [(c.name(lang), f"paises/{c.slug}/") for c in DATA.countries.values()]
        cases += [(a.name(lang), f"actores/{key}/") for key, a in DATA.actors.items()]
        wrong = []
        for query, path in cases:
            results = search(page, query)
            if not results or results[0]["href"] != SITE_PATH + lang_path(lang, path):
                wrong.append(f"{lang} {query!r}: {[r['href'] for r in results[:3]]}")
        assert not wrong, "\n".join(wrong)


# --------------------------------------------------------------------------- phone and desktop layout

# beyond the kinds: the pages with identifiers in tables and code blocks
LAYOUT = {**KINDS, "data-reference": "datos/", "contribute": "contribuir/"}

LAYOUT_CHECKS = """() => {
    const split = [...document.querySelectorAll('.md-content :is(td, th) code')]
        .filter(code => !/\\s/.test(code.textContent) && code.getClientRects().length > 1)
        .map(code => code.textContent)
    const topic = document.querySelector('.md-header__topic .md-ellipsis')
    const title = {text: topic.textContent.trim(), cut: topic.scrollWidth > topic.clientWidth + 1 || topic.scrollHeight > topic.clientHeight + 1}
    const tables = [...document.querySelectorAll('.md-typeset__scrollwrap, .explorer__scroll')]
        .filter(wrap => wrap.scrollWidth > wrap.clientWidth + 1)
        .map(wrap => ({shadow: getComputedStyle(wrap).backgroundImage.includes('radial-gradient'),
                       clear: getComputedStyle(wrap.querySelector('table')).backgroundColor === 'rgba(0, 0, 0, 0)'}))
    const code = [...document.querySelectorAll('.md-content pre > code')].map(code => ({
        fits: code.scrollWidth <= code.clientWidth + 1 || ['auto', 'scroll'].includes(getComputedStyle(code).overflowX),
        copy: !!code.parentElement.querySelector('.md-clipboard, button[data-clipboard-target]')}))
    const buttons = [...document.querySelectorAll('.roadmap-not-found__actions > .md-button')]
        .filter(b => b.offsetParent).map(b => b.getBoundingClientRect().height)
    return {split, title, tables, code, buttons, sideways: document.documentElement.scrollWidth > innerWidth}
}"""


@pytest.mark.parametrize("kind", LAYOUT)
def test_the_layout_holds_on_a_phone_and_a_desktop(view_page: OpenPage, kind: str) -> None:
    for lang in LANGS:
        for width, viewport in VIEWPORTS.items():
            page = view_page(lang_path(lang, LAYOUT[kind]), viewport=viewport).page
            screenshot(page, f"layout-{kind}-{lang}-{width}")
            found = page.evaluate(LAYOUT_CHECKS)
            where = f"{kind} {lang} {width}"
            assert not found["split"], f"{where}: identifiers in a table split across lines: {found['split']}"
            assert not found["title"]["cut"], f"{where}: header title cut: {found['title']}"
            assert all(t["shadow"] and t["clear"] for t in found["tables"]), f"{where}: a wide table hides that it scrolls"
            assert all(c["fits"] and c["copy"] for c in found["code"]), f"{where}: code cut or without copy button {found['code']}"
            assert len(set(found["buttons"])) <= 1, f"{where}: buttons of different heights {found['buttons']}"
            assert not found["sideways"], f"{where}: the page scrolls sideways"
    if kind == "contribute":
        assert found["code"], "precondition: the contribute page has code blocks"
    if kind == "404":
        assert len(found["buttons"]) == 2, found["buttons"]


# --------------------------------------------------------------------------- charts

CHARTS = """() => {
    const body = parseFloat(getComputedStyle(document.querySelector('.md-typeset p')).fontSize)
    return [...document.querySelectorAll('.md-content figure svg[role=img]')].map(svg => {
        const figure = svg.closest('figure')
        const caption = figure.querySelector('figcaption')
        const summary = figure.parentElement.querySelector('details summary')
        return {
            body,
            sizes: [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect().height > 0
                ? parseFloat(getComputedStyle(t).fontSize) * svg.getScreenCTM().a : 0),
            titleFirst: !!caption && !!(caption.compareDocumentPosition(svg) & Node.DOCUMENT_POSITION_FOLLOWING),
            caption: caption && caption.textContent.trim(), title: svg.querySelector('title').textContent.trim(),
            icon: summary ? getComputedStyle(summary, '::before').maskImage || getComputedStyle(summary, '::before').webkitMaskImage : '',
        }
    })
}"""


@pytest.mark.parametrize("width", VIEWPORTS)
def test_charts_keep_body_size_text_titled_before_the_picture(lt_site: tuple[SiteServer, str], browser: Browser,
                                                              width: str) -> None:
    running, _ = lt_site
    for lang in LANGS:
        context = browser.new_context(viewport=VIEWPORTS[width])
        page = context.new_page()
        page.goto(running.url(lang_path(lang, KINDS["dashboard"])))
        screenshot(page, f"charts-{lang}-{width}")
        charts = page.evaluate(CHARTS)
        context.close()
        assert charts, "precondition: the dashboard has charts"
        for chart in charts:
            assert chart["sizes"] and all(abs(size - chart["body"]) < 0.5 for size in chart["sizes"]), chart
            assert chart["titleFirst"] and chart["caption"] == chart["title"], chart
            # Material's table icon, not the pencil of a plain <details>
            assert "M5 4h14" in chart["icon"], chart["icon"][:120]


# --------------------------------------------------------------------------- language switcher


HEADINGS = ".md-content__inner :is(h2, h3, h4, h5, h6)[id]"


@pytest.mark.parametrize("kind", [kind for kind in KINDS if kind != "404"])
def test_the_switcher_keeps_the_readers_section(open_page: OpenPage, kind: str) -> None:
    """A reader who followed the table of contents to a section lands on the same section."""
    for lang in LANGS:
        page = open_page(lang_path(lang, KINDS[kind])).page
        headings = page.locator(HEADINGS)
        if headings.count() < 2:
            continue
        index = headings.count() - 1 if headings.count() < 3 else 2
        page.goto(page.url + "#" + headings.nth(index).get_attribute("id"))  # as the table of contents does
        page.hover(".md-select")
        with page.expect_navigation():
            page.click(f".md-select__link[hreflang={OTHER[lang]}]")
        page.wait_for_load_state("load")
        target = page.locator(HEADINGS).nth(index)
        assert page.evaluate("decodeURIComponent(location.hash.slice(1))") == target.get_attribute("id")
        top = target.evaluate("h => h.getBoundingClientRect().top")
        assert 0 <= top < page.viewport_size["height"], f"{kind} {lang}: the section is off screen, at {top}px"


def test_the_switcher_keeps_the_explorers_filters(open_page: OpenPage) -> None:
    """objetivos/?theme=finance leads to en/objetivos/?theme=finance, with the same objectives
    listed; a filter chosen on the page goes along too, by mouse or keyboard."""
    theme, status = next(iter(DATA.themes)), next(iter(DATA.statuses))
    for lang in LANGS:
        page = open_page(lang_path(lang, f"objetivos/?theme={theme}")).page
        assert page.locator("#explorer-theme").input_value() == theme
        page.select_option("#explorer-status", status)  # the explorer rewrites the address
        count = page.locator(".explorer__count").inner_text()
        switch = page.locator(f".md-select__link[hreflang={OTHER[lang]}]")
        with page.expect_navigation():
            if lang == "es":
                page.hover(".md-select")
                switch.click()
            else:  # the keyboard: focus the link, then Enter
                switch.focus()
                page.keyboard.press("Enter")
        address = urlsplit(page.url)
        assert address.path == SITE_PATH + lang_path(OTHER[lang], "objetivos/"), page.url
        assert parse_qs(address.query) == {"theme": [theme], "status": [status]}, page.url
        assert page.locator("#explorer-theme").input_value() == theme
        assert page.locator("#explorer-status").input_value() == status
        assert re.sub(r"\D", "", page.locator(".explorer__count").inner_text()) == re.sub(r"\D", "", count)
