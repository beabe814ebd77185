"""A record people can cite (issue #19), for :class:`~roadmap.render.Renderer`: when each generated
page's content last changed (:mod:`roadmap.dates`), each page's citation (:mod:`roadmap.citation`)
with its permanent address, and a page at each former address of a renamed objective
(``templates/redirect.html.j2``).

Takes the roadmap and the published address (``site_url``, which macros/ sets from mkdocs.yml);
gives a :class:`~roadmap.citation.Citation` per page and language, and the redirect pages' HTML
by path under a language's root.
"""

from __future__ import annotations

from typing import Any

from . import citation as citations
from . import dates
from .model import Roadmap
from .project import LANGS
from .render_text import FOLDERS, OBJECTIVES_DIR, format_day, plain


class Record:
    """The citable record of :class:`~roadmap.render.Renderer` (a mixin: ``self`` is the renderer)."""

    roadmap: Roadmap
    site_url: str
    _page_dates: dict[tuple[str, str], str | None] | None
    _render: Any

    def page_dates(self) -> dict[tuple[str, str], str | None]:
        """When each generated page's content last changed (roadmap/dates.py), computed once."""
        if self._page_dates is None:
            self._page_dates = dates.page_dates(self.roadmap)
        return self._page_dates

    def data_date(self) -> str | None:
        """The latest date the data records: how new a written page that shows data is."""
        if not hasattr(self, "_data_date"):
            self._data_date = dates.data_date(self.roadmap)
        return self._data_date

    def language_root(self, lang: str) -> str:
        """The language's absolute root: the site's address, then ``en/`` for English."""
        return f"{self.site_url}{'' if lang == LANGS[0] else lang + '/'}"

    def citation(self, kind: str, key: str, lang: str) -> citations.Citation:
        """How to cite a generated page, in ``lang``."""
        r = self.roadmap
        title = {"objective": lambda: r.objectives[key].title, "country": lambda: r.countries[key].name,
                 "actor": lambda: r.actors[key].name}[kind]()
        when = self.page_dates()[(kind, key)]
        return citations.citation(plain(title(lang)), f"{self.language_root(lang)}{FOLDERS[kind]}/{key.lower()}/", when,
                                  format_day(when, lang) if when else None, f"{FOLDERS[kind]}-{key.lower()}-{lang}", lang)

    def redirect_pages(self, lang: str) -> dict[str, str]:
        """A page at each former address of each objective, under the language's root:
        ``{"objetivos/<old>/index.html": html}``, in ``lang``."""
        pages = {}
        for o in self.roadmap.objectives.values():
            for old in o.former_ids:
                pages[f"{OBJECTIVES_DIR}/{old}/index.html"] = self._render(
                    "redirect.html.j2", lang, "../../", title=plain(o.title(lang)), target=f"../{o.id}/",
                    canonical=f"{self.language_root(lang)}{OBJECTIVES_DIR}/{o.id}/",
                    site_name=plain(self.roadmap.short_title(lang)))
        return pages
