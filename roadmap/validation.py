"""Validate the data read by :mod:`roadmap.yaml_reader`: every problem at once, in file order.

Takes a :class:`~roadmap.yaml_reader.Located`; gives the list of
:class:`~roadmap.problems.Problem` (:func:`validate`): the JSON Schema with the declared types'
checks (:mod:`roadmap.formats`), the cross-references (:mod:`roadmap.references`), the rules of a
citable record (:mod:`roadmap.record_rules`: evidence, ids, history entries) and the missing
translations. Each problem has the file, line and column, the entry (e.g.
``objective 'finance-to-scale'``), the field and what is expected, so a contributor who is not a
programmer can fix the YAML from the message alone, in Spanish or English
(:mod:`roadmap.messages`, wording in ``roadmap/labels.yml``). Also the schemas themselves
(:func:`schema`, :func:`export_schema`).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Literal

from . import caches
from .formats import FORMATS, Invalid
from .messages import Message, labels, message
from .problems import Place, Problem, did_you_mean
from .project import EXPORT_SCHEMA_FILE, LANGS, SCHEMA_FILE
from .record_rules import evidence_message, record_rules
from .references import references
from .suggestions import suggest
from .yaml_reader import JsonPath, Located, entry_keys

if TYPE_CHECKING:  # jsonschema is imported where it is used: a build whose data was checked before never needs it
    import jsonschema

MAX_PROBLEMS_PER_VALUE = 20  # problems reported inside one text, at most
MAX_PROBLEMS = 500  # problems reported in all, at most, then "…and N more"
MAX_SCHEMA_ERRORS = 2 * MAX_PROBLEMS  # the schema's errors collected, at most (memory stays bounded)


def schema() -> dict[str, Any]:
    """data/objectives.schema.json, read again once the file changed (`mkdocs serve` sees an edit)."""
    return _schema(caches.file_stamp(SCHEMA_FILE))


@lru_cache(maxsize=1)
def _schema(stamp: tuple[int, ...]) -> dict[str, Any]:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def _validator() -> jsonschema.Draft202012Validator:
    return _validator_for(caches.file_stamp(SCHEMA_FILE))


@lru_cache(maxsize=1)
def _validator_for(stamp: tuple[int, ...]) -> jsonschema.Draft202012Validator:
    """The schema with its ``$defs`` inlined: resolving thousands of ``$ref``s took 40% of the
    validation time at 1,000 objectives. The published schema keeps its ``$defs``."""
    import jsonschema

    definitions = schema()["$defs"]

    def inline(value: Any) -> Any:
        if isinstance(value, dict):
            ref = value.get("$ref", "")
            rest = {k: inline(v) for k, v in value.items() if k not in ("$ref", "$defs")}
            if ref.startswith("#/$defs/"):
                return {**inline(definitions[ref.removeprefix("#/$defs/")]), **rest}
            return rest
        if isinstance(value, list):
            return [inline(v) for v in value]
        return value

    checker = jsonschema.FormatChecker(formats=())
    for name, check in FORMATS.items():
        checker.checks(name, raises=Invalid)(check)
    validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _pattern})
    return validator(inline(schema()), format_checker=checker)


@lru_cache(maxsize=None)
def _ecma_pattern(pattern: str) -> re.Pattern[str]:
    r"""``pattern`` as JSON Schema means it (ECMA-262): ``$`` is the end of the text. Python's
    ``$`` also matches before a final newline, so "PE\n" passed ``^[A-Z]{2}$``: every ``$``
    that is not escaped or in a character class becomes ``\Z``."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if c == "[":
            in_class = True
        elif c == "]":
            in_class = False
        out.append("\\Z" if c == "$" and not in_class else c)
        i += 1
    return re.compile("".join(out))


def _pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterable[jsonschema.ValidationError]:
    """The ``pattern`` keyword with the end of the text meaning the end (see :func:`_ecma_pattern`)."""
    if validator.is_type(instance, "string") and not _ecma_pattern(pattern).search(instance):
        from jsonschema import ValidationError

        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def export_schema() -> dict[str, Any]:
    """The format of the published per-language JSON (see :mod:`roadmap.export`), read again once
    the file changed."""
    return _export_schema(caches.file_stamp(EXPORT_SCHEMA_FILE))


@lru_cache(maxsize=1)
def _export_schema(stamp: tuple[int, ...]) -> dict[str, Any]:
    return json.loads(EXPORT_SCHEMA_FILE.read_text(encoding="utf-8"))


def _entry(data: Any, path: JsonPath) -> tuple[Place, Place]:
    """Split a JSON path into a readable entry name and the field inside it, in both languages:
    ("objective 'finance-to-scale'", "milestones item 1 → date"). List positions count from 1."""
    where = Place("")
    if len(path) >= 2 and isinstance(path[1], int) and isinstance(data, dict):
        collection, index = path[0], path[1]
        items = data.get(collection)
        item = items[index] if isinstance(items, list) and index < len(items) else None
        singular = {"objectives": "objective", "countries": "country", "actors": "actor",
                    "themes": "theme", "sources": "source", "statuses": "status",
                    "horizons": "horizon", "figures": "figure", "pillars": "pillar",
                    "timeline": "timeline", "glossary": "glossary"}.get(str(collection))
        key = None
        if isinstance(item, dict):
            key = item.get("id") or item.get("code") or item.get("number")
        if singular and isinstance(key, (str, int)):
            name = message(f"check_entry_{singular}")
            where = Place(f"{name.en} '{str(key)[:60]}'", f"{name.es} '{str(key)[:60]}'")
        else:
            where = _field_text((collection, index))
        rest = path[2:]
    else:
        rest = path
    return where, _field_text(rest)


def _field_text(path: JsonPath) -> Place:
    """``("history", 1, "note", "en")`` → "history item 2 → note.en" (Spanish: "elemento 2"):
    list positions count from 1, as people count."""
    texts = {}
    for lang in LANGS:
        text, after_item = "", False
        for part in path:
            if isinstance(part, int):
                item = message("check_item", n=part + 1).get(lang)
                text, after_item = (f"{text} {item}" if text else item), True
            else:
                text, after_item = text + (" → " if after_item else "." if text else "") + str(part), False
        texts[lang] = text
    return Place(texts["en"], texts["es"])


def _schema_message(error: jsonschema.ValidationError) -> Message:
    """Say what is expected in words a contributor can act on, in both languages, with the
    nearest valid value where there is one."""
    v, expected = error.validator, error.validator_value
    if v == "format" and isinstance(error.cause, Invalid) and error.cause.text is not None:
        return error.cause.text
    if v == "required":
        missing = [name for name in expected if name not in (error.instance or {})]
        # a figure's or a source's evidence (issue #19): say why it is needed
        return (evidence_message(tuple(error.absolute_path), missing)
                or message("check_required", fields=", ".join(repr(m) for m in missing)))
    if v == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(map(str, set(error.instance) - set(allowed))) if isinstance(error.instance, dict) else []
        return did_you_mean(message("check_unknown_field", field=", ".join(repr(e) for e in extra), allowed=", ".join(allowed)),
                             suggest(extra[0], allowed) if len(extra) == 1 else [])
    if v == "enum":
        allowed = [str(e) for e in expected]
        return did_you_mean(message("check_enum", value=repr(error.instance), allowed=", ".join(allowed)),
                             suggest(error.instance, allowed, {k: w for k, w in _value_labels().items() if k in allowed}))
    if v == "pattern":
        hint = error.schema.get("description", f"a value matching {expected}")
        hint = hint[0].lower() + hint[1:] if hint[1:2].islower() else hint  # "ISO 3166-1…" keeps its capitals
        hint_es = error.schema.get("x-description-es", hint)
        hint_es = hint_es[0].lower() + hint_es[1:] if hint_es[1:2].islower() else hint_es
        text = message("check_pattern", value=repr(error.instance), hint="{hint}")
        return Message(en=text.en.replace("{hint}", hint), es=text.es.replace("{hint}", hint_es))
    if v == "type":
        wanted = expected if isinstance(expected, list) else [expected]
        kinds = {w: message(f"check_kind_{w}") if w in _KINDS else Message(w, w) for w in wanted}
        shown = {lang: repr(error.instance) if not isinstance(error.instance, (dict, list))
                 else message(f"check_kind_{'object' if isinstance(error.instance, dict) else 'array'}").get(lang)
                 for lang in LANGS}
        return Message(**{lang: message("check_type", value=shown[lang], expected=message("check_or").get(lang).join(
            k.get(lang) for k in kinds.values())).get(lang) for lang in LANGS})
    if v == "minProperties" and error.schema.get("properties", {}).keys() >= {"es", "en"}:
        return message("check_empty_bilingual")
    if v == "minLength":
        return message("check_empty")
    if v == "maxLength":
        return message("check_too_long", limit=expected)
    if v == "minItems":
        return message("check_min_items", n=expected)
    if v == "uniqueItems":
        return message("check_unique_items")
    if v == "oneOf" and error.schema.get("description"):
        hint = error.schema["description"]
        hint_es = error.schema.get("x-description-es", hint)
        text = message("check_one_of", value=repr(error.instance), hint="{hint}")
        return Message(en=text.en.replace("{hint}", hint[0].lower() + hint[1:]),
                       es=text.es.replace("{hint}", hint_es[0].lower() + hint_es[1:]))
    return Message(error.message)


_KINDS = ("string", "object", "array", "integer", "number", "boolean", "null")


@lru_cache(maxsize=1)
def _value_labels() -> dict[str, tuple[str, ...]]:
    """The words the site shows for fixed values (``sector_public``, ``side_public`` in
    roadmap/labels.yml → ``public``), so a label written instead of its value gets "did you
    mean …?": ``sector: público`` → ``public``."""
    found: dict[str, tuple[str, ...]] = {}
    for name, texts in labels().items():
        prefix, _, value = name.partition("_")
        if prefix in ("sector", "side") and isinstance(texts, dict):
            found[value] = found.get(value, ()) + tuple(texts.values())
    return found


# Each objective entry's texts lacking a language (paths inside the entry), by the entry itself:
# a save leaves the entries it did not touch the very objects of the last parse
# (roadmap/yaml_splice.py), and parsed data is never changed in place. `mkdocs serve` checks the
# data at every save: the whole walk was 5% of a rebuild at 1,000 objectives (issue #21).
_entry_gaps: dict[int, tuple[Any, list[JsonPath]]] = {}


def _translations(located: Located) -> Iterable[JsonPath]:
    """Paths of every bilingual text that lacks one language, in the order of a walk of the whole
    data (the problems list stops at :data:`MAX_PROBLEMS`: the order says which are listed)."""
    global _entry_gaps
    kept: dict[int, tuple[Any, list[JsonPath]]] = {}
    objectives = located.data.get("objectives") if isinstance(located.data, dict) else None

    def entry_gaps(value: Any, path: JsonPath) -> list[JsonPath] | None:
        if value is not objectives or not isinstance(value, list):
            return None
        gaps: list[JsonPath] = []
        for index in reversed(range(len(value))):  # the order the walk below takes a list in
            entry = value[index]
            known = _entry_gaps.get(id(entry))
            inside = known[1] if known is not None and known[0] is entry else _gaps(entry, (), _no_shortcut)
            kept[id(entry)] = (entry, inside)
            gaps += [path + (index,) + gap for gap in inside]
        return gaps

    found = _gaps(located.data, (), entry_gaps)
    _entry_gaps = kept
    return found


def _no_shortcut(value: Any, path: JsonPath) -> None:
    return None


def _gaps(top: Any, at: JsonPath, shortcut: Callable[[Any, JsonPath], list[JsonPath] | None]) -> list[JsonPath]:
    """The walk of :func:`_translations` from ``top`` (at ``at``): depth first, the last item of a
    mapping or list first. ``shortcut`` gives a value's gaps without walking it, or None."""
    stack: list[tuple[Any, JsonPath]] = [(top, at)]
    found: list[JsonPath] = []
    while stack:
        value, path = stack.pop()
        known = shortcut(value, path)
        if known is not None:
            found += known
        elif isinstance(value, dict):
            if value and set(value) <= set(LANGS) and all(isinstance(v, str) for v in value.values()):
                found += [path + (lang,) for lang in LANGS if not value.get(lang)]
                continue
            stack.extend((v, path + (k,)) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, path + (i,)) for i, v in enumerate(value))
    return found


def validate(located: Located, file: str, docs_dir: Path | None = None) -> list[Problem]:
    """Every problem in the data: schema and declared types (text policy included), references
    and translations, in file order, whatever else is wrong. At most
    :data:`MAX_PROBLEMS_PER_VALUE` problems inside one text and :data:`MAX_PROBLEMS` in all,
    then one last problem says how many more there are: nobody reads the 20,000th, and finding
    the place of each made a large broken file take minutes."""
    found = _Found(located, file)
    paths = located.paths_of(located.repeated_keys[:MAX_PROBLEMS])
    for key in located.repeated_keys:
        if found.room():
            line, col = key.start_mark.line + 1, key.start_mark.column + 1
            where, fld = _entry(located.data, paths.get(id(key), ()))
            found.problems.append(Problem(file, line, col, where, fld, message("check_repeated_key")))
    data = located.data
    if not isinstance(data, dict):
        found.add((), message("check_not_mapping"))
        return _with_more(found.problems, found.more, file)
    _schema_problems(found, data)
    # cross-references and translations are checked even when the schema failed, so one run lists everything
    for path, text in references(data):
        found.add(path, text)
    for path, text in record_rules(data, docs_dir):  # ids and history entries (issue #19): against docs_dir
        found.add(path, text)
    settings = data.get("settings")
    setting = settings.get("missing_translations", "warning") if isinstance(settings, dict) else "warning"
    severity: Literal["error", "warning"] = "warning" if setting == "warning" else "error"
    for path in _translations(located):
        missing, other = ("es", "en") if path[-1] == "es" else ("en", "es")
        # what happens depends on the setting: say which
        key = "check_translation_pending" if severity == "warning" else "check_translation_missing"
        if found.room(severity):
            found.add(path[:-1], message(key, missing=message(f"check_language_{missing}"),
                                         other=message(f"check_language_{other}")), severity)
    return _with_more(found.problems, found.more, file)


class _Found:
    """The problems found so far, up to :data:`MAX_PROBLEMS`, and how many more were left out."""

    def __init__(self, located: Located, file: str) -> None:
        self.located, self.file = located, file
        self.problems: list[Problem] = []
        self.more = {"error": 0, "warning": 0}

    def room(self, severity: Literal["error", "warning"] = "error", count: int = 1) -> bool:
        if len(self.problems) < MAX_PROBLEMS:
            return True
        self.more[severity] += count
        return False

    def add(self, path: JsonPath, text: Message | Callable[[], Message], severity: Literal["error", "warning"] = "error") -> None:
        if self.room(severity):
            line, col = self.located.position(path)
            where, fld = _entry(self.located.data, path)
            self.problems.append(Problem(self.file, line, col, where, fld, text if isinstance(text, Message) else text(), severity))


# The objective entries (as ``repr``: their values and types) of the last data in this process
# the schema passed whole, and the schema file's stamp then. `mkdocs serve` checks the data again
# at every save, and a save changes one entry or a few (issue #21: the schema was half the check
# at 1,000 objectives); an edited schema judges every entry again.
_clean_objectives: frozenset[str] = frozenset()
_clean_schema: tuple[int, ...] = ()


def _schema_passes_known_objectives(data: dict[str, Any], stamp: tuple[int, ...]) -> tuple[bool, list[str] | None]:
    """Whether the schema passes ``data`` without validating again the objectives of
    :data:`_clean_objectives`: the schema of ``objectives`` is ``type: array`` and ``items``
    (one entry's verdict depends on that entry alone), so the data passes whole when it passes with
    only the other objectives. Gives the entries' keys too, to remember them. Any schema error,
    or anything unusual, gives False: the whole data is validated, and its messages are those of a
    check that never saw this shortcut."""
    objectives = data.get("objectives")
    if not isinstance(objectives, list):
        return False, None
    keys = entry_keys(objectives)
    if not _clean_objectives or _clean_schema != stamp or set(schema()["properties"]["objectives"]) - _ITEMWISE:
        return False, keys
    fresh = [o for o, key in zip(objectives, keys) if key not in _clean_objectives]
    if len(fresh) == len(objectives):
        return False, keys
    return next(iter(_validator_for(stamp).iter_errors({**data, "objectives": fresh})), None) is None, keys


_ITEMWISE = {"type", "items", "description", "x-description-es"}  # no keyword relating one entry to another


def passed_whole(located: Located, stamp: tuple[int, ...]) -> None:
    """The data passed this very check before with no problem at all (roadmap/model.py's cache of
    clean files): its objectives are the ones the schema passed last. ``stamp``: the schema
    file's, taken before the check read the schema."""
    objectives = located.data.get("objectives") if isinstance(located.data, dict) else None
    if isinstance(objectives, list):
        _remember_clean(frozenset(entry_keys(objectives)), stamp)


def _remember_clean(keys: frozenset[str], stamp: tuple[int, ...]) -> None:
    """Remembered with the schema's stamp from before it was read: a schema saved while the data
    was checked has another stamp, and the next check validates every entry against it."""
    global _clean_objectives, _clean_schema
    _clean_objectives, _clean_schema = keys, stamp


def _schema_problems(found: _Found, data: dict[str, Any]) -> None:
    """The schema's and the declared types' problems (each text's, up to :data:`MAX_PROBLEMS_PER_VALUE`)."""
    stamp = caches.file_stamp(SCHEMA_FILE)  # before the schema is read (see _remember_clean)
    passes, keys = _schema_passes_known_objectives(data, stamp)
    if passes:
        _remember_clean(frozenset(keys or ()), stamp)
        return
    problems, more, file = found.problems, found.more, found.file
    allowed = {"roadmap-text": message("check_text_allowed"), "roadmap-label-text": message("check_label_allowed")}
    # kept up to a bound, the rest only counted: 45,000 objectives missing their fields kept 1.2 GB of errors
    errors: list[jsonschema.ValidationError] = []
    for error in _validator_for(stamp).iter_errors(data):
        if len(errors) < MAX_SCHEMA_ERRORS:
            errors.append(error)
        else:
            more["error"] += 1
    if not errors and not more["error"] and keys is not None:
        _remember_clean(frozenset(keys), stamp)
    # one mistake, one message: a date of the wrong form is not also "not a real date" (the
    # pattern's message says the form); a URL's own check says more than its pattern, so both stay
    wrong_form = {tuple(e.absolute_path) for e in errors if e.validator == "pattern"}
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator == "format" and error.validator_value == "roadmap-date" and path in wrong_form:
            continue
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            # point at the misspelt key itself rather than at the start of its entry
            extra = [k for k in error.instance if k not in error.schema.get("properties", {})]
            path = path + (extra[0],) if extra else path
        if error.validator == "format" and isinstance(error.cause, Invalid) and error.cause.violations:
            violations = error.cause.violations
            shown = violations[:max(0, min(MAX_PROBLEMS_PER_VALUE, MAX_PROBLEMS - len(problems)))]
            more["error"] += len(violations) - len(shown)
            if not shown:
                continue
            where, fld = _entry(data, path)
            places = found.located.positions_in_value(path, error.instance, [(v.offset, v.length) for v in shown])
            rule = allowed.get(error.validator_value, allowed["roadmap-text"])
            for v, (line, col) in zip(shown, places):
                text = message(v.key, **v.values)
                problems.append(Problem(file, line, col, where, fld, Message(
                    en=f"{text.en} {rule.en}", es=f"{text.es} {rule.es}")))
            continue
        if found.room():
            found.add(path, _schema_message(error))


def _with_more(problems: list[Problem], more: dict[str, int], file: str) -> list[Problem]:
    """``problems`` in file order, then "…and N more" when some were left out (an error if any
    of those is one, so a capped list never lets a broken file through)."""
    problems = sorted(problems, key=lambda p: (p.line, p.column))
    count = more["error"] + more["warning"]
    if count:
        last = problems[-1] if problems else None
        problems.append(Problem(file, last.line if last else 1, last.column if last else 1, "", "",
                                message("check_more_problems", count=count),
                                "error" if more["error"] else "warning"))
    return problems
