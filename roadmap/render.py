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
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable

import markdown
from babel.dates import format_date
from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from markdown.extensions.toc import nest_toc_tokens, slugify, strip_tags, unique
from markupsafe import Markup, escape

from . import citation as citations
from . import compiled_templates, dates, export, progress, text_policy
from .messages import labels  # roadmap/labels.yml, read once per process
from .model import LANGS, SIDES, Objective, Roadmap, Text

if TYPE_CHECKING:
    from .translations import Report

OBJECTIVES_DIR = "objetivos"
COUNTRIES_DIR = "paises"
ACTORS_DIR = "actores"
FOLDERS = {"objective": OBJECTIVES_DIR, "country": COUNTRIES_DIR, "actor": ACTORS_DIR}
CONTRIBUTE_PAGE = "contribuir/"
CHANGES_PAGE = "cambios/"
FEED_FILE = "cambios.xml"


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


# Interface text from labels.yml with Markdown in it (the "contribute" link) on HTML pages. Data
# text never comes here: it has its own renderer (text_policy.to_html). Plain words are their own
# HTML; only text with a Markdown sign goes through Python-Markdown, once per build process.
_MARKDOWN_SIGNS = re.compile(r"[*_`\\\[\]<>!]|\n|&(?!(?:amp|lt|gt|quot|#39);)|^\s|\s$|^(?:[-+#>=]|\d+[.)])")


@lru_cache(maxsize=1 << 16)
def markdown_html(text: str, block: bool = False) -> Markup:
    """HTML of one (already HTML-escaped) interface text: a paragraph or more with ``block``, the
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
    """One line of plain text for metadata, feeds and charts (:func:`text_policy.plain`)."""
    return text_policy.plain(str(value))


# --------------------------------------------------------------------------- sparse data (issue #10)
# Pages must read as finished with six objectives and with a thousand: a breakdown whose bars
# are all zero but one says nothing a sentence cannot, and a list of identical "pending" rows
# says less than one line counting them.

MIN_BARS = 2  # a chart (or count table) is drawn only when at least this many categories are non-zero


PROFILE_METRICS = ("number", "share-of-firms", "share-of-employment", "exports")  # what a country profile answers


def _spoken_list(items: list[str], lang: str) -> str:
    """``a, b and c`` in the page's language; ``""`` for no items."""
    if len(items) <= 1:
        return "".join(items)
    return label("list_and", lang, head=", ".join(items[:-1]), last=items[-1])


def informative(rows: list[tuple[str, int]]) -> bool:
    """Whether a breakdown ``[(label, count), …]`` is worth a chart: at least :data:`MIN_BARS`
    categories hold objectives and not every category holds the same number (equal bars draw no
    picture either). Otherwise :func:`breakdown_sentence` says the same in words."""
    counts = [count for _, count in rows]
    return sum(1 for count in counts if count) >= MIN_BARS and len(set(counts)) > 1


def _quoted_list(names: list[str], lang: str) -> str:
    quoted = [label("quoted", lang, text=name) for name in names]
    if len(quoted) <= 1:
        return "".join(quoted)
    return label("list_join", lang, head=", ".join(quoted[:-1]), last=quoted[-1])


def breakdown_sentence(rows: list[tuple[str, int]], lang: str) -> str:
    """One sentence for a breakdown too thin to draw: where the objectives are, and where none is.
    ``rows`` are ``(label, count)``; the sentence is in ``lang``, its words from labels.yml."""
    total = sum(count for _, count in rows)
    full = [(name, count) for name, count in rows if count]
    empty = [name for name, count in rows if not count]
    if total == 0:
        return label("breakdown_none", lang)
    if len(full) == len(rows) > 1 and len({count for _, count in full}) == 1:
        count = full[0][1]
        objectives = label("objective_count_one", lang) if count == 1 else label("objective_count", lang, n=count)
        return label("breakdown_equal", lang, count=objectives,
                     where=_spoken_list([label("quoted", lang, text=name) for name, _ in full], lang))
    if len(full) == 1:
        key = "breakdown_all_one" if total == 1 else "breakdown_all"
        text = label(key, lang, n=total, where=_quoted_list([full[0][0]], lang))
    else:
        text = label("breakdown_some", lang, n=total, parts="; ".join(
            label("breakdown_part", lang, n=count, where=_quoted_list([name], lang)) for name, count in full))
    if empty:
        text += " " + label("breakdown_empty", lang, where=_quoted_list(empty, lang))
    return text


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

    def __init__(self, roadmap: Roadmap, today: dt.date | None = None, translations: Report | None = None):
        self.roadmap = roadmap
        # stale translations (roadmap/translations.py): their text carries a badge, and the
        # translation-status page lists them
        self.translations = translations
        self._stale: dict[Text, str] = translations.stale_texts() if translations else {}
        self._abbreviations: dict[str, dict[str, str]] = {}  # glossary tooltips, by language
        self._glossaries: dict[str, Glossary] = {}
        # the day statuses are computed for (ROADMAP_TODAY when set; else Mexico City's date, issue #19)
        self.today = today or progress.today()
        # the published address (macros/ sets mkdocs.yml's site_url): permanent addresses in citations
        self.site_url = ""
        self._page_dates: dict[tuple[str, str], str | None] | None = None
        self.env = Environment(
            loader=PackageLoader("roadmap", "templates"),
            autoescape=True,  # data text is shown as text: HTML in the YAML never reaches the page
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=compiled_templates.cache("roadmap"),  # compiled once per process
        )
        self.env.filters["cell"] = _cell
        self.env.filters["plain"] = _plain
        self.env.filters["attribute"] = text_policy.attribute  # a data value (a URL) in an attribute
        # a data text already chosen in one language (headings), through the text policy
        self.env.filters["inline_text"] = lambda value: text_policy.to_html(str(value))
        self.env.filters["day"] = format_day
        self.env.filters["atom_date"] = _atom_date
        self.env.globals["informative"] = informative
        self.env.globals["breakdown_sentence"] = breakdown_sentence
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

        def t(value: Text | None, block: bool = False, html_block: bool = False, in_link: bool = False) -> Markup:
            """Localized data text as HTML, only through the text policy (escaped, sanitised with
            nh3, inert to Markdown and Jinja); a missing translation shows the other language,
            marked as such. ``block``: paragraphs separated by blank lines, for Markdown to wrap
            (and give acronyms their tooltips); ``html_block``: ``<p>`` elements, inside raw HTML;
            ``in_link``: the text of a link, so its own links show as their labels (trust review:
            the checker refuses them in titles and names; this is the defence behind it)."""
            if value is None:
                return Markup("")
            key = ("t", value, lang, base, block, html_block or (html and block), in_link)
            if key not in memo:
                memo[key] = localized(value, block, html_block or (html and block), in_link)
            return memo[key]

        def localized(value: Text, block: bool, html_block: bool, in_link: bool = False) -> Markup:
            text, fallback = value.get(lang)
            if in_link:
                shown = text_policy.to_html(text, base, links=False)
            elif html_block:
                shown = text_policy.to_html(text, base, block=True)
            elif block:
                shown = Markup("\n\n").join(text_policy.to_html(p, base) for p in text_policy.paragraphs(text))
            else:
                shown = text_policy.to_html(text, base)
            if fallback is None and self._stale.get(value) == lang:
                return Markup('{} <span class="translation-pending__badge translation-stale__badge" lang="{}">({})</span>').format(
                    shown, lang, label("translation_stale", lang))
            if fallback is None:
                return shown
            notice = label("translation_pending", lang)
            if html_block:
                return Markup('<div class="translation-pending" lang="{}">\n{}\n'
                              '<p class="translation-pending__notice" lang="{}">{} — {}</p>\n</div>').format(
                    fallback, shown, lang, notice, label("shown_in", lang, language=label(f"language_{fallback}", lang)))
            if block:
                return Markup('<div class="translation-pending" lang="{}" markdown>\n\n{}\n\n'
                              '<p class="translation-pending__notice" lang="{}">{} — {}</p>\n</div>').format(
                    fallback, shown, lang, notice, label("shown_in", lang, language=label(f"language_{fallback}", lang)))
            return Markup('<span lang="{}">{}</span> <span class="translation-pending__badge" lang="{}">({})</span>').format(
                fallback, shown, lang, notice)

        def link(kind: str, key: str) -> str:
            return f"{base}{FOLDERS[kind]}/{key.lower()}/"

        def cite(source_id: str) -> Markup:
            """A link to the source: an HTML ``<a>`` whose ``href`` is the checked URL, escaped as an
            attribute, never pasted into Markdown link syntax."""
            source = roadmap.sources[source_id]
            # an undated page (issue #10) is cited "n.d."
            when = format_day(source.date, lang) if source.date else label("undated", lang)
            return Markup('<a href="{}">{}, {}</a>').format(text_policy.attribute(source.url), t(source.publisher, in_link=True), when)

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
                if name.endswith(")"):  # "… (Federation of Chilean Industry)": one pair of brackets
                    name = Markup("{}, {})").format(Markup(name.removesuffix(")")), t(actor.abbr))  # still escaped
                else:
                    name = Markup("{} ({})").format(name, t(actor.abbr))
            if not linked:
                return name
            return Markup('<a href="{}">{}</a>' if html else "[{1}]({0})").format(link("actor", actor_id), name)

        def source_kind(source_id: str, every: bool = False) -> Markup:
            """A press source is always labelled; with ``every``, primary and secondary ones too."""
            kind = roadmap.sources[source_id].kind
            if kind is None or (kind != "press" and not every):
                return Markup("")
            return Markup(' <span class="source-kind source-kind--{}">{}</span>').format(kind, label(f"source_kind_{kind}", lang))

        def status_badge(status_id: str) -> Markup:
            key = ("status", status_id, lang, html)
            if key not in memo:
                memo[key] = Markup('<span class="status-badge status-badge--{}">{}</span>').format(
                    status_id, t(roadmap.statuses[status_id].label))
            return memo[key]

        def h(key: str, **values: Any) -> Markup:
            """An interface text whose fields are HTML (``Markup``); the rest of it escaped."""
            return Markup(escape(labels()[key][lang])).format(**values)

        contribute = label("contribute", lang, href=f"{base}{CONTRIBUTE_PAGE}")
        if html:
            contribute = markdown_html(contribute)
        return self.env.get_template(template).make_module(dict(
            roadmap=roadmap, lang=lang, base=base, t=t, link=link, cite=cite, actor_name=actor_name,
            status_badge=status_badge, source_kind=source_kind, _=lambda key, **v: label(key, lang, **v),
            contribute=contribute, sides=SIDES, html=html, h=h, **self._record_context(lang), **context))

    def _record_context(self, lang: str) -> dict[str, Any]:
        """What the templates of issue #19 use: history entries by what they are, and statuses that
        depend on today (each pending milestone's last day, the day they are given for)."""
        today = self.today.isoformat()
        return dict(
            entry_key=progress.entry_key, due_counts=progress.due_counts,
            last_day=lambda value: progress.as_date(value).isoformat(),
            is_overdue=lambda milestone: progress.overdue(milestone, self.today),
            as_of=Markup('<time data-as-of datetime="{}">{}</time>').format(today, format_day(today, lang)))

    def objectives_table(self, lang: str, base: str = "", **filters: str | None) -> str:
        """Objectives matching ``filters``. A horizon or status column whose every row would read the
        same is left out, and one line above the table says that value once (issue #10)."""
        objectives = self.select(**filters)
        show, uniform = _columns(filters), []
        if len(objectives) > 1:
            for column, value_of, name_of in (
                    ("horizon", lambda o: o.horizon,
                     lambda key: self.roadmap.horizons[key].label(lang) if key else label("horizon_pending", lang)),
                    ("status", lambda o: o.status, lambda key: self.roadmap.statuses[key].label(lang))):
                values = {value_of(o) for o in objectives}
                if column in show and len(values) == 1:
                    show = show - {column}
                    uniform.append(label(f"uniform_{column}", lang, value=label("quoted", lang, text=name_of(values.pop()))))
        note = label("uniform_rows", lang, parts=_spoken_list(uniform, lang)) if uniform else ""
        return self._render("objectives_table.md.j2", lang, base, objectives=objectives, show=show, uniform=note)

    def objectives_by_horizon(self, lang: str, base: str = "", heading_level: int = 2, **filters: str | None) -> str:
        groups = [(h.label(lang), self.select(horizon=h.id, **filters)) for h in self.roadmap.horizons.values()]
        groups.append((label("horizon_pending", lang), self.select(horizon="none", **filters)))
        return self._render("objectives_by_horizon.md.j2", lang, base, groups=groups,
                            hashes="#" * heading_level, show=_columns(filters) - {"horizon"})

    # Generated pages show only the sections their data fills; what is not known yet is said once,
    # in one place (`pending`: the missing items, in words), with the way to contribute (issue #10).

    def objective_page(self, lang: str, objective_id: str, base: str = "../../") -> PageHTML:
        o = self.roadmap.objectives[objective_id]
        missing = [key for key, known in (("missing_horizon", o.horizon), ("missing_owners", o.actors()),
                                          ("missing_milestones", o.milestones), ("missing_indicators", o.indicators))
                   if not known]
        return self._page("objective_page.html.j2", lang, base, o=o, pending=_spoken_list([label(k, lang) for k in missing], lang),
                          citation=self.citation("objective", objective_id, lang))

    def country_page(self, lang: str, code: str, base: str = "../../") -> PageHTML:
        """A country's page: its MSMEs in figures, the OECD's findings, its part in the record, then
        the objectives specific to it (those shared by every country are counted, not listed again)
        and its institutions."""
        country = self.roadmap.countries[code]
        actors = [a for a in self.roadmap.actors.values() if a.country == code]
        objectives = self.select(country=code)
        shared = [o for o in objectives if o.all_countries]
        specific = [o for o in objectives if not o.all_countries]
        metrics = {figure.metric for figure in country.msmes}
        missing = [f"missing_{metric}" for metric in PROFILE_METRICS if metric not in metrics]
        missing += [key for key, known in (("missing_oecd", country.oecd_findings), ("missing_record", country.facts),
                                           ("missing_objectives", objectives), ("missing_actors", actors)) if not known]
        cited = {figure.source for figure in country.msmes} | {f.source for f in country.oecd_findings} \
            | {fact.source for fact in country.facts}
        return self._page("country_page.html.j2", lang, base, country=country, actors=actors, shared=shared,
                          specific=specific, show=_columns({"country": code}), sources_count=len(cited),
                          dimensions=self.roadmap.methodology.dimensions if self.roadmap.methodology else {},
                          pending=_spoken_list([label(k, lang) for k in missing], lang), citation=self.citation("country", code, lang))

    def actor_page(self, lang: str, actor_id: str, base: str = "../../") -> PageHTML:
        involvements = progress.involvements(self.roadmap, actor_id)
        objectives = list({i.objective.id: i.objective for i in involvements}.values())
        return self._page("actor_page.html.j2", lang, base, actor=self.roadmap.actors[actor_id],
                          involvements=involvements, due=progress.milestones(self.roadmap, self.today, objectives),
                          citation=self.citation("actor", actor_id, lang))

    # ------------------------------------------------------------------ a record people can cite (issue #19)

    def page_dates(self) -> dict[tuple[str, str], str | None]:
        """When each generated page's content last changed (roadmap/dates.py), computed once."""
        if self._page_dates is None:
            self._page_dates = dates.page_dates(self.roadmap)
        return self._page_dates

    def language_root(self, lang: str) -> str:
        """The language's absolute root: the site's address, then ``en/`` for English."""
        return f"{self.site_url}{'' if lang == LANGS[0] else lang + '/'}"

    def citation(self, kind: str, key: str, lang: str) -> citations.Citation:
        title = {"objective": lambda: self.roadmap.objectives[key].title, "country": lambda: self.roadmap.countries[key].name,
                 "actor": lambda: self.roadmap.actors[key].name}[kind]()
        when = self.page_dates()[(kind, key)]
        return citations.citation(_plain(title(lang)), f"{self.language_root(lang)}{FOLDERS[kind]}/{key.lower()}/", when,
                                  format_day(when, lang) if when else None, f"{FOLDERS[kind]}-{key.lower()}-{lang}", lang)

    def redirect_pages(self, lang: str) -> dict[str, str]:
        """A page at each former address of each objective, under the language's root (see
        templates/redirect.html.j2): ``{"objetivos/<old>/index.html": html}``."""
        pages = {}
        for o in self.roadmap.objectives.values():
            for old in o.former_ids:
                pages[f"{OBJECTIVES_DIR}/{old}/index.html"] = self._render(
                    "redirect.html.j2", lang, "../../", title=_plain(o.title(lang)), target=f"../{o.id}/",
                    canonical=f"{self.language_root(lang)}{OBJECTIVES_DIR}/{o.id}/", site_name=_plain(self.roadmap.short_title(lang)))
        return pages

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
        # a chart is drawn only when it shows something a sentence cannot (see informative())
        sentences = {field: None if informative([(n, c) for n, c, _ in rows[field]])
                     else breakdown_sentence([(n, c) for n, c, _ in rows[field]], lang) for field in rows}
        due = progress.milestones(r, self.today)
        return self._render("dashboard.md.j2", lang, base, compact=compact, total=len(r.objectives),
                            by_status=rows["status"], by_horizon=rows["horizon"], by_theme=rows["theme"],
                            by_country=rows["country"], due=due, overdue=[d for d in due if d.overdue],
                            sentences=sentences)

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
        def feed_entry_id(change: progress.Change) -> str:
            return citations.feed_entry_id(root_url, lang, OBJECTIVES_DIR, change.objective.first_id, change.key)

        return self._render("atom_feed.xml.j2", lang, changes=progress.changes(self.roadmap), root_url=root_url,
                            feed_path=FEED_FILE, changes_path=CHANGES_PAGE, objectives_dir=OBJECTIVES_DIR,
                            feed_entry_id=feed_entry_id)

    def printable_roadmap(self, lang: str, base: str = "") -> str:
        """The whole roadmap on one page: by horizon, then by theme, with leads and status."""
        groups = []
        for heading, horizon in ([(h.label(lang), h.id) for h in self.roadmap.horizons.values()]
                                 + [(label("horizon_pending", lang), progress.HORIZON_PENDING)]):
            in_horizon = self.select(horizon=horizon)
            themes = [(theme, [o for o in in_horizon if o.theme == key]) for key, theme in self.roadmap.themes.items()]
            groups.append((heading, [(theme, objectives) for theme, objectives in themes if objectives]))
        return self._render("printable_roadmap.md.j2", lang, base, groups=groups,
                            owners_known=any(o.actors() for o in self.roadmap.objectives.values()))

    def themes_table(self, lang: str, base: str = "") -> str:
        counts = {theme: len(self.select(theme=theme)) for theme in self.roadmap.themes}
        return self._render("themes_table.md.j2", lang, base, counts=counts)

    def horizons_overview(self, lang: str, base: str = "") -> str:
        rows = [(h.label(lang), len(self.select(horizon=h.id))) for h in self.roadmap.horizons.values()]
        rows.append((label("horizon_pending", lang), len(self.select(horizon="none"))))
        sentence = None if informative(rows) else breakdown_sentence(rows, lang)
        return self._render("horizons_overview.md.j2", lang, base, rows=rows, sentence=sentence)

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
        # with no lead/support in the data, the table says how the institution takes part (its
        # sourced `role`) rather than showing 0 / 0 beside prose that names its part (issue #10)
        return self._render("actors_table.md.j2", lang, base, counts=counts)

    def sources_list(self, lang: str, base: str = "") -> str:
        """Every source, oldest first; undated pages last, by publisher."""
        dated = sorted((s for s in self.roadmap.sources.values() if s.date), key=lambda s: s.date)
        undated = sorted((s for s in self.roadmap.sources.values() if not s.date), key=lambda s: s.publisher(lang))
        return self._render("sources_list.md.j2", lang, base, sources=dated + undated)

    def key_figures(self, lang: str, base: str = "") -> str:
        return self._render("key_figures.md.j2", lang, base)

    def timeline(self, lang: str, base: str = "") -> str:
        return self._render("timeline.md.j2", lang, base)

    def pillars_list(self, lang: str, base: str = "") -> str:
        """The pillars whose names are recorded, then one line counting those still pending."""
        known = [p for p in self.roadmap.pillars if p.name]
        return self._render("pillars_list.md.j2", lang, base, known=known,
                            pending=len(self.roadmap.pillars) - len(known))

    def methodology_dimensions(self, lang: str, base: str = "") -> str:
        """The OECD index's dimensions (pilot last), each with the countries whose findings name it."""
        methodology = self.roadmap.methodology
        if methodology is None:
            return ""
        named = {key: [c for c in self.roadmap.countries.values()
                       if any(key in f.dimensions for f in c.oecd_findings)] for key in methodology.dimensions}
        # the report's edition in the page's language, when the data lists one (its URL says which)
        sources = [key for key in methodology.sources if f"/{lang}/" in self.roadmap.sources[key].url] \
            or list(methodology.sources)
        return self._render("methodology_dimensions.md.j2", lang, base, methodology=methodology, named=named,
                            sources=sources)

    def statuses_table(self, lang: str, base: str = "") -> str:
        return self._render("statuses_table.md.j2", lang, base)

    def glossary_table(self, lang: str, base: str = "") -> str:
        return self._render("glossary_table.md.j2", lang, base)

    def downloads_table(self, lang: str, base: str = "") -> str:
        """The open-data files of this language, at their stable URLs."""
        return self._render("downloads_table.md.j2", lang, base, downloads=export.DOWNLOADS,
                            folder=export.DOWNLOADS_DIR, separator=export.LIST_SEPARATOR.strip())

    def translation_status(self, lang: str, base: str = "") -> str:
        """Every stale and missing translation: pages, then data texts, with where to fix each."""
        entries = self.translations.entries if self.translations else ()

        def url(target: str, path: str) -> str:
            """The page ``path`` (under a language folder) in language ``target``, from this page;
            the first language is at the site root, the others in a folder named after them."""
            root = base + ("" if lang == LANGS[0] else "../")
            page = path.removesuffix(".md").removesuffix("index").rstrip("/")
            return f"{root}{'' if target == LANGS[0] else target + '/'}{page + '/' if page else ''}"

        return self._render("translation_status.md.j2", lang, base, entries=entries, url=url, folders=FOLDERS)

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
