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
from typing import Any
from urllib.parse import urljoin

from . import text_policy
from .messages import labels
from .model import SIDES, Roadmap
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
    r = roadmap

    def plain(text: str) -> str:
        return plain_text(text, root_url)

    def actors(refs: tuple[str, ...]) -> list[dict[str, str]]:
        return [{"id": ref, "name": plain(r.actors[ref].name(lang))} for ref in refs]

    def source(ref: str) -> dict[str, str]:
        s = r.sources[ref]
        return {"id": s.id, "title": plain(s.title(lang)), "publisher": plain(s.publisher(lang)), "date": s.date, "url": s.url}

    records = []
    for o in r.objectives.values():
        records.append({
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
        })
    return {"language": lang, "title": plain(r.title(lang)), "last_reviewed": r.last_reviewed,
            "list_separator_in_csv": LIST_SEPARATOR, "objectives": records}


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
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    join = LIST_SEPARATOR.join
    for rec in records["objectives"]:
        writer.writerow(map(_cell, [
            rec["id"], rec["title"], rec["summary"], rec["horizon"]["id"], rec["horizon"]["label"],
            rec["theme"]["id"], rec["theme"]["name"], rec["status"]["id"], rec["status"]["label"],
            join(c["code"] for c in rec["countries"]),
            *(join(a["name"] for a in rec[role][side]) for role in ("lead", "support") for side in SIDES),
            join(f"{m['date']} {m['text']}{' ✓' if m['done'] else ''}" for m in rec["milestones"]),
            rec["history"][-1]["date"], join(s["url"] for s in rec["sources"]), rec["url"],
        ]))
    return "\ufeff" + out.getvalue()


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


def published_files(roadmap: Roadmap, lang: str, root_url: str, objectives_dir: str) -> dict[str, str]:
    """Every download of one language, by its path under the language root (stable URLs)."""
    records = objectives_records(roadmap, lang, root_url, objectives_dir)  # once for both formats
    contents = {
        "objetivos.json": _json(records),
        "objetivos.csv": _csv(records),
        "datapackage.json": json.dumps(datapackage(roadmap, lang, root_url), ensure_ascii=False, indent=1) + "\n",
        "objetivos.schema.json": json.dumps(export_schema(), ensure_ascii=False, indent=2) + "\n",
        "objectives.yml.schema.json": json.dumps(schema(), ensure_ascii=False, indent=2) + "\n",
    }
    return {f"{DOWNLOADS_DIR}/{name}": contents[name] for name in DOWNLOADS}
