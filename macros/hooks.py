"""MkDocs hooks: wire the data into the build. The one module besides ``macros`` that imports MkDocs.

- ``on_config``: validate the data before anything is built (nothing half-built is published),
  take the site name and footer from the data and the labels, and unhook Material's indexer;
- ``on_files``: add a page per objective, country and institution, and the downloads and the
  change feed, in the language being built;
- ``on_nav``: translate the nav's section titles (keys of ``roadmap/labels.yml``);
- ``on_page_markdown``: append the glossary as abbreviations, and point the edit button of a
  generated page at its entry in ``data/objectives.yml``;
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

from markupsafe import escape

from macros import data_file, page_language, site
from roadmap import export, search, text_policy
from roadmap.model import LANGS, DataError, display_path
from roadmap.render import FEED_FILE, OBJECTIVES_DIR, label


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
    material_search = config.plugins.get("material/search")
    if material_search is not None and config.extra.get("search_engine", "pagefind") == "pagefind":
        # Pagefind indexes the built site (roadmap/search.py). Material's search box stays, but
        # its indexer would parse every page for an index nobody reads: a quarter of the build
        # at 1,000 objectives. Unhooking it is the one way: `enabled: false` also hides the box.
        handlers = config.plugins.events["page_context"]
        if material_search.on_page_context in handlers:
            handlers.remove(material_search.on_page_context)
    return config


# After mkdocs-static-i18n's on_files (-100): it rebuilds every File from disk and would drop
# generated ones, and it decides which language this build is.
@event_priority(-110)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    i18n = _i18n(config)
    lang = i18n.current_language
    _, renderer = site(config.config_file_path)
    for kind, key in renderer.generated_pages():
        path = renderer.page_path(kind, key)
        alternates = {}
        for other in LANGS:
            # the file of each language; only this build's one is written
            content = _render_entry(config, renderer, kind, key, other) if other == lang else ""
            file = File.generated(config, f"{other}/{path}", content=content, inclusion=InclusionLevel.NOT_IN_NAV)
            file.dest_uri = _dest_uri(config, other, path)
            file.locale = file.localization = other
            file.locale_alternate_of = other
            file.norm_src_uri = path
            file.roadmap_page = (kind, key)
            alternates[other] = file
        for file in alternates.values():
            file.alternates = alternates
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


def _render_entry(config: MkDocsConfig, renderer: Any, kind: str, key: str, lang: str) -> str:
    with _data_line(config, renderer.page_line(kind, key), f"{kind} '{key}'"):
        return renderer.page(kind, key, lang)


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


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    _, renderer = site(config.config_file_path)
    if page.file.generated_by is not None:
        kind, key = page.file.roadmap_page  # type: ignore[attr-defined]
        page.edit_url = f"{config.repo_url.rstrip('/')}/blob/main/data/objectives.yml#L{renderer.page_line(kind, key)}"
    return markdown + renderer.abbreviations(page_language(page.file.src_uri))


# --------------------------------------------------------------------------- readers: search, 404, robots.txt
# Once every language is built: a Pagefind index per language (roadmap/search.py), the default
# language's 404 page, and robots.txt. `extra.search_engine: material` keeps the stock search,
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
    return output


@event_priority(-120)  # after mkdocs-static-i18n's on_post_build (-100), which builds the other languages
def on_post_build(config: MkDocsConfig) -> None:
    i18n = _i18n(config)
    if i18n.building:  # a language built from inside i18n's on_post_build: wait for the outer one
        return
    site_dir = Path(config.site_dir)
    if _default_404 is not None:
        (site_dir / "404.html").write_text(_default_404, encoding="utf-8")
    if config.extra.get("search_engine", "pagefind") == "pagefind":
        search.write_search(site_dir, tuple(i18n.build_languages))
    (site_dir / "robots.txt").write_text(search.robots_txt(config.site_url), encoding="utf-8")
