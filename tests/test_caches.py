"""roadmap/caches.py (issue #21): data bytes that passed the whole check with no problem pass again
without the schema's validator, and so do schema bytes that passed the schema check
(roadmap/schema_check.py); any other bytes, a file with a problem, or caches turned off
(ROADMAP_CACHE_DIR=) are checked in full."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from roadmap import model, schema_check
from roadmap.project import DATA_FILE, SCHEMA_FILE


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    monkeypatch.setenv("ROADMAP_CACHE_DIR", str(tmp_path / "cache"))
    seen: list[str] = []
    validate = model.validate

    def counted(located: Any, file: str, *rest: Any) -> Any:
        seen.append(file)
        return validate(located, file, *rest)

    monkeypatch.setattr(model, "validate", counted)
    return seen


def test_clean_data_is_checked_once_and_the_same_model_comes_back(validations: list[str], tmp_path: Path) -> None:
    data = tmp_path / "data" / "objectives.yml"
    data.parent.mkdir()
    (tmp_path / "docs").mkdir()  # the written pages the check reads (roadmap/record_rules.py): their names count
    (tmp_path / "docs" / "index.md").write_text("x", encoding="utf-8")
    data.write_bytes(DATA_FILE.read_bytes())
    first, problems = model.check(data)
    assert first is not None and problems == [] and len(validations) == 1
    again, problems = model.check(data)
    assert again == first and problems == [] and len(validations) == 1  # not validated again
    data.write_bytes(DATA_FILE.read_bytes().replace(b"\nobjectives:\n", b"\nobjectives:\n\n", 1))  # one byte more
    assert model.check(data)[0] is not None and len(validations) == 2
    (tmp_path / "docs" / "x.md").write_text("x", encoding="utf-8")  # a new page name: checked again
    assert model.check(data)[0] is not None and len(validations) == 3


def test_data_with_a_problem_is_always_checked_in_full(validations: list[str], tmp_path: Path) -> None:
    data = tmp_path / "objectives.yml"
    text = DATA_FILE.read_text(encoding="utf-8")
    data.write_text(text.replace("\nobjectives:\n", "\nobjectives:\n  - id: Not An Id\n", 1), encoding="utf-8")
    for _ in range(2):
        roadmap, problems = model.check(data)
        assert roadmap is None and problems
    assert len(validations) == 2


def test_with_caches_off_every_check_is_whole(validations: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROADMAP_CACHE_DIR", "")
    data = tmp_path / "objectives.yml"
    data.write_bytes(DATA_FILE.read_bytes())
    model.check(data)
    model.check(data)
    assert len(validations) == 2


@pytest.fixture
def schema_checks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[bytes]:
    monkeypatch.setenv("ROADMAP_CACHE_DIR", str(tmp_path / "cache"))
    seen: list[bytes] = []
    check = schema_check._problems

    def counted(raw: bytes, *rest: Any) -> Any:
        seen.append(raw)
        return check(raw, *rest)

    monkeypatch.setattr(schema_check, "_problems", counted)
    return seen


def test_a_clean_schema_is_checked_once_a_broken_one_always(schema_checks: list[bytes], tmp_path: Path) -> None:
    schema = tmp_path / "objectives.schema.json"
    schema.write_bytes(SCHEMA_FILE.read_bytes())
    assert schema_check.problems(schema, "s.json") == [] and len(schema_checks) == 1
    assert schema_check.problems(schema, "s.json") == [] and len(schema_checks) == 1  # not checked again
    schema.write_bytes(SCHEMA_FILE.read_bytes() + b"\n")  # one byte more: checked again
    assert schema_check.problems(schema, "s.json") == [] and len(schema_checks) == 2
    schema.write_text('{"type": 5}', encoding="utf-8")
    for _ in range(2):
        assert [p.text("en") for p in schema_check.problems(schema, "s.json")] == [
            "s.json:1:1: error: this is not a valid JSON Schema at type: 5 is not valid under any of the given schemas"]
    assert len(schema_checks) == 4


def test_with_caches_off_every_schema_check_is_whole(schema_checks: list[bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROADMAP_CACHE_DIR", "")
    schema = tmp_path / "objectives.schema.json"
    schema.write_bytes(SCHEMA_FILE.read_bytes())
    schema_check.problems(schema, "s.json")
    schema_check.problems(schema, "s.json")
    assert len(schema_checks) == 2


def test_an_edited_schema_judges_data_the_process_found_clean_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `mkdocs serve` (the hostile review): the data unchanged, the schema edited to refuse every
    # objective; the model, the clean-data cache, the entries known clean and the validator all
    # lived as long as the process, and the site went on building
    from roadmap import export, project, validation
    from roadmap.problems import DataError

    monkeypatch.setenv("ROADMAP_CACHE_DIR", str(tmp_path / "cache"))
    schema_file = tmp_path / "objectives.schema.json"
    schema_file.write_bytes(SCHEMA_FILE.read_bytes())
    for module in (project, model, validation, export):  # each holds the schema's path by name
        monkeypatch.setattr(module, "SCHEMA_FILE", schema_file)
    data = tmp_path / "data" / "objectives.yml"
    data.parent.mkdir()
    data.write_bytes(DATA_FILE.read_bytes())
    assert model.load_cached(data).objectives
    assert model.load_cached(data).objectives  # as every page of a build asks
    published = export._schemas()["objectives.yml.schema.json"]
    edited = json.loads(schema_file.read_text(encoding="utf-8"))
    edited["properties"]["objectives"]["items"]["required"].append("owner")  # one entry's own rule
    schema_file.write_text(json.dumps(edited), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        model.load_cached(data)
    assert any("owner" in str(problem.text) for problem in raised.value.problems)
    assert export._schemas()["objectives.yml.schema.json"] != published and '"owner"' in export._schemas()["objectives.yml.schema.json"]


def test_a_schema_edit_does_not_name_the_old_code_after_the_code_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `mkdocs serve` runs the roadmap/ it imported; were the fingerprint worked out again from the
    # files on disk at a schema edit, a check by the old code would be remembered clean under the
    # new code's name, and `make check` with the new code would skip its own rules on that data
    from roadmap import caches

    package = tmp_path / "roadmap"
    package.mkdir()
    for source in Path(caches.__file__).parent.glob("*.py"):
        (package / source.name).write_bytes(source.read_bytes())
    monkeypatch.setattr(caches, "__file__", str(package / "caches.py"))
    memos = [memo for memo in (caches._checker_fingerprint, getattr(caches, "_code_fingerprint", None)) if memo is not None]
    for memo in memos:
        memo.cache_clear()
    try:
        before = caches.checker_fingerprint()
        (package / "validation.py").write_text("# a new rule, not imported\n", encoding="utf-8")
        stamp = caches.file_stamp
        monkeypatch.setattr(caches, "file_stamp", lambda path: stamp(path)[:-1] + (stamp(path)[-1] + 1,))  # saved again, same bytes
        assert caches.checker_fingerprint() == before
    finally:
        for memo in memos:
            memo.cache_clear()  # the other tests' fingerprint is the real package's


def _schema_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, dict[str, Any]]:
    from roadmap import export, project, validation

    schema_file = tmp_path / "objectives.schema.json"
    schema_file.write_bytes(SCHEMA_FILE.read_bytes())
    for module in (project, model, validation, export):  # each holds the schema's path by name
        monkeypatch.setattr(module, "SCHEMA_FILE", schema_file)
    monkeypatch.setattr(validation, "_clean_objectives", frozenset())
    data = tmp_path / "data" / "objectives.yml"
    data.parent.mkdir()
    data.write_bytes(DATA_FILE.read_bytes())
    edited = json.loads(schema_file.read_text(encoding="utf-8"))
    edited["properties"]["objectives"]["items"]["required"].append("owner")  # refuses every objective
    return schema_file, data, edited


def test_a_schema_saved_while_the_data_is_checked_is_judged_at_the_next_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `mkdocs serve`: the schema saved while a rebuild validates the data. The entries known clean
    # were remembered with the schema's stamp after the check, the edited one's: the next check
    # took them as passed by the edited schema, which never read them
    from roadmap import validation

    monkeypatch.setenv("ROADMAP_CACHE_DIR", "")
    schema_file, data, edited = _schema_in(tmp_path, monkeypatch)
    real = validation._validator_for

    def saved_meanwhile(stamp: tuple[int, ...]) -> Any:
        validator = real(stamp)
        schema_file.write_text(json.dumps(edited), encoding="utf-8")
        return validator

    monkeypatch.setattr(validation, "_validator_for", saved_meanwhile)
    assert model.check(data)[0] is not None  # read before the edit
    monkeypatch.setattr(validation, "_validator_for", real)
    roadmap, problems = model.check(data)
    assert roadmap is None and any("owner" in str(problem.text) for problem in problems)


def test_a_schema_saved_while_data_known_clean_is_read_is_judged_at_the_next_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the same through the clean-data cache: the data's key read the old schema, the entries were
    # remembered with the new one's stamp
    from roadmap import caches, validation

    monkeypatch.setenv("ROADMAP_CACHE_DIR", str(tmp_path / "cache"))
    schema_file, data, edited = _schema_in(tmp_path, monkeypatch)
    assert model.check(data)[0] is not None  # remembered clean on disk
    monkeypatch.setattr(validation, "_clean_objectives", frozenset())
    real = caches.checker_fingerprint

    def saved_meanwhile() -> bytes:
        fingerprint = real()
        schema_file.write_text(json.dumps(edited), encoding="utf-8")
        return fingerprint

    monkeypatch.setattr(caches, "checker_fingerprint", saved_meanwhile)
    assert model.check(data)[0] is not None  # known clean, by the old schema
    monkeypatch.setattr(caches, "checker_fingerprint", real)
    roadmap, problems = model.check(data)
    assert roadmap is None and any("owner" in str(problem.text) for problem in problems)
