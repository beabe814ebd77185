"""Each built page's search document (:func:`roadmap.search.search_document`), kept as the page is
written, for Pagefind to index from memory once every language is built (issue #21): Pagefind
then reads the articles alone, not every page's theme around them. The languages built in a
child process (macros/parallel.py) send theirs back with its result.

Past ``search.SIDE_BY_SIDE_UP_TO`` pages in a language nothing is kept, and the built files are
indexed one language after the other as before (each Pagefind holds about 0.1 MB per page: the
build stays under 1 GB at 5,000 objectives). An ordinary module: it outlives the hooks, which
MkDocs loads again on every `mkdocs serve` rebuild.
"""

from __future__ import annotations

import threading
from pathlib import Path

from roadmap import search

documents: dict[str, dict[str, str]] = {}  # {language: {site-relative path: search document}}
_large = False  # a language has too many pages to keep: index the files instead


def new_build() -> None:
    global _large
    documents.clear()
    _large = False


def language_size(lang: str, pages: int) -> None:
    """The number of pages a language's build makes, known once its files are listed."""
    global _large
    if pages > search.SIDE_BY_SIDE_UP_TO:
        _large = True
        documents.clear()


def keep(lang: str, path: str, html: str) -> None:
    if _large:
        return
    document = search.search_document(html, lang)
    if document is not None:
        documents.setdefault(lang, {})[path] = document


def received(theirs: dict[str, dict[str, str]]) -> None:
    documents.update(theirs)


def write(site_dir: Path, languages: tuple[str, ...]) -> None:
    """Every language's Pagefind bundle, side by side, and Material's empty index; from the files
    when the site is large."""
    if _large or any(lang not in documents for lang in languages):
        search.write_search(site_dir, languages)
        return
    failed: list[BaseException] = []

    def index(lang: str) -> None:
        try:
            search.index_documents(documents[lang], lang, site_dir / search.BUNDLE_DIR / lang)
        except BaseException as exc:  # noqa: BLE001 - raised below, in the build's thread
            failed.append(exc)

    others = [threading.Thread(target=index, args=(lang,)) for lang in languages[1:]]
    for thread in others:  # side by side: one Pagefind process per language
        thread.start()
    if languages:
        index(languages[0])
    for thread in others:
        thread.join()
    if failed:
        raise failed[0]
    search.write_material_index(site_dir, languages)
