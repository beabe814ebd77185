"""The pages generated from the data, one per objective, country and institution: HTML
(``*.html.j2``) with their table of contents (:mod:`roadmap.page_html`), handed to MkDocs as
they are. Each shows only the sections its data fills.

Takes the roadmap (through :class:`~roadmap.render.Renderer`), a page's kind and key and the
language; gives :class:`~roadmap.page_html.PageHTML`, the list of pages, their paths and the
line of their entry in the data file. Each page ends with how to cite it (:mod:`roadmap.render_record`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from markupsafe import escape

from . import progress
from .model import Roadmap
from .page_html import PageHTML, finish_page
from .render_text import FOLDERS, PROFILE_METRICS, columns, label, spoken_list


class GeneratedPages:
    """The generated pages of :class:`~roadmap.render.Renderer` (a mixin: ``self`` is the renderer)."""

    roadmap: Roadmap
    today: dt.date
    select: Any
    _module: Any
    glossary_pattern: Any
    citation: Any  # render_record.Record: each page ends with how to cite it (issue #19)

    # Generated pages show only the sections their data fills; what is not known yet is said once,
    # in one place (`pending`: the missing items, in words), with the way to contribute (issue #10).

    def objective_page(self, lang: str, objective_id: str, base: str = "../../") -> PageHTML:
        o = self.roadmap.objectives[objective_id]
        missing = [key for key, known in (("missing_horizon", o.horizon), ("missing_owners", o.actors()),
                                          ("missing_milestones", o.milestones), ("missing_indicators", o.indicators))
                   if not known]
        return self._page("objective_page.html.j2", lang, base, o=o, pending=spoken_list([label(k, lang) for k in missing], lang),
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
                          specific=specific, show=columns({"country": code}), sources_count=len(cited),
                          dimensions=self.roadmap.methodology.dimensions if self.roadmap.methodology else {},
                          pending=spoken_list([label(k, lang) for k in missing], lang), citation=self.citation("country", code, lang))

    def actor_page(self, lang: str, actor_id: str, base: str = "../../") -> PageHTML:
        involvements = progress.involvements(self.roadmap, actor_id)
        objectives = list({i.objective.id: i.objective for i in involvements}.values())
        return self._page("actor_page.html.j2", lang, base, actor=self.roadmap.actors[actor_id],
                          involvements=involvements, due=progress.milestones(self.roadmap, self.today, objectives),
                          citation=self.citation("actor", actor_id, lang))

    def _page(self, template: str, lang: str, base: str, **context: Any) -> PageHTML:
        module = self._module(template, lang, base, **context)
        return finish_page(str(module), str(escape(module.title)), str(escape(module.description)),
                           self.glossary_pattern(lang), lang)

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
