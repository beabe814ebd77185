"""Stale and missing translations: which text changed in one language and not in the other.

The record, ``data/translations/`` (one small file per page and per data entry:
:mod:`roadmap.translation_record`), holds for every hand-written page (``docs/es/X.md`` ↔
``docs/en/X.md``) and every bilingual data field (``{es, en}`` in ``data/objectives.yml``) short
hashes of both languages' texts as they were when last known to say the same thing. ``make
translations`` (``python -m roadmap translations``) writes it. Compared with the files today:

- one language changed and the other did not → the other one is **stale**;
- both changed → someone updated both: in sync (``make translations`` records it);
- one language is absent (a page in one folder only, a data text in one language) →
  **missing**: the site shows the text it has, marked with its language, with a notice. Missing
  data texts are the data checker's concern (:func:`roadmap.validation.validate`); they are listed
  here too, for the translation-status page.

``make translations`` records what is in sync now and never clears a stale warning: a text
whose other language did not follow stays stale until it does, or until it is named
(``make translations FILE=docs/es/x.md``, an entry id, a key, or ``data/objectives.yml:LINE``),
which records that text alone, as its contributor vouches it needs no translation change.

Data fields are keyed by stable ids, never list positions: ``objective:finance-to-scale.title``,
``objective:finance-to-scale.milestones[2025-06].text`` (nested entries by their date, else by
their 1-based position inside the entry), ``roadmap.title``. A page is recorded as the hashes of
its blocks (text between blank lines), so the check can say which paragraph changed.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Literal

from . import caches, translation_record
from .model import Text
from .problems import Place, Problem
from .project import DATA_FILE, LANGS, ROOT
from .yaml_reader import JsonPath, Located, parse_yaml
from .messages import Message, message

RECORD_DIR = translation_record.RECORD_DIR
DOCS_DIR = ROOT / "docs"

# Singular names of the top-level lists, and the field that identifies an entry of each.
COLLECTIONS = {"sources": ("source", "id"), "figures": ("figure", "id"), "timeline": ("timeline", "date"),
               "pillars": ("pillar", "number"), "horizons": ("horizon", "id"), "statuses": ("status", "id"),
               "themes": ("theme", "id"), "countries": ("country", "code"), "actors": ("actor", "id"),
               "objectives": ("objective", "id"), "glossary": ("glossary", None)}


@lru_cache(maxsize=1 << 16)  # by the text alone: the report hashes every data text at each `mkdocs serve` save
def short_hash(text: str) -> str:
    """8 hex digits of SHA-256 of the text with its line ends and trailing spaces normalised."""
    normal = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:8]


# --------------------------------------------------------------------------- what is translated


@dataclass(frozen=True)
class Block:
    line: int  # 1-based line where the block starts
    hash: str


def blocks(text: str) -> list[Block]:
    """The page's blocks (runs of non-blank lines), with their first line and hash."""
    return list(_blocks(text))


# By the page's text alone (what they are made of): `mkdocs serve` reports the translations at
# every save, the pages mostly as they were (issue #21: hashing them was 0.15 s of a rebuild)
@lru_cache(maxsize=1024)
def _blocks(text: str) -> tuple[Block, ...]:
    found, start, lines = [], 0, text.splitlines()
    current: list[str] = []
    for number, line in enumerate(lines + [""], 1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            found.append(Block(start, short_hash("\n".join(current))))
            current = []
    return tuple(found)


def pages(docs_dir: Path = DOCS_DIR) -> dict[str, dict[str, Path]]:
    """Hand-written pages by path under the language folder: ``{"desafios.md": {"es": Path, ...}}``."""
    found: dict[str, dict[str, Path]] = {}
    for lang in LANGS:
        for path in sorted((docs_dir / lang).rglob("*.md")):
            if not path.is_file() or path.is_symlink():  # a folder named x.md is no page
                continue
            found.setdefault(path.relative_to(docs_dir / lang).as_posix(), {})[lang] = path
    return dict(sorted(found.items()))


def _is_text(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and set(value) <= set(LANGS) and all(
        isinstance(v, str) for v in value.values())


def fields(data: Any) -> Iterator[tuple[str, JsonPath, dict[str, str]]]:
    """Every bilingual text of the data as (stable key, JSON path, ``{es, en}``), in file order."""

    def item_key(item: Any, index: int, id_field: str | None, seen: set[str]) -> str:
        value = item.get(id_field) if isinstance(item, dict) and id_field else None
        if value is None and isinstance(item, dict) and id_field is None:
            value = item.get("date")
        key = str(value) if isinstance(value, (str, int)) else str(index + 1)
        while key in seen:  # a repeated id (an error of its own) or date: keep keys unique
            key += "+"
        seen.add(key)
        return key

    def walk(value: Any, key: str, path: JsonPath) -> Iterator[tuple[str, JsonPath, dict[str, str]]]:
        if _is_text(value):
            yield key, path, value
        elif isinstance(value, dict):
            for name, child in value.items():
                yield from walk(child, f"{key}.{name}" if key else str(name), path + (name,))
        elif isinstance(value, list):
            seen: set[str] = set()
            for index, child in enumerate(value):
                yield from walk(child, f"{key}[{item_key(child, index, None, seen)}]", path + (index,))

    if not isinstance(data, dict):
        return
    global _walked
    walked: dict[tuple[int, str, int, str], tuple[Any, list[tuple[str, JsonPath, dict[str, str]]]]] = {}
    for name, value in data.items():
        if name in COLLECTIONS and isinstance(value, list):
            singular, id_field = COLLECTIONS[name]
            seen: set[str] = set()
            for index, item in enumerate(value):
                key = f"{singular}:{item_key(item, index, id_field, seen)}"
                memo = (id(item), name, index, key)
                kept = _walked.get(memo)
                if kept is None or kept[0] is not item:
                    kept = (item, list(walk(item, key, (name, index))))
                walked[memo] = kept
                yield from kept[1]
        else:
            yield from walk(value, str(name), (name,))
    _walked = walked


# The texts of each entry of the last data :func:`fields` walked, by the entry's identity, place
# and key (the entry itself kept, so its id is not another's). `mkdocs serve` reports the
# translations at every save, and a save parsed around its change (roadmap/yaml_reader.py) gives
# the very same entries for the others (issue #21: walking every entry was most of the report).
# Nothing changes the parsed data. Forgotten (:func:`forget_walked`) where the parse is.
_walked: dict[tuple[int, str, int, str], tuple[Any, list[tuple[str, JsonPath, dict[str, str]]]]] = {}


def forget_walked() -> None:
    """Drop what :func:`fields` kept (it holds the parsed data's entries)."""
    _walked.clear()


# --------------------------------------------------------------------------- the record


def snapshot(docs_dir: Path = DOCS_DIR, data_file: Path = DATA_FILE) -> dict[str, Any]:
    """The current state as a record: ``{"pages": {path: {lang: "h1 h2 …"}}, "data": {key: {lang: h}}}``,
    pages in path order, data texts in file order."""
    record: dict[str, Any] = translation_record.empty()
    for path, by_lang in pages(docs_dir).items():
        texts = {lang: page_text(file) for lang, file in by_lang.items()}
        if all(text is not None for text in texts.values()):  # a page not in UTF-8: `make check` says so
            record["pages"][path] = {lang: " ".join(b.hash for b in blocks(text)) for lang, text in texts.items()}
    located = parse_yaml(data_file.read_text(encoding="utf-8"), str(data_file))
    for key, _, value in fields(located.data):
        record["data"][key] = {lang: short_hash(value[lang]) for lang in LANGS if value.get(lang)}
    return record


# --------------------------------------------------------------------------- comparing


@dataclass(frozen=True)
class Entry:
    """One text that needs translating.

    ``kind`` "page" (``key`` is the path under the language folder, e.g. ``desafios.md``) or
    "data" (``key`` is the stable key, e.g. ``objective:finance-to-scale.title``); ``lang`` is
    the language whose text is stale or missing; ``file``/``line`` (1-based) where to fix it;
    ``source_file``/``source_line`` where the other language changed (stale) or is (missing)."""

    state: Literal["stale", "missing"]
    kind: Literal["page", "data"]
    key: str
    lang: str
    file: str
    line: int
    source_file: str
    source_line: int
    text: Text | None = None  # a data field's value
    column: int = 1

    @property
    def other(self) -> str:
        return next(code for code in LANGS if code != self.lang)

    @property
    def entry_id(self) -> str | None:
        """``finance-to-scale`` for ``objective:finance-to-scale.title``; None outside a list entry."""
        head = self.key.split(".", 1)[0]
        return head.split(":", 1)[1] if ":" in head else None


def page_text(file: Path) -> str | None:
    """A page's text, or ``None`` when it is not UTF-8 (:func:`unreadable_pages` says where)."""
    try:
        return file.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def unreadable_pages(docs_dir: Path = DOCS_DIR, root: Path | None = None) -> list[Problem]:
    """A problem at the first bad byte of every page that is not saved as UTF-8 (a Latin-1 page)."""
    root = root or docs_dir.parent
    found = []
    for by_lang in pages(docs_dir).values():
        for file in by_lang.values():
            try:
                file.read_bytes().decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raw = exc.object[:exc.start]
                line, column = raw.count(b"\n") + 1, exc.start - (raw.rfind(b"\n") + 1) + 1
                found.append(Problem(_relative(file, root), line, column, "", "",
                                     message("check_not_utf8", byte=f"0x{exc.object[exc.start]:02X}")))
            except OSError as exc:
                found.append(Problem(_relative(file, root), 1, 1, "", "", message("check_unreadable", reason=exc.strerror)))
    return found


def _changed(old: str | None, new: str | None) -> bool:
    return old is not None and new is not None and old != new


# short_hash of a data text, kept for the texts a save left as they were (`mkdocs serve`): the
# recorded texts' hashes, four a text, were 6 ms of a rebuild at 1,000 objectives (issue #21)
_text_hash = lru_cache(maxsize=1 << 16)(short_hash)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _page_entries(docs_dir: Path, record: dict[str, dict[str, str]], root: Path) -> Iterator[Entry]:
    for path, by_lang in pages(docs_dir).items():
        if len(by_lang) < len(LANGS):
            (present, file), = by_lang.items()
            lang = next(code for code in LANGS if code != present)
            yield Entry("missing", "page", path, lang, _relative(docs_dir / lang / path, root), 1,
                        _relative(file, root), 1)
            continue
        texts = {lang: page_text(file) for lang, file in by_lang.items()}
        if any(text is None for text in texts.values()):
            continue  # not UTF-8: the checker says so (unreadable_pages)
        now = {lang: blocks(text) for lang, text in texts.items()}
        then = {lang: str((record.get(path) or {}).get(lang) or "").split() or None for lang in LANGS}
        hashes = {lang: [b.hash for b in now[lang]] for lang in LANGS}
        for changed, stale in (LANGS, LANGS[::-1]):
            if not (_changed(then[changed], hashes[changed]) and then[stale] == hashes[stale]):
                continue
            # the first block that differs from the recorded one, in both the old and the new text
            opcodes = difflib.SequenceMatcher(a=then[changed], b=hashes[changed], autojunk=False).get_opcodes()
            _, old_index, _, new_index, _ = next(op for op in opcodes if op[0] != "equal")
            changed_line = now[changed][min(new_index, len(now[changed]) - 1)].line if now[changed] else 1
            # translations keep the paragraphs in order: the stale page's paragraph at that position
            stale_blocks = now[stale]
            stale_line = stale_blocks[min(old_index, len(stale_blocks) - 1)].line if stale_blocks else 1
            yield Entry("stale", "page", path, stale, _relative(by_lang[stale], root), stale_line,
                        _relative(by_lang[changed], root), changed_line)


def _data_entries(located: Located, texts: list[tuple[str, JsonPath, dict[str, str]]], data_file: str,
                  record: dict[str, dict[str, str]]) -> Iterator[Entry]:
    """``texts``: :func:`fields` of ``located``'s data."""
    for key, path, value in texts:
        then = record.get(key)
        if then is None and all(map(value.get, LANGS)):
            # in both languages and not in the record: neither missing nor stale (issue #21: the
            # two hashes below were 18 ms of each `mkdocs serve` rebuild at 1,000 objectives)
            continue
        text = Text(**value)
        missing = [lang for lang in LANGS if not value.get(lang)]
        if missing:
            present = next(lang for lang in LANGS if lang not in missing)
            line = located.position(path)[0]
            yield Entry("missing", "data", key, missing[0], data_file, line, data_file,
                        located.position(path + (present,))[0], text)
            continue
        then = then or {}
        for changed, stale in (LANGS, LANGS[::-1]):
            if (then.get(changed) is not None and then.get(stale) is not None  # hashed only when recorded
                    and _changed(then.get(changed), _text_hash(value[changed]))
                    and then.get(stale) == _text_hash(value[stale])):
                line, column = located.position(path + (stale,))
                yield Entry("stale", "data", key, stale, data_file, line, data_file,
                            located.position(path + (changed,))[0], text, column)


@dataclass(frozen=True)
class Report:
    entries: tuple[Entry, ...]
    unrecorded: int  # pages and texts in both languages that the record does not know yet
    settings: dict[str, Any]  # the data's `settings`: `stale_translations`, `missing_translations`

    def stale_texts(self) -> dict[Text, str]:
        """Data texts whose translation is stale, with the language that is out of date."""
        return {e.text: e.lang for e in self.entries if e.state == "stale" and e.kind == "data" and e.text}

    def stale_page(self, lang: str, path: str) -> Entry | None:
        """The stale entry of the page ``path`` (under the language folder) in ``lang``, if any."""
        return next((e for e in self.entries if e.kind == "page" and e.state == "stale"
                     and e.lang == lang and e.key == path), None)


def report(docs_dir: Path = DOCS_DIR, data_file: Path = DATA_FILE, record_dir: Path = RECORD_DIR,
           root: Path | None = None) -> Report:
    """Every stale and missing translation, pages first, then data in file order.

    ``record_dir`` is the record's folder (``data/translations/``; the single file it replaced
    is read too). Raises :class:`roadmap.problems.DataError` when the data file is not valid YAML."""
    root = root or data_file.resolve().parent.parent
    record = translation_record.read(record_dir)
    found = pages(docs_dir)
    unrecorded = sum(len(by_lang) == len(LANGS) and path not in record["pages"] for path, by_lang in found.items())
    entries = list(_page_entries(docs_dir, record["pages"], root))
    located = parse_yaml(data_file.read_text(encoding="utf-8"), _relative(data_file, root))
    texts = list(fields(located.data))  # walked once, for both
    entries += _data_entries(located, texts, _relative(data_file, root), record["data"])
    unrecorded += sum(key not in record["data"] and all(map(value.get, LANGS)) for key, _, value in texts)
    settings = located.data.get("settings") if isinstance(located.data, dict) else None
    return Report(tuple(entries), unrecorded, settings if isinstance(settings, dict) else {})


@lru_cache(maxsize=4)
def _report_cached(docs_dir: Path, data_file: Path, record_dir: Path, stamps: tuple[Any, ...]) -> Report:
    return report(docs_dir, data_file, record_dir)


def report_cached(docs_dir: Path = DOCS_DIR, data_file: Path = DATA_FILE, record_dir: Path = RECORD_DIR) -> Report:
    """:func:`report`, once per version of the data, the record and the pages (``mkdocs serve``
    rebuilds after every save and builds once per language)."""
    files: list[Path] = [*sorted(docs_dir.rglob("*.md")), record_dir,
                             *(sorted(record_dir.rglob("*.yml")) if record_dir.is_dir() else ())]
    files = [data_file, *files]
    return _report_cached(docs_dir, data_file, record_dir, (tuple(map(str, files)), tuple(map(caches.file_stamp, files))))


# --------------------------------------------------------------------------- messages


def messages(entry: Entry) -> Message:
    """What to do about ``entry``, in both languages (texts in roadmap/labels.yml)."""
    names = {code: message(f"language_{code}") for code in LANGS}
    return message(f"check_translation_{entry.state}_{entry.kind}", stale=names[entry.lang], other=names[entry.other],
                   file=entry.file, source_file=entry.source_file, source_line=entry.source_line)


def problems(found: Report) -> list[Problem]:
    """The stale and missing pages and stale data texts as checker problems (missing data texts
    are the data checker's). ``settings.stale_translations`` and ``settings.missing_translations``
    (both ``warning`` by default: a contribution in one language passes) decide their severity."""
    severity = {"stale": found.settings.get("stale_translations", "warning"),
                "missing": found.settings.get("missing_translations", "warning")}
    out = []
    for entry in found.entries:
        if entry.kind == "data" and entry.state == "missing":
            continue
        where, field = _describe(entry) if entry.kind == "data" else ("", "")
        out.append(Problem(entry.file, entry.line, entry.column, where, field, messages(entry), severity[entry.state]))
    return out


def _describe(entry: Entry) -> tuple[Place, str]:
    """("objective 'finance-to-scale'", "milestones[2025-06].text") for a data entry, the entry's
    kind in both languages."""
    head, _, rest = entry.key.partition(".")
    if ":" in head:
        kind, ident = head.split(":", 1)
        name = message(f"check_entry_{kind}")
        return Place(f"{name.en} '{ident}'", f"{name.es} '{ident}'"), rest
    return "", entry.key
