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
import sys
import time
from pathlib import Path

from . import translations
from .messages import message, terminal_language
from .model import check
from .problems import DataError
from .project import DATA_FILE, LANGS


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
    roadmap, problems = check(args.path)
    found = None
    if roadmap is not None:
        found = translations.report(*_translation_files(args.path))
        problems = problems + translations.problems(found)
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


def _translation_files(data_file: Path) -> tuple[Path, Path, Path]:
    """docs/, the data file and data/translations.yml of the project that holds ``data_file``."""
    root = data_file.resolve().parent.parent
    return root / "docs", data_file, data_file.resolve().parent / translations.RECORD_FILE.name


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
