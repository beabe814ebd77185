"""MkDocs hooks: wire the data into the build. The one module besides ``macros`` that imports MkDocs.

- ``on_config``: validate the data before anything is built (nothing half-built is published),
  take the site name and footer from the data and the labels, and unhook Material's indexer;
- ``on_files``: add a page per objective, country and institution (:class:`GeneratedPage`: HTML
  straight from the templates, no Markdown), and the downloads and the change feed, in the
  language being built;
- ``on_nav``: translate the nav's section titles (keys of ``roadmap/labels.yml``);
- glossary tooltips, once per language: the ``abbr`` extension's glossary for Markdown pages;
- ``on_page_content``: put back the listings set aside from Markdown, and a notice on pages whose
  translation is stale (``roadmap/translations.py``);
- the "quiet build" section: only what needs attention in the terminal, and in ``mkdocs serve``
  a failed rebuild's errors in the browser too;
- the "readers" section at the end: the per-language search indexes, the 404 page and
  robots.txt, once every language is built (``roadmap/search.py``, MAINTAINERS.md).
"""

from __future__ import annotations

import html as html_lib
import logging
import time
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable, Iterator

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel, get_files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from markupsafe import escape

from macros import data_file, forget_html, once, parallel, restore_html, serve, site, theme_memo
from roadmap import compiled_templates, export, search, text_policy
from roadmap.messages import Message, message, terminal_language
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
        roadmap, _ = site(config.config_file_path, refresh_translations=True)
    except DataError as exc:  # in the contributor's language, as `make check` says it
        raise PluginError(exc.text(terminal_language())) from None
    except (OSError, UnicodeDecodeError) as exc:  # e.g. `mkdocs serve` caught a file half-saved
        raise PluginError(message("check_unreadable", reason=exc).get(terminal_language())) from None
    lang = _i18n(config).current_language
    if lang != _i18n(config).default_language:  # its 404 page would be thrown away (on_post_template)
        config.theme.static_templates.discard("404.html")
    # Material prints the site name without escaping it: data text arrives escaped, one line
    config.site_name = str(escape(text_policy.plain(roadmap.short_title(lang))))
    config.copyright = label("copyright", lang)
    _theme_strings(config, lang)
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
    with _data_line(config, 1, message("build_downloads")):
        published = export.published_files(roadmap, lang, root_url, OBJECTIVES_DIR)
        published[FEED_FILE] = renderer.atom_feed(lang, root_url)
    for path, content in published.items():
        file = File.generated(config, f"{lang}/{path}", content=content)
        file.dest_uri = f"{_prefix(config, lang)}{path}"
        files.append(file)
    # the sitemap reads this list, which i18n filled before the generated pages existed
    i18n.i18n_files_per_language[lang] = files.documentation_pages()
    _link_across_languages(files, config)
    return files


# --------------------------------------------------------------------------- trust: errors name the data line
# A crash while rendering data says which entry of data/objectives.yml it came from, in the
# checker's file:line:col form, which scripts/build_annotated.py turns into a CI annotation.


@contextmanager
def _data_line(config: MkDocsConfig, line: int, what: Message) -> Iterator[None]:
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - re-raised as a build error that names the line
        file, lang = display_path(data_file(config.config_file_path)), terminal_language()
        said = message("build_render_failed", what=what, error=f"{type(exc).__name__}: {exc}").get(lang)
        raise PluginError(f"{message('build_data_problem').get(lang)}\n  {file}:{line}:1: error: {said}") from exc


def _render_entry(config: MkDocsConfig, renderer: Renderer, kind: str, key: str, lang: str) -> PageHTML:
    with _data_line(config, renderer.page_line(kind, key), Message(**{lang: f"{label(kind, lang)} '{key}'" for lang in LANGS})):
        return renderer.page(kind, key, lang)


# --------------------------------------------------------------------------- performance: listings skip Markdown
def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    """The theme's templates compiled once per process, not on every `mkdocs serve` rebuild
    (roadmap/compiled_templates.py). Before any template is loaded: MkDocs calls on_env right
    after ``Theme.get_env()``, and Jinja consults ``bytecode_cache`` when it compiles."""
    env.bytecode_cache = compiled_templates.cache("theme")
    theme_memo.install(env)  # regions the same on every page of a folder, rendered once (macros/theme_memo.py)
    return env


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    forget_html()  # listings set aside are the page's own (macros/__init__.py)
    return page


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put back the raw-HTML listings the macros set aside from Python-Markdown, then the stale
    translation notice (below)."""
    html, ids = restore_html(html)
    if ids and page.present_anchor_ids is not None:
        page.present_anchor_ids |= ids
    return _stale_notice(html, page, config)


def _link_across_languages(files: Files, config: MkDocsConfig) -> None:
    """Let a page link to shared files under docs/assets/ and to the other language's pages by
    their ``.md`` path, in every language's build, and get the right URL.

    mkdocs-static-i18n 1.3.1 builds one language at a time from a file list of that language
    only (``reconfigure_files``): a non-default language's build drops every file outside its
    folder unless ``fallback_to_default`` (which would publish Spanish pages under /en/), so
    ``../assets/images/x.png`` from ``docs/en/`` is "not found" and left pointing at /en/assets/;
    and a page of the other language is never in the list, so ``../en/glosario.md`` from
    ``docs/es/`` is "not found" either. MkDocs resolves every Markdown link through
    ``Files.get_file_from_path``: this adds a last resort to that lookup (i18n's own, with its
    language fallbacks, goes first) that knows those files at their real URLs. They are not
    added to the list, so nothing is built or copied twice: the default language's build copies
    the shared assets, each language's build writes its own pages."""
    lang = _i18n(config).current_language
    elsewhere: dict[str, File] = {}
    for file in files.documentation_pages():
        for other, alternate in (getattr(file, "alternates", None) or {}).items():
            if other != lang:
                elsewhere[alternate.src_uri] = alternate
    if lang != _i18n(config).default_language:
        for file in get_files(config):
            if PurePosixPath(file.src_uri).parts[0] not in LANGS and not file.is_documentation_page():
                elsewhere.setdefault(file.src_uri, file)
    resolve = files.get_file_from_path

    def get_file_from_path(path: str) -> File | None:
        return resolve(path) or elsewhere.get(PurePosixPath(path).as_posix())

    files.get_file_from_path = get_file_from_path  # type: ignore[method-assign]


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


# --------------------------------------------------------------------------- stale translations
# A page whose translation is stale (roadmap/translations.py), or that shows a data text marked
# stale, opens with a notice linking to the same page in the other language. In HTML, after the
# title, so it reads the same whichever way the page's Markdown was produced.


def _stale_notice(html: str, page: Page, config: MkDocsConfig) -> str:
    _, renderer = site(config.config_file_path)
    report = renderer.translations
    lang = _i18n(config).current_language
    if report is None:
        return html
    path = PurePosixPath(page.file.src_uri).relative_to(lang).as_posix()
    stale_page = page.file.generated_by is None and report.stale_page(lang, path) is not None
    if not stale_page and 'translation-stale__badge"' not in html:
        return html
    other = next(code for code in LANGS if code != lang)
    other_url = _prefix(config, other) + page.url.removeprefix(_prefix(config, lang))
    names = {"other": label(f"language_{other}", lang)}
    title = label("translation_stale", lang)
    text = label("translation_stale_page" if stale_page else "translation_stale_fields", lang, **names)
    notice = (f'<div class="admonition warning translation-stale" role="note"><p class="admonition-title">'
              f'{title[0].upper()}{title[1:]}</p><p>{text} <a href="{get_relative_url(other_url, page.url)}" '
              f'hreflang="{other}">{label("translation_read_other", lang, **names)}</a>.</p></div>\n')
    head, found, rest = html.partition("</h1>")
    return f"{head}{found}\n{notice}{rest}" if found else notice + html


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
# Once every language is built (in this process or, macros/parallel.py, in a child): a Pagefind
# index per language (roadmap/search.py), the default language's 404 page, and robots.txt. `extra.search_engine: material` keeps the stock search,
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
    if not _i18n(config).building:  # the first language of a build (macros/once.py)
        once.new_build()


def on_build_error(error: Exception) -> None:
    parallel.abort()  # a failed build leaves no process building the other languages behind


# --------------------------------------------------------------------------- quiet build and serve
# A build prints only what needs attention: warnings, errors and MkDocs's few progress lines.
# mkdocs-macros (logger mkdocs.plugins.mkdocs_macros) announces its module, variables and macros,
# and mkdocs-static-i18n (mkdocs.plugins.mkdocs_static_i18n) each language it builds, at INFO,
# on every build: their warnings and errors still show. Set here because MkDocs loads the hooks
# with the configuration, before any plugin runs.
for _chatty in ("mkdocs.plugins.mkdocs_macros", "mkdocs.plugins.mkdocs_static_i18n"):
    logging.getLogger(_chatty).setLevel(logging.WARNING)

log = logging.getLogger("mkdocs.hooks.roadmap")


class _Collect(logging.Handler):
    """Keeps the warnings and errors logged during one build, to show them in the browser."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def error_page(messages: Iterable[str]) -> str:
    """The page `mkdocs serve` shows in place of every page while the last rebuild failed."""
    items = "".join(f"<li><pre>{html_lib.escape(message)}</pre></li>" for message in messages)
    return ('<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Error · build failed</title>'
            '<meta name="viewport" content="width=device-width,initial-scale=1"><style>body{font:16px/1.5 system-ui,'
            'sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}h1{font-size:1.5rem}pre{white-space:pre-wrap;background:#fdecea;'
            'padding:.75rem;border-radius:4px}</style></head><body><h1>La compilación falló '
            '<span lang="en">· The build failed</span></h1><p>Corrija lo siguiente y guarde: la página se recarga sola. '
            '<span lang="en">Fix the following and save: the page reloads by itself.</span></p>'
            f"<ol>{items}</ol></body></html>")


# MkDocs polls the watched folders every 0.5 s (LiveReloadServer's ``polling_interval``, which
# `mkdocs serve` does not let one set), so a save waited 0.25 s on average, and up to 0.5 s, before
# the rebuild even started: a quarter of the time from save to reloaded page at the real size.
# One poll of this project's watched folders (docs, data, roadmap, macros, overrides) takes about
# 2 ms, so polling every 0.1 s costs 2 % of a core while serving.
POLL_SECONDS = 0.1


def poll_every(observer: Any, seconds: float) -> None:
    """Make watchdog's polling observer look for changes every ``seconds``. Relies on watchdog 6
    internals: each emitter polls, then waits its ``timeout`` (``_timeout``, read on every round),
    and emitters scheduled later (mkdocs.yml's ``watch:`` folders, after on_serve) take the
    observer's."""
    observer._timeout = seconds
    for emitter in observer.emitters:
        emitter._timeout = seconds


def on_serve(server: Any, config: MkDocsConfig, builder: Callable[..., None]) -> Any:
    """When a rebuild fails, say why once, without a traceback, in the terminal and in the browser.

    Relies on MkDocs 1.6's LiveReloadServer internals: its build loop calls ``server.builder`` and
    prints a traceback when it raises, then leaves every page waiting for a good build ("the
    server will appear stuck"); ``_serve_request`` serves the files, ``_inject_js_into_html``
    adds the reload script, ``_want_rebuild`` says a file changed again. A file saved in two quick
    steps (an editor writing then renaming, or a YAML file caught half-written) fails the first
    build: when another change is already waiting, that failure is not reported at all."""
    build = server.builder
    errors: list[str] = []
    poll_every(server.observer, POLL_SECONDS)

    def build_and_report() -> None:
        # MkDocs's command line drops a message already logged once in the process
        # (utils.DuplicateFilter on the build logger): a rebuild that fails again for the same
        # reason would then say nothing. Each rebuild starts with a clean memory.
        for log_filter in logging.getLogger("mkdocs.commands.build").filters:
            if hasattr(log_filter, "msgs"):
                log_filter.msgs.clear()
        collect = _Collect()
        logging.getLogger("mkdocs").addHandler(collect)
        try:
            build()
        except Exception as exc:  # noqa: BLE001 - any failure is reported, never raised into the loop
            time.sleep(3 * POLL_SECONDS)  # three polls of the file watcher: a second save is seen by then
            if getattr(server, "_want_rebuild", False):
                log.info("A file changed again while the site was building: building again")
                return
            messages = [m for m in collect.messages if not m.startswith("Aborted with")]
            if not isinstance(exc, SystemExit):  # MkDocs logged its own errors; not this one
                messages.append(f"{type(exc).__name__}: {exc}")
                log.error(messages[-1])
            errors[:] = messages or [str(exc)]
            log.error("The build failed: the browser shows why until a save fixes it")
        else:
            errors.clear()
        finally:
            logging.getLogger("mkdocs").removeHandler(collect)

    serve_files = server._serve_request

    def serve_request(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path = environ.get("PATH_INFO", "")
        if errors and not path.startswith("/livereload/") and (path.endswith("/") or path.endswith(".html")):
            content = server._inject_js_into_html(error_page(errors).encode("utf-8"), server._visible_epoch)
            start_response("500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8"),
                                                         ("Content-Length", str(len(content)))])
            return [content]
        return serve_files(environ, start_response)

    server.builder = build_and_report
    server._serve_request = serve_request
    return server
