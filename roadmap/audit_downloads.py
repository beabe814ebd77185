"""The site audit's check of the downloads (:mod:`roadmap.audit`): the JSON export valid against
``data/objectives.export.schema.json``, the CSV parses with the same number of cells on every row,
and no cell starts as a spreadsheet formula."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Iterator

from .search import PARTS_FILE
from .validation import export_schema

FORMULA_START = ("=", "+", "-", "@")


# the search index's list of its parts (roadmap/search.py's PARTS_FILE): its verdict depends on the
# folders beside it, not on its bytes alone, so the audit cache never keeps it
PART = re.compile(r"part-[0-9]{1,6}/")


def _json(path: Path) -> Iterator[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        yield f"not valid JSON ({exc})"
        return
    if path.name == PARTS_FILE:
        yield from _parts(path, data)
    if path.name == "objetivos.json":
        import jsonschema  # here: a build whose downloads were audited before never needs it

        for error in jsonschema.Draft202012Validator(export_schema()).iter_errors(data):
            yield f"does not match data/objectives.export.schema.json at {'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message[:200]}"


def _parts(path: Path, data: object) -> Iterator[str]:
    """A search index in parts: each listed part is a folder beside the list, with its own index
    (a missing one left search empty in the reader's tab: Pagefind keeps an index whose merge failed)."""
    merge = data.get("merge") if isinstance(data, dict) else None
    if not isinstance(merge, list) or not all(isinstance(part, str) for part in merge):
        yield 'not the list of the search index parts: {"merge": ["part-2/", ...]} (roadmap/search.py)'
        return
    for part in merge:
        if not PART.fullmatch(part):
            yield f"search index part {part[:40]!r} is not a folder named part-N/ beside {PARTS_FILE}"
        elif not (path.parent / part / "pagefind-entry.json").is_file():
            yield f"search index part {part!r} is listed but has no pagefind-entry.json: the index was not written whole"


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
