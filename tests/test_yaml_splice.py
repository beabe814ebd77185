"""Saves that roadmap/yaml_splice.py must not parse around their change: it parses only the
objective entries a save touched, on their own after an ``objectives:`` line, and must give what
a whole parse of the saved file gives (data, every position a problem is reported at, or the
same problems), or give up and let the whole file be parsed. Each save here was read otherwise
by the parse around the change (a hostile review of issue #21's third session)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from roadmap import yaml_reader
from roadmap.problems import DataError

from . import build_server
from .conftest import ROOT, build_env, copy_project
from .test_incremental import SERVE_BUILDS, _all_paths, _where

# four entries at column 0 and a top-level key after them, as yaml.safe_dump writes a file; an
# anchor no alias names before them
BASE = ("countries: &c [a]\nobjectives:\n- id: a\n  title: x\n- id: b\n  title: y\n- id: c\n  title: z\n"
        "- id: d\n  title: w\nafter: 1\n")
# the same entries two columns in, as the real file writes them
INDENTED = BASE.replace("\n- ", "\n  - ").replace("\n  title", "\n    title")

SAVES = {
    # what a save puts at the start of the line after the entries it changed joins that line:
    # the next top-level key commented out, indented into the last entry, the next entry commented
    "next key commented out": ("  title: w\nafter: 1", "  title: w\n# after: 1"),
    "next key indented into the last entry": ("  title: w\nafter: 1", "  title: w\n  after: 1"),
    "next entry commented out": ("title: z\n- id: d", "title: z #- id: d"),
    # a document end between entries: the piece alone is one document, the file is two
    "document end after an entry": ("title: y\n", "title: Y\n...\n"),
    "document end before the next key": ("title: w\n", "title: w\n...\n"),
    # a lone carriage return (an old Mac line end) is a line break to PyYAML, not to str.count("\n"):
    # the entries after it were reported a line off (their edit buttons' #L lines)
    "a lone carriage return": ("title: y\n", "title: Y\n\r"),
    # an anchor and its alias in the entries parsed again: the node they share was moved to its
    # place in the file once per reference (problems reported lines off, an edit button's #L too)
    "an anchor and its alias": ("title: z\n", "title: &t {es: z, en: q}\n  summary: *t\n"),
    # an anchor named as one outside the entries parsed again: alone they parse, the file does not
    # (PyYAML refuses a repeated anchor)
    "an anchor named as one outside": ("title: z\n", "title: &c z\n"),
    # the first entry's `- ` at another column than the others': a whole parse reads them otherwise
    # (here a list nested in the first entry, which the next entries continue; or an error)
    "the first entry made a nested list": ("  - id: a\n", "- - id: a\n", INDENTED),
    "the first entry dedented": ("  - id: a\n    title: x\n", "- id: a\n  title: x\n", INDENTED),
    "a merge key from the entry before": ("- id: b\n  title: y\n- id: c\n", "- &b\n  id: b\n  title: y\n- <<: *b\n  id: c\n"),
}


def _parsed(text: str) -> object:
    try:
        return yaml_reader.parse_yaml(text, "f")
    except DataError as error:
        return error.problems


@pytest.mark.parametrize("name", SAVES)
def test_a_save_the_splice_read_otherwise_gives_what_a_whole_parse_gives(name: str) -> None:
    old, new, base = (*SAVES[name], BASE)[:3]
    assert old in base
    saved = base.replace(old, new, 1)
    yaml_reader.forget_parsed()
    yaml_reader.parse_yaml(base, "f")
    yaml_reader.forget_parsed(keep_last=True)  # as a `mkdocs serve` build ends
    got = _parsed(saved)
    yaml_reader.forget_parsed()
    expected = _parsed(saved)
    yaml_reader.forget_parsed()
    if isinstance(expected, list) or isinstance(got, list):
        assert got == expected
        return
    assert got.data == expected.data
    paths = _all_paths(expected.data)
    assert _where(got, paths) == _where(expected, paths)


def test_a_save_commenting_out_the_glossary_fails_the_serve_rebuild_as_it_fails_a_check(tmp_path: Path) -> None:
    """In the real file the glossary follows the objectives: `# ` typed before `glossary:` makes the
    glossary's terms entries of the objectives list, which the check refuses. A `mkdocs serve`
    rebuild parsed only the last objective entry, kept the glossary and served the site."""
    project = copy_project(tmp_path / "project")
    data = project / "data" / "objectives.yml"
    assert "\nglossary:\n" in data.read_text(encoding="utf-8")
    edit = tmp_path / "edit"
    edit.write_text("data/objectives.yml\0\nglossary:\n\0\n# glossary:\n", encoding="utf-8")
    result = build_server.run([str(SERVE_BUILDS), str(project), str(tmp_path / "served"), str(edit)], build_env(),
                              timeout=900, cwd=project)
    assert result.stdout.split()[:1] == ["build"], result.stderr[-3000:]  # the first build, before the save
    assert result.returncode != 0 and "rebuild" not in result.stdout  # MkDocs' build stopped (data_check.py)
    check = subprocess.run([sys.executable, "-m", "roadmap", "check", str(data)], capture_output=True, text=True,
                           cwd=ROOT, timeout=300)
    assert check.returncode != 0


# what the random saves below put in: YAML's punctuation, whole entries and keys, anchors and aliases
_TYPED = ["\n", " ", "  ", "- ", "#", ": ", "'", '"', "|", ">", "[", "]", "{", "}", ",", "\t", "\r", "...\n", "---\n",
          "x", "- id: n\n", "  k: v\n", "\n  - id: m\n", "\nafter: 2\n", "&a {k: v}", "*a", "<<: *a\n  ",
          "- &e\n  id: e\n", "- <<: *e\n  id: f\n", "  m: *a\n", "  n: &a x\n"]


def test_random_saves_parsed_around_their_change_give_what_a_whole_parse_gives() -> None:
    """600 saves of one to three random edits, most at a line's start, of the file at column 0 and
    at column 2 (found the anchor and column holes above; the fuzzing of tests/ATTACK_ATTEMPTS.md
    #112 is this, 72,000 saves long)."""
    import random

    rnd = random.Random(21)
    compared = 0
    for _ in range(600):
        base = rnd.choice([BASE, INDENTED])
        saved = base
        for _ in range(rnd.randint(1, 3)):
            starts = [0] + [at + 1 for at, character in enumerate(saved) if character == "\n"]
            at = min(len(saved), rnd.choice(starts) + rnd.choice([0, 0, 2])) if rnd.random() < .7 else rnd.randint(0, len(saved))
            saved = saved[:at] + rnd.choice(_TYPED + [""]) + saved[min(len(saved), at + rnd.choice([0, 0, 1, 2, 5])):]
        yaml_reader.forget_parsed()
        yaml_reader.parse_yaml(base, "f")
        yaml_reader.forget_parsed(keep_last=True)
        got = _parsed(saved)
        yaml_reader.forget_parsed()
        expected = _parsed(saved)
        if isinstance(expected, list) or isinstance(got, list):
            assert got == expected, saved
            continue
        compared += 1
        assert got.data == expected.data, saved
        paths = _all_paths(expected.data)
        assert _where(got, paths) == _where(expected, paths), saved
    yaml_reader.forget_parsed()
    assert compared > 30  # the others are refused by both (the same problems)
