#!/usr/bin/env python3
"""Run ``mkdocs build --strict`` and point each warning at the file (and line) it is about.

    python scripts/build_annotated.py [--format text|github] [-f mkdocs.yml] [-- MKDOCS BUILD ARGS]

MkDocs names the page of a broken link or a missing anchor (``Doc file 'es/x.md' contains a
link 'y.md' ...``) but not the line. This finds the line in the source and prints
``docs/es/x.md:12: warning: ...`` (``--format text``) or a GitHub Actions annotation
``::error file=docs/es/x.md,line=12::...`` (``--format github``), which a pull request shows on
the changed line. MkDocs's own output is passed through unchanged; the exit status is MkDocs's.

MkDocs writes its warnings in English. The two a contributor meets most, a link to a page that
does not exist and a link to a section a page does not have, are said again from
``roadmap/labels.yml``: in the terminal's language (``LANG``) in text, in Spanish then English in
annotations, as ``make check`` says the data's problems.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from roadmap.messages import Message, message, terminal_language  # noqa: E402

LOG_LINE = re.compile(r"^(?:\x1b\[[0-9;]*m)?(WARNING|ERROR)(?:\x1b\[[0-9;]*m)?\s+-\s+(.*)$")
DOC_FILE = re.compile(r"Doc file '([^']+)'")
NAV_REF = re.compile(r"A reference to '([^']+)' is included in the 'nav' configuration")
QUOTED_LINK = re.compile(r"(?:link|link to) '([^']+)'")
# Problems the data checker reports through the build (macros/data_check.py, macros/data_lines.py): file:line:col: error: ...
DATA_PROBLEM = re.compile(r"^\s*([^\s:]+):(\d+):(\d+): (error|warning): (.*)$")
# MkDocs 1.6's two link warnings (mkdocs/structure/pages.py), said in both languages
LINK_MISSING = re.compile(r"contains a link '([^']+)', but the target '([^']+)' is not found among documentation files")
ANCHOR_MISSING = re.compile(r"contains a link '([^']+)', but the doc '([^']+)' does not contain an anchor '#([^']+)'")


@dataclass(frozen=True)
class Note:
    severity: str  # "error" | "warning"
    message: str | Message  # MkDocs' own text, or ours in both languages
    file: str | None = None  # relative to the folder of mkdocs.yml
    line: int | None = None
    col: int | None = None

    def text(self, lang: str | None = None) -> str:
        """``file:line: severity: message``, the message in ``lang`` (default: the terminal's)."""
        place = ":".join(str(p) for p in (self.file, self.line, self.col) if p is not None)
        said = self.message.get(lang or terminal_language()) if isinstance(self.message, Message) else self.message
        return f"{place + ': ' if place else ''}{self.severity}: {said}"

    def github(self) -> str:
        def escape(value: str, prop: bool = False) -> str:
            value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            return value.replace(":", "%3A").replace(",", "%2C") if prop else value

        said = f"{self.message.get('es')}\n\n{self.message.en}" if isinstance(self.message, Message) else self.message
        props = ",".join(f"{key}={escape(str(value), True)}" for key, value in
                         (("file", self.file), ("line", self.line), ("col", self.col)) if value is not None)
        return f"::{self.severity}{' ' + props if props else ''}::{escape(said)}"


def in_both_languages(warning: str) -> str | Message:
    """MkDocs' warning about a link, said from roadmap/labels.yml; any other as it is."""
    missing, anchor = LINK_MISSING.search(warning), ANCHOR_MISSING.search(warning)
    if missing:
        return message("build_link_missing", link=missing.group(1), target=missing.group(2))
    if anchor:
        return message("build_anchor_missing", link=anchor.group(1), target=anchor.group(2), anchor=anchor.group(3))
    return warning


def first_line(path: Path, needle: str) -> int | None:
    """The 1-based line where ``needle`` first appears as a link target, else anywhere, else None."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for pattern in (f"]({needle}", f"({needle}", f'"{needle}"', needle):
        for number, line in enumerate(lines, 1):
            if pattern in line:
                return number
    return None


def docs_dir(config: Path) -> str:
    match = re.search(r"^docs_dir:\s*['\"]?([^'\"\s#]+)", config.read_text(encoding="utf-8"), re.M)
    return match.group(1).rstrip("/") if match else "docs"


# Lines that report a consequence of errors already logged, not a cause: MkDocs' strict-mode
# summary, the atomic build's "site left as it was" (macros/safety.py) and the parallel build's
# "other languages failed" (macros/parallel.py), whose own errors came first.
CONSEQUENCES = ("Aborted with", "The build failed:", "Building the other languages failed")


def notes(log: str, config: Path) -> list[Note]:
    """Every warning and error of a build log, placed in its file where the log says which."""
    root, docs = config.parent, docs_dir(config)
    found: list[Note] = []
    for raw in log.splitlines():
        data = DATA_PROBLEM.match(raw)
        if data:
            file, line, col, severity, message = data.groups()
            found.append(Note(severity, message, file, int(line), int(col)))
            continue
        match = LOG_LINE.match(raw)
        if not match:
            continue
        level, message = match.groups()
        severity = "error"  # --strict turns every warning into a failure
        doc, nav = DOC_FILE.search(message), NAV_REF.search(message)
        if doc:
            file = f"{docs}/{doc.group(1)}"
            link = QUOTED_LINK.search(message)
            line = first_line(root / file, link.group(1)) if link else None
            found.append(Note(severity, in_both_languages(message), file if (root / file).exists() else None, line))
        elif nav:
            found.append(Note(severity, message, config.name, first_line(config, nav.group(1))))
        elif not message.startswith(CONSEQUENCES):
            found.append(Note(severity, message))
    return list(dict.fromkeys(found))  # each language's build repeats the warnings about shared files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", choices=("text", "github"), default="text")
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument("mkdocs_args", nargs="*", help="passed to mkdocs build (after --)")
    args = parser.parse_args(argv)

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        # MKDOCS=properdocs builds with ProperDocs (the Makefile sets it; MAINTAINERS.md)
        [sys.executable, "-m", os.environ.get("MKDOCS", "mkdocs"), "build", "--strict", "-f", str(args.config_file), *args.mkdocs_args],
        capture_output=True, text=True, env=env,
    )
    sys.stderr.write(result.stderr)
    sys.stdout.write(result.stdout)
    found = notes(result.stderr + "\n" + result.stdout, args.config_file.resolve())
    for note in found:
        print(note.github() if args.format == "github" else note.text())
    if result.returncode != 0 and not found:
        # a crash MkDocs did not log as a warning: still say so on the pull request
        print(Note("error", "mkdocs build --strict failed: see the log above").github()
              if args.format == "github" else "error: mkdocs build --strict failed: see the log above")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
