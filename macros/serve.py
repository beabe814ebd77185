"""`mkdocs serve` (`make serve`): the reader's page reloads as soon as the pages are built, and the
search index (Pagefind, roadmap/search.py) follows a moment later, in a thread, instead of
holding the reload back. `mkdocs build` indexes before it finishes, as before.

MkDocs reloads the hooks module on every rebuild in `serve` and calls ``on_startup`` only once,
so what must outlive a rebuild lives here, in an ordinary module.
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


def serving() -> bool:
    return command == "serve"


def in_background(work: Callable[[], object]) -> None:
    """Run ``work`` in a thread; the next build waits for it first (:func:`wait`)."""
    global _indexing
    wait()

    def run() -> None:
        try:
            work()
        except Exception as exc:  # noqa: BLE001 - the preview goes on; search is stale until the next build
            log.warning(f"Search index not updated: {exc}")

    _indexing = threading.Thread(target=run, name="roadmap-search-index", daemon=True)
    _indexing.start()


def wait() -> None:
    """Let the previous build's indexing finish before this one cleans the site directory."""
    global _indexing
    if _indexing is not None:
        _indexing.join()
        _indexing = None
