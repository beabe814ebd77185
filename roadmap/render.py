"""Render the roadmap model through Jinja templates, one per table or page kind.

Tables and listings called from hand-written pages are Markdown (``*.md.j2``); the pages
generated from the data (an objective, a country, an institution) are HTML (``*.html.j2``),
handed to MkDocs as they are, with their table of contents: they skip Python-Markdown, which
was most of the build time at 1,000 objectives, and data text never reaches mkdocs-macros.

Nothing here reads the data file or knows about MkDocs: callers pass a :class:`~roadmap.model.Roadmap`
and the language, plus ``base``, the relative URL from the calling page to its language's root
(``""`` on the home page, ``"../"`` on ``/objetivos/``, ``"../../"`` on ``/objetivos/<id>/``).
Links are final URLs rather than ``.md`` paths because long listings are written as raw HTML,
which Markdown (and MkDocs' link rewriting) leaves alone: inline Markdown was most of the build
time at 1,000 objectives. The built site's links are checked by tests/test_links.py.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import markdown
import yaml
from babel.dates import format_date
from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from markdown.extensions.toc import nest_toc_tokens, slugify, strip_tags, unique
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


@lru_cache(maxsize=1 << 14)  # Babel is slow, and the same dates recur on many pages
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


# Data text is a small Markdown subset (emphasis, links). Most of it is plain words: those are
# their own HTML, and only text with a Markdown sign goes through Python-Markdown. Each distinct
# text is converted once per build process, however many pages show it (a title is listed on
# its country's and institutions' pages too).
_MARKDOWN_SIGNS = re.compile(r"[*_`\\\[\]<>!]|\n|&(?!(?:amp|lt|gt|quot|#39);)|^\s|\s$|^(?:[-+#>=]|\d+[.)])")


@lru_cache(maxsize=1 << 16)
def markdown_html(text: str, block: bool = False) -> Markup:
    """HTML of one (already HTML-escaped) data text: a paragraph or more with ``block``, the
    inside of one paragraph without. The same as Python-Markdown makes of it, by construction."""
    if not _MARKDOWN_SIGNS.search(text):
        return Markup(f"<p>{text}</p>" if block else text)
    converted = _markdown(Markup(text))
    if not block and converted.startswith("<p>") and converted.endswith("</p>") and converted.count("<p>") == 1:
        converted = Markup(converted[3:-4])
    return converted


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
        self._abbreviations: dict[str, dict[str, str]] = {}  # glossary tooltips, by language
        self._glossaries: dict[str, Glossary] = {}
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
        self.env.filters["markdown"] = lambda value: markdown_html(str(value), block=True)
        # Long raw-HTML listings on Markdown pages ({% filter raw_html %}): Python-Markdown would
        # parse all of that HTML only to copy it through. With a ``stash`` (macros/ sets one), the
        # block is set aside and a placeholder goes through Markdown instead; the caller puts the
        # block back into the page's HTML, where Markdown would have copied it.
        self.stash: Callable[[str], str] | None = None

        @pass_context
        def raw_html(context: Any, value: str) -> Markup:
            if context.get("html") or self.stash is None:
                return Markup(value)
            text = str(value)
            body = text.strip()
            return Markup(text[: len(text) - len(text.lstrip())] + self.stash(body) + text[len(text.rstrip()):])

        self.env.filters["raw_html"] = raw_html
        # Per language, the same on every page: a status badge, an institution's name, a text's
        # HTML. Computed once each, here, however many pages show them.
        self._memo: dict[tuple[Any, ...], Markup] = {}

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
        return str(self._module(template, lang, base, **context))

    def _module(self, template: str, lang: str, base: str = "", **context: Any) -> Any:
        """The rendered template as a Jinja module: ``str()`` of it is the text, and its top-level
        ``{% set %}`` variables are attributes (a generated page's title and description).
        Templates named ``*.html.j2`` get HTML from ``t()``, ``cite()`` and ``contribute``."""
        roadmap = self.roadmap
        html = template.endswith(".html.j2")
        memo = self._memo

        def t(value: Text | None, block: bool = False) -> Markup:
            """Localized text; a missing translation shows the other language, marked as such."""
            if value is None:
                return Markup("")
            key = ("t", value, lang, block, html)
            if key not in memo:
                memo[key] = localized(value, block)
            return memo[key]

        def localized(value: Text, block: bool) -> Markup:
            text, fallback = value.get(lang)
            if html:
                shown = markdown_html(str(escape(text)), block)
                if fallback is None:
                    return shown
                notice = label("translation_pending", lang)
                if block:
                    return Markup('<div class="translation-pending" lang="{}">\n{}\n'
                                  '<p class="translation-pending__notice" lang="{}">{} — {}</p>\n</div>').format(
                        fallback, shown, lang, notice, label("shown_in", lang, language=label(f"language_{fallback}", lang)))
                return Markup('<span lang="{}">{}</span> <span class="translation-pending__badge" lang="{}">({})</span>').format(
                    fallback, shown, lang, notice)
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
            return Markup('<a href="{2}">{0}, {1}</a>' if html else "[{}, {}]({})").format(
                t(source.publisher), format_day(source.date, lang), source.url)

        def actor_name(actor_id: str, linked: bool = True, html: bool = html) -> Markup:
            """The institution's name (and acronym), linked to its page in Markdown or HTML."""
            key = ("actor", actor_id, lang, base, linked, html)
            if key not in memo:
                memo[key] = actor_markup(actor_id, linked, html)
            return memo[key]

        def actor_markup(actor_id: str, linked: bool, html: bool) -> Markup:
            actor = roadmap.actors[actor_id]
            name = t(actor.name)
            if actor.abbr and actor.abbr(lang) not in actor.name(lang):
                name = Markup("{} ({})").format(name, t(actor.abbr))
            if not linked:
                return name
            return Markup('<a href="{}">{}</a>' if html else "[{1}]({0})").format(link("actor", actor_id), name)

        def status_badge(status_id: str) -> Markup:
            key = ("status", status_id, lang, html)
            if key not in memo:
                memo[key] = Markup('<span class="status-badge status-badge--{}">{}</span>').format(
                    status_id, t(roadmap.statuses[status_id].label))
            return memo[key]

        contribute = label("contribute", lang, href=f"{base}{CONTRIBUTE_PAGE}")
        if html:
            contribute = markdown_html(contribute)
        return self.env.get_template(template).make_module(dict(
            roadmap=roadmap, lang=lang, base=base, t=t, link=link, cite=cite, actor_name=actor_name,
            status_badge=status_badge, _=lambda key, **v: label(key, lang, **v), contribute=contribute,
            sides=SIDES, html=html, **context))

    def objectives_table(self, lang: str, base: str = "", **filters: str | None) -> str:
        return self._render("objectives_table.md.j2", lang, base, objectives=self.select(**filters),
                            show=_columns(filters))

    def objectives_by_horizon(self, lang: str, base: str = "", heading_level: int = 2, **filters: str | None) -> str:
        groups = [(h.label(lang), self.select(horizon=h.id, **filters)) for h in self.roadmap.horizons.values()]
        groups.append((label("horizon_pending", lang), self.select(horizon="none", **filters)))
        return self._render("objectives_by_horizon.md.j2", lang, base, groups=groups,
                            hashes="#" * heading_level, show=_columns(filters) - {"horizon"})

    def objective_page(self, lang: str, objective_id: str, base: str = "../../") -> PageHTML:
        return self._page("objective_page.html.j2", lang, base, o=self.roadmap.objectives[objective_id])

    def country_page(self, lang: str, code: str, base: str = "../../") -> PageHTML:
        country = self.roadmap.countries[code]
        actors = [a for a in self.roadmap.actors.values() if a.country == code]
        groups = [(h.label(lang), self.select(horizon=h.id, country=code)) for h in self.roadmap.horizons.values()]
        groups.append((label("horizon_pending", lang), self.select(horizon="none", country=code)))
        return self._page("country_page.html.j2", lang, base, country=country, actors=actors, groups=groups,
                          show=_columns({"country": code}) - {"horizon"})

    def actor_page(self, lang: str, actor_id: str, base: str = "../../") -> PageHTML:
        involvements = progress.involvements(self.roadmap, actor_id)
        objectives = list({i.objective.id: i.objective for i in involvements}.values())
        return self._page("actor_page.html.j2", lang, base, actor=self.roadmap.actors[actor_id],
                          involvements=involvements, due=progress.milestones(self.roadmap, self.today, objectives))

    def _page(self, template: str, lang: str, base: str, **context: Any) -> PageHTML:
        module = self._module(template, lang, base, **context)
        return finish_page(str(module), str(escape(module.title)), str(escape(module.description)),
                           self.glossary_pattern(lang), lang)

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

    def page(self, kind: str, key: str, lang: str) -> PageHTML:
        render = {"objective": self.objective_page, "country": self.country_page, "actor": self.actor_page}[kind]
        return render(lang, key)

    def page_line(self, kind: str, key: str) -> int:
        """The line of the page's entry in the data file, for its edit button."""
        r = self.roadmap
        return {"objective": lambda: r.objectives[key].line, "country": lambda: r.country_lines[key],
                "actor": lambda: r.actor_lines[key]}[kind]()

    def abbreviations(self, lang: str) -> dict[str, str]:
        """Glossary tooltips of a language: {word as written: its definition, plain text}.

        Tooltips match whole words with their case, so each term also covers its plural and, for
        a word that is not an all-capitals acronym, its lower-case forms: "Pyme" covers "pymes".
        Computed once per language; Markdown pages get it as the ``abbr`` extension's glossary
        (macros/hooks.py), generated pages through :meth:`glossary_pattern`."""
        if lang in self._abbreviations:
            return self._abbreviations[lang]
        terms = {term(lang): _plain(definition(lang)) for term, definition in self.roadmap.glossary}
        variants: dict[str, str] = {}
        for term, definition in terms.items():
            plural = "" if term.lower().endswith("s") else "s"
            forms = [term, term + plural] + ([] if term.isupper() else [term.lower(), term.lower() + plural])
            for form in forms:
                if form == term or form not in terms:
                    variants.setdefault(form, definition)
        self._abbreviations[lang] = variants
        return variants

    def glossary_pattern(self, lang: str) -> Glossary:
        """The language's tooltips as one compiled pattern, built once per language."""
        if lang not in self._glossaries:
            self._glossaries[lang] = Glossary.of(self.abbreviations(lang))
        return self._glossaries[lang]


# --------------------------------------------------------------------------- generated pages as HTML
# What Python-Markdown's toc and abbr extensions did to these pages, done on the HTML the
# templates write: ids and permalinks on headings (Python-Markdown's own slugify and unique,
# so anchors stay the same), the table of contents as its toc tokens, glossary tooltips.

@dataclass(frozen=True)
class PageHTML:
    """A page generated from the data, ready for the theme.

    ``title`` and ``description`` are HTML-escaped text (themes print them as they are); ``html``
    is the article; ``toc`` its headings as nested Python-Markdown toc tokens (``level``, ``id``,
    ``name``, ``html``, ``children``), which ``mkdocs.structure.toc.get_toc`` reads; ``anchors``
    every ``id`` in ``html``, for MkDocs' anchor validation."""
    title: str
    description: str
    html: str
    toc: list[dict[str, Any]]
    anchors: frozenset[str]


@dataclass(frozen=True)
class Glossary:
    """Glossary tooltips for HTML: every term as a whole word, longest first, as Python-Markdown's
    abbr extension matches them, outside tags and outside ``abbr``, ``code``, ``script``,
    ``style`` and ``svg`` elements."""
    pattern: re.Pattern[str] | None
    titles: dict[str, str]  # HTML-escaped term → ready ``<abbr>`` element

    @classmethod
    def of(cls, terms: dict[str, str]) -> Glossary:
        escaped = {str(escape(term)): f'<abbr title="{escape(definition)}">{escape(term)}</abbr>'
                   for term, definition in terms.items() if definition}
        if not escaped:
            return cls(None, {})
        words = "|".join(re.escape(term) for term in sorted(escaped, key=len, reverse=True))
        return cls(re.compile(rf"<(abbr|code|script|style|svg)\b.*?</\1>|<[^>]*>|\b(?:{words})\b", re.S), escaped)

    def apply(self, html: str) -> str:
        if self.pattern is None:
            return html
        titles = self.titles
        return self.pattern.sub(lambda m: m.group(0) if m.group(0)[0] == "<" else titles[m.group(0)], html)


_HEADING = re.compile(r'<h([1-6])(?: id="([^"]*)")?>(.*?)</h\1>', re.S)
_ID = re.compile(r'\bid="([^"]*)"')


def finish_page(body: str, title: str, description: str, glossary: Glossary, lang: str) -> PageHTML:
    """Tooltips, heading ids and permalinks, and the table of contents of a generated page."""
    body = glossary.apply(body)
    used = set(_ID.findall(body))
    permalink = escape(label("permalink_title", lang))
    tokens: list[dict[str, Any]] = []

    def heading(m: re.Match[str]) -> str:
        level, inner = int(m.group(1)), m.group(3)
        name = strip_tags(inner)
        anchor = m.group(2) or unique(slugify(html_lib.unescape(name), "-"), used)
        tokens.append({"level": level, "id": anchor, "name": name, "html": inner, "data-toc-label": ""})
        return (f'<h{level} id="{anchor}">{inner}<a class="headerlink" href="#{anchor}" '
                f'title="{permalink}">&para;</a></h{level}>')

    body = _HEADING.sub(heading, body)
    return PageHTML(title, description, body, nest_toc_tokens(tokens), frozenset(used | {t["id"] for t in tokens}))


def _columns(filters: dict[str, str | None]) -> set[str]:
    """Columns worth showing: a filtered one would repeat the same value on every row."""
    return {c for c in ("horizon", "theme", "status") if filters.get(c) is None}
