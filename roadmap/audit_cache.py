"""The site audit's verdicts on files it has already read (issue #21), so a build audits only the
files whose bytes it has not seen: Material's style sheets alone took two thirds of the audit at
the real size, and they are the same bytes in every build.

A verdict is the list of findings for one file, kept under a SHA-256 of everything it depends on:
the file's bytes, its name and published address, the site's host, the scripts pages may load
(the rules, and the bytes of every script file of the site: a page's ``<script src>`` is judged by
the file it loads), the audit's own source (``roadmap/audit*.py``), the export schema the JSON
downloads are checked against, and the versions of Python and of the parsers (selectolax,
tinycss2, jsonschema). Change any of them and the file is read again. Script files themselves
are always read (judged against the installed theme's), and so is the search index's list of
parts (judged by the folders beside it). Kept in
the user's cache folder (:mod:`roadmap.caches`), never the repository; a fresh clone (CI)
audits every file; verdicts unused for 30 days are dropped. Concurrent builds may each write the
file: the last one wins, the other's verdicts are read again next time.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import sys
import tempfile
import time
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from .search import PARTS_FILE
from .caches import KEEP_DAYS, cache_root

FILE_NAME = "audit-verdicts.json"


@lru_cache(maxsize=1)
def fingerprint() -> bytes:
    """What every verdict depends on besides the file: the audit's code, the export schema and the
    parsers' versions."""
    from . import audit
    from .project import EXPORT_SCHEMA_FILE

    digest = hashlib.sha256()
    for path in sorted(Path(audit.__file__).parent.glob("audit*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update(EXPORT_SCHEMA_FILE.read_bytes())
    for package in ("selectolax", "tinycss2", "jsonschema"):
        digest.update(f"{package}={metadata.version(package)};".encode())
    digest.update(sys.version.encode())
    return digest.digest()


def context_key(context: Any, site: Path, script_files: list[str]) -> str:
    """What every page's verdict is read against: the site's host and address, the script rules
    and the bytes of the site's script files."""
    rules = context.rules
    scripts = {name: hashlib.sha256((site / name).read_bytes()).hexdigest() for name in script_files}
    return json.dumps([sorted(context.hosts), context.root, sorted(rules.project), [str(t) for t in rules.theme], scripts],
                      sort_keys=True)


def key(data: bytes, name: str, base: str, setting: str) -> str:
    digest = hashlib.sha256(fingerprint())
    digest.update(json.dumps([name, base, setting]).encode())
    digest.update(data)
    return digest.hexdigest()


class Verdicts:
    """``{key: [day last used, [finding, ...]]}``, read from and written to ``path``."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.enabled = True
        self._keys = {}
        self.today = int(time.time() // 86400)
        self.entries: dict[str, list] = {}
        self.changed = False
        if path is not None:
            # Loaded at the end of a build, among everything the build still holds: the 37,000
            # entries' lists set off the cyclic collector's full passes over all of it (0.6 s of a
            # 2 s real-size build, py-spy), though none of them is garbage.
            collecting = gc.isenabled()
            gc.disable()
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(loaded, dict):
                    self.entries = loaded
            except (OSError, ValueError):
                pass
            finally:
                if collecting:
                    gc.enable()

    @classmethod
    def open(cls, enabled: bool = True) -> "Verdicts":
        """The verdicts kept in the user's cache folder; with ``enabled`` false, none (every file
        is read and nothing is kept)."""
        root = cache_root() if enabled else None
        verdicts = cls(root / FILE_NAME if root else None)
        verdicts.enabled = enabled
        return verdicts

    def known(self, jobs: list[tuple[Path, str, str]], context: Any, script_suffixes: Any) -> dict[str, list[str]]:
        """The findings of each job ``(site, name, address)`` audited before, by name; the others
        are to be read (:meth:`remember` keeps their findings). Script files are always read."""
        site = context.site
        self._keys: dict[str, str] = {}
        if not self.enabled:
            return {}
        setting = context_key(context, site, [name for _, name, _ in jobs if Path(name).suffix.lower() in script_suffixes])
        found: dict[str, list[str]] = {}
        for _, name, base in jobs:
            if Path(name).suffix.lower() in script_suffixes:
                continue  # judged against the installed theme's file
            if Path(name).name == PARTS_FILE:
                continue  # judged by the folders beside it
            self._keys[name] = key((site / name).read_bytes(), name, base, setting)
            verdict = self.get(self._keys[name])
            if verdict is not None:
                found[name] = verdict
        return found

    def remember(self, jobs: list[tuple[Path, str, str]], done: list[list[str]], results: dict[str, list[str]]) -> None:
        """The findings ``done`` of the files just read (``jobs``) go into ``results``, and are kept."""
        for (_, name, _), findings in zip(jobs, done):
            results[name] = findings
            if name in self._keys:
                self.put(self._keys[name], findings)
        self.save()

    def get(self, key: str) -> list[str] | None:
        entry = self.entries.get(key)
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], list)):
            return None
        if entry[0] != self.today:
            entry[0], self.changed = self.today, True
        return [str(message) for message in entry[1]]

    def put(self, key: str, findings: list[str]) -> None:
        self.entries[key] = [self.today, findings]
        self.changed = True

    def save(self) -> None:
        """Write the verdicts (those used in the last KEEP_DAYS days) as one file, atomically.
        A cache that cannot be written is no error."""
        if self.path is None or not self.changed:
            return
        keep = {k: v for k, v in self.entries.items() if isinstance(v, list) and v and isinstance(v[0], int)
                and self.today - v[0] <= KEEP_DAYS}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=f".{FILE_NAME}-")
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                # dumps, not dump: only a one-shot encoding runs in json's C encoder (dump walks the
                # verdicts in Python, 0.07 s against 0.04 s for a 2.9 MB cache)
                file.write(json.dumps(keep, separators=(",", ":")))
            os.replace(temporary, self.path)
        except OSError:
            pass


def split(jobs: list[tuple[Path, str, str]], context: Any, script_suffixes: Any,
          enabled: bool) -> tuple[dict[str, list[str]], list[tuple[Path, str, str]], Verdicts]:
    """The audit's jobs: the findings of those audited before (none unless ``enabled``), those to
    read, and the verdicts to :meth:`Verdicts.remember` them in."""
    verdicts = Verdicts.open(enabled)
    known = verdicts.known(jobs, context, script_suffixes)
    return known, [job for job in jobs if job[1] not in known], verdicts
