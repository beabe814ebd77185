"""Cross-references and rules a JSON Schema cannot express: every id unique, every reference
to a source, theme, country, institution, status or dimension known, each objective's history in
date order and ending at its status.

Takes the parsed data (any shape: only what has the right shape is read, so one malformed entry
hides nothing about the others); gives (path, message) pairs (:func:`references`), which
:mod:`roadmap.validation` turns into problems at their line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from .messages import Message, message
from .problems import did_you_mean
from .suggestions import Prepared, prepare, suggest
from .yaml_reader import JsonPath


def _items(data: dict[str, Any], collection: str) -> Iterable[tuple[int, dict[str, Any]]]:
    """The entries of a top-level list that are mappings (the schema reports the others)."""
    items = data.get(collection)
    return ((i, item) for i, item in enumerate(items) if isinstance(item, dict)) if isinstance(items, list) else ()


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


Found = Iterable[tuple[JsonPath, Message | Callable[[], Message]]]


def references(data: dict[str, Any]) -> Found:
    """Cross-references and rules a schema cannot express; yields (path, message), the message
    of an unknown reference as a function that makes it. Reads only
    what has the right shape, so one malformed entry hides nothing about the others."""
    known: dict[str, dict[str, None]] = {}  # the ids of each list, in file order
    yield from _unique_ids(data, known)
    refs = _Known(known, _shown(data))
    yield from _cited_sources(data, refs)
    for index, actor in _items(data, "actors"):
        if "country" in actor:
            yield from refs.check(("actors", index, "country"), actor["country"], "countries", "country")
    for index, obj in _items(data, "objectives"):
        yield from _objective(("objectives", index), obj, refs)


def _unique_ids(data: dict[str, Any], known: dict[str, dict[str, None]]) -> Found:
    """Each collection's ids, one entry each (a repeated one is reported), into ``known``; the
    methodology's dimensions too."""
    for collection, key in (("sources", "id"), ("themes", "id"), ("countries", "code"), ("actors", "id"),
                            ("statuses", "id"), ("horizons", "id"), ("objectives", "id"), ("figures", "id")):
        seen: dict[str, int] = {}
        for index, item in _items(data, collection):
            value = item.get(key)
            if not isinstance(value, str):
                continue
            if value in seen:
                yield (collection, index, key), message("check_duplicate_id", key=key, value=value,
                                                         entry=seen[value] + 1, collection=collection)
            seen.setdefault(value, index)
        known[collection] = dict.fromkeys(seen)
    methodology = data.get("methodology")
    known["dimensions"] = dict.fromkeys(dim["id"] for dim in _list(methodology.get("dimensions") if isinstance(methodology, dict) else None)
                                        if isinstance(dim, dict) and isinstance(dim.get("id"), str))


def _shown(data: dict[str, Any]) -> dict[str, dict[str, list[str]]]:
    """What readers see for each id (labels, names, acronyms), for "did you mean …?"."""
    shown: dict[str, dict[str, list[str]]] = {}
    for collection, key, names in (("statuses", "id", ("label",)), ("horizons", "id", ("label",)),
                                   ("themes", "id", ("name",)), ("countries", "code", ("name",)),
                                   ("actors", "id", ("name", "abbr"))):
        for _, item in _items(data, collection):
            if isinstance(item.get(key), str):
                shown.setdefault(collection, {})[item[key]] = [
                    text for name in names if isinstance(item.get(name), dict)
                    for text in item[name].values() if isinstance(text, str)]
    return shown


LIST_ALL_UP_TO = 10  # an unknown reference lists every valid id when there are this many or fewer
_LISTS = {"dimensions": "methodology.dimensions"}  # where a list of ids lives, when not at the top


def _unknown(value: str, ids: list[str], labels: dict[str, list[str]] | None, collection: str, what: str,
             prepared: Prepared | None = None) -> Message:
    """An id that is not in its list: the list itself when short, else its size and where it is;
    then the closest ids of that list (roadmap/suggestions.py)."""
    name = message(f"check_ref_{what}")
    if len(ids) <= LIST_ALL_UP_TO:
        text = message("check_unknown_ref", what=name, value=value, choices=", ".join(sorted(ids)) or "(none defined)")
    else:
        text = message("check_unknown_ref_many", what=name, value=value, count=len(ids), list=_LISTS.get(collection, collection))
    return did_you_mean(text, suggest(value, ids, labels, prepared=prepared))


@dataclass(frozen=True)
class _Known:
    """The ids of each collection and what readers see for them: checks one reference."""

    ids: dict[str, dict[str, None]]  # in file order, for ties among suggestions
    shown: dict[str, dict[str, list[str]]]
    prepared: dict[str, Prepared] = field(default_factory=dict)  # each collection's ids folded once

    def check(self, path: JsonPath, value: Any, collection: str, what: str) -> Found:
        known = self.ids
        if isinstance(value, str) and value not in known[collection]:
            # a message made only if it is shown (500 at most): "did you mean" compares with every id
            def text() -> Message:
                if collection not in self.prepared:
                    self.prepared[collection] = prepare(known[collection], self.shown.get(collection))
                return _unknown(value[:200], list(known[collection]), self.shown.get(collection), collection, what,
                                self.prepared[collection])
            yield path, text

    def sources_of(self, path: JsonPath, item: dict[str, Any]) -> Found:
        if "source" in item:
            yield from self.check(path + ("source",), item["source"], "sources", "source")
        for i, ref in enumerate(_list(item.get("sources"))):
            yield from self.check(path + ("sources", i), ref, "sources", "source")


def _cited_sources(data: dict[str, Any], refs: _Known) -> Found:
    """The sources cited outside objectives, and the dimensions named by OECD findings."""
    for collection in ("figures", "timeline", "pillars", "themes", "actors", "glossary"):
        for index, item in _items(data, collection):
            yield from refs.sources_of((collection, index), item)
    roadmap = data.get("roadmap")
    for i, ref in enumerate(_list(roadmap.get("sources")) if isinstance(roadmap, dict) else []):
        yield from refs.check(("roadmap", "sources", i), ref, "sources", "source")
    for index, country in _items(data, "countries"):
        for f, fact in enumerate(_list(country.get("facts"))):
            if isinstance(fact, dict):
                yield from refs.sources_of(("countries", index, "facts", f), fact)
        # country profiles (issue #10): figures and OECD findings cite sources; findings name dimensions
        for m, figure in enumerate(_list(country.get("msmes"))):
            if isinstance(figure, dict):
                yield from refs.sources_of(("countries", index, "msmes", m), figure)
        for f, finding in enumerate(_list(country.get("oecd_findings"))):
            if isinstance(finding, dict):
                yield from refs.sources_of(("countries", index, "oecd_findings", f), finding)
                for i, ref in enumerate(_list(finding.get("dimensions"))):
                    # the ids under methodology.dimensions
                    yield from refs.check(("countries", index, "oecd_findings", f, "dimensions", i), ref, "dimensions", "dimension")
    methodology = data.get("methodology")
    for i, ref in enumerate(_list(methodology.get("sources")) if isinstance(methodology, dict) else []):
        yield from refs.check(("methodology", "sources", i), ref, "sources", "source")


def _objective(base: JsonPath, obj: dict[str, Any], refs: _Known) -> Found:
    """An objective's references, then its history: in date order, ending at its status."""
    yield from refs.sources_of(base, obj)
    yield from refs.check(base + ("theme",), obj.get("theme"), "themes", "theme")
    yield from refs.check(base + ("status",), obj.get("status"), "statuses", "status")
    for i, code in enumerate(_list(obj.get("countries"))):
        yield from refs.check(base + ("countries", i), code, "countries", "country")
    for role in ("lead", "support"):
        sides = obj.get(role)
        for side, refs_ in (sides.items() if isinstance(sides, dict) else ()):
            for i, ref in enumerate(_list(refs_)):
                yield from refs.check(base + (role, side, i), ref, "actors", "actor")
    history = [h if isinstance(h, dict) else {} for h in _list(obj.get("history"))]
    for i, entry in enumerate(history):
        yield from refs.check(base + ("history", i, "status"), entry.get("status"), "statuses", "status")
    for i, indicator in enumerate(_list(obj.get("indicators"))):
        if isinstance(indicator, dict):
            yield from refs.sources_of(base + ("indicators", i), indicator)
    dates = [h.get("date") for h in history if isinstance(h.get("date"), str)]
    if dates != sorted(dates):
        yield base + ("history",), message("check_history_order")
    # one mistake, one message: an unknown status is reported above, not again as a change
    statuses = refs.ids["statuses"]
    current, last = obj.get("status"), history[-1].get("status") if history else None
    # ids are text: a list or mapping in either place is the schema's to report (and unhashable)
    if (history and isinstance(current, str) and isinstance(last, str) and current != last
            and current in statuses and last in statuses):
        yield base + ("status",), message("check_status_history", status=obj.get("status"),
                                          last=history[-1].get("status"))
