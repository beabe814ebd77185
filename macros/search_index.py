"""Hook: each page's search document, kept as the page is written, and each language's Pagefind
index started as soon as that language is built, while the others still are
(:mod:`macros.search_pages`; the bundles are finished with the readers' files, macros/readers.py).

Events: ``on_pre_build``, to start a build with nothing kept; ``on_files``, to know the
language's number of pages; ``on_post_page``, to keep the page's document; ``on_post_build``,
to start indexing the language just built (not in `mkdocs serve`, whose index follows the
reload, macros/serve.py); ``on_build_error``, to wait for the indexes being written.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from macros import languages, search_pages, serve


def _pagefind(config: MkDocsConfig) -> bool:
    return config.extra.get("search_engine", "pagefind") == "pagefind"


def on_pre_build(config: MkDocsConfig) -> None:
    if not languages.i18n(config).building:  # the first language of a build
        search_pages.new_build()


@event_priority(-120)  # after the generated pages (-110): every page of the language is listed
def on_files(files: Files, config: MkDocsConfig) -> Files:
    search_pages.language_size(languages.i18n(config).current_language, len(files.documentation_pages()))
    return files


@event_priority(-1000)  # last: the page as it is written
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if _pagefind(config):
        search_pages.keep(languages.i18n(config).current_language, page.file.dest_uri, output)
    return output


@event_priority(0)  # before mkdocs-static-i18n's (-100), which builds the next language in this process
def on_post_build(config: MkDocsConfig) -> None:
    if _pagefind(config) and not serve.serving():
        search_pages.start(Path(config.site_dir), languages.i18n(config).current_language)


def on_build_error(error: Exception) -> None:
    search_pages.abandon()  # before the failed build's folder is removed (macros/safety.py)
