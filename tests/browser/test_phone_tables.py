"""Phone layout (issue #20): at 375 px every table fits the screen (a table reads as a card per
row, each cell under its column's name), and no text anywhere is smaller than 12 px, at 375 and
1280 px, in both languages."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import DESKTOP, KINDS, LANGS, MOBILE, OpenPage, lang_path, screenshot

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": DESKTOP, "mobile": MOBILE}
# every page kind, and the pages whose tables are widest or longest
PAGES = {**KINDS, "changes": "cambios/", "data-reference": "datos/", "contribute": "contribuir/",
         "glossary": "glosario/", "institutions": "actores/", "countries": "paises/", "sources": "fuentes/"}
# the tables that must read as cards: the objectives, the changes, the contribute page's messages
CARDS = {"objectives-index": 1, "changes": 1, "contribute": 2, "data-reference": 16}
MIN_FONT_PX = 12

TABLES = """() => {
    const width = document.documentElement.clientWidth
    return [...document.querySelectorAll('.md-content table')].filter(t => t.getClientRects().length).map(table => {
        const headers = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim())
        const rows = [...table.tBodies].flatMap(body => [...body.rows]).filter(row => row.getClientRects().length)
        const cells = rows.flatMap(row => [...row.cells])
        // the box the table scrolls in, if any: a cell must not be cut off at its left either
        let box = table.parentElement
        while (box && !['auto', 'scroll', 'hidden'].includes(getComputedStyle(box).overflowX)) box = box.parentElement
        const left = Math.max(0, box ? box.getBoundingClientRect().left : 0)
        const beyond = cells.filter(cell => cell.getBoundingClientRect().right > width + 0.5 || cell.getBoundingClientRect().left < left - 0.5)
            .map(cell => cell.textContent.trim().slice(0, 40))
        // a card: the row is a block, and each cell but the first shows its column's name
        const labelled = rows.every(row => [...row.cells].slice(1).every(cell => {
            const before = getComputedStyle(cell, '::before')
            return before.display !== 'none' && before.content.includes(headers[cell.cellIndex])
        }))
        const cards = rows.length > 0 && rows.every(row => getComputedStyle(row).display === 'block') && labelled
        return {headers, beyond, cards, rows: rows.length,
                name: (table.closest('[role=region]') || {}).ariaLabel || headers.join(' | ').slice(0, 60)}
    })
}"""


@pytest.mark.parametrize("kind", PAGES)
def test_tables_fit_a_phone(view_page: OpenPage, kind: str) -> None:
    for lang in LANGS:
        phone = measured(view_page, kind, lang, "mobile")
        tables = phone["tables"]
        where = f"{kind} {lang}"
        wide = [(t["name"], t["beyond"][:3]) for t in tables if t["beyond"]]
        assert not wide, f"{where}: table cells beyond the edges of a 375 px screen or cut off: {wide}"
        assert phone["fits"], f"{where}: the page scrolls sideways"
        if kind in CARDS:
            cards = [t for t in tables if t["cards"]]
            assert len(cards) >= CARDS[kind], f"{where}: {len(cards)} of {len(tables)} tables read as cards: {tables}"
        # on a desktop they stay tables
        desktop = measured(view_page, kind, lang, "desktop")
        assert not [t["name"] for t in desktop["tables"] if t["cards"]], f"{where}: cards on a desktop"


def test_the_objectives_cards_keep_the_explorers_filters(open_page: OpenPage) -> None:
    """A card hidden by a filter stays hidden (a card's display must not override `hidden`)."""
    page = open_page(KINDS["objectives-index"], viewport=MOBILE).page
    rows = page.locator(".explorer__scroll tbody tr")
    assert rows.count() > 1, "precondition: several objectives"
    theme = page.locator("#explorer-theme option").nth(1).get_attribute("value")
    page.select_option("#explorer-theme", theme)
    visible = [rows.nth(i).is_visible() for i in range(rows.count())]
    hidden = [rows.nth(i).get_attribute("hidden") is not None for i in range(rows.count())]
    assert any(hidden) and visible == [not h for h in hidden], (visible, hidden)


SMALL_TEXT = """min => {
    const small = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement
        if (!node.textContent.trim() || !el || el.closest('script, style, noscript, template')) continue
        const style = getComputedStyle(el)
        if (style.visibility !== 'visible' || parseFloat(style.opacity) === 0) continue
        const range = document.createRange()
        range.selectNodeContents(node)
        const seen = [...range.getClientRects()].some(r => r.width > 1 && r.height > 1)
        let size = parseFloat(style.fontSize)
        const svg = el.closest('svg')
        if (svg && svg.getScreenCTM()) size *= svg.getScreenCTM().a  // SVG text as drawn
        if (seen && size < min - 0.01) small.push(`${size.toFixed(1)}px ${el.tagName.toLowerCase()}.${el.className}: ${node.textContent.trim().slice(0, 30)}`)
    }
    // text the style sheets add: the cards' column names
    for (const el of document.querySelectorAll('[data-label]')) {
        const before = getComputedStyle(el, '::before')
        if (before.display !== 'none' && before.content !== 'none' && parseFloat(before.fontSize) < min - 0.01)
            small.push(`${before.fontSize} ::before of ${el.tagName.toLowerCase()}`)
    }
    return [...new Set(small)]
}"""


@pytest.mark.parametrize("kind", PAGES)
def test_no_text_under_12_px(view_page: OpenPage, kind: str) -> None:
    failures = []
    for lang in LANGS:
        for width in VIEWPORTS:
            small = measured(view_page, kind, lang, width)["small"]
            failures += [f"{kind} {lang} {width}: {text}" for text in small[:8]]
    assert not failures, "\n".join(failures)


# What the two tests above read of each page, by (kind, language, width): each page is opened once
# at each width for both (issue #21: 60 page loads fewer, about 11 s of CPU). view_page's tabs only
# look, so what one visit measures is what a second visit would.
MEASURED: dict[tuple[str, str, str], dict[str, Any]] = {}


def measured(view_page: OpenPage, kind: str, lang: str, width: str) -> dict[str, Any]:
    """``{"tables": TABLES' answer, "fits": no sideways scroll, "small": SMALL_TEXT's answer}`` for
    the page of ``kind`` in ``lang`` at ``width`` (a key of :data:`VIEWPORTS`), measured at its first
    request in this module's run; the phone's screenshot of a page with cards is taken then."""
    key = (kind, lang, width)
    if key not in MEASURED:
        page = view_page(lang_path(lang, PAGES[kind]), viewport=VIEWPORTS[width]).page
        MEASURED[key] = {"tables": page.evaluate(TABLES),
                         "fits": page.evaluate("document.documentElement.scrollWidth <= innerWidth"),
                         "small": page.evaluate(SMALL_TEXT, MIN_FONT_PX)}
        if width == "mobile" and kind in CARDS:
            screenshot(page, f"tables-{kind}-{lang}-mobile")
    return MEASURED[key]
