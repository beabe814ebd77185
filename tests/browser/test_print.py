"""Print: an objective or a country page prints as the page alone, links show where they lead
(but a glossary term's link to its entry, there for screens: on paper its address would follow
every first use of a term), tables print whole with no row cut across pages. The PDFs are saved
as artifacts."""

from __future__ import annotations

import pytest

from .conftest import ARTIFACTS, KINDS, SITE_URL, OpenPage, lang_path

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("kind", ["objective", "country"])
def test_a_generated_page_prints_cleanly(open_page: OpenPage, kind: str) -> None:
    for lang in ("es", "en"):
        page = open_page(lang_path(lang, KINDS[kind]), media="print").page
        shown = page.evaluate("""() => Object.fromEntries(['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary',
            '.md-footer', '.md-search', '.md-content__button', '.md-skip'].map(s =>
            [s, [...document.querySelectorAll(s)].some(el => getComputedStyle(el).display !== 'none')]))""")
        assert not any(shown.values()), f"printed: {[s for s, on in shown.items() if on]}"
        links = page.evaluate("""() => [...document.querySelectorAll('.md-content a[href]')]
            .filter(a => !a.matches('.headerlink, .roadmap-term__link') && !a.getAttribute('href').startsWith('#') && a.offsetParent)
            .map(a => ({href: a.getAttribute('href'), after: getComputedStyle(a, '::after').content}))""")
        assert links and all(link["after"].startswith('" (') for link in links), links
        terms = page.evaluate("""() => [...document.querySelectorAll('.md-content .roadmap-term__link')].map(a =>
            getComputedStyle(a, '::after').content + ' ' + getComputedStyle(a.nextElementSibling).display)""")
        assert terms and set(terms) == {"none none"}, f"a glossary term prints its address or definition: {terms}"
        internal = [link for link in links if not link["href"].startswith("http")]
        assert internal and all(SITE_URL in link["after"] for link in internal), internal
        # table rows and figure cards (a country's profile, issue #10) are never cut across pages
        rows = page.evaluate("""() => [...document.querySelectorAll('.md-typeset tr, .md-typeset .key-figure')]
            .map(tr => getComputedStyle(tr).breakInside)""")
        assert rows and set(rows) == {"avoid"}, rows
        overflow = page.evaluate("""() => [...document.querySelectorAll('.md-typeset table')]
            .filter(t => t.getBoundingClientRect().right > document.querySelector('.md-content').getBoundingClientRect().right + 1)
            .length""")
        assert overflow == 0, "a table is wider than the printed page"
        folder = ARTIFACTS / "print"
        folder.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(folder / f"{kind}-{lang}.pdf"), format="A4", print_background=False)
