"""The project's fixed facts: its two languages and where its data and schemas live.

Takes nothing; gives :data:`LANGS` (Spanish first: the site's root language), the paths of
``data/objectives.yml`` and its two JSON Schemas, and :func:`display_path`, how every message
names a file. Imported by every layer, so it imports nothing of the project.
"""

from __future__ import annotations

from pathlib import Path

LANGS = ("es", "en")
ROOT = Path(__file__).resolve().parent.parent
DATA_FILE = ROOT / "data" / "objectives.yml"
SCHEMA_FILE = ROOT / "data" / "objectives.schema.json"
EXPORT_SCHEMA_FILE = ROOT / "data" / "objectives.export.schema.json"


def display_path(path: Path) -> str:
    """How problems name a file: relative to the project (``data/objectives.yml``), else as given."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)
