"""Where a YAML syntax error really is, and what to say about it.

PyYAML reports the place it was reading when it gave up, often lines after the mistake: a key
written without its colon (``theme finance``) fails on the next line; a quote left open swallows
the lines after it and fails where the text finally makes no sense. This finds the start of the
construct left open (the key without a colon, the unclosed quote) and reports the mistake there,
naming the line where the parser stopped too.

A tab where YAML wants spaces is named as a tab whatever the parser says: libyaml, the fast
parser used when PyYAML has it, reports a tab in the indentation as "found character that cannot
start any token" without naming the character, so the character at the mark is read instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

# PyYAML's own words for the common failures → a key of roadmap/labels.yml (check_yaml_problem_*)
PROBLEMS = {
    "mapping values are not allowed here": "colon",
    "mapping values are not allowed in this context": "colon",
    "did not find expected key": "indent",
    "could not find expected ':'": "indent",
    "found character '\\t' that cannot start any token": "tab",
    "found a tab character that violates indentation": "tab",
    "found a tab character where an indentation space is expected": "tab",
    "found character that cannot start any token": "character",
    "did not find expected '-' indicator": "indent",
    "found unexpected end of stream": "end",
    "found undefined alias": "alias",
}


@dataclass(frozen=True)
class SyntaxProblem:
    """``key`` and ``values`` of the message in roadmap/labels.yml; 1-based ``line``/``column``
    of the mistake; ``stopped`` is the line where the parser gave up, when it is another one."""

    key: str
    line: int
    column: int
    values: dict[str, Any] = field(default_factory=dict)
    stopped: int | None = None


def _scalars_before(text: str, index: int) -> list[yaml.ScalarToken]:
    """The scalar tokens that start before ``index``, as far as the scanner gets."""
    found = []
    try:
        for token in yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if token.start_mark.index >= index:
                break
            if isinstance(token, yaml.ScalarToken):
                found.append(token)
    except yaml.YAMLError:
        pass
    return found


def locate(text: str, exc: yaml.MarkedYAMLError) -> SyntaxProblem:
    """The mistake behind ``exc``, raised while parsing ``text``."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = (exc.problem or "").strip()
    tab = _tab_in_indentation(text, mark.index) if mark is not None else None
    if tab is not None and (PROBLEMS.get(problem) == "tab" or text[mark.index:mark.index + 1] == "\t"):
        return SyntaxProblem("check_yaml_problem_tab", line, tab + 1)

    # a quote left open: the quoted text runs over several lines up to where parsing failed
    if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
        opened = exc.context_mark
        return SyntaxProblem("check_yaml_open_quote", opened.line + 1, opened.column + 1,
                             {"quote": text[opened.index], "until": line}, line)
    if mark is not None:
        for token in reversed(_scalars_before(text, mark.index)[-3:]):
            if token.style in ("'", '"') and token.end_mark.line > token.start_mark.line:
                start = token.start_mark
                return SyntaxProblem("check_yaml_open_quote", start.line + 1, start.column + 1,
                                     {"quote": token.style, "until": token.end_mark.line + 1}, line)

    # a key without its colon: PyYAML notices only on the next line
    if exc.context == "while scanning a simple key" and exc.context_mark is not None:
        start = exc.context_mark
        words = text[start.index:].split("\n", 1)[0].strip()
        return SyntaxProblem("check_yaml_missing_colon", start.line + 1, start.column + 1,
                             {"text": words[:60], "key": words.split(" ", 1)[0][:40]},
                             line if line != start.line + 1 else None)

    if tab is not None:  # a tab earlier in the indentation of the line where parsing failed
        return SyntaxProblem("check_yaml_problem_tab", line, tab + 1)
    kind = PROBLEMS.get(problem)
    if kind is None and problem.startswith("expected <block end>"):
        kind = "indent"
    found = text[mark.index] if mark is not None and 0 <= mark.index < len(text) else ""
    if kind == "character" and found.isprintable() and not found.isspace():
        return SyntaxProblem("check_yaml_problem_character_named", line, column, {"character": found})
    return SyntaxProblem(f"check_yaml_problem_{kind}" if kind else "check_yaml_syntax", line, column,
                         {"problem": problem or str(exc).splitlines()[0]})


def _tab_in_indentation(text: str, index: int) -> int | None:
    """The 0-based column of a tab in the indentation of the line holding ``index`` (the
    whitespace and ``- `` markers before its first other character, or the character at
    ``index`` itself when it is a tab); None when there is none."""
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", start)
    line = text[start:end if end >= 0 else len(text)]
    if 0 <= index - start < len(line) and line[index - start] == "\t":
        return index - start
    for column, char in enumerate(line):
        if char == "\t":
            return column
        if char not in " -":
            return None
    return None
