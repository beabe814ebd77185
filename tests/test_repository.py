"""The repository itself: nothing a merge left half-done is committed."""

from __future__ import annotations

import re
import subprocess

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
