"""`mkdocs serve` (`make serve`): the reader's page reloads as soon as the pages are built, and the
search index (Pagefind, roadmap/search.py) follows a moment later, in a thread, instead of
holding the reload back. `mkdocs build` indexes before it finishes, as before.

MkDocs 1.6 loads each hooks file once per process (``Hooks._load_hook`` is cached) and calls
``on_startup`` only once; what must outlive a rebuild lives here, in an ordinary module, which a
hook reading it needs not be loaded again to find.
"""

from __future__ import annotations

import logging
import threading
from typing import Callable

log = logging.getLogger("mkdocs.plugins.roadmap")

command: str | None = None  # "serve" or "build", from the hooks' on_startup
first_build_done = False  # `mkdocs serve`'s first build has run (macros/quiet_build.py)
first_build_errors: list[str] = []  # and what it failed on, shown in the browser until a good build
_indexing: threading.Thread | None = None
_blocks_next_build = False  # the running work reads or writes what the next build would change
_stop: Callable[[], None] | None = None  # stops the running work, which the next build does again


def serving() -> bool:
    return command == "serve"


def in_background(work: Callable[[], object], blocks_next_build: bool = True, stop: Callable[[], None] | None = None) -> None:
    """Run ``work`` in a thread, once the previous build's work is done (one at a time, in build
    order: each writes the search index of its build). ``blocks_next_build``: the next build must
    wait for it before it starts (:func:`before_build`): the work reads the built files, or the
    next build empties the site folder. Otherwise the next build goes on beside it (issue #21: a
    save within two seconds of the last reload waited for a search index it makes again anyway);
    ``stop`` then stops it, when the next build starts: what it had not finished, that build does."""
    global _indexing, _blocks_next_build, _stop
    previous = _indexing

    def run() -> None:
        if previous is not None:
            previous.join()
        try:
            work()
        except Exception as exc:  # noqa: BLE001 - the preview goes on; search is stale until the next build
            log.warning(f"Search index not updated: {exc}")

    _indexing = threading.Thread(target=run, name="roadmap-search-index", daemon=True)
    _blocks_next_build, _stop = blocks_next_build, stop
    _indexing.start()


_quiet_work: threading.Timer | None = None


def when_quiet(seconds: float, work: Callable[[], object]) -> None:
    """Run ``work`` in a thread once no build has started for ``seconds`` (:func:`build_starts`)."""
    global _quiet_work
    build_starts()
    _quiet_work = threading.Timer(seconds, work)
    _quiet_work.daemon = True
    _quiet_work.start()


def build_starts() -> None:
    """A build starts: the work waiting for a quiet moment (:func:`when_quiet`) waits for the next one."""
    global _quiet_work
    if _quiet_work is not None:
        _quiet_work.cancel()
        _quiet_work = None


def before_build() -> None:
    """A build starts: let the previous build's work finish first when it must (:func:`in_background`)."""
    if _blocks_next_build:
        wait()
    elif _stop is not None and _indexing is not None and _indexing.is_alive():
        _stop()


def shutdown() -> None:
    """`mkdocs serve` ends: the last build's work is stopped (its search index, written by
    processes in a session of their own, which Ctrl-C in the terminal does not reach) and waited
    for, before MkDocs removes the site folder it writes into; the collection waiting for a quiet
    moment is dropped."""
    from roadmap import search

    build_starts()
    if _stop is not None:
        _stop()
    search.stop_all()
    wait()


def wait() -> None:
    """Let the previous builds' work finish."""
    global _indexing
    if _indexing is not None:
        _indexing.join()
        _indexing = None
