"""Each built page's search document (:func:`roadmap.search.search_document`), kept as the page is
written, for Pagefind to index from memory once every language is built (issue #21): Pagefind
then reads the articles alone, not every page's theme around them. The languages built in a
child process (macros/parallel.py) send theirs back with its result.

Past ``search.SIDE_BY_SIDE_UP_TO`` pages in a language nothing is kept: once built, each page's
document is read back from its file, one language after the other, in parts of
``search.PART_PAGES`` pages (a Pagefind process holds about 0.15 MB per page it indexes: the build
stays under 1 GB at 5,000 objectives). An ordinary module: its state is the process's,
whichever hook reads it (MkDocs 1.6 loads each hooks file once per process).
"""

from __future__ import annotations

import ctypes
import gc
import os
import threading
from pathlib import Path
from typing import Callable

from roadmap import search

documents: dict[str, dict[str, str]] = {}  # {language: {site-relative path: search document}}
indexed: list[str] = []  # languages whose bundle is written, here or by the child that built them
_large = False  # a language has too many pages to keep: index the files instead
_running: dict[str, threading.Thread] = {}
# In the second language's process (macros/parallel.py), a language this large is not indexed there:
# the process would stay alive beside its Pagefind (150 MB at 1,000 objectives) while the parent
# builds; it sends the documents back and ends, and the parent indexes them beside its own.
HAND_BACK_FROM = int(os.environ.get("ROADMAP_HAND_BACK_FROM", "500"))  # pages of a language (the tests set 1)
hand_back = False
_failed: list[BaseException] = []


_previous: dict[str, dict[str, str]] = {}  # the last build's documents, for the pages it did not rebuild


def new_build() -> None:
    global _large, _previous
    _previous = {lang: dict(docs) for lang, docs in documents.items()}
    documents.clear()
    indexed.clear()
    _running.clear()
    _failed.clear()
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


def reuse(lang: str, path: str) -> None:
    """A page the build did not make again (macros/incremental.py): its document from the last build."""
    document = _previous.get(lang, {}).get(path)
    if document is not None and not _large:
        documents.setdefault(lang, {})[path] = document


def start(site_dir: Path, lang: str) -> None:
    """A language's pages are all built: index them now, in a thread (Pagefind works in its own
    process), while the other languages are still being built."""
    if _large or lang not in documents or lang in _running:
        return
    if hand_back and len(documents[lang]) >= HAND_BACK_FROM:
        return

    def index() -> None:
        try:
            search.index_documents(documents[lang], lang, site_dir / search.BUNDLE_DIR / lang)
        except BaseException as exc:  # noqa: BLE001 - raised by finish(), in the build's thread
            _failed.append(exc)

    _running[lang] = threading.Thread(target=index, name=f"pagefind-{lang}")
    _running[lang].start()


def finish() -> list[str]:
    """Wait for the languages being indexed; the ones now written."""
    for lang, thread in list(_running.items()):
        thread.join()
        if lang not in indexed:
            indexed.append(lang)
    if _failed:
        raise _failed[0]
    return list(indexed)


def abandon() -> None:
    """The build failed: let the indexes being written finish before its folder is removed."""
    for thread in list(_running.values()):
        thread.join()
    _running.clear()
    _failed.clear()


def pending() -> dict[str, dict[str, str]]:
    """The documents of the languages not indexed: the child sends them back with its result."""
    return {lang: docs for lang, docs in documents.items() if lang not in indexed}


def received(theirs: dict[str, dict[str, str]], their_indexed: list[str]) -> None:
    documents.update(theirs)
    indexed.extend(lang for lang in their_indexed if lang not in indexed)


def _give_back_memory() -> None:
    """Pagefind, indexing a large site, holds about 0.15 MB per page of a part beside this
    process: what the build freed (pages' HTML, macros/build_once.py) goes back to the
    system first, rather than staying in the C allocator's free lists (glibc ``malloc_trim``)."""
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to trim
        pass


# In `mkdocs serve`: each language's bundle in the site folder, with the documents it was made from
# ({language: (site folder, {path: document})}), written by the last builds' background work
# (macros/serve.py, one at a time). A rebuild whose pages in a language give the same documents
# (an English title saved: every Spanish page) leaves that bundle as it is (issue #21: Pagefind
# took a core for a second per language after every save, beside the next rebuild).
_bundled: dict[str, tuple[Path, dict[str, str]]] = {}


def writer(site_dir: Path, languages: tuple[str, ...], keep_bundles: bool) -> tuple[Callable[[], None], bool, Callable[[], None]]:
    """:func:`write` as work for a thread that may run beside the next build, whether that build
    must wait for it (it reads the built files: a large site), and what stops it (the next build
    indexes again what it had not written: issue #21, a save a second after the reload waited
    for the last one's index, or shared the cores with it). ``keep_bundles``: the site folder is
    not emptied between builds (macros/incremental.py), so a language whose documents are those
    its bundle was made from keeps it. The work reads only what this build handed it."""
    if _large or any(lang not in documents and lang not in indexed for lang in languages):
        _bundled.clear()
        return (lambda: write(site_dir, languages)), True, lambda: None
    todo = {lang: documents[lang] for lang in languages if lang not in indexed}
    for lang in languages:
        if lang not in todo:  # indexed by the child that built it
            _bundled.pop(lang, None)

    stopped = threading.Event()

    def stop() -> None:
        stopped.set()
        search.stop_all()

    def work() -> None:
        failed: list[BaseException] = []

        def index(lang: str, docs: dict[str, str]) -> None:
            try:
                search.index_documents_apart(docs, lang, site_dir / search.BUNDLE_DIR / lang)
                _bundled[lang] = (site_dir, docs)
            except BaseException as exc:  # noqa: BLE001 - raised below, in this work's thread
                failed.append(exc)

        threads = []
        for lang, docs in todo.items():
            if stopped.is_set():
                return
            if keep_bundles and _bundled.get(lang) == (site_dir, docs) and (
                    site_dir / search.BUNDLE_DIR / lang / "pagefind-entry.json").is_file():
                continue
            _bundled.pop(lang, None)
            threads.append(threading.Thread(target=index, args=(lang, docs), name=f"pagefind-{lang}"))
            threads[-1].start()
        for thread in threads:
            thread.join()
        if stopped.is_set():  # a language stopped half-written is not in _bundled: the next build indexes it
            return
        if failed:
            raise failed[0]
        search.write_material_index(site_dir, languages)

    return work, False, stop


def write(site_dir: Path, languages: tuple[str, ...]) -> None:
    """Every language's Pagefind bundle (those not started yet side by side) and Material's empty
    index; from the files when the site is large."""
    if _large or any(lang not in documents and lang not in indexed for lang in languages):
        finish()
        _give_back_memory()
        search.write_search(site_dir, languages)
        return
    for lang in languages:
        if lang not in indexed:
            start(site_dir, lang)
    finish()
    search.write_material_index(site_dir, languages)
