"""The repository itself: nothing a merge left half-done is committed."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

from .conftest import ROOT

# A line that is exactly a merge conflict marker (git's default style, with or without a label).
MARKER = re.compile(r"^(<{7} .*|={7}|>{7} .*|\|{7} .*)$", re.M)


def test_no_merge_conflict_markers_are_committed() -> None:
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    found = []
    for name in files:
        path = ROOT / name
        if path.suffix in (".lock", ".png", ".ico", ".svg") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{name}:{text.count(chr(10), 0, m.start()) + 1}" for m in MARKER.finditer(text)]
    assert not found, "merge conflict markers left in: " + ", ".join(found)


def test_the_maintainers_guide_lists_every_hook_in_the_order_of_mkdocs_yml() -> None:
    hooks = re.search(r"^hooks:\n((?:  .*\n|\s*#.*\n)+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert hooks
    configured = re.findall(r"^  - macros/(\w+\.py)", hooks.group(1), re.M)
    guide = (ROOT / "MAINTAINERS.md").read_text(encoding="utf-8")
    layer = guide[guide.index("**The MkDocs layer**"):guide.index("MkDocs loads each hook file")]
    assert configured and re.findall(r"^- `(\w+\.py)`: ", layer, re.M) == configured


# The size guide (issue #17, CONTRIBUTING.md): any fact's home is found in a minute.
MAX_MODULE_LINES, MAX_CLASS_LINES, MAX_FUNCTION_LINES = 500, 300, 60


def size_violations(folder: Path) -> list[str]:
    """Every module over 500 lines, class over 300 and function (or method) over 60 under ``folder``."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(folder.parent).as_posix()
        if len(source.splitlines()) > MAX_MODULE_LINES:
            found.append(f"{name}: {len(source.splitlines())} lines (module)")
        for node in ast.walk(ast.parse(source, filename=name)):
            limit = (MAX_CLASS_LINES if isinstance(node, ast.ClassDef)
                     else MAX_FUNCTION_LINES if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else None)
            if limit is not None and node.end_lineno - node.lineno + 1 > limit:
                found.append(f"{name}:{node.lineno}: {node.name} is {node.end_lineno - node.lineno + 1} lines (limit {limit})")
    return found


def test_modules_classes_and_functions_stay_within_the_size_guide() -> None:
    assert size_violations(ROOT / "roadmap") + size_violations(ROOT / "macros") == []


def test_the_size_guide_check_sees_a_violation(tmp_path: Path) -> None:
    """The control: a long function, a long class and a long module are each reported."""
    body = "".join(f"    x{i} = {i}\n" for i in range(61))
    (tmp_path / "long.py").write_text("def f():\n" + body + "\n\nclass C:\n" + body * 5 + "\n" + "y = 1\n" * 200, encoding="utf-8")
    found = size_violations(tmp_path)
    assert any("f is 62 lines" in v for v in found) and any("C is 306 lines" in v for v in found)
    assert any("(module)" in v for v in found)
