#!/usr/bin/env python3
"""Say whether a pull request changes code: ``python scripts/pr_scope.py --base BASE [--format github]``.

A pull request is data or text (``data/objectives.yml``, the translation record, images, the
pages' words) or it is code: anything ``.github/CODEOWNERS`` lists (the schemas, ``roadmap/``,
``macros/``, ``overrides/``, ``scripts/``, the workflows, the ``Makefile``, the requirements,
``mkdocs.yml``, JavaScript, CSS, SVG, HTML and other documents a browser renders), a page whose
changed lines use macros (``{{``, ``{%``, ``{#``: mkdocs-macros renders every page as a Jinja
template, which can run Python during the build) and a symbolic link anywhere. For code, GitHub
shows "this change is code: review it as code" on the pull request and on each such file
(``--format github``: warning annotations, and the list in the job summary); the exit status is
0 either way (CODEOWNERS and branch protection ask for the review, MAINTAINERS.md "Trust").

``BASE`` is the commit the pull request is compared with: in CI the merge commit's first parent
(``HEAD^1``; the checkout fetches two commits). Reads git only; changes nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pathspec

ROOT = Path(__file__).resolve().parent.parent
CODEOWNERS = ROOT / ".github" / "CODEOWNERS"
PAGES = re.compile(r"^docs/.*\.md$")
JINJA = re.compile(r"\{\{|\{%|\{#")
MESSAGE = "this change is code: review it as code"
SYMLINK_MODE = "120000"


@dataclass(frozen=True)
class Code:
    path: str
    why: str


def code_patterns(codeowners: Path = CODEOWNERS) -> pathspec.PathSpec:
    """The paths CODEOWNERS gives an owner (its patterns are gitignore-like)."""
    lines = [line.split()[0] for line in codeowners.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    return pathspec.PathSpec.from_lines("gitignore", lines)


def changes(base: str, head: str = "HEAD", cwd: Path = ROOT) -> list[tuple[str, str]]:
    """``(path, new mode)`` of every file the change adds, modifies, deletes or renames (both names)."""
    raw = subprocess.run(["git", "diff", "--raw", "--no-renames", "-z", "--no-abbrev", base, head],
                         capture_output=True, check=True, cwd=cwd).stdout.decode("utf-8", "surrogateescape")
    fields = raw.split("\0")
    found = []
    for meta, path in zip(fields[0::2], fields[1::2]):
        if meta.startswith(":"):
            found.append((path, meta.split()[1]))
    return found


def added_lines(base: str, head: str, path: str, cwd: Path = ROOT) -> list[str]:
    diff = subprocess.run(["git", "diff", "-U0", "--no-renames", base, head, "--", path],
                          capture_output=True, check=True, cwd=cwd).stdout.decode("utf-8", "replace")
    return [line[1:] for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]


def code_in(base: str, head: str = "HEAD", cwd: Path = ROOT, codeowners: Path = CODEOWNERS) -> list[Code]:
    """What in the change from ``base`` to ``head`` is code, and why."""
    patterns = code_patterns(codeowners)
    found = []
    for path, mode in changes(base, head, cwd):
        if mode == SYMLINK_MODE:
            found.append(Code(path, "a symbolic link"))
        elif patterns.match_file(path):
            found.append(Code(path, "listed in .github/CODEOWNERS"))
        elif PAGES.match(path) and any(JINJA.search(line) for line in added_lines(base, head, path, cwd)):
            found.append(Code(path, "a page whose changed lines use macros ({{ }}, {% %}): Jinja runs during the build"))
    return found


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def report(found: list[Code], output: str) -> list[str]:
    if not found:
        return ["This change is data or text only." if output == "text" else "::notice::This change is data or text only."]
    if output == "text":
        return [f"{MESSAGE}:"] + [f"  {code.path} ({code.why})" for code in found]
    lines = [f"::warning title=Code::{_escape(MESSAGE)} ({len(found)} file(s): {', '.join(c.path for c in found[:20])})"]
    lines += [f"::warning file={_escape(c.path)},title=Code::{_escape(f'{MESSAGE} ({c.why})')}" for c in found[:50]]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/pr_scope.py", description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the commit the change is compared with (CI: HEAD^1)")
    parser.add_argument("--head", default="HEAD")
    parser.add_argument("--format", choices=("text", "github"), default="text")
    args = parser.parse_args(argv)
    try:
        found = code_in(args.base, args.head, cwd=Path.cwd())
    except subprocess.CalledProcessError as exc:
        print(f"✗ cannot compare {args.base} with {args.head}: {exc.stderr.decode(errors='replace').strip()} "
              "(the base commit must be fetched: actions/checkout with fetch-depth: 2)", file=sys.stderr)
        return 2
    print("\n".join(report(found, args.format)))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if args.format == "github" and summary and found:
        with open(summary, "a", encoding="utf-8") as file:
            file.write(f"### {MESSAGE[0].upper() + MESSAGE[1:]}\n\n"
                       + "".join(f"- `{c.path}`: {c.why}\n" for c in found) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
