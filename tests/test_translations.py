"""Stale and missing translations: pages and data texts, the check's warnings, the reader's notice."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from roadmap import model, translation_record, translations
from roadmap.project import DATA_FILE

from .conftest import build_env, copy_project, mkdocs_build
from .translation_baseline import changes, other_warnings, project_with_page, untranslated, untranslated_warnings

DATA = model.load(DATA_FILE)

PAGE_ES = """# Prueba

Primer párrafo, sin cambios.

Segundo párrafo,
en dos líneas.

Tercer párrafo.
"""
PAGE_EN = """# Test

First paragraph, unchanged.

Second paragraph,
on two lines.

Third paragraph.
"""


def check(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "roadmap", "check", str(project / "data" / "objectives.yml"), *args],
                          capture_output=True, text=True, env=build_env({"LANG": "C.UTF-8"}), cwd=project)


def record(project: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "roadmap", "translations", str(project / "data" / "objectives.yml")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# The real data's texts in one language only (a contribution in one language is welcome): the
# copies start with them, and they stay "not yet translated" whatever a test records.
BEFORE = untranslated(translations.report())


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the site with a page pair of our own, everything recorded as in sync."""
    return project_with_page(copy_project(tmp_path / "project"), PAGE_ES, PAGE_EN, BEFORE)


def report(project: Path) -> translations.Report:
    return translations.report(project / "docs", project / "data" / "objectives.yml",
                               project / "data" / "translations")


def caused(project: Path) -> tuple[translations.Entry, ...]:
    """The stale and missing translations of the copy, but for the real data's texts in one language."""
    return changes(report(project), BEFORE)


def test_the_committed_record_reads_as_documented() -> None:
    """Whether the real site has stale text is the setting's business (CI fails only with
    `stale_translations: error`), not the tests': here, only that the record is well formed."""
    record = translation_record.read()
    assert record["pages"] and record["data"]
    hashes = [h for entry in (*record["pages"].values(), *record["data"].values()) for text in entry.values()
              for h in str(text).split()]
    assert all(re.fullmatch(r"[0-9a-f]{8}", h) for h in hashes)
    assert all(re.fullmatch(r"[a-z]+:[^.\s]+\..+|[a-z_]+\..+", key) for key in record["data"]), list(record["data"])[:5]


def test_in_sync_copy_has_nothing_stale(project: Path) -> None:
    found = report(project)
    assert caused(project) == () and not [e for e in found.entries if e.state == "stale"]
    # the check warns of nothing but the texts in one language, one warning each
    out = check(project).stdout
    assert other_warnings(out) == [], out
    assert len(untranslated_warnings(out)) == len(BEFORE), out


def test_a_changed_spanish_paragraph_makes_the_english_page_stale_at_that_paragraph(project: Path) -> None:
    es = project / "docs" / "es" / "prueba.md"
    es.write_text(PAGE_ES.replace("Segundo párrafo,", "Segundo párrafo, corregido,"), encoding="utf-8")
    (entry,) = caused(project)
    assert (entry.state, entry.kind, entry.key, entry.lang) == ("stale", "page", "prueba.md", "en")
    line = PAGE_EN.splitlines().index("Second paragraph,") + 1
    assert (entry.file, entry.line) == ("docs/en/prueba.md", line)
    assert (entry.source_file, entry.source_line) == ("docs/es/prueba.md", line)
    result = check(project)
    assert result.returncode == 0  # `stale_translations: warning`, the default
    assert re.search(rf"^docs/en/prueba\.md:{line}:1: warning: .*docs/es/prueba\.md", result.stdout, re.M), result.stdout


def test_changing_both_languages_is_a_translation_not_a_stale_page(project: Path) -> None:
    (project / "docs" / "es" / "prueba.md").write_text(PAGE_ES.replace("Tercer", "Último"), encoding="utf-8")
    (project / "docs" / "en" / "prueba.md").write_text(PAGE_EN.replace("Third", "Last"), encoding="utf-8")
    assert caused(project) == ()


def test_an_english_edit_makes_the_spanish_page_stale(project: Path) -> None:
    (project / "docs" / "en" / "prueba.md").write_text(PAGE_EN + "\nA new paragraph.\n", encoding="utf-8")
    (entry,) = caused(project)
    assert (entry.lang, entry.file, entry.source_file) == ("es", "docs/es/prueba.md", "docs/en/prueba.md")


def test_a_page_in_one_language_only_is_missing(project: Path) -> None:
    (project / "docs" / "en" / "prueba.md").unlink()
    (entry,) = caused(project)
    assert (entry.state, entry.lang, entry.file) == ("missing", "en", "docs/en/prueba.md")


def objective_title_lines(text: str, objective_id: str) -> tuple[int, int]:
    """Lines of the objective's Spanish and English titles, found by reading the YAML text."""
    lines = text.splitlines()
    start = lines.index(f"  - id: {objective_id}")
    title = DATA.objectives[objective_id].title
    es = next(i for i in range(start, len(lines)) if title.es in lines[i]) + 1
    en = next(i for i in range(start, len(lines)) if title.en in lines[i]) + 1
    return es, en


def test_a_changed_objective_title_is_stale_in_english_with_its_id_and_line(project: Path) -> None:
    data = project / "data" / "objectives.yml"
    objective_id = next(iter(DATA.objectives))
    text = data.read_text(encoding="utf-8")
    es_line, en_line = objective_title_lines(text, objective_id)
    lines = text.splitlines(keepends=True)
    lines[es_line - 1] = lines[es_line - 1].replace(DATA.objectives[objective_id].title.es, "Un título nuevo")
    data.write_text("".join(lines), encoding="utf-8")
    (entry,) = caused(project)
    assert (entry.key, entry.lang, entry.line, entry.source_line) == (f"objective:{objective_id}.title", "en", en_line, es_line)
    assert entry.entry_id == objective_id
    out = check(project).stdout
    assert re.search(rf"^data/objectives\.yml:{en_line}:\d+: warning: objective '{objective_id}' → title: ", out, re.M), out


def test_the_setting_makes_stale_text_fail_the_check(project: Path) -> None:
    data = project / "data" / "objectives.yml"
    text = data.read_text(encoding="utf-8")
    assert "stale_translations: warning" in text
    data.write_text(text.replace("stale_translations: warning", "stale_translations: error"), encoding="utf-8")
    record(project)
    assert check(project).returncode == 0
    (project / "docs" / "es" / "prueba.md").write_text(PAGE_ES + "\nOtro párrafo.\n", encoding="utf-8")
    result = check(project)
    assert result.returncode == 1 and "docs/en/prueba.md:" in result.stdout and ": error: " in result.stdout


def test_keys_are_stable_ids_not_positions() -> None:
    data = {"objectives": [{"id": "b", "title": {"es": "B", "en": "B"},
                            "milestones": [{"date": "2025-06", "text": {"es": "x", "en": "x"}}]},
                           {"id": "a", "title": {"es": "A", "en": "A"}}],
            "roadmap": {"title": {"es": "T", "en": "T"}}}
    keys = [key for key, _, _ in translations.fields(data)]
    assert keys == ["objective:b.title", "objective:b.milestones[2025-06].text", "objective:a.title", "roadmap.title"]
    data["objectives"].reverse()
    assert sorted(key for key, _, _ in translations.fields(data)) == sorted(keys)


@pytest.mark.build
def test_readers_of_stale_text_see_a_notice_linking_to_the_other_language(project: Path, tmp_path: Path) -> None:
    """A real build of the copy, after a Spanish paragraph and a Spanish objective title changed."""
    es_page = project / "docs" / "es" / "desafios.md"
    text = es_page.read_text(encoding="utf-8")
    paragraph = next(line for line in text.splitlines() if re.match(r"[A-ZÁÉÍÓÚ][a-záéíóú]", line))
    es_page.write_text(text.replace(paragraph, paragraph + " Cambio.", 1), encoding="utf-8")
    objective_id = next(iter(DATA.objectives))
    data = project / "data" / "objectives.yml"
    title = DATA.objectives[objective_id].title
    data.write_text(data.read_text(encoding="utf-8").replace(title.es, "Un título nuevo", 1), encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]

    def notice(path: str) -> str:
        html = (site / path / "index.html").read_text(encoding="utf-8")
        match = re.search(r'<div class="admonition warning translation-stale".*?</div>', html, re.S)
        return match.group(0) if match else ""

    en_notice = notice("en/desafios")
    assert "Spanish" in en_notice and re.search(r'href="\.\./\.\./desafios/" hreflang="es"', en_notice), en_notice
    assert notice("desafios") == ""  # the Spanish page is the current text
    objective_notice = notice(f"en/objetivos/{objective_id}")
    assert re.search(rf'href="\.\./\.\./\.\./objetivos/{objective_id}/" hreflang="es"', objective_notice)
    objective_html = (site / "en" / "objetivos" / objective_id / "index.html").read_text(encoding="utf-8")
    assert re.search(r"translation-stale__badge[^>]*>\(translation may be out of date\)", objective_html)
    assert notice(f"objetivos/{objective_id}") == ""
    for lang, prefix in (("es", ""), ("en", "en/")):
        status = (site / prefix / "traducciones" / "index.html").read_text(encoding="utf-8")
        assert "docs/en/desafios.md:" in status and f"objective:{objective_id}.title" in status, lang


def test_blocks_kept_by_a_page_s_text_follow_an_edit_and_are_each_caller_s_own() -> None:
    """translations.blocks keeps each text's blocks (a report at every `mkdocs serve` save): an
    edit of the same length gives the edited paragraph's hash, and a caller changing the list it
    got changes nothing kept."""
    text = "First paragraph.\n\nSecond paragraph.\n"
    first = translations.blocks(text)
    first.append(translations.Block(99, "changed"))
    again = translations.blocks(text)
    assert [b.line for b in again] == [1, 3]
    edited = translations.blocks(text.replace("Second", "Sekond"))
    assert edited[0] == again[0] and edited[1].hash != again[1].hash
    assert edited[1].hash == translations.short_hash("Sekond paragraph.")


def test_the_report_of_a_process_sees_a_record_rewritten_with_its_time_put_back(tmp_path: Path) -> None:
    """`mkdocs serve` reports the translations again only when a file changed; a rewrite of the
    same size whose time was put back (cp -p, rsync -t, tar x) is a change (the hostile review
    found six pages left stale when the report was kept by time and size alone)."""
    import os

    from roadmap import caches

    record = tmp_path / "x.yml"
    record.write_text("a: 1\n", encoding="utf-8")
    before = os.stat(record)
    first = caches.file_stamp(record)
    record.write_text("a: 2\n", encoding="utf-8")
    os.utime(record, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(record).st_mtime_ns == before.st_mtime_ns and os.stat(record).st_size == before.st_size
    assert caches.file_stamp(record) != first
    assert caches.file_stamp(tmp_path / "missing.yml") == (0, 0, 0, 0)
