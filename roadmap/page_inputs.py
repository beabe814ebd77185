"""What the pages of one language are made from, as hashes that say when a page must be made
again (issue #21: `make serve` rebuilds only the pages whose inputs changed; macros/incremental.py).

A page in language ``lang`` shows each data text in that language (or, when it is missing, in the
other, marked) and whether its translation is stale *in that language*; so its inputs are the
data *as seen in that language* (:meth:`Inputs.seen`), never the other language's wording. An
English title changed then leaves every Spanish page as it was. Within a language:

- every page depends on :attr:`Inputs.base`: the site's files (templates, pages, configuration),
  the build's day, the data outside the objectives as seen in the language, the pages' stale
  translations and the *skeleton* of the objectives (everything but their texts: ids, order,
  statuses, dates, countries, institutions, lines), so a page that counts, dates, filters or
  orders objectives sees any change of those;
- an objective's page, also on its own entry's texts; a country's page, on the texts of the
  objectives :meth:`roadmap.render.Renderer.select` lists for it but those shared by every
  country, which it only counts (issue #21: a saved title of a shared objective made every
  country's page again; tests/test_incremental.py renders them with those texts changed); an
  institution's page, on the texts of the objectives it takes part in
  (``progress.involvements``): the same selections the pages are made from
  (roadmap/render_pages.py), decided by the skeleton alone;
- a written page that calls no macro (no ``{{`` or ``{%``) shows no objective: ``base`` only;
  one that calls macros may list any objective: all of them; and the translation report (whose
  entries hold both languages' texts) when it calls ``translation_status`` or has a ``{%`` statement.

Hashes are of JSON of the model's dataclasses (:func:`canonical`), so the same in every process.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from typing import Any, Iterable

from . import progress
from .model import Objective, Roadmap, Text


def canonical(value: Any, text: Any = None) -> Any:
    """``value`` (the model's dataclasses, tuples, dicts, sets, text) as JSON, the same in every
    process; each :class:`Text` as ``text(value)`` when given."""
    if text is not None and isinstance(value, Text):
        return text(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__, {f.name: canonical(getattr(value, f.name), text) for f in dataclasses.fields(value)}]
    if isinstance(value, dict):
        return [[canonical(k, text), canonical(v, text)] for k, v in value.items()]
    if isinstance(value, (tuple, list)):
        return [canonical(v, text) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((canonical(v, text) for v in value), key=json.dumps)
    return value


def digest(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


# Kept between the builds of one process (`mkdocs serve`, issue #21): an entry a save left as it
# was is the very same Objective object (roadmap/model.py), so its hashes are those of the last
# build unless one of its texts became, or stopped being, a stale translation in the language.
# By language: (the texts stale in it, {id(objective): (objective, skeleton hash, hash as seen,
# its texts)}). Each build keeps only its own objectives.
_kept: dict[str, tuple[set[Text], dict[int, tuple[Objective, str, str, frozenset[Text]]]]] = {}

# A generated page's fingerprint by the very values it hashes (``base``, its objectives' hashes,
# its identity), kept from the last build of the language in this process: the JSON and SHA-256
# of 2,100 fingerprints were 5% of a `mkdocs serve` rebuild at 1,000 objectives (issue #21). Each
# build keeps only its own.
_fingerprints: dict[str, dict[tuple, str]] = {}


# The macros (macros/__init__.py) whose output shows no objective's text: they count, filter or
# order objectives by their skeleton at most, and show the data outside the objectives, the
# schema or fixed labels, all in ``Inputs.base``. tests/test_incremental.py renders each with every
# objective's texts changed and checks that its output is the same. A page calling only these
# (issue #21: glossary, sources, methodology, institutions' and countries' tables...) is made
# again only when ``base`` changes, not at every saved title.
TEXT_FREE_MACROS = frozenset((
    "themes_table", "horizons_overview", "countries_table", "actors_table", "sources_list", "key_figures",
    "timeline", "pillars_list", "methodology_dimensions", "statuses_table", "glossary_table",
    "downloads_table", "last_reviewed", "objectives_count", "schema_reference"))
# a call with literal arguments alone, ``{{ objectives_count(horizon="short") }}``: no other
# expression, filter or variable (which could read anything)
_CALL = re.compile(r"\{\{\s*([a-z_]+)\s*\(\s*(?:[a-z_]+\s*=\s*(?:\"[^\"{}()\\]*\"|'[^'{}()\\]*'|[0-9]+|True|False|None)"
                   r"\s*(?:,\s*)?)*\)\s*\}\}")


def _shows_no_objective_text(source: str) -> bool:
    """Whether the page's Jinja is only calls of :data:`TEXT_FREE_MACROS` with literal arguments
    (no statement, comment or other expression)."""
    if "{%" in source or "{#" in source:
        return False
    calls = list(_CALL.finditer(source))
    return (source.count("{{") == len(calls) and source.count("}}") == len(calls)
            and all(call.group(1) in TEXT_FREE_MACROS for call in calls))


class Inputs:
    """The hashes of one language's pages' inputs, for one validated roadmap and renderer."""

    def __init__(self, renderer: Any, lang: str, files_state: Any, site: Any) -> None:
        self.renderer, self.lang = renderer, lang
        self._involved: dict[str, list[Objective]] | None = None
        roadmap: Roadmap = renderer.roadmap
        self.stale: dict[Text, str] = renderer._stale
        report = renderer.translations
        pages_report = [canonical(e) for e in (report.entries if report else ()) if e.kind == "page"]
        others = {f.name: canonical(getattr(roadmap, f.name), self.seen)
                  for f in dataclasses.fields(roadmap) if f.name != "objectives"}
        hashes = self._objective_hashes(roadmap)
        skeleton = [hashes[id(o)][1] for o in roadmap.objectives.values()]
        self.base = digest(files_state, str(renderer.today), lang, site, others, skeleton, pages_report,
                           [report.unrecorded, canonical(report.settings)] if report else None)
        self.objective = {key: hashes[id(o)][2] for key, o in roadmap.objectives.items()}
        self.all_objectives = digest(list(self.objective.values()))
        self.report = digest(canonical(report)) if report else ""
        self._last_fingerprints = _fingerprints.get(lang, {})
        self._fingerprints = _fingerprints[lang] = {}

    def _objective_hashes(self, roadmap: Roadmap) -> dict[int, tuple[Objective, str, str, frozenset[Text]]]:
        """Each objective's skeleton (all but its texts) and its texts as seen in this language,
        hashed; those of an objective of the last build kept, unless one of its texts' staleness
        here changed."""
        stale_here = {text for text, lang in self.stale.items() if lang == self.lang}
        was_stale, last = _kept.get(self.lang, (set(), {}))
        changed = stale_here ^ was_stale
        hashes = {}
        for o in roadmap.objectives.values():
            kept = last.get(id(o))
            if kept is None or (changed and not changed.isdisjoint(kept[3])):
                texts: list[Text] = []
                seen = digest(canonical(o, lambda t: texts.append(t) or self.seen(t)))
                kept = (o, digest(canonical(o, lambda t: None)), seen, frozenset(texts))
            hashes[id(o)] = kept
        _kept[self.lang] = (stale_here, hashes)
        return hashes

    def seen(self, text: Text) -> list:
        """A text as a page in this language shows it: its wording (or the other language's, when
        it has none), which language that is, and whether it is a stale translation here."""
        shown, fallback = text.get(self.lang)
        return ["Text", shown, fallback, self.stale.get(text) == self.lang]

    def objectives_of(self, kind: str, key: str) -> Iterable[Objective]:
        roadmap = self.renderer.roadmap
        if kind == "objective":
            return [roadmap.objectives[key]]
        if kind == "country":  # the objectives shared by every country are counted, not shown
            return [o for o in self.renderer.select(country=key) if not o.all_countries]
        if self._involved is None:  # progress.involvements' objectives, for every institution at once
            self._involved = {}
            for o in roadmap.objectives.values():
                for actor in dict.fromkeys(ref for role in (o.lead, o.support) for side in progress.SIDES
                                           for ref in role[side]):
                    self._involved.setdefault(actor, []).append(o)
        return self._involved.get(key, [])

    def generated(self, kind: str, key: str, identity: Any) -> str:
        """An objective's, country's or institution's page (``identity``: its address, edit link...:
        strings or None)."""
        hashes = tuple(self.objective[o.id] for o in self.objectives_of(kind, key))
        inputs = (self.base, hashes, tuple(identity))
        found = self._last_fingerprints.get(inputs)
        if found is None:
            found = digest(self.base, list(hashes), identity)
        self._fingerprints[inputs] = found
        return found

    def written(self, source: str, identity: Any) -> str:
        """A written page, from its Markdown ``source`` (its file is one of the site's files)."""
        if "{{" not in source and "{%" not in source or _shows_no_objective_text(source):
            return digest(self.base, identity)
        # the translation report (both languages' texts) is shown by one macro; a statement
        # ({% include %}, {% import %}...) may call it from another file
        report = self.report if "translation_status" in source or "{%" in source else ""
        return digest(self.base, self.all_objectives, report, identity)
