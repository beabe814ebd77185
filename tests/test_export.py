"""Open data: the JSON validates against its published schema; the CSV reads back in a
spreadsheet-like reader with the same values as the model; the Atom feed is well-formed Atom."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from roadmap import export, model, render, validation

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
    assert rows[1]["horizon"] == "none" and rows[1]["horizon_label"] == ""


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
    assert entries[0].find(f"{ATOM}link").get("href") == ROOT_URL + "objetivos/obj-one/"


def test_published_files_have_stable_paths(roadmap: model.Roadmap) -> None:
    files = export.published_files(roadmap, "es", ROOT_URL, "objetivos")
    assert set(files) == {"datos/objetivos.json", "datos/objetivos.csv", "datos/objetivos.schema.json",
                          "datos/objectives.yml.schema.json"}
    assert json.loads(files["datos/objectives.yml.schema.json"]) == validation.schema()
