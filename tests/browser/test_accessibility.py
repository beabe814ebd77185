"""Accessibility: axe-core finds no WCAG 2.1 A/AA violation on any page kind, in both languages,
light and dark, desktop and phone; the keyboard reaches everything with a visible focus; charts,
icons and status badges carry text; at 375 px only a table scrolls sideways, in its own box."""

from __future__ import annotations

import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from .conftest import DESKTOP, KINDS, LANGS, MOBILE, SITE_PATH, OpenPage, lang_path, screenshot, write_report

pytestmark = pytest.mark.browser

AXE = Axe()
WCAG21 = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Tap targets of at least 24 px (WCAG 2.2's 2.5.8, asked for on phones)
OPTIONS = {"runOnly": {"type": "tag", "values": WCAG21}, "rules": {"target-size": {"enabled": True}},
           "resultTypes": ["violations"]}
# The dark scheme changes colours only (the theme swaps its colour variables; the DOM, the layout
# and the tap targets are the light scheme's, checked there with every rule): in dark, the rules
# that read colours. A third of the suite's axe time (issue #21).
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
DARK_OPTIONS = {"runOnly": {"type": "rule", "values": COLOUR_RULES}, "resultTypes": ["violations"]}
VIEWPORTS = {"desktop": DESKTOP, "mobile": MOBILE}
REPORT: dict[str, dict[str, dict[str, int]]] = {}


def axe_report(results: dict) -> str:  # type: ignore[type-arg]
    lines = []
    for violation in results["violations"]:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines += [f"    {', '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}"
                  for node in violation["nodes"][:5]]
    return "\n".join(lines)


@pytest.mark.parametrize("kind", KINDS)
def test_axe_finds_no_violation(view_page: OpenPage, kind: str) -> None:
    """Every page kind x language x colour scheme x width (dark: the colour rules); screenshots of each (light scheme)."""
    failures = []
    counts: dict[str, dict[str, int]] = {}
    for lang in LANGS:
        for scheme in ("light", "dark"):
            for width, viewport in VIEWPORTS.items():
                page = view_page(lang_path(lang, KINDS[kind]), viewport=viewport, scheme=scheme).page
                if scheme == "light" and width == "mobile":  # the page the phone test reads, before axe runs
                    PHONE.setdefault((kind, lang), page.evaluate(PHONE_CHECKS))
                expected = "slate" if scheme == "dark" else "default"
                assert page.evaluate("document.body.dataset.mdColorScheme") == expected
                if scheme == "light":
                    screenshot(page, f"{kind}-{lang}-{width}")
                results = AXE.run(page, options=DARK_OPTIONS if scheme == "dark" else OPTIONS).response
                name = f"{lang}-{scheme}-{width}"
                counts[name] = {"violations": len(results["violations"]), "passed_rules": len(results["passes"]),
                                "incomplete": len(results["incomplete"])}
                if results["violations"]:
                    failures.append(f"--- {kind} {name}\n{axe_report(results)}")
    REPORT[kind] = counts
    write_report("axe.json", REPORT)
    assert not failures, "\n".join(failures)


CHART_TEXT_CONTRAST = """() => {
    const rgba = c => { const v = c.match(/[\\d.]+/g).map(Number); return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1] }
    const luminance = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4 })
        .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0)
    const page = rgba(getComputedStyle(document.body).backgroundColor)
    return [...document.querySelectorAll('.md-content svg[role=img] text')].map(text => {
        const [r, g, b, a] = rgba(getComputedStyle(text).fill)
        const shown = [r, g, b].map((v, i) => v * a + page[i] * (1 - a))
        const [light, dark] = [luminance(shown), luminance(page)].sort((x, y) => y - x)
        return (light + 0.05) / (dark + 0.05)
    })
}"""


def focus_ring(page: Page) -> dict[str, object]:
    """What has the focus, and whether it shows: an outline or a box shadow, or a visible label
    for a visually hidden input (the theme's colour toggle)."""
    return page.evaluate("""() => {
        const el = document.activeElement
        const shown = el.matches(".md-option") ? el.nextElementSibling : el
        const style = getComputedStyle(shown)
        const rect = shown.getBoundingClientRect()
        return {
            what: el.tagName.toLowerCase() + (el.className ? "." + String(el.className).trim().split(/\\s+/).join(".") : ""),
            text: (el.getAttribute("aria-label") || el.textContent || el.value || "").trim().slice(0, 40),
            ring: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none",
            onscreen: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0,
        }
    }""")


def test_the_keyboard_reaches_the_skip_link_switcher_and_search_with_visible_focus(open_page: OpenPage) -> None:
    page = open_page(KINDS["objective"]).page
    page.keyboard.press("Tab")
    first = focus_ring(page)
    assert first["what"].startswith("a.md-skip") and first["onscreen"] and first["ring"], first
    target = page.evaluate("document.activeElement.hash")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == target and page.evaluate(f"!!document.querySelector('{target}')")
    page.goto(page.url.split("#")[0])
    stops = []
    for _ in range(25):
        page.keyboard.press("Tab")
        stops.append(focus_ring(page))
    reached = " ".join(str(stop["what"]) for stop in stops)
    for part in ("md-skip", "md-select", "md-select__link", "md-search__input", "md-content"):
        assert part in reached or (part == "md-content" and "md-nav__link" in reached), f"{part} not reached: {stops}"
    hidden = [stop for stop in stops if not (stop["ring"] and stop["onscreen"])]
    assert not hidden, f"focus not visible on {hidden}"


def test_the_language_switcher_works_from_the_keyboard(open_page: OpenPage) -> None:
    page = open_page(KINDS["country"]).page
    page.focus(".md-select > button")
    page.keyboard.press("Tab")
    link = focus_ring(page)
    assert "md-select__link" in str(link["what"]) and link["onscreen"] and link["ring"], link
    while page.evaluate("document.activeElement.hreflang") != "en":
        page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("location.pathname") == SITE_PATH + "en/" + KINDS["country"]


def test_a_wide_table_scrolls_in_its_own_labelled_box_reached_by_the_keyboard(open_page: OpenPage) -> None:
    """On a phone a table reads as cards (test_phone_tables.py); wider than the page's column on a
    desktop, it scrolls in its own box: the data reference has one."""
    page = open_page("datos/", viewport=DESKTOP).page
    boxes = page.locator(".md-typeset__scrollwrap[role=region]")
    assert boxes.count() > 0, "no table is wider than the column here: the check needs one"
    # from the permalink of the table's section, just before it
    boxes.first.evaluate("""box => {
        let el = box
        while (el && !el.matches('h2, h3')) el = el.previousElementSibling
        el.querySelector('.headerlink').focus()
    }""")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.md-typeset__scrollwrap')"):
            break
    else:
        pytest.fail("Tab never reached a scrolling table")
    box = page.evaluate_handle("document.activeElement")
    assert box.evaluate("el => el.getAttribute('aria-label')").startswith("Tabla")
    assert focus_ring(page)["ring"]
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=box)


# What test_on_a_phone_only_tables_scroll_sideways reads of a page on a phone (light scheme): the
# page's width, the scrolling tables that are not labelled regions, the cramped table cells.
PHONE_CHECKS = """() => ({
    width: document.documentElement.scrollWidth,
    unlabelled: [...document.querySelectorAll('.md-typeset__scrollwrap')]
        .filter(box => box.scrollWidth > box.clientWidth + 1)
        .filter(box => !(box.getAttribute('role') === 'region' && box.getAttribute('aria-label') && box.tabIndex === 0))
        .map(box => box.outerHTML.slice(0, 120)),
    cramped: [...document.querySelectorAll('.md-typeset td, .md-typeset th')]
        .filter(cell => cell.offsetParent && cell.textContent.trim().length > 3)
        .filter(cell => cell.getBoundingClientRect().width < 48 || parseFloat(getComputedStyle(cell).fontSize) < 12)
        .map(cell => cell.textContent.trim().slice(0, 30)),
})"""
# PHONE_CHECKS' answers by (kind, language), taken by test_axe_finds_no_violation at its own visit
# of the page on a phone, light scheme, before axe runs: the phone test reads them rather than
# opening the 16 pages again (issue #21), and opens a page itself only if that test did not.
PHONE: dict[tuple[str, str], dict[str, Any]] = {}


@pytest.mark.parametrize("kind", KINDS)
def test_on_a_phone_only_tables_scroll_sideways(view_page: OpenPage, kind: str) -> None:
    for lang in LANGS:
        found = PHONE.get((kind, lang))
        if found is None:
            found = view_page(lang_path(lang, KINDS[kind]), viewport=MOBILE).page.evaluate(PHONE_CHECKS)
        assert found["width"] <= MOBILE["width"], f"{kind} {lang}: the page is {found['width']} px wide"
        assert not found["unlabelled"], f"{kind} {lang}: a scrolling table is not a labelled region: {found['unlabelled']}"
        # tables stay readable: no squeezed column, no tiny text
        assert not found["cramped"], f"{kind} {lang}: cramped table cells {found['cramped'][:5]}"


def test_charts_icons_and_badges_carry_text(open_page: OpenPage, open_full_page: OpenPage) -> None:
    for lang in LANGS:
        page = open_full_page(lang_path(lang, KINDS["dashboard"])).page  # a site whose data draws charts
        charts = page.evaluate("""() => [...document.querySelectorAll('.md-content svg')]
            .filter(svg => !svg.closest('[aria-hidden=true], .md-icon, .headerlink, .md-content__button'))
            .map(svg => {
                const ids = (svg.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
                const name = svg.getAttribute('aria-label') || ids.map(id => document.getElementById(id)?.textContent || '').join(' ')
                return {role: svg.getAttribute('role'), name: name.trim()}
            })""")
        assert charts, "precondition: the dashboard has charts"
        assert all(chart["role"] == "img" and chart["name"] for chart in charts), charts
        # axe cannot judge text drawn in SVG: its contrast against the page, in both schemes
        for scheme in ("light", "dark"):
            chart_page = open_full_page(lang_path(lang, KINDS["dashboard"]), scheme=scheme).page
            ratios = chart_page.evaluate(CHART_TEXT_CONTRAST)
            assert ratios and min(ratios) >= 4.5, f"{lang} {scheme}: chart text contrast {ratios}"
        # icon-only controls in the header and content are named
        unnamed = page.evaluate("""() => [...document.querySelectorAll('a, button')]
            .filter(el => el.offsetParent && el.querySelector('svg') && !el.textContent.trim())
            .filter(el => !(el.getAttribute('aria-label') || el.getAttribute('title')))
            .map(el => el.outerHTML.slice(0, 100))""")
        assert not unnamed, unnamed
    for path in (KINDS["objectives-index"], KINDS["objective"]):
        page = open_page(path).page
        badges = page.locator(".status-badge")
        assert badges.count() > 0
        texts = badges.all_inner_texts()
        assert all(re.search(r"\w", text) for text in texts), f"a status badge is colour only: {texts}"
