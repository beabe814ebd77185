"""Rules of a citable record (issue #19) that a JSON Schema cannot express, for the checker.

- **Evidence.** Every figure says what it counts, its period and where it stands in its source;
  every source its kind, its publication date (or ``undated``, checked) and when it was
  consulted. The schema requires the fields; :func:`evidence_message` says why, in words, when
  one is missing (at the entry's line, in the contributor's language).
- **Addresses that never change meaning.** An objective's ``former_ids`` keep its old addresses:
  none may be another objective's id or another objective's former id, and no id (current or
  former, of an objective, an institution or a country) may be the name of a written page or a
  file of the site (``index``, ``glosario``, anything under docs/): one address, one meaning.
- **History entries known by what they are.** An entry is its date and status (anchors and feed
  ids are made from them): two entries of one objective with the same date and status need a
  ``key`` to tell them apart, and keys are not repeated.

Takes the parsed data (any shape: only what has the right shape is read) and yields
``(path, message)`` pairs, like :mod:`roadmap.references`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path, PurePosixPath
from typing import Any, Iterable

from .messages import Message, message
from .terms import anchor

JsonPath = tuple[str | int, ...]
LANG_FOLDERS = ("es", "en")

# fields that make a figure's or a source's evidence: the schema requires them, this says why
FIGURE_EVIDENCE = ("scope", "period", "location")
SOURCE_EVIDENCE = ("kind", "date", "consulted")
# folders of the pages generated from each collection (roadmap/render.py FOLDERS)
GENERATED = (("objectives", "id", "objetivos"), ("actors", "id", "actores"), ("countries", "code", "paises"))


def docs_dir_of(data_file: Path) -> Path:
    """The written pages a data file is checked against: ``docs/`` beside its ``data/`` folder,
    else the project's own (a data file checked on its own, e.g. in the tests)."""
    beside = data_file.resolve().parent.parent / "docs"
    return beside if beside.is_dir() else Path(__file__).resolve().parent.parent / "docs"


def evidence_message(path: JsonPath, missing: list[str]) -> Message | None:
    """The checker's message when a figure (``figures``, a country's ``msmes``) or a source lacks
    its evidence; ``None`` for any other missing field (the schema's own message then)."""
    figure = (len(path) == 2 and path[0] == "figures") or (len(path) == 4 and path[0] == "countries" and path[2] == "msmes")
    source = len(path) == 2 and path[0] == "sources"
    wanted = FIGURE_EVIDENCE if figure else SOURCE_EVIDENCE if source else ()
    lacking = [name for name in missing if name in wanted]
    if not lacking:
        return None
    fields = ", ".join(f"`{name}`" for name in lacking)
    return message("check_evidence_figure" if figure else "check_evidence_source", fields=fields)


def _items(data: dict[str, Any], collection: str) -> Iterable[tuple[int, dict[str, Any]]]:
    items = data.get(collection)
    return ((i, item) for i, item in enumerate(items) if isinstance(item, dict)) if isinstance(items, list) else ()


def _strings(value: Any) -> list[tuple[int, str]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, str)] if isinstance(value, list) else []


def site_names(docs_dir: Path) -> dict[str, str]:
    """Every name a written page or a file of the site already has: each part of each path under
    ``docs_dir`` (below the language folders), the last without its extension, ``index``
    included → the first file found with it, e.g. ``{"glosario": "docs/es/glosario.md"}``."""
    names: dict[str, str] = {"index": "docs/es/index.md"}
    if not docs_dir.is_dir():
        return names
    # Spanish first (the site's first language), so a message names docs/es/… when both have it
    for path in sorted(docs_dir.rglob("*"), key=lambda p: (p.relative_to(docs_dir).parts[0] != LANG_FOLDERS[0], p)):
        if not path.is_file():
            continue
        relative = PurePosixPath(path.relative_to(docs_dir).as_posix())
        shown = f"{docs_dir.name}/{relative}"
        parts = relative.parts[1:] if relative.parts[0] in LANG_FOLDERS else relative.parts
        for index, part in enumerate(parts):
            name = PurePosixPath(part).stem if index == len(parts) - 1 else part
            names.setdefault(name.lower(), shown)
    return names


def identities(data: dict[str, Any], docs_dir: Path | None) -> Iterable[tuple[JsonPath, Message]]:
    """Ids that would give an address two meanings (see the module), at the id itself."""
    taken = site_names(docs_dir) if docs_dir is not None else {"index": "docs/es/index.md"}
    current: dict[str, str] = {}
    for index, obj in _items(data, "objectives"):
        if isinstance(obj.get("id"), str):
            current.setdefault(obj["id"], obj["id"])
    for collection, key, _ in GENERATED:
        for index, item in _items(data, collection):
            value = item.get(key)
            if isinstance(value, str) and value.lower() in taken:
                yield (collection, index, key), message("check_id_reserved", value=value, taken=taken[value.lower()])
    former: dict[str, str] = {}
    for index, obj in _items(data, "objectives"):
        own = obj.get("id")
        for i, old in _strings(obj.get("former_ids")):
            path: JsonPath = ("objectives", index, "former_ids", i)
            if old in current:
                yield path, message("check_former_id_current", value=old, other=current[old])
            elif old in former and former[old] != own:
                yield path, message("check_former_id_repeated", value=old, other=former[old])
            elif old.lower() in taken:
                yield path, message("check_id_reserved", value=old, taken=taken[old.lower()])
            former.setdefault(old, own if isinstance(own, str) else "?")


def history_entries(data: dict[str, Any]) -> Iterable[tuple[JsonPath, Message]]:
    """History entries of one objective that cannot be told apart (see the module): each entry's
    word (its ``key``, else its date and status, as progress.entry_key makes it) is its own."""
    for index, obj in _items(data, "objectives"):
        seen: set[str] = set()
        history = obj.get("history")
        for i, entry in ((i, e) for i, e in enumerate(history) if isinstance(e, dict)) if isinstance(history, list) else ():
            path: JsonPath = ("objectives", index, "history", i)
            key, date, status = entry.get("key"), entry.get("date"), entry.get("status")
            if isinstance(key, str):
                if key in seen:
                    yield path + ("key",), message("check_history_same_key", value=key)
                seen.add(key)
            elif isinstance(date, str) and isinstance(status, str):
                if f"{date}-{status}" in seen:
                    yield path, message("check_history_same_entry", date=date, status=status)
                seen.add(f"{date}-{status}")


def glossary_anchors(data: dict[str, Any]) -> Iterable[tuple[JsonPath, Message]]:
    """Two glossary terms whose entries would share one anchor (``terms.anchor``: lower case,
    spaces as hyphens), in either language: one id twice on the glossary page, and every link to
    the second term reaching the first."""
    for lang in LANG_FOLDERS:
        seen: dict[str, str] = {}
        for index, item in _items(data, "glossary"):
            term = item.get("term")
            value = term.get(lang) if isinstance(term, dict) else None
            if not isinstance(value, str):
                continue
            target = anchor(value)
            if target in seen:
                yield ("glossary", index, "term", lang), message("check_glossary_same_anchor", value=value,
                                                                  other=seen[target], anchor=target)
            seen.setdefault(target, value)


def _first_day(value: str) -> dt.date | None:
    """The first day a date of the data may mean (``2027`` → 2027-01-01); ``None`` if not a date."""
    try:
        year, month, day = (value.split("-") + ["1", "1"])[:3]
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _latest_today() -> dt.date:
    """Today where it is latest on Earth (UTC+14): a date after it has come nowhere yet."""
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=14))).date()


def past_dates(data: dict[str, Any], today: dt.date | None = None) -> Iterable[tuple[JsonPath, Message]]:
    """Dates of what has already happened (a source's publication and consultation, an objective's
    history, the last review) that have not come yet: they would date pages, the sitemap's
    ``lastmod``, citations and the feed in the future. Days to come belong in ``milestones``."""
    today = today or _latest_today()
    places: list[tuple[JsonPath, Any]] = []
    roadmap = data.get("roadmap")
    if isinstance(roadmap, dict):
        places.append((("roadmap", "last_reviewed"), roadmap.get("last_reviewed")))
    for index, source in _items(data, "sources"):
        places += [(("sources", index, name), source.get(name)) for name in ("date", "consulted")]
    for index, obj in _items(data, "objectives"):
        history = obj.get("history")
        for i, entry in ((i, e) for i, e in enumerate(history) if isinstance(e, dict)) if isinstance(history, list) else ():
            places.append((("objectives", index, "history", i, "date"), entry.get("date")))
    for path, value in places:
        day = _first_day(value) if isinstance(value, str) else None
        if day is not None and day > today:
            yield path, message("check_date_not_yet", value=value, today=today.isoformat())


def record_rules(data: dict[str, Any], docs_dir: Path | None) -> Iterable[tuple[JsonPath, Message]]:
    """Every rule of this module but evidence (which the schema's ``required`` finds)."""
    if not isinstance(data, dict):
        return
    yield from identities(data, docs_dir)
    yield from history_entries(data)
    yield from glossary_anchors(data)
    yield from past_dates(data)
