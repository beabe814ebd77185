"""MkDocs hooks: wire the data into the build. The one module besides ``macros`` that imports MkDocs.

- ``on_config``: validate the data before anything is built (nothing half-built is published),
  take the site name and footer from the data and the labels, and unhook Material's indexer;
- ``on_files``: add a page per objective, country and institution (:class:`GeneratedPage`: HTML
  straight from the templates, no Markdown), and the downloads and the change feed, in the
  language being built;
- ``on_nav``: translate the nav's section titles (keys of ``roadmap/labels.yml``);
- glossary tooltips, once per language: the ``abbr`` extension's glossary for Markdown pages;
- the "readers" section at the end: the per-language search indexes, the 404 page and
  robots.txt, once every language is built (``roadmap/search.py``, MAINTAINERS.md).
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any, Iterator

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from markupsafe import escape

from macros import data_file, forget_html, parallel, restore_html, serve, site
from roadmap import export, search, text_policy
from roadmap.model import LANGS, DataError, display_path
from roadmap.render import FEED_FILE, OBJECTIVES_DIR, PageHTML, Renderer, label


def _i18n(config: MkDocsConfig) -> Any:
    return config.plugins["i18n"]


def _prefix(config: MkDocsConfig, lang: str) -> str:
    """mkdocs-static-i18n writes the default language at the root, the others in a folder."""
    return "" if lang == _i18n(config).default_language else f"{lang}/"


def _dest_uri(config: MkDocsConfig, lang: str, path: str) -> str:
    stem = PurePosixPath(path).with_suffix("")
    return f"{_prefix(config, lang)}{stem}/index.html" if config.use_directory_urls else f"{_prefix(config, lang)}{stem}.html"


@event_priority(-110)  # after mkdocs-static-i18n's on_config (-100) has set the language
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        roadmap, _ = site(config.config_file_path)
    except DataError as exc:
        raise PluginError(str(exc)) from None
    lang = _i18n(config).current_language
    # Material prints the site name without escaping it: data text arrives escaped, one line
    config.site_name = str(escape(text_policy.plain(roadmap.short_title(lang))))
    config.copyright = label("copyright", lang)
    # Glossary tooltips: Python-Markdown's abbr extension takes a glossary, so Markdown pages get
    # it once per language rather than parsing the definitions appended to each page.
    _, renderer = site(config.config_file_path)
    config.mdx_configs["abbr"] = {"glossary": renderer.abbreviations(lang)}
    material_search = config.plugins.get("material/search")
    if material_search is not None and config.extra.get("search_engine", "pagefind") == "pagefind":
        # Pagefind indexes the built site (roadmap/search.py). Material's search box stays, but
        # its indexer would parse every page for an index nobody reads: a quarter of the build
        # at 1,000 objectives. Unhooking it is the one way: `enabled: false` also hides the box.
        handlers = config.plugins.events["page_context"]
        if material_search.on_page_context in handlers:
            handlers.remove(material_search.on_page_context)
    return config


# --------------------------------------------------------------------------- generated pages
# An objective's, country's or institution's page is HTML from roadmap/render.py, with its table
# of contents: MkDocs' Page with its two Markdown steps replaced. Only `read_source` and `render`
# change (MkDocs 1.6 calls them from `_populate_page`, between the page events, which still run);
# the page's Markdown is empty, so neither Python-Markdown nor mkdocs-macros ever sees data text.

class GeneratedPage(Page):
    def __init__(self, file: File, config: MkDocsConfig, renderer: Renderer, kind: str, key: str, lang: str) -> None:
        super().__init__(None, file, config)
        self.source_key = (kind, key, lang)
        self.renderer = renderer
        # the edit button opens the page's entry in the data file
        self.edit_url = f"{config.repo_url.rstrip('/')}/blob/main/data/objectives.yml#L{renderer.page_line(kind, key)}"
        self.rendered: PageHTML | None = None

    def read_source(self, config: MkDocsConfig) -> None:
        kind, key, lang = self.source_key
        self.rendered = _render_entry(config, self.renderer, kind, key, lang)
        self.markdown = ""
        self.meta = {"title": self.rendered.title, "description": self.rendered.description, "render_macros": False}

    def render(self, config: MkDocsConfig, files: Files) -> None:
        assert self.rendered is not None, "read_source() comes first"
        self.content = self.rendered.html
        self.toc = get_toc(self.rendered.toc)
        self.present_anchor_ids = set(self.rendered.anchors)
        self.links_to_anchors = {}  # links are final URLs (roadmap/render.py); tests/test_links.py checks them


# After mkdocs-static-i18n's on_files (-100): it rebuilds every File from disk and would drop
# generated ones, and it decides which language this build is.
@event_priority(-110)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    i18n = _i18n(config)
    # site_dir is clean by now: the other languages can start building beside this one
    if parallel.wanted(config, i18n):
        parallel.start(config, i18n)
    lang = i18n.current_language
    _, renderer = site(config.config_file_path)
    for kind, key in renderer.generated_pages():
        path = renderer.page_path(kind, key)
        alternates = {}
        for other in LANGS:
            # the file of each language; only this build's one is written
            file = File.generated(config, f"{other}/{path}", content="", inclusion=InclusionLevel.NOT_IN_NAV)
            file.dest_uri = _dest_uri(config, other, path)
            file.locale = file.localization = other
            file.locale_alternate_of = other
            file.norm_src_uri = path
            file.roadmap_page = (kind, key)
            alternates[other] = file
        for file in alternates.values():
            file.alternates = alternates
        GeneratedPage(alternates[lang], config, renderer, kind, key, lang)
        files.append(alternates[lang])
    # downloads and the change feed, at stable URLs under the language root
    roadmap = renderer.roadmap
    root_url = f"{config.site_url}{_prefix(config, lang)}"
    with _data_line(config, 1, "downloads and feed"):
        published = export.published_files(roadmap, lang, root_url, OBJECTIVES_DIR)
        published[FEED_FILE] = renderer.atom_feed(lang, root_url)
    for path, content in published.items():
        file = File.generated(config, f"{lang}/{path}", content=content)
        file.dest_uri = f"{_prefix(config, lang)}{path}"
        files.append(file)
    # the sitemap reads this list, which i18n filled before the generated pages existed
    i18n.i18n_files_per_language[lang] = files.documentation_pages()
    return files


# --------------------------------------------------------------------------- trust: errors name the data line
# A crash while rendering data says which entry of data/objectives.yml it came from, in the
# checker's file:line:col form, which scripts/build_annotated.py turns into a CI annotation.


@contextmanager
def _data_line(config: MkDocsConfig, line: int, what: str) -> Iterator[None]:
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - re-raised as a build error that names the line
        file = display_path(data_file(config.config_file_path))
        raise PluginError(f"a problem in the roadmap data:\n  {file}:{line}:1: error: {what}: could not be rendered "
                          f"({type(exc).__name__}: {exc}); check this entry") from exc


def _render_entry(config: MkDocsConfig, renderer: Renderer, kind: str, key: str, lang: str) -> PageHTML:
    with _data_line(config, renderer.page_line(kind, key), f"{kind} '{key}'"):
        return renderer.page(kind, key, lang)


# --------------------------------------------------------------------------- performance: listings skip Markdown
def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    forget_html()  # listings set aside are the page's own (macros/__init__.py)
    return page


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put back the raw-HTML listings the macros set aside from Python-Markdown."""
    html, ids = restore_html(html)
    if ids and page.present_anchor_ids is not None:
        page.present_anchor_ids |= ids
    return html


@event_priority(-110)  # after mkdocs-static-i18n has built this language's nav
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Section titles in mkdocs.yml are keys of the one translations table, roadmap/labels.yml."""
    lang = _i18n(config).current_language

    def translate(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, Section):
                item.title = label(item.title, lang)
                translate(item.children)

    translate(nav.items)
    return nav


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    """The language's change feed, for the `<link rel="alternate">` in every page's head."""
    roadmap, _ = site(config.config_file_path)
    lang = _i18n(config).current_language
    context["roadmap_feed"] = {"path": f"{_prefix(config, lang)}{FEED_FILE}",
                               "title": f"{roadmap.short_title(lang)} — {label('changes_title', lang)}"}
    return context


# --------------------------------------------------------------------------- readers: search, 404, robots.txt
# Once every language is built (in this process or, macros/parallel.py, in a child): a Pagefind
# index per language (roadmap/search.py), the default language's 404 page, and robots.txt. `extra.search_engine: material` keeps the stock search,
# for scripts/search-bench only.

_default_404: str | None = None


def on_template_context(context: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    if template_name == "404.html":  # the page carries every language: its script swaps these
        roadmap, _ = site(config.config_file_path)
        context["site_names"] = {lang: roadmap.short_title(lang) for lang in LANGS}
        context["copyrights"] = {lang: label("copyright", lang) for lang in LANGS}
    return context


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """GitHub Pages serves one 404.html for every missing URL and the last language built would
    overwrite it: keep the default language's, whose script shows English on /en/ URLs."""
    global _default_404
    i18n = _i18n(config)
    if template_name == "404.html" and i18n.current_language == i18n.default_language:
        _default_404 = output
    parallel.record_template(template_name, output, i18n)
    return output


@event_priority(-120)  # after mkdocs-static-i18n's on_post_build (-100), which builds the other languages
def on_post_build(config: MkDocsConfig) -> None:
    i18n = _i18n(config)
    if parallel.running():  # the other languages are built by a child process: wait for it
        parallel.finish(config, i18n)
    elif i18n.building:  # a language built from inside i18n's on_post_build: wait for the outer one
        return
    site_dir = Path(config.site_dir)
    if _default_404 is not None:
        (site_dir / "404.html").write_text(_default_404, encoding="utf-8")
    if config.extra.get("search_engine", "pagefind") == "pagefind":
        languages = tuple(i18n.build_languages)
        if serve.serving():  # the page reloads now; its search index follows (macros/serve.py)
            serve.in_background(lambda: search.write_search(site_dir, languages))
        else:
            search.write_search(site_dir, languages)
    (site_dir / "robots.txt").write_text(search.robots_txt(config.site_url), encoding="utf-8")


def on_startup(command: str, dirty: bool) -> None:
    serve.command = command


def on_pre_build(config: MkDocsConfig) -> None:
    serve.wait()  # the previous `serve` build's search index, before site_dir is cleaned


def on_build_error(error: Exception) -> None:
    parallel.abort()  # a failed build leaves no process building the other languages behind
