"""Hook: the pages generated from the data, one per objective, country and institution, as HTML
straight from the templates (:class:`GeneratedPage`: no Markdown, so neither Python-Markdown nor
mkdocs-macros ever sees data text), dated by their data; the downloads, the change feed and a
page at each former address of a renamed objective (issue #19), in the language being built.

Events: ``on_files``, to add them to the language's files (after mkdocs-static-i18n has rebuilt
the list); ``on_page_context``, for the change feed's ``<link rel="alternate">`` in every page's head
and, on the data page, the downloads described as a schema.org ``Dataset`` (JSON-LD, issue #20).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePath
from typing import Any, Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_build_date

from macros import incremental, languages, site
from macros.data_lines import data_line, render_entry
from roadmap import dates, export
from roadmap.messages import message
from roadmap.project import LANGS
from roadmap.page_html import PageHTML
from roadmap.render import Renderer
from roadmap.render_text import FEED_FILE, OBJECTIVES_DIR, label

# --------------------------------------------------------------------------- generated pages
# An objective's, country's or institution's page is HTML from roadmap/render_pages.py, with its table
# of contents: MkDocs' Page with its two Markdown steps replaced. Only `read_source` and `render`
# change (MkDocs 1.6 calls them from `_populate_page`, between the page events, which still run);
# the page's Markdown is empty, so neither Python-Markdown nor mkdocs-macros ever sees data text.

# {(site_url, page URL): (canonical_url, abs_url)}: MkDocs' urljoin and urlsplit of each generated
# page's address, the same at every `mkdocs serve` rebuild (issue #21: 5% of a rebuild at 1,000 objectives)
_canonical: dict[tuple[str | None, str], tuple[str | None, str | None]] = {}


class GeneratedPage(Page):
    def _set_canonical_url(self, base: str | None) -> None:
        key = (base, self.url)
        found = _canonical.get(key)
        if found is None:
            super()._set_canonical_url(base)
            if len(_canonical) > 100_000:  # pages of data long gone
                _canonical.clear()
            found = _canonical[key] = (self.canonical_url, self.abs_url)
        self.canonical_url, self.abs_url = found

    def _set_edit_url(self, repo_url: str | None, edit_uri: str | None = None, edit_uri_template: str | None = None) -> None:
        self.edit_url = None  # the page's entry in the data file, set by __init__

    def __init__(self, file: File, config: MkDocsConfig, renderer: Renderer, kind: str, key: str, lang: str,
                 build_date: str | None = None) -> None:
        if build_date is None:
            super().__init__(None, file, config)
        else:
            self._page_init(file, config, build_date)
        self.source_key = (kind, key, lang)
        self.renderer = renderer
        # the edit button opens the page's entry in the data file
        self.edit_url = f"{config.repo_url.rstrip('/')}/blob/main/data/objectives.yml#L{renderer.page_line(kind, key)}"
        self.rendered: PageHTML | None = None

    def _page_init(self, file: File, config: MkDocsConfig, build_date: str) -> None:
        """MkDocs 1.6's ``Page.__init__`` (no title) with the build's date, ``get_build_date()``,
        given: it looks ``SOURCE_DATE_EPOCH`` up and formats the day for each page (issue #21: half
        of the 2,120 generated pages' ``Page.__init__`` in a `mkdocs serve` rebuild at 1,000
        objectives). tests/test_kept_between_builds.py checks the page is the one Page.__init__ makes."""
        file.page = self
        self.file = file
        self.children = self.previous_page = self.next_page = None
        self.active = False
        self.update_date = build_date
        self._set_canonical_url(config.get("site_url", None))
        self._set_edit_url(config.get("repo_url", None), config.get("edit_uri"), config.get("edit_uri_template"))
        self.markdown = self._title_from_render = self.content = None
        self.toc = []  # type: ignore[assignment]
        self.meta = {}

    def date(self) -> None:
        """The sitemap's <lastmod>: when the page's data last changed, never the build day (issue
        #19). Known before the page is read: the sitemap is written before the pages are."""
        kind, key, _ = self.source_key
        self.update_date = dates.as_lastmod(self.renderer.page_dates()[(kind, key)])

    def read_source(self, config: MkDocsConfig) -> None:
        kind, key, lang = self.source_key
        self.rendered = render_entry(config, self.renderer, kind, key, lang)
        self.date()
        self.markdown = ""
        self.meta = {"title": self.rendered.title, "description": self.rendered.description, "render_macros": False}

    def render(self, config: MkDocsConfig, files: Files) -> None:
        rendered, self.rendered = self.rendered, None  # held by the page's content alone from here
        assert rendered is not None, "read_source() comes first"
        self.content = rendered.html
        self.toc = get_toc(rendered.toc)
        self.present_anchor_ids = set(rendered.anchors)
        self.links_to_anchors = {}  # links are final URLs (roadmap/render.py); tests/test_links.py checks them


def page_files(config: MkDocsConfig) -> Callable[[str], File]:
    """What ``File.generated(config, src_uri, content="", inclusion=NOT_IN_NAV)`` gives, made for
    thousands of pages a build: a copy of one such file's attributes with the page's ``src_uri``
    (issue #21: MkDocs normalises each path with ``PurePath``: 20 ms of a `mkdocs serve` rebuild
    at 1,000 objectives went into these files). tests/test_kept_between_builds.py checks that the
    files are those File.generated makes."""
    model = vars(File.generated(config, "page.md", content="", inclusion=InclusionLevel.NOT_IN_NAV))

    def make(src_uri: str) -> File:
        file = object.__new__(File)
        vars(file).update(model)
        file.src_uri = _posix(src_uri)  # File.__init__'s src_path setter
        return file

    return make


@lru_cache(maxsize=1 << 15)
def _posix(path: str) -> str:
    return PurePath(path).as_posix()


# After mkdocs-static-i18n's on_files (-100): it rebuilds every File from disk and would drop
# generated ones, and it decides which language this build is.
@event_priority(-110)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    i18n = languages.i18n(config)
    lang = i18n.current_language
    _, renderer = site(config.config_file_path)
    prefixes = {other: languages.prefix(config, other) for other in LANGS}
    page_file = page_files(config)
    build_date = get_build_date()  # each page's update_date until it is dated (GeneratedPage.date)
    for kind, key in renderer.generated_pages():
        path = renderer.page_path(kind, key)
        alternates = {}
        for other in LANGS:
            # the file of each language; only this build's one is written
            file = page_file(f"{other}/{path}")
            file.dest_uri = languages.dest_uri(config, other, path, prefixes[other])
            file.locale = file.localization = other
            file.locale_alternate_of = other
            file.norm_src_uri = path
            file.roadmap_page = (kind, key)
            alternates[other] = file
        for file in alternates.values():
            file.alternates = alternates
        GeneratedPage(alternates[lang], config, renderer, kind, key, lang, build_date)
        files.append(alternates[lang])
    # downloads and the change feed, at stable URLs under the language root
    roadmap = renderer.roadmap
    root_url = f"{config.site_url}{languages.prefix(config, lang)}"
    with data_line(config, 1, message("build_downloads")):
        incremental.prepare(renderer, lang, config)  # the feed's entries kept between serve builds
        published = export.published_files(roadmap, lang, root_url, OBJECTIVES_DIR)
        published[FEED_FILE] = incremental.kept_text("feed", renderer, lang, config,
                                                     lambda: renderer.atom_feed(lang, root_url), root_url)
        # a page at each former address of a renamed objective, in this language (issue #19)
        published.update(renderer.redirect_pages(lang))
    for path, content in published.items():
        file = File.generated(config, f"{lang}/{path}", content=content)
        file.dest_uri = f"{languages.prefix(config, lang)}{path}"
        files.append(file)
    # the sitemap reads this list, which i18n filled before the generated pages existed
    i18n.i18n_files_per_language[lang] = files.documentation_pages()
    return files


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    """The language's change feed, for the `<link rel="alternate">` in every page's head."""
    roadmap, _ = site(config.config_file_path)
    lang = languages.i18n(config).current_language
    prefix = languages.prefix(config, lang)
    context["roadmap_feed"] = {"path": f"{prefix}{FEED_FILE}",
                               "title": f"{roadmap.short_title(lang)} — {label('changes_title', lang)}"}
    if page.url == prefix + export.DATA_PAGE:  # overrides/main.html writes it into the head
        context["roadmap_dataset"] = export.dataset_jsonld(roadmap, lang, f"{config.site_url}{prefix}")
    return context
