"""Open data: the objectives of one language as JSON and as CSV, for download, described by a
Frictionless Data Package (``datapackage.json``) and, on the data page, a schema.org ``Dataset``.

The JSON follows ``data/objectives.export.schema.json``; the CSV has one row per objective, with
lists joined by ``LIST_SEPARATOR`` (documented on the data page). Both carry the same dates and
figures as the pages because they are built from the same model. Texts are plain: Markdown's
emphasis is dropped and a link is written "text (address)", its address absolute.
"""

from __future__ import annotations

import csv
import io
import json
import re
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin

from . import caches, text_policy
from .messages import labels
from .model import SIDES, Objective, Roadmap
from .project import EXPORT_SCHEMA_FILE, SCHEMA_FILE
from .validation import export_schema, schema
from .progress import HORIZON_PENDING

LIST_SEPARATOR = "; "
DOWNLOADS_DIR = "datos"
DATA_PAGE = "datos/"  # the page that lists the downloads (docs/<lang>/datos.md)
# name under DOWNLOADS_DIR → its label in roadmap/labels.yml: the stable URLs, listed on the data page
DOWNLOADS = {
    "objetivos.json": "download_json",
    "objetivos.csv": "download_csv",
    "datapackage.json": "download_datapackage",
    "objetivos.schema.json": "download_export_schema",
    "objectives.yml.schema.json": "download_data_schema",
}


def _label(key: str, lang: str, **values: Any) -> str:
    text = labels()[key][lang]
    return text.format(**values) if values else text


def _absolute(root_url: str, target: str) -> str:
    try:
        return urljoin(root_url, target)
    except ValueError:  # not a URL urllib can read ("http://[x"): as written
        return target


_SLOT = re.compile("\ue000([0-9]+)\ue001")  # where a link stood, while emphasis is dropped


def plain_text(text: str, root_url: str) -> str:
    """Data text (the site's Markdown subset) as one line of plain text: emphasis dropped, a link
    written "text (address)", a page of this site by its absolute address."""
    text = text.replace("\ue000", "").replace("\ue001", "")
    links: list[str] = []
    out, last = [], 0
    for start, end, label, _at, target, closed in text_policy._links(text):  # noqa: SLF001 - the policy's own link reader
        if start >= last and closed:
            shown, address = text_policy.plain(label), _absolute(root_url, target)
            links.append(shown if shown in (address, target) else f"{shown} ({address})")
            out += [text[last:start], f"\ue000{len(links) - 1}\ue001"]
            last = end
    out.append(text[last:])
    return _SLOT.sub(lambda m: links[int(m.group(1))], text_policy.plain("".join(out)))


def objectives_records(roadmap: Roadmap, lang: str, root_url: str, objectives_dir: str) -> dict[str, Any]:
    """The export as plain data: one record per objective, texts in ``lang`` as plain text."""
    return {**_head(roadmap, lang, root_url),
            "objectives": [_record(roadmap, o, lang, root_url, objectives_dir) for o in roadmap.objectives.values()]}


def _head(r: Roadmap, lang: str, root_url: str) -> dict[str, Any]:
    return {"language": lang, "title": plain_text(r.title(lang), root_url), "last_reviewed": r.last_reviewed,
            "list_separator_in_csv": LIST_SEPARATOR}


def _record(r: Roadmap, o: Objective, lang: str, root_url: str, objectives_dir: str) -> dict[str, Any]:
    """One objective's record: it reads the objective and the roadmap's institutions, sources,
    horizons, themes, statuses and countries (:func:`_context`), nothing else of the roadmap."""
    def plain(text: str) -> str:
        return plain_text(text, root_url)

    def actors(refs: tuple[str, ...]) -> list[dict[str, str]]:
        return [{"id": ref, "name": plain(r.actors[ref].name(lang))} for ref in refs]

    def source(ref: str) -> dict[str, str]:
        s = r.sources[ref]
        return {"id": s.id, "title": plain(s.title(lang)), "publisher": plain(s.publisher(lang)), "date": s.date, "url": s.url}

    return {
        "id": o.id,
        "url": f"{root_url}{objectives_dir}/{o.id}/",
        "title": plain(o.title(lang)),
        "summary": plain(o.summary(lang)),
        # a horizon not yet set says so, as the pages do, rather than an empty label
        "horizon": {"id": o.horizon or HORIZON_PENDING,
                    "label": plain(r.horizons[o.horizon].label(lang)) if o.horizon else _label("horizon_pending", lang)},
        "theme": {"id": o.theme, "name": plain(r.themes[o.theme].name(lang)), "rank": r.themes[o.theme].rank},
        "status": {"id": o.status, "label": plain(r.statuses[o.status].label(lang))},
        "countries": [{"code": code, "name": plain(r.countries[code].name(lang))} for code in o.countries],
        "lead": {side: actors(o.lead[side]) for side in SIDES},
        "support": {side: actors(o.support[side]) for side in SIDES},
        "milestones": [{"date": m.date, "text": plain(m.text(lang)), "done": m.done} for m in o.milestones],
        "indicators": [{"name": plain(i.name(lang)), "unit": plain(i.unit(lang)), "baseline": i.baseline,
                        "target": i.target, "year": i.year, "source": i.source} for i in o.indicators],
        "history": [{"date": h.date, "status": h.status, "note": plain(h.note(lang))} for h in o.history],
        "sources": [source(ref) for ref in o.sources],
    }


def _context(r: Roadmap) -> str:
    """What a record reads of the roadmap besides its objective, with every value's type (``repr``)."""
    return repr((r.actors, r.sources, r.horizons, r.themes, r.statuses, r.countries))


def objectives_json(roadmap: Roadmap, lang: str, root_url: str, objectives_dir: str) -> str:
    return _json(objectives_records(roadmap, lang, root_url, objectives_dir))


def _json(records: dict[str, Any]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=1) + "\n"


CSV_COLUMNS = ("id", "title", "summary", "horizon", "horizon_label", "theme", "theme_label", "status", "status_label",
               "countries", "lead_public", "lead_private", "lead_multilateral", "support_public", "support_private",
               "support_multilateral", "milestones", "last_change", "sources", "url")


def objectives_csv(roadmap: Roadmap, lang: str, root_url: str, objectives_dir: str) -> str:
    """UTF-8 with a byte-order mark, so spreadsheet programs read accents right."""
    return _csv(objectives_records(roadmap, lang, root_url, objectives_dir))


def _cell(value: Any) -> Any:
    """A spreadsheet runs a cell that starts with = + - @ as a formula: such text gets a leading
    apostrophe, the usual defence (OWASP "CSV injection"), so a download never runs data."""
    return f"'{value}" if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _csv(records: dict[str, Any]) -> str:
    return _csv_document([_csv_row(rec) for rec in records["objectives"]])


def _csv_document(rows: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(CSV_COLUMNS)
    return "\ufeff" + out.getvalue() + "".join(rows)


def _csv_row(rec: dict[str, Any]) -> str:
    """One record's line of the CSV (the writer keeps nothing from one line to the next)."""
    out = io.StringIO()
    join = LIST_SEPARATOR.join
    csv.writer(out, lineterminator="\r\n").writerow(map(_cell, [
        rec["id"], rec["title"], rec["summary"], rec["horizon"]["id"], rec["horizon"]["label"],
        rec["theme"]["id"], rec["theme"]["name"], rec["status"]["id"], rec["status"]["label"],
        join(c["code"] for c in rec["countries"]),
        *(join(a["name"] for a in rec[role][side]) for role in ("lead", "support") for side in SIDES),
        join(f"{m['date']} {m['text']}{' ✓' if m['done'] else ''}" for m in rec["milestones"]),
        rec["history"][-1]["date"], join(s["url"] for s in rec["sources"]), rec["url"],
    ]))
    return out.getvalue()


# --------------------------------------------------------------------------- describing the downloads

_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_DATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"


def _fields(roadmap: Roadmap, lang: str) -> list[dict[str, Any]]:
    """The CSV's columns as a Frictionless Table Schema: type, constraints, one description each."""
    values = {"separator": LIST_SEPARATOR.strip(), "pending": _label("horizon_pending", lang)}
    constraints: dict[str, dict[str, Any]] = {
        "id": {"required": True, "unique": True, "pattern": _ID},
        "title": {"required": True}, "summary": {"required": True},
        "horizon": {"required": True, "enum": [*roadmap.horizons, HORIZON_PENDING]},
        "horizon_label": {"required": True},
        "theme": {"required": True, "enum": list(roadmap.themes)}, "theme_label": {"required": True},
        "status": {"required": True, "enum": list(roadmap.statuses)}, "status_label": {"required": True},
        "last_change": {"required": True, "pattern": _DATE},
        "url": {"required": True},
    }
    fields = []
    for name in CSV_COLUMNS:
        field: dict[str, Any] = {"name": name, "type": "string", "description": _label(f"csv_field_{name}", lang, **values)}
        if name == "url":
            field["format"] = "uri"
        if name in constraints:
            field["constraints"] = constraints[name]
        fields.append(field)
    return fields


def _plain_label(key: str, lang: str, **values: Any) -> str:
    return text_policy.plain(_label(key, lang, **values)).replace("`", "")


def datapackage(roadmap: Roadmap, lang: str, root_url: str) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of a language's downloads (``datapackage.json``,
    beside the files it describes: its paths are relative to it)."""
    separator = LIST_SEPARATOR.strip()
    return {
        "profile": "data-package",
        "name": f"hoja-de-ruta-mipymes-{lang}",
        "title": plain_text(roadmap.title(lang), root_url),
        "description": _label("datapackage_description", lang),
        "homepage": f"{root_url}{DATA_PAGE}",
        "resources": [
            {"profile": "tabular-data-resource", "name": "objetivos-csv", "path": "objetivos.csv",
             "title": _label("datapackage_csv_title", lang), "description": _plain_label("download_csv", lang, separator=separator),
             "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
             "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True, "header": True},
             "schema": {"fields": _fields(roadmap, lang), "primaryKey": ["id"], "missingValues": [""]}},
            {"profile": "data-resource", "name": "objetivos-json", "path": "objetivos.json",
             "title": _label("datapackage_json_title", lang), "description": _plain_label("download_json", lang),
             "format": "json", "mediatype": "application/json", "encoding": "utf-8"},
        ],
    }


def dataset_jsonld(roadmap: Roadmap, lang: str, root_url: str) -> dict[str, Any]:
    """The downloads as a schema.org ``Dataset`` (JSON-LD), for the data page's head: search
    engines' dataset search reads it."""
    downloads = {"objetivos.csv": "text/csv", "objetivos.json": "application/json", "datapackage.json": "application/json"}
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": plain_text(roadmap.title(lang), root_url),
        "description": _label("datapackage_description", lang),
        "url": f"{root_url}{DATA_PAGE}",
        "inLanguage": lang,
        "dateModified": roadmap.last_reviewed,
        "isAccessibleForFree": True,
        "distribution": [{"@type": "DataDownload", "name": name, "encodingFormat": kind,
                          "contentUrl": f"{root_url}{DOWNLOADS_DIR}/{name}"} for name, kind in downloads.items()],
    }


# Kept between the builds of one process (`mkdocs serve`, issue #21): each objective's record, as
# JSON and as a CSV line, by language and address, for the objective object (roadmap/model.py
# gives back the same one for an entry a save left as it was) and what else the record reads
# (:func:`_context`). Each build keeps only its own objectives' records.
_kept: dict[tuple[str, str, str], tuple[str, dict[int, tuple[Objective, str, str]]]] = {}


def published_files(roadmap: Roadmap, lang: str, root_url: str, objectives_dir: str) -> dict[str, str]:
    """Every download of one language, by its path under the language root (stable URLs)."""
    where = (lang, root_url, objectives_dir)
    context = _context(roadmap)
    known, last = _kept.get(where, ("", {}))
    if known != context:
        last = {}
    made = {}
    for o in roadmap.objectives.values():  # each record once, for both formats
        if id(o) not in last:
            record = _record(roadmap, o, lang, root_url, objectives_dir)
            last[id(o)] = (o, _json_item(record), _csv_row(record))
        made[id(o)] = last[id(o)]
    _kept[where] = (context, made)
    contents = {
        "objetivos.json": _json_document(_head(roadmap, lang, root_url), [kept[1] for kept in made.values()]),
        "objetivos.csv": _csv_document([kept[2] for kept in made.values()]),
        "datapackage.json": json.dumps(datapackage(roadmap, lang, root_url), ensure_ascii=False, indent=1) + "\n",
        **_schemas(),
    }
    return {f"{DOWNLOADS_DIR}/{name}": contents[name] for name in DOWNLOADS}


def _json_item(record: dict[str, Any]) -> str:
    """A record as :func:`_json` writes it inside the list of objectives (two levels in). JSON
    escapes a newline inside a string: every newline is one of the layout's."""
    return json.dumps(record, ensure_ascii=False, indent=1).replace("\n", "\n  ")


def _json_document(head: dict[str, Any], items: list[str]) -> str:
    """:func:`_json` of the head with the objectives last, from each one's :func:`_json_item`."""
    empty = json.dumps({**head, "objectives": []}, ensure_ascii=False, indent=1)
    if not items:
        return empty + "\n"
    if not empty.endswith("[]\n}"):  # the head's keys come first: only json.dumps itself could change this
        raise RuntimeError("objetivos.json: json.dumps no longer ends a document with its last list; see _json_document")
    return empty[:-len("[]\n}")] + "[\n  " + ",\n  ".join(items) + "\n ]\n}\n"


def _schemas() -> dict[str, str]:
    """The two schemas as published, written out again once either file changed (`mkdocs serve`)."""
    return _schemas_of(caches.file_stamp(EXPORT_SCHEMA_FILE) + caches.file_stamp(SCHEMA_FILE))


@lru_cache(maxsize=1)
def _schemas_of(stamps: tuple[int, ...]) -> dict[str, str]:
    return {"objetivos.schema.json": json.dumps(export_schema(), ensure_ascii=False, indent=2) + "\n",
            "objectives.yml.schema.json": json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"}
