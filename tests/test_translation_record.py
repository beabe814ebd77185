"""The translation record (data/translations/): pull requests that record neighbouring texts merge
without a conflict, `make translations` records only what is in sync or named, and the old
single-file record migrates without anything becoming stale or fresh."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import sys
from pathlib import Path

import pytest
import yaml

from roadmap import model, translation_record, translations

from .conftest import ROOT, build_env, copy_project
from .translation_baseline import add_to_list, project_with_page, untranslated

DATA = model.load(model.DATA_FILE)
OBJECTIVE = next(iter(DATA.objectives))
# the real data's texts in one language only (welcome, and "not yet translated" whatever is recorded)
BEFORE = untranslated(translations.report())
PAGE_ES = "# Prueba\n\nPrimer párrafo.\n\nSegundo párrafo.\n\nTercer párrafo.\n\nCuarto párrafo.\n"
PAGE_EN = "# Test\n\nFirst paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n\nFourth paragraph.\n"
ENV = {"PATH": os.environ["PATH"], "LANG": "C.UTF-8", "HOME": os.environ.get("HOME", "/tmp")}


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "roadmap", *args], capture_output=True, text=True, cwd=project,
                          env=build_env({**ENV, "PYTHONPATH": str(project)}), timeout=120)


def record(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = run(project, "translations", "data/objectives.yml", *args)
    assert result.returncode == 0, result.stderr
    return result


def report(project: Path) -> translations.Report:
    return translations.report(project / "docs", project / "data" / "objectives.yml", project / "data" / "translations")


def stale(project: Path) -> set[tuple[str, str]]:
    return {(e.key, e.lang) for e in report(project).entries if e.state == "stale"}


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args], cwd=repo,
                          capture_output=True, text=True, env=ENV, timeout=120)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the site with a page pair of four paragraphs, everything recorded as in sync."""
    return project_with_page(copy_project(tmp_path / "project"), PAGE_ES, PAGE_EN, BEFORE)


def test_two_branches_recording_neighbouring_texts_merge_without_a_conflict(project: Path) -> None:
    """Branch A translates an objective's title and the page's second paragraph; branch B the
    same objective's summary (the next text in the data and in the record) and the third
    paragraph; A also changes a source title in Spanish only, which stays stale."""
    data = project / "data" / "objectives.yml"
    objective = DATA.objectives[OBJECTIVE]
    source = next(iter(DATA.sources.values()))
    assert git(project, "init", "-q", "-b", "main").returncode == 0
    git(project, "add", "-A")
    assert git(project, "commit", "-qm", "base").returncode == 0

    git(project, "checkout", "-qb", "a")
    edit(data, objective.title.es, objective.title.es + " (A)")
    edit(data, objective.title.en, objective.title.en + " (A)")
    edit(data, source.title.es, source.title.es + " (cambiado)")
    edit(project / "docs" / "es" / "prueba.md", "Segundo párrafo.", "Segundo párrafo, de A.")
    edit(project / "docs" / "en" / "prueba.md", "Second paragraph.", "Second paragraph, from A.")
    out = record(project).stderr
    assert "recorded as translated" in out and "1 stale translation(s) left unrecorded" in out, out
    assert stale(project) == {(f"source:{source.id}.title", "en")}
    git(project, "commit", "-qam", "A")

    git(project, "checkout", "-q", "main")
    git(project, "checkout", "-qb", "b")
    edit(data, objective.summary.es, objective.summary.es + " (B)")
    edit(data, objective.summary.en, objective.summary.en + " (B)")
    edit(project / "docs" / "es" / "prueba.md", "Tercer párrafo.", "Tercer párrafo, de B.")
    edit(project / "docs" / "en" / "prueba.md", "Third paragraph.", "Third paragraph, from B.")
    record(project)
    git(project, "commit", "-qam", "B")
    changed = git(project, "diff", "--name-only", "main", "a").stdout.split() + git(project, "diff", "--name-only", "main", "b").stdout.split()
    record_file = f"data/translations/objective/{OBJECTIVE}.yml"
    assert changed.count(record_file) == 2 and changed.count("data/translations/pages/prueba.yml") == 2, changed

    merged = git(project, "merge", "--no-edit", "a")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert "CONFLICT" not in merged.stdout
    text = data.read_text(encoding="utf-8")
    assert objective.title.en + " (A)" in text and objective.summary.en + " (B)" in text
    # after the merge: both translations in sync, the Spanish-only change still stale
    assert stale(project) == {(f"source:{source.id}.title", "en")}
    assert report(project).unrecorded == 0


def test_by_default_a_stale_translation_is_never_recorded_and_a_named_one_alone_is(project: Path) -> None:
    data = project / "data" / "objectives.yml"
    objective = DATA.objectives[OBJECTIVE]
    edit(data, objective.title.es, objective.title.es + " (corregido)")
    edit(project / "docs" / "es" / "prueba.md", "Cuarto párrafo.", "Cuarto párrafo, corregido.")
    edit(project / "docs" / "es" / "glosario.md", "\n\n", "\n\nUn párrafo nuevo.\n\n")
    expected = {(f"objective:{OBJECTIVE}.title", "en"), ("prueba.md", "en"), ("glosario.md", "en")}
    assert stale(project) == expected
    out = record(project).stderr  # what used to clear every stale warning at once
    assert "✓ 0 page(s) or text(s) recorded" in out and "3 stale translation(s) left unrecorded" in out, out
    assert stale(project) == expected

    # `make check` prints the place to fix; the same place, given back, records that text only
    (line,) = [e.line for e in report(project).entries if e.key == f"objective:{OBJECTIVE}.title"]
    record(project, "--file", f"data/objectives.yml:{line}")
    assert stale(project) == expected - {(f"objective:{OBJECTIVE}.title", "en")}
    record(project, "--file", "docs/es/prueba.md")
    assert stale(project) == {("glosario.md", "en")}
    record(project, "--all")
    assert stale(project) == set()


@pytest.mark.parametrize("name", [OBJECTIVE, f"objective:{OBJECTIVE}", f"objective:{OBJECTIVE}.summary", "prueba.md",
                                  "docs/en/prueba.md"])
def test_a_name_records_its_page_entry_or_text(project: Path, name: str) -> None:
    objective = DATA.objectives[OBJECTIVE]
    edit(project / "data" / "objectives.yml", objective.summary.en, objective.summary.en + " Fixed.")
    edit(project / "docs" / "en" / "prueba.md", "First paragraph.", "First paragraph, fixed.")
    before = stale(project)
    assert before == {(f"objective:{OBJECTIVE}.summary", "es"), ("prueba.md", "es")}
    record(project, "--file", name)
    cleared = {key for key, _ in before - stale(project)}
    assert cleared == ({"prueba.md"} if name.endswith(".md") else {f"objective:{OBJECTIVE}.summary"})


def test_an_unknown_name_records_nothing_and_says_what_is_accepted(project: Path) -> None:
    before = sorted((p, p.read_bytes()) for p in (project / "data" / "translations").rglob("*.yml"))
    result = run(project, "translations", "data/objectives.yml", "--file", "finance-to-scal")
    assert result.returncode == 1
    assert "“finance-to-scal” is no page" in result.stderr and "data/objectives.yml:LINE" in result.stderr
    spanish = run(project, "translations", "data/objectives.yml", "--file", "nada.md", "--lang", "es")
    assert "«nada.md» no es ninguna página" in spanish.stderr and "No se registró nada" in spanish.stderr
    assert sorted((p, p.read_bytes()) for p in (project / "data" / "translations").rglob("*.yml")) == before


def test_records_of_pages_and_entries_that_no_longer_exist_are_deleted(project: Path) -> None:
    (project / "docs" / "es" / "prueba.md").unlink()
    (project / "docs" / "en" / "prueba.md").unlink()
    assert (project / "data" / "translations" / "pages" / "prueba.yml").exists()
    out = record(project).stderr
    assert "1 record(s) of pages or texts that no longer exist, deleted" in out, out
    assert not (project / "data" / "translations" / "pages" / "prueba.yml").exists()


def test_the_legacy_single_file_migrates_with_nothing_becoming_stale_or_fresh(project: Path) -> None:
    """The record as one file (until issue #20), with stale and unrecorded texts: the report
    from it and from the migrated folder are the same, entry for entry."""
    legacy = project / "data" / "translations.yml"
    state = translations.snapshot(project / "docs", project / "data" / "objectives.yml")
    legacy.write_text(yaml.safe_dump({"data_file": "0123456789abcdef", **state}, allow_unicode=True), encoding="utf-8")
    shutil.rmtree(project / "data" / "translations")
    objective = DATA.objectives[OBJECTIVE]
    edit(project / "data" / "objectives.yml", objective.title.es, objective.title.es + " (nuevo)")
    edit(project / "docs" / "en" / "prueba.md", "Third paragraph.", "Third paragraph, changed.")
    (project / "docs" / "es" / "nueva.md").write_text("# Nueva\n", encoding="utf-8")
    (project / "docs" / "en" / "nueva.md").write_text("# New\n", encoding="utf-8")
    before = translations.report(project / "docs", project / "data" / "objectives.yml", legacy)
    assert {(e.key, e.lang) for e in before.entries if e.state == "stale"} == {
        (f"objective:{OBJECTIVE}.title", "en"), ("prueba.md", "es")} and before.unrecorded == 1

    moved = translation_record.migrate(legacy, project / "data" / "translations")
    assert moved == len(state["pages"]) + len(state["data"]) and not legacy.exists()
    after = report(project)
    assert after.entries == before.entries and after.unrecorded == before.unrecorded


def test_make_translations_migrates_the_legacy_file_then_records_only_what_is_in_sync(project: Path) -> None:
    legacy = project / "data" / "translations.yml"
    state = translations.snapshot(project / "docs", project / "data" / "objectives.yml")
    legacy.write_text(yaml.safe_dump(state, allow_unicode=True), encoding="utf-8")
    shutil.rmtree(project / "data" / "translations")
    edit(project / "docs" / "en" / "prueba.md", "Third paragraph.", "Third paragraph, changed.")
    out = record(project).stderr
    assert re.search(r"data/translations\.yml moved to data/translations/ .*its \d+ records unchanged", out), out
    assert stale(project) == {("prueba.md", "es")} and not legacy.exists()


def test_a_text_in_one_language_is_never_recorded_as_translated(project: Path) -> None:
    """The record says both languages agree: a text in one language has nothing to agree with.
    `make translations` said "✓ 3 … recorded as translated" and wrote its Spanish hash alone
    while `make check` said "not yet translated"; and once the English was written, the check
    no longer asked for it to be recorded."""
    data = project / "data" / "objectives.yml"
    title, summary = "Un objetivo solo en español", "Un resumen sin traducir."
    data.write_text(add_to_list(data.read_text(encoding="utf-8"), "glossary", f"""  - id: solo-es
    title: {{es: "{title}"}}
    summary: {{es: "{summary}"}}
    theme: {next(iter(DATA.themes))}
    countries: all
    status: proposed
    sources: [{next(iter(DATA.sources))}]
"""), encoding="utf-8")
    (project / "docs" / "es" / "solo.md").write_text("# Solo\n\nSolo en español.\n", encoding="utf-8")
    files = sorted((project / "data" / "translations").rglob("*.yml"))
    every = len(BEFORE) + 3  # with the real data's texts in one language, if it has any
    for args, lang, recorded, single in (((), "en", "✓ 0 page(s) or text(s) recorded as translated",
                                          f"{every} page(s) or text(s) in one language only, not recorded: not yet translated"),
                                         (("--all",), "es", "✓ 0 página(s) o texto(s) registrados como traducidos",
                                          f"{every} página(s) o texto(s) en un solo idioma, sin registrar: aún no están traducidos"),
                                         (("--file", "solo-es", "--file", "solo.md"), "en", "✓ 0 page(s)",
                                          "3 page(s) or text(s) in one language only, not recorded: not yet translated "
                                          "(the check says so); once the other language is written, run `make translations`: "
                                          "objective:solo-es.title, objective:solo-es.summary, solo.md")):
        out = record(project, *args, "--lang", lang).stderr
        assert recorded in out and single in out, out
        assert sorted((project / "data" / "translations").rglob("*.yml")) == files, args
    # translated: now the check asks for it to be recorded, and the record works as for any text
    edit(data, f'title: {{es: "{title}"}}', f'title: {{es: "{title}", en: "An objective in Spanish only"}}')
    edit(data, f'summary: {{es: "{summary}"}}', f'summary: {{es: "{summary}", en: "An untranslated summary."}}')
    assert report(project).unrecorded == 2
    out = record(project).stderr
    assert "✓ 2 page(s) or text(s) recorded as translated: objective:solo-es.title, objective:solo-es.summary" in out
    assert f"{len(BEFORE) + 1} page(s) or text(s) in one language only" in out, out  # and the page
    edit(data, f'"{title}"', '"Un título cambiado"')
    assert stale(project) == {("objective:solo-es.title", "en")}


def test_ids_that_are_no_file_names_stay_inside_the_record_folder(tmp_path: Path) -> None:
    """Ids are input: a hostile one writes no file outside data/translations/."""
    folder = tmp_path / "translations"
    keys = ["objective:../../escape.title", "objective:a/b.title", "objective:CON:x.title", "page:../x.md"]
    translation_record.write(folder, {key: {"es": "00000001", "en": "0e000002"} for key in keys})
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written and all(folder in p.parents for p in written), written
    assert all(":" not in p.name for p in written)
    back = translation_record.read(folder)  # hashes that look like numbers stay text
    assert back["data"]["objective:../../escape.title"] == {"es": "00000001", "en": "0e000002"}
    assert back["pages"]["../x.md"] == {"es": "00000001", "en": "0e000002"}


def test_the_committed_record_is_one_file_per_page_and_entry() -> None:
    folder = ROOT / "data" / "translations"
    assert not (ROOT / "data" / "translations.yml").exists()
    files = sorted(folder.rglob("*.yml"))
    assert (folder / "pages" / "index.yml") in files and (folder / "objective" / f"{OBJECTIVE}.yml") in files
    for path in files:
        keys = list(yaml.safe_load(path.read_text(encoding="utf-8")))
        assert all(translation_record.file_of(folder, key) == path for key in keys), path


def test_a_record_file_read_again_after_a_change_gives_its_new_entries(tmp_path: Path) -> None:
    """read() keeps each file's entries while its stamp stays the same (`mkdocs serve` reads the
    record at every save): a rewrite is read again, even one of the same size with its time of
    change put back, and a file removed records nothing."""
    record = tmp_path / "translations"
    translation_record.write(record, {"objective:x.title": {"es": "aaaa", "en": "bbbb"}})
    path = translation_record.file_of(record, "objective:x.title")
    assert translation_record.read(record)["data"]["objective:x.title"] == {"es": "aaaa", "en": "bbbb"}
    before = path.stat()
    time.sleep(0.05)  # past the clock tick of the file's times
    path.write_text(path.read_text(encoding="utf-8").replace("aaaa", "cccc"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert translation_record.read(record)["data"]["objective:x.title"] == {"es": "cccc", "en": "bbbb"}
    translation_record.read(record)["data"]["objective:x.title"]["es"] = "changed by a caller"
    assert translation_record.read(record)["data"]["objective:x.title"]["es"] == "cccc"
    path.unlink()
    assert translation_record.read(record)["data"] == {}
