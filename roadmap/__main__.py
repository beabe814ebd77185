"""Check the roadmap data alone, without building the site: ``python -m roadmap check``.

Exit status 0 when the data is valid (warnings allowed), 1 when there is any error.
``--format github`` prints GitHub Actions annotations, shown on the changed line of a pull request,
in Spanish and English; the terminal gets the contributor's language: ``--lang es|en``, else the
locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``es…`` is Spanish, anything else English).
The check also lists stale and missing translations (:mod:`roadmap.translations`);
``python -m roadmap translations`` records every page and text as translated now.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from . import repo_files, schema_check, translations
from .messages import message, terminal_language
from .model import check
from .problems import DataError
from .project import DATA_FILE, EXPORT_SCHEMA_FILE, LANGS, ROOT, SCHEMA_FILE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m roadmap", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    cmd = sub.add_parser("check", help="validate data/objectives.yml")
    cmd.add_argument("path", nargs="?", type=Path, default=DATA_FILE)
    cmd.add_argument("--format", choices=("text", "github"), default="text")
    cmd.add_argument("--lang", choices=LANGS, help="the messages' language (default: from the locale, LANG)")
    record = sub.add_parser("translations", help="record every page and data text as translated (data/translations.yml)")
    record.add_argument("path", nargs="?", type=Path, default=DATA_FILE)
    args = parser.parse_args(argv)

    if args.command == "translations":
        return record_translations(args.path)
    started = time.perf_counter()
    lang = args.lang or terminal_language()
    # only the repository's own regular files (roadmap/repo_files.py), before anything is read
    refused = repo_files.refused(args.path.absolute().parent.parent)
    if not refused and os.path.lexists(args.path) and not repo_files.is_regular_file(args.path):
        refused = repo_files.refused(args.path.absolute().parent, [args.path.name])  # named outside data/
    if refused:
        for name, reason in refused:
            print(repo_files.annotation(name, reason) if args.format == "github" else repo_files.line(name, reason, lang))
        print(message("check_summary_failed", file=args.path, errors=len(refused), warnings=0).get(lang), file=sys.stderr)
        return 1
    # the schemas a pull request may have changed, before the data is read against them
    schemas = [problem for path in (SCHEMA_FILE, EXPORT_SCHEMA_FILE)
               for problem in schema_check.problems(path, _display(path))]
    if schemas:
        for problem in schemas:
            print(problem.github_annotation() if args.format == "github" else problem.text(lang))
        print(message("check_summary_failed", file=args.path, errors=len(schemas), warnings=0).get(lang), file=sys.stderr)
        return 1
    roadmap, problems = check(args.path)
    found = None
    docs_dir, _, _ = _translation_files(args.path)
    problems = problems + translations.unreadable_pages(docs_dir, docs_dir.parent)  # a page not in UTF-8
    if roadmap is not None:
        try:
            found = translations.report(*_translation_files(args.path))
            problems = problems + translations.problems(found)
        except DataError as exc:  # the check read the file; said here too rather than raised
            problems = problems + exc.problems
    for problem in problems:
        print(problem.github_annotation() if args.format == "github" else problem.text(lang))
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    elapsed = time.perf_counter() - started
    if roadmap is None or errors:
        print(message("check_summary_failed", file=args.path, errors=errors, warnings=warnings).get(lang), file=sys.stderr)
        return 1
    if found is not None and found.unrecorded:
        print(message("check_unrecorded_translations", count=found.unrecorded).get(lang), file=sys.stderr)
    print(message("check_summary_ok", file=args.path, objectives=len(roadmap.objectives), countries=len(roadmap.countries),
                  actors=len(roadmap.actors), warnings=warnings, seconds=f"{elapsed:.2f}").get(lang), file=sys.stderr)
    return 0


def _display(path: Path) -> str:
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def _translation_files(data_file: Path) -> tuple[Path, Path, Path]:
    """docs/, the data file and data/translations.yml of the project that holds ``data_file``."""
    folder = data_file.absolute().parent  # not resolve(): a link would lead out of the project
    return folder.parent / "docs", data_file, folder / translations.RECORD_FILE.name


def record_translations(data_file: Path) -> int:
    docs_dir, data_file, record_file = _translation_files(data_file)
    try:
        count = translations.write_record(record_file, docs_dir, data_file)
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"✓ {record_file}: {count} pages and texts recorded as translated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
