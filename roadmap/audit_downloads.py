"""The site audit's check of the downloads (:mod:`roadmap.audit`): the JSON export valid against
``data/objectives.export.schema.json``, the CSV parses with the same number of cells on every row,
and no cell starts as a spreadsheet formula."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Iterator

from .audit_search import parts
from .search import PARTS_FILE
from .validation import export_schema

FORMULA_START = ("=", "+", "-", "@")


def _json(path: Path) -> Iterator[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        yield f"not valid JSON ({exc})"
        return
    if path.name == PARTS_FILE:
        yield from parts(path, data)
    if path.name == "objetivos.json":
        import jsonschema  # here: a build whose downloads were audited before never needs it

        for error in jsonschema.Draft202012Validator(export_schema()).iter_errors(data):
            yield f"does not match data/objectives.export.schema.json at {'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message[:200]}"


def _csv(path: Path) -> Iterator[str]:
    try:
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    except (UnicodeDecodeError, csv.Error) as exc:
        yield f"not a readable CSV ({exc})"
        return
    if not rows:
        yield "empty CSV: no header row"
        return
    for number, row in enumerate(rows[1:], 2):
        if len(row) != len(rows[0]):
            yield f"row {number} has {len(row)} cells, the header {len(rows[0])}"
        for cell in row:
            if cell.startswith(FORMULA_START):
                yield f"row {number}: a cell starts like a spreadsheet formula: {cell[:40]!r}"
