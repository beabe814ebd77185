"""Two glossary terms whose entries get the same anchor (``term-gt-pyme`` for "GT Pyme", "gt pyme"
and "GT-Pyme": lower case, spaces as hyphens) gave the glossary page two elements with one id
(invalid HTML) and sent every link to the second term to the first one's definition. The checker
refuses the second term at its line, in the language whose anchor repeats."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from roadmap.model import check

from .conftest import ROOT

FIRST = "  - term: {es: MIPYME, en: MSME}\n"


def data_with(tmp_path: Path, glossary: str) -> Path:
    (tmp_path / "data").mkdir()
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    data = tmp_path / "data" / "objectives.yml"
    text = (ROOT / "data" / "objectives.yml").read_text(encoding="utf-8")
    assert FIRST in text
    data.write_text(text.replace(FIRST, glossary + FIRST, 1), encoding="utf-8")
    for name in ("objectives.schema.json", "objectives.export.schema.json"):
        shutil.copy(ROOT / "data" / name, tmp_path / "data" / name)
    shutil.copytree(ROOT / "data" / "translations", tmp_path / "data" / "translations")
    return data


@pytest.mark.parametrize("second, lang", [
    ("{es: gt pyme, en: gt sme}", "es"),
    ("{es: GT-Pyme, en: GT-SME}", "es"),
    ("{es: Grupo técnico, en: gt sme}", "en"),
])
def test_two_glossary_terms_with_one_anchor_are_refused_at_the_second(tmp_path: Path, second: str, lang: str) -> None:
    data = data_with(tmp_path, "  - term: {es: GT Pyme, en: GT SME}\n    definition: {es: Uno., en: One.}\n"
                               f"  - term: {second}\n    definition: {{es: Dos., en: Two.}}\n")
    lines = data.read_text(encoding="utf-8").splitlines()
    second_line = next(i for i, line in enumerate(lines, 1) if line == f"  - term: {second}")
    _, problems = check(data)
    found = [p for p in problems if "anchor" in str(p.message)]
    assert found and {p.line for p in found} == {second_line}, [p.text() for p in problems]
    mine = [p for p in found if p.field.endswith(lang)]
    assert mine, [p.text() for p in found]
    assert "term-gt-" in str(mine[0].message) and "GT" in str(mine[0].message)


def test_distinct_anchors_pass(tmp_path: Path) -> None:
    data = data_with(tmp_path, "  - term: {es: GT Pyme, en: GT SME}\n    definition: {es: Uno., en: One.}\n"
                               "  - term: {es: GT Pymes, en: GT SMEs}\n    definition: {es: Dos., en: Two.}\n")
    _, problems = check(data)
    assert not [p for p in problems if p.severity == "error"], [p.text() for p in problems]
