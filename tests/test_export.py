"""Open data: the JSON validates against its published schema; the CSV reads back in a
spreadsheet-like reader with the same values as the model, as plain text; the Frictionless Data
Package descriptor validates with the files it describes; the Atom feed is well-formed Atom."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from roadmap import export, model, render, render_text, validation

from .conftest import FIXTURES

ROOT_URL = "https://example.org/site/en/"


@pytest.fixture
def roadmap(tmp_path: Path) -> model.Roadmap:
    return model.load(FIXTURES / "valid.yml")


def test_json_validates_against_the_export_schema(roadmap: model.Roadmap) -> None:
    for lang in ("es", "en"):
        data = json.loads(export.objectives_json(roadmap, lang, ROOT_URL, "objetivos"))
        jsonschema.Draft202012Validator(validation.export_schema()).validate(data)
        assert data["language"] == lang and len(data["objectives"]) == len(roadmap.objectives)


def test_export_schema_rejects_a_broken_record(roadmap: model.Roadmap) -> None:
    data = json.loads(export.objectives_json(roadmap, "en", ROOT_URL, "objetivos"))
    del data["objectives"][0]["status"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, validation.export_schema())


def test_json_carries_the_model_values(roadmap: model.Roadmap) -> None:
    one = json.loads(export.objectives_json(roadmap, "es", ROOT_URL, "objetivos"))["objectives"][0]
    o = roadmap.objectives["obj-one"]
    assert one["title"] == o.title("es") and one["url"] == ROOT_URL + "objetivos/obj-one/"
    assert one["indicators"][0]["target"] == o.indicators[0].target
    assert [m["date"] for m in one["milestones"]] == [m.date for m in o.milestones]
    assert [c["code"] for c in one["countries"]] == list(o.countries)


def test_csv_reads_back_one_row_per_objective(roadmap: model.Roadmap) -> None:
    raw = export.objectives_csv(roadmap, "es", ROOT_URL, "objetivos").encode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf")  # byte-order mark: spreadsheets then read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == list(roadmap.objectives)
    one = rows[0]
    assert one["title"] == "Objetivo uno" and one["countries"] == "CL; PE"
    assert one["lead_public"] == "Gobierno" and one["support_multilateral"] == "Banco"
    assert one["milestones"] == "2025-03-01 Primer hito ✓" and one["last_change"] == "2025-01-15"
    # a horizon not yet set says so, in the language, as the pages do
    assert rows[1]["horizon"] == "none" and rows[1]["horizon_label"] == render_text.label("horizon_pending", "es")
    en = json.loads(export.objectives_json(roadmap, "en", ROOT_URL, "objetivos"))["objectives"][1]
    assert en["horizon"] == {"id": "none", "label": render_text.label("horizon_pending", "en")}


def test_downloads_carry_plain_text(roadmap: model.Roadmap) -> None:
    """Markdown's emphasis dropped; a link written "text (address)", a page of the site absolute."""
    assert roadmap.objectives["obj-one"].summary("es") == "Resumen **uno**."  # precondition: emphasis in the data
    rows = list(csv.DictReader(io.StringIO(export.objectives_csv(roadmap, "es", ROOT_URL, "objetivos").lstrip("\ufeff"))))
    assert rows[0]["summary"] == "Resumen uno."
    cases = {
        "Ver *esto* y __aquello__.": "Ver esto y aquello.",
        "Lo dijo la [Alianza **del** Pacífico](https://alianzapacifico.net/a_b_c/).":
            "Lo dijo la Alianza del Pacífico (https://alianzapacifico.net/a_b_c/).",
        "Vea [el objetivo](objetivos/obj-one/#history).": f"Vea el objetivo ({ROOT_URL}objetivos/obj-one/#history).",
        "En [https://example.org/x](https://example.org/x).": "En https://example.org/x.",
        "Dos\n\nlíneas   juntas": "Dos líneas juntas",
    }
    for text, plain in cases.items():
        assert export.plain_text(text, ROOT_URL) == plain, text


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_data_package_validates_with_the_files_it_describes(roadmap: model.Roadmap, tmp_path: Path, lang: str) -> None:
    import frictionless

    for path, content in export.published_files(roadmap, lang, ROOT_URL, "objetivos").items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(content, encoding="utf-8")
    descriptor_path = tmp_path / export.DOWNLOADS_DIR / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    report = frictionless.validate(str(descriptor_path))
    assert report.valid, report.flatten(["type", "fieldName", "message"])
    assert {task.name: task.stats.get("rows") for task in report.tasks}["objetivos-csv"] == len(roadmap.objectives)
    # paths relative to the descriptor, each naming a published file beside it
    for resource in descriptor["resources"]:
        assert "/" not in resource["path"] and ":" not in resource["path"], resource["path"]
        assert (descriptor_path.parent / resource["path"]).is_file()
    # one description per field, every column of the CSV described, in the language
    fields = descriptor["resources"][0]["schema"]["fields"]
    header = next(csv.reader(io.StringIO((descriptor_path.parent / "objetivos.csv").read_text(encoding="utf-8-sig"))))
    assert [f["name"] for f in fields] == header
    descriptions = [f["description"] for f in fields]
    assert all(descriptions) and len(set(descriptions)) == len(descriptions), descriptions
    assert descriptions != [f["description"] for f in export.datapackage(roadmap, "en" if lang == "es" else "es", ROOT_URL)
                            ["resources"][0]["schema"]["fields"]]


def test_the_data_package_catches_a_broken_download(roadmap: model.Roadmap, tmp_path: Path) -> None:
    """The descriptor's types and constraints are checked against the rows, not only read."""
    import frictionless

    for path, content in export.published_files(roadmap, "en", ROOT_URL, "objetivos").items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(content, encoding="utf-8")
    csv_path = tmp_path / export.DOWNLOADS_DIR / "objetivos.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace(",none,", ",someday,", 1), encoding="utf-8")
    report = frictionless.validate(str(tmp_path / export.DOWNLOADS_DIR / "datapackage.json"))
    assert not report.valid
    assert [(e[0], e[1]) for e in report.flatten(["type", "fieldName"])] == [("constraint-error", "horizon")]


def test_the_dataset_names_every_download_at_its_address(roadmap: model.Roadmap) -> None:
    dataset = export.dataset_jsonld(roadmap, "en", ROOT_URL)
    assert dataset["@context"] == "https://schema.org" and dataset["@type"] == "Dataset"
    assert dataset["name"] and len(dataset["description"]) >= 50 and dataset["inLanguage"] == "en"
    published = export.published_files(roadmap, "en", ROOT_URL, "objetivos")
    for download in dataset["distribution"]:
        assert download["@type"] == "DataDownload" and download["contentUrl"].startswith(ROOT_URL)
        assert download["contentUrl"].removeprefix(ROOT_URL) in published


ATOM = "{http://www.w3.org/2005/Atom}"


def test_atom_feed_is_well_formed_and_complete(roadmap: model.Roadmap) -> None:
    feed = ET.fromstring(render.Renderer(roadmap).atom_feed("en", ROOT_URL).encode("utf-8"))
    assert feed.tag == f"{ATOM}feed"
    # RFC 4287: a feed has id, title and updated; each entry id, title, updated and, with no content, a link
    for child in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{child}") is not None, child
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == sum(len(o.history) for o in roadmap.objectives.values())
    for entry in entries:
        for child in ("id", "title", "updated", "link", "summary"):
            assert entry.find(f"{ATOM}{child}") is not None, child
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    assert entries[0].findtext(f"{ATOM}updated") == "2025-01-15T00:00:00Z"
    assert feed.findtext(f"{ATOM}updated") == "2025-01-15T00:00:00Z"
    # the entry's own row of the objective's history: its key (issue #19), not its position
    assert entries[0].find(f"{ATOM}link").get("href") == ROOT_URL + "objetivos/obj-one/#history-council"


def test_published_files_have_stable_paths(roadmap: model.Roadmap) -> None:
    files = export.published_files(roadmap, "es", ROOT_URL, "objetivos")
    assert set(files) == {"datos/objetivos.json", "datos/objetivos.csv", "datos/datapackage.json", "datos/objetivos.schema.json",
                          "datos/objectives.yml.schema.json"}
    assert json.loads(files["datos/objectives.yml.schema.json"]) == validation.schema()
