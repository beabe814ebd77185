"""Where the build keeps what it may reuse from one build to the next (issue #21): compiled
templates (:mod:`roadmap.compiled_templates`) and the site audit's verdict on files it has
already read (:mod:`roadmap.audit`). In the user's cache folder, ``$XDG_CACHE_HOME/roadmap-site``
(else ``~/.cache/roadmap-site``), never in the repository, where a file would be input a pull
request could slip in unreviewed; ``ROADMAP_CACHE_DIR`` names another folder, and
``ROADMAP_CACHE_DIR=`` with nothing turns both caches off (memory only). A fresh clone, e.g. in
CI, starts with nothing cached."""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "ROADMAP_CACHE_DIR"
KEEP_DAYS = 30  # an entry no build used for this long is removed


def cache_root() -> Path | None:
    """The folder of this project's caches, or None for memory only (``ROADMAP_CACHE_DIR=``)."""
    named = os.environ.get(CACHE_ENV)
    if named is not None:
        return Path(named) if named else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "roadmap-site"
