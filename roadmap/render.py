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
from typing import TYPE_CHECKING, Any, Callable

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from markupsafe import Markup

from . import compiled_templates, progress, text_policy
from .model import Objective, Roadmap, Text
from .page_html import Glossary
from .render_pages import GeneratedPages
from .render_progress import Progress
from .render_record import Record
from .render_tables import Tables
from .render_text import Filters, atom_date, breakdown_sentence, cell, collation_key, format_day, informative, plain
from .template_context import TemplateContext

if TYPE_CHECKING:
    from .translations import Report


class Renderer(Tables, Progress, GeneratedPages, Record):
    """Renders tables and whole pages for one roadmap: the listings (:mod:`roadmap.render_tables`),
    the progress pages and feed (:mod:`roadmap.render_progress`), the generated pages
    (:mod:`roadmap.render_pages`) and what makes them citable (:mod:`roadmap.render_record`), each
    template with :class:`~roadmap.template_context.TemplateContext`."""

    def __init__(self, roadmap: Roadmap, today: dt.date | None = None, translations: Report | None = None):
        self.roadmap = roadmap
        # stale translations (roadmap/translations.py): their text carries a badge, and the
        # translation-status page lists them
        self.translations = translations
        self._stale: dict[Text, str] = translations.stale_texts() if translations else {}
        self._abbreviations: dict[str, dict[str, str]] = {}  # glossary tooltips, by language
        self._glossaries: dict[str, Glossary] = {}
        # the day statuses are computed for (ROADMAP_TODAY when set, else Mexico City's date): milestones before it are overdue
        self.today = today or progress.today()
        # the published address (macros/ sets mkdocs.yml's site_url): permanent addresses in citations (issue #19)
        self.site_url = ""
        self._page_dates: dict[tuple[str, str], str | None] | None = None
        # by language, roadmap/page_inputs.py's Inputs of this renderer, in a `mkdocs serve`
        # rebuild (macros/incremental.py sets them): listings' rows kept (roadmap/kept_rows.py)
        self.row_inputs: dict[str, Any] = {}
        self.env = Environment(
            loader=PackageLoader("roadmap", "templates"),
            autoescape=True,  # data text is shown as text: HTML in the YAML never reaches the page
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=compiled_templates.cache("roadmap"),  # compiled once per process
        )
        self.env.filters["cell"] = cell
        self.env.filters["plain"] = plain
        self.env.filters["attribute"] = text_policy.attribute  # a data value (a URL) in an attribute
        # a data text already chosen in one language (headings), through the text policy
        self.env.filters["inline_text"] = lambda value: text_policy.to_html(str(value))
        self.env.filters["day"] = format_day
        self.env.filters["collation_key"] = collation_key
        self.env.filters["atom_date"] = atom_date
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
        values = TemplateContext(self, lang, base, template.endswith(".html.j2")).values(**context)
        return self.env.get_template(template).make_module(values)

    def abbreviations(self, lang: str) -> dict[str, str]:
        """Glossary tooltips of a language: {word as written: its definition, plain text}.

        Tooltips match whole words with their case, so each term also covers its plural and, for
        a word that is not an all-capitals acronym, its lower-case forms: "Pyme" covers "pymes".
        Computed once per language; Markdown pages get it as the ``abbr`` extension's glossary
        (macros/listings.py), generated pages through :meth:`glossary_pattern`."""
        if lang in self._abbreviations:
            return self._abbreviations[lang]
        terms = {term(lang): plain(definition(lang)) for term, definition in self.roadmap.glossary}
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
