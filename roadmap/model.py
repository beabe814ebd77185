"""Load ``data/objectives.yml``, validate it, and turn it into typed, read-only objects.

Validation reports every problem at once, each with the file, line and column, the entry
(e.g. ``objective 'finance-to-scale'``), the field and what is expected, so a contributor who
is not a programmer can fix the YAML from the message alone. Messages carry Spanish and English
(:mod:`roadmap.messages`, wording in ``roadmap/labels.yml``).

The checker never raises, whatever the bytes: undecodable text, control characters, YAML that
nests or repeats itself (anchors and aliases) beyond small bounds, all become problems with a
line and column, and the bounds are checked before anything walks the tree.

Every kind of value has one declared type in the schema's ``$defs`` (``id``, ``date``, ``url``,
``number``, ``text``, ...), and each type with a ``format`` has one Python check in :data:`FORMATS`,
so a date is checked as a date wherever a date occurs.
"""

from __future__ import annotations

import bisect
import datetime as dt
import gc
import json
import math
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Literal

import jsonschema
import yaml

from . import syntax_errors, text_policy
from .messages import Message, labels, message
from .suggestions import suggest

LANGS = ("es", "en")
ROOT = Path(__file__).resolve().parent.parent
DATA_FILE = ROOT / "data" / "objectives.yml"
SCHEMA_FILE = ROOT / "data" / "objectives.schema.json"
EXPORT_SCHEMA_FILE = ROOT / "data" / "objectives.export.schema.json"

JsonPath = tuple[str | int, ...]

# Bounds on what a data file may be, checked before the YAML is turned into data. The real file
# nests 6 levels deep and uses no alias; 1,000 synthetic objectives are 0.9 MB.
MAX_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 32
ALIAS_BUDGET = 1000  # values that aliases (*name) may repeat, in all
MAX_SCALAR = 100_000  # characters in one value
MAX_NUMBER_DIGITS = 30
MAX_RAW_PROBLEMS = 20  # control characters reported, at most, before the rest of the check
MAX_PROBLEMS_PER_VALUE = 20  # problems reported inside one text, at most
MAX_PROBLEMS = 500  # problems reported in all, at most, then "…and N more"


# --------------------------------------------------------------------------- problems


class Place(str):
    """A part of a problem's place, e.g. "objective 'finance-to-scale'": the English text, which it
    equals and prints as, carrying its Spanish in ``es``."""

    es: str

    def __new__(cls, en: str, es: str | None = None) -> "Place":
        place = super().__new__(cls, en)
        place.es = en if es is None else es
        return place

    def get(self, lang: str) -> str:
        return self.es if lang == "es" else str(self)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: int
    where: str  # the entry, e.g. "objective 'finance-to-scale'" (a Place: in Spanish too); "" at the top level
    field: str  # the field inside the entry, e.g. "milestones item 1 → date" (items count from 1)
    message: Message  # both languages; str() is English
    severity: Literal["error", "warning"] = "error"

    def place(self, lang: str) -> str:
        """"objective 'finance-to-scale' → theme", in ``lang``; "" at the top level."""
        parts = (part.get(lang) if isinstance(part, Place) else str(part) for part in (self.where, self.field))
        return " → ".join(part for part in parts if part)

    def text(self, lang: str = "en") -> str:
        """``file:line:col: error: place: message``, the message and the place in ``lang``. The
        severity stays ``error``/``warning`` in both: scripts/build_annotated.py reads it."""
        place = self.place(lang)
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {place + ': ' if place else ''}{self.message.get(lang)}"

    def __str__(self) -> str:
        return self.text("en")

    def github_annotation(self) -> str:
        """GitHub Actions workflow command, shown on the changed line of a pull request: the
        message in Spanish, then in English (contributors write either)."""
        texts = []
        for lang in LANGS:
            place = self.place(lang)
            texts.append(f"{place + ': ' if place else ''}{self.message.get(lang)}")
        text = "\n\n".join(dict.fromkeys(texts)).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{self.severity} file={self.file},line={self.line},col={self.column}::{text}"


class DataError(Exception):
    """Raised with every problem found, so the build stops before writing anything."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(self.text("en"))

    def text(self, lang: str = "en") -> str:
        """Every problem, one a line, in ``lang``."""
        count = len(self.problems)
        head = message("check_data_problems", count=count).get(lang)
        return head + "\n" + "\n".join(f"  {p.text(lang)}" for p in self.problems)


# --------------------------------------------------------------------------- YAML with positions


class _Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """Safe loader that keeps dates as strings (the schema and the date check judge them, so a
    typo like 2024-02-30 becomes a clear error instead of a crash inside PyYAML) and notes
    repeated keys, which PyYAML would otherwise silently overwrite."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self.repeated_keys: list[yaml.Node] = []

    def construct_plain(self, node: yaml.Node) -> Any:
        """Build the data from the node tree, once :func:`_bounds` has accepted it. Plain strings,
        lists and mappings (nearly all of the file) are built here directly, four times faster than
        PyYAML's generic constructor, which still handles numbers, booleans, null and merge keys.
        A key is always its text: ``1:`` or ``on:`` is the key "1" or "on"."""
        if node.__class__ is yaml.ScalarNode:
            if node.tag == _STR:
                return node.value
            try:
                return self.construct_object(node, deep=True)
            except (KeyError, ValueError, TypeError, OverflowError):  # `!!bool maybe`, `!!int x`
                raise _NodeError(node, message("check_tag_value", value=repr(node.value[:60]),
                                               tag=node.tag.rsplit(":", 1)[-1])) from None
        if node.__class__ is yaml.SequenceNode:
            return [self.construct_plain(item) for item in node.value]
        if node.__class__ is yaml.MappingNode:
            # merge keys (`<<: *base`) done here too, so a repeated key next to one is still
            # reported and every key stays its text: keys written here win over merged ones
            mapping: dict[Any, Any] = {}
            merged: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE:
                    sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                    for source in sources:
                        if not isinstance(source, yaml.MappingNode):
                            raise _NodeError(source, message("check_merge_value"))
                        for key, value in self.construct_plain(source).items():
                            merged.setdefault(key, value)  # the first mapping listed wins, as in YAML
                    continue
                key = key_node.value
                if key in mapping:
                    self.repeated_keys.append(key_node)
                mapping[key] = self.construct_plain(value_node)
            return {**merged, **mapping} if merged else mapping
        return self.construct_object(node, deep=True)


class _NodeError(Exception):
    """A value that cannot be built, at its node: reported as a problem at the value."""

    def __init__(self, node: yaml.Node, text: Message):
        super().__init__(str(text))
        self.node, self.text = node, text


_STR, _SEQ, _MAP, _MERGE = (f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map", "merge"))
_INT = "tag:yaml.org,2002:int"
_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map", "merge", "int", "float", "bool", "null"))


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Located:
    """Parsed YAML, its node tree and its text, to find the line and column of any value.

    Positions are looked up on demand rather than indexed up front: a valid file needs only a
    few (the entries' lines, for edit links), and indexing every value doubled the load time."""

    data: Any
    root: yaml.Node | None
    repeated_keys: list[yaml.Node]
    text: str = ""

    def node_at(self, path: Iterable[str | int]) -> tuple[yaml.Node | None, yaml.Mark | None]:
        """The node at ``path`` (``None`` if the path stops early) and the mark to report: a key's
        own position for a mapping entry, so an error about a field points at the field's name."""
        node = self.root
        if node is None:
            return None, None
        mark = node.start_mark
        for part in path:
            if isinstance(node, yaml.MappingNode):
                # the last of repeated keys wins, as in the constructed data
                found = next(((k, v) for k, v in reversed(node.value) if k.value == part), None)
                if found is None:
                    return None, mark
                mark, node = found[0].start_mark, found[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                mark = node.start_mark
            else:
                return None, mark
        return node, mark

    def position(self, path: Iterable[str | int]) -> tuple[int, int]:
        """1-based (line, column) of the deepest existing part of ``path``."""
        _, mark = self.node_at(path)
        return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)

    @cached_property
    def _newlines(self) -> list[int]:
        """Index of every newline in the text, found once per file (not once per problem)."""
        return [m.start() for m in re.finditer("\n", self.text)]

    def line_column(self, index: int) -> tuple[int, int]:
        """1-based (line, column) of the character at ``index`` in the text: a binary search."""
        line = bisect.bisect_left(self._newlines, index)
        return line + 1, index - (self._newlines[line - 1] if line else -1)

    def positions_in_value(self, path: JsonPath, value: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """1-based (line, column) of each ``value[offset:offset + length]`` of ``spans`` (in
        increasing ``offset``) in the file: found in the value's source text (quotes, escapes
        and folding make offsets differ), else the value's start. One forward pass over the
        value and its source per distinct snippet, so many problems in one value stay linear."""
        node, mark = self.node_at(path)
        if not isinstance(node, yaml.ScalarNode) or not self.text:
            return [(mark.line + 1, mark.column + 1) if mark is not None else (1, 1)] * len(spans)
        begin, finish = node.start_mark.index, node.end_mark.index
        # per candidate: (where counting in the value stopped, occurrences before it, last found in the source, found so far)
        state: dict[str, list[int]] = {}
        found = []
        for offset, length in spans:
            snippet = value[offset:offset + max(1, min(length, 20))]
            candidates = [snippet]
            if len(snippet) == 1 and (ord(snippet) < 0x20 or 0x7F <= ord(snippet) <= 0x9F):  # written escaped
                code = ord(snippet)
                candidates += [f"\\x{code:02x}", f"\\x{code:02X}", f"\\u{code:04x}", f"\\u{code:04X}"]
            position = (node.start_mark.line + 1, node.start_mark.column + 1)
            for candidate in candidates:
                counted, nth, at, seen = state.setdefault(candidate, [0, 0, begin - 1, 0])
                if candidate == snippet and offset >= counted:
                    nth += value.count(candidate, counted, offset)
                    counted = offset
                wanted = nth + 1 if candidate == snippet else seen + 1
                while seen < wanted and at < finish:
                    at = self.text.find(candidate, at + 1, finish)
                    if at < 0:
                        at = finish
                        break
                    seen += 1
                state[candidate] = [counted, nth, at, seen]
                if seen >= wanted and at < finish:
                    position = self.line_column(at)
                    break
            found.append(position)
        return found

    def path_of(self, target: yaml.Node) -> JsonPath:
        """The path of a key node (used only to name a repeated key in its error)."""
        return self.paths_of([target]).get(id(target), ())

    def paths_of(self, targets: Iterable[yaml.Node]) -> dict[int, JsonPath]:
        """The paths of key nodes, by ``id()`` of the node, in one walk of the tree."""
        wanted = {id(t) for t in targets}
        paths: dict[int, JsonPath] = {}
        stack: list[tuple[yaml.Node, JsonPath]] = [(self.root, ())] if self.root is not None and wanted else []
        while stack and len(paths) < len(wanted):  # iterative: the tree is bounded, but recursion has its own limit
            node, path = stack.pop()
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if id(key) in wanted:
                        paths[id(key)] = path + (key.value,)
                    stack.append((value, path + (key.value,)))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend((item, path + (index,)) for index, item in enumerate(node.value))
        return paths


# the text policy's forbidden characters, but carriage return: files saved on Windows end lines with it
_RAW_FORBIDDEN = re.compile(text_policy.FORBIDDEN_CHARS.pattern.replace("\x0b-\x1f", "\x0b\x0c\x0e-\x1f"))


def _raw_characters(text: str, file: str) -> tuple[str, list[Problem]]:
    """Control characters typed into the file itself (not written as escapes): each reported at
    its line and column, then replaced by a space so the rest of the file is still checked."""
    problems = []
    for m in _RAW_FORBIDDEN.finditer(text):
        if len(problems) < MAX_RAW_PROBLEMS:
            index = m.start()
            problems.append(Problem(file, text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index), "", "",
                                    message("check_control_char", code=f"U+{ord(m.group()):04X}")))
    return (_RAW_FORBIDDEN.sub(" ", text) if problems else text), problems


def _mark_problem(file: str, mark: Any, text: Message) -> Problem:
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Problem(file, line, col, "", "", text)


def _bounds(root: yaml.Node, file: str) -> list[Problem]:
    """Walk the composed node graph once, iteratively, counting what aliases repeat: too deep,
    too much repetition (the "billion laughs" alias bomb), an alias inside itself, a tag or key
    the file never needs, an overlong value. Linear in the file: an alias is counted by the
    size it would expand to, memoised, never expanded."""
    sizes: dict[int, int] = {}  # node id → values it stands for, once expanded
    open_: set[int] = set()
    repeated = 0
    stack: list[tuple[yaml.Node, int, Any, bool]] = [(root, 1, root.start_mark, False)]
    while stack:
        node, depth, mark, done = stack.pop()
        key = id(node)
        if done:
            open_.discard(key)
            children = (node.value if isinstance(node, yaml.SequenceNode)
                        else [n for pair in node.value for n in pair])
            sizes[key] = 1 + sum(sizes.get(id(c), 1) for c in children)
            continue
        if key in open_:
            return [_mark_problem(file, mark, message("check_alias_loop"))]
        if key in sizes:  # seen before: this is an alias
            repeated += sizes[key]
            if repeated > ALIAS_BUDGET:
                return [_mark_problem(file, mark, message("check_alias_budget", limit=ALIAS_BUDGET))]
            continue
        if depth > MAX_DEPTH:
            return [_mark_problem(file, node.start_mark, message("check_too_deep", limit=MAX_DEPTH))]
        if node.tag not in _TAGS:
            return [_mark_problem(file, node.start_mark, message("check_tag", tag=repr(node.tag[:60])))]
        if isinstance(node, yaml.ScalarNode):
            if len(node.value) > MAX_SCALAR or (node.tag == _INT and len(node.value) > MAX_NUMBER_DIGITS):
                limit = MAX_NUMBER_DIGITS if node.tag == _INT else MAX_SCALAR
                return [_mark_problem(file, node.start_mark, message("check_long_value", limit=limit))]
            sizes[key] = 1
            continue
        open_.add(key)
        stack.append((node, depth, mark, True))
        if isinstance(node, yaml.SequenceNode):
            # the parent's mark for an item: an alias node carries its anchor's position
            stack.extend((item, depth + 1, mark if item.start_mark.index < node.start_mark.index else item.start_mark, False)
                         for item in reversed(node.value))
        else:
            for key_node, value_node in reversed(node.value):
                if not isinstance(key_node, yaml.ScalarNode):
                    return [_mark_problem(file, key_node.start_mark, message("check_key_form"))]
                stack.append((value_node, depth + 1, key_node.start_mark, False))
                stack.append((key_node, depth + 1, key_node.start_mark, False))
    return []


# The check and the translations' report (roadmap/translations.py) both read the data file in one
# build: the second gets the first's tree (half a second at 1,000 objectives). Nothing mutates it.
# The build clears the cache once both are done (macros/__init__.py): the tree is large.
@lru_cache(maxsize=2)
def parse_yaml(text: str, file: str) -> Located:
    """Parse ``text`` into :class:`Located`, or raise :class:`DataError` with every problem found
    on the way (control characters, syntax, bounds). Raises nothing else. The result is shared
    between callers with the same text: read it, never change it."""
    text, problems = _raw_characters(text, file)
    loader = _Loader(text)
    # Composing creates a node per value (300,000 at 1,000 objectives), none of them garbage
    # yet: the cyclic collector's passes over them took up to half of the check.
    collecting = gc.isenabled()
    gc.disable()
    try:
        node = loader.get_single_node()
        problems += _bounds(node, file) if node is not None else []
        if problems:
            raise DataError(problems)
        data = loader.construct_plain(node) if node is not None else None
    except _NodeError as exc:
        raise DataError(problems + [_mark_problem(file, exc.node.start_mark, exc.text)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        if mark is None and getattr(exc, "position", None) is not None:  # a ReaderError
            line = text.count("\n", 0, exc.position) + 1
            mark = yaml.Mark("", exc.position, line - 1, exc.position - text.rfind("\n", 0, exc.position) - 1, None, None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if isinstance(exc, yaml.MarkedYAMLError):  # the line of the mistake, not of the parser's stop
            found = syntax_errors.locate(text, exc)
            said = message(found.key, **found.values)
            if found.stopped not in (None, found.line, found.values.get("until")):  # say each line once
                stopped = message("check_yaml_stopped", line=found.stopped)
                said = Message(en=f"{said.en} {stopped.en}", es=f"{said.es} {stopped.es}")
            raise DataError(problems + [Problem(file, found.line, found.column, "", "", said)]) from None
        raise DataError(problems + [_mark_problem(file, mark, message("check_yaml_syntax", problem=problem))]) from None
    finally:
        loader.dispose()
        if collecting:
            gc.enable()
    return Located(data, node, loader.repeated_keys, text)


# --------------------------------------------------------------------------- declared types


class _Invalid(Exception):
    """Raised by a type's check: the message(s), and for text the places inside the value."""

    def __init__(self, text: Message | None = None, violations: list[text_policy.Violation] | None = None):
        super().__init__(str(text))
        self.text, self.violations = text, violations or []


_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


def _check_date(value: Any) -> bool:
    """A real calendar date (YYYY, YYYY-MM or YYYY-MM-DD) between 1900 and 2100. Only a value
    that is not text is left to the schema's ``type``: a text of another form is refused here
    too, so nothing but a date passes even if the pattern were loosened."""
    if not isinstance(value, str):
        return True  # the type says what is wrong
    if not _DATE.fullmatch(value):
        raise _Invalid(message("check_date", value=value))
    parts = [int(p) for p in value.split("-")]
    try:
        day = dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        day = None
    if day is None or not 1900 <= day.year <= 2100:
        raise _Invalid(message("check_date", value=value))
    return True


def _check_url(value: Any) -> bool:
    """An absolute http(s) URL with a host, nothing a link could break out of (text_policy)."""
    problem = text_policy.url_problem(value) if isinstance(value, str) else None
    if problem:
        raise _Invalid(message(problem, value=value[:100]))
    return True


def _check_number(value: Any) -> bool:
    """A finite number of a sensible size (no NaN, no infinity)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not (
            math.isfinite(value) and abs(value) < 1e15):
        raise _Invalid(message("check_number", value=value))
    return True


# the one-pass test for the common case: a text with none of the characters the policy looks at
_TEXT_SUSPECT = re.compile(r"[<&!{}\]]|" + text_policy.FORBIDDEN_CHARS.pattern)


def _check_text(value: Any) -> bool:
    """Data text: the text policy (roadmap/text_policy.py). Empty text is the schema's to report."""
    if isinstance(value, str) and value and (not value.strip() or _TEXT_SUSPECT.search(value)):
        found = text_policy.violations(value)
        if found:
            raise _Invalid(violations=found)
    return True


def _check_label_text(value: Any) -> bool:
    """A title, name or label: data text shown as the text of a link, so without links of its own."""
    if isinstance(value, str) and value and (not value.strip() or _TEXT_SUSPECT.search(value) or "](" in value):
        found = text_policy.label_violations(value)
        if found:
            raise _Invalid(violations=found)
    return True


# `format` of a `$defs` type in data/objectives.schema.json → its check
FORMATS: dict[str, Callable[[Any], bool]] = {
    "roadmap-date": _check_date,
    "roadmap-url": _check_url,
    "roadmap-number": _check_number,
    "roadmap-text": _check_text,
    "roadmap-label-text": _check_label_text,
}


# --------------------------------------------------------------------------- validation


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    """The schema with its ``$defs`` inlined: resolving thousands of ``$ref``s took 40% of the
    validation time at 1,000 objectives. The published schema keeps its ``$defs``."""
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
        checker.checks(name, raises=_Invalid)(check)
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
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


@lru_cache(maxsize=1)
def export_schema() -> dict[str, Any]:
    """The format of the published per-language JSON (see :mod:`roadmap.export`)."""
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


def _did_you_mean(text: Message, suggestions: list[str]) -> Message:
    """``text`` followed by "did you mean …?" with the closest valid values (at most five,
    closest first: roadmap/suggestions.py), when there are any."""
    if not suggestions:
        return text
    if len(suggestions) == 1:
        hint = message("check_did_you_mean", value=suggestions[0])
    else:
        hint = message("check_did_you_mean_any", values=Message(en=", ".join(f"“{v}”" for v in suggestions),
                                                                 es=", ".join(f"«{v}»" for v in suggestions)))
    return Message(en=f"{text.en}: {hint.en}", es=f"{text.es}: {hint.es}")


LIST_ALL_UP_TO = 10  # an unknown reference lists every valid id when there are this many or fewer
_LISTS = {"dimensions": "methodology.dimensions"}  # where a list of ids lives, when not at the top


def _unknown_reference(value: str, ids: list[str], labels: dict[str, list[str]] | None, collection: str,
                       what: str) -> Message:
    """An id that is not in its list: the list itself when short, else its size and where it is;
    then the closest ids of that list (roadmap/suggestions.py)."""
    name = message(f"check_ref_{what}")
    if len(ids) <= LIST_ALL_UP_TO:
        text = message("check_unknown_ref", what=name, value=value, choices=", ".join(sorted(ids)) or "(none defined)")
    else:
        text = message("check_unknown_ref_many", what=name, value=value, count=len(ids), list=_LISTS.get(collection, collection))
    return _did_you_mean(text, suggest(value, ids, labels))


def _schema_message(error: jsonschema.ValidationError) -> Message:
    """Say what is expected in words a contributor can act on, in both languages, with the
    nearest valid value where there is one."""
    v, expected = error.validator, error.validator_value
    if v == "format" and isinstance(error.cause, _Invalid) and error.cause.text is not None:
        return error.cause.text
    if v == "required":
        missing = [name for name in expected if name not in (error.instance or {})]
        return message("check_required", fields=", ".join(repr(m) for m in missing))
    if v == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(map(str, set(error.instance) - set(allowed))) if isinstance(error.instance, dict) else []
        return _did_you_mean(message("check_unknown_field", field=", ".join(repr(e) for e in extra), allowed=", ".join(allowed)),
                             suggest(extra[0], allowed) if len(extra) == 1 else [])
    if v == "enum":
        allowed = [str(e) for e in expected]
        return _did_you_mean(message("check_enum", value=repr(error.instance), allowed=", ".join(allowed)),
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


def _items(data: dict[str, Any], collection: str) -> Iterable[tuple[int, dict[str, Any]]]:
    """The entries of a top-level list that are mappings (the schema reports the others)."""
    items = data.get(collection)
    return ((i, item) for i, item in enumerate(items) if isinstance(item, dict)) if isinstance(items, list) else ()


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _references(data: dict[str, Any]) -> Iterable[tuple[JsonPath, Message | Callable[[], Message]]]:
    """Cross-references and rules a schema cannot express; yields (path, message), the message
    of an unknown reference as a function that makes it. Reads only
    what has the right shape, so one malformed entry hides nothing about the others."""
    known: dict[str, dict[str, None]] = {}  # the ids of each list, in file order
    for collection, key in (("sources", "id"), ("themes", "id"), ("countries", "code"), ("actors", "id"),
                            ("statuses", "id"), ("horizons", "id"), ("objectives", "id"), ("figures", "id")):
        seen: dict[str, int] = {}
        for index, item in _items(data, collection):
            value = item.get(key)
            if not isinstance(value, str):
                continue
            if value in seen:
                yield (collection, index, key), message("check_duplicate_id", key=key, value=value,
                                                         entry=seen[value] + 1, collection=collection)
            seen.setdefault(value, index)
        known[collection] = dict.fromkeys(seen)
    methodology = data.get("methodology")
    known["dimensions"] = dict.fromkeys(dim["id"] for dim in _list(methodology.get("dimensions") if isinstance(methodology, dict) else None)
                                        if isinstance(dim, dict) and isinstance(dim.get("id"), str))

    # what readers see for each id (labels, names, acronyms), for "did you mean …?"
    shown: dict[str, dict[str, list[str]]] = {}
    for collection, key, names in (("statuses", "id", ("label",)), ("horizons", "id", ("label",)),
                                   ("themes", "id", ("name",)), ("countries", "code", ("name",)),
                                   ("actors", "id", ("name", "abbr"))):
        for _, item in _items(data, collection):
            if isinstance(item.get(key), str):
                shown.setdefault(collection, {})[item[key]] = [
                    text for name in names if isinstance(item.get(name), dict)
                    for text in item[name].values() if isinstance(text, str)]

    def check(path: JsonPath, value: Any, collection: str, what: str) -> Iterable[tuple[JsonPath, Message]]:
        if isinstance(value, str) and value not in known[collection]:
            # a message made only if it is shown: "did you mean" compares with every id
            yield path, lambda: _unknown_reference(value, list(known[collection]), shown.get(collection), collection, what)

    def sources_of(path: JsonPath, item: dict[str, Any]) -> Iterable[tuple[JsonPath, Message]]:
        if "source" in item:
            yield from check(path + ("source",), item["source"], "sources", "source")
        for i, ref in enumerate(_list(item.get("sources"))):
            yield from check(path + ("sources", i), ref, "sources", "source")

    for collection in ("figures", "timeline", "pillars", "themes", "actors", "glossary"):
        for index, item in _items(data, collection):
            yield from sources_of((collection, index), item)
    roadmap = data.get("roadmap")
    for i, ref in enumerate(_list(roadmap.get("sources")) if isinstance(roadmap, dict) else []):
        yield from check(("roadmap", "sources", i), ref, "sources", "source")
    for index, country in _items(data, "countries"):
        for f, fact in enumerate(_list(country.get("facts"))):
            if isinstance(fact, dict):
                yield from sources_of(("countries", index, "facts", f), fact)
        # country profiles (issue #10): figures and OECD findings cite sources; findings name dimensions
        for m, figure in enumerate(_list(country.get("msmes"))):
            if isinstance(figure, dict):
                yield from sources_of(("countries", index, "msmes", m), figure)
        for f, finding in enumerate(_list(country.get("oecd_findings"))):
            if isinstance(finding, dict):
                yield from sources_of(("countries", index, "oecd_findings", f), finding)
                for i, ref in enumerate(_list(finding.get("dimensions"))):
                    # the ids under methodology.dimensions
                    yield from check(("countries", index, "oecd_findings", f, "dimensions", i), ref, "dimensions", "dimension")
    methodology = data.get("methodology")
    for i, ref in enumerate(_list(methodology.get("sources")) if isinstance(methodology, dict) else []):
        yield from check(("methodology", "sources", i), ref, "sources", "source")
    for index, actor in _items(data, "actors"):
        if "country" in actor:
            yield from check(("actors", index, "country"), actor["country"], "countries", "country")
    for index, obj in _items(data, "objectives"):
        base: JsonPath = ("objectives", index)
        yield from sources_of(base, obj)
        yield from check(base + ("theme",), obj.get("theme"), "themes", "theme")
        yield from check(base + ("status",), obj.get("status"), "statuses", "status")
        for i, code in enumerate(_list(obj.get("countries"))):
            yield from check(base + ("countries", i), code, "countries", "country")
        for role in ("lead", "support"):
            sides = obj.get(role)
            for side, refs in (sides.items() if isinstance(sides, dict) else ()):
                for i, ref in enumerate(_list(refs)):
                    yield from check(base + (role, side, i), ref, "actors", "actor")
        history = [h if isinstance(h, dict) else {} for h in _list(obj.get("history"))]
        for i, entry in enumerate(history):
            yield from check(base + ("history", i, "status"), entry.get("status"), "statuses", "status")
        for i, indicator in enumerate(_list(obj.get("indicators"))):
            if isinstance(indicator, dict):
                yield from sources_of(base + ("indicators", i), indicator)
        dates = [h.get("date") for h in history if isinstance(h.get("date"), str)]
        if dates != sorted(dates):
            yield base + ("history",), message("check_history_order")
        # one mistake, one message: an unknown status is reported above, not again as a change
        if (history and history[-1].get("status") != obj.get("status")
                and obj.get("status") in known["statuses"] and history[-1].get("status") in known["statuses"]):
            yield base + ("status",), message("check_status_history", status=obj.get("status"),
                                              last=history[-1].get("status"))


def _translations(located: Located) -> Iterable[JsonPath]:
    """Paths of every bilingual text that lacks one language."""
    stack: list[tuple[Any, JsonPath]] = [(located.data, ())]
    found = []
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            if value and set(value) <= set(LANGS) and all(isinstance(v, str) for v in value.values()):
                found += [path + (lang,) for lang in LANGS if not value.get(lang)]
                continue
            stack.extend((v, path + (k,)) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, path + (i,)) for i, v in enumerate(value))
    return found


def validate(located: Located, file: str) -> list[Problem]:
    """Every problem in the data: schema and declared types (text policy included), references
    and translations, in file order, whatever else is wrong. At most
    :data:`MAX_PROBLEMS_PER_VALUE` problems inside one text and :data:`MAX_PROBLEMS` in all,
    then one last problem says how many more there are: nobody reads the 20,000th, and finding
    the place of each made a large broken file take minutes."""
    problems: list[Problem] = []
    more = {"error": 0, "warning": 0}

    def room(severity: Literal["error", "warning"] = "error", count: int = 1) -> bool:
        if len(problems) < MAX_PROBLEMS:
            return True
        more[severity] += count
        return False

    def problem(path: JsonPath, text: Message | Callable[[], Message], severity: Literal["error", "warning"] = "error") -> None:
        if room(severity):
            line, col = located.position(path)
            where, fld = _entry(located.data, path)
            problems.append(Problem(file, line, col, where, fld, text if isinstance(text, Message) else text(), severity))

    paths = located.paths_of(located.repeated_keys[:MAX_PROBLEMS])
    for key in located.repeated_keys:
        if room():
            line, col = key.start_mark.line + 1, key.start_mark.column + 1
            where, fld = _entry(located.data, paths.get(id(key), ()))
            problems.append(Problem(file, line, col, where, fld, message("check_repeated_key")))
    data = located.data
    if not isinstance(data, dict):
        problem((), message("check_not_mapping"))
        return _with_more(problems, more, file)
    allowed = {"roadmap-text": message("check_text_allowed"), "roadmap-label-text": message("check_label_allowed")}
    errors = list(_validator().iter_errors(data))
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
        if error.validator == "format" and isinstance(error.cause, _Invalid) and error.cause.violations:
            violations = error.cause.violations
            shown = violations[:max(0, min(MAX_PROBLEMS_PER_VALUE, MAX_PROBLEMS - len(problems)))]
            more["error"] += len(violations) - len(shown)
            if not shown:
                continue
            where, fld = _entry(data, path)
            places = located.positions_in_value(path, error.instance, [(v.offset, v.length) for v in shown])
            rule = allowed.get(error.validator_value, allowed["roadmap-text"])
            for v, (line, col) in zip(shown, places):
                text = message(v.key, **v.values)
                problems.append(Problem(file, line, col, where, fld, Message(
                    en=f"{text.en} {rule.en}", es=f"{text.es} {rule.es}")))
            continue
        if room():
            problem(path, _schema_message(error))
    # cross-references and translations are checked even when the schema failed, so one run lists everything
    for path, text in _references(data):
        problem(path, text)
    settings = data.get("settings")
    setting = settings.get("missing_translations", "warning") if isinstance(settings, dict) else "warning"
    severity: Literal["error", "warning"] = "warning" if setting == "warning" else "error"
    for path in _translations(located):
        missing, other = ("es", "en") if path[-1] == "es" else ("en", "es")
        # what happens depends on the setting: say which
        key = "check_translation_pending" if severity == "warning" else "check_translation_missing"
        if room(severity):
            problem(path[:-1], message(key, missing=message(f"check_language_{missing}"),
                                       other=message(f"check_language_{other}")), severity)
    return _with_more(problems, more, file)


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


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Text:
    """A bilingual text; a missing language falls back to the other one."""

    es: str | None = None
    en: str | None = None

    def get(self, lang: str) -> tuple[str, str | None]:
        """The text in ``lang`` and, when it had to fall back, the language actually shown."""
        own = getattr(self, lang)
        if own:
            return own, None
        other = next(code for code in LANGS if code != lang)
        return getattr(self, other) or "", other

    def __call__(self, lang: str) -> str:
        return self.get(lang)[0]


def _text(value: Any) -> Text:
    return Text(**value) if isinstance(value, dict) else Text()


@dataclass(frozen=True)
class Source:
    id: str
    publisher: Text
    date: str | None  # None: the page itself gives no date
    title: Text
    url: str
    kind: str | None = None  # "primary", "press" or "secondary"


@dataclass(frozen=True)
class Figure:
    id: str
    value: Text
    text: Text
    source: str


@dataclass(frozen=True)
class TimelineEntry:
    date: str
    text: Text
    source: str


@dataclass(frozen=True)
class Pillar:
    number: int
    name: Text | None
    source: str | None


@dataclass(frozen=True)
class Horizon:
    id: str
    label: Text


@dataclass(frozen=True)
class Status:
    id: str
    label: Text
    description: Text


@dataclass(frozen=True)
class Theme:
    id: str
    rank: int
    name: Text
    description: Text
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Fact:
    text: Text
    source: str


@dataclass(frozen=True)
class Statistic:
    """One sourced figure about a country's MSMEs, quoted as given (never computed)."""

    metric: str  # "number", "share-of-firms", "share-of-employment", "exports" or "other"
    measure: Text
    value: Text
    period: Text
    scope: Text
    source: str


@dataclass(frozen=True)
class Finding:
    """What the OECD SME Policy Index says of a country's SME policy, in words."""

    dimensions: tuple[str, ...]  # ids of Methodology.dimensions; empty: the policy as a whole
    text: Text
    source: str


@dataclass(frozen=True)
class Dimension:
    id: str
    number: int | None
    pilot: bool
    name: Text


@dataclass(frozen=True)
class Methodology:
    sources: tuple[str, ...]
    dimensions: dict[str, Dimension]


@dataclass(frozen=True)
class Country:
    code: str
    name: Text
    facts: tuple[Fact, ...]
    msmes: tuple[Statistic, ...] = ()
    oecd_findings: tuple[Finding, ...] = ()

    @property
    def slug(self) -> str:
        return self.code.lower()


@dataclass(frozen=True)
class Actor:
    id: str
    sector: str
    name: Text
    abbr: Text | None
    country: str | None
    url: str | None
    sources: tuple[str, ...]
    role: Text | None = None  # how it takes part, while no objective names it


@dataclass(frozen=True)
class Milestone:
    date: str
    text: Text
    done: bool


@dataclass(frozen=True)
class Indicator:
    name: Text
    unit: Text
    source: str
    baseline: float | None = None
    target: float | None = None
    year: int | None = None


@dataclass(frozen=True)
class HistoryEntry:
    date: str
    status: str
    note: Text


SIDES = ("public", "private", "multilateral")


@dataclass(frozen=True)
class Objective:
    id: str
    title: Text
    summary: Text
    horizon: str | None
    theme: str
    countries: tuple[str, ...]  # resolved: "all" becomes every country code
    all_countries: bool
    status: str
    lead: dict[str, tuple[str, ...]]
    support: dict[str, tuple[str, ...]]
    milestones: tuple[Milestone, ...]
    indicators: tuple[Indicator, ...]
    sources: tuple[str, ...]
    history: tuple[HistoryEntry, ...]
    line: int  # where the entry starts in the YAML, for the edit button

    def actors(self) -> set[str]:
        return {ref for role in (self.lead, self.support) for refs in role.values() for ref in refs}


@dataclass(frozen=True)
class Roadmap:
    title: Text
    short_title: Text
    last_reviewed: str
    roadmap_sources: tuple[str, ...]
    sources: dict[str, Source]
    figures: tuple[Figure, ...]
    timeline: tuple[TimelineEntry, ...]
    pillars: tuple[Pillar, ...]
    horizons: dict[str, Horizon]
    statuses: dict[str, Status]
    themes: dict[str, Theme]  # in rank order
    countries: dict[str, Country]
    actors: dict[str, Actor]
    objectives: dict[str, Objective]
    glossary: tuple[tuple[Text, Text], ...]
    methodology: Methodology | None = None
    glossary_sources: tuple[str | None, ...] = ()  # by position in `glossary`
    warnings: tuple[Problem, ...] = field(default=())
    country_lines: dict[str, int] = field(default_factory=dict)
    actor_lines: dict[str, int] = field(default_factory=dict)


def _sides(value: Any) -> dict[str, tuple[str, ...]]:
    value = value or {}
    return {side: tuple(value.get(side) or ()) for side in SIDES}


def _methodology(value: dict[str, Any] | None) -> Methodology | None:
    if not value:
        return None
    return Methodology(tuple(value["sources"]), {
        dim["id"]: Dimension(dim["id"], dim.get("number"), bool(dim.get("pilot")), _text(dim["name"]))
        for dim in value["dimensions"]})


def build(located: Located, warnings: Iterable[Problem] = ()) -> Roadmap:
    """Turn validated data into the model. Assumes :func:`validate` found no errors."""
    d = located.data
    codes = tuple(c["code"] for c in d["countries"])
    objectives = {}
    for index, o in enumerate(d["objectives"]):
        objectives[o["id"]] = Objective(
            id=o["id"], title=_text(o["title"]), summary=_text(o["summary"]), horizon=o.get("horizon"),
            theme=o["theme"], countries=codes if o["countries"] == "all" else tuple(o["countries"]),
            all_countries=o["countries"] == "all", status=o["status"],
            lead=_sides(o.get("lead")), support=_sides(o.get("support")),
            milestones=tuple(Milestone(m["date"], _text(m["text"]), m["done"]) for m in o.get("milestones") or ()),
            indicators=tuple(Indicator(_text(i["name"]), _text(i["unit"]), i["source"], i.get("baseline"),
                                       i.get("target"), i.get("year")) for i in o.get("indicators") or ()),
            sources=tuple(o["sources"]),
            history=tuple(HistoryEntry(h["date"], h["status"], _text(h["note"])) for h in o["history"]),
            line=located.position(("objectives", index))[0],
        )
    meta = d["roadmap"]
    return Roadmap(
        title=_text(meta["title"]), short_title=_text(meta.get("short_title") or meta["title"]),
        last_reviewed=meta["last_reviewed"], roadmap_sources=tuple(meta["sources"]),
        sources={s["id"]: Source(s["id"], _text(s["publisher"]), s.get("date"), _text(s["title"]), s["url"], s.get("kind"))
                 for s in d["sources"]},
        figures=tuple(Figure(f["id"], _text(f["value"]), _text(f["text"]), f["source"]) for f in d.get("figures") or ()),
        timeline=tuple(TimelineEntry(t["date"], _text(t["text"]), t["source"]) for t in d.get("timeline") or ()),
        pillars=tuple(Pillar(p["number"], _text(p["name"]) if p["name"] else None, p.get("source")) for p in d.get("pillars") or ()),
        horizons={h["id"]: Horizon(h["id"], _text(h["label"])) for h in d["horizons"]},
        statuses={s["id"]: Status(s["id"], _text(s["label"]), _text(s["description"])) for s in d["statuses"]},
        themes={t["id"]: Theme(t["id"], t["rank"], _text(t["name"]), _text(t["description"]), tuple(t["sources"]))
                for t in sorted(d["themes"], key=lambda t: t["rank"])},
        countries={c["code"]: Country(c["code"], _text(c["name"]),
                                      tuple(Fact(_text(f["text"]), f["source"]) for f in c.get("facts") or ()),
                                      tuple(Statistic(m["metric"], _text(m["measure"]), _text(m["value"]), _text(m["period"]),
                                                      _text(m["scope"]), m["source"]) for m in c.get("msmes") or ()),
                                      tuple(Finding(tuple(f.get("dimensions") or ()), _text(f["text"]), f["source"])
                                            for f in c.get("oecd_findings") or ()))
                   for c in d["countries"]},
        actors={a["id"]: Actor(a["id"], a["sector"], _text(a["name"]), _text(a["abbr"]) if a.get("abbr") else None,
                               a.get("country"), a.get("url"), tuple(a["sources"]),
                               _text(a["role"]) if a.get("role") else None) for a in d["actors"]},
        methodology=_methodology(d.get("methodology")),
        glossary_sources=tuple(g.get("source") for g in d.get("glossary") or ()),
        objectives=objectives,
        glossary=tuple((_text(g["term"]), _text(g["definition"])) for g in d.get("glossary") or ()),
        warnings=tuple(warnings),
        country_lines={c["code"]: located.position(("countries", i))[0] for i, c in enumerate(d["countries"])},
        actor_lines={a["id"]: located.position(("actors", i))[0] for i, a in enumerate(d["actors"])},
    )


def check(path: Path = DATA_FILE) -> tuple[Roadmap | None, list[Problem]]:
    """Read, parse and validate ``path``; the model is returned only when there is no error.

    Never raises: any bytes give either the model or problems at file:line:col. Should the
    checker itself fail, that too is a problem (and a bug: the tests look for it)."""
    file = display_path(path)
    try:
        return _check(path, file)
    except Exception as exc:  # noqa: BLE001 - the checker's promise: a message, never a traceback
        return None, [Problem(file, 1, 1, "", "", message("check_internal", error=f"{type(exc).__name__}: {exc}"[:200]))]


def _decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """The file's text; undecodable bytes are reported at their line and column."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        start = exc.start
        line = raw.count(b"\n", 0, start) + 1
        column = len(raw[raw.rfind(b"\n", 0, start) + 1:start].decode("utf-8", "replace")) + 1
        return None, [Problem(file, line, column, "", "", message("check_not_utf8", byte=f"0x{raw[start]:02X}"))]


def _check(path: Path, file: str) -> tuple[Roadmap | None, list[Problem]]:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [Problem(file, 1, 1, "", "", message("check_too_large", size=size // 2**20, limit=MAX_BYTES // 2**20))]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(file, 1, 1, "", "", message("check_unreadable", reason=exc.strerror or type(exc).__name__))]
    text, problems = _decode(raw, file)
    if text is None:
        return None, problems
    try:
        located = parse_yaml(text, file)
    except DataError as exc:
        return None, exc.problems
    problems = validate(located, file)
    if any(p.severity == "error" for p in problems):
        return None, problems
    return build(located, problems), problems


def load(path: Path = DATA_FILE) -> Roadmap:
    """The validated roadmap, or :class:`DataError` listing every error."""
    roadmap, problems = check(path)
    if roadmap is None:
        raise DataError([p for p in problems if p.severity == "error"])
    return roadmap


@lru_cache(maxsize=4)
def _load_cached(path: Path, mtime_ns: int, size: int) -> Roadmap:
    return load(path)


def load_cached(path: Path = DATA_FILE) -> Roadmap:
    """:func:`load`, once per version of the file: MkDocs calls in once per language and per
    macro, and `mkdocs serve` must still see an edit."""
    stat = path.stat()
    return _load_cached(path, stat.st_mtime_ns, stat.st_size)


def display_path(path: Path) -> str:
    """How problems name a file: relative to the project (``data/objectives.yml``), else as given."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)
