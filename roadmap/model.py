"""The roadmap as typed, read-only objects, and the loader that gives them only for valid data.

Takes ``data/objectives.yml`` (or any path); :func:`check` gives the :class:`Roadmap` and the
problems (warnings only, when there is a model), never raising, whatever the bytes; :func:`load`
gives the roadmap or raises :class:`~roadmap.problems.DataError`; :func:`load_cached` does so once
per version of the file. Reading is :mod:`roadmap.yaml_reader`'s, judging :mod:`roadmap.validation`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from . import caches, record_rules
from .messages import message
from .problems import DataError, Problem
from .project import DATA_FILE, LANGS, SCHEMA_FILE, display_path
from .validation import passed_whole, validate
from .yaml_reader import MAX_BYTES, Located, decode, entry_keys, parse_yaml


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
    date: str | None  # None: the page itself gives no date (`date: undated`, checked)
    title: Text
    url: str
    kind: str | None = None  # "primary", "press" or "secondary"
    consulted: str = ""  # when the page was last read (issue #19)

    @property
    def undated(self) -> bool:
        return self.date is None


@dataclass(frozen=True)
class Figure:
    id: str
    value: Text
    text: Text
    source: str
    # its evidence (issue #19): what it counts, its period, where it stands in its source
    scope: Text = Text()
    period: Text = Text()
    location: Text = Text()


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
    location: Text = Text()  # where it stands in its source (issue #19)


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
    key: str | None = None  # tells apart two entries with one date and status (issue #19)


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
    former_ids: tuple[str, ...] = ()  # its ids before renames, oldest first (issue #19)

    @property
    def first_id(self) -> str:
        """The id it was first given: what its history entries' feed ids are made of."""
        return self.former_ids[0] if self.former_ids else self.id

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


# The last model's objectives in this process, by what each was made from (the entry's values and
# types as ``repr``, its line, the country codes "all" stands for). `mkdocs serve` builds the model
# again at every save: an entry the save left as it was gives back the very same object, so what
# is worked out from an objective can be kept between builds by its identity (issue #21:
# roadmap/page_inputs.py's hashes, roadmap/export.py's records).
_last_objectives: dict[tuple[str, int, tuple[str, ...]], Objective] = {}


def build(located: Located, warnings: Iterable[Problem] = ()) -> Roadmap:
    """Turn validated data into the model. Assumes :func:`validate` found no errors."""
    global _last_objectives
    d = located.data
    codes = tuple(c["code"] for c in d["countries"])
    objectives, made = {}, {}
    for index, (o, value_key) in enumerate(zip(d["objectives"], entry_keys(d["objectives"]))):
        line = located.position(("objectives", index))[0]
        key = (value_key, line, codes)
        objectives[o["id"]] = made[key] = _last_objectives.get(key) or _objective(o, line, codes)
    _last_objectives = made
    return _roadmap(located, d, objectives, warnings)


def _objective(o: dict[str, Any], line: int, codes: tuple[str, ...]) -> Objective:
    return Objective(
        id=o["id"], title=_text(o["title"]), summary=_text(o["summary"]), horizon=o.get("horizon"),
        theme=o["theme"], countries=codes if o["countries"] == "all" else tuple(o["countries"]),
        all_countries=o["countries"] == "all", status=o["status"],
        lead=_sides(o.get("lead")), support=_sides(o.get("support")),
        milestones=tuple(Milestone(m["date"], _text(m["text"]), m["done"]) for m in o.get("milestones") or ()),
        indicators=tuple(Indicator(_text(i["name"]), _text(i["unit"]), i["source"], i.get("baseline"),
                                   i.get("target"), i.get("year")) for i in o.get("indicators") or ()),
        sources=tuple(o["sources"]),
        history=tuple(HistoryEntry(h["date"], h["status"], _text(h["note"]), h.get("key")) for h in o["history"]),
        line=line,
        former_ids=tuple(o.get("former_ids") or ()),
    )


def _roadmap(located: Located, d: dict[str, Any], objectives: dict[str, Objective], warnings: Iterable[Problem]) -> Roadmap:
    meta = d["roadmap"]
    return Roadmap(
        title=_text(meta["title"]), short_title=_text(meta.get("short_title") or meta["title"]),
        last_reviewed=meta["last_reviewed"], roadmap_sources=tuple(meta["sources"]),
        sources={s["id"]: Source(s["id"], _text(s["publisher"]), None if s.get("date") in (None, "undated") else s["date"],
                                 _text(s["title"]), s["url"], s.get("kind"), s.get("consulted", ""))
                 for s in d["sources"]},
        figures=tuple(Figure(f["id"], _text(f["value"]), _text(f["text"]), f["source"], _text(f.get("scope")),
                             _text(f.get("period")), _text(f.get("location"))) for f in d.get("figures") or ()),
        timeline=tuple(TimelineEntry(t["date"], _text(t["text"]), t["source"]) for t in d.get("timeline") or ()),
        pillars=tuple(Pillar(p["number"], _text(p["name"]) if p["name"] else None, p.get("source")) for p in d.get("pillars") or ()),
        horizons={h["id"]: Horizon(h["id"], _text(h["label"])) for h in d["horizons"]},
        statuses={s["id"]: Status(s["id"], _text(s["label"]), _text(s["description"])) for s in d["statuses"]},
        themes={t["id"]: Theme(t["id"], t["rank"], _text(t["name"]), _text(t["description"]), tuple(t["sources"]))
                for t in sorted(d["themes"], key=lambda t: t["rank"])},
        countries={c["code"]: Country(c["code"], _text(c["name"]),
                                      tuple(Fact(_text(f["text"]), f["source"]) for f in c.get("facts") or ()),
                                      tuple(Statistic(m["metric"], _text(m["measure"]), _text(m["value"]), _text(m["period"]),
                                                      _text(m["scope"]), m["source"], _text(m.get("location")))
                                            for m in c.get("msmes") or ()),
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
    """Read, parse and validate ``path``; the model is returned only when there is no error.

    Never raises: any bytes give either the model or problems at file:line:col. Should the
    checker itself fail, that too is a problem (and a bug: the tests look for it)."""
    file = display_path(path)
    try:
        return _check(path, file)
    except Exception as exc:  # noqa: BLE001 - the checker's promise: a message, never a traceback
        return None, [Problem(file, 1, 1, "", "", message("check_internal", error=f"{type(exc).__name__}: {exc}"[:200]))]


def _check(path: Path, file: str) -> tuple[Roadmap | None, list[Problem]]:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [Problem(file, 1, 1, "", "", message("check_too_large", size=size // 2**20, limit=MAX_BYTES // 2**20))]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(file, 1, 1, "", "", message("check_unreadable", reason=exc.strerror or type(exc).__name__))]
    text, problems = decode(raw, file)
    if text is None:
        return None, problems
    try:
        located = parse_yaml(text, file)
    except DataError as exc:
        return None, exc.problems
    docs = record_rules.docs_dir_of(path)
    # bytes that passed this very check before, with no problem at all, pass again (issue #21:
    # the schema's validator, its import included, is a tenth of a small build's own work)
    schema_stamp = caches.file_stamp(SCHEMA_FILE)  # before the key reads the schema (validation._remember_clean)
    key = _check_key(raw, docs)
    if caches.known_clean("data-check", key):
        passed_whole(located, schema_stamp)  # the next check of a file changed in a few entries validates those alone
        return build(located, []), []
    problems = validate(located, file, docs)
    if any(p.severity == "error" for p in problems):
        return None, problems
    if not problems:
        caches.remember_clean("data-check", key)
    return build(located, problems), problems


def _check_key(raw: bytes, docs: Path) -> str:
    """The data's bytes, with what the check reads besides them: the checker's code and versions,
    and the names of the written pages (no id may be one: roadmap/record_rules.py)."""
    import hashlib

    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*")) if docs.is_dir() else []
    return hashlib.sha256(caches.checker_fingerprint() + "\0".join(pages).encode() + b"\0\0" + raw).hexdigest()


def load(path: Path = DATA_FILE) -> Roadmap:
    """The validated roadmap, or :class:`DataError` listing every error."""
    roadmap, problems = check(path)
    if roadmap is None:
        raise DataError([p for p in problems if p.severity == "error"])
    return roadmap


@lru_cache(maxsize=4)
def _load_cached(path: Path, stamp: tuple[int, ...]) -> Roadmap:
    return load(path)


def load_cached(path: Path = DATA_FILE) -> Roadmap:
    """:func:`load`, once per version of the file and of the schema it is checked against: MkDocs
    calls in once per language and per macro, and `mkdocs serve` must still see an edit of either."""
    return _load_cached(path, caches.file_stamp(path) + caches.file_stamp(SCHEMA_FILE))
