"""Open data: the objectives of one language as JSON and as CSV, for download.

The JSON follows ``data/objectives.export.schema.json``; the CSV has one row per objective, with
lists joined by ``LIST_SEPARATOR`` (documented on the data page). Both carry the same dates and
figures as the pages because they are built from the same model.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .model import SIDES, Roadmap
from .validation import export_schema, schema
from .progress import HORIZON_PENDING

LIST_SEPARATOR = "; "
DOWNLOADS_DIR = "datos"
# name under DOWNLOADS_DIR → its label in roadmap/labels.yml: the stable URLs, listed on the data page
DOWNLOADS = {
    "objetivos.json": "download_json",
    "objetivos.csv": "download_csv",
    "objetivos.schema.json": "download_export_schema",
    "objectives.yml.schema.json": "download_data_schema",
}


def objectives_records(roadmap: Roadmap, lang: str, root_url: str, objectives_dir: str) -> dict[str, Any]:
    """The export as plain data: one record per objective, texts in ``lang``."""
    r = roadmap

    def actors(refs: tuple[str, ...]) -> list[dict[str, str]]:
        return [{"id": ref, "name": r.actors[ref].name(lang)} for ref in refs]

    def source(ref: str) -> dict[str, str]:
        s = r.sources[ref]
        return {"id": s.id, "title": s.title(lang), "publisher": s.publisher(lang), "date": s.date, "url": s.url}

    records = []
    for o in r.objectives.values():
        records.append({
            "id": o.id,
            "url": f"{root_url}{objectives_dir}/{o.id}/",
            "title": o.title(lang),
            "summary": o.summary(lang),
            "horizon": {"id": o.horizon or HORIZON_PENDING,
                        "label": r.horizons[o.horizon].label(lang) if o.horizon else None},
            "theme": {"id": o.theme, "name": r.themes[o.theme].name(lang), "rank": r.themes[o.theme].rank},
            "status": {"id": o.status, "label": r.statuses[o.status].label(lang)},
            "countries": [{"code": code, "name": r.countries[code].name(lang)} for code in o.countries],
            "lead": {side: actors(o.lead[side]) for side in SIDES},
            "support": {side: actors(o.support[side]) for side in SIDES},
            "milestones": [{"date": m.date, "text": m.text(lang), "done": m.done} for m in o.milestones],
            "indicators": [{"name": i.name(lang), "unit": i.unit(lang), "baseline": i.baseline, "target": i.target,
                            "year": i.year, "source": i.source} for i in o.indicators],
            "history": [{"date": h.date, "status": h.status, "note": h.note(lang)} for h in o.history],
            "sources": [source(ref) for ref in o.sources],
        })
    return {"language": lang, "title": r.title(lang), "last_reviewed": r.last_reviewed,
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
            rec["id"], rec["title"], rec["summary"], rec["horizon"]["id"], rec["horizon"]["label"] or "",
            rec["theme"]["id"], rec["theme"]["name"], rec["status"]["id"], rec["status"]["label"],
            join(c["code"] for c in rec["countries"]),
            *(join(a["name"] for a in rec[role][side]) for role in ("lead", "support") for side in SIDES),
            join(f"{m['date']} {m['text']}{' ✓' if m['done'] else ''}" for m in rec["milestones"]),
            rec["history"][-1]["date"], join(s["url"] for s in rec["sources"]), rec["url"],
        ]))
    return "\ufeff" + out.getvalue()


def published_files(roadmap: Roadmap, lang: str, root_url: str, objectives_dir: str) -> dict[str, str]:
    """Every download of one language, by its path under the language root (stable URLs)."""
    records = objectives_records(roadmap, lang, root_url, objectives_dir)  # once for both formats
    contents = {
        "objetivos.json": _json(records),
        "objetivos.csv": _csv(records),
        "objetivos.schema.json": json.dumps(export_schema(), ensure_ascii=False, indent=2) + "\n",
        "objectives.yml.schema.json": json.dumps(schema(), ensure_ascii=False, indent=2) + "\n",
    }
    return {f"{DOWNLOADS_DIR}/{name}": contents[name] for name in DOWNLOADS}
