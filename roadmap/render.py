"""Render the roadmap model to Markdown through Jinja templates, one per table or page kind.

Nothing here reads the data file or knows about MkDocs: callers pass a :class:`~roadmap.model.Roadmap`
and the language, plus ``base``, the relative URL from the calling page to its language's root
(``""`` on the home page, ``"../"`` on ``/objetivos/``, ``"../../"`` on ``/objetivos/<id>/``).
Links are final URLs rather than ``.md`` paths because long listings are written as raw HTML,
which Markdown (and MkDocs' link rewriting) leaves alone: inline Markdown was most of the build
time at 1,000 objectives. The built site's links are checked by tests/test_links.py.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import markdown
import yaml
from babel.dates import format_date
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from . import export, progress
from .model import SIDES, Objective, Roadmap, Text

OBJECTIVES_DIR = "objetivos"
COUNTRIES_DIR = "paises"
ACTORS_DIR = "actores"
FOLDERS = {"objective": OBJECTIVES_DIR, "country": COUNTRIES_DIR, "actor": ACTORS_DIR}
CONTRIBUTE_PAGE = "contribuir/"
CHANGES_PAGE = "cambios/"
FEED_FILE = "cambios.xml"


@lru_cache(maxsize=1)
def labels() -> dict[str, dict[str, str]]:
    return yaml.safe_load((Path(__file__).parent / "labels.yml").read_text(encoding="utf-8"))


def label(key: str, lang: str, **values: Any) -> str:
    try:
        text = labels()[key][lang]
    except KeyError:
        raise KeyError(f"roadmap/labels.yml has no {lang!r} text for {key!r}: add it") from None
    return text.format(**values) if values else text


def format_day(value: str, lang: str) -> str:
    """A YYYY, YYYY-MM or YYYY-MM-DD date, written out the way each language reads it."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    day = dt.date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)
    if len(parts) == 2:
        return format_date(day, "LLLL 'de' y" if lang == "es" else "LLLL y", locale=lang)
    return format_date(day, "d 'de' MMMM 'de' y" if lang == "es" else "d MMMM y", locale=lang)


def _atom_date(value: str) -> str:
    return f"{progress.as_date(value).isoformat()}T00:00:00Z"


_inline_markdown = markdown.Markdown(output_format="html")


def _markdown(value: Markup) -> Markup:
    """Markdown (already HTML-escaped) to HTML, for text placed inside raw HTML blocks."""
    _inline_markdown.reset()
    return Markup(_inline_markdown.convert(str(value)))


def _cell(value: Any) -> Markup:
    """Make text safe inside a Markdown table cell."""
    text = Markup(value) if isinstance(value, Markup) else escape(value)
    return Markup(str(text).replace("|", "&#124;").replace("\n", " "))


def _plain(value: str) -> str:
    """One line of text for metadata (page description): no Markdown emphasis, no line breaks."""
    return " ".join(str(value).replace("**", "").replace("__", "").split())


def _yaml_string(value: str) -> Markup:
    """A front-matter value. Themes print titles and descriptions without escaping them, so the
    HTML is escaped here; a JSON string is valid YAML."""
    return Markup(json.dumps(str(escape(value)), ensure_ascii=False))


@dataclass(frozen=True)
class Filters:
    horizon: str | None = None
    theme: str | None = None
    country: str | None = None
    status: str | None = None
    actor: str | None = None

    def matches(self, o: Objective) -> bool:
        return ((self.horizon is None or o.horizon == (None if self.horizon == "none" else self.horizon))
                and (self.theme is None or o.theme == self.theme)
                and (self.country is None or self.country in o.countries)
                and (self.status is None or o.status == self.status)
                and (self.actor is None or self.actor in o.actors()))


class Renderer:
    """Renders tables and whole pages for one roadmap."""

    def __init__(self, roadmap: Roadmap, today: dt.date | None = None):
        self.roadmap = roadmap
        self._abbreviations: dict[str, str] = {}  # by language: appended to every page
        self.today = today or dt.date.today()  # the build date: milestones before it are overdue
        self.env = Environment(
            loader=PackageLoader("roadmap", "templates"),
            autoescape=True,  # data text is shown as text: HTML in the YAML never reaches the page
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["cell"] = _cell
        self.env.filters["plain"] = _plain
        self.env.filters["yaml_string"] = _yaml_string
        self.env.filters["day"] = format_day
        self.env.filters["atom_date"] = _atom_date
        self.env.filters["markdown"] = _markdown

    # ------------------------------------------------------------------ selection

    def select(self, **filters: str | None) -> list[Objective]:
        """Objectives matching every given filter, in theme priority order."""
        self._check_filters(filters)
        wanted = Filters(**filters)
        order = {theme: index for index, theme in enumerate(self.roadmap.themes)}
        return sorted((o for o in self.roadmap.objectives.values() if wanted.matches(o)),
                      key=lambda o: order[o.theme])

    def _check_filters(self, filters: dict[str, str | None]) -> None:
        known = {"horizon": set(self.roadmap.horizons) | {"none"}, "theme": set(self.roadmap.themes),
                 "country": set(self.roadmap.countries), "status": set(self.roadmap.statuses),
                 "actor": set(self.roadmap.actors)}
        for name, value in filters.items():
            if name not in known:
                raise ValueError(f"unknown filter {name!r}: expected one of {', '.join(known)}")
            if value is not None and value not in known[name]:
                raise ValueError(f"unknown {name} {value!r}: expected one of {', '.join(sorted(known[name]))}")

    # ------------------------------------------------------------------ rendering

    def _render(self, template: str, lang: str, base: str = "", **context: Any) -> str:
        roadmap = self.roadmap

        def t(value: Text | None, block: bool = False) -> Markup:
            """Localized text; a missing translation shows the other language, marked as such."""
            if value is None:
                return Markup("")
            text, fallback = value.get(lang)
            if fallback is None:
                return escape(text)
            notice = label("translation_pending", lang)
            if block:
                return Markup('<div class="translation-pending" lang="{}" markdown>\n\n{}\n\n'
                              '<p class="translation-pending__notice" lang="{}">{} — {}</p>\n</div>').format(
                    fallback, escape(text), lang, notice, label("shown_in", lang, language=label(f"language_{fallback}", lang)))
            return Markup('<span lang="{}">{}</span> <span class="translation-pending__badge" lang="{}">({})</span>').format(
                fallback, escape(text), lang, notice)

        def link(kind: str, key: str) -> str:
            return f"{base}{FOLDERS[kind]}/{key.lower()}/"

        def cite(source_id: str) -> Markup:
            source = roadmap.sources[source_id]
            return Markup("[{}, {}]({})").format(t(source.publisher), format_day(source.date, lang), source.url)

        def actor_name(actor_id: str, linked: bool = True, html: bool = False) -> Markup:
            """The institution's name (and acronym), linked to its page in Markdown or HTML."""
            actor = roadmap.actors[actor_id]
            name = t(actor.name)
            if actor.abbr and actor.abbr(lang) not in actor.name(lang):
                if name.endswith(")"):  # "… (Federation of Chilean Industry)": one pair of brackets
                    name = Markup("{}, {})").format(name.removesuffix(")"), t(actor.abbr))
                else:
                    name = Markup("{} ({})").format(name, t(actor.abbr))
            if not linked:
                return name
            return Markup('<a href="{}">{}</a>' if html else "[{1}]({0})").format(link("actor", actor_id), name)

        def status_badge(status_id: str) -> Markup:
            return Markup('<span class="status-badge status-badge--{}">{}</span>').format(
                status_id, t(roadmap.statuses[status_id].label))

        contribute = label("contribute", lang, href=f"{base}{CONTRIBUTE_PAGE}")
        return self.env.get_template(template).render(
            roadmap=roadmap, lang=lang, base=base, t=t, link=link, cite=cite, actor_name=actor_name,
            status_badge=status_badge, _=lambda key, **v: label(key, lang, **v), contribute=contribute,
            sides=SIDES, **context)

    def objectives_table(self, lang: str, base: str = "", **filters: str | None) -> str:
        return self._render("objectives_table.md.j2", lang, base, objectives=self.select(**filters),
                            show=_columns(filters))

    def objectives_by_horizon(self, lang: str, base: str = "", heading_level: int = 2, **filters: str | None) -> str:
        groups = [(h.label(lang), self.select(horizon=h.id, **filters)) for h in self.roadmap.horizons.values()]
        groups.append((label("horizon_pending", lang), self.select(horizon="none", **filters)))
        return self._render("objectives_by_horizon.md.j2", lang, base, groups=groups,
                            hashes="#" * heading_level, show=_columns(filters) - {"horizon"})

    def objective_page(self, lang: str, objective_id: str, base: str = "../../") -> str:
        return self._render("objective_page.md.j2", lang, base, o=self.roadmap.objectives[objective_id])

    def country_page(self, lang: str, code: str, base: str = "../../") -> str:
        country = self.roadmap.countries[code]
        actors = [a for a in self.roadmap.actors.values() if a.country == code]
        return self._render("country_page.md.j2", lang, base, country=country, actors=actors,
                            by_horizon=Markup(self.objectives_by_horizon(lang, base, heading_level=3, country=code)))

    def actor_page(self, lang: str, actor_id: str, base: str = "../../") -> str:
        involvements = progress.involvements(self.roadmap, actor_id)
        objectives = list({i.objective.id: i.objective for i in involvements}.values())
        return self._render("actor_page.md.j2", lang, base, actor=self.roadmap.actors[actor_id],
                            involvements=involvements, due=progress.milestones(self.roadmap, self.today, objectives))

    def dashboard(self, lang: str, base: str = "", compact: bool = False) -> str:
        """Progress at a glance: inline SVG charts by status, horizon, theme and country, and the
        milestones due; ``compact`` keeps the first two charts, for the home page."""
        r = self.roadmap
        names = {
            "status": lambda key: r.statuses[key].label(lang),
            "horizon": lambda key: label("horizon_pending", lang) if key == progress.HORIZON_PENDING else r.horizons[key].label(lang),
            "theme": lambda key: r.themes[key].name(lang),
            "country": lambda key: r.countries[key].name(lang),
        }
        rows = {field: [(names[field](key), count, key if field == "status" else "default")
                        for key, count in progress.count_by(r, field)] for field in names}
        due = progress.milestones(r, self.today)
        return self._render("dashboard.md.j2", lang, base, compact=compact, total=len(r.objectives),
                            by_status=rows["status"], by_horizon=rows["horizon"], by_theme=rows["theme"],
                            by_country=rows["country"], due=due, overdue=[d for d in due if d.overdue])

    def explorer(self, lang: str, base: str = "") -> str:
        r = self.roadmap
        filters = [
            ("horizon", [(h.id, h.label(lang)) for h in r.horizons.values()]
             + [(progress.HORIZON_PENDING, label("horizon_pending", lang))]),
            ("theme", [(key, theme.name(lang)) for key, theme in r.themes.items()]),
            ("country", [(key, country.name(lang)) for key, country in r.countries.items()]),
            ("status", [(key, status.label(lang)) for key, status in r.statuses.items()]),
            ("actor", sorted(((key, actor.name(lang)) for key, actor in r.actors.items()), key=lambda kv: kv[1])),
        ]
        return self._render("explorer.md.j2", lang, base, objectives=self.select(), filters=filters)

    def changes_list(self, lang: str, base: str = "", limit: int | None = None) -> str:
        return self._render("changes_list.md.j2", lang, base, changes=progress.changes(self.roadmap)[:limit])

    def atom_feed(self, lang: str, root_url: str) -> str:
        """The language's Atom feed of status changes; ``root_url`` is the language's absolute root."""
        return self._render("atom_feed.xml.j2", lang, changes=progress.changes(self.roadmap), root_url=root_url,
                            feed_path=FEED_FILE, changes_path=CHANGES_PAGE, objectives_dir=OBJECTIVES_DIR)

    def printable_roadmap(self, lang: str, base: str = "") -> str:
        """The whole roadmap on one page: by horizon, then by theme, with leads and status."""
        groups = []
        for heading, horizon in ([(h.label(lang), h.id) for h in self.roadmap.horizons.values()]
                                 + [(label("horizon_pending", lang), progress.HORIZON_PENDING)]):
            in_horizon = self.select(horizon=horizon)
            themes = [(theme, [o for o in in_horizon if o.theme == key]) for key, theme in self.roadmap.themes.items()]
            groups.append((heading, [(theme, objectives) for theme, objectives in themes if objectives]))
        return self._render("printable_roadmap.md.j2", lang, base, groups=groups)

    def themes_table(self, lang: str, base: str = "") -> str:
        counts = {theme: len(self.select(theme=theme)) for theme in self.roadmap.themes}
        return self._render("themes_table.md.j2", lang, base, counts=counts)

    def horizons_overview(self, lang: str, base: str = "") -> str:
        rows = [(h.label(lang), len(self.select(horizon=h.id))) for h in self.roadmap.horizons.values()]
        rows.append((label("horizon_pending", lang), len(self.select(horizon="none"))))
        return self._render("horizons_overview.md.j2", lang, base, rows=rows)

    def countries_table(self, lang: str, base: str = "") -> str:
        counts = {code: len(self.select(country=code)) for code in self.roadmap.countries}
        return self._render("countries_table.md.j2", lang, base, counts=counts)

    def actors_table(self, lang: str, base: str = "") -> str:
        """Institutions by sector, with how many objectives each leads and supports."""
        counts = {key: {"lead": 0, "support": 0} for key in self.roadmap.actors}
        for o in self.roadmap.objectives.values():
            for role, sides in (("lead", o.lead), ("support", o.support)):
                for key in {ref for refs in sides.values() for ref in refs}:
                    counts[key][role] += 1
        return self._render("actors_table.md.j2", lang, base, counts=counts)

    def sources_list(self, lang: str, base: str = "") -> str:
        return self._render("sources_list.md.j2", lang, base)

    def key_figures(self, lang: str, base: str = "") -> str:
        return self._render("key_figures.md.j2", lang, base)

    def timeline(self, lang: str, base: str = "") -> str:
        return self._render("timeline.md.j2", lang, base)

    def pillars_list(self, lang: str, base: str = "") -> str:
        return self._render("pillars_list.md.j2", lang, base)

    def statuses_table(self, lang: str, base: str = "") -> str:
        return self._render("statuses_table.md.j2", lang, base)

    def glossary_table(self, lang: str, base: str = "") -> str:
        return self._render("glossary_table.md.j2", lang, base)

    def downloads_table(self, lang: str, base: str = "") -> str:
        """The open-data files of this language, at their stable URLs."""
        return self._render("downloads_table.md.j2", lang, base, downloads=export.DOWNLOADS,
                            folder=export.DOWNLOADS_DIR, separator=export.LIST_SEPARATOR.strip())

    def last_reviewed(self, lang: str) -> str:
        return label("last_reviewed", lang, date=format_day(self.roadmap.last_reviewed, lang))

    def generated_pages(self) -> list[tuple[str, str]]:
        """(kind, key) of every page generated from the data."""
        return ([("objective", key) for key in self.roadmap.objectives]
                + [("country", code) for code in self.roadmap.countries]
                + [("actor", key) for key in self.roadmap.actors])

    @staticmethod
    def page_path(kind: str, key: str) -> str:
        """A generated page's path under its language root, e.g. ``paises/cl.md``."""
        return f"{FOLDERS[kind]}/{key.lower()}.md"

    def page(self, kind: str, key: str, lang: str) -> str:
        render = {"objective": self.objective_page, "country": self.country_page, "actor": self.actor_page}[kind]
        return render(lang, key)

    def page_line(self, kind: str, key: str) -> int:
        """The line of the page's entry in the data file, for its edit button."""
        r = self.roadmap
        return {"objective": lambda: r.objectives[key].line, "country": lambda: r.country_lines[key],
                "actor": lambda: r.actor_lines[key]}[kind]()

    def abbreviations(self, lang: str) -> str:
        """Markdown ``abbr`` definitions, appended to every page so acronyms get tooltips.

        Tooltips match whole words with their case, so each term also covers its plural and, for
        a word that is not an all-capitals acronym, its lower-case forms: "Pyme" covers "pymes"."""
        if lang in self._abbreviations:
            return self._abbreviations[lang]
        terms = {term(lang): definition(lang) for term, definition in self.roadmap.glossary}
        variants: dict[str, str] = {}
        for term, definition in terms.items():
            plural = "" if term.lower().endswith("s") else "s"
            forms = [term, term + plural] + ([] if term.isupper() else [term.lower(), term.lower() + plural])
            for form in forms:
                if form == term or form not in terms:
                    variants.setdefault(form, definition)
        self._abbreviations[lang] = self._render("abbreviations.md.j2", lang, terms=variants)
        return self._abbreviations[lang]


def _columns(filters: dict[str, str | None]) -> set[str]:
    """Columns worth showing: a filtered one would repeat the same value on every row."""
    return {c for c in ("horizon", "theme", "status") if filters.get(c) is None}
