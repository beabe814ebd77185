"""``make translations``: record which texts say the same in both languages, and nothing else.

Without a selection it records every page and data text that is in sync now: new ones, and
those whose two languages both changed since the record (a translation was made). A text whose
other language did not follow is **stale** and stays so: recording it would silence the warning
that its translation needs updating. Records of pages and texts that no longer exist are removed.

With a selection (``make translations FILE=…``) it records exactly what is named, stale or not:
the contributor vouches that both languages say the same (a typo fixed in one language needs no
translation). A selection is any of:

- a page: ``docs/es/desafios.md``, ``docs/en/desafios.md`` or ``desafios.md``;
- a place in the data, as ``make check`` prints it: ``data/objectives.yml:864`` (the text on or
  around that line);
- an entry's id (``finance-to-scale``), or its kind and id (``objective:finance-to-scale``);
- a text's key (``objective:finance-to-scale.title``), as the translation status page lists it;
- the data file itself (``data/objectives.yml``): every data text.

Everything at once, stale texts included, is ``--all`` (``make translations ALL=1``).

A page or text in one language only is never recorded, named or not: the record says that both
languages agree (:mod:`roadmap.translations`), and it has nothing to agree with yet. It is
reported as not yet translated; once its other language is written, the check counts it among
the texts to record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from . import translation_record, translations
from .project import DATA_FILE, LANGS
from .translation_record import PAGE_PREFIX
from .translations import parse_yaml

_LINE = re.compile(r"(?P<file>.+\.ya?ml):(?P<line>\d+)(?::\d+)?")


class UnknownSelection(ValueError):
    """A name given to ``make translations FILE=…`` that is no page, text or entry."""

    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


@dataclass(frozen=True)
class Recorded:
    recorded: tuple[str, ...]  # keys recorded now: ``page:<path>`` or data keys
    stale: tuple[translations.Entry, ...]  # stale texts left as they were (no selection)
    removed: tuple[str, ...]  # records of pages and texts that no longer exist
    one_language: tuple[str, ...]  # pages and texts in one language only (named ones, with a selection): not recorded
    files: tuple[Path, ...]  # record files written or deleted
    migrated: int  # keys moved from the legacy single file, when there was one


def _flat(record: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    return {**{PAGE_PREFIX + path: value for path, value in record["pages"].items()}, **record["data"]}


def record(docs_dir: Path = translations.DOCS_DIR, data_file: Path = DATA_FILE,
           record_dir: Path = translations.RECORD_DIR, select: Sequence[str] = (), everything: bool = False,
           root: Path | None = None) -> Recorded:
    """Record as :mod:`this module <roadmap.translation_update>` says; raises
    :class:`UnknownSelection` for a name in ``select`` that matches nothing (then nothing is
    written), :class:`roadmap.model.DataError` when the data is not valid YAML."""
    root = root or data_file.resolve().parent.parent
    legacy = record_dir.parent / translation_record.LEGACY_FILE.name
    now = translations.snapshot(docs_dir, data_file)
    current = _flat(now)
    migrated = translation_record.migrate(legacy, record_dir, current) if legacy.is_file() else 0
    old = _flat(translation_record.read(record_dir))
    single = [key for key, value in current.items() if len(value) < len(LANGS)]
    stale: tuple[translations.Entry, ...] = ()
    removed: dict[str, None] = {}
    if select:
        located = parse_yaml(data_file.read_text(encoding="utf-8"), str(data_file))
        keys = [key for name in select for key in _resolve(name, current, located, docs_dir, data_file, root)]
        single = [key for key in dict.fromkeys(keys) if key in single]
        changes: dict[str, Mapping[str, str] | None] = {key: current[key] for key in dict.fromkeys(keys)
                                                         if key not in single}
    else:
        if not everything:
            stale = tuple(e for e in translations.report(docs_dir, data_file, record_dir, root).entries if e.state == "stale")
        skip = {(PAGE_PREFIX if e.kind == "page" else "") + e.key for e in stale} | set(single)
        changes = {key: value for key, value in current.items() if old.get(key) != value and key not in skip}
        removed = {key: None for key in old if key not in current}
    files = translation_record.write(record_dir, {**changes, **removed}, current)
    return Recorded(tuple(changes), stale, tuple(removed), tuple(single), tuple(files), migrated)


def _resolve(name: str, current: Mapping[str, Any], located: Any, docs_dir: Path, data_file: Path,
             root: Path) -> list[str]:
    """The keys ``name`` selects (see the module's docstring)."""
    name = name.strip()
    at = _LINE.fullmatch(name)
    if at and _same_file(at["file"], data_file, root):
        found = _at_line(located, int(at["line"]))
    elif name.endswith(".md"):
        found = [PAGE_PREFIX + page] if (page := _page(name, docs_dir, root)) and PAGE_PREFIX + page in current else []
    elif _same_file(name, data_file, root):
        found = [key for key in current if not key.startswith(PAGE_PREFIX)]
    else:
        data_keys = [key for key in current if not key.startswith(PAGE_PREFIX)]
        found = [key for key in data_keys if key == name or translation_record.group(key) == name
                 or key.startswith((name + ".", name + "["))]
        found = found or [key for key in data_keys if translation_record.group(key).partition(":")[2] == name]
    if not found:
        raise UnknownSelection(name)
    return found


def _same_file(name: str, path: Path, root: Path) -> bool:
    given = Path(name)
    for base in (Path.cwd(), root):
        candidate = given if given.is_absolute() else base / given
        if candidate.exists() and candidate.resolve() == path.resolve():
            return True
    return False


def _page(name: str, docs_dir: Path, root: Path) -> str | None:
    """``desafios.md`` for ``docs/es/desafios.md``, ``docs/en/desafios.md`` or ``desafios.md``."""
    given = Path(name)
    for base in (Path.cwd(), root):
        candidate = (given if given.is_absolute() else base / given).resolve()
        for lang in LANGS:
            try:
                return candidate.relative_to((docs_dir / lang).resolve()).as_posix()
            except ValueError:
                continue
    return given.as_posix() if not given.is_absolute() else None


def _at_line(located: Any, line: int) -> list[str]:
    """The data texts whose lines (the field's, each language's) span ``line``."""
    found = []
    for key, path, value in translations.fields(located.data):
        lines = [located.position(path)[0], *(located.position(path + (lang,))[0] for lang in value)]
        if min(lines) <= line <= max(lines):
            found.append(key)
    return found
