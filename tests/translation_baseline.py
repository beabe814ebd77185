"""What a test that starts from a copy of the real data must allow: texts in one language only.

A contribution in one language is welcome (CONTRIBUTING.md; roadmap/translations.py): its texts
are "not yet translated", a warning, never an error. So the real data may hold such texts at any
time, and a test that copies it must neither count on there being none nor count the real data's
entries: it compares with what the copy held before the test changed it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from roadmap import translations
from roadmap.messages import labels

Untranslated = frozenset[tuple[str, str, str]]  # (kind, key, language missing)


def add_to_list(text: str, next_key: str, block: str) -> str:
    """``text`` with ``block`` (entries of a top-level list, each line ending in a newline) added at
    the end of the list that the top-level ``next_key:`` follows, whether or not a blank line
    ends the list (a contributor's entry added at the end may leave none)."""
    head, sep, rest = text.partition(f"\n{next_key}:\n")
    assert sep, f"no top-level '{next_key}:' in the data"
    return head.rstrip("\n") + "\n" + block + sep + rest


def report(project: Path) -> translations.Report:
    return translations.report(project / "docs", project / "data" / "objectives.yml",
                               project / "data" / "translations")


def untranslated(found: translations.Report) -> Untranslated:
    """The pages and data texts ``found`` lists as not yet translated (in one language only)."""
    return frozenset((e.kind, e.key, e.lang) for e in found.entries if e.state == "missing")


def changes(found: translations.Report, before: Untranslated) -> tuple[translations.Entry, ...]:
    """``found``'s entries less the texts that were already in one language: what a test caused."""
    return tuple(e for e in found.entries if e.state != "missing" or (e.kind, e.key, e.lang) not in before)


def record_in_sync(project: Path) -> Untranslated:
    """Record every page and text of the copy as in sync (`make translations ALL=1`: a stale text of
    the real data, a warning by default, recorded too), then check that nothing is left but the
    texts in one language, which no record can make translated. Returns those."""
    result = subprocess.run([sys.executable, "-m", "roadmap", "translations", "data/objectives.yml", "--all"],
                            capture_output=True, text=True, cwd=project, timeout=120,
                            env={"PATH": os.environ["PATH"], "LANG": "C.UTF-8", "PYTHONPATH": str(project)})
    assert result.returncode == 0, result.stderr
    found = report(project)
    assert {e.state for e in found.entries} <= {"missing"} and found.unrecorded == 0, found.entries
    return untranslated(found)


def other_warnings(check_output: str) -> list[str]:
    """The check's warnings other than "not yet translated" (English or Spanish)."""
    pending = labels()["translation_pending"]
    return [line for line in check_output.splitlines()
            if ": warning: " in line and not any(f"{pending[lang]}: " in line for lang in ("en", "es"))]


def untranslated_warnings(check_output: str) -> list[str]:
    """The check's "not yet translated" warnings."""
    others = set(other_warnings(check_output))
    return [line for line in check_output.splitlines() if ": warning: " in line and line not in others]


def project_with_page(project: Path, page_es: str, page_en: str, before: Untranslated) -> Path:
    """``project`` (a copy of the site) with ``docs/<lang>/prueba.md`` in both languages and
    everything recorded as in sync; asserts nothing but the real data's one-language texts is left."""
    (project / "docs" / "es" / "prueba.md").write_text(page_es, encoding="utf-8")
    (project / "docs" / "en" / "prueba.md").write_text(page_en, encoding="utf-8")
    assert record_in_sync(project) == before
    return project
