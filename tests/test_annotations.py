"""Errors on the changed line: the commands the pull-request workflow runs print GitHub Actions
annotations with the right file and line, for broken data and for broken Markdown."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT, copy_project, run_own_code

pytestmark = pytest.mark.build

def line_of(text: str, needle: str) -> int:
    assert text.count(needle) >= 1, f"{needle!r} not found"
    return text.count("\n", 0, text.index(needle)) + 1


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A command as the workflow runs it: from the repository's root, with its own modules."""
    return run_own_code(list(args), project)


def test_broken_data_is_annotated_on_its_file_and_lines(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    data = project / "data" / "objectives.yml"
    text = data.read_text(encoding="utf-8")
    text = text.replace("    theme: finance\n", "    theme: finanzas\n", 1)
    text = text.replace("    status: proposed\n", "    status: drafted\n", 1)
    data.write_text(text, encoding="utf-8")
    theme, status = line_of(text, "    theme: finanzas\n"), line_of(text, "    status: drafted\n")

    result = run(project, "-m", "roadmap", "check", "--format", "github")
    assert result.returncode == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert any(a.startswith(f"::error file=data/objectives.yml,line={theme},col=5::") and "unknown theme 'finanzas'" in a
               for a in annotations), result.stdout
    assert any(a.startswith(f"::error file=data/objectives.yml,line={status},col=5::") and "unknown status 'drafted'" in a
               for a in annotations), result.stdout
    # every line of output is an annotation GitHub understands; the summary goes to stderr
    assert all(re.match(r"::(error|warning) file=data/objectives\.yml,line=\d+,col=\d+::\S", a) for a in annotations)
    assert len(annotations) == len(result.stdout.splitlines())


def test_valid_data_prints_no_annotation() -> None:
    result = run(ROOT, "-m", "roadmap", "check", "--format", "github")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not [line for line in result.stdout.splitlines() if line.startswith("::error")]


def test_broken_markdown_is_annotated_on_its_file_and_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    es, en = project / "docs" / "es" / "fuentes.md", project / "docs" / "en" / "glosario.md"
    es.write_text(es.read_text(encoding="utf-8") + "\n\nVea [esta página](no-existe.md).\n", encoding="utf-8")
    en.write_text(en.read_text(encoding="utf-8") + "\n\nSee [the sources](fuentes.md#no-such-anchor).\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("      - fuentes.md\n", "      - fuentes.md\n      - fantasma.md\n", 1),
                      encoding="utf-8")

    result = run(project, str(ROOT / "scripts" / "build_annotated.py"), "--format", "github", "--",
                 "--site-dir", str(tmp_path / "site"))
    assert result.returncode != 0
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    es_line = line_of(es.read_text(encoding="utf-8"), "(no-existe.md)")
    en_line = line_of(en.read_text(encoding="utf-8"), "(fuentes.md#no-such-anchor)")
    nav_line = line_of(config.read_text(encoding="utf-8"), "- fantasma.md")
    # MkDocs' link warnings said in Spanish, then English (roadmap/labels.yml); others as MkDocs says them
    expected = [f"::error file=docs/es/fuentes.md,line={es_line}::el enlace «no-existe.md» no lleva a ninguna página "
                "(se buscó es/no-existe.md en docs/)",
                f"::error file=docs/en/glosario.md,line={en_line}::el enlace «fuentes.md#no-such-anchor» lleva a la sección "
                "«#no-such-anchor», que no existe en en/fuentes.md",
                f"::error file=mkdocs.yml,line={nav_line}::A reference to 'fantasma.md' is included in the 'nav' configuration"]
    for prefix in expected:
        assert sum(a.startswith(prefix) for a in annotations) == 1, f"{prefix}\nnot in:\n" + "\n".join(annotations)
    assert len(annotations) == 3, annotations
    assert "%0A%0Athe link “no-existe.md” leads to no page (es/no-existe.md was looked for in docs/)" in annotations[0] + annotations[1]


def load_script() -> Any:
    spec = importlib.util.spec_from_file_location("build_annotated", ROOT / "scripts" / "build_annotated.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_the_log_is_read_once_per_problem_in_both_formats(tmp_path: Path) -> None:
    """The same warnings through the parser alone: a local (text) run, escaping, and the second
    language's build repeating a warning about the shared nav."""
    script = load_script()
    (tmp_path / "docs" / "es").mkdir(parents=True)
    (tmp_path / "docs" / "es" / "a.md").write_text("# A\n\nSee [b](b.md), 50% done.\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nnav:\n  - a.md\n  - gone.md\n", encoding="utf-8")
    nav = "WARNING -  A reference to 'gone.md' is included in the 'nav' configuration, which is not found."
    log = "\n".join([
        "INFO    -  Building documentation",
        "WARNING -  Doc file 'es/a.md' contains a link 'b.md', but the target 'es/b.md' is not found among documentation files.",
        nav, nav,
        "WARNING -  Something without a file: 100%, done",
        "Aborted with 4 warnings in strict mode!",
    ])
    notes = script.notes(log, config)
    assert [n.text("en") for n in notes] == [
        "docs/es/a.md:3: error: the link “b.md” leads to no page (es/b.md was looked for in docs/): fix the path, "
        "relative to this file, or create the page",
        "mkdocs.yml:4: error: A reference to 'gone.md' is included in the 'nav' configuration, which is not found.",
        "error: Something without a file: 100%, done",
    ]
    assert notes[0].text("es").startswith("docs/es/a.md:3: error: el enlace «b.md» no lleva a ninguna página")
    assert notes[0].github().startswith("::error file=docs/es/a.md,line=3::el enlace «b.md»")
    assert notes[2].github() == "::error::Something without a file: 100%25, done"


def test_a_clean_build_prints_no_annotation(tmp_path: Path) -> None:
    result = run(ROOT, str(ROOT / "scripts" / "build_annotated.py"), "--format", "github", "--",
                 "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "::" not in result.stdout
    assert (tmp_path / "site" / "index.html").exists() and (tmp_path / "site" / "en" / "index.html").exists()
