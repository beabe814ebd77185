"""What a reader does with the progress features: filter the objectives explorer (keyboard only,
shareable URL, announced count), read the charts through their accessible names, and print the
whole roadmap to PDF."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from .conftest import ARTIFACTS, DATA, OpenPage, lang_path

pytestmark = pytest.mark.browser

ROWS = ".explorer__scroll tbody tr"


def visible_ids(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.evaluate(f"""() => [...document.querySelectorAll('{ROWS}')].filter(tr => !tr.hidden)
        .map(tr => new URL(tr.querySelector('a').href).pathname.split('/').filter(Boolean).pop())""")


def test_without_javascript_the_whole_table_shows_and_no_filters(open_page: OpenPage) -> None:
    page = open_page("objetivos/", js=False).page
    assert len(visible_ids(page)) == len(DATA.objectives)
    assert not page.locator("form.explorer").is_visible()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_filters_by_keyboard_update_the_count_and_the_url(open_page: OpenPage, lang: str) -> None:
    page = open_page(lang_path(lang, "objetivos/")).page
    assert page.locator("form.explorer").is_visible()
    theme = next(iter(DATA.themes))
    expected = [o.id for o in DATA.objectives.values() if o.theme == theme]
    # Tab into the form from the text box, then choose the theme with the keyboard alone
    page.locator("#explorer-q").focus()
    page.keyboard.press("Tab")  # horizon
    page.keyboard.press("Tab")  # theme
    assert page.evaluate("document.activeElement.id") == "explorer-theme"
    page.locator("#explorer-theme").select_option(theme)  # a keyboard user's choice, as the browser applies it
    assert visible_ids(page) == expected
    status = page.locator(".explorer__count")
    assert status.get_attribute("role") == "status"
    assert re.search(rf"\b{len(expected)}\b", status.inner_text())
    assert f"theme={theme}" in page.url
    # the URL alone reproduces the view
    shared = open_page(lang_path(lang, f"objetivos/?theme={theme}")).page
    assert visible_ids(shared) == expected and shared.locator("#explorer-theme").input_value() == theme
    # clearing brings every row back and empties the URL's query
    page.locator(".explorer button[type=reset]").press("Enter")
    page.wait_for_function(f"() => [...document.querySelectorAll('{ROWS}')].every(tr => !tr.hidden)")
    assert "?" not in page.url


def test_free_text_forgives_accents(open_page: OpenPage) -> None:
    objective = next(o for o in DATA.objectives.values() if re.search("[áéíóú]", o.title("es")))
    word = next(w for w in objective.title("es").split() if re.search("[áéíóú]", w))
    plain = word.translate(str.maketrans("áéíóú", "aeiou")).lower()
    page = open_page("objetivos/").page
    page.locator("#explorer-q").fill(plain)
    assert objective.id in visible_ids(page)
    assert all(re.search(word, DATA.objectives[i].title("es") + DATA.objectives[i].summary("es"), re.I)
               or i == objective.id for i in visible_ids(page))


@pytest.mark.parametrize("lang", ["es", "en"])
def test_charts_have_accessible_names(open_full_page: OpenPage, lang: str) -> None:
    page = open_full_page(lang_path(lang, "progreso/")).page  # a site whose data draws charts
    names = page.evaluate("""() => [...document.querySelectorAll('svg[role=img]')].map(svg =>
        svg.getAttribute('aria-labelledby').split(' ').map(id => document.getElementById(id).textContent).join(' '))""")
    assert len(names) == 4 and all(len(name) > 20 for name in names)
    for svg_title in page.evaluate("() => [...document.querySelectorAll('svg[role=img] > title')].map(t => t.textContent)"):
        assert page.get_by_role("img", name=re.compile(re.escape(svg_title))).count() == 1
    # every bar has its number written beside it: colour is never the only signal
    bars, values = page.locator(".chart__bar").count(), page.locator(".chart__value").count()
    assert bars == values > 0


@pytest.mark.parametrize("lang", ["es", "en"])
def test_printable_roadmap_renders_to_a_pdf_with_every_objective(open_page: OpenPage, lang: str) -> None:
    page = open_page(lang_path(lang, "imprimir/"), media="print").page
    pdf = page.pdf(format="A4", print_background=False)
    folder = ARTIFACTS / "print"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"roadmap-{lang}.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 1
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    for objective in DATA.objectives.values():
        assert " ".join(objective.title(lang).split()) in text, objective.id
