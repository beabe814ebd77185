"""Glossary terms (issue #20): on every page the first use of each glossary term in running text is
a link the keyboard reaches, shows the term's definition on focus as on hover (without JavaScript
too), closes it with Escape, keeps it on screen and leads to the term's entry in the glossary;
later uses of the term on the page add no stop to the Tab order."""

from __future__ import annotations

import pytest

from .conftest import DESKTOP, KINDS, LANGS, MOBILE, OpenPage, lang_path, screenshot

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": DESKTOP, "mobile": MOBILE}
# pages that use glossary terms in their text: the home page, a country, an objective
PAGES = ("home", "country", "objective")

USES = """() => {
    const passed = 'h1, h2, h3, h4, h5, h6, a, table, figure, button, code, pre, summary, svg, dfn, label'
    const article = document.querySelector('.md-content article')
    const links = [...article.querySelectorAll('.roadmap-term__link')].map(link => {
        const tip = document.getElementById(link.getAttribute('aria-describedby'))
        return {href: link.href, text: link.textContent, tabIndex: link.tabIndex, tip: tip && tip.textContent,
                tipRole: tip && tip.getAttribute('role'), index: [...article.querySelectorAll('*')].indexOf(link)}
    })
    // every use the theme marks as an abbreviation, in document order, and whether it is in running text
    const plain = [...article.querySelectorAll('abbr[title]')].map(abbr => ({
        definition: abbr.title, running: !abbr.parentElement.closest(passed),
        focusable: !!abbr.closest('a[href], [tabindex]'), index: [...article.querySelectorAll('*')].indexOf(abbr)}))
    return {links, plain}
}"""


@pytest.mark.parametrize("kind", PAGES)
def test_the_first_use_of_each_term_leads_to_its_entry(open_page: OpenPage, kind: str) -> None:
    linked_somewhere = False
    for lang in LANGS:
        visit = open_page(lang_path(lang, KINDS[kind]))
        page = visit.page
        uses = page.evaluate(USES)
        links = uses["links"]
        linked_somewhere |= bool(links)
        definitions = [link["tip"] for link in links]
        assert len(set(definitions)) == len(definitions), f"{kind} {lang}: a term linked twice: {definitions}"
        for link in links:
            assert link["tabIndex"] == 0 and link["tipRole"] == "tooltip" and link["tip"], link
            # no use of the same term in running text before the linked one
            earlier = [u for u in uses["plain"] if u["definition"] == link["tip"] and u["running"] and u["index"] < link["index"]]
            assert not earlier, f"{kind} {lang}: {link['text']} is not the term's first use"
        # every term used in running text is linked once; its other uses are no Tab stop
        running = {u["definition"] for u in uses["plain"] if u["running"]}
        assert running <= set(definitions), f"{kind} {lang}: terms in the text without a link: {running - set(definitions)}"
        assert not [u for u in uses["plain"] if u["focusable"] and u["running"]], uses["plain"]
        # each link leads to the entry of its term: the glossary's row holds the definition shown
        glossary = open_page(lang_path(lang, "glosario/")).page
        for link in links:
            glossary.goto(link["href"])
            entry = glossary.evaluate("""() => {
                const target = document.getElementById(decodeURIComponent(location.hash.slice(1)))
                return target && {tag: target.tagName, term: target.textContent.trim(), targeted: target.matches(':target'),
                                  row: target.closest('tr').textContent, top: target.getBoundingClientRect().top}
            }""")
            assert entry and entry["tag"] == "DFN" and entry["targeted"], (link, entry)
            assert link["tip"].rstrip(".") in entry["row"], (link, entry)
            assert link["text"].lower().startswith(entry["term"].lower()[:3]), (link, entry)  # "pymes": "Pyme"
            assert 40 < entry["top"] < glossary.viewport_size["height"], f"the entry is hidden under the header: {entry}"
    assert linked_somewhere, f"precondition: {kind} pages use glossary terms"


TIP = """link => {
    const tip = document.getElementById(link.getAttribute('aria-describedby'))
    const box = tip.getBoundingClientRect()
    return {shown: getComputedStyle(tip).display !== 'none' && box.width > 0, left: box.left, right: box.right,
            width: document.documentElement.clientWidth, text: tip.textContent}
}"""


@pytest.mark.parametrize("width", VIEWPORTS)
def test_a_term_shows_its_definition_on_focus_and_closes_with_escape(open_page: OpenPage, width: str) -> None:
    for lang in LANGS:
        page = open_page(lang_path(lang, KINDS["country"]), viewport=VIEWPORTS[width]).page
        first = page.locator(".md-content .roadmap-term__link").first
        assert first.count(), "precondition: the country page uses a glossary term"
        assert not first.evaluate(TIP)["shown"]
        # the keyboard reaches it in the page's Tab order
        for _ in range(80):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('.roadmap-term__link')"):
                break
        else:
            pytest.fail(f"{lang} {width}: Tab never reached a glossary term")
        term = page.locator(":focus")
        tip = term.evaluate(TIP)
        assert tip["shown"] and tip["text"], tip
        assert 0 <= tip["left"] and tip["right"] <= tip["width"], f"{lang} {width}: the definition leaves the screen: {tip}"
        screenshot(page, f"glossary-term-{lang}-{width}")
        page.keyboard.press("Escape")
        assert not term.evaluate(TIP)["shown"], "Escape closes the definition"
        assert page.evaluate("document.activeElement.matches('.roadmap-term__link')"), "and leaves the focus where it was"
        # hover shows it again, and the pointer can move onto it without it closing (WCAG 1.4.13)
        page.keyboard.press("Tab")
        page.mouse.move(0, 0)
        term.hover()
        assert term.evaluate(TIP)["shown"]
        tip_box = page.locator(".roadmap-term__tip:visible").bounding_box()
        assert tip_box
        page.mouse.move(tip_box["x"] + tip_box["width"] / 2, tip_box["y"] + tip_box["height"] / 2, steps=5)
        assert term.evaluate(TIP)["shown"], "the definition stays while the pointer is on it"
        page.keyboard.press("Escape")
        assert not term.evaluate(TIP)["shown"], "Escape closes it under the pointer too"


def test_without_javascript_a_term_still_shows_its_definition_on_focus(open_page: OpenPage) -> None:
    for lang in LANGS:
        page = open_page(lang_path(lang, KINDS["country"]), js=False).page
        first = page.locator(".md-content .roadmap-term__link").first
        assert not first.evaluate(TIP)["shown"]
        first.focus()
        assert first.evaluate(TIP)["shown"]
