"""The data's schemas, read as input (issue #18): a pull request can change
``data/objectives.schema.json`` and ``data/objectives.export.schema.json`` too, and the checker and
the build must say what is wrong with them, at their line, never fall over.

:func:`problems` reads a schema file and says, as checker problems on that file: not UTF-8, past
:data:`MAX_SCHEMA` bytes, not JSON (at the line and column), not a JSON object, not a valid JSON
Schema (Draft 2020-12, at the keyword's path), a ``pattern`` Python cannot compile, a ``$ref`` that
is not one of the file's own ``#/$defs/…`` or that refers to itself through others (the checker
inlines them: roadmap/validation.py). ``make check`` and the build (macros/own_files.py) run it
before reading the data.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any, Iterator

from . import caches
from .messages import message
from .problems import Problem

MAX_SCHEMA = 2 * 2**20  # bytes; the schema is 20 KB


def problems(path: Path, name: str) -> list[Problem]:
    """What is wrong with the schema at ``path`` (named ``name`` in the messages), or ``[]``."""
    def problem(key: str, line: int = 1, column: int = 1, **values: Any) -> list[Problem]:
        return [Problem(name, line, column, "", "", message(key, **values))]

    try:
        raw = path.read_bytes()
    except OSError as exc:
        return problem("check_unreadable", reason=exc.strerror or exc)
    if len(raw) > MAX_SCHEMA:
        return problem("check_too_large", size=f"{len(raw) / 2**20:.1f}", limit=MAX_SCHEMA // 2**20)
    # bytes that passed this very check before pass again: validating the schema against the
    # metaschema (and importing jsonschema for it) was a tenth of a real-size build's CPU, paid
    # again by the second language's process (issue #21)
    key = hashlib.sha256(caches.checker_fingerprint() + b"schema\0" + raw).hexdigest()
    if caches.known_clean("schema-check", key):
        return []
    found = _problems(raw, problem)
    if not found:
        caches.remember_clean("schema-check", key)
    return found


def _problems(raw: bytes, problem: Any) -> list[Problem]:
    import jsonschema  # here: a build whose schemas were checked before never needs it

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return problem("check_not_utf8", byte=f"0x{raw[exc.start]:02X}")
    try:
        schema = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        line, column = (exc.lineno, exc.colno) if isinstance(exc, json.JSONDecodeError) else (1, 1)
        return problem("check_schema_json", line, column, problem=getattr(exc, "msg", "nested too deep"))
    if not isinstance(schema, dict):
        return problem("check_schema_shape")
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as error:
        return problem("check_schema_invalid", where=_where(error.absolute_path), problem=error.message[:200])
    except RecursionError:
        return problem("check_schema_invalid", where="(root)", problem="nested too deep")
    found = []
    for where, node in _nodes(schema, []):
        for key in ("pattern",):
            if isinstance(node.get(key), str) and _compiles(node[key]) is not None:
                found += problem("check_schema_pattern", where=_where(where), problem=_compiles(node[key]))
        for pattern in (node.get("patternProperties") or {}) if isinstance(node.get("patternProperties"), dict) else ():
            if _compiles(pattern) is not None:
                found += problem("check_schema_pattern", where=_where([*where, "patternProperties"]), problem=_compiles(pattern))
    return found + _ref_problems(schema, problem)


def _compiles(pattern: str) -> str | None:
    try:
        re.compile(pattern)
        return None
    except (re.error, RecursionError, OverflowError) as exc:
        return str(exc)[:200]


def _nodes(value: Any, where: list[Any]) -> Iterator[tuple[list[Any], dict[str, Any]]]:
    stack = [(where, value)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            yield path, node
            stack += [([*path, key], child) for key, child in node.items()]
        elif isinstance(node, list):
            stack += [([*path, index], child) for index, child in enumerate(node)]


def _ref_problems(schema: dict[str, Any], problem: Any) -> list[Problem]:
    definitions = schema.get("$defs") if isinstance(schema.get("$defs"), dict) else {}
    refs: dict[str, set[str]] = {name: set() for name in definitions}
    found: list[Problem] = []
    for where, node in _nodes(schema, []):
        ref = node.get("$ref")
        if ref is None:
            continue
        name = ref.removeprefix("#/$defs/") if isinstance(ref, str) else None
        if name is None or not ref.startswith("#/$defs/") or name not in definitions:
            found += problem("check_schema_ref", where=_where(where), ref=str(ref)[:120])
        elif len(where) >= 2 and where[0] == "$defs":
            refs[where[1]].add(name)
    # a definition that reaches itself through $refs would be inlined forever
    for start in refs:
        seen, todo = set(), list(refs[start])
        while todo:
            name = todo.pop()
            if name == start:
                found += problem("check_schema_ref_loop", name=start)
                break
            if name not in seen:
                seen.add(name)
                todo += refs.get(name, ())
    return found


def _where(path: Any) -> str:
    return "/".join(map(str, path)) or "(root)"
