"""The data model: the real data and a complete fixture load; every kind of mistake a
contributor can make is reported with its line and a message that says what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap import model
from roadmap.__main__ import main as cli

from .conftest import FIXTURES, ROOT

VALID = (FIXTURES / "valid.yml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "objectives.yml"
    path.write_text(text, encoding="utf-8")
    return path


def mutate(old: str, new: str, count: int = 1) -> tuple[str, int]:
    """Replace the first ``count`` occurrences of ``old``; return the text and the 1-based line
    where the first replacement starts (the line an error about it must point to)."""
    assert old in VALID, f"fixture no longer contains {old!r}"
    index = VALID.index(old)
    line = VALID.count("\n", 0, index) + 1 + new[: len(new) - len(new.lstrip("\n"))].count("\n")
    return VALID.replace(old, new, count), line


def test_real_data_is_valid() -> None:
    roadmap = model.load(model.DATA_FILE)
    assert roadmap.objectives and set(roadmap.countries) == {"CL", "CO", "MX", "PE"}
    assert all(o.status == "proposed" and o.sources for o in roadmap.objectives.values())


def test_valid_fixture_builds_the_model(tmp_path: Path) -> None:
    roadmap = model.load(write(tmp_path, VALID))
    one = roadmap.objectives["obj-one"]
    assert one.countries == ("CL", "PE") and one.all_countries
    assert one.lead == {"public": ("gov",), "private": ("biz",), "multilateral": ()}
    assert one.actors() == {"gov", "biz", "bank"}
    assert one.milestones[0].done is True and one.indicators[0].target == 20
    assert [h.status for h in one.history] == ["proposed", "agreed"]
    assert roadmap.objectives["obj-two"].horizon is None
    assert list(roadmap.themes) == ["finance", "trade", "zeta"]
    # the entry's line feeds the edit button
    assert VALID.splitlines()[one.line - 1].strip() == "- id: obj-one"


# (name, text replaced, replacement, words the message must contain[, text on the expected line
#  when it is not the replacement's first line])
CASES = [
    ("unknown theme", "    theme: trade\n", "    theme: trades\n", ["unknown theme 'trades'", "finance, trade"]),
    ("unknown status", "    status: proposed\n    sources: [src-b]", "    status: drafted\n    sources: [src-b]",
     ["unknown status 'drafted'", "agreed, proposed"]),
    ("horizon outside the enum", "    horizon: short\n", "    horizon: soon\n", ["'soon' is not allowed", "short, medium, long"]),
    ("duplicate objective id", "  - id: obj-two\n", "  - id: obj-one\n", ["'obj-one' is already used", "never reused"]),
    ("impossible date", '      - date: "2025-03-01"', '      - date: "2025-02-30"', ["'2025-02-30' is not a real date"]),
    ("date in the wrong format", '      - date: "2025-03-01"', '      - date: "01/03/2025"', ["'01/03/2025' has the wrong form", "yyyy-mm-dd"]),
    ("unknown field (typo)", "    summary: {es: Resumen dos.", "    sumary: {es: Resumen dos.", ["unknown field 'sumary'"]),
    ("missing required field", "    theme: trade\n", "    # theme removed\n", ["missing required field 'theme'"], "  - id: obj-two"),
    ("unknown country code", "    countries: [PE]\n", "    countries: [PE, AR]\n", ["unknown country code 'AR'", "CL, PE"]),
    ("unknown actor", "      private: [biz]\n", "      private: [bizz]\n", ["unknown actor 'bizz'", "bank, biz, gov"]),
    ("unknown source", "    sources: [src-b]\n    history:", "    sources: [src-c]\n    history:", ["unknown source 'src-c'"]),
    ("id with spaces and capitals", "  - id: obj-two\n", "  - id: Obj Two\n", ["'Obj Two' has the wrong form", "lowercase"]),
    ("countries neither all nor a list", "    countries: all\n", "    countries: every\n", ["'every' is not valid here", "`all`"]),
    ("done is not a boolean", "        done: true\n", "        done: sometimes\n", ["'sometimes' is the wrong kind of value", "true or false"]),
    ("duplicate key", "    theme: finance\n", "    theme: finance\n    theme: trade\n", ["appears twice"], "    theme: trade\n    countries: all"),
    ("url without scheme", "    url: https://example.org/b\n", "    url: example.org/b\n", ["'example.org/b' has the wrong form"]),
    ("empty bilingual text", "    title: {es: Objetivo dos, en: Objective two}\n", "    title: {}\n", ["empty text", "Spanish (es) and English (en)"]),
    ("history out of order", '      - date: "2025-01-15"', '      - date: "2023-01-15"', ["out of order", "oldest first"],
     "    history:\n      - date: \"2024-06-27\"\n        status: proposed\n        note: {es: Propuesto., en: Proposed.}\n      - date: \"2023"),
    ("status differs from history", "    status: agreed\n", "    status: proposed\n", ["differs from the last history entry"]),
    ("missing translation (error by default)", "    title: {es: Objetivo dos, en: Objective two}\n",
     "    title: {es: Objetivo dos}\n", ["translation pending", "English (en) text is missing"]),
    # country profiles and the methodology (issue #10)
    ("unknown OECD dimension", "      - dimensions: [finance-dim]\n", "      - dimensions: [finance-dimension]\n",
     ["unknown oecd dimension 'finance-dimension'", "finance-dim, green"]),
    ("figure's metric outside the enum", "      - metric: share-of-firms\n", "      - metric: share\n",
     ["'share' is not allowed", "share-of-firms"]),
    ("figure without its period", "        period: {es: \"2024\", en: \"2024\"}\n", "",
     ["missing required field 'period'"], "      - metric: share-of-firms"),
    ("source kind outside the enum", "    kind: press\n", "    kind: blog\n", ["'blog' is not allowed", "primary, press, secondary"]),
    ("unquoted comma in a flow mapping", "    description: {es: Dinero., en: Money.}",
     "    description: {es: Dinero, bancos., en: Money.}", ["unknown field 'bancos.'"]),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_mistake_is_reported_at_its_line(tmp_path: Path, case: tuple) -> None:
    name, old, new, words, *at = case
    text, line = mutate(old, new)
    if at:
        assert text.count(at[0]) == 1, f"{name}: the expected-line marker must be unique"
        line = text.count("\n", 0, text.index(at[0])) + 1
    roadmap, problems = model.check(write(tmp_path, text))
    assert roadmap is None, f"{name}: invalid data was accepted"
    matching = [p for p in problems if all(w.lower() in str(p).lower() for w in words)]
    assert matching, f"{name}: no problem mentions {words}; got:\n" + "\n".join(map(str, problems))
    assert matching[0].line == line, f"{name}: reported at line {matching[0].line}, expected {line}: {matching[0]}"
    assert str(matching[0]).startswith(f"{tmp_path / 'objectives.yml'}:{line}:")


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    text, line = mutate("    theme: trade\n", "    theme: trade\n   status: [broken\n")
    _, problems = model.check(write(tmp_path, text))
    assert len(problems) == 1 and "not valid YAML" in problems[0].message
    assert line <= problems[0].line <= line + 2


def test_all_errors_are_reported_at_once(tmp_path: Path) -> None:
    text = VALID.replace("    theme: trade\n", "    theme: trades\n").replace("    horizon: short\n", "    horizon: soon\n")
    text = text.replace("      private: [biz]\n", "      private: [bizz]\n")
    _, problems = model.check(write(tmp_path, text))
    messages = " | ".join(map(str, problems))
    assert "trades" in messages and "soon" in messages and "bizz" in messages


def test_errors_name_the_entry_and_field(tmp_path: Path) -> None:
    text, _ = mutate("        done: true\n", "        done: sometimes\n")
    _, problems = model.check(write(tmp_path, text))
    assert problems[0].where == "objective 'obj-one'" and problems[0].field == "milestones[0].done"


def test_missing_translation_is_a_warning_when_the_setting_says_so(tmp_path: Path) -> None:
    text = VALID.replace("missing_translations: error", "missing_translations: warning")
    text = text.replace("    title: {es: Objetivo dos, en: Objective two}\n", "    title: {es: Objetivo dos}\n")
    roadmap, problems = model.check(write(tmp_path, text))
    assert roadmap is not None
    assert [p.severity for p in problems] == ["warning"] and "English (en)" in problems[0].message
    assert roadmap.objectives["obj-two"].title.get("en") == ("Objetivo dos", "es")


def test_cli_exit_status_and_github_annotations(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["check", str(write(tmp_path, VALID))]) == 0
    text, line = mutate("    theme: trade\n", "    theme: trades\n")
    bad = write(tmp_path, text)
    assert cli(["check", str(bad), "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert f"::error file={bad},line={line},col=5::objective 'obj-two' → theme: unknown theme 'trades'" in out
