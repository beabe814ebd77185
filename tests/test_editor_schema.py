"""Editors check data/objectives.yml against its schema while the contributor types.

VS Code and github.dev (with Red Hat's YAML extension) read the schema named in the file's first
comment; this drives that extension's engine, yaml-language-server, over the real file."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from roadmap.project import DATA_FILE, SCHEMA_FILE

from .conftest import ROOT


def editor_diagnostics(data_file: Path) -> list[tuple[int, str]]:
    result = subprocess.run(["node", str(ROOT / "tests" / "editor_diagnostics.mjs"), str(data_file)],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    return [tuple(d) for d in json.loads(result.stdout)]


def test_the_data_file_names_its_schema_in_its_first_line() -> None:
    first = DATA_FILE.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./objectives.schema.json"
    assert (DATA_FILE.parent / "objectives.schema.json").is_file()


def test_the_editor_finds_no_problem_in_the_real_data() -> None:
    assert editor_diagnostics(DATA_FILE) == []


def test_the_editor_flags_a_misspelt_field_and_a_wrong_kind_of_value_on_their_lines(tmp_path: Path) -> None:
    shutil.copy(SCHEMA_FILE, tmp_path / "objectives.schema.json")
    lines = DATA_FILE.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("  - id: ") and i > lines.index("objectives:\n"))
    theme = next(i for i in range(start, len(lines)) if lines[i].startswith("    theme: "))
    lines[theme] = "    theme: 12\n"
    lines.insert(start + 1, "    stauts: proposed\n")
    data = tmp_path / "objectives.yml"
    data.write_text("".join(lines), encoding="utf-8")
    found = editor_diagnostics(data)
    assert (start + 2, "Property stauts is not allowed.") in found, found
    assert any(line == theme + 2 and "string" in message for line, message in found), found
