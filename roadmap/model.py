"""Load ``data/objectives.yml``, validate it, and turn it into typed, read-only objects.

Validation reports every problem at once, each with the file, line and column, the entry
(e.g. ``objective 'finance-to-scale'``), the field and what is expected, so a contributor who
is not a programmer can fix the YAML from the message alone.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Literal

import jsonschema
import yaml

LANGS = ("es", "en")
ROOT = Path(__file__).resolve().parent.parent
DATA_FILE = ROOT / "data" / "objectives.yml"
SCHEMA_FILE = ROOT / "data" / "objectives.schema.json"
EXPORT_SCHEMA_FILE = ROOT / "data" / "objectives.export.schema.json"

JsonPath = tuple[str | int, ...]


# --------------------------------------------------------------------------- problems


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: int
    where: str  # the entry, e.g. "objective 'finance-to-scale'"; "" at the top level
    field: str  # dotted path inside the entry, e.g. "milestones[0].date"
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        place = " → ".join(part for part in (self.where, self.field) if part)
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {place}: {self.message}"

    def github_annotation(self) -> str:
        """GitHub Actions workflow command, shown on the changed line of a pull request."""
        place = " → ".join(part for part in (self.where, self.field) if part)
        message = f"{place}: {self.message}".replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{self.severity} file={self.file},line={self.line},col={self.column}::{message}"


class DataError(Exception):
    """Raised with every problem found, so the build stops before writing anything."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len(problems)
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} in the roadmap data:\n"
            + "\n".join(f"  {p}" for p in problems)
        )


# --------------------------------------------------------------------------- YAML with positions


class _Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """Safe loader that keeps dates as strings (the schema and the date check judge them, so a
    typo like 2024-02-30 becomes a clear error instead of a crash inside PyYAML) and notes
    repeated keys, which PyYAML would otherwise silently overwrite."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self.repeated_keys: list[yaml.Node] = []

    def construct_plain(self, node: yaml.Node) -> Any:
        """Build the data from the node tree. Plain strings, lists and mappings (nearly all of
        the file) are built here directly, four times faster than PyYAML's generic constructor,
        which still handles everything else (numbers, booleans, null, merge keys, tags)."""
        if node.__class__ is yaml.ScalarNode:
            return node.value if node.tag == _STR else self.construct_object(node, deep=True)
        if node.__class__ is yaml.SequenceNode and node.tag == _SEQ:
            return [self.construct_plain(item) for item in node.value]
        if node.__class__ is yaml.MappingNode and node.tag == _MAP and all(k.tag != _MERGE for k, _ in node.value):
            mapping: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.construct_plain(key_node)
                if key in mapping:
                    self.repeated_keys.append(key_node)
                mapping[key] = self.construct_plain(value_node)
            return mapping
        return self.construct_object(node, deep=True)


_STR, _SEQ, _MAP, _MERGE = (f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map", "merge"))


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Located:
    """Parsed YAML and its node tree, to find the line and column of any value by its path.

    Positions are looked up on demand rather than indexed up front: a valid file needs only a
    few (the entries' lines, for edit links), and indexing every value doubled the load time."""

    data: Any
    root: yaml.Node | None
    repeated_keys: list[yaml.Node]

    def position(self, path: Iterable[str | int]) -> tuple[int, int]:
        """1-based (line, column) of the deepest existing part of ``path``; a key's own position
        for a mapping entry, so an error about a field points at the field's name."""
        node = self.root
        if node is None:
            return 1, 1
        mark = node.start_mark
        for part in path:
            if isinstance(node, yaml.MappingNode):
                # the last of repeated keys wins, as in the constructed data
                found = next(((k, v) for k, v in reversed(node.value) if k.value == part), None)
                if found is None:
                    break
                mark, node = found[0].start_mark, found[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                mark = node.start_mark
            else:
                break
        return mark.line + 1, mark.column + 1

    def path_of(self, target: yaml.Node) -> JsonPath:
        """The path of a key node (used only to name a repeated key in its error)."""

        def search(node: yaml.Node, path: JsonPath) -> JsonPath | None:
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if key is target:
                        return path + (key.value,)
                    found = search(value, path + (key.value,))
                    if found is not None:
                        return found
            elif isinstance(node, yaml.SequenceNode):
                for index, item in enumerate(node.value):
                    found = search(item, path + (index,))
                    if found is not None:
                        return found
            return None

        return (search(self.root, ()) or ()) if self.root is not None else ()


def parse_yaml(text: str, file: str) -> Located:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_plain(node) if node is not None else None
    except RecursionError:
        raise DataError([Problem(file, 1, 1, "", "", "an alias (*name) refers to itself: remove the loop")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise DataError(
            [Problem(file, line, col, "", "", f"this is not valid YAML ({exc.problem}). "
                     "Check the indentation and that text containing ':' or '#' is in quotes.")]
        ) from None
    finally:
        loader.dispose()
    return Located(data, node, loader.repeated_keys)


# --------------------------------------------------------------------------- validation


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    """The schema with its ``$defs`` inlined: resolving thousands of ``$ref``s took 40% of the
    validation time at 1,000 objectives. The published schema keeps its ``$defs``."""
    definitions = schema()["$defs"]

    def inline(value: Any) -> Any:
        if isinstance(value, dict):
            ref = value.get("$ref", "")
            rest = {k: inline(v) for k, v in value.items() if k not in ("$ref", "$defs")}
            if ref.startswith("#/$defs/"):
                return {**inline(definitions[ref.removeprefix("#/$defs/")]), **rest}
            return rest
        if isinstance(value, list):
            return [inline(v) for v in value]
        return value

    return jsonschema.Draft202012Validator(inline(schema()))


@lru_cache(maxsize=1)
def export_schema() -> dict[str, Any]:
    """The format of the published per-language JSON (see :mod:`roadmap.export`)."""
    return json.loads(EXPORT_SCHEMA_FILE.read_text(encoding="utf-8"))


def _entry(data: Any, path: JsonPath) -> tuple[str, str]:
    """Split a JSON path into a readable entry name and the field inside it."""
    if len(path) >= 2 and isinstance(path[1], int) and isinstance(data, dict):
        collection, index = path[0], path[1]
        items = data.get(collection)
        item = items[index] if isinstance(items, list) and index < len(items) else None
        singular = {"objectives": "objective", "countries": "country", "actors": "actor",
                    "themes": "theme", "sources": "source", "statuses": "status",
                    "horizons": "horizon", "figures": "figure", "pillars": "pillar",
                    "timeline": "timeline entry", "glossary": "glossary entry"}.get(str(collection), str(collection))
        key = None
        if isinstance(item, dict):
            key = item.get("id") or item.get("code") or item.get("number")
        where = f"{singular} '{key}'" if key is not None else f"{collection}[{index}]"
        rest = path[2:]
    else:
        where, rest = "", path
    text = ""
    for part in rest:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return where, text


def _schema_message(error: jsonschema.ValidationError) -> str:
    """Say what is expected in words a contributor can act on."""
    v, expected = error.validator, error.validator_value
    if v == "required":
        missing = [name for name in expected if name not in (error.instance or {})]
        return f"missing required field{'s' if len(missing) > 1 else ''} {', '.join(repr(m) for m in missing)}: add it"
    if v == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed)) if isinstance(error.instance, dict) else []
        return f"unknown field {', '.join(repr(e) for e in extra)}: expected one of {', '.join(allowed)} (check the spelling)"
    if v == "enum":
        return f"{error.instance!r} is not allowed: expected one of {', '.join(map(str, expected))}"
    if v == "pattern":
        hint = error.schema.get("description", f"a value matching {expected}")
        return f"{error.instance!r} has the wrong form: expected {hint[0].lower() + hint[1:]}"
    if v == "type":
        names = {"string": "text", "object": "a mapping of fields", "array": "a list", "integer": "a whole number",
                 "number": "a number", "boolean": "true or false", "null": "null"}
        wanted = expected if isinstance(expected, list) else [expected]
        return f"{error.instance!r} is the wrong kind of value: expected {' or '.join(names.get(w, w) for w in wanted)}"
    if v == "minProperties" and error.schema.get("properties", {}).keys() >= {"es", "en"}:
        return "empty text: write it in Spanish (es) and English (en)"
    if v == "minLength":
        return "empty text: write something, or leave the field out if it is optional"
    if v == "minItems":
        return f"the list needs at least {expected} item{'s' if expected != 1 else ''}"
    if v == "uniqueItems":
        return "the list repeats an item: list each one once"
    if v == "oneOf" and error.schema.get("description"):
        return f"{error.instance!r} is not valid here: expected {error.schema['description'][0].lower() + error.schema['description'][1:]}"
    return error.message


def _real_date(value: str) -> bool:
    parts = value.split("-")
    try:
        dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def _references(data: dict[str, Any]) -> Iterable[tuple[JsonPath, str]]:
    """Cross-references and rules a schema cannot express; yields (path, message)."""
    known: dict[str, set[str]] = {}
    for collection, key in (("sources", "id"), ("themes", "id"), ("countries", "code"), ("actors", "id"),
                            ("statuses", "id"), ("horizons", "id"), ("objectives", "id"), ("figures", "id")):
        seen: dict[str, int] = {}
        for index, item in enumerate(data.get(collection) or []):
            value = item.get(key) if isinstance(item, dict) else None
            if not isinstance(value, str):
                continue
            if value in seen:
                yield (collection, index, key), (f"{key} {value!r} is already used by entry {seen[value] + 1} of "
                                                 f"{collection}: every {key} must be unique (and an objective id is never reused)")
            seen.setdefault(value, index)
        known[collection] = set(seen)
    known["dimensions"] = {dim.get("id") for dim in ((data.get("methodology") or {}).get("dimensions") or [])
                           if isinstance(dim, dict)}

    def check(path: JsonPath, value: Any, collection: str, what: str) -> Iterable[tuple[JsonPath, str]]:
        if isinstance(value, str) and value not in known[collection]:
            choices = ", ".join(sorted(known[collection])) or "(none defined)"
            yield path, f"unknown {what} {value!r}: expected one of {choices}"

    def sources_of(path: JsonPath, item: dict[str, Any]) -> Iterable[tuple[JsonPath, str]]:
        if "source" in item:
            yield from check(path + ("source",), item["source"], "sources", "source")
        for i, ref in enumerate(item.get("sources") or []):
            yield from check(path + ("sources", i), ref, "sources", "source")

    for collection in ("figures", "timeline", "pillars", "themes", "actors", "glossary"):
        for index, item in enumerate(data.get(collection) or []):
            if isinstance(item, dict):
                yield from sources_of((collection, index), item)
    for i, ref in enumerate((data.get("roadmap") or {}).get("sources") or []):
        yield from check(("roadmap", "sources", i), ref, "sources", "source")
    for index, country in enumerate(data.get("countries") or []):
        for f, fact in enumerate(country.get("facts") or []):
            yield from sources_of(("countries", index, "facts", f), fact)
        # country profiles (issue #10): figures and OECD findings cite sources; findings name dimensions
        for m, figure in enumerate(country.get("msmes") or []):
            yield from sources_of(("countries", index, "msmes", m), figure)
        for f, finding in enumerate(country.get("oecd_findings") or []):
            yield from sources_of(("countries", index, "oecd_findings", f), finding)
            for i, ref in enumerate(finding.get("dimensions") or []):
                yield from check(("countries", index, "oecd_findings", f, "dimensions", i), ref,
                                 "dimensions", "OECD dimension")  # the ids under methodology.dimensions
    methodology = data.get("methodology") or {}
    for i, ref in enumerate(methodology.get("sources") or []):
        yield from check(("methodology", "sources", i), ref, "sources", "source")
    for index, actor in enumerate(data.get("actors") or []):
        if "country" in actor:
            yield from check(("actors", index, "country"), actor["country"], "countries", "country code")
    for index, obj in enumerate(data.get("objectives") or []):
        base: JsonPath = ("objectives", index)
        yield from sources_of(base, obj)
        yield from check(base + ("theme",), obj.get("theme"), "themes", "theme")
        yield from check(base + ("status",), obj.get("status"), "statuses", "status")
        if isinstance(obj.get("countries"), list):
            for i, code in enumerate(obj["countries"]):
                yield from check(base + ("countries", i), code, "countries", "country code")
        for role in ("lead", "support"):
            for side, refs in (obj.get(role) or {}).items():
                for i, ref in enumerate(refs or []):
                    yield from check(base + (role, side, i), ref, "actors", "actor")
        for i, entry in enumerate(obj.get("history") or []):
            yield from check(base + ("history", i, "status"), entry.get("status"), "statuses", "status")
        for i, indicator in enumerate(obj.get("indicators") or []):
            yield from sources_of(base + ("indicators", i), indicator)
        history = obj.get("history") or []
        dates = [h.get("date") for h in history if isinstance(h.get("date"), str)]
        if dates != sorted(dates):
            yield base + ("history",), "the history is out of order: list its entries oldest first"
        if history and isinstance(history[-1], dict) and history[-1].get("status") != obj.get("status"):
            yield base + ("status",), (f"status {obj.get('status')!r} differs from the last history entry "
                                       f"({history[-1].get('status')!r}): add a history entry for the change")

    def dates(value: Any, path: JsonPath) -> Iterable[tuple[JsonPath, str]]:
        if isinstance(value, dict):
            for k, v in value.items():
                if k == "date" and isinstance(v, str) and v[:4].isdigit() and not _real_date(v):
                    yield path + (k,), f"{v!r} is not a real date: expected YYYY-MM-DD with a valid month and day"
                else:
                    yield from dates(v, path + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                yield from dates(v, path + (i,))

    yield from dates(data, ())


def _translations(located: Located) -> Iterable[JsonPath]:
    """Paths of every bilingual text that lacks one language."""

    def walk(value: Any, path: JsonPath) -> Iterable[JsonPath]:
        if isinstance(value, dict):
            if value and set(value) <= set(LANGS) and all(isinstance(v, str) for v in value.values()):
                for lang in LANGS:
                    if not value.get(lang):
                        yield path + (lang,)
                return
            for k, v in value.items():
                yield from walk(v, path + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                yield from walk(v, path + (i,))

    return walk(located.data, ())


def validate(located: Located, file: str) -> list[Problem]:
    """Every problem in the data: schema, references, dates and translations, in file order."""

    def problem(path: JsonPath, message: str, severity: Literal["error", "warning"] = "error") -> Problem:
        line, col = located.position(path)
        where, fld = _entry(located.data, path)
        return Problem(file, line, col, where, fld, message, severity)

    problems = []
    for key in located.repeated_keys:
        path = located.path_of(key)
        line, col = key.start_mark.line + 1, key.start_mark.column + 1
        where, fld = _entry(located.data, path)
        problems.append(Problem(file, line, col, where, fld, "this key appears twice in the same entry: keep one"))
    data = located.data
    if not isinstance(data, dict):
        return problems + [problem((), "the file must be a mapping with roadmap, sources, objectives, …")]
    for error in _validator().iter_errors(data):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            # point at the misspelt key itself rather than at the start of its entry
            extra = [k for k in error.instance if k not in error.schema.get("properties", {})]
            path = path + (extra[0],) if extra else path
        problems.append(problem(path, _schema_message(error)))
    # cross-references are checked even when the schema failed, so one run lists everything;
    # an entry too malformed to read stops that pass (its schema error already explains why)
    try:
        for path, message in _references(data):
            problems.append(problem(path, message))
    except (AttributeError, TypeError, KeyError, IndexError):
        pass
    if not problems:
        setting = (data.get("settings") or {}).get("missing_translations", "error")
        for path in _translations(located):
            other = "English (en)" if path[-1] == "es" else "Spanish (es)"
            missing = "Spanish (es)" if path[-1] == "es" else "English (en)"
            problems.append(problem(path[:-1], f"translation pending: {missing} text is missing; "
                                    f"readers see the {other} text with a notice", setting))
    return sorted(problems, key=lambda p: (p.line, p.column))


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Text:
    """A bilingual text; a missing language falls back to the other one."""

    es: str | None = None
    en: str | None = None

    def get(self, lang: str) -> tuple[str, str | None]:
        """The text in ``lang`` and, when it had to fall back, the language actually shown."""
        own = getattr(self, lang)
        if own:
            return own, None
        other = next(code for code in LANGS if code != lang)
        return getattr(self, other) or "", other

    def __call__(self, lang: str) -> str:
        return self.get(lang)[0]


def _text(value: Any) -> Text:
    return Text(**value) if isinstance(value, dict) else Text()


@dataclass(frozen=True)
class Source:
    id: str
    publisher: Text
    date: str | None  # None: the page itself gives no date
    title: Text
    url: str
    kind: str | None = None  # "primary", "press" or "secondary"


@dataclass(frozen=True)
class Figure:
    id: str
    value: Text
    text: Text
    source: str


@dataclass(frozen=True)
class TimelineEntry:
    date: str
    text: Text
    source: str


@dataclass(frozen=True)
class Pillar:
    number: int
    name: Text | None
    source: str | None


@dataclass(frozen=True)
class Horizon:
    id: str
    label: Text


@dataclass(frozen=True)
class Status:
    id: str
    label: Text
    description: Text


@dataclass(frozen=True)
class Theme:
    id: str
    rank: int
    name: Text
    description: Text
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Fact:
    text: Text
    source: str


@dataclass(frozen=True)
class Statistic:
    """One sourced figure about a country's MSMEs, quoted as given (never computed)."""

    metric: str  # "number", "share-of-firms", "share-of-employment", "exports" or "other"
    measure: Text
    value: Text
    period: Text
    scope: Text
    source: str


@dataclass(frozen=True)
class Finding:
    """What the OECD SME Policy Index says of a country's SME policy, in words."""

    dimensions: tuple[str, ...]  # ids of Methodology.dimensions; empty: the policy as a whole
    text: Text
    source: str


@dataclass(frozen=True)
class Dimension:
    id: str
    number: int | None
    pilot: bool
    name: Text


@dataclass(frozen=True)
class Methodology:
    sources: tuple[str, ...]
    dimensions: dict[str, Dimension]


@dataclass(frozen=True)
class Country:
    code: str
    name: Text
    facts: tuple[Fact, ...]
    msmes: tuple[Statistic, ...] = ()
    oecd_findings: tuple[Finding, ...] = ()

    @property
    def slug(self) -> str:
        return self.code.lower()


@dataclass(frozen=True)
class Actor:
    id: str
    sector: str
    name: Text
    abbr: Text | None
    country: str | None
    url: str | None
    sources: tuple[str, ...]
    role: Text | None = None  # how it takes part, while no objective names it


@dataclass(frozen=True)
class Milestone:
    date: str
    text: Text
    done: bool


@dataclass(frozen=True)
class Indicator:
    name: Text
    unit: Text
    source: str
    baseline: float | None = None
    target: float | None = None
    year: int | None = None


@dataclass(frozen=True)
class HistoryEntry:
    date: str
    status: str
    note: Text


SIDES = ("public", "private", "multilateral")


@dataclass(frozen=True)
class Objective:
    id: str
    title: Text
    summary: Text
    horizon: str | None
    theme: str
    countries: tuple[str, ...]  # resolved: "all" becomes every country code
    all_countries: bool
    status: str
    lead: dict[str, tuple[str, ...]]
    support: dict[str, tuple[str, ...]]
    milestones: tuple[Milestone, ...]
    indicators: tuple[Indicator, ...]
    sources: tuple[str, ...]
    history: tuple[HistoryEntry, ...]
    line: int  # where the entry starts in the YAML, for the edit button

    def actors(self) -> set[str]:
        return {ref for role in (self.lead, self.support) for refs in role.values() for ref in refs}


@dataclass(frozen=True)
class Roadmap:
    title: Text
    short_title: Text
    last_reviewed: str
    roadmap_sources: tuple[str, ...]
    sources: dict[str, Source]
    figures: tuple[Figure, ...]
    timeline: tuple[TimelineEntry, ...]
    pillars: tuple[Pillar, ...]
    horizons: dict[str, Horizon]
    statuses: dict[str, Status]
    themes: dict[str, Theme]  # in rank order
    countries: dict[str, Country]
    actors: dict[str, Actor]
    objectives: dict[str, Objective]
    glossary: tuple[tuple[Text, Text], ...]
    methodology: Methodology | None = None
    glossary_sources: tuple[str | None, ...] = ()  # by position in `glossary`
    warnings: tuple[Problem, ...] = field(default=())
    country_lines: dict[str, int] = field(default_factory=dict)
    actor_lines: dict[str, int] = field(default_factory=dict)


def _sides(value: Any) -> dict[str, tuple[str, ...]]:
    value = value or {}
    return {side: tuple(value.get(side) or ()) for side in SIDES}


def _methodology(value: dict[str, Any] | None) -> Methodology | None:
    if not value:
        return None
    return Methodology(tuple(value["sources"]), {
        dim["id"]: Dimension(dim["id"], dim.get("number"), bool(dim.get("pilot")), _text(dim["name"]))
        for dim in value["dimensions"]})


def build(located: Located, warnings: Iterable[Problem] = ()) -> Roadmap:
    """Turn validated data into the model. Assumes :func:`validate` found no errors."""
    d = located.data
    codes = tuple(c["code"] for c in d["countries"])
    objectives = {}
    for index, o in enumerate(d["objectives"]):
        objectives[o["id"]] = Objective(
            id=o["id"], title=_text(o["title"]), summary=_text(o["summary"]), horizon=o.get("horizon"),
            theme=o["theme"], countries=codes if o["countries"] == "all" else tuple(o["countries"]),
            all_countries=o["countries"] == "all", status=o["status"],
            lead=_sides(o.get("lead")), support=_sides(o.get("support")),
            milestones=tuple(Milestone(m["date"], _text(m["text"]), m["done"]) for m in o.get("milestones") or ()),
            indicators=tuple(Indicator(_text(i["name"]), _text(i["unit"]), i["source"], i.get("baseline"),
                                       i.get("target"), i.get("year")) for i in o.get("indicators") or ()),
            sources=tuple(o["sources"]),
            history=tuple(HistoryEntry(h["date"], h["status"], _text(h["note"])) for h in o["history"]),
            line=located.position(("objectives", index))[0],
        )
    meta = d["roadmap"]
    return Roadmap(
        title=_text(meta["title"]), short_title=_text(meta.get("short_title") or meta["title"]),
        last_reviewed=meta["last_reviewed"], roadmap_sources=tuple(meta["sources"]),
        sources={s["id"]: Source(s["id"], _text(s["publisher"]), s.get("date"), _text(s["title"]), s["url"], s.get("kind"))
                 for s in d["sources"]},
        figures=tuple(Figure(f["id"], _text(f["value"]), _text(f["text"]), f["source"]) for f in d.get("figures") or ()),
        timeline=tuple(TimelineEntry(t["date"], _text(t["text"]), t["source"]) for t in d.get("timeline") or ()),
        pillars=tuple(Pillar(p["number"], _text(p["name"]) if p["name"] else None, p.get("source")) for p in d.get("pillars") or ()),
        horizons={h["id"]: Horizon(h["id"], _text(h["label"])) for h in d["horizons"]},
        statuses={s["id"]: Status(s["id"], _text(s["label"]), _text(s["description"])) for s in d["statuses"]},
        themes={t["id"]: Theme(t["id"], t["rank"], _text(t["name"]), _text(t["description"]), tuple(t["sources"]))
                for t in sorted(d["themes"], key=lambda t: t["rank"])},
        countries={c["code"]: Country(c["code"], _text(c["name"]),
                                      tuple(Fact(_text(f["text"]), f["source"]) for f in c.get("facts") or ()),
                                      tuple(Statistic(m["metric"], _text(m["measure"]), _text(m["value"]), _text(m["period"]),
                                                      _text(m["scope"]), m["source"]) for m in c.get("msmes") or ()),
                                      tuple(Finding(tuple(f.get("dimensions") or ()), _text(f["text"]), f["source"])
                                            for f in c.get("oecd_findings") or ()))
                   for c in d["countries"]},
        actors={a["id"]: Actor(a["id"], a["sector"], _text(a["name"]), _text(a["abbr"]) if a.get("abbr") else None,
                               a.get("country"), a.get("url"), tuple(a["sources"]),
                               _text(a["role"]) if a.get("role") else None) for a in d["actors"]},
        methodology=_methodology(d.get("methodology")),
        glossary_sources=tuple(g.get("source") for g in d.get("glossary") or ()),
        objectives=objectives,
        glossary=tuple((_text(g["term"]), _text(g["definition"])) for g in d.get("glossary") or ()),
        warnings=tuple(warnings),
        country_lines={c["code"]: located.position(("countries", i))[0] for i, c in enumerate(d["countries"])},
        actor_lines={a["id"]: located.position(("actors", i))[0] for i, a in enumerate(d["actors"])},
    )


def check(path: Path = DATA_FILE) -> tuple[Roadmap | None, list[Problem]]:
    """Parse and validate; the model is returned only when there is no error."""
    file = _display_path(path)
    try:
        located = parse_yaml(path.read_text(encoding="utf-8"), file)
    except DataError as exc:
        return None, exc.problems
    problems = validate(located, file)
    if any(p.severity == "error" for p in problems):
        return None, problems
    return build(located, problems), problems


def load(path: Path = DATA_FILE) -> Roadmap:
    """The validated roadmap, or :class:`DataError` listing every error."""
    roadmap, problems = check(path)
    if roadmap is None:
        raise DataError([p for p in problems if p.severity == "error"])
    return roadmap


@lru_cache(maxsize=4)
def _load_cached(path: Path, mtime_ns: int, size: int) -> Roadmap:
    return load(path)


def load_cached(path: Path = DATA_FILE) -> Roadmap:
    """:func:`load`, once per version of the file: MkDocs calls in once per language and per
    macro, and `mkdocs serve` must still see an edit."""
    stat = path.stat()
    return _load_cached(path, stat.st_mtime_ns, stat.st_size)


def _display_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)
