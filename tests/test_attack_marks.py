"""A data-only pull request put 2,000 combining accents on one letter of an objective's title
("Zalgo" text): make check and the build took it, and Chromium drew a stripe of stacked accents
down the whole page, over the text below. A letter carries at most a few marks (Vietnamese: two,
written decomposed); a longer run is refused at its place."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from roadmap import text_policy
from roadmap.model import check

from .test_attack_glossary import data_with


def test_a_stack_of_combining_marks_is_refused() -> None:
    found = [v for v in text_policy.violations("A" + "\u0301" * 2000 + "mpliar") if v.key == "check_text_marks"]
    assert [(v.offset, v.length) for v in found] == [(1, 2000)]


def test_real_accents_pass_composed_and_decomposed() -> None:
    for text in ("Việt Nam, Perú, Bogotá", unicodedata.normalize("NFD", "Việt Nam, Perú, Bogotá, ñandú, Ắ")):
        assert not [v for v in text_policy.violations(text) if v.key == "check_text_marks"], text


def test_a_zalgo_title_is_refused_at_its_line(tmp_path: Path) -> None:
    data = data_with(tmp_path, "")
    text = data.read_text(encoding="utf-8")
    old = "es: Ampliar el acceso"
    data.write_text(text.replace(old, "es: A" + "\u0301" * 2000 + "mpliar el acceso", 1), encoding="utf-8")
    _, problems = check(data)
    found = [p for p in problems if "combining" in str(p.message)]
    assert [p.line for p in found] == [text[:text.index(old)].count("\n") + 1], [p.text() for p in problems]
    assert "2000" in str(found[0].message)
