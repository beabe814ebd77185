"""The tables and listings the hand-written pages call (``{{ objectives_table(...) }}`` and
the like): Markdown (``*.md.j2``), long listings as raw HTML, with links as final URLs.

Takes the roadmap (through :class:`~roadmap.render.Renderer`, which these methods are part of),
the page's language and ``base``; gives Markdown text.
"""

from __future__ import annotations

from typing import Any

from . import export, progress
from .model import Roadmap
from .project import LANGS
from .render_text import (FOLDERS, breakdown_sentence, columns, format_day, informative, label,
                          spoken_list)


class Tables:
    """The listings of :class:`~roadmap.render.Renderer` (a mixin: ``self`` is the renderer)."""

    roadmap: Roadmap
    select: Any
    _render: Any

    def objectives_table(self, lang: str, base: str = "", **filters: str | None) -> str:
        """Objectives matching ``filters``. A horizon or status column whose every row would read the
        same is left out, and one line above the table says that value once (issue #10)."""
        objectives = self.select(**filters)
        show, uniform = columns(filters), []
        if len(objectives) > 1:
            for column, value_of, name_of in (
                    ("horizon", lambda o: o.horizon,
                     lambda key: self.roadmap.horizons[key].label(lang) if key else label("horizon_pending", lang)),
                    ("status", lambda o: o.status, lambda key: self.roadmap.statuses[key].label(lang))):
                values = {value_of(o) for o in objectives}
                if column in show and len(values) == 1:
                    show = show - {column}
                    uniform.append(label(f"uniform_{column}", lang, value=label("quoted", lang, text=name_of(values.pop()))))
        note = label("uniform_rows", lang, parts=spoken_list(uniform, lang)) if uniform else ""
        return self._render("objectives_table.md.j2", lang, base, objectives=objectives, show=show, uniform=note)

    def objectives_by_horizon(self, lang: str, base: str = "", heading_level: int = 2, **filters: str | None) -> str:
        groups = [(h.label(lang), self.select(horizon=h.id, **filters)) for h in self.roadmap.horizons.values()]
        groups.append((label("horizon_pending", lang), self.select(horizon="none", **filters)))
        return self._render("objectives_by_horizon.md.j2", lang, base, groups=groups,
                            hashes="#" * heading_level, show=columns(filters) - {"horizon"})

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
        # counted in one pass, not by a Jinja filter over every objective for each status (issue #21)
        return self._render("statuses_table.md.j2", lang, base,
                            status_counts=dict(progress.count_by(self.roadmap, "status")))

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
