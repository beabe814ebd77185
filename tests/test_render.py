"""Rendering: filters select exactly the right objectives; data is shown as text; a missing
translation falls back visibly; every interface label exists in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from roadmap import messages, model, page_html, render, render_text
from roadmap.yaml_reader import parse_yaml
from roadmap.project import LANGS

from .conftest import FIXTURES
from .html import Elements

VALID = (FIXTURES / "valid.yml").read_text(encoding="utf-8")


def renderer_for(tmp_path: Path, text: str = VALID) -> render.Renderer:
    path = tmp_path / "objectives.yml"
    path.write_text(text, encoding="utf-8")
    return render.Renderer(model.load(path))


def linked_ids(markdown_text: str) -> list[str]:
    return re.findall(r'(?:\]\(|href=")(?:\.\./)*objetivos/([a-z0-9-]+)/', markdown_text)


def unchecked_renderer(text: str) -> render.Renderer:
    """A renderer over data the checker rejects: rendering must be safe on its own (defence in depth)."""
    return render.Renderer(model.build(parse_yaml(text, "objectives.yml")))


@pytest.fixture
def renderer(tmp_path: Path) -> render.Renderer:
    return renderer_for(tmp_path)


@pytest.mark.parametrize("filters,expected", [
    ({}, ["obj-one", "obj-two"]),
    ({"horizon": "short"}, ["obj-one"]),
    ({"horizon": "none"}, ["obj-two"]),
    ({"horizon": "long"}, []),
    ({"theme": "trade"}, ["obj-two"]),
    ({"country": "CL"}, ["obj-one"]),          # obj-one is for all countries, obj-two only for PE
    ({"country": "PE"}, ["obj-one", "obj-two"]),
    ({"status": "agreed"}, ["obj-one"]),
    ({"actor": "bank"}, ["obj-one"]),          # a supporting actor counts
    ({"actor": "biz", "theme": "trade"}, []),
])
def test_table_filters_select_exactly(renderer: render.Renderer, filters: dict, expected: list[str]) -> None:
    for lang in LANGS:
        assert linked_ids(renderer.objectives_table(lang, **filters)) == expected
    assert [o.id for o in renderer.select(**filters)] == expected


def test_unknown_filter_values_fail_loudly(renderer: render.Renderer) -> None:
    with pytest.raises(ValueError, match="unknown theme 'nope'"):
        renderer.objectives_table("es", theme="nope")
    with pytest.raises(ValueError, match="unknown filter 'colour'"):
        renderer.select(colour="red")


def test_links_are_relative_to_the_calling_page(renderer: render.Renderer) -> None:
    assert 'href="objetivos/obj-one/"' in renderer.objectives_table("es", "")
    assert 'href="../objetivos/obj-one/"' in renderer.objectives_table("es", "../")
    assert 'href="../../actores/gov/"' in renderer.objective_page("en", "obj-one").html


def test_html_in_the_data_is_shown_as_text(tmp_path: Path) -> None:
    evil = '<script>alert("x")</script> <img src=x onerror=alert(1)>'
    text = VALID.replace("summary: {es: Resumen dos., en: Summary two.}", f"summary: {{es: '{evil}', en: '{evil}'}}")
    text = text.replace("title: {es: Objetivo dos, en: Objective two}", f"title: {{es: '{evil}', en: '{evil}'}}")
    path = tmp_path / "objectives.yml"
    path.write_text(text, encoding="utf-8")
    assert model.check(path)[0] is None  # the checker rejects HTML in data text...
    r = unchecked_renderer(text)  # ...and rendering escapes it anyway
    for lang in LANGS:
        html = markdown.markdown(r.objectives_table(lang), extensions=["tables", "md_in_html", "admonition", "attr_list"])
        assert "<script" not in html and "<img" not in html
        for page in (r.objective_page(lang, "obj-two"), r.country_page(lang, "PE")):
            assert "<script" not in page.html and "<img" not in page.html
            # themes print the title and description unescaped
            assert "<script" not in page.title and "<script" not in page.description
        assert "&lt;script&gt;" in r.objective_page(lang, "obj-two").html
        assert "&lt;script&gt;" in r.objective_page(lang, "obj-two").title


def test_markdown_in_the_data_still_works(renderer: render.Renderer) -> None:
    assert "<p>Summary <strong>one</strong>.</p>" in renderer.objective_page("en", "obj-one").html


def test_missing_translation_shows_the_other_language_with_a_notice(tmp_path: Path) -> None:
    text = VALID.replace("missing_translations: error", "missing_translations: warning")
    text = text.replace("title: {es: Objetivo dos, en: Objective two}", "title: {es: Objetivo dos}")
    text = text.replace("summary: {es: Resumen dos., en: Summary two.}", "summary: {es: Resumen dos.}")
    r = renderer_for(tmp_path, text)
    page = r.objective_page("en", "obj-two").html
    assert '<span lang="es">Objetivo dos</span>' in page and "(not yet translated)" in page
    assert '<div class="translation-pending" lang="es">\n<p>Resumen dos.</p>' in page and "Text shown in Spanish" in page
    assert "not yet translated" not in r.objective_page("es", "obj-two").html
    assert "not yet translated" in r.objectives_table("en")


def test_objective_page_shows_everything_known(renderer: render.Renderer) -> None:
    rendered = renderer.objective_page("en", "obj-one")
    page = rendered.html
    for expected in ('<h1 id="objective-one">Objective one<a class="headerlink" href="#objective-one" title="Permanent link">',
                     "Short term", "Finance", "All four countries", "Government (GOV)",
                     "Businesses", "Bank", "First milestone", "1 March 2025", "Done", "Credit", "<td>10</td>", "<td>20</td>",
                     "15 January 2025", "Agreed", 'href="https://example.org/a"'):
        assert expected in page, expected
    # history newest first
    history = page[page.index('<h2 id="history">'):]
    assert history.index("15 January 2025") < history.index("27 June 2024")
    assert rendered.title == "Objective one" and rendered.description.startswith("Summary")


def test_generated_page_has_its_table_of_contents_and_anchors(renderer: render.Renderer) -> None:
    """What Python-Markdown's toc extension gave these pages: the h1 holds the h2s, ids are unique
    and the permalink's title is in the page's language."""
    for lang, permalink in (("en", "Permanent link"), ("es", "Enlace permanente")):
        rendered = renderer.objective_page(lang, "obj-one")
        (h1,) = rendered.toc
        assert h1["level"] == 1 and h1["name"] == renderer.roadmap.objectives["obj-one"].title(lang)
        ids = [child["id"] for child in h1["children"]]
        assert "history" in ids and len(ids) == len(set(ids)) == rendered.html.count("<h2 ")
        assert set(ids) <= rendered.anchors
        assert rendered.html.count(f'title="{permalink}">&para;</a>') == 1 + len(ids)


def test_glossary_terms_get_tooltips_on_generated_pages_but_not_in_tags(tmp_path: Path) -> None:
    text = VALID.replace("title: {es: Objetivo dos, en: Objective two}", "title: {es: Objetivo dos, en: MSMEs two}")
    r = renderer_for(tmp_path, text)
    glossary = r.abbreviations("en")
    assert "MSMEs" in glossary
    page = r.objective_page("en", "obj-two")
    assert f'<abbr title="{glossary["MSMEs"]}">MSMEs</abbr> two' in page.html
    assert page.title == "MSMEs two"  # the <title> stays plain text
    assert 'id="msmes-two"' in page.html  # the anchor is made from the text, not the markup


def test_unknown_owners_are_pending_not_invented(renderer: render.Renderer) -> None:
    page = renderer.objective_page("es", "obj-two").html
    # what no source gives is said once, in one place, with the way to contribute
    assert page.count("Qué falta por saber") == 1 and page.count('<a href="../../contribuir/">') == 1
    pending = page[page.index("Qué falta por saber"):]
    for missing in ("su horizonte", "quién lo lidera y quién lo apoya", "sus hitos con fecha", "los indicadores"):
        assert missing in pending
    # and no empty section stands for it
    assert "Quién lo impulsa" not in page and "<h2" not in page[:page.index("Qué falta por saber")]


def test_country_page_lists_what_is_specific_to_it(renderer: render.Renderer) -> None:
    page = renderer.country_page("es", "PE").html
    # obj-one covers every country: counted with a link to the full list, not listed again
    assert "objetivos/obj-one/" not in page and "Un objetivo abarca a todos los países" in page
    assert 'href="../../objetivos/"' in page
    specific = page[page.index("Objetivos propios de Perú"):]
    assert "objetivos/obj-two/" in specific
    # Peru has no facts, figures or OECD findings in the fixture: said once, at the end
    assert page.count("Qué falta por saber") == 1 and page.index("Qué falta por saber") > page.index("obj-two")
    assert "su papel en la historia de la hoja de ruta" in page and "el número de sus MIPYMES" in page


def test_a_column_that_would_repeat_one_value_is_said_once(renderer: render.Renderer, tmp_path: Path) -> None:
    # the fixture's objectives differ in horizon and status: both columns stay
    mixed = renderer.objectives_table("en")
    assert ">Horizon</th>" in mixed and ">Status</th>" in mixed and "uniform-rows" not in mixed
    # make every objective "proposed" with no horizon: the columns go, one line says it
    text = VALID.replace("    horizon: short\n", "").replace("    status: agreed\n", "    status: proposed\n")
    text = text.replace('        status: agreed\n        note:', '        status: proposed\n        note:')
    path = tmp_path / "same.yml"
    path.write_text(text, encoding="utf-8")
    same = render.Renderer(model.load(path)).objectives_table("es")
    assert ">Horizonte</th>" not in same and ">Estado</th>" not in same and same.count("<tr>") == 3
    assert "Todos los objetivos de esta lista tienen el horizonte «Por definir» y el estado «Propuesto»." in same


def test_thin_breakdowns_become_one_sentence() -> None:
    # one non-zero bar, or equal bars, draw no picture: a sentence says it (issue #10)
    assert not render_text.informative([("A", 6), ("B", 0), ("C", 0)])
    assert not render_text.informative([("A", 6), ("B", 6)])
    assert render_text.informative([("A", 6), ("B", 1), ("C", 0)])
    assert (render_text.breakdown_sentence([("A", 6), ("B", 0), ("C", 0)], "es")
            == "Los 6 objetivos registrados están en «A». Ninguno en «B» ni «C».")
    assert render_text.breakdown_sentence([("A", 1), ("B", 0)], "en") == "The one objective recorded is under “A”. None under “B”."
    assert render_text.breakdown_sentence([("A", 2), ("B", 2), ("C", 2)], "en") == "2 objectives in each of these: “A”, “B” and “C”."
    assert render_text.breakdown_sentence([("A", 0), ("B", 0)], "es") == "Aún no hay objetivos registrados."


def test_dates_are_written_for_each_language() -> None:
    assert render_text.format_day("2024-06-27", "es") == "27 de junio de 2024"
    assert render_text.format_day("2024-06-27", "en") == "27 June 2024"
    assert render_text.format_day("2022-11", "es") == "noviembre de 2022"
    assert render_text.format_day("2024", "en") == "2024"


def test_every_label_has_both_languages() -> None:
    for key, texts in messages.labels().items():
        assert set(texts) == set(LANGS) and all(texts.values()), key


def test_abbreviations_follow_the_glossary(renderer: render.Renderer) -> None:
    assert renderer.abbreviations("en")["MSME"] == "Micro, small and medium-sized enterprise."
    assert renderer.abbreviations("es")["MIPYME"] == "Micro, pequeña y mediana empresa."
    # plurals and lower case too: tooltips match whole words with their case
    assert renderer.abbreviations("en")["MSMEs"] == "Micro, small and medium-sized enterprise."



# --------------------------------------------------------------------------- trust (issue #9)
# Rendering is safe on its own: these feed it data the checker refuses (unchecked_renderer).

BREAKOUT_URL = "https://a.example/)[c](javascript:alert(1)) ![](https://tracker.example.com/p.png"
MD_EXTENSIONS = ["tables", "md_in_html", "admonition", "attr_list", "abbr"]


def assert_harmless(page: str | page_html.PageHTML) -> None:
    """Through Python-Markdown as the site does (a generated page's HTML as it is): no image, no
    event handler, no script URL."""
    parser = Elements()
    if isinstance(page, page_html.PageHTML):
        assert "<" not in page.title and "<" not in page.description  # themes print them unescaped
        parser.feed(page.html)
    else:
        parser.feed(markdown.markdown(page.split("\n---\n", 1)[-1], extensions=MD_EXTENSIONS))
    for tag, attrs, _ in parser.elements:
        assert tag not in ("img", "script", "iframe"), (tag, attrs)
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        assert not any(v.strip().lower().startswith(("javascript:", "data:", "vbscript:")) for v in attrs.values()), attrs


def test_a_source_url_becomes_an_escaped_href_never_markdown() -> None:
    r = unchecked_renderer(VALID.replace("url: https://example.org/a", f'url: "{BREAKOUT_URL}"'))
    page = r.objective_page("en", "obj-one")
    assert_harmless(page)
    parser = Elements()
    parser.feed(page.html)
    assert BREAKOUT_URL in [attrs.get("href") for tag, attrs, _ in parser.elements if tag == "a"]  # one whole href


@pytest.mark.parametrize("evil", ["Ver [x](javascript:alert(1))", "**x**{onmouseover=alert(1)}",
                                  "![](https://tracker.example.com/p.png)", "<img src=x onerror=alert(1)>"])
def test_markdown_outside_the_policy_renders_as_text_on_every_page_kind(evil: str) -> None:
    quoted = evil.replace('"', '\\"')
    text = VALID.replace("summary: {es: Resumen dos., en: Summary two.}", f'summary: {{es: "{quoted}", en: "{quoted}"}}')
    r = unchecked_renderer(text.replace("title: {es: Objetivo dos, en: Objective two}", f'title: {{es: "{quoted}", en: "{quoted}"}}'))
    for lang in LANGS:
        for page in (r.objective_page(lang, "obj-two"), r.printable_roadmap(lang), r.objectives_table(lang),
                     r.explorer(lang), r.country_page(lang, "PE"), r.changes_list(lang)):
            assert_harmless(page)


def test_control_characters_never_reach_the_feed_or_the_front_matter() -> None:
    import xml.etree.ElementTree as ET
    text = VALID.replace("note: {es: Propuesto., en: Proposed.}", 'note: {es: "Pro\\x01puesto.", en: "Pro\\x01posed\\x80."}')
    text = text.replace("title: {es: Objetivo dos, en: Objective two}", 'title: {es: Objetivo dos, en: "Objective\\x80 two"}')
    r = unchecked_renderer(text)
    for lang in LANGS:
        feed = r.atom_feed(lang, "https://example.org/")
        ET.fromstring(feed.encode("utf-8"))  # well-formed
        assert "\x01" not in feed and "\x80" not in feed
    page = r.objective_page("en", "obj-two")
    assert "\x80" not in page.title + page.description + page.html and "Objective two" in page.title


def test_an_institution_named_with_brackets_gets_its_acronym_inside_them(tmp_path: Path) -> None:
    """A name that ends in a bracketed gloss gets its acronym inside that bracket: one pair, not two.
    (The fixture, not the real data, carries such a name: the real glosses change with their sources.)"""
    path = tmp_path / "brackets.yml"
    path.write_text(VALID.replace("name: {es: Gobierno, en: Government}",
                                  "name: {es: Gobierno (nacional), en: Government (national)}"), encoding="utf-8")
    renderer = render.Renderer(model.load(path))
    bracketed = [(key, lang) for key, actor in renderer.roadmap.actors.items() for lang in LANGS
                 if actor.abbr and actor.name(lang).endswith(")") and actor.abbr(lang) not in actor.name(lang)]
    assert bracketed, "precondition: an institution whose name ends in a bracket"
    for key, lang in bracketed:
        actor = renderer.roadmap.actors[key]
        table = renderer.actors_table(lang)
        assert f"{actor.name(lang)[:-1]}, {actor.abbr(lang)})" in table, (key, lang)
        assert f"{actor.name(lang)} ({actor.abbr(lang)})" not in table


def test_a_citation_never_nests_a_link_from_its_publisher() -> None:
    """The publisher is the text of the citation's link: a link inside it (refused by the checker)
    shows as its label, so no ``<a>`` ever opens inside another."""
    r = unchecked_renderer(VALID.replace("publisher: {es: Editor de prueba, en: Test publisher}",
                                         'publisher: {es: Editor, en: "[Test](https://evil.example/)"}', 1))
    html = r.objective_page("en", "obj-one").html
    assert "evil.example" not in html
    depth = 0
    for tag in re.findall(r"<(/?)a\b", html):
        depth += -1 if tag else 1
        assert depth <= 1, "a link inside a link"
