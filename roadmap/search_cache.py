"""Pagefind bundles kept from one build to the next by what they were made from (issue #21).

Indexing a language is 0.14 s of CPU at the real size, a tenth of a build, and most builds index
what an earlier one did: a second ``make build``, a change of style or of one language's page,
and most of the test suite's builds (190 of its 313 indexes were repeats). The files Pagefind
returns for a one-part bundle are kept in the cache folder (:mod:`roadmap.caches`: the user's,
never the repository), named by a hash of everything they are made from: the Pagefind binary (its
path, size and time of change), the language, the selectors left out and each page's path and
search document. Not kept: a bundle in parts (a large site, read back from its files), and any
made by a binary named by ``PAGEFIND_BINARY_PATH``, which may be a wrapper whose target cannot be
seen (a changed target would leave the key the same).

A kept bundle is used only if it is a regular file (not a link) under :data:`MAX_BYTES`, names
its own key, and holds Pagefind's answer with the SHA-256 it had when kept (so a file cut short
or edited is not used): files with plain relative paths (no ``..``, nothing absolute, no name
past 255 bytes, none both a file and a folder) and base64 content. Anything else is indexed
afresh, and so is a bundle whose files cannot be written: a cache is never an error. The newest
:data:`KEEP` bundles are kept, none unused for ``KEEP_DAYS``, and no write left half-done by a
killed process for longer than an hour.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import shutil
import stat
import time
from pathlib import Path

from . import caches
from .caches import KEEP_DAYS, cache_root

FOLDER = "pagefind"
KEEP = 64  # bundles, about 0.6 MB each at the real size
MAX_BYTES = 64 << 20
NAME_MAX = 255  # bytes in a file name on Linux file systems
LEFT_HALF_DONE = 3600  # seconds after which a temporary file of a write is a killed process's
_PLAIN_PATH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*")

Files = list[dict[str, str]]  # Pagefind's GetFiles answer: [{"path": "fragment/x.pf_fragment", "content": base64}]


def enabled() -> bool:
    """Whether bundles are kept: a cache folder, and the installed Pagefind (not one named by
    ``PAGEFIND_BINARY_PATH``)."""
    return cache_root() is not None and not os.environ.get("PAGEFIND_BINARY_PATH")


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


def _checksum(name: str, files: Files) -> str:
    return hashlib.sha256(json.dumps([name, files], sort_keys=True).encode()).hexdigest()


def load(name: str) -> Files | None:
    """The files kept under ``name`` (a :func:`key`), or None: no cache, no such regular file, too
    large (:func:`caches.read_kept`), not the entry :func:`keep` wrote for ``name`` (its
    checksum), or not well formed."""
    if not enabled():
        return None
    entry = caches.read_kept(f"{FOLDER}/{name}.json", MAX_BYTES)
    if not (isinstance(entry, dict) and entry.get("key") == name and _well_formed(entry.get("files"))
            and entry.get("sha256") == _checksum(name, entry["files"])):
        return None
    root = cache_root()
    try:
        if root is not None:
            os.utime(root / FOLDER / f"{name}.json")  # used: the last to be pruned
    except OSError:
        pass
    return entry["files"]


def _well_formed(files: object) -> bool:
    """A list of files with plain relative paths (each part a name under NAME_MAX bytes that
    starts with no dot: no ``..``), none given twice or both a file and a folder, and base64 content."""
    if not isinstance(files, list) or not files:
        return False
    paths: set[str] = set()
    for file in files:
        if not (isinstance(file, dict) and isinstance(file.get("path"), str) and isinstance(file.get("content"), str)):
            return False
        path = file["path"]
        if not _PLAIN_PATH.fullmatch(path) or any(len(part.encode()) > NAME_MAX for part in path.split("/")):
            return False
        try:
            base64.b64decode(file["content"], validate=True)
        except (binascii.Error, ValueError):
            return False
        paths.add(path)
    folders = {"/".join(parts[:depth]) for parts in (path.split("/") for path in paths) for depth in range(1, len(parts))}
    return len(paths) == len(files) and not paths & folders


def keep(name: str, files: Files) -> None:
    """Keep ``files`` (Pagefind's answer) under ``name``, whole or not at all, then remove the
    bundles past the newest :data:`KEEP`, those unused for ``KEEP_DAYS`` and writes left half-done.
    A bundle past :data:`MAX_BYTES` is not kept (it would never be read). A cache that cannot be
    written is no error."""
    root = cache_root()
    if root is None or not enabled():
        return
    text = json.dumps({"key": name, "sha256": _checksum(name, files), "files": files})
    if len(text) > MAX_BYTES:
        return
    caches.keep_text(f"{FOLDER}/{name}.json", text)
    _prune(root / FOLDER)


def forget(root: Path | None = None) -> None:
    """Remove every kept bundle in the cache folder ``root`` (default: :func:`cache_root`'s);
    ``make bench`` times each build's own index."""
    root = root or cache_root()
    if root is not None:
        shutil.rmtree(root / FOLDER, ignore_errors=True)


def _prune(folder: Path) -> None:
    now = time.time()
    kept: list[tuple[float, Path]] = []
    try:
        for entry in folder.iterdir():
            found = entry.lstat()
            if not stat.S_ISREG(found.st_mode):
                continue
            if entry.name.endswith(".json"):
                kept.append((found.st_mtime, entry))
            elif entry.name.startswith(".") and found.st_mtime < now - LEFT_HALF_DONE:
                entry.unlink(missing_ok=True)  # a write a killed process left half-done
    except OSError:
        return
    kept.sort(reverse=True)
    for number, (changed, entry) in enumerate(kept):
        if number >= KEEP or changed < now - KEEP_DAYS * 86400:
            try:
                entry.unlink(missing_ok=True)
            except OSError:
                pass
