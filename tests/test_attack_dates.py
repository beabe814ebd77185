"""A data-only pull request dated a source's consultation or an objective's history in 2099: make
check and the build took it, and 68 pages' sitemap <lastmod>, their citations ("content last
changed 31 December 2099") and the feed said the future. Dates of what has happened may not be
after today anywhere on Earth; milestones (days to come) still may."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap.model import check

from .test_attack_glossary import data_with

CONSULTED = 'consulted: "2026-12-06"'
HISTORY = '      - date: "2024-06-27"\n        status: proposed\n        note:\n          es: Planteado en el conversatorio público-privado'


@pytest.mark.parametrize("old, new", [
    (CONSULTED, 'consulted: "2099-12-31"'),
    (CONSULTED, 'consulted: "2099"'),
    (HISTORY, HISTORY.replace("2024-06-27", "2099-06-27")),
    ('last_reviewed: "2026-11-29"', 'last_reviewed: "2099-11"'),
])
def test_a_date_of_the_past_that_has_not_come_is_refused_at_its_line(tmp_path: Path, old: str, new: str) -> None:
    data = data_with(tmp_path, "")
    text = data.read_text(encoding="utf-8")
    assert old in text
    data.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 1 + next(i for i, part in enumerate(new.split("\n")) if "2099" in part)
    _, problems = check(data)
    found = [p for p in problems if "has not come yet" in str(p.message)]
    assert [p.line for p in found] == [line], [p.text() for p in problems]
    assert "2099" in str(found[0].message) and "aún no ha llegado" in found[0].message.get("es")


def test_the_real_data_and_its_milestones_to_come_pass(tmp_path: Path) -> None:
    _, problems = check(data_with(tmp_path, ""))
    assert not [p for p in problems if "has not come yet" in str(p.message)]
