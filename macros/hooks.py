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

from pathlib import Path, PurePosixPath
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from macros import page_language, site
from roadmap import export, search
from roadmap.model import LANGS, DataError
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
    config.site_name = roadmap.short_title(lang)
    config.copyright = label("copyright", lang)
    _theme_strings(config, lang)
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
            file = File.generated(config, f"{other}/{path}", content=renderer.page(kind, key, other) if other == lang else "",
                                  inclusion=InclusionLevel.NOT_IN_NAV)
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
    published = export.published_files(roadmap, lang, root_url, OBJECTIVES_DIR)
    published[FEED_FILE] = renderer.atom_feed(lang, root_url)
    for path, content in published.items():
        file = File.generated(config, f"{lang}/{path}", content=content)
        file.dest_uri = f"{_prefix(config, lang)}{path}"
        files.append(file)
    # the sitemap reads this list, which i18n filled before the generated pages existed
    i18n.i18n_files_per_language[lang] = files.documentation_pages()
    return files


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


# --------------------------------------------------------------------------- readers: the theme's strings and markup
# Every interface string in the page's language, the theme's included. Material translates its
# own labels; these are the ones it takes from the configuration, which is one per site. The
# colour toggle's names are per language in mkdocs.yml (mkdocs-static-i18n's `theme` override).


def _theme_strings(config: MkDocsConfig, lang: str) -> None:
    """Heading anchors' tooltip and the header's repository link, from roadmap/labels.yml."""
    toc = config.mdx_configs.setdefault("toc", {})
    if toc.get("permalink"):
        toc["permalink_title"] = label("permalink_title", lang)
    config.repo_name = label("repository_link", lang)


def _palette_names(config: MkDocsConfig, lang: str) -> dict[str, str]:
    """The colour toggle's names in a language, from mkdocs.yml: {"palette_0": name, ...}."""
    overrides = next((language.theme or {} for language in _i18n(config).config.languages if language.locale == lang), {})
    names = {}
    for index, option in enumerate(config.theme.get("palette") or []):
        override = (overrides.get("palette") or [])[index:index + 1]
        toggle = (override[0] if override else {}).get("toggle") or {}
        names[f"palette_{index}"] = toggle.get("name") or option.get("toggle", {}).get("name", "")
    return names


# Material's base.html (no block or partial reaches them) gives its two toggle checkboxes
# autocomplete="off", invalid on a checkbox (Nu HTML Checker). It is there so Firefox does not
# restore an open drawer or search after a reload: reader.js closes both when a page is shown.
_TOGGLES = ('data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">',
            'data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">')


def _valid_toggles(output: str) -> str:
    for toggle in _TOGGLES:
        output = output.replace(toggle, toggle.replace(' autocomplete="off"', ""), 1)
    return output


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return _valid_toggles(output)


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
        context["theme_strings"] = {lang: _palette_names(config, lang) | {"repository": label("repository_link", lang)}
                                    for lang in LANGS}
    return context


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """GitHub Pages serves one 404.html for every missing URL and the last language built would
    overwrite it: keep the default language's, whose script shows English on /en/ URLs."""
    global _default_404
    i18n = _i18n(config)
    if template_name == "404.html":
        output = _valid_toggles(output)
        if i18n.current_language == i18n.default_language:
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
