"""The checker speaks the contributor's language, on the line of the mistake, once per mistake."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from roadmap import model
from roadmap.problems import Problem
from roadmap.project import DATA_FILE
from roadmap.messages import terminal_language

from .conftest import ROOT, build_env, copy_project, run_own_code

REAL = DATA_FILE.read_text(encoding="utf-8")
LINES = REAL.splitlines(keepends=True)
FIRST_OBJECTIVE = next(i for i, line in enumerate(LINES) if line.startswith("  - id: ") and i > LINES.index("objectives:\n"))


def line_of(prefix: str, start: int = FIRST_OBJECTIVE) -> int:
    """0-based index of the first line from ``start`` (the first objective) that starts with ``prefix``."""
    return next(i for i in range(start, len(LINES)) if LINES[i].startswith(prefix))


def check(tmp_path: Path, lines: list[str]) -> list[Problem]:
    data = tmp_path / "objectives.yml"
    data.write_text("".join(lines), encoding="utf-8")
    roadmap, problems = model.check(data)
    assert roadmap is None
    return [p for p in problems if p.severity == "error"]


def run_check(args: list[str], lang: str | None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = build_env({"PATH": os.environ["PATH"]})
    if lang:
        env["LANG"] = lang
    return subprocess.run(args, capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


def test_make_check_answers_in_spanish_when_the_locale_is_spanish() -> None:
    result = run_check(["make", "--no-print-directory", "check"], "es_ES.UTF-8")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^✓ .*objectives\.yml: \d+ objetivos, \d+ países, \d+ instituciones; \d+ aviso\(s\); comprobado en",
                     result.stderr, re.M), result.stderr
    english = run_check(["make", "--no-print-directory", "check"], "en_US.UTF-8")
    assert re.search(r"^✓ .*: \d+ objectives, \d+ countries", english.stderr, re.M), english.stderr


def test_the_summary_names_the_file_as_the_problems_do(tmp_path: Path) -> None:
    """`make check` gives the data file's absolute path: the problems named it relative to the
    project, the ✓ and ✗ lines absolute."""
    project = copy_project(tmp_path / "project")
    data = project / "data" / "objectives.yml"
    command = ["-m", "roadmap", "check", str(data), "--lang", "en"]
    ok = run_own_code(command, project, timeout=120)
    assert ok.returncode == 0 and ok.stderr.splitlines()[-1].startswith("✓ data/objectives.yml: "), ok.stderr
    lines = LINES.copy()
    theme = line_of("    theme: ")
    lines[theme] = "    theme: financ\n"
    data.write_text("".join(lines), encoding="utf-8")
    failed = run_own_code(command, project, timeout=120)
    assert failed.stdout.startswith(f"data/objectives.yml:{theme + 1}:5: error: "), failed.stdout
    assert failed.stderr.startswith("✗ data/objectives.yml: 1 error(s)"), failed.stderr
    assert str(project) not in failed.stdout + failed.stderr + ok.stdout + ok.stderr


def test_a_mistake_is_explained_in_the_terminal_language_or_lang(tmp_path: Path) -> None:
    lines = LINES.copy()
    theme = line_of("    theme: ")
    lines[theme] = "    theme: financ\n"
    data = tmp_path / "objectives.yml"
    data.write_text("".join(lines), encoding="utf-8")
    command = [sys.executable, "-m", "roadmap", "check", str(data)]
    spanish = run_check(command, "es_CL.UTF-8")
    assert spanish.returncode == 1
    assert re.search(rf":{theme + 1}:5: error: objetivo '[^']+' → theme: no se reconoce el tema 'financ': .*¿quiso decir «finance»\?",
                     spanish.stdout), spanish.stdout
    assert "Corrija las líneas de arriba" in spanish.stderr
    english = run_check(command, None)
    assert re.search(rf":{theme + 1}:5: error: objective '[^']+' → theme: unknown theme 'financ': .*did you mean “finance”\?",
                     english.stdout), english.stdout
    assert "no se reconoce" in run_check(command + ["--lang", "es"], "en_GB.UTF-8").stdout
    annotation = run_check(command + ["--format", "github"], "en_US.UTF-8").stdout
    assert "no se reconoce el tema 'financ'" in annotation and "unknown theme 'financ'" in annotation  # both, always


def test_the_locale_decides_as_posix_reads_it() -> None:
    assert terminal_language({"LANG": "es_ES.UTF-8"}) == "es"
    assert terminal_language({"LANG": "es"}) == "es"
    assert terminal_language({"LC_ALL": "en_US.UTF-8", "LANG": "es_ES.UTF-8"}) == "en"
    assert terminal_language({"LC_MESSAGES": "es_MX.UTF-8", "LANG": "en_US.UTF-8"}) == "es"
    assert terminal_language({"LANG": "C.UTF-8"}) == "en" and terminal_language({}) == "en"


def test_a_forgotten_colon_is_reported_on_its_own_line(tmp_path: Path) -> None:
    lines = LINES.copy()
    theme = line_of("    theme: ")
    lines[theme] = lines[theme].replace("theme: ", "theme ", 1)
    (problem,) = check(tmp_path, lines)
    assert problem.line == theme + 1, problem
    assert "lacks a colon after “theme”" in problem.message.en and "«theme: valor»" in problem.message.es


def test_an_unclosed_quote_on_an_id_line_is_reported_on_that_line(tmp_path: Path) -> None:
    lines = LINES.copy()
    lines[FIRST_OBJECTIVE] = lines[FIRST_OBJECTIVE].replace("id: ", 'id: "', 1)
    (problem,) = check(tmp_path, lines)
    assert (problem.line, problem.column) == (FIRST_OBJECTIVE + 1, LINES[FIRST_OBJECTIVE].index("id: ") + 5), problem
    assert re.search(r'the " quote opened here is not closed, so the text runs on to line \d+', problem.message.en)


def test_a_label_written_for_its_id_gives_one_error_that_suggests_the_id(tmp_path: Path) -> None:
    lines = LINES.copy()
    status = line_of("    status: ")
    lines[status] = "    status: propuesto\n"
    problems = check(tmp_path, lines)
    assert len(problems) == 1, "\n".join(map(str, problems))  # no "add a history entry" as well
    (problem,) = problems
    assert problem.line == status + 1
    assert problem.message.en.endswith("did you mean “proposed”?") and problem.message.es.endswith("¿quiso decir «proposed»?")


def test_list_positions_count_from_one(tmp_path: Path) -> None:
    lines = LINES.copy()
    countries = line_of("    countries: ")
    lines[countries] = "    countries: [CL, CO, MX, XX]\n"
    (problem,) = check(tmp_path, lines)
    assert problem.field == "countries item 4" and problem.field.es == "countries elemento 4"
    assert "unknown country code 'XX'" in problem.message.en


@pytest.mark.parametrize("mistake", [
    lambda lines: lines.__setitem__(0, "roadmap: [\n"),  # a syntax error at the top
    lambda lines: lines.insert(lines.index("objectives:\n"), "extra_section: 1\n"),  # an unknown top-level key
    lambda lines: lines.__setitem__(lines.index("objectives:\n"), "objectives: 3\n"),  # the wrong kind at the top
])
def test_no_message_has_an_empty_place(tmp_path: Path, mistake) -> None:
    lines = LINES.copy()
    mistake(lines)
    for problem in check(tmp_path, lines):
        for lang in ("es", "en"):
            assert not re.search(r"(error|warning): ?:", problem.text(lang)), problem.text(lang)


# A tab in the indentation, where the real file indents: a top-level key's child, a list item, an
# entry's field, a language inside a text. libyaml (the parser the checker uses) reports most of
# these as "found character that cannot start any token", which used to get advice about quoting
# @, ` or %.
@pytest.mark.parametrize("prefix", ["  stale_translations:", "  - id: ", "    theme: ", "      es: "])
@pytest.mark.parametrize("tab", ["whole", "first", "last"])
def test_a_tab_in_the_indentation_is_called_a_tab(tmp_path: Path, prefix: str, tab: str) -> None:
    lines = LINES.copy()
    index = line_of(prefix, 0 if prefix.startswith("  stale") else FIRST_OBJECTIVE)
    indent = len(lines[index]) - len(lines[index].lstrip(" "))
    spaces = {"whole": "\t", "first": "\t" + " " * (indent - 1), "last": " " * (indent - 1) + "\t"}[tab]
    lines[index] = spaces + lines[index][indent:]
    problems = check(tmp_path, lines)
    assert len(problems) == 1, "\n".join(map(str, problems))
    (problem,) = problems
    assert problem.line == index + 1, problem
    assert problem.column == spaces.index("\t") + 1, problem
    assert "a tab (the Tab key) in the indentation" in problem.message.en, problem.message.en
    assert "un tabulador (la tecla Tab) en la sangría" in problem.message.es, problem.message.es
    assert "@" not in problem.message.en and "@" not in problem.message.es


# Every YAML syntax error stops the check before the other problems are looked for: each says so,
# with the line where parsing stopped when it is not the line of the mistake.
@pytest.mark.parametrize(("mistake", "stopped"), [
    (lambda lines, i: lines.__setitem__(i, "\t" + lines[i].lstrip(" ")), "here"),  # a tab
    (lambda lines, i: lines.__setitem__(i, lines[i].replace("theme: ", "theme ", 1)), "next"),  # no colon
    (lambda lines, i: lines.__setitem__(i, lines[i].replace("theme: ", "theme: @", 1)), "here"),  # reserved character
    (lambda lines, i: lines.__setitem__(i, lines[i].replace("theme: ", 'theme: "', 1)), "there"),  # open quote
    (lambda lines, i: lines.__setitem__(i, lines[i].replace("theme: ", "theme: [", 1)), "here"),  # open bracket
])
def test_every_yaml_syntax_error_says_the_check_stopped(tmp_path: Path, mistake, stopped: str) -> None:
    lines = LINES.copy()
    theme = line_of("    theme: ")
    mistake(lines, theme)
    (problem,) = check(tmp_path, lines)
    en, es = problem.message.en, problem.message.es
    found = re.search(r"\(parsing stopped (here|there|on line (\d+)); the other checks run once it is fixed\)$", en)
    assert found, en
    assert re.search(r"\(el análisis se detuvo (aquí|allí|en la línea \d+); las demás comprobaciones se harán "
                     r"cuando esté corregido\)$", es), es
    if stopped == "next":  # the colon is missed on the next line
        assert (problem.line, found.group(2)) == (theme + 1, str(theme + 2))
    else:
        assert found.group(1) == stopped


def test_a_tab_in_the_terminal_says_the_check_stopped(tmp_path: Path) -> None:
    lines = LINES.copy()
    theme = line_of("    theme: ")
    lines[theme] = "\t" + lines[theme].lstrip(" ")
    data = tmp_path / "objectives.yml"
    data.write_text("".join(lines), encoding="utf-8")
    for lang, words in (("en_US.UTF-8", "parsing stopped here; the other checks run once it is fixed"),
                        ("es_ES.UTF-8", "el análisis se detuvo aquí; las demás comprobaciones se harán cuando esté corregido")):
        result = run_check([sys.executable, "-m", "roadmap", "check", str(data)], lang)
        assert result.returncode == 1 and words in result.stdout, result.stdout


def test_a_value_starting_with_a_reserved_character_names_that_character(tmp_path: Path) -> None:
    lines = LINES.copy()
    theme = line_of("    theme: ")
    lines[theme] = "    theme: @finance\n"
    (problem,) = check(tmp_path, lines)
    assert (problem.line, problem.column) == (theme + 1, len("    theme: ") + 1), problem
    assert "cannot start with “@”: put the whole text in quotes" in problem.message.en
    assert "no puede empezar por «@»" in problem.message.es and "tab" not in problem.message.en


def test_an_unknown_source_suggests_at_most_five_sources_closest_first_not_all_ids(tmp_path: Path) -> None:
    """`ocde-2024` (OECD's Spanish acronym): the whole OECD report first, as the data lists it,
    never `oecd-2024-peru` first because it is the shortest id; the 32 ids are not printed."""
    lines = LINES.copy()
    sources = line_of("    sources: [")
    lines[sources] = "    sources: [ocde-2024]\n"
    (problem,) = check(tmp_path, lines)
    assert problem.line == sources + 1
    en, es = problem.message.en, problem.message.es
    source_ids = list(model.load(model.DATA_FILE).sources)
    assert len(source_ids) > 10
    assert f"it is not among the {len(source_ids)} values of the data file's `sources` list" in en, en
    assert f"no está entre los {len(source_ids)} valores de la lista `sources`" in es, es
    suggested = re.findall(r"“([^”]+)”", en.split("did you mean one of ", 1)[1])
    assert 1 < len(suggested) <= 5 and suggested[0] == "oecd-2024-sme-index", en
    assert all(s.startswith("oecd-2024-") for s in suggested) and suggested[0] != "oecd-2024-peru"
    assert re.findall(r"«([^»]+)»", es.split("¿quiso decir alguno de estos: ", 1)[1]) == suggested, es
    assert sum(source in en for source in source_ids) == len(suggested)  # the list is not printed


def test_suggestions_are_ids_of_the_right_kind(tmp_path: Path) -> None:
    """`oecd` is an institution's id, not a source's: as a source it gets source ids."""
    lines = LINES.copy()
    sources = line_of("    sources: [")
    lines[sources] = "    sources: [oecd]\n"
    (problem,) = check(tmp_path, lines)
    assert "“oecd”" not in problem.message.en and "did you mean one of “oecd-2024-" in problem.message.en, problem.message.en


def test_a_short_list_of_valid_ids_is_still_given_whole(tmp_path: Path) -> None:
    lines = LINES.copy()
    theme = line_of("    theme: ")
    lines[theme] = "    theme: financ\n"
    (problem,) = check(tmp_path, lines)
    themes = sorted(line.split("id: ", 1)[1].strip() for line in LINES[LINES.index("themes:\n"):LINES.index("countries:\n")]
                    if line.startswith("  - id: "))
    assert problem.message.en.endswith(f"unknown theme 'financ': expected one of {', '.join(themes)}: did you mean “finance”?")
