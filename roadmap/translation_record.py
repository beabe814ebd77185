"""The translation record on disk: one small file per page and per data entry, so that two pull
requests recording different texts never touch the same lines.

``data/translations/`` holds, under keys that name what they record:

- ``pages/<path>.yml`` for the page pair ``docs/es/<path>.md`` ↔ ``docs/en/<path>.md``: key
  ``page:<path>.md``, one hash per paragraph and language, a blank line between hashes;
- ``<kind>/<id>.yml`` for a list entry of the data (``objective/finance-to-scale.yml``): one key
  per bilingual text of the entry (``objective:finance-to-scale.title``), each language's hash
  on a line of its own;
- ``<name>.yml`` for the rest of the data (``roadmap.yml``: ``roadmap.title``, …).

Git merges two changes cleanly when at least one unchanged line separates them: the key lines
between two texts, and the blank lines between two paragraphs' hashes, are that line, so
neighbouring texts and neighbouring paragraphs recorded by two branches merge without conflict.
Until issue #20 the record was one file, ``data/translations.yml``, where any two recordings
collided; :func:`read` still reads it, and :func:`migrate` turns it into this layout unchanged.

In memory the record is ``{"pages": {path: {lang: "h1 h2 …"}}, "data": {key: {lang: h}}}``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

from . import caches

ROOT = Path(__file__).resolve().parent.parent  # the project (roadmap/ is one of its folders)
RECORD_DIR = ROOT / "data" / "translations"
LEGACY_FILE = ROOT / "data" / "translations.yml"
PAGE_PREFIX = "page:"
HEADER = """\
# Written by `make translations` (roadmap/translations.py): do not edit by hand. Short hashes of
# both languages of each text as they were when they last said the same thing. See
# CONTRIBUTING.md, "Stale translations".
"""
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SAFE_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}")


def empty() -> dict[str, Any]:
    return {"pages": {}, "data": {}}


# --------------------------------------------------------------------------- where each key lives


def _part(name: str) -> str:
    """A file or folder name for ``name``: itself when plain, else percent-encoded (ids are
    input: no ``..``, slashes, colons or characters a file system refuses)."""
    if _SAFE_PART.fullmatch(name) and ".." not in name:
        return name
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "".join(f"%{b:02X}" for b in c.encode()) for c in name)[:150] or "%"


def group(key: str) -> str:
    """The entry a data key belongs to: ``objective:finance-to-scale`` for
    ``objective:finance-to-scale.milestones[2025-06].text``, ``roadmap`` for ``roadmap.title``."""
    head, colon, rest = key.partition(":")
    if colon:
        return head + ":" + re.split(r"[.\[]", rest, maxsplit=1)[0]
    return re.split(r"[.\[]", key, maxsplit=1)[0]


def file_of(record_dir: Path, key: str) -> Path:
    """The file that records ``key`` (``page:<path>`` or a data key)."""
    if key.startswith(PAGE_PREFIX):
        parts = key[len(PAGE_PREFIX):].removesuffix(".md").split("/")
        return record_dir.joinpath("pages", *map(_part, parts[:-1]), _part(parts[-1]) + ".yml")
    kind, colon, ident = group(key).partition(":")
    if colon:
        return record_dir / _part(kind) / (_part(ident) + ".yml")
    return record_dir / (_part(kind) + ".yml")


# --------------------------------------------------------------------------- reading


def read(record: Path = RECORD_DIR) -> dict[str, Any]:
    """The record under ``record`` (a folder; the legacy single file is read too), or an empty
    one: a file that cannot be read records nothing, so nothing it held is stale."""
    if record.is_file():
        return _read_legacy(record)
    found = empty()
    paths = sorted(record.rglob("*.yml")) if record.is_dir() else []
    listed = set(paths)
    for gone in [kept for kept in _kept if kept not in listed and kept.is_relative_to(record)]:
        del _kept[gone]  # a removed file's entries are not kept for the rest of a serve session
    for path in paths:
        for key, value in _kept_entries(path).items():
            if key.startswith(PAGE_PREFIX):
                found["pages"][key[len(PAGE_PREFIX):]] = dict(value)
            else:
                found["data"][key] = dict(value)
    return found


# Each record file's entries as last read in this process, with the file's stamp then (time of
# change, size, inode, time of status change: a rewrite, even of the same size with its time put
# back, changes the last). `mkdocs serve` reads the record at every save of the data, which seldom
# touches it (issue #21: 0.2 s of a rebuild, over a thousand files of YAML read again).
_kept: dict[Path, tuple[tuple[int, ...], dict[str, dict[str, str]]]] = {}


def _kept_entries(path: Path) -> dict[str, dict[str, str]]:
    """:func:`_file_entries`, read again only when the file's stamp changed (read, never change)."""
    stamp = caches.file_stamp(path)
    if not any(stamp):
        return {}
    kept = _kept.get(path)
    if kept is None or kept[0] != stamp:
        kept = _kept[path] = (stamp, _file_entries(path))
    return kept[1]


MAX_RECORD_FILE = 16 * 2**20  # bytes: a record file past this records nothing (issue #18)


def _load(path: Path) -> Any:
    """A record file's content, or ``None`` when it cannot be read: whatever a pull request wrote
    there is read without raising and in bounded memory (past :data:`MAX_RECORD_FILE`, or with
    aliases, a "billion laughs" bomb that ``make translations`` never writes, it records nothing)."""
    try:
        if path.stat().st_size > MAX_RECORD_FILE:
            return None
        text = path.read_text(encoding="utf-8")
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=_LOADER)):
            return None
        return yaml.load(text, Loader=_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return None


def _texts_by_key(value: Any) -> dict[str, dict[str, str]]:
    """``{key: {lang: hashes}}`` from what a record holds, entries of another shape left out."""
    if not isinstance(value, dict):
        return {}
    return {key: {str(lang): text for lang, text in entry.items() if isinstance(text, str)}
            for key, entry in value.items() if isinstance(key, str) and isinstance(entry, dict)}


def _read_legacy(record_file: Path) -> dict[str, Any]:
    """``data/translations.yml`` as it was until issue #20: ``pages`` and ``data`` mappings
    (of any other shape, read as far as it has this one)."""
    content = _load(record_file)
    if not isinstance(content, dict):
        return empty()
    return {"pages": _texts_by_key(content.get("pages")), "data": _texts_by_key(content.get("data"))}


# --------------------------------------------------------------------------- writing


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _render(entries: Mapping[str, Mapping[str, str]]) -> str:
    lines = [HEADER.rstrip("\n")]
    for key, by_lang in entries.items():
        lines.append(f"{_quote(key)}:")
        for lang, hashes in by_lang.items():
            if key.startswith(PAGE_PREFIX):  # one hash a line, a blank line between two
                items = [f"  - {_quote(h)}" for h in str(hashes).split()]
                lines.append(f"  {lang}:" if items else f"  {lang}: []")
                lines.extend("\n\n".join(items).split("\n") if items else [])
            else:
                lines.append(f"  {lang}: {_quote(str(hashes))}")
    return "\n".join(lines) + "\n"


def write(record_dir: Path, changes: Mapping[str, Mapping[str, str] | None], order: Iterable[str] = ()) -> list[Path]:
    """Set (a mapping) or remove (None) the record of each key of ``changes``; keys are
    ``page:<path>`` or data keys. Only the files holding those keys are rewritten, their other
    keys kept; a file left empty is deleted. ``order`` is the keys in the order to write them
    (the data file's); other keys follow in the order they had. Returns the files written."""
    rank = {key: i for i, key in enumerate(order)}
    by_file: dict[Path, list[str]] = {}
    for key in changes:
        by_file.setdefault(file_of(record_dir, key), []).append(key)
    written = []
    for path, keys in sorted(by_file.items()):
        current = _file_entries(path)
        for key in keys:
            if changes[key] is None:
                current.pop(key, None)
            else:
                current[key] = dict(changes[key])  # type: ignore[arg-type]
        if not current:
            if path.exists():
                path.unlink()
                _prune(path.parent, record_dir)
            written.append(path)
            continue
        ordered = sorted(current, key=lambda k: (rank.get(k, len(rank)), list(current).index(k)))
        path.parent.mkdir(parents=True, exist_ok=True)
        text = _render({key: current[key] for key in ordered})
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def _file_entries(path: Path) -> dict[str, dict[str, str]]:
    """What one record file holds, as the in-memory mapping of its keys (pages keep their prefix)."""
    if not path.exists():
        return {}
    content = _load(path)
    out: dict[str, dict[str, str]] = {}
    for key, value in (content.items() if isinstance(content, dict) else ()):
        if isinstance(key, str) and isinstance(value, dict):  # pages: a list of hashes a language
            out[key] = {str(lang): " ".join(map(str, v)) if isinstance(v, list) else str(v) for lang, v in value.items()}
    return out


def _prune(folder: Path, record_dir: Path) -> None:
    """Remove empty folders left under the record's folder."""
    while folder != record_dir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def migrate(legacy_file: Path = LEGACY_FILE, record_dir: Path = RECORD_DIR, order: Iterable[str] = ()) -> int:
    """Move the legacy single-file record into ``record_dir``, every hash as it was (nothing
    becomes stale or fresh), then delete the legacy file. Returns how many keys moved."""
    old = _read_legacy(legacy_file)
    changes: dict[str, Mapping[str, str] | None] = {PAGE_PREFIX + path: value for path, value in old["pages"].items()}
    changes.update(old["data"])
    order = [*(PAGE_PREFIX + p for p in old["pages"]), *order, *old["data"]]
    write(record_dir, changes, order)
    legacy_file.unlink()
    return len(changes)
