"""Hook: what readers get once every language is built (in this process or, macros/parallel.py, in
a child): a Pagefind index per language (roadmap/search.py) in place of Material's, the default
language's 404 page, and robots.txt. ``extra.search_engine: material`` keeps the stock search,
for scripts/search-bench only.

Events: ``on_config``, to unhook Material's indexer and spare the other languages a 404 page; ``on_post_template``, to keep the default
language's 404.html; ``on_post_build``, to write them; ``on_startup`` and ``on_pre_build``, so
``mkdocs serve`` reloads the page before its search index is ready (macros/serve.py);
``on_shutdown``, so that index stops with the server.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from macros import incremental, languages, search_pages, serve
from roadmap import search


@event_priority(-110)  # after mkdocs-static-i18n's on_config (-100), like the other hooks' (no order among them)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    i18n = languages.i18n(config)
    if i18n.current_language != i18n.default_language:  # its 404 page would be thrown away (below)
        config.theme.static_templates.discard("404.html")
    material_search = config.plugins.get("material/search")
    if material_search is not None and config.extra.get("search_engine", "pagefind") == "pagefind":
        # Pagefind indexes the built site (roadmap/search.py). Material's search box stays, but
        # its indexer would parse every page for an index nobody reads: a quarter of the build
        # at 1,000 objectives. Unhooking it is the one way: `enabled: false` also hides the box.
        handlers = config.plugins.events["page_context"]
        if material_search.on_page_context in handlers:
            handlers.remove(material_search.on_page_context)
    return config


_default_404: str | None = None


@event_priority(-10)  # after the theme strings' on_post_template (0) has made its toggles valid
def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """GitHub Pages serves one 404.html for every missing URL and the last language built would
    overwrite it: keep the default language's, whose script shows English on /en/ URLs."""
    global _default_404
    i18n = languages.i18n(config)
    if template_name == "404.html" and i18n.current_language == i18n.default_language:
        _default_404 = output
    return output


# after mkdocs-static-i18n's on_post_build (-100), which builds the other languages, and the
# parallel languages' (-120), which waits for them
@event_priority(-121)
def on_post_build(config: MkDocsConfig) -> None:
    i18n = languages.i18n(config)
    if i18n.building:  # a language built from inside i18n's on_post_build: wait for the outer one
        return
    site_dir = Path(config.site_dir)
    if _default_404 is not None:
        (site_dir / "404.html").write_text(_default_404, encoding="utf-8")
    if config.extra.get("search_engine", "pagefind") == "pagefind":
        built = tuple(i18n.build_languages)
        if serve.serving():  # the page reloads now; its search index follows (macros/serve.py)
            work, blocks_next_build, stop = search_pages.writer(site_dir, built, keep_bundles=incremental.enabled())
            serve.in_background(work, blocks_next_build or not incremental.enabled(), stop)
        else:
            search_pages.write(site_dir, built)
    (site_dir / "robots.txt").write_text(search.robots_txt(config.site_url), encoding="utf-8")


def on_startup(command: str, dirty: bool) -> None:
    serve.command = command


def on_shutdown() -> None:
    if serve.serving():  # before MkDocs removes the site folder its search index is written into
        serve.shutdown()


def on_pre_build(config: MkDocsConfig) -> None:
    # the previous `serve` build's search index, when it reads the built files or site_dir is
    # cleaned (else it goes on beside this build: macros/serve.py)
    serve.before_build()
