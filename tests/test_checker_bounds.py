"""The checker reads every file a pull request can change and never falls over (issue #18): the
translation record of any shape, a page not in UTF-8, a folder named like a page, a broken
schema; and its cost grows linearly with the data, its output and memory stay bounded."""

from __future__ import annotations

import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from roadmap import model

from .conftest import build_env, copy_project, run_own_code
from .large_data import large_yaml


def check(project: Path, *args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    """`make check` on the project's data, with the project's own code (its schema included)."""
    return subprocess.run([sys.executable, "-m", "roadmap", "check", str(project / "data" / "objectives.yml"), *args],
                          capture_output=True, text=True, timeout=300, cwd=project,
                          env=build_env({"PYTHONPATH": str(project), "PYTHONDONTWRITEBYTECODE": "1",
                                         "LANG": "es_ES.UTF-8" if lang == "es" else "C.UTF-8"}))


def build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of the project with the project's own code (run from its folder)."""
    return run_own_code(["-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
                        project, env={"PYTHONDONTWRITEBYTECODE": "1"})


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


# --------------------------------------------------------------------------- the translation record

RECORDS = {
    "pages as a list": "pages:\n  - index.md\n  - glosario.md\n",
    "an entry as a number": "pages:\n  index.md: 5\ndata:\n  roadmap.title: 7\n",
    "a language as a list": "pages:\n  index.md: {es: [1, 2], en: {x: 1}}\n",
    "the whole file a number": "42\n",
    "the whole file a list": "- 1\n- 2\n",
    "data_file as a list": "data_file: [x]\npages: {}\n",
    "keys that are not text": "pages:\n  1: {es: a}\n  [a]: {es: b}\n",
    "a billion laughs": "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")),
    "not YAML": "pages: {index.md: [\n",
    "not UTF-8": "pages:\n  p\xe1gina.md: {es: a}\n",
    "empty": "",
}


@pytest.mark.parametrize("where", ["an entry's file", "the record as one file"])
@pytest.mark.parametrize("record", list(RECORDS), ids=list(RECORDS))
def test_a_translation_record_of_any_shape_is_read_without_a_traceback(project: Path, record: str, where: str) -> None:
    content = RECORDS[record].encode("latin-1" if "UTF-8" in record else "utf-8")
    folder = project / "data" / "translations"
    assert (folder / "roadmap.yml").is_file()  # the record as make translations writes it (roadmap/translation_record.py)
    if where == "an entry's file":
        (folder / "roadmap.yml").write_bytes(content)
    else:  # the record's folder replaced by one file: read as the legacy single-file record
        shutil.rmtree(folder)
        folder.write_bytes(content)
    result = check(project)
    assert result.returncode == 0, result.stdout + result.stderr  # read as empty or partial: nothing is wrong in the data
    assert "Traceback" not in result.stderr and "checker failed" not in result.stdout


@pytest.mark.build
def test_the_build_reads_a_record_of_the_wrong_shape(project: Path, tmp_path: Path) -> None:
    (project / "data" / "translations" / "roadmap.yml").write_text(RECORDS["a billion laughs"], encoding="utf-8")
    shutil.rmtree(project / "data" / "translations" / "pages")
    (project / "data" / "translations" / "pages").write_text(RECORDS["pages as a list"], encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]


# --------------------------------------------------------------------------- pages

def test_a_page_not_in_utf8_is_named_at_its_first_bad_byte(project: Path, tmp_path: Path) -> None:
    (project / "docs" / "es" / "latin.md").write_bytes("# Página\n\nTexto en español.\n".encode("latin-1"))
    (project / "docs" / "en" / "latin.md").write_text("# Page\n\nText.\n", encoding="utf-8")
    result = check(project, lang="es")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "docs/es/latin.md:1:4: error: el archivo no está guardado como UTF-8 (el byte 0xE1 no se puede leer)" in result.stdout
    built = build(project, tmp_path / "site")
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert "docs/es/latin.md:1:4: error: the file is not saved as UTF-8 (byte 0xE1 cannot be read)" in built.stderr


@pytest.mark.build
def test_a_folder_named_like_a_page_is_no_page(project: Path, tmp_path: Path) -> None:
    for lang in ("es", "en"):
        (project / "docs" / lang / "x.md").mkdir()
        (project / "docs" / lang / "x.md" / "nota.txt").write_text("x", encoding="utf-8")
    result = check(project)
    assert result.returncode == 0, result.stdout + result.stderr
    built = build(project, tmp_path / "site")
    assert built.returncode == 0, built.stderr[-3000:]


# --------------------------------------------------------------------------- schemas

SCHEMAS = {
    "not JSON": ("{\n  \"type\": \n", "data/objectives.schema.json:3:1: error: this is not valid JSON"),
    "a list": ("[1, 2]", "data/objectives.schema.json:1:1: error: the schema must be a JSON object"),
    "not a JSON Schema": ('{"type": "nonsense"}', "this is not a valid JSON Schema at type"),
    "a pattern that is no regex": ('{"$defs": {"id": {"type": "string", "pattern": "(["}}}', "this is not a valid JSON Schema at $defs/id/pattern"),
    "a missing definition": ('{"$ref": "#/$defs/nope"}', "the reference #/$defs/nope at (root) is not one of the file's own definitions"),
    "a loop of references": ('{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}}', "refers to itself through $ref"),
    "not UTF-8": ('{"description": "caf\xe9"}', "data/objectives.schema.json:1:1: error: the file is not saved as UTF-8"),
}


@pytest.mark.parametrize("schema", list(SCHEMAS), ids=list(SCHEMAS))
def test_a_broken_schema_is_named_at_its_line_never_a_traceback(project: Path, schema: str) -> None:
    text, says = SCHEMAS[schema]
    (project / "data" / "objectives.schema.json").write_bytes(text.encode("latin-1"))
    result = check(project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert says in result.stdout, result.stdout


@pytest.mark.build
def test_the_build_names_a_broken_export_schema(project: Path, tmp_path: Path) -> None:
    (project / "data" / "objectives.export.schema.json").write_text('{"type": 5}', encoding="utf-8")
    built = build(project, tmp_path / "site")
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert "data/objectives.export.schema.json:1:1: error: this is not a valid JSON Schema at type" in built.stderr


# --------------------------------------------------------------------------- cost, output and memory

def test_the_5000_institution_file_is_checked_in_under_10_s_with_under_512_kb_of_output(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    text = large_yaml()
    assert 0.9e6 < len(text.encode()) < 1.0e6 and text.count("institucion-inexistente-") == 500
    (project / "data" / "objectives.yml").write_text(text, encoding="utf-8")
    before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    result = check(project)
    wall, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    # the time the check takes on a core of its own: its processor time (the wall clock also counts
    # whatever else the machine runs meanwhile; on a busy 2-core machine, several times as much)
    seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    output = len(result.stdout.encode()) + len(result.stderr.encode())
    print(f"make check on {len(text.encode()) / 1e6:.2f} MB: {seconds:.1f} s of processor time "
          f"({wall:.1f} s wall clock), {output / 1024:.0f} KB of output")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.count("unknown actor 'institucion-inexistente-") == 500  # every one said, at its line
    assert seconds < 10, f"{seconds:.1f} s"
    assert wall < 60, f"{wall:.1f} s on the wall clock"
    assert output < 512 * 1024, f"{output} bytes"
    assert max(map(len, result.stdout.splitlines())) < 1000  # no line lists thousands of ids


def check_seconds(path: Path) -> float:
    # this thread's processor time: the worker's process also runs other tests' threads (the
    # server Lighthouse reads from, started at the session's start), whose time process_time counted
    # (the ratio came out 8.2 and 9.0 on busy runs, against 4 alone)
    started = time.thread_time()
    _, problems = model.check(path)
    assert len(problems) > 100
    return time.thread_time() - started


def test_the_checks_cost_grows_linearly_with_the_institutions(tmp_path: Path) -> None:
    """Looser than the 10 s above, so a busy machine passes it, but it fails on quadratic cost:
    four times the institutions and unknown references took 5.8-6.1 times as long alone on an idle
    machine (7 December 2026: the larger file's parse and garbage collection grow a little faster
    than it), 8.2 in a fresh-clone run of the whole suite; the comparison of every unknown
    reference with every id took sixteen."""
    small, large = tmp_path / "small.yml", tmp_path / "large.yml"
    small.write_text(large_yaml(1250, 125), encoding="utf-8")
    large.write_text(large_yaml(5000, 500), encoding="utf-8")
    check_seconds(small)  # warm: schema, templates and labels read once
    ratio = min(check_seconds(large) for _ in range(2)) / min(check_seconds(small) for _ in range(2))
    assert ratio < 11, f"4x the input took {ratio:.1f}x as long"


# `make check` run once, its peak memory measured from outside and its output passed on (its last
# line: the peak in KB); the test ran it a second time for the output alone (issue #21)
MEMORY = """
import resource, subprocess, sys
said = subprocess.run([sys.executable, "-m", "roadmap", "check", sys.argv[1]], capture_output=True, text=True)
print(said.stdout, end="")
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def test_45000_objectives_missing_their_fields_are_checked_in_bounded_memory(project: Path) -> None:
    data = project / "data" / "objectives.yml"
    text = data.read_text(encoding="utf-8")
    bare = "".join(f"  - id: bare-objective-{i:06d}\n" for i in range(45000))
    data.write_text(text.replace("objectives:\n", "objectives:\n" + bare, 1), encoding="utf-8")
    assert data.stat().st_size > 1.3e6
    result = subprocess.run([sys.executable, "-c", MEMORY, str(data)], capture_output=True, text=True, timeout=300,
                            cwd=project, env=build_env({"PYTHONPATH": str(project), "PYTHONDONTWRITEBYTECODE": "1",
                                                        "LANG": "C.UTF-8"}))
    said, peak = result.stdout.rstrip("\n").rsplit("\n", 1)
    peak_mb = int(peak) / 1024
    assert peak_mb < 400, f"{peak_mb:.0f} MB (it was 1,180 MB)"
    assert re.search(r"…and [0-9]+ more problem", said) and len(said) < 512 * 1024
