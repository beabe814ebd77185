"""Pagefind bundles kept from one build to the next by what they were made from (issue #21).

Indexing a language is 0.14 s of CPU at the real size, a tenth of a build, and most builds index
what an earlier one did: a second ``make build``, a change of style or of one language's page,
and most of the test suite's builds (190 of its 313 indexes were repeats). The files Pagefind
returns for a one-part bundle are kept in the cache folder (:mod:`roadmap.caches`: the user's,
never the repository), named by a hash of everything they are made from: the Pagefind binary (its
path, size and time of change), the language, the selectors left out and each page's path and
search document. A bundle in parts (a large site, read back from its files) is not kept.

A kept bundle is used only if it is a regular file (not a link) under :data:`MAX_BYTES` holding Pagefind's
answer: a list of files with a plain relative path each (no ``..``, nothing absolute) and base64
content. Anything else is indexed afresh; a cache is never an error. The newest :data:`KEEP`
bundles are kept, none unused for ``KEEP_DAYS``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import stat
import time
from pathlib import Path

from . import caches
from .caches import KEEP_DAYS, cache_root

FOLDER = "pagefind"
KEEP = 64  # bundles, about 0.6 MB each at the real size
MAX_BYTES = 64 << 20
_PLAIN_PATH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*")

Files = list[dict[str, str]]  # Pagefind's GetFiles answer: [{"path": "fragment/x.pf_fragment", "content": base64}]


def key(binary: Path, lang: str, excluded: tuple[str, ...], documents: list[tuple[str, str]]) -> str:
    """The name of the bundle made by ``binary`` from ``documents`` ((site path, search document)
    pairs, in the order sent) in ``lang``, leaving out ``excluded`` selectors: a hex SHA-256. A
    binary that cannot be read gives a key no bundle is kept under."""
    try:
        found = binary.stat()
        identity = f"{binary.resolve()}\0{found.st_size}\0{found.st_mtime_ns}"
    except OSError:
        identity = f"missing\0{time.time_ns()}"
    digest = hashlib.sha256(json.dumps([identity, lang, list(excluded)]).encode())
    for path, document in documents:
        digest.update(b"\0%d\0" % len(path) + path.encode("utf-8", "surrogatepass"))
        digest.update(b"\0%d\0" % len(document) + document.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def load(name: str) -> Files | None:
    """The files kept under ``name`` (a :func:`key`), or None: no cache folder, no such regular
    file, too large, or not a list of plain relative paths with base64 content."""
    root = cache_root()
    if root is None:
        return None
    path = root / FOLDER / f"{name}.json"
    try:  # the file itself, checked once opened: not a link, a FIFO (which would hold the build) or a device
        with open(os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK), "rb") as file:
            found = os.fstat(file.fileno())
            if not stat.S_ISREG(found.st_mode) or found.st_size > MAX_BYTES:
                return None
            files = json.loads(file.read(MAX_BYTES + 1))
        os.utime(path)  # used: the last to be pruned
    except (OSError, ValueError, RecursionError):
        return None
    return files if _well_formed(files) else None


def _well_formed(files: object) -> bool:
    if not isinstance(files, list) or not files:
        return False
    for file in files:
        if not (isinstance(file, dict) and isinstance(file.get("path"), str) and isinstance(file.get("content"), str)):
            return False
        if not _PLAIN_PATH.fullmatch(file["path"]) or ".." in file["path"].split("/"):
            return False
        try:
            base64.b64decode(file["content"], validate=True)
        except (binascii.Error, ValueError):
            return False
    return True


def keep(name: str, files: Files) -> None:
    """Keep ``files`` (Pagefind's answer) under ``name``, whole or not at all, then remove the
    bundles past the newest :data:`KEEP` and those unused for ``KEEP_DAYS``. A cache that cannot
    be written is no error."""
    root = cache_root()
    if root is None:
        return
    folder = root / FOLDER
    caches.keep(f"{FOLDER}/{name}.json", files)
    try:
        kept = sorted(((entry.stat().st_mtime, entry) for entry in folder.glob("*.json")), reverse=True)
    except OSError:
        return
    limit = time.time() - KEEP_DAYS * 86400
    for number, (changed, entry) in enumerate(kept):
        if number >= KEEP or changed < limit:
            entry.unlink(missing_ok=True)
