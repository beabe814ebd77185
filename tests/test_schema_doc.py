"""The data reference is generated from the JSON Schema the data is validated against: every field
is there, in each language, with its own description (or its shared type's), whether it is
required and its kind of value; a change to the schema changes the page."""

from __future__ import annotations

import copy
import html
import json
import re
from pathlib import Path
from typing import Any, Iterator

import pytest

from roadmap import schema_doc
from roadmap.project import LANGS, SCHEMA_FILE

from .html import elements

SCHEMA: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
DESCRIPTION = {"en": "description", "es": "x-description-es"}


def properties(node: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(path inside its section, schema) of every property, as the reference names them."""
    for name, prop in node.get("properties", {}).items():
        yield prefix + name, prop
        if prop.get("type") == "object":
            yield from properties(prop, f"{prefix}{name}.")
        if prop.get("type") == "array" and "properties" in prop.get("items", {}):
            yield from properties(prop["items"], f"{prefix}{name}[].")


def sections(schema: dict[str, Any]) -> Iterator[tuple[str, list[tuple[str, dict[str, Any]]]]]:
    for name, prop in schema["properties"].items():
        body = prop["items"] if prop.get("type") == "array" else prop
        yield name, list(properties(body))


def rows(markdown: str, section: str) -> dict[str, list[str]]:
    """The field table of one section: {field path: [type, required, description]}."""
    part = markdown.split(f"## `{section}` {{ #{section} }}", 1)[1].split("\n## ", 1)[0]
    table = {}
    for line in part.splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) == 4 and cells[0].startswith("`"):
            table[cells[0].strip("`")] = cells[1:]
    return table


def own_or_shared(prop: dict[str, Any], lang: str, schema: dict[str, Any] = SCHEMA) -> str:
    text = prop.get(DESCRIPTION[lang], "")
    if not text and "$ref" in prop:
        text = schema["$defs"][prop["$ref"].rsplit("/", 1)[1]].get(DESCRIPTION[lang], "")
    return " ".join(text.split())


@pytest.mark.parametrize("lang", LANGS)
def test_every_field_is_listed_with_its_description_and_required_flag(lang: str) -> None:
    markdown = schema_doc.render(SCHEMA, lang)
    count = 0
    for section, fields in sections(SCHEMA):
        table = rows(markdown, section)
        assert set(table) == {path for path, _ in fields}, section
        for path, prop in fields:
            kind, required, text = table[path]
            expected = own_or_shared(prop, lang)
            assert text.replace("\\|", "|") == (expected or "—"), f"{section}.{path}"
            count += 1
    assert count >= 60  # the whole schema, not a sample
    yes, no = schema_doc.word("yes", lang), schema_doc.word("no", lang)
    objectives = rows(markdown, "objectives")
    assert objectives["id"][1] == yes and objectives["horizon"][1] == no
    assert objectives["history[].status"][1] == yes
    assert objectives["horizon"][0] == schema_doc.word("one_of", lang, "`short`, `medium`, `long`")
    assert objectives["title"][0] == "[`label_text`](#type-label-text)"  # shown as link text: no links
    assert objectives["summary"][0] == "[`text`](#type-text)"


def test_each_language_gets_its_own_descriptions() -> None:
    es, en = schema_doc.render(SCHEMA, "es"), schema_doc.render(SCHEMA, "en")
    objective_title = SCHEMA["properties"]["objectives"]["items"]["properties"]["title"]
    assert objective_title["x-description-es"] in es and objective_title["x-description-es"] not in en
    assert objective_title["description"] in en and objective_title["description"] not in es
    assert "| Campo | Tipo | Obligatorio | Descripción |" in es and "| Field | Type | Required | Description |" in en


def test_every_description_is_written_in_both_languages() -> None:
    def walk(node: Any, path: str) -> Iterator[str]:
        """Schema nodes only: a `properties` mapping may hold a field named `description`."""
        if isinstance(node, dict):
            if ("description" in node) != ("x-description-es" in node):
                yield path or "(root)"
            for key, value in node.items():
                children = value.items() if key in ("properties", "$defs") and isinstance(value, dict) else [("", value)]
                for name, child in children:
                    yield from walk(child, f"{path}/{key}{'/' + name if name else ''}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from walk(value, f"{path}/{i}")

    assert not list(walk(SCHEMA, "")), "descriptions in one language only"


def test_shared_types_are_described_and_linked() -> None:
    markdown = schema_doc.render(SCHEMA, "en")
    for name, node in SCHEMA["$defs"].items():
        anchor = "type-" + name.replace("_", "-")
        assert f"### `{name}` {{ #{anchor} }}" in markdown
        assert node.get("description", "") in markdown
    for target in set(re.findall(r"\]\(#([\w-]+)\)", markdown)):
        assert f"{{ #{target} }}" in markdown, f"link to #{target}, which is not on the page"


def test_a_change_to_the_schema_changes_the_reference() -> None:
    schema = copy.deepcopy(SCHEMA)
    item = schema["properties"]["objectives"]["items"]
    item["properties"]["budget"] = {"type": "number", "minimum": 0,
                                    "description": "Budget in US dollars.", "x-description-es": "Presupuesto en dólares."}
    item["required"].append("horizon")
    del item["properties"]["summary"]
    for lang, text in (("en", "Budget in US dollars."), ("es", "Presupuesto en dólares.")):
        table = rows(schema_doc.render(schema, lang), "objectives")
        assert table["budget"][2] == text and table["budget"][0] == schema_doc.word("number", lang) + " (" + \
            schema_doc.word("minimum", lang, 0) + ")"
        assert table["horizon"][1] == schema_doc.word("yes", lang)
        assert "summary" not in table


def test_unknown_language_fails_loudly() -> None:
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        schema_doc.render(SCHEMA, "fr")


# --------------------------------------------------------------------------- in the built site


@pytest.mark.build
@pytest.mark.parametrize("lang,prefix", [("es", ""), ("en", "en/")])
def test_the_data_page_shows_the_reference_from_the_real_schema(built_site: Path, lang: str, prefix: str) -> None:
    page = built_site / prefix / "datos" / "index.html"
    text = html.unescape(page.read_text(encoding="utf-8"))
    assert f'<html lang="{lang}"' in text
    for _, fields in sections(SCHEMA):
        for path, prop in fields:
            assert f"<code>{path}</code>" in text, path
    own = [p.get(DESCRIPTION[lang]) for _, fields in sections(SCHEMA) for _, p in fields if p.get(DESCRIPTION[lang])]
    plain = re.sub(r"<[^>]+>", "", text)
    for description in own:
        assert re.sub(r"`", "", " ".join(description.split())) in " ".join(plain.split()), description


@pytest.mark.build
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_data_page_comes_right_after_sources_in_the_nav(built_site: Path, prefix: str) -> None:
    page = built_site / prefix / "index.html"
    nav = [a["href"] for tag, a, classes in elements(page)
           if tag == "a" and "md-nav--primary" in classes and a.get("href", "").endswith(("fuentes/", "datos/"))]
    assert nav and nav[nav.index(next(h for h in nav if h.endswith("fuentes/"))) + 1].endswith("datos/"), nav
