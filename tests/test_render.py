"""Rendering: filters select exactly the right objectives; data is shown as text; a missing
translation falls back visibly; every interface label exists in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from roadmap import model, render
from roadmap.model import LANGS

from .conftest import FIXTURES

VALID = (FIXTURES / "valid.yml").read_text(encoding="utf-8")


def renderer_for(tmp_path: Path, text: str = VALID) -> render.Renderer:
    path = tmp_path / "objectives.yml"
    path.write_text(text, encoding="utf-8")
    return render.Renderer(model.load(path))


def linked_ids(markdown_text: str) -> list[str]:
    return re.findall(r'(?:\]\(|href=")(?:\.\./)*objetivos/([a-z0-9-]+)/', markdown_text)


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
    assert "](../../actores/gov/)" in renderer.objective_page("en", "obj-one")


def test_html_in_the_data_is_shown_as_text(tmp_path: Path) -> None:
    evil = '<script>alert("x")</script> <img src=x onerror=alert(1)>'
    text = VALID.replace("summary: {es: Resumen dos., en: Summary two.}", f"summary: {{es: '{evil}', en: '{evil}'}}")
    text = text.replace("title: {es: Objetivo dos, en: Objective two}", f"title: {{es: '{evil}', en: '{evil}'}}")
    r = renderer_for(tmp_path, text)
    for lang in LANGS:
        for page in (r.objective_page(lang, "obj-two"), r.objectives_table(lang), r.country_page(lang, "PE")):
            front_matter, body = page.split("\n---\n", 1) if page.startswith("---") else ("", page)
            html = markdown.markdown(body, extensions=["tables", "md_in_html", "admonition", "attr_list"])
            assert "<script" not in html and "<img" not in html
            assert "<script" not in front_matter  # themes print the title and description unescaped
        assert "&lt;script&gt;" in r.objective_page(lang, "obj-two")


def test_markdown_in_the_data_still_works(renderer: render.Renderer) -> None:
    html = markdown.markdown(renderer.objective_page("en", "obj-one"), extensions=["tables", "md_in_html", "admonition"])
    assert "Summary <strong>one</strong>." in html


def test_missing_translation_shows_the_other_language_with_a_notice(tmp_path: Path) -> None:
    text = VALID.replace("missing_translations: error", "missing_translations: warning")
    text = text.replace("title: {es: Objetivo dos, en: Objective two}", "title: {es: Objetivo dos}")
    text = text.replace("summary: {es: Resumen dos., en: Summary two.}", "summary: {es: Resumen dos.}")
    r = renderer_for(tmp_path, text)
    page = r.objective_page("en", "obj-two")
    assert '<span lang="es">Objetivo dos</span>' in page and "(translation pending)" in page
    assert '<div class="translation-pending" lang="es"' in page and "Text shown in Spanish" in page
    assert "translation pending" not in r.objective_page("es", "obj-two")
    assert "translation pending" in r.objectives_table("en")


def test_objective_page_shows_everything_known(renderer: render.Renderer) -> None:
    page = renderer.objective_page("en", "obj-one")
    for expected in ("# Objective one", "Short term", "Finance", "All four countries", "Government (GOV)",
                     "Businesses", "Bank", "First milestone", "1 March 2025", "Done", "Credit", "| 10 |", "| 20 |",
                     "15 January 2025", "Agreed", "https://example.org/a"):
        assert expected in page, expected
    # history newest first
    history = page[page.index("## History"):]
    assert history.index("15 January 2025") < history.index("27 June 2024")
    assert "edit" not in page.split("---")[1]  # front matter holds only title, description, render_macros


def test_unknown_owners_are_pending_not_invented(renderer: render.Renderer) -> None:
    page = renderer.objective_page("es", "obj-two")
    assert "La información pública aún no indica quién lidera" in page
    assert "](../../contribuir/)" in page
    assert "Aún no hay hitos" in page and "Aún no hay indicadores" in page


def test_country_page_groups_by_horizon(renderer: render.Renderer) -> None:
    page = renderer.country_page("es", "PE")
    short, pending = page.index("### Corto plazo"), page.index("### Por definir")
    assert short < page.index("objetivos/obj-one/") < pending < page.index("objetivos/obj-two/")
    assert "Aún no hay datos con fuente" in page  # Peru has no facts in the fixture


def test_dates_are_written_for_each_language() -> None:
    assert render.format_day("2024-06-27", "es") == "27 de junio de 2024"
    assert render.format_day("2024-06-27", "en") == "27 June 2024"
    assert render.format_day("2022-11", "es") == "noviembre de 2022"
    assert render.format_day("2024", "en") == "2024"


def test_every_label_has_both_languages() -> None:
    for key, texts in render.labels().items():
        assert set(texts) == set(LANGS) and all(texts.values()), key


def test_abbreviations_follow_the_glossary(renderer: render.Renderer) -> None:
    assert "*[MSME]: Micro, small and medium-sized enterprise." in renderer.abbreviations("en")
    assert "*[MIPYME]: Micro, pequeña y mediana empresa." in renderer.abbreviations("es")
    # plurals and lower case too: tooltips match whole words with their case
    assert "*[MSMEs]: Micro, small and medium-sized enterprise." in renderer.abbreviations("en")


def test_an_institution_named_with_brackets_gets_its_acronym_inside_them() -> None:
    """The real data's English name of SOFOFA carries a gloss in brackets: one pair, not two."""
    renderer = render.Renderer(model.load(model.DATA_FILE))
    bracketed = [(key, lang) for key, actor in renderer.roadmap.actors.items() for lang in LANGS
                 if actor.abbr and actor.name(lang).endswith(")") and actor.abbr(lang) not in actor.name(lang)]
    assert bracketed, "precondition: an institution whose name ends in a bracket"
    for key, lang in bracketed:
        actor = renderer.roadmap.actors[key]
        table = renderer.actors_table(lang)
        assert f"{actor.name(lang)[:-1]}, {actor.abbr(lang)})" in table, (key, lang)
        assert f"{actor.name(lang)} ({actor.abbr(lang)})" not in table
