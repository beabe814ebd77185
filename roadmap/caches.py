"""Where the build keeps what it may reuse from one build to the next (issue #21): compiled
templates (:mod:`roadmap.compiled_templates`), the site audit's verdict on files it has
already read (:mod:`roadmap.audit`) and search bundles (:mod:`roadmap.search_cache`). In the user's cache folder, ``$XDG_CACHE_HOME/roadmap-site``
(else ``~/.cache/roadmap-site``), never in the repository, where a file would be input a pull
request could slip in unreviewed; ``ROADMAP_CACHE_DIR`` names another folder, and
``ROADMAP_CACHE_DIR=`` with nothing turns both caches off (memory only). A fresh clone, e.g. in
CI, starts with nothing cached."""

from __future__ import annotations

import json
import os
import stat
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

CACHE_ENV = "ROADMAP_CACHE_DIR"
KEEP_DAYS = 30  # an entry no build used for this long is removed


def cache_root() -> Path | None:
    """The folder of this project's caches, or None for memory only (``ROADMAP_CACHE_DIR=``)."""
    named = os.environ.get(CACHE_ENV)
    if named is not None:
        return Path(named) if named else None
    return user_cache_folder(os.environ.get("XDG_CACHE_HOME"), Path.home())


def user_cache_folder(xdg_cache_home: str | None, home: Path) -> Path:
    """The folder with no ``ROADMAP_CACHE_DIR``: ``$XDG_CACHE_HOME/roadmap-site``, else
    ``<home>/.cache/roadmap-site``."""
    return Path(xdg_cache_home or home / ".cache") / "roadmap-site"


KEEP_CLEAN = 200  # hashes of inputs known to pass a check, the latest kept


def file_stamp(path: Path) -> tuple[int, int, int, int]:
    """What tells a file was rewritten, for the caches of one process (`mkdocs serve`): time of
    change, size, inode and time of status change, which any write changes, even one of the same
    size whose time was put back (``cp -p``, ``rsync -t``, ``tar x``); all 0 for no readable file."""
    try:
        stat = path.stat()
    except OSError:
        return (0, 0, 0, 0)
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino, stat.st_ctime_ns)


def known_clean(kind: str, key: str) -> bool:
    """Whether an input whose hash is ``key`` passed the check ``kind`` with no problem at all."""
    root = cache_root()
    if root is None:
        return False
    try:
        return key in (root / f"{kind}-clean.txt").read_text(encoding="ascii").split()
    except (OSError, ValueError):
        return False


def remember_clean(kind: str, key: str) -> None:
    """Note that the input ``key`` passed the check ``kind`` with no problem; a cache that cannot
    be written is no error."""
    root = cache_root()
    if root is None:
        return
    path = root / f"{kind}-clean.txt"
    try:
        known = [k for k in path.read_text(encoding="ascii").split() if k != key] if path.exists() else []
    except (OSError, ValueError):
        return
    _write_whole(path, "\n".join([*known[-(KEEP_CLEAN - 1):], key]) + "\n")


def _write_whole(path: Path, text: str) -> None:
    """``text`` as ``path``, whole or not at all (another build may be reading it): written beside
    it, then renamed over it. A cache that cannot be written is no error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except (OSError, ValueError):
        Path(temporary).unlink(missing_ok=True)


KEPT_MAX_BYTES = 1 << 20  # what :func:`keep` writes is a few kilobytes


def read_kept(name: str, max_bytes: int = KEPT_MAX_BYTES) -> Any:
    """The JSON value :func:`keep` wrote under ``name`` in the cache folder, or None: no cache, no
    such regular file (checked once opened: a link, or a FIFO, which would block the build, is
    not read), over ``max_bytes``, or not JSON (nested past Python's recursion limit included).
    The caller checks its shape: a cache is never an error."""
    root = cache_root()
    if root is None:
        return None
    try:
        with open(os.open(root / name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK), "rb") as file:
            found = os.fstat(file.fileno())
            if not stat.S_ISREG(found.st_mode) or found.st_size > max_bytes:
                return None
            return json.loads(file.read(max_bytes + 1).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None


def keep(name: str, value: Any) -> None:
    """Write ``value`` (JSON-serialisable) as ``name`` in the cache folder, whole or not at all
    (another build may be reading it); a cache that cannot be written is no error."""
    keep_text(name, json.dumps(value))


def keep_text(name: str, text: str) -> None:
    """:func:`keep` of a text already made."""
    root = cache_root()
    if root is not None:
        _write_whole(root / name, text)


def checker_fingerprint() -> bytes:
    """What a check's result depends on besides the data: this package's code and files (the
    schemas with them), and the versions of Python and of the libraries it checks with. The
    schemas are read again when either file changes (`mkdocs serve`); the code is read once, as
    the process imported it: an edit of roadmap/*.py during `mkdocs serve` is not the code that
    checks, and a check by the old code must not be remembered under the new code's name."""
    from .project import EXPORT_SCHEMA_FILE, SCHEMA_FILE

    return _checker_fingerprint(file_stamp(SCHEMA_FILE) + file_stamp(EXPORT_SCHEMA_FILE))


@lru_cache(maxsize=1)
def _code_fingerprint() -> bytes:
    import hashlib
    import sys
    from importlib import metadata

    digest = hashlib.sha256(sys.version.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for package in ("jsonschema", "referencing", "PyYAML", "nh3", "Markdown", "rapidfuzz"):
        try:
            digest.update(f"{package}={metadata.version(package)};".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=none;".encode())
    return digest.digest()


@lru_cache(maxsize=1)
def _checker_fingerprint(schemas: tuple[int, ...]) -> bytes:
    import hashlib

    from .project import EXPORT_SCHEMA_FILE, SCHEMA_FILE

    digest = hashlib.sha256(_code_fingerprint())
    for path in (SCHEMA_FILE, EXPORT_SCHEMA_FILE):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()
